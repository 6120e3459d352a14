// Remuneration (酬金): each basis, the tier edges compared exactly, rounding once, deductions,
// and terms that are refused.
#include "trustfund/fees/remuneration.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/money/rounding.h"
#include "unit/money/money_test_support.h"

using namespace trustfund;
using fees::compute_remuneration;
using fees::RemunerationBasis;
using fees::RemunerationComputation;
using fees::RemunerationInputs;
using fees::RemunerationTerms;
using fees::RemunerationTier;
using money::Amount;
using money::Rate;
using money::testing::error_from;
using money::testing::invalid_input_from;

namespace {

Amount yuan(const char* text) {
  return Amount::parse(text);
}

Rate rate(const char* text) {
  return Rate::parse(text);
}

const Date kJanuary = Date::from_ymd(2026, 1, 1);

RemunerationTerms fixed_terms(const char* per_month) {
  RemunerationTerms t;
  t.basis = RemunerationBasis::fixed;
  t.fixed_per_month = yuan(per_month);
  t.effective_from = kJanuary;
  return t;
}

RemunerationTerms percent_terms(RemunerationBasis basis, const char* fraction) {
  RemunerationTerms t;
  t.basis = basis;
  t.rate = rate(fraction);
  t.effective_from = kJanuary;
  return t;
}

// The domain's example: below 80% collected 5%; 80% up to 90% 8%; 90% and above 12%.
RemunerationTerms tiered_terms() {
  RemunerationTerms t;
  t.basis = RemunerationBasis::tiered_by_collection_rate;
  t.tiers = {{0, rate("0.05")}, {8000, rate("0.08")}, {9000, rate("0.12")}};
  t.effective_from = kJanuary;
  return t;
}

RemunerationInputs month(const char* collected, const char* billed, const char* costs = "0") {
  RemunerationInputs in;
  in.period = Period::from_ym(2026, 3);
  in.fees_collected = yuan(collected);
  in.fees_billed = yuan(billed);
  in.costs = yuan(costs);
  return in;
}

RemunerationInputs month_fen(std::int64_t collected_fen, std::int64_t billed_fen) {
  RemunerationInputs in;
  in.period = Period::from_ym(2026, 3);
  in.fees_collected = Amount::from_fen(collected_fen);
  in.fees_billed = Amount::from_fen(billed_fen);
  return in;
}

// Checks that validate(terms) refuses `terms` with `type` naming `field`.
void check_refused(const RemunerationTerms& terms, const std::string& type,
                   const std::string& field) {
  const Error e = invalid_input_from([&] { fees::validate(terms); }, type);
  CHECK(e.field() == field);
}

}  // namespace

TEST_CASE("a fixed remuneration is the fixed amount, whatever was collected", "[remuneration]") {
  const RemunerationComputation c =
      compute_remuneration(fixed_terms("30000.00"), month("1.00", "99999.00", "500.00"));
  CHECK(c.basis == RemunerationBasis::fixed);
  CHECK(c.base == yuan("30000"));
  CHECK(c.rate_applied == rate("1"));
  CHECK(c.gross == yuan("30000"));
  CHECK(c.amount == yuan("30000"));
  CHECK(c.tier.empty());
  CHECK(c.collection_rate.empty());
  CHECK(c.explanation == "固定酬金 fixed per month 30000.00 − 扣减 deductions 0.00 = 30000.00");
}

TEST_CASE("a percentage of fees collected is rounded once, half away from zero", "[remuneration]") {
  const auto terms = percent_terms(RemunerationBasis::percent_of_collected, "0.08");
  // 8% of 1,234.57 = 98.7656 -> 98.77
  const RemunerationComputation c = compute_remuneration(terms, month("1234.57", "2000", "10"));
  CHECK(c.base == yuan("1234.57"));
  CHECK(c.rate_applied == rate("0.08"));
  CHECK(c.gross == yuan("98.77"));
  CHECK(c.amount == yuan("98.77"));
  CHECK(c.explanation ==
        "实收物业费 fees collected 1234.57 × 8% = 98.77 − 扣减 deductions 0.00 = 98.77");

  // 8.5% of 1,234.57 = 104.93845 -> 104.94; a tie (10% of 0.05 = 0.005) goes away from zero.
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_collected, "0.085"),
                             month("1234.57", "0"))
            .gross == yuan("104.94"));
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_collected, "0.1"),
                             month("0.05", "0"))
            .gross == yuan("0.01"));
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_collected, "0.1"),
                             month("0.04", "0"))
            .gross == yuan("0"));
}

