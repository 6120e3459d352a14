// Bulk payment import: all or nothing, every bad row reported. (The timings are in
// bench/fees_bench.cpp: trustfund_bench fees.)
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/store/database.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("a bulk import is all or nothing and reports every bad row") {
  TempEstate estate("fees-import-errors", 3);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);
  books.close_period(Period::parse("2026-09"), "user:t");
  testing::record(books, testing::pay(TempEstate::unit(3), "5.00", "2026-10-01", "old"));
  const auto u = [](int i) { return TempEstate::unit(i); };
  std::vector<fees::PaymentInput> rows = {
      testing::pay(u(1), "100.00", "2026-10-05", "r0"),      // good
      testing::pay(u(1), "0", "2026-10-05", "r1"),           // zero
      testing::pay("0-0-0000", "1.00", "2026-10-05", "r2"),  // unknown unit
      testing::pay(u(2), "300.00", "2026-10-06", "r3"),      // good
      testing::pay(u(2), "300.01", "2026-10-06", "r0"),      // r0 again, another amount
      testing::pay(u(2), "1.00", "2026-09-30", "r5"),        // closed month
      testing::pay(u(3), "6.00", "2026-10-01", "old"),       // recorded before, other amount
      testing::pay(u(1), "100.00", "2026-10-05", "r0"),      // same as row 0: a replay, fine
  };
  const auto before = testing::fingerprint(books);
  const fees::PaymentImportResult bad = fees::record_payments(books, rows, "user:t"_actor);
  CHECK_FALSE(bad.ok());
  REQUIRE(bad.errors.size() == 5);
  CHECK(bad.errors[0].row == 1);
  CHECK(bad.errors[0].type == "payment-amount");
  CHECK(bad.errors[1].row == 2);
  CHECK(bad.errors[1].type == "unit-unknown");
  CHECK(bad.errors[2].row == 4);
  CHECK(bad.errors[2].type == "payment-reference-reused");
  CHECK(bad.errors[3].row == 5);
  CHECK(bad.errors[3].type == "period-closed");
  CHECK(bad.errors[4].row == 6);
  CHECK(bad.errors[4].kind == ErrorKind::conflict);
  CHECK(bad.payments.empty());
  CHECK(testing::fingerprint(books) == before);

  // Fixed, the same file goes in whole: one entry per day received.
  rows[1].amount = yuan("1.00");
  rows[2].unit_code = u(3);
  rows[4].reference = "r4";
  rows[5].received_on = Date::parse("2026-10-30");
  rows[6].amount = yuan("5.00");
  const fees::PaymentImportResult ok = fees::record_payments(books, rows, "user:t"_actor);
  REQUIRE(ok.ok());
  REQUIRE(ok.payments.size() == rows.size());
  CHECK(ok.entries.size() == 3);  // 10-05, 10-06, 10-30
  CHECK(ok.payments[6].replayed);
  CHECK(ok.payments[7].replayed);
  CHECK(ok.payments[7].payment_id == ok.payments[0].payment_id);
  CHECK(ok.payments[0].receipt_no == 2);
  CHECK(ok.payments[5].receipt_no == 7);
  // Unit 1: 100.00 then 1.00 against its 160.76 bill; unit 2: 300.00 + 300.01 + 1.00 against
  // 161.50, the rest prepaid.
  CHECK(ok.payments[1].settled[0].amount == yuan("1.00"));
  CHECK(ok.payments[3].prepayment == yuan("138.50"));
  CHECK(ok.payments[4].prepayment == yuan("300.01"));
  const ledger::RecordedEntry day6 = books.entry(ok.payments[3].entry_seq);
  REQUIRE(day6.postings.size() == 3);  // OP.1002, OP.1122@u2, OP.2203@u2
  CHECK(day6.postings[0].amount == yuan("600.01"));
  CHECK(day6.postings[2].amount == yuan("-438.51"));
  CHECK(ledger::action_count(books.database()) == before.actions + 1);
  const ledger::LoggedAction logged =
      ledger::list_actions(books.database(), before.actions - 1, 1)[0];
  CHECK(logged.record.actor == "user:t");
  CHECK(logged.record.action == "import_payments");
  CHECK(logged.record.target == "estate:t");
  CHECK(logged.record.detail == "8 payments");
  testing::check_reconciled(books);
}

TEST_CASE("a failure after the journal entries are written leaves nothing behind") {
  TempEstate estate("fees-fault", 2);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-09"), "user:t"_actor);
  testing::record(books, testing::pay(TempEstate::unit(1), "1000.00", "2026-09-05", "pre"));
  store::Database& db = books.database();
  const auto before = testing::fingerprint(books);

  // Fault injection: a payment's row (written after its journal entry), and a prepayment
  // applied at billing, fail.
  db.exec(
      "CREATE TEMP TRIGGER fail_payment BEFORE INSERT ON main.fee_payment"
      " BEGIN SELECT RAISE(ABORT, 'rule: injected'); END;"
      "CREATE TEMP TRIGGER fail_settlement BEFORE INSERT ON main.fee_settlement"
      " WHEN NEW.payment_id IS NULL BEGIN SELECT RAISE(ABORT, 'rule: injected'); END;");
  CHECK_THROWS_AS(
      testing::record(books, testing::pay(TempEstate::unit(2), "10.00", "2026-10-05", "x")), Error);
  CHECK(testing::fingerprint(books) == before);
  CHECK_THROWS_AS(fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor), Error);
  CHECK(testing::fingerprint(books) == before);

  db.exec("DROP TRIGGER temp.fail_payment; DROP TRIGGER temp.fail_settlement;");
  CHECK(testing::record(books, testing::pay(TempEstate::unit(2), "10.00", "2026-10-05", "x"))
            .receipt_no == 2);
  const fees::BillingResult oct = fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);
  CHECK(oct.bills_created == 2);
  CHECK(oct.prepayment_applied == yuan("160.76"));
  testing::check_reconciled(books);
}
