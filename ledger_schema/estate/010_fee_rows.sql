-- Fee rows for bulk writes (a payment import of 100,000 rows, a billing run of 10,000 units):
-- fewer rows, indexes and statement-journal copies per payment. The rules of 003_fees.sql are
-- unchanged; docs/benchmarks.md ("Fees") has the measurements behind each step.
--
-- 1. A receipt is no longer a row of its own. Its number is its payment's id (receipt_no, kept
--    equal to payment_id by a CHECK, so the number needs no index of its own), its SHA-256 is on
--    the payment row, and its canonical JSON is not stored: every member of it is in the payment
--    and its settlements, so fees::receipt rebuilds it and checks it against the hash. (The JSON
--    stored before was always that same rebuild: receipt() refused any other.) Receipt numbers
--    stay gapless (see 5.).
-- 2. channel is checked with = ... OR, not IN (...): SQLite evaluates a constant IN list of more
--    than two values through a small temporary b-tree built once per execution of the
--    statement, so every one-row INSERT of a payment built one (half the cost of the insert).
-- 3. A payment's channel and reference are unique as (reference, channel): the same rule, but
--    comparisons in the index now start with the reference, where keys differ, instead of the
--    channel name they mostly share.
-- 4. A bill's settled_on trigger raises FAIL, not ABORT. The settled_on UPDATE changes one row,
--    so FAIL and ABORT undo the same (nothing: the trigger runs before the change); but a
--    statement that fires an ABORT trigger gets a statement journal (a copy of each page it is
--    about to change, to undo it alone), and with FAIL this one needs none.
--
-- 5. No trigger runs per payment. A trigger is a sub-program SQLite runs for every row, and it
--    cost more than the row's own insert (011_posting_rules.sql does the same for postings).
--    Receipt numbers stay gapless by a foreign key instead: each payment names the one before
--    it (previous_id = payment_id - 1, NULL for the first), which must exist; payments are never
--    deleted, so the numbers are always 1..n. Foreign keys are deferred (checked at commit),
--    which a bulk write needs anyway: an immediate one makes every multi-row INSERT keep a
--    statement journal.
--
-- The fee code writes payments and settlements, and the posting path postings, eight rows to an
-- INSERT OR FAIL (src/fees/row_batch.h): with no trigger, deferred keys and FAIL for the CHECKs
-- and UNIQUE keys, such an INSERT needs no statement journal. (FAIL keeps the rows of the
-- statement before the one that failed; every writer rolls its whole transaction back on an
-- error, so nothing of it stays.)

DROP TRIGGER fee_bill_settled_once;

CREATE TABLE fee_payment_new (
  payment_id  INTEGER PRIMARY KEY CHECK (payment_id >= 1),
  unit_code   TEXT NOT NULL REFERENCES unit (code) DEFERRABLE INITIALLY DEFERRED,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  channel     TEXT NOT NULL
    CHECK (channel = 'bank_transfer' OR channel = 'wechat_pay' OR channel = 'alipay'
           OR channel = 'cash' OR channel = 'other'),
  reference   TEXT NOT NULL CHECK (length(CAST(reference AS BLOB)) BETWEEN 1 AND 100),
  received_on TEXT NOT NULL,
  memo        TEXT NOT NULL CHECK (length(CAST(memo AS BLOB)) <= 200),
  prepaid_fen INTEGER NOT NULL,
  entry_seq   INTEGER NOT NULL REFERENCES journal_entry (seq) DEFERRABLE INITIALLY DEFERRED,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  -- The receipt: its number, the SHA-256 of its canonical JSON, and when it was issued if that
  -- is not recorded_at (receipts issued before this migration).
  receipt_no        INTEGER NOT NULL,
  receipt_sha256    BLOB NOT NULL CHECK (length(receipt_sha256) = 32),
  receipt_issued_at TEXT,
  -- The payment before this one: receipt numbers have no gaps (see 5. above).
  previous_id       INTEGER REFERENCES fee_payment_new (payment_id) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT rule_payment_prepaid CHECK (prepaid_fen BETWEEN 0 AND amount_fen),
  CONSTRAINT rule_receipt_no_is_payment_id CHECK (receipt_no = payment_id),
  CONSTRAINT rule_receipt_no_gapless
    CHECK (previous_id IS (CASE WHEN payment_id = 1 THEN NULL ELSE payment_id - 1 END)),
  UNIQUE (reference, channel)
) STRICT;

