// A month's figures are read once when it closes; each figure must still be the one its module
// gives on its own: the collection history counts every month to that month's own end.
#include <catch2/catch_test_macros.hpp>

#include "support/actors.h"
#include "support/json_value.h"
#include "trustfund/fees/collection.h"
#include "trustfund/fees/payments.h"
#include "trustfund/statements/statement.h"
#include "unit/escrow/escrow_fixture.h"
#include "unit/statements/billed_month.h"

using namespace trustfund;
using testing::EscrowEstate;
using testing::member;
using testing::TempEstate;
using testing::text_of;

TEST_CASE("a statement's collection history gives each month its rate counted to its own end") {
  EscrowEstate t("figures-history");
  const auto pay = [&](int unit, const char* amount, const char* on) {
    std::string ref = "ref-";
    ref.append(on).append("-").append(std::to_string(unit));
    const fees::PaymentImportResult r =
        fees::record_payments(t.books,
                              {{TempEstate::unit(unit), money::Amount::parse(amount),
                                fees::PaymentChannel::bank_transfer, ref, Date::parse(on), ""}},
                              "user:treasurer"_actor);
    REQUIRE(r.ok());
  };
  // Unit 1 pays January's bill in February; unit 2 pays ahead in January; 3 and 4 pay nothing.
  testing::bill_with_schedule(t.books, Period::parse("2026-01"));
  pay(2, "2000.00", "2026-01-10");
  testing::bill_with_schedule(t.books, Period::parse("2026-02"));
  pay(1, "150.00", "2026-02-05");
  testing::bill_with_schedule(t.books, Period::parse("2026-03"));
  for (const char* m : {"2026-01", "2026-02", "2026-03"})
    statements::close_month(t.books, Period::parse(m), "user:treasurer"_actor);

  const json::Value statement =
      testing::parse_json(statements::statement_file(t.books, "2026-03", "statement.json").content);
  const json::Value::Array& history = member(statement, {"collection", "history"}).array();
  REQUIRE(history.size() == 3);
  for (const json::Value& h : history) {
    const Period month = Period::parse(text_of(h, "month"));
    INFO(month.to_string());
    const fees::CollectionFigures own = fees::collection_rate(t.books, month).month_figures;
    CHECK(text_of(h, "rate_by_amount") == own.rate_by_amount);
    CHECK(text_of(h, "rate_by_count") == own.rate_by_count);
  }
  // January counted to January 31: unit 2's bill only, not unit 1's paid in February.
  CHECK(text_of(history[0], "rate_by_count") == "25.00%");
}
