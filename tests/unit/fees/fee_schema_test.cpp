// The fee tables' own rules (ledger_schema/estate/010_fee_rows.sql), the second line of defence
// behind the fee code, and the migration of an estate written before 010.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/store/database.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

namespace {

ledger::Books billed_estate(TempEstate& estate, std::initializer_list<const char*> months) {
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  for (const char* m : months)
    fees::bill_month(books, Period::parse(m), "user:t"_actor);
  return books;
}

void refused(store::Database& db, const std::string& sql) {
  INFO(sql);
  const Error e = testing::error_of([&] { db.exec(sql); });
  CHECK(e.kind() == ErrorKind::rule_violation);
}

// The fee tables as 003_fees.sql made them (fee_payment, fee_settlement and fee_receipt, their
// indexes and triggers, and fee_bill's settled_on trigger and index), rebuilt from the current
// rows: an estate as trustfund left it before 010. The receipts are added by the caller.
constexpr const char* kLayout003 = R"sql(
CREATE TEMP TABLE old_payment AS SELECT * FROM fee_payment;
CREATE TEMP TABLE old_settlement AS SELECT * FROM fee_settlement;
DROP TABLE fee_settlement;
DROP TABLE fee_payment;
DROP TRIGGER fee_bill_settled_once;
DROP INDEX fee_bill_by_settled_on;
CREATE INDEX fee_bill_by_settled_on ON fee_bill (settled_on, bill_date);
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
CREATE TABLE fee_receipt (
  receipt_no INTEGER PRIMARY KEY CHECK (receipt_no >= 1),
  payment_id INTEGER NOT NULL UNIQUE REFERENCES fee_payment (payment_id),
  canonical  TEXT NOT NULL,
  sha256     BLOB NOT NULL CHECK (length(sha256) = 32),
  issued_at  TEXT NOT NULL
) STRICT;
INSERT INTO fee_payment SELECT payment_id, unit_code, amount_fen, channel, reference, received_on,
  memo, prepaid_fen, entry_seq, recorded_at, recorded_by FROM old_payment ORDER BY payment_id;
INSERT INTO fee_settlement SELECT * FROM old_settlement ORDER BY settlement_id;
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
CREATE TRIGGER fee_bill_settled_once BEFORE UPDATE ON fee_bill
WHEN OLD.settled_on IS NOT NULL OR NEW.settled_on IS NULL
  OR (SELECT coalesce(sum(amount_fen), 0) FROM fee_settlement WHERE bill_id = OLD.bill_id)
     <> OLD.amount_fen
BEGIN
  SELECT RAISE(ABORT, 'rule: a bill is history; only its settled date is set, once, when settled');
END;
CREATE TRIGGER fee_payment_append_only_update BEFORE UPDATE ON fee_payment
BEGIN
  SELECT RAISE(ABORT, 'rule: payments are history; post a refund or correction');
END;
CREATE TRIGGER fee_receipt_append_only_delete BEFORE DELETE ON fee_receipt
BEGIN
  SELECT RAISE(ABORT, 'rule: receipts are history');
END;
DELETE FROM schema_migration WHERE name = '010_fee_rows';
)sql";

struct Issued {
  std::vector<fees::Receipt> receipts;
  testing::FeeFingerprint fingerprint;
  fees::ArrearsReport arrears;
};

// An estate with three payments (one settling two bills and leaving a prepayment, one with a
// memo, one settling nothing) and a billing run applying the prepayment, put back into the
// layout of 003_fees.sql with its receipts, except `skip_receipt` (0: none skipped).
Issued legacy_estate(TempEstate& estate, std::int64_t skip_receipt) {
  ledger::Books books = billed_estate(estate, {"2026-09", "2026-10"});
  testing::record(books, testing::pay(TempEstate::unit(1), "400.00", "2026-10-05", "wx-42"));
  auto p = testing::pay(TempEstate::unit(2), "100.00", "2026-10-06", "HB-1",
                        fees::PaymentChannel::bank_transfer);
  p.memo = "王先生 转账";
  testing::record(books, p);
  fees::bill_month(books, Period::parse("2026-11"), "user:t"_actor);
  testing::record(books, testing::pay(TempEstate::unit(3), "0.01", "2026-11-02", "c-1",
                                      fees::PaymentChannel::cash));
  Issued out;
  for (std::int64_t no = 1; no <= 3; ++no)
    out.receipts.push_back(fees::receipt(books, no));
  out.receipts[1].issued_at = "2026-10-06T08:00:01Z";  // issued a second after it was recorded
  out.fingerprint = testing::fingerprint(books);
  out.arrears = fees::arrears(books, Date::parse("2026-11-30"));

  store::Database& db = books.database();
  db.exec(kLayout003);
  for (const fees::Receipt& r : out.receipts) {
    if (r.no == skip_receipt)
      continue;
    db.cached("INSERT INTO fee_receipt VALUES (?1, ?2, ?3, unhex(?4), ?5)")
        .bind(1, r.no)
        .bind(2, r.payment_id)
        .bind(3, r.canonical_json)
        .bind(4, r.sha256_hex)
        .bind(5, r.issued_at)
        .run();
  }
  return out;
}

}  // namespace

