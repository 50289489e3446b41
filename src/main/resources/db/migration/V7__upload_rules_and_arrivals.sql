-- What guests with a READ_WRITE grant may add to each share (share.UploadRules). 0 = no limit;
-- the defaults are UploadRules.DEFAULT (no replacing, no limits, 1 GiB of the disk kept free).
ALTER TABLE share ADD COLUMN upload_allow_replace INTEGER NOT NULL DEFAULT 0;
ALTER TABLE share ADD COLUMN upload_max_file_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE share ADD COLUMN upload_quota_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE share ADD COLUMN upload_quota_files INTEGER NOT NULL DEFAULT 0;
ALTER TABLE share ADD COLUMN upload_reserve_bytes INTEGER NOT NULL DEFAULT 1073741824;

-- Files peers added (upload.Arrival), append-only, for the owner only. Bounded: the oldest rows are
-- trimmed beyond SqlArrivalLog.MAX_ROWS. share_name is NULL for files that came with a push offer.
-- No foreign key: the record of what arrived outlives the share it arrived into.
CREATE TABLE arrival (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  share_name TEXT,
  path       TEXT    NOT NULL,
  peer_id    TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  sha256     TEXT    NOT NULL,
  replaced   INTEGER NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX arrival_by_share_time ON arrival(share_name, at, id);

-- What guests added to each share in total, the count its quota is checked against. Kept as a
-- running total (one row per share, updated with each arrival) so trimming old arrival rows never
-- gives quota back.
CREATE TABLE arrival_usage (
  share_name TEXT    NOT NULL PRIMARY KEY,
  bytes      INTEGER NOT NULL,
  files      INTEGER NOT NULL
);
