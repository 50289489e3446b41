-- Files this peer placed (downloaded and verified) with the hashes of their chunks, so that a later
-- download from the same peer copies matching chunks from disk instead of fetching them (dedup).
-- An entry counts only while its file keeps the recorded size and mtime (and is reached without a
-- symlink); the bytes are hashed again before use anyway. Bounded by the sum of chunk_count: the
-- oldest files are forgotten first (see PlacedChunks.MAX_CHUNKS).
CREATE TABLE placed_file (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  peer_id     TEXT    NOT NULL,               -- where it came from: only downloads from that peer use it
  path        TEXT    NOT NULL UNIQUE,        -- real path of the placed file
  size        INTEGER NOT NULL,
  mtime_nanos INTEGER NOT NULL,
  chunk_size  INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL,               -- its rows in placed_chunk
  placed_at   INTEGER NOT NULL
);

-- One row per distinct chunk hash of a placed file: the first 8 bytes of the SHA-256 as a signed
-- integer (a collision only costs one read that fails verification), and the first chunk with it.
CREATE TABLE placed_chunk (
  prefix  INTEGER NOT NULL,
  file_id INTEGER NOT NULL REFERENCES placed_file(id) ON DELETE CASCADE,
  chunk   INTEGER NOT NULL,
  PRIMARY KEY (prefix, file_id)
) WITHOUT ROWID;
CREATE INDEX placed_chunk_by_file ON placed_chunk(file_id);
