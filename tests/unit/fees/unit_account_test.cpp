// A resident's account: bills, payments, prepayment and arrears of one unit.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/unit_account.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("a resident's account shows bills, payments with receipts, prepayment and arrears") {
  TempEstate estate("fees-unit-account", 2);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);  // 80.38 m² at 2.00 = 160.76
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  for (const char* m : {"2026-08", "2026-09", "2026-10"})
    fees::bill_month(books, Period::parse(m), "user:t"_actor);
  testing::record(books, testing::pay(unit, "200.00", "2026-09-10", "wx-1"));
  testing::record(books, testing::pay(TempEstate::unit(2), "10.00", "2026-09-10", "wx-2"));

  const fees::UnitAccount a = fees::unit_account(books, unit, Date::parse("2026-10-15"));
  REQUIRE(a.bills.size() == 3);
  CHECK(a.bills[0].settled == yuan("160.76"));
  CHECK(a.bills[0].open == money::Amount());
  CHECK(a.bills[0].settled_on == Date::parse("2026-09-10"));
  CHECK(a.bills[1].settled == yuan("39.24"));
  CHECK(a.bills[1].open == yuan("121.52"));
  CHECK_FALSE(a.bills[1].settled_on);
  REQUIRE(a.payments.size() == 1);
  CHECK(a.payments[0].reference == "wx-1");
  CHECK(a.payments[0].receipt_no == 1);
  CHECK(a.payments[0].channel == fees::PaymentChannel::wechat_pay);
  CHECK(a.prepayment == money::Amount());
  CHECK(a.arrears.total() == yuan("282.28"));                         // 121.52 (Sep) + 160.76 (Oct)
  CHECK(a.arrears[fees::AgingBucket::days_31_90] == yuan("121.52"));  // 44 days
  CHECK(a.arrears[fees::AgingBucket::days_0_30] == yuan("160.76"));   // 14 days
  CHECK(testing::error_of([&] {
          fees::unit_account(books, "0-0-0000", Date::parse("2026-10-15"));
        }).type() == "unit-unknown");
}
