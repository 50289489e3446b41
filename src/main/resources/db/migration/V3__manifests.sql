-- Chunk manifests of shared files, so a file version is hashed once, even across restarts.
-- A version is (real path, size, mtime in ns, file key = device and inode); chunks are the raw
-- 32-byte SHA-256 of each chunk, concatenated in order; digest is the raw SHA-256 of the file.
CREATE TABLE manifest (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  real_path   TEXT    NOT NULL,
  size        INTEGER NOT NULL,
  mtime_nanos INTEGER NOT NULL,
  file_key    TEXT    NOT NULL,
  etag        TEXT    NOT NULL,
  chunk_size  INTEGER NOT NULL,
  chunks      BLOB    NOT NULL,
  digest      BLOB    NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX manifest_version ON manifest(real_path, size, mtime_nanos, file_key);
