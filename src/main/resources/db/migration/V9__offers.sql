-- Push offers (package offer). One row per offer; its files and their states as JSON text in
-- "body" (an offer is read and written whole: at most 10,000 files, changed by people clicking).
-- Received offers: what the owner's inbox shows; the inbox keeps at most 1,000 (oldest answered
-- go first) and at most 200 waiting.
CREATE TABLE offer_in (
  id          TEXT    PRIMARY KEY,            -- the receiver's id, the one on the wire
  sender      TEXT    NOT NULL,               -- peer id text
  created_at  INTEGER NOT NULL,
  body        TEXT    NOT NULL
);

-- Sent offers: followed (and their accepted files uploaded) until every file is settled; resumed
-- at start.
CREATE TABLE offer_out (
  id          TEXT    PRIMARY KEY,            -- the sender's own id (sent as the offer's "id")
  peer        TEXT    NOT NULL,               -- the receiver's peer id text
  created_at  INTEGER NOT NULL,
  body        TEXT    NOT NULL
);
