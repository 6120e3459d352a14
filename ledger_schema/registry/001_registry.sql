-- The registry: which estates this installation keeps. Users and roles arrive with the HTTP service.
CREATE TABLE estate (
  estate_id  TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