TEST_CASE("a percentage of fees billed takes the billed amount as its base", "[remuneration]") {
  const auto terms = percent_terms(RemunerationBasis::percent_of_billed, "0.085");
  const RemunerationComputation c = compute_remuneration(terms, month("900", "1000.10", "77"));
  CHECK(c.base == yuan("1000.10"));
  CHECK(c.gross == yuan("85.01"));  // 85.0085
  CHECK(c.explanation ==
        "应收物业费 fees billed 1000.10 × 8.5% = 85.01 − 扣减 deductions 0.00 = 85.01");
}

TEST_CASE("a percentage of costs takes the month's costs as its base", "[remuneration]") {
  const auto terms = percent_terms(RemunerationBasis::percent_of_costs, "0.1");
  const RemunerationComputation c = compute_remuneration(terms, month("900", "1000", "45678.91"));
  CHECK(c.base == yuan("45678.91"));
  CHECK(c.gross == yuan("4567.89"));  // 4567.891
  CHECK(c.explanation == "成本 costs 45678.91 × 10% = 4567.89 − 扣减 deductions 0.00 = 4567.89");
}

TEST_CASE("rates of 0% and 100% are allowed", "[remuneration]") {
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_costs, "0"),
                             month("0", "0", "100"))
            .amount.is_zero());
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_costs, "1"),
                             month("0", "0", "100"))
            .amount == yuan("100"));
}

TEST_CASE("a tier applies from its lower bound inclusive, compared exactly", "[remuneration]") {
  struct Case {
    const char* collected;  // of 10,000.00 billed
    const char* rate;
    const char* collection_rate;
    const char* tier;
  };
  const Case c = GENERATE(values<Case>({
      {"0", "0.05", "0.00%", "0.00%-80.00%: 5%"},
      {"7999.99", "0.05", "79.99%", "0.00%-80.00%: 5%"},  // 79.9999%
      {"7999.00", "0.05", "79.99%", "0.00%-80.00%: 5%"},
      {"8000.00", "0.08", "80.00%", "80.00%-90.00%: 8%"},
      {"8999.00", "0.08", "89.99%", "80.00%-90.00%: 8%"},
      {"8999.99", "0.08", "89.99%", "80.00%-90.00%: 8%"},
      {"9000.00", "0.12", "90.00%", "90.00%-: 12%"},
      {"9001.00", "0.12", "90.01%", "90.00%-: 12%"},
      {"10000.00", "0.12", "100.00%", "90.00%-: 12%"},
      {"12000.00", "0.12", "120.00%", "90.00%-: 12%"},  // arrears recovered
  }));
  INFO("collected " << c.collected);
  const RemunerationComputation r =
      compute_remuneration(tiered_terms(), month(c.collected, "10000.00"));
  CHECK(r.rate_applied == rate(c.rate));
  CHECK(r.collection_rate == c.collection_rate);
  CHECK(r.tier == c.tier);
  CHECK(r.base == yuan(c.collected));
  CHECK(r.gross == money::times(yuan(c.collected), rate(c.rate)));
}

TEST_CASE("exact fractions meet a tier bound only when they reach it", "[remuneration]") {
  // 4/5 is exactly 80%.
  const RemunerationComputation four_fifths = compute_remuneration(tiered_terms(), month_fen(4, 5));
  CHECK(four_fifths.rate_applied == rate("0.08"));
  CHECK(four_fifths.collection_rate == "80.00%");

  // 299,999 / 333,333 = 89.99979...%: below 90%, and shown truncated, never as "90.00%".
  const RemunerationComputation below =
      compute_remuneration(tiered_terms(), month_fen(299'999, 333'333));
  CHECK(below.rate_applied == rate("0.08"));
  CHECK(below.collection_rate == "89.99%");

  // 300,000 / 333,333 = 90.00009...%: the 12% tier.
  const RemunerationComputation above =
      compute_remuneration(tiered_terms(), month_fen(300'000, 333'333));
  CHECK(above.rate_applied == rate("0.12"));
  CHECK(above.collection_rate == "90.00%");

  // 2/3 is 66.66...%.
  CHECK(compute_remuneration(tiered_terms(), month_fen(2, 3)).collection_rate == "66.66%");

  // 79,999,999 / 100,000,000 = 79.999999%: the 5% tier.
  const RemunerationComputation hair =
      compute_remuneration(tiered_terms(), month_fen(79'999'999, 100'000'000));
  CHECK(hair.rate_applied == rate("0.05"));
  CHECK(hair.collection_rate == "79.99%");
}

