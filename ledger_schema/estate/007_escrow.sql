-- Dual-key escrow (src/escrow/): the custodian sets, the estate's payment policy and bank
-- accounts, disbursement orders, their signatures and events, and the bank files they produced.
--
-- Custodians are kept by certificate only: the server never holds a private key. A custodian set
-- is history (append-only); every set after the first carries the change document and the CMS
-- signature of the outgoing committee and manager custodians. An order row changes state as it
-- moves on; what happened to it is the append-only order_event history, and its signatures are
-- append-only too. As elsewhere the code checks every rule first and the triggers here are the
-- second line of defence.

CREATE TABLE custodian_set (
  version          INTEGER PRIMARY KEY CHECK (version >= 1),
  effective_at     TEXT NOT NULL,
  change_document  TEXT,           -- canonical JSON of the change (NULL for the first set)
  change_signature BLOB,           -- CMS DER by the outgoing custodians (NULL for the first set)
  registered_by    TEXT NOT NULL,
  CONSTRAINT rule_custodian_change_signed
    CHECK ((version = 1 AND change_signature IS NULL)
           OR (version > 1 AND change_document IS NOT NULL AND change_signature IS NOT NULL))
) STRICT;

CREATE TABLE custodian (
  version     INTEGER NOT NULL REFERENCES custodian_set (version),
  role        TEXT NOT NULL CHECK (role IN ('owners_committee', 'manager', 'supervisor')),
  key_id      BLOB NOT NULL CHECK (length(key_id) = 32),
  certificate BLOB NOT NULL,
  subject     TEXT NOT NULL,
  PRIMARY KEY (version, role),
  UNIQUE (version, key_id)
) STRICT;

-- Payment policy, versioned by the date it takes effect; the one in force is the latest with
-- effective_from <= the day in question.
CREATE TABLE escrow_policy (
  policy_id                INTEGER PRIMARY KEY,
  effective_from           TEXT NOT NULL UNIQUE,
  resolution_threshold_fen INTEGER NOT NULL CHECK (resolution_threshold_fen >= 0),
  floor_op_fen             INTEGER NOT NULL CHECK (floor_op_fen >= 0),
  floor_pr_fen             INTEGER NOT NULL CHECK (floor_pr_fen >= 0),
  floor_rf_fen             INTEGER NOT NULL CHECK (floor_rf_fen >= 0),
  emergency_cap_ppm        INTEGER NOT NULL CHECK (emergency_cap_ppm BETWEEN 0 AND 1000000),
  max_validity_days        INTEGER NOT NULL CHECK (max_validity_days BETWEEN 1 AND 366),
  set_at                   TEXT NOT NULL,
  set_by                   TEXT NOT NULL
) STRICT;

-- The trust accounts at the bank, one per fund; a new row replaces the previous one for its fund.
CREATE TABLE escrow_bank_account (
  bank_account_id INTEGER PRIMARY KEY,
  fund            TEXT NOT NULL CHECK (fund IN ('OP', 'PR', 'RF')),
  holder_name     TEXT NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 140),
  account_no      TEXT NOT NULL CHECK (length(account_no) BETWEEN 4 AND 34),
  bank_name       TEXT NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 140),
  bank_code       TEXT NOT NULL CHECK (bank_code = '' OR bank_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  set_at          TEXT NOT NULL,
  set_by          TEXT NOT NULL
) STRICT;

CREATE TABLE disbursement_order (
  order_no              INTEGER PRIMARY KEY CHECK (order_no >= 1),
  order_id              TEXT NOT NULL UNIQUE,
  revision              INTEGER NOT NULL CHECK (revision >= 1),
  state                 TEXT NOT NULL CHECK (state IN ('draft', 'awaiting_signatures', 'approved',
                                                       'executed', 'rejected', 'cancelled')),
  body                  TEXT NOT NULL,   -- canonical JSON of the order's fields (see order.h)
  canonical             TEXT NOT NULL,   -- the bytes custodians sign (body + estate, id, revision)
  fund                  TEXT NOT NULL CHECK (fund IN ('OP', 'PR', 'RF')),
  amount_fen            INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  emergency             INTEGER NOT NULL CHECK (emergency IN (0, 1)),
  expires_on            TEXT NOT NULL,
  custodian_set_version INTEGER NOT NULL REFERENCES custodian_set (version),
  created_at            TEXT NOT NULL,
  created_by            TEXT NOT NULL,
  entry_seq             INTEGER REFERENCES journal_entry (seq),
  executed_on           TEXT,
  CONSTRAINT rule_executed_has_entry
    CHECK ((state = 'executed') = (entry_seq IS NOT NULL AND executed_on IS NOT NULL)),
  CONSTRAINT rule_emergency_repair_fund CHECK (emergency = 0 OR fund = 'RF')
) STRICT;
CREATE INDEX disbursement_order_by_state ON disbursement_order (state, order_no);

