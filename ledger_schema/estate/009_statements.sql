-- Monthly statements (src/statements/): the files built when a month closes, the custodians'
-- signatures over its manifest, the salted resident tree, and the supervisor's attestations and
-- residents' objections. A statement's files never change once built; it is published when both
-- custodians' signatures over its manifest are verified. History: append-only, except the state
-- and publication time of a statement, set once.
CREATE TABLE statement (
  period_key            TEXT PRIMARY KEY,  -- "2026-10"
  kind                  TEXT NOT NULL CHECK (kind IN ('month', 'quarter', 'half', 'year')),
  state                 TEXT NOT NULL CHECK (state IN ('awaiting_signatures', 'published')),
  manifest              TEXT NOT NULL,
  manifest_sha256       BLOB NOT NULL CHECK (length(manifest_sha256) = 32),
  custodian_set_version INTEGER NOT NULL,
  tree_size             INTEGER NOT NULL,
  closed_at             TEXT NOT NULL,
  closed_by             TEXT NOT NULL,
  published_at          TEXT
) STRICT;

CREATE TABLE statement_file (
  period_key TEXT NOT NULL REFERENCES statement (period_key),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  content    BLOB NOT NULL,
  sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
  PRIMARY KEY (period_key, name)
) STRICT;

CREATE TABLE statement_signature (
  signature_id INTEGER PRIMARY KEY,
  period_key   TEXT NOT NULL REFERENCES statement (period_key),
  cms          BLOB NOT NULL,
  signers      TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL
) STRICT;

-- One leaf per unit; the salt is given only to the unit's owner.
CREATE TABLE resident_leaf (
  period_key TEXT NOT NULL REFERENCES statement (period_key),
  unit_code  TEXT NOT NULL,
  leaf_index INTEGER NOT NULL,
  leaf       TEXT NOT NULL,
  PRIMARY KEY (period_key, unit_code),
  UNIQUE (period_key, leaf_index)
) STRICT;

CREATE TABLE statement_note (
  note_id    INTEGER PRIMARY KEY,
  period_key TEXT NOT NULL REFERENCES statement (period_key),
  kind       TEXT NOT NULL CHECK (kind IN ('attestation', 'objection', 'resident_objection',
                                            'answer')),
  answers    INTEGER REFERENCES statement_note (note_id),
  text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  unit_code  TEXT,
  by_actor   TEXT NOT NULL,
  at         TEXT NOT NULL,
  CONSTRAINT rule_answer_names_note CHECK ((kind = 'answer') = (answers IS NOT NULL))
) STRICT;

CREATE TRIGGER statement_published_final BEFORE UPDATE ON statement
WHEN OLD.state = 'published' OR NEW.manifest <> OLD.manifest OR NEW.period_key <> OLD.period_key
  OR NEW.manifest_sha256 <> OLD.manifest_sha256
BEGIN SELECT RAISE(ABORT, 'rule: a statement is fixed when built and final when published'); END;
CREATE TRIGGER statement_no_delete BEFORE DELETE ON statement
BEGIN SELECT RAISE(ABORT, 'rule: statements are history'); END;
CREATE TRIGGER statement_file_append_only_update BEFORE UPDATE ON statement_file
BEGIN SELECT RAISE(ABORT, 'rule: statement files never change'); END;
CREATE TRIGGER statement_file_append_only_delete BEFORE DELETE ON statement_file
BEGIN SELECT RAISE(ABORT, 'rule: statement files never change'); END;
CREATE TRIGGER statement_signature_append_only_update BEFORE UPDATE ON statement_signature
BEGIN SELECT RAISE(ABORT, 'rule: signatures are history'); END;
CREATE TRIGGER statement_signature_append_only_delete BEFORE DELETE ON statement_signature
BEGIN SELECT RAISE(ABORT, 'rule: signatures are history'); END;
CREATE TRIGGER resident_leaf_append_only_update BEFORE UPDATE ON resident_leaf
BEGIN SELECT RAISE(ABORT, 'rule: resident leaves never change'); END;
CREATE TRIGGER resident_leaf_append_only_delete BEFORE DELETE ON resident_leaf
BEGIN SELECT RAISE(ABORT, 'rule: resident leaves never change'); END;
CREATE TRIGGER statement_note_append_only_update BEFORE UPDATE ON statement_note
BEGIN SELECT RAISE(ABORT, 'rule: notes are history'); END;
CREATE TRIGGER statement_note_append_only_delete BEFORE DELETE ON statement_note
BEGIN SELECT RAISE(ABORT, 'rule: notes are history'); END;

-- Budgets by line and year, shown against actual spending; the latest row of a line counts.
CREATE TABLE statement_budget (
  budget_id   INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  budget_line TEXT NOT NULL CHECK (length(budget_line) BETWEEN 1 AND 100),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 99999999999999999),
  set_at      TEXT NOT NULL,
  set_by      TEXT NOT NULL
) STRICT;
CREATE TRIGGER statement_budget_append_only_update BEFORE UPDATE ON statement_budget
BEGIN SELECT RAISE(ABORT, 'rule: budgets are history; set a new one'); END;
CREATE TRIGGER statement_budget_append_only_delete BEFORE DELETE ON statement_budget
BEGIN SELECT RAISE(ABORT, 'rule: budgets are history; set a new one'); END;
