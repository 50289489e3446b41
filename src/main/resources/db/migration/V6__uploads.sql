-- Unfinished uploads other peers are sending into this host (upload.UploadStore), so a restart
-- resumes them from the verified offset. The partial file is <root>/.drawbridge-uploads/<id>.partial.
CREATE TABLE upload (
  id          TEXT    PRIMARY KEY,            -- random, 144 bits, url-safe base64
  peer_id     TEXT    NOT NULL,               -- the sender: only it may see or append to the upload
  share_name  TEXT,                           -- null for an upload that came with a push offer
  root        TEXT    NOT NULL,               -- the folder the path is inside, as at creation
  path        TEXT    NOT NULL,               -- '/'-separated path inside root
  length      INTEGER NOT NULL,               -- Upload-Length
  repr_digest TEXT,                           -- sha-256 (base64) the sender stated for the file
  if_match    TEXT,                           -- ETag of the file it replaces (allowed shares only)
  created_at  INTEGER NOT NULL,
  touched_at  INTEGER NOT NULL                -- last verified part: idle uploads expire after 24 h
);
CREATE INDEX upload_by_peer ON upload(peer_id);

-- Every verified part, in order: the offset is the end of the last one. After a restart the kept
-- bytes are hashed again against these before anything is appended.
CREATE TABLE upload_part (
  upload_id TEXT    NOT NULL REFERENCES upload(id) ON DELETE CASCADE,
  start     INTEGER NOT NULL,
  length    INTEGER NOT NULL,
  sha256    TEXT    NOT NULL,                 -- base64, as in Content-Digest
  PRIMARY KEY (upload_id, start)
) WITHOUT ROWID;
