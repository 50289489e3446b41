-- A download job: one file or one folder of a contact's share, into a local folder.
CREATE TABLE transfer (
  id          TEXT    NOT NULL PRIMARY KEY,
  peer_id     TEXT    NOT NULL,
  share_name  TEXT    NOT NULL,
  remote_path TEXT    NOT NULL,               -- decoded SharePath inside the share ('' = root)
  folder      INTEGER NOT NULL,               -- 1 when the job is a whole folder
  destination TEXT    NOT NULL,               -- local folder the result goes into
  enumerated  INTEGER NOT NULL DEFAULT 0,     -- 1 once every file of a folder job is listed below
  created_at  INTEGER NOT NULL
);

-- One file of a job, with the chunks verified so far (a bit set), so a restart resumes from there.
CREATE TABLE transfer_file (
  id            TEXT    NOT NULL PRIMARY KEY,
  transfer_id   TEXT    NOT NULL REFERENCES transfer(id) ON DELETE CASCADE,
  remote_path   TEXT    NOT NULL,             -- decoded SharePath inside the share
  relative_path TEXT    NOT NULL,             -- sanitized local path below the destination, '/'-separated
  size          INTEGER NOT NULL,
  etag          TEXT,
  verified      BLOB,
  bytes_done    INTEGER NOT NULL DEFAULT 0,
  final_path    TEXT,
  UNIQUE (transfer_id, remote_path)
);
CREATE INDEX transfer_file_by_transfer ON transfer_file(transfer_id);

-- Append-only history (Libdrop's per-state rows): the latest row is the current state.
CREATE TABLE transfer_state (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  transfer_id TEXT    NOT NULL REFERENCES transfer(id) ON DELETE CASCADE,
  file_id     TEXT,                           -- null: the job itself
  state       TEXT    NOT NULL CHECK (state IN ('queued','started','paused','waiting','verified','completed','failed','rejected','canceled')),
  detail      TEXT,                           -- final path, or the failure reason
  at          INTEGER NOT NULL
);
CREATE INDEX transfer_state_by_transfer ON transfer_state(transfer_id, file_id, id);
