-- The manager's remuneration (酬金): the contract's terms by effective month, and each month's
-- accrual with the computation shown (src/fees/remuneration_accrual.cpp). Both are history:
-- append-only; new terms start in a later month, a month is accrued once.
CREATE TABLE remuneration_terms (
  terms_id        INTEGER PRIMARY KEY,
  effective_from  TEXT NOT NULL UNIQUE CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  basis           TEXT NOT NULL CHECK (basis IN ('fixed', 'percent_of_collected', 'percent_of_billed',
                                                 'percent_of_costs', 'tiered_by_collection_rate')),
  fixed_fen       INTEGER NOT NULL CHECK (fixed_fen >= 0),
  rate_millionths INTEGER NOT NULL CHECK (rate_millionths BETWEEN 0 AND 1000000),
  tiers           TEXT NOT NULL,  -- "bp:millionths,bp:millionths,..." ascending; empty unless tiered
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
) STRICT;

CREATE TABLE remuneration_accrual (
  period           TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  terms_id         INTEGER NOT NULL REFERENCES remuneration_terms (terms_id),
  entry_seq        INTEGER REFERENCES journal_entry (seq),  -- NULL when the amount is 0
  base_fen         INTEGER NOT NULL,
  rate_millionths  INTEGER NOT NULL,
  tier             TEXT NOT NULL,
  collection_rate  TEXT NOT NULL,
  gross_fen        INTEGER NOT NULL,
  deductions_fen   INTEGER NOT NULL,
  deduction_reason TEXT NOT NULL,
  amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
  explanation      TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL
) STRICT;

CREATE TRIGGER remuneration_terms_append_only_update BEFORE UPDATE ON remuneration_terms
BEGIN
  SELECT RAISE(ABORT, 'rule: remuneration terms are history; add terms from a later month');
END;
CREATE TRIGGER remuneration_terms_append_only_delete BEFORE DELETE ON remuneration_terms
BEGIN
  SELECT RAISE(ABORT, 'rule: remuneration terms are history; add terms from a later month');
END;
CREATE TRIGGER remuneration_accrual_append_only_update BEFORE UPDATE ON remuneration_accrual
BEGIN
  SELECT RAISE(ABORT, 'rule: an accrual is final; correct it with a reversing entry');
END;
CREATE TRIGGER remuneration_accrual_append_only_delete BEFORE DELETE ON remuneration_accrual
BEGIN
  SELECT RAISE(ABORT, 'rule: an accrual is final; correct it with a reversing entry');
END;