-- Every payment had exactly one receipt, numbered as its id (both were max + 1 in the same
-- transaction); a payment without one, or a number that differs, fails the copy (NOT NULL, the
-- CHECK above) and with it the migration.
INSERT INTO fee_payment_new (payment_id, unit_code, amount_fen, channel, reference, received_on,
                             memo, prepaid_fen, entry_seq, recorded_at, recorded_by, receipt_no,
                             receipt_sha256, receipt_issued_at, previous_id)
SELECT p.payment_id, p.unit_code, p.amount_fen, p.channel, p.reference, p.received_on, p.memo,
       p.prepaid_fen, p.entry_seq, p.recorded_at, p.recorded_by, r.receipt_no, r.sha256,
       nullif(r.issued_at, p.recorded_at), nullif(p.payment_id - 1, 0)
FROM fee_payment p LEFT JOIN fee_receipt r ON r.payment_id = p.payment_id
ORDER BY p.payment_id;

-- fee_settlement is unchanged, but it refers to fee_payment, which it would keep from being
-- dropped: it is rebuilt to refer to the new one.
CREATE TABLE fee_settlement_new (
  settlement_id INTEGER PRIMARY KEY,
  bill_id       INTEGER NOT NULL REFERENCES fee_bill (bill_id) DEFERRABLE INITIALLY DEFERRED,
  settled_on    TEXT NOT NULL,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  payment_id    INTEGER REFERENCES fee_payment_new (payment_id) DEFERRABLE INITIALLY DEFERRED,
  entry_seq     INTEGER NOT NULL REFERENCES journal_entry (seq) DEFERRABLE INITIALLY DEFERRED
) STRICT;
INSERT INTO fee_settlement_new (settlement_id, bill_id, settled_on, amount_fen, payment_id,
                                entry_seq)
SELECT settlement_id, bill_id, settled_on, amount_fen, payment_id, entry_seq
FROM fee_settlement ORDER BY settlement_id;

-- Children first: nothing refers to the old tables once they are gone. (With foreign keys on,
-- DROP TABLE deletes the rows first, without firing the append-only triggers.)
DROP TABLE fee_receipt;
DROP TABLE fee_settlement;
DROP TABLE fee_payment;
ALTER TABLE fee_payment_new RENAME TO fee_payment;  -- also renames fee_settlement_new's reference
ALTER TABLE fee_settlement_new RENAME TO fee_settlement;

CREATE INDEX fee_payment_by_unit ON fee_payment (unit_code, received_on);
CREATE INDEX fee_settlement_by_bill ON fee_settlement (bill_id, settled_on, amount_fen);
CREATE INDEX fee_settlement_by_payment ON fee_settlement (payment_id) WHERE payment_id IS NOT NULL;

CREATE TRIGGER fee_settlement_within_bill BEFORE INSERT ON fee_settlement
WHEN (SELECT coalesce(sum(amount_fen), 0) FROM fee_settlement WHERE bill_id = NEW.bill_id)
     + NEW.amount_fen > (SELECT amount_fen FROM fee_bill WHERE bill_id = NEW.bill_id)
BEGIN
  SELECT RAISE(ABORT, 'rule: settlements cannot exceed the bill');
END;

-- The one change a bill allows: settled_on, set once, to the date of its last settlement, when
-- its settlements add up to it. (As in 003_fees.sql, with FAIL: see 4. above.)
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
  SELECT RAISE(FAIL, 'rule: a bill is history; only its settled date is set, once, when settled');
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

