-- An estate's books: chart of accounts, units, closed periods, the append-only journal, running
-- balances, and the stored nodes of the Merkle log over journal entries.
--
-- The domain code checks every rule before writing; the constraints and triggers here are the
-- second line of defence, so that no bug and no hand-written SQL can unbalance or rewrite the
-- books. Trigger messages start with "rule: " and CHECK constraints named rule_* guard domain
-- limits; the store maps both to rule violations.

CREATE TABLE estate (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  estate_id  TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Units of the estate: code building-entrance-room ("3-2-1502"), kind, registered area.
CREATE TABLE unit (
  code               TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('residential', 'commercial', 'parking')),
  area_hundredths_m2 INTEGER NOT NULL CHECK (area_hundredths_m2 > 0),
  owner_ref          TEXT NOT NULL,
  created_at         TEXT NOT NULL
) STRICT;

-- Accounts. fund: OP operating fund, PR public revenue fund, RF repair fund; every entry
-- balances within each fund, so the three funds are never netted. A per-unit control account
-- (per_unit = 1) takes no postings itself: each unit has a sub-account "<code>@<unit>".
CREATE TABLE account (
  account_id INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  fund       TEXT NOT NULL CHECK (fund IN ('OP', 'PR', 'RF')),
  type       TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  name_zh    TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  parent_id  INTEGER REFERENCES account (account_id),
  unit_code  TEXT REFERENCES unit (code),
  per_unit   INTEGER NOT NULL DEFAULT 0 CHECK (per_unit IN (0, 1)),
  postable   INTEGER NOT NULL DEFAULT 1 CHECK (postable IN (0, 1))
) STRICT;

-- Closed periods. A period with no row is open; a closed period never reopens.
CREATE TABLE closed_period (
  period    TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL
) STRICT;

-- Journal entries. seq is the entry's leaf index in the Merkle log: 0-based and gapless.
-- canonical holds the RFC 8785 bytes that leaf_hash = SHA-256(0x00 || canonical) covers.
CREATE TABLE journal_entry (
  seq             INTEGER PRIMARY KEY CHECK (seq >= 0),
  accounting_date TEXT NOT NULL,
  period          TEXT NOT NULL,
  kind            TEXT NOT NULL,
  memo            TEXT NOT NULL,
  actor           TEXT NOT NULL,
  recorded_at     TEXT NOT NULL,
  reverses        INTEGER UNIQUE REFERENCES journal_entry (seq),
  idempotency_key TEXT UNIQUE,
  request_hash    BLOB CHECK (request_hash IS NULL OR length(request_hash) = 32),
  canonical       BLOB NOT NULL,
  leaf_hash       BLOB NOT NULL CHECK (length(leaf_hash) = 32)
) STRICT;

-- Postings: debit positive, credit negative, in fen. They are written before their entry row
-- (the foreign key is checked at commit), so the entry's insert trigger can see them all. `day`
-- repeats the entry's accounting date so that an account's postings in a date range are one
-- index range (how the balance of a unit sub-account within a month is found).
CREATE TABLE posting (
  seq        INTEGER NOT NULL REFERENCES journal_entry (seq) DEFERRABLE INITIALLY DEFERRED,
  line       INTEGER NOT NULL CHECK (line >= 0),
  account_id INTEGER NOT NULL REFERENCES account (account_id),
  day        TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0 AND abs(amount_fen) <= 99999999999999999),
  PRIMARY KEY (seq, line)
) STRICT, WITHOUT ROWID;
-- Covering: a unit sub-account's movement over a few days is summed from the index alone.
CREATE INDEX posting_by_account_day ON posting (account_id, day, amount_fen);

CREATE TRIGGER posting_into_recorded_entry BEFORE INSERT ON posting
WHEN EXISTS (SELECT 1 FROM journal_entry WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'rule: an entry cannot gain postings after it is recorded');
END;

CREATE TRIGGER posting_to_control_account BEFORE INSERT ON posting
WHEN (SELECT postable FROM account WHERE account_id = NEW.account_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'rule: a control account takes no postings; post to a unit sub-account');
END;

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

CREATE TRIGGER journal_entry_append_only_update BEFORE UPDATE ON journal_entry
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
CREATE TRIGGER journal_entry_append_only_delete BEFORE DELETE ON journal_entry
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
CREATE TRIGGER posting_append_only_update BEFORE UPDATE ON posting
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
CREATE TRIGGER posting_append_only_delete BEFORE DELETE ON posting
BEGIN
  SELECT RAISE(ABORT, 'rule: the journal is append-only; post a reversing entry');
END;
CREATE TRIGGER closed_period_final_update BEFORE UPDATE ON closed_period
BEGIN
  SELECT RAISE(ABORT, 'rule: a closed period cannot be reopened');
END;
CREATE TRIGGER closed_period_final_delete BEFORE DELETE ON closed_period
BEGIN
  SELECT RAISE(ABORT, 'rule: a closed period cannot be reopened');
END;

-- Running balances, maintained in the transaction that posts. Per account and period (every
-- account, control accounts included): turnover and the closing balance (all postings up to the
-- period's end). Per account and day: turnover, for accounts that are not unit sub-accounts (the
-- bank, income, expense and control accounts: few accounts with many postings). The balance as
-- of a date is the closing of the last period before it plus that period's movement up to the
-- date: from balance_day, or for a unit sub-account (a few postings a month) from its postings.
CREATE TABLE balance_day (
  account_id INTEGER NOT NULL REFERENCES account (account_id),
  day        TEXT NOT NULL,
  debit_fen  INTEGER NOT NULL,
  credit_fen INTEGER NOT NULL,
  PRIMARY KEY (account_id, day),
  CONSTRAINT rule_balance_in_range
    CHECK (debit_fen BETWEEN 0 AND 99999999999999999 AND credit_fen BETWEEN 0 AND 99999999999999999)
) STRICT, WITHOUT ROWID;

CREATE TABLE balance_period (
  account_id  INTEGER NOT NULL REFERENCES account (account_id),
  period      TEXT NOT NULL,
  debit_fen   INTEGER NOT NULL,
  credit_fen  INTEGER NOT NULL,
  closing_fen INTEGER NOT NULL,
  PRIMARY KEY (account_id, period),
  CONSTRAINT rule_balance_in_range
    CHECK (debit_fen BETWEEN 0 AND 99999999999999999 AND credit_fen BETWEEN 0 AND 99999999999999999
           AND closing_fen BETWEEN -99999999999999999 AND 99999999999999999)
) STRICT, WITHOUT ROWID;

-- Merkle log: hashes of complete subtrees at levels 4, 8, 12, ... (level 0 is
-- journal_entry.leaf_hash; other levels are recomputed from the stored level below them).
CREATE TABLE merkle_node (
  level INTEGER NOT NULL CHECK (level > 0 AND level % 4 = 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER merkle_node_append_only_update BEFORE UPDATE ON merkle_node
BEGIN
  SELECT RAISE(ABORT, 'rule: the Merkle log is append-only');
END;
CREATE TRIGGER merkle_node_append_only_delete BEFORE DELETE ON merkle_node
BEGIN
  SELECT RAISE(ABORT, 'rule: the Merkle log is append-only');
END;
