// Public revenue: receipts by class and costs with their vouchers, summed into the net.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "revenue_quarter.h"
#include "support/actors.h"
#include "trustfund/fees/public_revenue.h"

using namespace trustfund;
using testing::Quarter;
using testing::yuan;

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

TEST_CASE("a cost needs a voucher, and bad input writes nothing") {
  Quarter q;
  const std::int64_t entries = q.books.entry_count();
  CHECK(testing::error_of([&] {
          fees::record_public_revenue_cost(
              q.books,
              {yuan("10.00"), Date::parse("2026-01-09"), "Someone", "INV-2", "not-a-hash", ""},
              "user:treasurer"_actor);
        }).field() == "voucher_sha256");
  CHECK(testing::error_of([&] {
          fees::record_public_revenue(
              q.books,
              {fees::RevenueClass::venue, yuan("0.00"), Date::parse("2026-01-09"), "Hall rental"},
              "user:treasurer"_actor);
        }).field() == "amount");
  CHECK(testing::error_of([] { fees::parse_revenue_class("lottery"); }).type() == "revenue-class");
  // Memos, payees and voucher numbers are one line: C0, DEL and C1 controls are refused.
  for (const char* memo : {"Hall\trental", "Hall\x7Frental", "Hall\xC2\x85rental"}) {
    const Error e = testing::error_of([&] {
      fees::record_public_revenue(
          q.books, {fees::RevenueClass::venue, yuan("10.00"), Date::parse("2026-01-09"), memo},
          "user:treasurer"_actor);
    });
    CHECK(e.type() == "public-revenue-text");
    CHECK(e.field() == "memo");
  }
  CHECK(q.books.entry_count() == entries);
  CHECK(q.books.database().query_int64("SELECT count(*) FROM public_revenue_voucher") == 1);
}