-- Every uploaded signature, in order; the latest of an order's current revision is in force.
CREATE TABLE order_signature (
  signature_id INTEGER PRIMARY KEY,
  order_no     INTEGER NOT NULL REFERENCES disbursement_order (order_no),
  revision     INTEGER NOT NULL,
  cms          BLOB NOT NULL,
  signers      TEXT NOT NULL,  -- JSON: [{role, key_id, subject, signing_time}]
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL
) STRICT;
CREATE INDEX order_signature_by_order ON order_signature (order_no, revision, signature_id);

CREATE TABLE order_event (
  event_id INTEGER PRIMARY KEY,
  order_no INTEGER NOT NULL REFERENCES disbursement_order (order_no),
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,
  event    TEXT NOT NULL CHECK (event IN ('created', 'amended', 'submitted', 'signed', 'approved',
                                          'rejected', 'cancelled', 'executed')),
  detail   TEXT NOT NULL
) STRICT;
CREATE INDEX order_event_by_order ON order_event (order_no, event_id);

-- The payment instruction files an execution produced (pain.001 XML and CSV).
CREATE TABLE order_bank_file (
  order_no   INTEGER NOT NULL REFERENCES disbursement_order (order_no),
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  content    BLOB NOT NULL,
  sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
  created_at TEXT NOT NULL,
  PRIMARY KEY (order_no, name)
) STRICT;

-- An order that is executed, rejected or cancelled is final.
CREATE TRIGGER disbursement_order_final BEFORE UPDATE ON disbursement_order
WHEN OLD.state IN ('executed', 'rejected', 'cancelled') OR NEW.order_no <> OLD.order_no
  OR NEW.order_id <> OLD.order_id
BEGIN
  SELECT RAISE(ABORT, 'rule: an executed, rejected or cancelled order is final');
END;
-- Once submitted, the signed bytes change only with a new revision (which voids the signatures).
CREATE TRIGGER disbursement_order_frozen BEFORE UPDATE ON disbursement_order
WHEN OLD.state IN ('awaiting_signatures', 'approved') AND NEW.revision = OLD.revision
  AND (NEW.canonical <> OLD.canonical OR NEW.body <> OLD.body OR NEW.amount_fen <> OLD.amount_fen
       OR NEW.fund <> OLD.fund)
BEGIN
  SELECT RAISE(ABORT, 'rule: a submitted order changes only as a new revision');
END;
CREATE TRIGGER disbursement_order_no_delete BEFORE DELETE ON disbursement_order
BEGIN
  SELECT RAISE(ABORT, 'rule: orders are history');
END;

CREATE TRIGGER custodian_set_append_only_update BEFORE UPDATE ON custodian_set
BEGIN
  SELECT RAISE(ABORT, 'rule: custodian sets are history; sign a change');
END;
CREATE TRIGGER custodian_set_append_only_delete BEFORE DELETE ON custodian_set
BEGIN
  SELECT RAISE(ABORT, 'rule: custodian sets are history; sign a change');
END;
CREATE TRIGGER custodian_append_only_update BEFORE UPDATE ON custodian
BEGIN
  SELECT RAISE(ABORT, 'rule: custodian sets are history; sign a change');
END;
CREATE TRIGGER custodian_append_only_delete BEFORE DELETE ON custodian
BEGIN
  SELECT RAISE(ABORT, 'rule: custodian sets are history; sign a change');
END;
CREATE TRIGGER escrow_policy_append_only_update BEFORE UPDATE ON escrow_policy
BEGIN
  SELECT RAISE(ABORT, 'rule: policies are history; add a new one');
END;
CREATE TRIGGER escrow_policy_append_only_delete BEFORE DELETE ON escrow_policy
BEGIN
  SELECT RAISE(ABORT, 'rule: policies are history; add a new one');
END;
CREATE TRIGGER escrow_bank_account_append_only_update BEFORE UPDATE ON escrow_bank_account
BEGIN
  SELECT RAISE(ABORT, 'rule: bank accounts are history; add a new one');
END;
CREATE TRIGGER escrow_bank_account_append_only_delete BEFORE DELETE ON escrow_bank_account
BEGIN
  SELECT RAISE(ABORT, 'rule: bank accounts are history; add a new one');
END;
CREATE TRIGGER order_signature_append_only_update BEFORE UPDATE ON order_signature
BEGIN
  SELECT RAISE(ABORT, 'rule: signatures are history');
END;
CREATE TRIGGER order_signature_append_only_delete BEFORE DELETE ON order_signature
BEGIN
  SELECT RAISE(ABORT, 'rule: signatures are history');
END;
CREATE TRIGGER order_event_append_only_update BEFORE UPDATE ON order_event
BEGIN
  SELECT RAISE(ABORT, 'rule: order events are history');
END;
CREATE TRIGGER order_event_append_only_delete BEFORE DELETE ON order_event
BEGIN
  SELECT RAISE(ABORT, 'rule: order events are history');
END;
CREATE TRIGGER order_bank_file_append_only_update BEFORE UPDATE ON order_bank_file
BEGIN
  SELECT RAISE(ABORT, 'rule: bank files are history');
END;
CREATE TRIGGER order_bank_file_append_only_delete BEFORE DELETE ON order_bank_file
BEGIN
  SELECT RAISE(ABORT, 'rule: bank files are history');
END;
