// Bulk payment import: all or nothing, every bad row reported; and the benchmarks.
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "fees_fixture.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/store/database.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

namespace {

std::string code(int i) {
  std::string c = "8-1-";
  c.append(std::to_string(100'000 + i));
  return c;
}

// `units` units of 90.00 m² billed at 2.00 (180.00 a month), fees from 2020-01-01.
ledger::Books big_estate(TempEstate& estate, int units) {
  ledger::Books books = estate.open();
  store::Transaction tx(books.database());
  for (int i = 0; i < units; ++i)
    books.add_unit({code(i), "residential", money::Area::parse("90.00"), "owner"});
  testing::per_m2(books, "2020-01", "2.00");
  testing::fees_start_on(books, "2020-01-01");
  tx.commit();
  return books;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("a bulk import is all or nothing and reports every bad row") {
  TempEstate estate("fees-import-errors", 3);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-10"), "user:t");
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
  const fees::PaymentImportResult bad = fees::record_payments(books, rows, "user:t");
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
  const fees::PaymentImportResult ok = fees::record_payments(
      books, rows, "user:t", ledger::ActionRecord{"user:t", "", "import_payments", "", "8 rows"});
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
  testing::check_reconciled(books);
}

TEST_CASE("a failure after the journal entries are written leaves nothing behind") {
  TempEstate estate("fees-fault", 2);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-09"), "user:t");
  testing::record(books, testing::pay(TempEstate::unit(1), "1000.00", "2026-09-05", "pre"));
  store::Database& db = books.database();
  const auto before = testing::fingerprint(books);

  // Fault injection: the last row a payment writes, and a prepayment applied at billing, fail.
  db.exec(
      "CREATE TEMP TRIGGER fail_receipt BEFORE INSERT ON main.fee_receipt"
      " BEGIN SELECT RAISE(ABORT, 'rule: injected'); END;"
      "CREATE TEMP TRIGGER fail_settlement BEFORE INSERT ON main.fee_settlement"
      " WHEN NEW.payment_id IS NULL BEGIN SELECT RAISE(ABORT, 'rule: injected'); END;");
  CHECK_THROWS_AS(
      testing::record(books, testing::pay(TempEstate::unit(2), "10.00", "2026-10-05", "x")), Error);
  CHECK(testing::fingerprint(books) == before);
  CHECK_THROWS_AS(fees::bill_month(books, Period::parse("2026-10"), "user:t",
                                   ledger::ActionRecord{"user:t", "", "bill_month", "", ""}),
                  Error);
  CHECK(testing::fingerprint(books) == before);

  db.exec("DROP TRIGGER temp.fail_receipt; DROP TRIGGER temp.fail_settlement;");
  CHECK(testing::record(books, testing::pay(TempEstate::unit(2), "10.00", "2026-10-05", "x"))
            .receipt_no == 2);
  const fees::BillingResult oct = fees::bill_month(books, Period::parse("2026-10"), "user:t");
  CHECK(oct.bills_created == 2);
  CHECK(oct.prepayment_applied == yuan("160.76"));
  testing::check_reconciled(books);
}

TEST_CASE("bulk import of 100,000 payments", "[.bench]") {
  TempEstate estate("fees-bench-import", 0);
  ledger::Books books = big_estate(estate, 10'000);
  if (const char* cache = std::getenv("TF_BENCH_CACHE_KIB")) {  // e.g. 65536: a larger page cache
    std::string pragma = "PRAGMA cache_size = -";
    pragma.append(cache);
    books.database().exec(pragma);
  }
  auto t0 = std::chrono::steady_clock::now();
  const fees::BillingResult bill = fees::bill_month(books, Period::parse("2026-01"), "user:t");
  std::cout << "bill_month: " << bill.bills_created << " bills in " << seconds_since(t0) << " s\n";
  CHECK(bill.bills_created == 10'000);
  std::vector<fees::PaymentInput> rows;
  rows.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) {
    std::string ref = "bench-";
    ref.append(std::to_string(i));
    rows.push_back({code(i % 10'000), money::Amount::from_fen(5'000 + i % 7),
                    fees::PaymentChannel::bank_transfer, std::move(ref),
                    Date::parse("2026-01-01").plus_days(i % 28), ""});
  }
  t0 = std::chrono::steady_clock::now();
  const fees::PaymentImportResult r = fees::record_payments(books, rows, "user:t");
  const double s = seconds_since(t0);
  REQUIRE(r.ok());
  std::cout << "record_payments: 100000 rows in " << s << " s = " << static_cast<long>(100'000 / s)
            << " rows/s, " << r.entries.size() << " entries\n";
  t0 = std::chrono::steady_clock::now();
  const fees::BillingResult feb = fees::bill_month(books, Period::parse("2026-02"), "user:t");
  std::cout << "bill_month with prepayments: " << feb.bills_created << " bills, "
            << feb.prepayment_units << " prepayments applied in " << seconds_since(t0) << " s\n";
  CHECK(books.verify().ok());
}

TEST_CASE("arrears of 10,000 units over five years", "[.bench]") {
  TempEstate estate("fees-bench-arrears", 0);
  ledger::Books books = big_estate(estate, 10'000);
  Period month = Period::parse("2021-01");
  auto t0 = std::chrono::steady_clock::now();
  for (int m = 0; m < 60; ++m, month = month.next()) {
    fees::bill_month(books, month, "user:t");
    // Nine units in ten pay each month in full; the rest fall behind.
    std::vector<fees::PaymentInput> rows;
    for (int i = 0; i < 10'000; ++i) {
      if (i % 10 == 9)
        continue;
      std::string ref = month.to_string();
      ref.append("-").append(std::to_string(i));
      rows.push_back({code(i), yuan("180.00"), fees::PaymentChannel::wechat_pay, std::move(ref),
                      month.first_day().plus_days(9), ""});
    }
    REQUIRE(fees::record_payments(books, rows, "user:t").ok());
  }
  std::cout << "60 months billed and paid in " << seconds_since(t0) << " s\n";
  t0 = std::chrono::steady_clock::now();
  const fees::ArrearsReport r = fees::arrears(books, Date::parse("2025-12-31"));
  std::cout << "arrears over " << r.units.size() << " units, " << r.total.open_bills
            << " open bills: " << seconds_since(t0) * 1000 << " ms\n";
  CHECK(r.total.open_bills == 60'000);
  t0 = std::chrono::steady_clock::now();
  const fees::ArrearsReport mid = fees::arrears(books, Date::parse("2023-06-15"));
  std::cout << "arrears as of 2023-06-15 (" << mid.total.open_bills
            << " open bills): " << seconds_since(t0) * 1000 << " ms\n";
}
