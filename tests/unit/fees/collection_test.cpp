// The collection rate by amount and by count, for the month and the year to date.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/collection.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("percentages are rounded once to two decimals, half away from zero") {
  CHECK(fees::percent(9473, 10000) == "94.73%");
  CHECK(fees::percent(1, 3) == "33.33%");
  CHECK(fees::percent(2, 3) == "66.67%");
  CHECK(fees::percent(1, 20000) == "0.01%");  // exactly 0.005%: half rounds up
  CHECK(fees::percent(1, 20001) == "0.00%");
  CHECK(fees::percent(5, 5) == "100.00%");
  CHECK(fees::percent(0, 7) == "0.00%");
  CHECK(fees::percent(0, 0) == "n/a");
}

TEST_CASE("the collection rate of a small estate, computed by hand") {
  // Four units at 2.00 a m²: 160.76, 161.50, 162.24, 162.98 a month (647.48), billed Jan-Mar.
  TempEstate estate("fees-collection", 4);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  for (const char* m : {"2026-01", "2026-02", "2026-03"})
    fees::bill_month(books, Period::parse(m), "user:t"_actor);
  const auto u = [](int i) { return TempEstate::unit(i); };
  testing::record(books, testing::pay(u(1), "482.28", "2026-03-10", "u1"));  // Jan-Mar in full
  testing::record(books, testing::pay(u(2), "161.50", "2026-01-20", "u2-jan"));
  testing::record(books, testing::pay(u(2), "100.00", "2026-03-31", "u2-feb"));  // Feb in part
  testing::record(books, testing::pay(u(3), "162.24", "2026-04-02", "u3"));      // after March
  // Unit 4 pays nothing.

  const fees::CollectionRate mar = fees::collection_rate(books, Period::parse("2026-03"));
  CHECK(mar.counted_to == Date::parse("2026-03-31"));
  // March bills: only unit 1's is settled by March 31.
  CHECK(mar.month_figures.billed == yuan("647.48"));
  CHECK(mar.month_figures.settled == yuan("160.76"));
  CHECK(mar.month_figures.bills == 4);
  CHECK(mar.month_figures.bills_settled == 1);
  CHECK(mar.month_figures.rate_by_amount == "24.83%");  // 160.76 / 647.48 = 24.8286%
  CHECK(mar.month_figures.rate_by_count == "25.00%");
  // January to March: 482.28 + 161.50 + 100.00 = 743.78 of 1942.44; 4 of 12 bills settled.
  CHECK(mar.year_to_date.from == Period::parse("2026-01"));
  CHECK(mar.year_to_date.billed == yuan("1942.44"));
  CHECK(mar.year_to_date.settled == yuan("743.78"));
  CHECK(mar.year_to_date.bills == 12);
  CHECK(mar.year_to_date.bills_settled == 4);
  CHECK(mar.year_to_date.rate_by_amount == "38.29%");  // 38.2910%
  CHECK(mar.year_to_date.rate_by_count == "33.33%");

  // February, counted to Feb 28: nothing of February's bills yet; Jan-Feb only unit 2's January.
  const fees::CollectionRate feb = fees::collection_rate(books, Period::parse("2026-02"));
  CHECK(feb.month_figures.settled == money::Amount());
  CHECK(feb.month_figures.rate_by_amount == "0.00%");
  CHECK(feb.year_to_date.billed == yuan("1294.96"));
  CHECK(feb.year_to_date.settled == yuan("161.50"));
  CHECK(feb.year_to_date.rate_by_amount == "12.47%");  // 12.4714%
  CHECK(feb.year_to_date.rate_by_count == "12.50%");   // 1 of 8

  // April: nothing billed in April; the year to date now counts unit 3's January.
  const fees::CollectionRate apr = fees::collection_rate(books, Period::parse("2026-04"));
  CHECK(apr.month_figures.bills == 0);
  CHECK(apr.month_figures.rate_by_amount == "n/a");
  CHECK(apr.year_to_date.settled == yuan("906.02"));
  CHECK(apr.year_to_date.bills_settled == 5);

  // A statement's history reads each month alone (no year to date): the same month figures.
  for (const char* m : {"2026-01", "2026-02", "2026-03", "2026-04"}) {
    INFO(m);
    const Period month = Period::parse(m);
    const fees::CollectionFigures alone =
        fees::collection_figures(books, month, month, month.last_day());
    const fees::CollectionFigures of_rate = fees::collection_rate(books, month).month_figures;
    INFO(alone.rate_by_amount << " " << alone.rate_by_count << " vs " << of_rate.rate_by_amount
                              << " " << of_rate.rate_by_count);
    CHECK(alone == of_rate);
  }
}
