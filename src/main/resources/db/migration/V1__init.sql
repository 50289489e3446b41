-- Shares: a named folder of this host. The folder is stored as its real path at the time it was added.
CREATE TABLE share (
  name       TEXT    NOT NULL PRIMARY KEY,
  folder     TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

-- Grants: default deny; a row means this peer may READ or READ_WRITE the share.
CREATE TABLE share_grant (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  share_name TEXT    NOT NULL REFERENCES share(name) ON DELETE CASCADE,
  peer_id    TEXT    NOT NULL,
  access     TEXT    NOT NULL CHECK (access IN ('READ', 'READ_WRITE')),
  granted_at INTEGER NOT NULL,
  UNIQUE (share_name, peer_id)
);

-- Contacts: peers this owner wants to reach. The address is a hint (host:port) for direct dialing.
CREATE TABLE contact (
  peer_id  TEXT    NOT NULL PRIMARY KEY,
  nickname TEXT,
  address  TEXT,
  added_at INTEGER NOT NULL
);
