// Arrears as of a date, aged from the bill date: 0-30, 31-90, 91-180, over 180 days.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/arrears.h"

using namespace trustfund;
using fees::AgingBucket;
using testing::TempEstate;
using testing::yuan;

namespace {

AgingBucket only_bucket(const fees::AgedAmounts& a) {
  for (std::size_t b = 0; b < a.by_bucket.size(); ++b) {
    if (a.by_bucket[b].is_positive())
      return static_cast<AgingBucket>(b);
  }
  FAIL("no arrears");
  return AgingBucket::days_0_30;
}

}  // namespace

TEST_CASE("a bill's arrears age into the next bucket the day after each boundary") {
  TempEstate estate("fees-aging", 1);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);  // 160.76, dated 2026-10-01
  const Date billed = Date::parse("2026-10-01");
  struct Case {
    std::int64_t days;
    AgingBucket bucket;
  };
  for (const Case c : {Case{0, AgingBucket::days_0_30}, Case{30, AgingBucket::days_0_30},
                       Case{31, AgingBucket::days_31_90}, Case{90, AgingBucket::days_31_90},
                       Case{91, AgingBucket::days_91_180}, Case{180, AgingBucket::days_91_180},
                       Case{181, AgingBucket::over_180}, Case{1000, AgingBucket::over_180}}) {
    CAPTURE(c.days);
    const fees::ArrearsReport r = fees::arrears(books, billed.plus_days(c.days));
    REQUIRE(r.units.size() == 1);
    CHECK(only_bucket(r.total) == c.bucket);
    CHECK(r.total[c.bucket] == yuan("160.76"));
    CHECK(r.total.total() == yuan("160.76"));
    CHECK(r.total.open_bills == 1);
    CHECK(fees::aging_bucket(c.days) == c.bucket);
  }
  CHECK(fees::arrears(books, billed.plus_days(-1)).units.empty());  // not issued yet
  CHECK(std::string(fees::to_string(AgingBucket::over_180)) == "over-180");
}

TEST_CASE("arrears as of a date count the settlements made on or before it") {
  TempEstate estate("fees-arrears-asof", 3);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");  // 160.76, 161.50, 162.24 a month
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-06"), "user:t"_actor);
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);
  testing::record(books, testing::pay(TempEstate::unit(1), "160.76", "2026-10-10", "a"));
  testing::record(books, testing::pay(TempEstate::unit(2), "100.00", "2026-10-20", "b"));

  const fees::ArrearsReport before = fees::arrears(books, Date::parse("2026-10-09"));
  CHECK(before.units.size() == 3);
  CHECK(before.total.open_bills == 6);
  CHECK(before.total.total() == yuan("969.00"));  // 2 x (160.76 + 161.50 + 162.24)

  // As of 10-20: unit 1's June bill settled on 10-10; unit 2's June bill 100.00 paid that day.
  const fees::ArrearsReport r = fees::arrears(books, Date::parse("2026-10-20"));
  REQUIRE(r.units.size() == 3);
  CHECK(r.units[0].unit_code == TempEstate::unit(1));
  CHECK(r.units[0].arrears.open_bills == 1);
  CHECK(r.units[0].arrears[AgingBucket::days_0_30] == yuan("160.76"));
  CHECK(r.units[1].arrears[AgingBucket::days_91_180] == yuan("61.50"));  // June, 141 days
  CHECK(r.units[1].arrears[AgingBucket::days_0_30] == yuan("161.50"));
  CHECK(r.units[2].arrears.total() == yuan("324.48"));
  CHECK(r.total.total() == yuan("708.24"));
  CHECK(r.total[AgingBucket::days_91_180] == yuan("223.74"));  // 61.50 + 162.24
  CHECK(fees::unit_arrears(books, TempEstate::unit(2), Date::parse("2026-10-20")).total() ==
        yuan("223.00"));
  CHECK(fees::unit_arrears(books, TempEstate::unit(2), Date::parse("2026-10-19")).total() ==
        yuan("323.00"));
}
