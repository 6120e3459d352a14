// The monthly accrual of the manager's remuneration: figures from the journal, the terms in
// force, posted once as an expense and a payable, with the computation kept.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/remuneration_accrual.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

namespace {

fees::RemunerationTerms tiered(const char* from) {
  fees::RemunerationTerms t;
  t.basis = fees::RemunerationBasis::tiered_by_collection_rate;
  t.tiers = {{0, money::Rate::parse("0.05")},
             {8000, money::Rate::parse("0.08")},
             {9000, money::Rate::parse("0.12")}};
  t.effective_from = Period::parse(from).first_day();
  return t;
}

// Four units billed 2.00 yuan/m² for January 2026 (160.76 + 161.50 + 162.24 + 162.98 = 647.48);
// the first three pay in January (the third 200.00: 37.76 of it in advance); a cleaning bill of
// 100.00.
struct January {
  TempEstate estate{"fees-remuneration"};
  ledger::Books books = estate.open();
  January() {
    testing::per_m2(books, "2026-01", "2.00");
    testing::fees_start_on(books, "2026-01-01");
    fees::bill_month(books, Period::parse("2026-01"), "user:treasurer"_actor);
    testing::record(books, testing::pay(TempEstate::unit(1), "160.76", "2026-01-10", "r1"));
    testing::record(books, testing::pay(TempEstate::unit(2), "161.50", "2026-01-11", "r2"));
    testing::record(books, testing::pay(TempEstate::unit(3), "200.00", "2026-01-12", "r3"));
    ledger::EntryInput cost;
    cost.date = Date::parse("2026-01-15");
    cost.kind = "expense";
    cost.postings = {{"OP.6601.03", yuan("100.00")}, {"OP.1002", yuan("-100.00")}};
    books.post(cost, "user:treasurer");
  }
};

}  // namespace

TEST_CASE("the month's figures come from the journal: billed, earned by settling bills, costs") {
  January j;
  const fees::RemunerationInputs in = fees::remuneration_inputs(j.books, Period::parse("2026-01"));
  CHECK(in.fees_billed == yuan("647.48"));
  CHECK(in.fees_collected == yuan("484.50"));  // the 37.76 paid in advance is not yet earned
  CHECK(in.costs == yuan("100.00"));
}

TEST_CASE("remuneration accrues by the tier of the collection rate, less deductions, once") {
  January j;
  fees::set_remuneration_terms(j.books, tiered("2026-01"), "user:admin"_actor);
  const std::int64_t entries = j.books.entry_count();
  const fees::RemunerationAccrual a =
      fees::accrue_remuneration(j.books, Period::parse("2026-01"), yuan("4.23"),
                                "late monthly report", "user:treasurer"_actor);
  // 484.50 / 647.48 = 74.828...%: below 80%, so 5% of 484.50 = 24.225 -> 24.23; less 4.23.
  CHECK(a.computation.collection_rate == "74.82%");
  CHECK(a.computation.rate_applied == money::Rate::parse("0.05"));
  CHECK(a.computation.gross == yuan("24.23"));
  CHECK(a.computation.amount == yuan("20.00"));
  REQUIRE(a.entry_seq);
  CHECK(j.books.entry_count() == entries + 1);
  const ledger::RecordedEntry e = j.books.entry(*a.entry_seq);
  CHECK(e.kind == "remuneration");
  CHECK(e.date == Date::parse("2026-01-31"));
  CHECK(j.books.balance("OP.6602", Date::parse("2026-01-31")) == yuan("20.00"));
  CHECK(j.books.balance("OP.2211", Date::parse("2026-01-31")) == yuan("-20.00"));

  const Error twice = testing::error_of([&] {
    fees::accrue_remuneration(j.books, Period::parse("2026-01"), {}, "", "user:treasurer"_actor);
  });
  CHECK(twice.type() == "remuneration-accrued");
  CHECK(j.books.entry_count() == entries + 1);

  const auto all = fees::remuneration_accruals(j.books);
  REQUIRE(all.size() == 1);
  CHECK(all[0].computation.amount == yuan("20.00"));
  CHECK(all[0].computation.explanation == a.computation.explanation);
  CHECK(all[0].inputs.deduction_reason == "late monthly report");
  CHECK(j.books.verify().ok());
}

TEST_CASE("terms are versioned by month and never rewrite an accrued month") {
  January j;
  const Error none = testing::error_of([&] {
    fees::accrue_remuneration(j.books, Period::parse("2026-01"), {}, "", "user:treasurer"_actor);
  });
  CHECK(none.type() == "remuneration-no-terms");
  fees::set_remuneration_terms(j.books, tiered("2026-01"), "user:admin"_actor);
  CHECK(testing::error_of([&] {
          fees::set_remuneration_terms(j.books, tiered("2026-01"), "user:admin"_actor);
        }).type() == "remuneration-terms-exist");
  fees::accrue_remuneration(j.books, Period::parse("2026-01"), {}, "", "user:treasurer"_actor);
  CHECK(testing::error_of([&] {
          fees::set_remuneration_terms(j.books, tiered("2025-12"), "user:admin"_actor);
        }).type() == "remuneration-rewrites-accruals");

  // From February: 10% of the month's service costs.
  fees::RemunerationTerms costs;
  costs.basis = fees::RemunerationBasis::percent_of_costs;
  costs.rate = money::Rate::parse("0.10");
  costs.effective_from = Date::parse("2026-02-01");
  fees::set_remuneration_terms(j.books, costs, "user:admin"_actor);
  ledger::EntryInput cost;
  cost.date = Date::parse("2026-02-20");
  cost.kind = "expense";
  cost.postings = {{"OP.6601.01", yuan("1234.57")}, {"OP.1002", yuan("-1234.57")}};
  j.books.post(cost, "user:treasurer");
  const auto feb =
      fees::accrue_remuneration(j.books, Period::parse("2026-02"), {}, "", "user:treasurer"_actor);
  CHECK(feb.computation.amount == yuan("123.46"));  // 123.457 -> 123.46
  REQUIRE(fees::remuneration_terms_in_force(j.books, Period::parse("2026-03")));
  CHECK(fees::remuneration_terms_in_force(j.books, Period::parse("2026-03"))->basis ==
        fees::RemunerationBasis::percent_of_costs);
  CHECK(fees::remuneration_terms_in_force(j.books, Period::parse("2026-01"))->tiers.size() == 3);
}

TEST_CASE("a month with nothing earned accrues nothing and posts no entry") {
  January j;
  fees::set_remuneration_terms(j.books, tiered("2026-01"), "user:admin"_actor);
  const std::int64_t entries = j.books.entry_count();
  // March: nothing billed: a tiered contract has no collection rate to go by.
  CHECK_THROWS_AS(
      fees::accrue_remuneration(j.books, Period::parse("2026-03"), {}, "", "user:treasurer"_actor),
      Error);
  fees::RemunerationTerms fixed;
  fixed.basis = fees::RemunerationBasis::fixed;
  fixed.fixed_per_month = yuan("0.00");
  fixed.effective_from = Date::parse("2026-04-01");
  fees::set_remuneration_terms(j.books, fixed, "user:admin"_actor);
  const auto april =
      fees::accrue_remuneration(j.books, Period::parse("2026-04"), {}, "", "user:treasurer"_actor);
  CHECK(april.computation.amount.is_zero());
  CHECK_FALSE(april.entry_seq);
  CHECK(j.books.entry_count() == entries);
}