TEST_CASE("settlements never exceed their bill, also several to a statement") {
  TempEstate estate("fees-schema-settle", 1);
  ledger::Books books = billed_estate(estate, {"2026-10"});  // one bill of 160.76
  store::Database& db = books.database();
  const std::string row = "(1, '2026-10-05', 10000, NULL, 0)";
  const std::string insert =
      "INSERT INTO fee_settlement (bill_id, settled_on, amount_fen, payment_id, entry_seq) VALUES ";
  refused(db, insert + "(1, '2026-10-05', 16077, NULL, 0)");
  refused(db, insert + row + ", " + row);  // each fits, both do not
  CHECK(db.query_int64("SELECT count(*) FROM fee_settlement") == 0);
  db.exec(insert + row);
  CHECK(db.query_int64("SELECT count(*) FROM fee_settlement") == 1);
}

TEST_CASE("a bill's settled date is set once, when its settlements cover it, to the last one") {
  TempEstate estate("fees-schema-bill", 1);
  ledger::Books books = billed_estate(estate, {"2026-10"});
  store::Database& db = books.database();
  refused(db, "UPDATE fee_bill SET settled_on = '2026-10-05'");  // nothing settled yet
  db.exec(
      "INSERT INTO fee_settlement (bill_id, settled_on, amount_fen, payment_id, entry_seq) VALUES"
      " (1, '2026-10-05', 10000, NULL, 0), (1, '2026-10-07', 6076, NULL, 0)");
  refused(db, "UPDATE fee_bill SET settled_on = '2026-10-05'");  // not the last settlement
  refused(db, "UPDATE fee_bill SET settled_on = '2026-10-07', amount_fen = 16077");
  refused(db, "UPDATE fee_bill SET period = '2026-11'");
  db.exec("UPDATE fee_bill SET settled_on = '2026-10-07'");
  refused(db, "UPDATE fee_bill SET settled_on = '2026-10-08'");  // once
  CHECK(db.query_int64("SELECT count(*) FROM fee_bill WHERE settled_on = '2026-10-07'") == 1);
}

TEST_CASE("a payment row keeps its limits and its references") {
  TempEstate estate("fees-schema-payment", 1);
  ledger::Books books = estate.open();
  testing::record(books, testing::pay(TempEstate::unit(1), "1.00", "2026-10-05", "a"));
  store::Database& db = books.database();
  const auto row = [](const std::string& unit, const std::string& channel,
                      const std::string& reference, const char* entry) {
    return "INSERT INTO fee_payment (payment_id, unit_code, amount_fen, channel, reference,"
           " received_on, memo, prepaid_fen, entry_seq, recorded_at, recorded_by, receipt_no,"
           " receipt_sha256, previous_id) VALUES (2, '" +
           unit + "', 1, '" + channel + "', '" + reference + "', '2026-10-05', '', 1, " + entry +
           ", 'now', 'me', 2, zeroblob(32), 1)";
  };
  const std::string unit = TempEstate::unit(1);
  const auto constraint = [&](const std::string& sql) {
    INFO(sql);
    CHECK_THROWS_AS(db.exec(sql), Error);
  };
  constraint(row(unit, "paypal", "b", "0"));
  constraint(row(unit, "cash", "", "0"));
  constraint(row(unit, "cash", std::string(101, 'x'), "0"));
  constraint(row(unit, "wechat_pay", "a", "0"));  // the same channel and reference
  constraint(row("9-9-9999", "cash", "b", "0"));
  constraint(row(unit, "cash", "b", "999"));
  CHECK(db.query_int64("SELECT count(*) FROM fee_payment") == 1);
  db.exec(row(unit, "cash", "b", "0"));
  CHECK(db.query_int64("SELECT count(*) FROM fee_payment") == 2);
}

