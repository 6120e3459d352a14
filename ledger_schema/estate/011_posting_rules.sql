-- Postings without insert triggers, for bulk writes (docs/benchmarks.md, "Fees"). A trigger is
-- a sub-program SQLite runs for every row; posting's two cost more than the posting's own insert
-- (a quarter of the time of a 100,000-payment import went to them). Their rules now:
-- - a posting to a control account is refused by a foreign key to (account_id, postable) whose
--   postable must be 1; it replaces the key to account_id, so it costs no more than before;
-- - a posting added to an entry already recorded is no longer refused by the database: the
--   posting path never does it (an entry's postings and its row are written together, checked
--   by journal_entry's trigger), and `trustfund log verify` finds it (the entry's rows no longer
--   give its canonical bytes).
-- The key is deferred (checked at commit): an immediate one makes every multi-row INSERT keep a
-- statement journal. The posting path writes eight postings to an INSERT OR FAIL, which with
-- no trigger and deferred keys needs none.

-- posting's rules at insert: the triggers go, the foreign key to the account becomes one to
-- (account_id, postable) with postable 1. The table is rebuilt (SQLite cannot change a key), and
-- journal_entry's insert trigger, which reads it, is dropped and made again around it.
DROP TRIGGER posting_into_recorded_entry;
DROP TRIGGER posting_to_control_account;
DROP TRIGGER posting_append_only_update;
DROP TRIGGER posting_append_only_delete;
DROP TRIGGER journal_entry_checks;
DROP INDEX posting_by_account_day;
CREATE UNIQUE INDEX account_postable ON account (account_id, postable);

CREATE TABLE posting_new (
  seq        INTEGER NOT NULL REFERENCES journal_entry (seq) DEFERRABLE INITIALLY DEFERRED,
  line       INTEGER NOT NULL CHECK (line >= 0),
  account_id INTEGER NOT NULL,
  day        TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0 AND abs(amount_fen) <= 99999999999999999),
  -- Always 1: with the key below, a posting's account must take postings (not a control account).
  postable   INTEGER NOT NULL DEFAULT 1 CHECK (postable = 1),
  PRIMARY KEY (seq, line),
  FOREIGN KEY (account_id, postable) REFERENCES account (account_id, postable)
    DEFERRABLE INITIALLY DEFERRED
) STRICT, WITHOUT ROWID;
INSERT INTO posting_new (seq, line, account_id, day, amount_fen)
SELECT seq, line, account_id, day, amount_fen FROM posting ORDER BY seq, line;
DROP TABLE posting;
ALTER TABLE posting_new RENAME TO posting;
-- Covering: a unit sub-account's movement over a few days is summed from the index alone.
CREATE INDEX posting_by_account_day ON posting (account_id, day, amount_fen);

CREATE TRIGGER journal_entry_checks BEFORE INSERT ON journal_entry
BEGIN
  SELECT RAISE(ABORT, 'rule: journal sequence must be gapless')
  WHERE NEW.seq <> (SELECT coalesce(max(seq) + 1, 0) FROM journal_entry);
  -- One aggregate over the entry's postings (no GROUP BY sorter): count and sum per fund.
  SELECT RAISE(ABORT, 'rule: an entry needs at least two postings and must balance within each fund')
  FROM (SELECT count(*) AS n, sum(p.day <> NEW.accounting_date) AS wrong_day,
               sum(iif(a.fund = 'OP', p.amount_fen, 0)) AS op,
               sum(iif(a.fund = 'PR', p.amount_fen, 0)) AS pr,
               sum(iif(a.fund = 'RF', p.amount_fen, 0)) AS rf
        FROM posting p JOIN account a ON a.account_id = p.account_id
        WHERE p.seq = NEW.seq)
  WHERE n < 2 OR op <> 0 OR pr <> 0 OR rf <> 0 OR wrong_day <> 0;
  SELECT RAISE(ABORT, 'rule: period does not match the accounting date')
  WHERE NEW.period <> substr(NEW.accounting_date, 1, 7);
  SELECT RAISE(ABORT, 'rule: the period is closed')
  WHERE EXISTS (SELECT 1 FROM closed_period WHERE period = NEW.period);
END;
CREATE TRIGGER posting_append_only_update BEFORE UPDATE ON posting
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
CREATE TRIGGER posting_append_only_delete BEFORE DELETE ON posting
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
