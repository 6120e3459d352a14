-- Fee collection (物业费): schedules, fee start dates, bills, payments, settlements and receipts.
--
-- Amounts are whole fen, rates millionths of a yuan per m² per month, dates ISO text. Every
-- money movement here is also a journal entry (entry_seq); these tables keep the per-bill and
-- per-payment detail the journal aggregates. All of it is history: rows are never deleted and
-- never changed, except that a bill's settled_on is set once, when its settlements cover it (so
-- that arrears and collection queries skip settled bills by an index). As in 001_books.sql the
-- code checks every rule first and the triggers here are the second line of defence.

-- A schedule in force for a unit kind from a month on, until a later one replaces it.
CREATE TABLE fee_schedule (
  schedule_id     INTEGER PRIMARY KEY,
  unit_kind       TEXT NOT NULL CHECK (unit_kind IN ('residential', 'commercial', 'parking')),
  effective_from  TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  basis           TEXT NOT NULL CHECK (basis IN ('per_m2', 'fixed')),
  rate_millionths INTEGER CHECK (rate_millionths BETWEEN 1 AND 10000000000),
  fixed_fen       INTEGER CHECK (fixed_fen BETWEEN 1 AND 99999999999999999),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  CONSTRAINT rule_schedule_basis
    CHECK ((basis = 'per_m2' AND rate_millionths IS NOT NULL AND fixed_fen IS NULL)
           OR (basis = 'fixed' AND fixed_fen IS NOT NULL AND rate_millionths IS NULL)),
  UNIQUE (unit_kind, effective_from)
) STRICT;

-- Bills of one month, one per unit. A prorated first month records the days billed.
CREATE TABLE fee_bill (
  bill_id       INTEGER PRIMARY KEY,
  unit_code     TEXT NOT NULL REFERENCES unit (code),
  period        TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  bill_date     TEXT NOT NULL,
  schedule_id   INTEGER NOT NULL REFERENCES fee_schedule (schedule_id),
  days_billed   INTEGER NOT NULL,
  days_in_month INTEGER NOT NULL CHECK (days_in_month BETWEEN 28 AND 31),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  entry_seq     INTEGER NOT NULL REFERENCES journal_entry (seq),
  settled_on    TEXT,
  CONSTRAINT rule_bill_days CHECK (days_billed BETWEEN 1 AND days_in_month),
  CONSTRAINT rule_bill_date CHECK (bill_date = period || '-01'),
  UNIQUE (unit_code, period)
) STRICT;
CREATE INDEX fee_bill_by_period ON fee_bill (period, schedule_id);
-- A unit's open bills, oldest first: what a payment settles.
CREATE INDEX fee_bill_open ON fee_bill (unit_code, period) WHERE settled_on IS NULL;
-- Arrears as of a date read only bills open then: settled_on NULL or after the date.
CREATE INDEX fee_bill_by_settled_on ON fee_bill (settled_on, bill_date);

-- When a unit's fees start, if not the day it was registered. Changeable until its first bill.
CREATE TABLE fee_start (
  unit_code  TEXT PRIMARY KEY REFERENCES unit (code),
  start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  set_at     TEXT NOT NULL,
  set_by     TEXT NOT NULL
) STRICT;

CREATE TABLE fee_payment (
  payment_id  INTEGER PRIMARY KEY,
  unit_code   TEXT NOT NULL REFERENCES unit (code),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  channel     TEXT NOT NULL
    CHECK (channel IN ('bank_transfer', 'wechat_pay', 'alipay', 'cash', 'other')),
  reference   TEXT NOT NULL CHECK (length(CAST(reference AS BLOB)) BETWEEN 1 AND 100),
  received_on TEXT NOT NULL,
  memo        TEXT NOT NULL CHECK (length(CAST(memo AS BLOB)) <= 200),
  prepaid_fen INTEGER NOT NULL,
  entry_seq   INTEGER NOT NULL REFERENCES journal_entry (seq),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  CONSTRAINT rule_payment_prepaid CHECK (prepaid_fen BETWEEN 0 AND amount_fen),
  UNIQUE (channel, reference)
) STRICT;
CREATE INDEX fee_payment_by_unit ON fee_payment (unit_code, received_on);

-- What settled a bill: part of a payment (payment_id) or a prepayment applied at billing (NULL).
CREATE TABLE fee_settlement (
  settlement_id INTEGER PRIMARY KEY,
  bill_id       INTEGER NOT NULL REFERENCES fee_bill (bill_id),
  settled_on    TEXT NOT NULL,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  payment_id    INTEGER REFERENCES fee_payment (payment_id),
  entry_seq     INTEGER NOT NULL REFERENCES journal_entry (seq)
) STRICT;
CREATE INDEX fee_settlement_by_bill ON fee_settlement (bill_id, settled_on, amount_fen);
CREATE INDEX fee_settlement_by_payment ON fee_settlement (payment_id) WHERE payment_id IS NOT NULL;

