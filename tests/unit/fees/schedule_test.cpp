// Fee schedules: one per kind and month, history kept, never rewriting past bills.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/unit_account.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("the schedule in force is the latest effective at or before the month") {
  TempEstate estate("fees-in-force", 0);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.35");
  testing::per_m2(books, "2026-07", "2.50");
  testing::fixed(books, "2026-03", "80.00", "parking");
  CHECK_FALSE(fees::schedule_in_force(books, "residential", Period::parse("2025-12")));
  CHECK(fees::schedule_in_force(books, "residential", Period::parse("2026-06"))
            ->rate_yuan_per_m2_month == money::Rate::parse("2.35"));
  CHECK(fees::schedule_in_force(books, "residential", Period::parse("2026-07"))
            ->rate_yuan_per_m2_month == money::Rate::parse("2.50"));
  const auto parking = fees::schedule_in_force(books, "parking", Period::parse("2030-01"));
  REQUIRE(parking);
  CHECK(parking->basis == fees::FeeBasis::fixed);
  CHECK(parking->fixed_per_unit_month == yuan("80.00"));
  const auto all = fees::list_schedules(books);
  REQUIRE(all.size() == 3);
  CHECK(all[0].unit_kind == "parking");
  CHECK(all[1].effective_from == Period::parse("2026-01"));
  CHECK(all[2].effective_from == Period::parse("2026-07"));
  CHECK(all[2].created_by == "user:treasurer");
}

TEST_CASE("two schedules for the same kind and month are refused") {
  TempEstate estate("fees-overlap", 0);
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.35");
  const auto before = testing::fingerprint(books);
  const Error e = testing::error_of([&] { testing::per_m2(books, "2026-01", "2.40"); });
  CHECK(e.kind() == ErrorKind::conflict);
  CHECK(e.type() == "schedule-overlap");
  CHECK(e.field() == "effective_from");
  CHECK(testing::fingerprint(books) == before);
  testing::per_m2(books, "2026-01", "2.40", "commercial");  // another kind is fine
}

TEST_CASE("a schedule change applies from its month and never rewrites past bills") {
  TempEstate estate("fees-change", 1);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);  // 80.38 m²
  testing::per_m2(books, "2026-01", "2.35");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-09"), "user:t"_actor);
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);

  const auto before = testing::fingerprint(books);
  for (const char* month : {"2026-09", "2026-10", "2026-05"}) {
    const Error e = testing::error_of([&] { testing::per_m2(books, month, "3.00"); });
    CHECK(e.kind() == ErrorKind::rule_violation);
    CHECK(e.type() == "schedule-rewrites-bills");
    CHECK(e.field() == "effective_from");
  }
  CHECK(testing::fingerprint(books) == before);

  testing::per_m2(books, "2026-11", "3.00");
  fees::bill_month(books, Period::parse("2026-11"), "user:t"_actor);
  const fees::UnitAccount a = fees::unit_account(books, unit, Date::parse("2026-11-30"));
  REQUIRE(a.bills.size() == 3);
  CHECK(a.bills[0].amount == yuan("188.89"));  // 80.38 x 2.35 = 188.893
  CHECK(a.bills[1].amount == yuan("188.89"));
  CHECK(a.bills[2].amount == yuan("241.14"));  // 80.38 x 3.00
  // Schedules are history: the schema refuses edits.
  CHECK_THROWS_AS(books.database().exec("UPDATE fee_schedule SET rate_millionths = 1"), Error);
  CHECK_THROWS_AS(books.database().exec("DELETE FROM fee_schedule"), Error);
}

TEST_CASE("a schedule needs a known kind and a positive rate or amount") {
  TempEstate estate("fees-schedule-input", 0);
  ledger::Books books = estate.open();
  CHECK(testing::error_of([&] { testing::per_m2(books, "2026-01", "2.35", "villa"); }).type() ==
        "unit-kind");
  CHECK(testing::error_of([&] { testing::per_m2(books, "2026-01", "0"); }).type() ==
        "schedule-rate");
  CHECK(testing::error_of([&] { testing::per_m2(books, "2026-01", "-1.00"); }).field() == "rate");
  CHECK(testing::error_of([&] { testing::fixed(books, "2026-01", "0", "parking"); }).type() ==
        "schedule-fixed");
  CHECK(fees::list_schedules(books).empty());
}
