-- Issue 10 part C: background upload jobs live in the same tables as download jobs.
-- direction: 'download' (from a contact's share into a local folder, the default for old rows) or
-- 'upload' (local file or folder into a contact's share folder; remote_path is then that folder).
ALTER TABLE transfer ADD COLUMN direction TEXT NOT NULL DEFAULT 'download'
  CHECK (direction IN ('download', 'upload'));
-- upload: the absolute local file or folder the owner chose
ALTER TABLE transfer ADD COLUMN source TEXT;

-- upload files: where the bytes are read from, the host's resumable upload (HEAD gives its offset
-- after a restart of either side), and the name used on the host once conflicts picked "name (1)".
ALTER TABLE transfer_file ADD COLUMN local_path TEXT;
ALTER TABLE transfer_file ADD COLUMN upload_location TEXT;
ALTER TABLE transfer_file ADD COLUMN remote_name TEXT;