TEST_CASE("the tier comparison does not overflow at the largest amounts", "[remuneration]") {
  const RemunerationComputation all =
      compute_remuneration(tiered_terms(), month_fen(Amount::kMaxFen, Amount::kMaxFen));
  CHECK(all.collection_rate == "100.00%");
  CHECK(all.rate_applied == rate("0.12"));

  const RemunerationComputation just_below =
      compute_remuneration(tiered_terms(), month_fen(Amount::kMaxFen - 1, Amount::kMaxFen));
  CHECK(just_below.collection_rate == "99.99%");

  const RemunerationComputation huge =
      compute_remuneration(tiered_terms(), month_fen(Amount::kMaxFen, 1));
  CHECK(huge.collection_rate == "9999999999999999900.00%");
  CHECK(huge.gross == money::times(Amount::from_fen(Amount::kMaxFen), rate("0.12")));
}

TEST_CASE("a tiered explanation names the collection rate and the tier", "[remuneration]") {
  const RemunerationComputation c = compute_remuneration(tiered_terms(), month("9341", "10000"));
  CHECK(c.gross == yuan("1120.92"));
  CHECK(c.explanation ==
        "实收物业费 fees collected 9341.00 × 12% (收缴率 collection rate 93.41%, 档位 tier "
        "90.00%-: 12%) = 1120.92 − 扣减 deductions 0.00 = 1120.92");
}

TEST_CASE("a single tier from 0 applies to every month", "[remuneration]") {
  RemunerationTerms t = tiered_terms();
  t.tiers = {{0, rate("0.1")}};
  const RemunerationComputation c = compute_remuneration(t, month("50", "100"));
  CHECK(c.tier == "0.00%-: 10%");
  CHECK(c.gross == yuan("5"));
}

TEST_CASE("a tiered contract in a month that billed nothing is a rule violation",
          "[remuneration]") {
  const Error e = error_from([] { return compute_remuneration(tiered_terms(), month("10", "0")); });
  CHECK(e.kind() == ErrorKind::rule_violation);
  CHECK(e.type() == "remuneration-nothing-billed");
  CHECK(e.field() == "fees_billed");
  // Other bases do not need a collection rate.
  CHECK(compute_remuneration(percent_terms(RemunerationBasis::percent_of_billed, "0.08"),
                             month("10", "0"))
            .amount.is_zero());
}

TEST_CASE("deductions are subtracted from the gross and named in the explanation",
          "[remuneration]") {
  RemunerationInputs in = month("1234.57", "2000");
  in.deductions = yuan("10.00");
  in.deduction_reason = "迟交月报 late monthly report";
  const RemunerationComputation c =
      compute_remuneration(percent_terms(RemunerationBasis::percent_of_collected, "0.08"), in);
  CHECK(c.gross == yuan("98.77"));
  CHECK(c.deductions == yuan("10"));
  CHECK(c.deductions_applied == yuan("10"));
  CHECK_FALSE(c.deductions_exceed_gross);
  CHECK(c.amount == yuan("88.77"));
  CHECK(c.explanation ==
        "实收物业费 fees collected 1234.57 × 8% = 98.77 − 扣减 deductions 10.00 (迟交月报 late "
        "monthly report) = 88.77");
}

TEST_CASE("deductions equal to the gross leave nothing, without a note", "[remuneration]") {
  RemunerationInputs in = month("0", "0");
  in.deductions = yuan("30000");
  in.deduction_reason = "contract clause 7.2";
  const RemunerationComputation c = compute_remuneration(fixed_terms("30000"), in);
  CHECK(c.amount.is_zero());
  CHECK_FALSE(c.deductions_exceed_gross);
  CHECK(c.explanation.find("exceed") == std::string::npos);
}

