#include "trustfund/money/rounding.h"

#include <boost/multiprecision/cpp_int.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cstdint>
#include <random>
#include <string>

#include "unit/money/money_test_support.h"

namespace trustfund::money {
namespace {

using testing::invalid_input_from;

Amount yuan(const char* text) {
  return Amount::parse(text);
}
Area m2(const char* text) {
  return Area::parse(text);
}
Rate rate(const char* text) {
  return Rate::parse(text);
}

TEST_CASE("every rounding mode has a stable name that parses back") {
  for (const Rounding mode : {Rounding::half_away_from_zero, Rounding::half_even,
                              Rounding::toward_zero, Rounding::floor, Rounding::ceiling}) {
    CHECK(parse_rounding(to_string(mode)) == mode);
  }
  CHECK(std::string(to_string(Rounding::half_away_from_zero)) == "half_away_from_zero");
  CHECK(std::string(to_string(Rounding::half_even)) == "half_even");
}

TEST_CASE("an unknown rounding name is rejected with the list of known ones") {
  const Error error =
      invalid_input_from([] { return parse_rounding("round_up"); }, "rounding-unknown");
  CHECK(error.field() == "rounding");
  CHECK(std::string(error.what()) ==
        "rounding \"round_up\" is not known; use one of half_away_from_zero, half_even, "
        "toward_zero, floor, ceiling");
  invalid_input_from([] { return parse_rounding("Half_Even"); }, "rounding-unknown");
  invalid_input_from([] { return parse_rounding(""); }, "rounding-unknown");
}

TEST_CASE("a fee is area times rate rounded once to the fen") {
  // 89.37 m² × 2.35 yuan/m² = 210.0195 yuan.
  CHECK(fee_for_area(m2("89.37"), rate("2.35")) == yuan("210.02"));
  CHECK(fee_for_area(m2("89.37"), rate("2.35"), Rounding::toward_zero) == yuan("210.01"));
  CHECK(fee_for_area(m2("120.00"), rate("2.35")) == yuan("282.00"));
  CHECK(fee_for_area(m2("0"), rate("2.35")).is_zero());
  CHECK(fee_for_area(m2("89.37"), rate("0")).is_zero());
}

TEST_CASE("a fee of exactly half a fen rounds away from zero by default") {
  // 0.01 m² × 0.5 yuan/m² = 0.005 yuan; 100.10 m² × 2.35 = 235.235 yuan.
  CHECK(fee_for_area(m2("0.01"), rate("0.5")) == yuan("0.01"));
  CHECK(fee_for_area(m2("0.01"), rate("-0.5")) == yuan("-0.01"));
  CHECK(fee_for_area(m2("100.10"), rate("2.35")) == yuan("235.24"));
  CHECK(fee_for_area(m2("100.10"), rate("-2.35")) == yuan("-235.24"));
}

TEST_CASE("half_even rounds a tie to the even fen where half_away_from_zero rounds up") {
  // 1.00 m² × 0.125 yuan/m² = 12.5 fen.
  CHECK(fee_for_area(m2("1.00"), rate("0.125")) == yuan("0.13"));
  CHECK(fee_for_area(m2("1.00"), rate("0.125"), Rounding::half_even) == yuan("0.12"));
  CHECK(fee_for_area(m2("1.00"), rate("-0.125")) == yuan("-0.13"));
  CHECK(fee_for_area(m2("1.00"), rate("-0.125"), Rounding::half_even) == yuan("-0.12"));
  // 13.5 fen: the even neighbour is the one away from zero.
  CHECK(fee_for_area(m2("1.00"), rate("0.135"), Rounding::half_even) == yuan("0.14"));
}

struct RoundingRow {
  std::int64_t numerator;
  std::int64_t denominator;
  std::int64_t half_away_from_zero, half_even, toward_zero, floor, ceiling;
};

TEST_CASE("every rounding mode rounds ties and non-ties as its name says") {
  const auto row = GENERATE(values<RoundingRow>({
      // numerator, denominator, then half_away_from_zero, half_even, toward_zero, floor, ceiling
      {5, 2, 3, 2, 2, 2, 3},                // 2.5
      {-5, 2, -3, -2, -2, -3, -2},          // -2.5
      {7, 2, 4, 4, 3, 3, 4},                // 3.5
      {-7, 2, -4, -4, -3, -4, -3},          // -3.5
      {1, 2, 1, 0, 0, 0, 1},                // 0.5
      {-1, 2, -1, 0, 0, -1, 0},             // -0.5
      {12, 5, 2, 2, 2, 2, 3},               // 2.4
      {-12, 5, -2, -2, -2, -3, -2},         // -2.4
      {13, 5, 3, 3, 2, 2, 3},               // 2.6
      {-13, 5, -3, -3, -2, -3, -2},         // -2.6
      {1, 3, 0, 0, 0, 0, 1},                // 0.33
      {-1, 3, 0, 0, 0, -1, 0},              // -0.33
      {6, 2, 3, 3, 3, 3, 3},                // 3
      {-6, 2, -3, -3, -3, -3, -3},          // -3
      {0, 7, 0, 0, 0, 0, 0},                // 0
      {499'999, 1'000'000, 0, 0, 0, 0, 1},  // 0.499999
      {500'001, 1'000'000, 1, 1, 0, 0, 1},  // 0.500001
  }));
  INFO(row.numerator << " / " << row.denominator);
  const auto round = [&](Rounding mode) {
    return round_fen({row.numerator}, {row.denominator}, mode).fen();
  };
  CHECK(round(Rounding::half_away_from_zero) == row.half_away_from_zero);
  CHECK(round(Rounding::half_even) == row.half_even);
  CHECK(round(Rounding::toward_zero) == row.toward_zero);
  CHECK(round(Rounding::floor) == row.floor);
  CHECK(round(Rounding::ceiling) == row.ceiling);
}

TEST_CASE("rounding agrees with exact integer bounds on random fractions") {
  using Wide = boost::multiprecision::checked_int256_t;
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> numerator(-1'000'000'000'000, 1'000'000'000'000);
  std::uniform_int_distribution<std::int64_t> denominator(1, 1'000'000);
  for (int i = 0; i < 20'000; ++i) {
    const std::int64_t n = numerator(rng);
    const std::int64_t d = i % 3 == 0 ? 2 * denominator(rng) : denominator(rng);  // many ties
    INFO(n << " / " << d);
    const Wide floor = round_fen({n}, {d}, Rounding::floor).fen();
    const Wide ceiling = round_fen({n}, {d}, Rounding::ceiling).fen();
    const Wide nearest = round_fen({n}, {d}, Rounding::half_away_from_zero).fen();
    REQUIRE(floor * d <= n);
    REQUIRE(n < (floor + 1) * d);
    REQUIRE(ceiling - floor == (n % d == 0 ? 0 : 1));
    // Nearest is within half a fen: |2 (nearest d - n)| <= d, and symmetric about zero.
    REQUIRE(boost::multiprecision::abs(2 * (nearest * d - n)) <= d);
    REQUIRE(round_fen({-n}, {d}, Rounding::half_away_from_zero).fen() == -nearest);
  }
}

TEST_CASE("several factors are multiplied exactly and rounded only once") {
  // A monthly fee for 50.01 m² at 1.80 yuan is 90.018 yuan; for 17 of 31 days it is exactly
  // 49.3647... yuan. Rounding the monthly fee first (90.02) and then prorating gives 49.37.
  CHECK(round_fen({5001, 1'800'000, 17}, {1'000'000, 31}, Rounding::half_away_from_zero) ==
        yuan("49.36"));
  CHECK(prorate(fee_for_area(m2("50.01"), rate("1.80")), 17, 31) == yuan("49.37"));
  CHECK(round_fen({}, {}, Rounding::half_even) == yuan("0.01"));
  CHECK(round_fen({7}, {}, Rounding::half_even) == yuan("0.07"));
}

TEST_CASE("the largest area at a large rate is computed without losing a fen") {
  // 10^9 m² × 99999.999999 yuan/m² = 99,999,999,999,000 yuan: the product of the integers is
  // about 10^22, far beyond 64 bits.
  CHECK(fee_for_area(m2("1000000000"), rate("99999.999999")) == yuan("99999999999000.00"));
  // 0.01 m² more or less changes the fee by 999.99999999 yuan; rounding once still gets it.
  CHECK(fee_for_area(m2("999999999.99"), rate("99999.999999")) == yuan("99999999998000.00"));
  CHECK(times(Amount::from_fen(Amount::kMaxFen), rate("0.000001")) == yuan("1000000000.00"));
}

TEST_CASE("a fee beyond the largest amount overflows") {
  const Error error = invalid_input_from(
      [] { return fee_for_area(m2("1000000000"), rate("999999999.999999")); }, "amount-overflow");
  CHECK(std::string(error.what()) ==
        "the computed amount is beyond the largest amount the books can hold "
        "(999999999999999.99 yuan either way)");
  invalid_input_from([] { return times(Amount::from_fen(Amount::kMaxFen), rate("1.000001")); },
                     "amount-overflow");
  invalid_input_from([] { return times(Amount::from_fen(-Amount::kMaxFen), rate("2")); },
                     "amount-overflow");
  invalid_input_from([] { return prorate(Amount::from_fen(Amount::kMaxFen), 2, 1); },
                     "amount-overflow");
  invalid_input_from(
      [] {
        return round_fen({INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN}, {1}, Rounding::floor);
      },
      "amount-overflow");
}

TEST_CASE("a percentage of an amount is rounded once") {
  // 8% of 12345.67 = 987.6536.
  CHECK(times(yuan("12345.67"), rate("0.08")) == yuan("987.65"));
  CHECK(times(yuan("1000.00"), rate("0.085")) == yuan("85.00"));
  CHECK(times(yuan("-12345.67"), rate("0.08")) == yuan("-987.65"));
  // 5% of 0.10 = 0.005: half a fen.
  CHECK(times(yuan("0.10"), rate("0.05")) == yuan("0.01"));
  CHECK(times(yuan("0.10"), rate("0.05"), Rounding::half_even) == yuan("0.00"));
  CHECK(times(yuan("0.10"), rate("0.05"), Rounding::floor) == yuan("0.00"));
  CHECK(times(yuan("-0.10"), rate("0.05"), Rounding::floor) == yuan("-0.01"));
  CHECK(times(yuan("123.45"), rate("1")) == yuan("123.45"));
  CHECK(times(yuan("123.45"), rate("-1")) == yuan("-123.45"));
}

TEST_CASE("proration takes a fraction of an amount and rounds once") {
  // 300.00 × 17 / 31 = 164.516129...
  CHECK(prorate(yuan("300.00"), 17, 31) == yuan("164.52"));
  CHECK(prorate(yuan("300.00"), 17, 31, Rounding::toward_zero) == yuan("164.51"));
  CHECK(prorate(yuan("100.00"), 1, 3) == yuan("33.33"));
  CHECK(prorate(yuan("100.00"), 2, 3) == yuan("66.67"));
  CHECK(prorate(yuan("-100.00"), 2, 3) == yuan("-66.67"));
  CHECK(prorate(yuan("0.05"), 1, 2) == yuan("0.03"));
  CHECK(prorate(yuan("0.05"), 1, 2, Rounding::half_even) == yuan("0.02"));
  CHECK(prorate(yuan("-0.05"), 1, 2) == yuan("-0.03"));
  CHECK(prorate(yuan("300.00"), 31, 31) == yuan("300.00"));
  CHECK(prorate(yuan("300.00"), 0, 31).is_zero());
}

TEST_CASE("a proration with a zero or negative denominator is rejected") {
  const Error error = invalid_input_from([] { return prorate(yuan("300.00"), 17, 0); },
                                         "rounding-denominator-not-positive");
  CHECK(error.field() == "denominator");
  CHECK(std::string(error.what()) == "the denominator must be greater than zero, but it is 0");
  invalid_input_from([] { return prorate(yuan("300.00"), 17, -31); },
                     "rounding-denominator-not-positive");
  invalid_input_from(
      [] {
        return round_fen({1}, {2, 0}, Rounding::floor);
      },
      "rounding-denominator-not-positive");
}

}  // namespace
}  // namespace trustfund::money