TEST_CASE("a row refused in the middle of a batch leaves nothing of the import behind") {
  TempEstate estate("fees-schema-batch-fault", 3);
  ledger::Books books = billed_estate(estate, {"2026-09", "2026-10"});
  store::Database& db = books.database();
  std::vector<fees::PaymentInput> rows;
  for (int i = 0; i < 100; ++i) {
    std::string reference = std::to_string(1000 + i);
    rows.push_back(testing::pay(TempEstate::unit(1 + i % 3), "10.00", "2026-10-05", reference));
  }
  const auto before = testing::fingerprint(books);
  for (const char* fault : {
           // The 21st payment (in the third statement), a settlement and a bill's settled_on.
           "CREATE TEMP TRIGGER fault BEFORE INSERT ON main.fee_payment WHEN NEW.payment_id = 21"
           " BEGIN SELECT RAISE(ABORT, 'rule: injected'); END",
           "CREATE TEMP TRIGGER fault BEFORE INSERT ON main.fee_settlement WHEN NEW.payment_id = 40"
           " BEGIN SELECT RAISE(ABORT, 'rule: injected'); END",
           "CREATE TEMP TRIGGER fault BEFORE UPDATE ON main.fee_bill WHEN NEW.bill_id = 4"
           " BEGIN SELECT RAISE(FAIL, 'rule: injected'); END",
       }) {
    INFO(fault);
    db.exec(fault);
    CHECK_THROWS_AS(fees::record_payments(books, rows, "user:t"_actor), Error);
    CHECK(testing::fingerprint(books) == before);
    db.exec("DROP TRIGGER temp.fault");
  }
  const fees::PaymentImportResult ok = fees::record_payments(books, rows, "user:t"_actor);
  REQUIRE(ok.ok());
  CHECK(ok.payments.back().receipt_no == 100);
  CHECK(fees::receipt(books, 21).amount == yuan("10.00"));
  testing::check_reconciled(books);
}

TEST_CASE("010 moves the receipts of an existing estate onto its payments") {
  TempEstate estate("fees-migrate-010", 3);
  const Issued issued = legacy_estate(estate, 0);
  ledger::Books books = estate.open();  // applies 010
  store::Database& db = books.database();
  CHECK(db.query_int64("SELECT count(*) FROM schema_migration WHERE name = '010_fee_rows'") == 1);
  CHECK(db.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'fee_receipt'") == 0);
  for (const fees::Receipt& was : issued.receipts) {
    INFO(was.no);
    const fees::Receipt now = fees::receipt(books, was.no);
    CHECK(now.canonical_json == was.canonical_json);
    CHECK(now.sha256_hex == was.sha256_hex);
    CHECK(now.issued_at == was.issued_at);
  }
  CHECK(db.query_int64("SELECT count(*) FROM fee_payment WHERE receipt_issued_at IS NOT NULL") ==
        1);
  CHECK(testing::fingerprint(books) == issued.fingerprint);
  const fees::ArrearsReport arrears = fees::arrears(books, Date::parse("2026-11-30"));
  CHECK(arrears.total.total() == issued.arrears.total.total());
  CHECK(arrears.total.open_bills == issued.arrears.total.open_bills);
  testing::check_reconciled(books);
  // And the estate goes on: the next payment gets the next receipt, gaps are still refused.
  CHECK(testing::record(books, testing::pay(TempEstate::unit(3), "1.00", "2026-11-03", "c-2"))
            .receipt_no == 4);
  CHECK_THROWS_AS(db.exec("INSERT INTO fee_payment SELECT 6, unit_code, amount_fen, channel, 'c-9',"
                          " received_on, memo, prepaid_fen, entry_seq, recorded_at, recorded_by, 6,"
                          " receipt_sha256, NULL, 5 FROM fee_payment WHERE payment_id = 4"),
                  Error);  // no payment 5 before it
  CHECK(db.query_int64("SELECT max(payment_id) FROM fee_payment") == 4);
}

TEST_CASE("010 refuses an estate with a payment that has no receipt") {
  TempEstate estate("fees-migrate-010-missing", 3);
  legacy_estate(estate, 3);
  CHECK_THROWS_AS(estate.open(), Error);
}
