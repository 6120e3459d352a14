-- Users, their role grants, login sessions, API tokens and failed logins (src/auth/).
-- Passwords are kept only as scrypt hashes; session and API tokens only as SHA-256 of their text,
-- so a copy of this file lets no one log in. Times are Unix seconds (UTC).
CREATE TABLE app_user (
  user_id               INTEGER PRIMARY KEY,
  username              TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 64),
  display_name          TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash         TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  disabled              INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_unix          INTEGER NOT NULL,
  password_changed_unix INTEGER NOT NULL
) STRICT;

-- One role of one user in one estate. Residents name their unit; no other role does. Only an admin
-- grant may name the estate '*' (every estate). Estate ids are checked against the estate table by
-- auth/ (a foreign key cannot express '*').
CREATE TABLE role_grant (
  grant_id     INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user (user_id),
  role         TEXT NOT NULL CHECK (role IN ('admin', 'treasurer', 'manager', 'custodian',
                                             'supervisor', 'resident', 'regulator')),
  estate_id    TEXT NOT NULL CHECK (length(estate_id) BETWEEN 1 AND 40),
  unit_code    TEXT NOT NULL DEFAULT '' CHECK (length(unit_code) <= 32),
  granted_unix INTEGER NOT NULL,
  UNIQUE (user_id, role, estate_id, unit_code),
  CHECK ((role = 'resident') = (unit_code <> '')),
  CHECK (estate_id <> '*' OR role = 'admin')
) STRICT;

CREATE TABLE session (
  session_id     INTEGER PRIMARY KEY,
  token_sha256   BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  user_id        INTEGER NOT NULL REFERENCES app_user (user_id),
  created_unix   INTEGER NOT NULL,
  expires_unix   INTEGER NOT NULL CHECK (expires_unix > created_unix),
  remote_address TEXT NOT NULL CHECK (length(remote_address) <= 128)
) STRICT;
CREATE INDEX session_by_user ON session (user_id, created_unix);
CREATE INDEX session_by_expiry ON session (expires_unix);

CREATE TABLE api_token (
  token_id     INTEGER PRIMARY KEY,
  token_sha256 BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  user_id      INTEGER NOT NULL REFERENCES app_user (user_id),
  label        TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  created_unix INTEGER NOT NULL,
  expires_unix INTEGER NOT NULL CHECK (expires_unix > created_unix),
  revoked_unix INTEGER
) STRICT;
CREATE INDEX api_token_by_user ON api_token (user_id);

-- Failed logins, for the brute-force limits (per username, known or not, and per remote address).
-- Rows older than the counting window are deleted at the next login.
CREATE TABLE login_failure (
  failure_id     INTEGER PRIMARY KEY,
  username       TEXT NOT NULL CHECK (length(username) <= 64),
  remote_address TEXT NOT NULL CHECK (length(remote_address) <= 128),
  at_unix        INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_by_username ON login_failure (username, at_unix);
CREATE INDEX login_failure_by_address ON login_failure (remote_address, at_unix);
CREATE INDEX login_failure_by_time ON login_failure (at_unix);
