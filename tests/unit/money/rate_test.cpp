#include "trustfund/money/rate.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cstdint>
#include <random>
#include <string>

#include "unit/money/money_test_support.h"

namespace trustfund::money {
namespace {

using testing::invalid_input_from;

constexpr std::int64_t kLargest = Rate::kMaxMillionths - 1;

struct AcceptedText {
  const char* text;
  std::int64_t millionths;
};

struct RejectedText {
  const char* text;
  const char* type;
  const char* message;
};

TEST_CASE("rates with up to six decimals are accepted") {
  const auto row = GENERATE(values<AcceptedText>({
      {"2.35", 2'350'000},
      {"0.08", 80'000},
      {"0.085", 85'000},
      {"12", 12'000'000},
      {"-0.5", -500'000},
      {"0.000001", 1},
      {"-0.000001", -1},
      {"1.123456", 1'123'456},
      {"999999999.999999", kLargest},
      {"-999999999.999999", -kLargest},
  }));
  INFO("text: " << row.text);
  CHECK(Rate::parse(row.text).millionths() == row.millionths);
}

TEST_CASE("malformed rates and rates with more than six decimals are rejected") {
  const auto row = GENERATE(values<RejectedText>({
      {"0.1234567", "rate-too-many-decimals", "rate \"0.1234567\" has more than six decimals"},
      {"1000000000", "rate-out-of-range",
       "rate \"1000000000\" is out of range; its size may be at most 999999999.999999"},
      {"-1000000000", "rate-out-of-range",
       "rate \"-1000000000\" is out of range; its size may be at most 999999999.999999"},
      {"8%", "rate-syntax",
       "rate \"8%\" has the character \"%\", which does not belong in a number"},
      {"2,35", "rate-syntax",
       "rate \"2,35\" has a digit group separator; write the digits without separators, like "
       "1234567.50"},
      {"", "rate-syntax", "rate is empty"},
      {"8e-2", "rate-syntax", "rate \"8e-2\" is in exponent notation; write all the digits out"},
  }));
  INFO("text: " << row.text);
  const Error error = invalid_input_from([&] { return Rate::parse(row.text); }, row.type);
  CHECK(std::string(error.what()) == row.message);
  CHECK(error.field() == "rate");
}

TEST_CASE("a rate of 10^9 or more cannot be made from millionths") {
  CHECK(Rate::from_millionths(kLargest).millionths() == kLargest);
  CHECK(Rate::from_millionths(-kLargest).millionths() == -kLargest);
  const Error error = invalid_input_from(
      [] { return Rate::from_millionths(Rate::kMaxMillionths, "fee_rate"); }, "rate-out-of-range");
  CHECK(error.field() == "fee_rate");
  CHECK(std::string(error.what()) ==
        "rate of 1000000000000000 millionths is out of range; its size may be at most "
        "999999999.999999");
  invalid_input_from([] { return Rate::from_millionths(-Rate::kMaxMillionths); },
                     "rate-out-of-range");
}

TEST_CASE("rates format as the shortest exact decimal with at least two decimals") {
  CHECK(Rate::parse("2.35").to_string() == "2.35");
  CHECK(Rate::parse("0.085").to_string() == "0.085");
  CHECK(Rate::parse("12").to_string() == "12.00");
  CHECK(Rate::parse("-0.5").to_string() == "-0.50");
  CHECK(Rate::parse("0.000001").to_string() == "0.000001");
  CHECK(Rate::parse("2.350000").to_string() == "2.35");
  CHECK(Rate().to_string() == "0.00");
  CHECK(Rate::parse("-0").to_string() == "0.00");
}

TEST_CASE("formatting a rate and parsing it back gives the same rate") {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::int64_t> any(-kLargest, kLargest);
  for (int i = 0; i < 5'000; ++i) {
    const Rate rate = Rate::from_millionths(i % 2 == 0 ? any(rng) : any(rng) % 10'000'000);
    REQUIRE(Rate::parse(rate.to_string()) == rate);
  }
  for (const std::int64_t v :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, kLargest, -kLargest}) {
    REQUIRE(Rate::parse(Rate::from_millionths(v).to_string()).millionths() == v);
  }
}

}  // namespace
}  // namespace trustfund::money
