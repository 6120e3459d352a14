-- The action log: every write to the estate and every sensitive read (a unit's details, any read
-- by a regulator), with who, when, what and from where. Rows are chained: each row's hash is
-- SHA-256(previous row's hash || the row's canonical JSON), the first row's previous hash being
-- 32 zero bytes, so a row removed, edited or inserted out of order breaks every later hash
-- (src/ledger/action_log.cpp recomputes them). Like the journal, the log is append-only.
CREATE TABLE action_log (
  seq       INTEGER PRIMARY KEY CHECK (seq >= 0),
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
  remote    TEXT NOT NULL CHECK (length(remote) <= 128),
  action    TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  target    TEXT NOT NULL CHECK (length(target) <= 200),
  detail    TEXT NOT NULL CHECK (length(detail) <= 2000),
  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
  hash      BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE TRIGGER action_log_chain BEFORE INSERT ON action_log
BEGIN
  SELECT RAISE(ABORT, 'rule: action log sequence must be gapless')
  WHERE NEW.seq <> (SELECT coalesce(max(seq) + 1, 0) FROM action_log);
  SELECT RAISE(ABORT, 'rule: action log row must chain to the previous row')
  WHERE NEW.prev_hash <> coalesce((SELECT hash FROM action_log WHERE seq = NEW.seq - 1),
                                  zeroblob(32));
END;
CREATE TRIGGER action_log_append_only_update BEFORE UPDATE ON action_log
BEGIN
  SELECT RAISE(ABORT, 'rule: the action log is append-only');
END;
CREATE TRIGGER action_log_append_only_delete BEFORE DELETE ON action_log
BEGIN
  SELECT RAISE(ABORT, 'rule: the action log is append-only');
END;