TEST_CASE("deductions larger than the gross give 0, and the computation says so",
          "[remuneration]") {
  RemunerationInputs in = month("0", "0");
  in.deductions = yuan("80");
  in.deduction_reason = "clause 7.2";
  const RemunerationComputation c = compute_remuneration(fixed_terms("50"), in);
  CHECK(c.gross == yuan("50"));
  CHECK(c.deductions == yuan("80"));
  CHECK(c.deductions_applied == yuan("50"));
  CHECK(c.deductions_exceed_gross);
  CHECK(c.amount.is_zero());
  CHECK(c.explanation ==
        "固定酬金 fixed per month 50.00 − 扣减 deductions 80.00 (clause 7.2) = 0.00; "
        "扣减超过应计酬金，酬金为 0 deductions exceed the gross remuneration, so the amount is 0");
}

TEST_CASE("deductions need a one-line reason of at most 200 bytes", "[remuneration]") {
  RemunerationInputs in = month("0", "0");
  in.deductions = yuan("1");
  const std::string reason = GENERATE(as<std::string>{}, "", "two\nlines", "tab\there",
                                      "next\xC2\x85line", std::string(201, 'x'));
  in.deduction_reason = reason;
  const Error e = invalid_input_from([&] { return compute_remuneration(fixed_terms("50"), in); },
                                     "remuneration-deduction-reason");
  CHECK(e.field() == "deduction_reason");
}

TEST_CASE("a reason of 200 bytes is accepted", "[remuneration]") {
  RemunerationInputs in = month("0", "0");
  in.deductions = yuan("1");
  in.deduction_reason = std::string(200, 'x');
  CHECK(compute_remuneration(fixed_terms("50"), in).amount == yuan("49"));
}

TEST_CASE("negative figures in the inputs are refused, naming the field", "[remuneration]") {
  const std::string field =
      GENERATE(as<std::string>{}, "fees_collected", "fees_billed", "costs", "deductions");
  RemunerationInputs in = month("10", "10", "10");
  in.deduction_reason = "a penalty";
  const Amount minus = yuan("-0.01");
  if (field == "fees_collected")
    in.fees_collected = minus;
  if (field == "fees_billed")
    in.fees_billed = minus;
  if (field == "costs")
    in.costs = minus;
  if (field == "deductions")
    in.deductions = minus;
  const Error e = invalid_input_from(
      [&] {
        return compute_remuneration(percent_terms(RemunerationBasis::percent_of_costs, "0.1"), in);
      },
      "remuneration-input");
  CHECK(e.field() == field);
}

TEST_CASE("terms are in force from the month of effective_from", "[remuneration]") {
  RemunerationTerms t = fixed_terms("100");
  t.effective_from = Date::from_ymd(2026, 3, 1);
  RemunerationInputs in = month("0", "0");
  in.period = Period::from_ym(2026, 3);
  CHECK(compute_remuneration(t, in).amount == yuan("100"));
  in.period = Period::from_ym(2026, 2);
  const Error e = error_from([&] { return compute_remuneration(t, in); });
  CHECK(e.kind() == ErrorKind::rule_violation);
  CHECK(e.type() == "remuneration-not-in-force");
  CHECK(e.field() == "period");
}

TEST_CASE("terms must take effect on the first day of a month", "[remuneration]") {
  RemunerationTerms t = fixed_terms("100");
  t.effective_from = Date::from_ymd(2026, 3, 15);
  check_refused(t, "remuneration-effective-from", "effective_from");
}

TEST_CASE("a rate outside 0..100% is refused", "[remuneration]") {
  const char* bad = GENERATE("-0.01", "1.000001", "8");  // "8" is 800%, not 8%
  INFO("rate " << bad);
  check_refused(percent_terms(RemunerationBasis::percent_of_collected, bad), "remuneration-rate",
                "rate");
  RemunerationTerms t = tiered_terms();
  t.tiers[1].rate = rate(bad);
  check_refused(t, "remuneration-rate", "tiers[1].rate");
}

TEST_CASE("a negative fixed amount is refused", "[remuneration]") {
  check_refused(fixed_terms("-0.01"), "remuneration-fixed-amount", "fixed_per_month");
  CHECK_NOTHROW(fees::validate(fixed_terms("0")));
}