-- Receipts: numbered 1, 2, 3, ... per estate without gaps; canonical holds the RFC 8785 JSON of
-- the payment as receipted and sha256 its digest.
CREATE TABLE fee_receipt (
  receipt_no INTEGER PRIMARY KEY CHECK (receipt_no >= 1),
  payment_id INTEGER NOT NULL UNIQUE REFERENCES fee_payment (payment_id),
  canonical  TEXT NOT NULL,
  sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
  issued_at  TEXT NOT NULL
) STRICT;

CREATE TRIGGER fee_receipt_gapless BEFORE INSERT ON fee_receipt
BEGIN
  SELECT RAISE(ABORT, 'rule: receipt numbers must be gapless')
  WHERE NEW.receipt_no <> (SELECT coalesce(max(receipt_no) + 1, 1) FROM fee_receipt);
END;

CREATE TRIGGER fee_settlement_within_bill BEFORE INSERT ON fee_settlement
WHEN (SELECT coalesce(sum(amount_fen), 0) FROM fee_settlement WHERE bill_id = NEW.bill_id)
     + NEW.amount_fen > (SELECT amount_fen FROM fee_bill WHERE bill_id = NEW.bill_id)
BEGIN
  SELECT RAISE(ABORT, 'rule: settlements cannot exceed the bill');
END;

CREATE TRIGGER fee_start_before_bills BEFORE INSERT ON fee_start
WHEN EXISTS (SELECT 1 FROM fee_bill WHERE unit_code = NEW.unit_code)
BEGIN
  SELECT RAISE(ABORT, 'rule: a unit''s fee start cannot change once it has been billed');
END;
CREATE TRIGGER fee_start_before_bills_update BEFORE UPDATE ON fee_start
WHEN EXISTS (SELECT 1 FROM fee_bill WHERE unit_code = OLD.unit_code)
  OR NEW.unit_code <> OLD.unit_code
BEGIN
  SELECT RAISE(ABORT, 'rule: a unit''s fee start cannot change once it has been billed');
END;

-- The one change a bill allows: settled_on, set once, to the date of its last settlement, when
-- its settlements add up to it.
CREATE TRIGGER fee_bill_settled_once BEFORE UPDATE ON fee_bill
WHEN OLD.settled_on IS NOT NULL OR NEW.settled_on IS NULL
  OR NEW.bill_id <> OLD.bill_id OR NEW.unit_code <> OLD.unit_code OR NEW.period <> OLD.period
  OR NEW.bill_date <> OLD.bill_date OR NEW.schedule_id <> OLD.schedule_id
  OR NEW.days_billed <> OLD.days_billed OR NEW.days_in_month <> OLD.days_in_month
  OR NEW.amount_fen <> OLD.amount_fen OR NEW.entry_seq <> OLD.entry_seq
  OR (SELECT coalesce(sum(amount_fen), 0) FROM fee_settlement WHERE bill_id = OLD.bill_id)
     <> OLD.amount_fen
  OR NEW.settled_on <> (SELECT max(settled_on) FROM fee_settlement WHERE bill_id = OLD.bill_id)
BEGIN
  SELECT RAISE(ABORT, 'rule: a bill is history; only its settled date is set, once, when settled');
END;

CREATE TRIGGER fee_schedule_append_only_update BEFORE UPDATE ON fee_schedule
BEGIN
  SELECT RAISE(ABORT, 'rule: fee schedules are history; add a new one');
END;
CREATE TRIGGER fee_schedule_append_only_delete BEFORE DELETE ON fee_schedule
BEGIN
  SELECT RAISE(ABORT, 'rule: fee schedules are history; add a new one');
END;
CREATE TRIGGER fee_bill_append_only_delete BEFORE DELETE ON fee_bill
BEGIN
  SELECT RAISE(ABORT, 'rule: bills are history');
END;
CREATE TRIGGER fee_start_append_only_delete BEFORE DELETE ON fee_start
BEGIN
  SELECT RAISE(ABORT, 'rule: a unit''s fee start is kept');
END;
CREATE TRIGGER fee_payment_append_only_update BEFORE UPDATE ON fee_payment
BEGIN
  SELECT RAISE(ABORT, 'rule: payments are history; post a refund or correction');
END;
CREATE TRIGGER fee_payment_append_only_delete BEFORE DELETE ON fee_payment
BEGIN
  SELECT RAISE(ABORT, 'rule: payments are history; post a refund or correction');
END;
CREATE TRIGGER fee_settlement_append_only_update BEFORE UPDATE ON fee_settlement
BEGIN
  SELECT RAISE(ABORT, 'rule: settlements are history');
END;
CREATE TRIGGER fee_settlement_append_only_delete BEFORE DELETE ON fee_settlement
BEGIN
  SELECT RAISE(ABORT, 'rule: settlements are history');
END;
CREATE TRIGGER fee_receipt_append_only_update BEFORE UPDATE ON fee_receipt
BEGIN
  SELECT RAISE(ABORT, 'rule: receipts are history');
END;
CREATE TRIGGER fee_receipt_append_only_delete BEFORE DELETE ON fee_receipt
BEGIN
  SELECT RAISE(ABORT, 'rule: receipts are history');
END;
