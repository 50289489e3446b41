-- Owner settings changed at run time (e.g. the relay list), overriding configuration defaults.
CREATE TABLE setting (
  name  TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
