// Public revenue: receipts by class, costs with their vouchers, and the transfer of a share of
// the net to the repair fund, split over the units by area to the fen.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "trustfund/fees/public_revenue.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

namespace {

const std::string kVoucherHash(64, 'a');

struct Quarter {
  TempEstate estate{"fees-public-revenue"};
  ledger::Books books = estate.open();
  Quarter() {
    fees::record_public_revenue(books,
                                {fees::RevenueClass::parking, yuan("18000.00"),
                                 Date::parse("2026-01-06"), "Parking fees January"},
                                "user:treasurer");
    fees::record_public_revenue(books,
                                {fees::RevenueClass::advertising, yuan("12000.00"),
                                 Date::parse("2026-02-08"), "Lift advertising, quarter"},
                                "user:treasurer");
    fees::record_public_revenue_cost(books,
                                     {yuan("1800.00"), Date::parse("2026-01-07"),
                                      "Parking attendant", "INV-2026-001", kVoucherHash, ""},
                                     "user:treasurer");
  }
};

}  // namespace

TEST_CASE("public revenue is summed by class, less its costs") {
  Quarter q;
  const auto s =
      fees::public_revenue_summary(q.books, Period::parse("2026-01"), Period::parse("2026-03"));
  CHECK(s.gross_by_class[static_cast<std::size_t>(fees::RevenueClass::parking)] ==
        yuan("18000.00"));
  CHECK(s.gross_by_class[static_cast<std::size_t>(fees::RevenueClass::advertising)] ==
        yuan("12000.00"));
  CHECK(s.gross == yuan("30000.00"));
  CHECK(s.costs == yuan("1800.00"));
  CHECK(s.net == yuan("28200.00"));
}

TEST_CASE("half the quarter's net moves to the repair fund, split by area to the fen") {
  Quarter q;
  const fees::RepairFundTransfer t =
      fees::transfer_to_repair_fund(q.books, Period::parse("2026-01"), Period::parse("2026-03"),
                                    money::Rate::parse("0.5"), "user:treasurer");
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
  fees::transfer_to_repair_fund(q.books, Period::parse("2026-01"), Period::parse("2026-03"),
                                money::Rate::parse("0.5"), "user:treasurer");
  const std::int64_t entries = q.books.entry_count();
  const Error again = testing::error_of([&] {
    fees::transfer_to_repair_fund(q.books, Period::parse("2026-03"), Period::parse("2026-04"),
                                  money::Rate::parse("0.5"), "user:treasurer");
  });
  CHECK(again.type() == "transfer-overlap");
  CHECK(q.books.entry_count() == entries);
  CHECK(testing::error_of([&] {
          fees::transfer_to_repair_fund(q.books, Period::parse("2026-04"), Period::parse("2026-06"),
                                        money::Rate::parse("1.5"), "user:treasurer");
        }).type() == "transfer-share");
}

TEST_CASE("a cost needs a voucher, and bad input writes nothing") {
  Quarter q;
  const std::int64_t entries = q.books.entry_count();
  CHECK(testing::error_of([&] {
          fees::record_public_revenue_cost(
              q.books,
              {yuan("10.00"), Date::parse("2026-01-09"), "Someone", "INV-2", "not-a-hash", ""},
              "user:treasurer");
        }).field() == "voucher_sha256");
  CHECK(testing::error_of([&] {
          fees::record_public_revenue(
              q.books,
              {fees::RevenueClass::venue, yuan("0.00"), Date::parse("2026-01-09"), "Hall rental"},
              "user:treasurer");
        }).field() == "amount");
  CHECK(testing::error_of([] { fees::parse_revenue_class("lottery"); }).type() == "revenue-class");
  // Memos, payees and voucher numbers are one line: C0, DEL and C1 controls are refused.
  for (const char* memo : {"Hall\trental", "Hall\x7Frental", "Hall\xC2\x85rental"}) {
    const Error e = testing::error_of([&] {
      fees::record_public_revenue(
          q.books, {fees::RevenueClass::venue, yuan("10.00"), Date::parse("2026-01-09"), memo},
          "user:treasurer");
    });
    CHECK(e.type() == "public-revenue-text");
    CHECK(e.field() == "memo");
  }
  CHECK(q.books.entry_count() == entries);
  CHECK(q.books.database().query_int64("SELECT count(*) FROM public_revenue_voucher") == 1);
}
