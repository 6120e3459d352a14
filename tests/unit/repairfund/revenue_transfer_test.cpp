// The transfer of a share of the net public revenue to the repair fund, split over the units by
// area to the fen, once per month.
#include <catch2/catch_test_macros.hpp>

#include "support/actors.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/repairfund/revenue_transfer.h"
#include "unit/fees/revenue_quarter.h"

using namespace trustfund;
using testing::Quarter;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("half the quarter's net moves to the repair fund, split by area to the fen") {
  Quarter q;
  const repairfund::RepairFundTransfer t = repairfund::transfer_to_repair_fund(
      q.books, Period::parse("2026-01"), Period::parse("2026-03"), money::Rate::parse("0.5"),
      "user:treasurer"_actor);
  CHECK(t.amount == yuan("14100.00"));
  REQUIRE(t.by_unit.size() == 4);
  money::Amount sum;
  std::int64_t total_area = 0;
  for (int i = 1; i <= 4; ++i)
    total_area += TempEstate::area(i).hundredths_m2();
  for (int i = 1; i <= 4; ++i) {
    const auto& [code, part] = t.by_unit[static_cast<std::size_t>(i - 1)];
    CHECK(code == TempEstate::unit(i));
    sum += part;
    // Within one fen of the exact share 1,410,000 fen x area / total area.
    const std::int64_t exact_floor = 1'410'000 * TempEstate::area(i).hundredths_m2() / total_area;
    CHECK(part.fen() >= exact_floor);
    CHECK(part.fen() <= exact_floor + 1);
    CHECK(q.books.balance(TempEstate::sub("RF.3001", i), Date::parse("2026-03-31")) == -part);
  }
  CHECK(sum == t.amount);
  const ledger::LoggedAction logged = ledger::list_actions(q.books.database(), -1, 100).back();
  CHECK(logged.record.actor == "user:treasurer");
  CHECK(logged.record.action == "transfer_public_revenue");
  CHECK(logged.record.target == "periods:2026-01..2026-03");
  CHECK(logged.record.detail == money::Rate::parse("0.5").to_string());
  CHECK(q.books.balance("PR.1002", Date::parse("2026-03-31")) == yuan("14100.00"));
  CHECK(q.books.balance("RF.1002", Date::parse("2026-03-31")) == yuan("14100.00"));
  const auto s =
      fees::public_revenue_summary(q.books, Period::parse("2026-01"), Period::parse("2026-03"));
  CHECK(s.transferred == yuan("14100.00"));
  CHECK(q.books.verify().ok());

  // A month's summary from the balances a statement has read equals the one the books give.
  for (const char* m : {"2026-01", "2026-02", "2026-03"}) {
    INFO(m);
    const Period month = Period::parse(m);
    const auto read = fees::public_revenue_summary(q.books, month, month);
    const auto given = fees::public_revenue_summary(month, q.books.period_balances(month));
    INFO("net " << given.net << " vs " << read.net);
    CHECK(given == read);
  }
}

TEST_CASE("months already transferred cannot be transferred again") {
  Quarter q;
  repairfund::transfer_to_repair_fund(q.books, Period::parse("2026-01"), Period::parse("2026-03"),
                                      money::Rate::parse("0.5"), "user:treasurer"_actor);
  const std::int64_t entries = q.books.entry_count();
  const Error again = testing::error_of([&] {
    repairfund::transfer_to_repair_fund(q.books, Period::parse("2026-03"), Period::parse("2026-04"),
                                        money::Rate::parse("0.5"), "user:treasurer"_actor);
  });
  CHECK(again.type() == "transfer-overlap");
  CHECK(q.books.entry_count() == entries);
  CHECK(testing::error_of([&] {
          repairfund::transfer_to_repair_fund(q.books, Period::parse("2026-04"),
                                              Period::parse("2026-06"), money::Rate::parse("1.5"),
                                              "user:treasurer"_actor);
        }).type() == "transfer-share");
}