TEST_CASE("tiers must start at 0, ascend strictly and stay within 0..100%", "[remuneration]") {
  RemunerationTerms t = tiered_terms();
  SECTION("no tiers") {
    t.tiers.clear();
    check_refused(t, "remuneration-tiers", "tiers");
  }
  SECTION("too many tiers") {
    t.tiers.clear();
    for (std::int64_t i = 0; i < 17; ++i)
      t.tiers.push_back({i * 100, rate("0.01")});
    check_refused(t, "remuneration-tiers", "tiers");
    t.tiers.pop_back();
    CHECK_NOTHROW(fees::validate(t));
  }
  SECTION("the first tier does not start at 0") {
    t.tiers[0].from_collection_rate_bp = 1;
    check_refused(t, "remuneration-tiers", "tiers[0].from_collection_rate_bp");
  }
  SECTION("out of order") {
    t.tiers[1].from_collection_rate_bp = 9500;
    check_refused(t, "remuneration-tiers", "tiers[2].from_collection_rate_bp");
  }
  SECTION("two tiers with the same bound overlap") {
    t.tiers[2].from_collection_rate_bp = 8000;
    check_refused(t, "remuneration-tiers", "tiers[2].from_collection_rate_bp");
  }
  SECTION("a bound above 100%") {
    t.tiers[2].from_collection_rate_bp = 10'001;
    check_refused(t, "remuneration-tiers", "tiers[2].from_collection_rate_bp");
  }
  SECTION("a negative bound") {
    t.tiers[1].from_collection_rate_bp = -1;
    check_refused(t, "remuneration-tiers", "tiers[1].from_collection_rate_bp");
  }
  SECTION("a last tier from exactly 100% is allowed") {
    t.tiers[2].from_collection_rate_bp = 10'000;
    CHECK_NOTHROW(fees::validate(t));
  }
}

TEST_CASE("a field the basis does not use must be left empty", "[remuneration]") {
  SECTION("fixed with a rate") {
    RemunerationTerms t = fixed_terms("100");
    t.rate = rate("0.08");
    check_refused(t, "remuneration-unused-field", "rate");
  }
  SECTION("fixed with tiers") {
    RemunerationTerms t = fixed_terms("100");
    t.tiers = tiered_terms().tiers;
    check_refused(t, "remuneration-unused-field", "tiers");
  }
  SECTION("a percentage with a fixed amount") {
    RemunerationTerms t = percent_terms(RemunerationBasis::percent_of_billed, "0.08");
    t.fixed_per_month = yuan("1");
    check_refused(t, "remuneration-unused-field", "fixed_per_month");
  }
  SECTION("a percentage with tiers") {
    RemunerationTerms t = percent_terms(RemunerationBasis::percent_of_costs, "0.08");
    t.tiers = tiered_terms().tiers;
    check_refused(t, "remuneration-unused-field", "tiers");
  }
  SECTION("tiered with a flat rate") {
    RemunerationTerms t = tiered_terms();
    t.rate = rate("0.08");
    check_refused(t, "remuneration-unused-field", "rate");
  }
  SECTION("tiered with a fixed amount") {
    RemunerationTerms t = tiered_terms();
    t.fixed_per_month = yuan("1");
    check_refused(t, "remuneration-unused-field", "fixed_per_month");
  }
}

TEST_CASE("compute_remuneration refuses terms that validate refuses", "[remuneration]") {
  const auto terms = percent_terms(RemunerationBasis::percent_of_collected, "1.5");
  invalid_input_from([&] { return compute_remuneration(terms, month("1", "1")); },
                     "remuneration-rate");
}

TEST_CASE("each basis has a stable name", "[remuneration]") {
  CHECK(std::string(fees::to_string(RemunerationBasis::fixed)) == "fixed");
  CHECK(std::string(fees::to_string(RemunerationBasis::percent_of_collected)) ==
        "percent_of_collected");
  CHECK(std::string(fees::to_string(RemunerationBasis::percent_of_billed)) == "percent_of_billed");
  CHECK(std::string(fees::to_string(RemunerationBasis::percent_of_costs)) == "percent_of_costs");
  CHECK(std::string(fees::to_string(RemunerationBasis::tiered_by_collection_rate)) ==
        "tiered_by_collection_rate");
}
