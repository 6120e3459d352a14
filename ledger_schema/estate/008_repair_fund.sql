-- The repair fund (专项维修资金, src/repairfund/): per-unit deposits, the estate's repair
-- settings, owners' votes and ballots, repair projects with their quotes, documents, events,
-- staged payments and the final per-unit cost split. Money moves only as journal entries (and,
-- out of the fund, only by two-signature escrow orders); these tables keep the detail.
-- History is append-only; a project row changes state as it moves on, its events are kept.

-- Deposits into unit sub-accounts: the first one (the base of the top-up rule) and top-ups.
CREATE TABLE repair_deposit (
  deposit_id  INTEGER PRIMARY KEY,
  unit_code   TEXT NOT NULL REFERENCES unit (code),
  kind        TEXT NOT NULL CHECK (kind IN ('first', 'top_up')),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  received_on TEXT NOT NULL,
  entry_seq   INTEGER NOT NULL REFERENCES journal_entry (seq),
  recorded_by TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX repair_deposit_one_first ON repair_deposit (unit_code) WHERE kind = 'first';
CREATE INDEX repair_deposit_by_unit ON repair_deposit (unit_code, deposit_id);

-- Repair settings, versioned by the date they take effect.
CREATE TABLE repair_settings (
  settings_id           INTEGER PRIMARY KEY,
  effective_from        TEXT NOT NULL UNIQUE,
  jurisdiction          TEXT NOT NULL,
  developer_ref         TEXT NOT NULL,
  top_up_share_ppm      INTEGER NOT NULL CHECK (top_up_share_ppm BETWEEN 0 AND 1000000),
  min_quotes            INTEGER NOT NULL CHECK (min_quotes BETWEEN 1 AND 10),
  advance_cap_ppm       INTEGER NOT NULL CHECK (advance_cap_ppm BETWEEN 0 AND 1000000),
  retention_ppm         INTEGER NOT NULL CHECK (retention_ppm BETWEEN 0 AND 1000000),
  overrun_share_ppm     INTEGER NOT NULL CHECK (overrun_share_ppm BETWEEN 0 AND 1000000),
  overrun_min_fen       INTEGER NOT NULL CHECK (overrun_min_fen >= 0),
  warranty_months       INTEGER NOT NULL CHECK (warranty_months BETWEEN 0 AND 120),
  set_at                TEXT NOT NULL,
  set_by                TEXT NOT NULL
) STRICT;

-- Owners' votes. scope and the snapshot of voters are JSON (units and areas as of opening).
CREATE TABLE owner_vote (
  vote_id       INTEGER PRIMARY KEY,
  vote_ref      TEXT NOT NULL UNIQUE,
  question      TEXT NOT NULL,
  matter        TEXT NOT NULL CHECK (matter IN ('use_fund', 'raise_fund', 'change_use', 'ordinary')),
  rule_set      TEXT NOT NULL,
  scope         TEXT NOT NULL,
  voters        TEXT NOT NULL,
  opened_on     TEXT NOT NULL,
  closes_on     TEXT NOT NULL,
  allow_change  INTEGER NOT NULL CHECK (allow_change IN (0, 1)),
  closed_at     TEXT,
  result        TEXT,
  opened_by     TEXT NOT NULL
) STRICT;

CREATE TABLE owner_ballot (
  ballot_id   INTEGER PRIMARY KEY,
  vote_id     INTEGER NOT NULL REFERENCES owner_vote (vote_id),
  owner_ref   TEXT NOT NULL,
  choice      TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
  cast_on     TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX owner_ballot_by_vote ON owner_ballot (vote_id, owner_ref, ballot_id);

CREATE TABLE repair_project (
  project_id   INTEGER PRIMARY KEY,
  project_ref  TEXT NOT NULL UNIQUE,
  state        TEXT NOT NULL CHECK (state IN ('proposed', 'voting', 'emergency', 'approved',
                                               'rejected', 'contracted', 'in_works', 'accepted',
                                               'settled', 'warranty', 'closed')),
  body         TEXT NOT NULL,  -- canonical JSON of the proposal (title, category, scope, ...)
  budget_fen   INTEGER NOT NULL CHECK (budget_fen BETWEEN 1 AND 99999999999999999),
  approved_fen INTEGER NOT NULL CHECK (approved_fen >= 0),  -- budget approved so far
  vote_id      INTEGER REFERENCES owner_vote (vote_id),
  contract     TEXT,           -- canonical JSON of the contract, once contracted
  accepted_on  TEXT,
  final_fen    INTEGER,
  warranty_end TEXT,
  settle_seq   INTEGER REFERENCES journal_entry (seq),
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL
) STRICT;

CREATE TABLE repair_project_event (
  event_id   INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES repair_project (project_id),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  event      TEXT NOT NULL,
  detail     TEXT NOT NULL
) STRICT;
CREATE INDEX repair_project_event_by_project ON repair_project_event (project_id, event_id);

-- Staged payments: each an escrow order (two signatures) of the repair fund.
CREATE TABLE repair_payment (
  payment_id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES repair_project (project_id),
  stage      TEXT NOT NULL CHECK (stage IN ('advance', 'progress', 'balance', 'retention')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 99999999999999999),
  order_no   INTEGER NOT NULL UNIQUE REFERENCES disbursement_order (order_no),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX repair_payment_by_project ON repair_payment (project_id, payment_id);

-- The final cost charged to each unit in scope, by area, exactly (the settlement entry).
CREATE TABLE repair_charge (
  project_id INTEGER NOT NULL REFERENCES repair_project (project_id),
  unit_code  TEXT NOT NULL REFERENCES unit (code),
  area_hundredths_m2 INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  PRIMARY KEY (project_id, unit_code)
) STRICT;

CREATE TRIGGER repair_deposit_append_only_update BEFORE UPDATE ON repair_deposit
BEGIN SELECT RAISE(ABORT, 'rule: deposits are history'); END;
CREATE TRIGGER repair_deposit_append_only_delete BEFORE DELETE ON repair_deposit
BEGIN SELECT RAISE(ABORT, 'rule: deposits are history'); END;
CREATE TRIGGER repair_settings_append_only_update BEFORE UPDATE ON repair_settings
BEGIN SELECT RAISE(ABORT, 'rule: settings are history; add new ones'); END;
CREATE TRIGGER repair_settings_append_only_delete BEFORE DELETE ON repair_settings
BEGIN SELECT RAISE(ABORT, 'rule: settings are history; add new ones'); END;
CREATE TRIGGER owner_ballot_append_only_update BEFORE UPDATE ON owner_ballot
BEGIN SELECT RAISE(ABORT, 'rule: ballots are history; cast a new one if the vote allows'); END;
CREATE TRIGGER owner_ballot_append_only_delete BEFORE DELETE ON owner_ballot
BEGIN SELECT RAISE(ABORT, 'rule: ballots are history'); END;
CREATE TRIGGER owner_ballot_while_open BEFORE INSERT ON owner_ballot
WHEN (SELECT closed_at FROM owner_vote WHERE vote_id = NEW.vote_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'rule: the vote is closed'); END;
CREATE TRIGGER owner_vote_closed_final BEFORE UPDATE ON owner_vote
WHEN OLD.closed_at IS NOT NULL OR NEW.voters <> OLD.voters OR NEW.scope <> OLD.scope
  OR NEW.matter <> OLD.matter OR NEW.rule_set <> OLD.rule_set OR NEW.opened_on <> OLD.opened_on
BEGIN SELECT RAISE(ABORT, 'rule: a vote is fixed when opened and final when closed'); END;
CREATE TRIGGER owner_vote_no_delete BEFORE DELETE ON owner_vote
BEGIN SELECT RAISE(ABORT, 'rule: votes are history'); END;
CREATE TRIGGER repair_project_no_delete BEFORE DELETE ON repair_project
BEGIN SELECT RAISE(ABORT, 'rule: projects are history'); END;
CREATE TRIGGER repair_project_closed_final BEFORE UPDATE ON repair_project
WHEN OLD.state IN ('rejected', 'closed') OR NEW.body <> OLD.body
BEGIN SELECT RAISE(ABORT, 'rule: a proposal is fixed; a rejected or closed project is final'); END;
CREATE TRIGGER repair_project_event_append_only_update BEFORE UPDATE ON repair_project_event
BEGIN SELECT RAISE(ABORT, 'rule: project events are history'); END;
CREATE TRIGGER repair_project_event_append_only_delete BEFORE DELETE ON repair_project_event
BEGIN SELECT RAISE(ABORT, 'rule: project events are history'); END;
CREATE TRIGGER repair_payment_append_only_update BEFORE UPDATE ON repair_payment
BEGIN SELECT RAISE(ABORT, 'rule: payments are history'); END;
CREATE TRIGGER repair_payment_append_only_delete BEFORE DELETE ON repair_payment
BEGIN SELECT RAISE(ABORT, 'rule: payments are history'); END;
CREATE TRIGGER repair_charge_append_only_update BEFORE UPDATE ON repair_charge
BEGIN SELECT RAISE(ABORT, 'rule: cost splits are history'); END;
CREATE TRIGGER repair_charge_append_only_delete BEFORE DELETE ON repair_charge
BEGIN SELECT RAISE(ABORT, 'rule: cost splits are history'); END;
