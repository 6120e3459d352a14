-- Public revenue (公共收益): the voucher behind each cost charged to it, and the transfers of a
-- share of its net to the repair fund (src/fees/public_revenue.cpp). History: append-only.
CREATE TABLE public_revenue_voucher (
  entry_seq  INTEGER PRIMARY KEY REFERENCES journal_entry (seq),
  voucher_no TEXT NOT NULL CHECK (length(voucher_no) BETWEEN 1 AND 64),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  payee      TEXT NOT NULL CHECK (length(payee) BETWEEN 1 AND 200)
) STRICT;

-- One transfer per range of months; ranges never overlap (checked in code and by the trigger).
CREATE TABLE public_revenue_transfer (
  from_period     TEXT PRIMARY KEY CHECK (from_period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  to_period       TEXT NOT NULL CHECK (to_period >= from_period),
  net_fen         INTEGER NOT NULL,
  share_millionths INTEGER NOT NULL CHECK (share_millionths BETWEEN 0 AND 1000000),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
  entry_seq       INTEGER REFERENCES journal_entry (seq),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
) STRICT;

CREATE TRIGGER public_revenue_transfer_no_overlap BEFORE INSERT ON public_revenue_transfer
BEGIN
  SELECT RAISE(ABORT, 'rule: public revenue transfer ranges must not overlap')
  WHERE EXISTS (SELECT 1 FROM public_revenue_transfer
                WHERE NOT (to_period < NEW.from_period OR from_period > NEW.to_period));
END;
CREATE TRIGGER public_revenue_voucher_append_only_update BEFORE UPDATE ON public_revenue_voucher
BEGIN
  SELECT RAISE(ABORT, 'rule: vouchers are history');
END;
CREATE TRIGGER public_revenue_voucher_append_only_delete BEFORE DELETE ON public_revenue_voucher
BEGIN
  SELECT RAISE(ABORT, 'rule: vouchers are history');
END;
CREATE TRIGGER public_revenue_transfer_append_only_update BEFORE UPDATE ON public_revenue_transfer
BEGIN
  SELECT RAISE(ABORT, 'rule: transfers are history; correct them with a reversing entry');
END;
CREATE TRIGGER public_revenue_transfer_append_only_delete BEFORE DELETE ON public_revenue_transfer
BEGIN
  SELECT RAISE(ABORT, 'rule: transfers are history; correct them with a reversing entry');
END;
