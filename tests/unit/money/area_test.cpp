#include "trustfund/money/area.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cstdint>
#include <random>
#include <string>

#include "unit/money/money_test_support.h"

namespace trustfund::money {
namespace {

using testing::invalid_input_from;

struct AcceptedText {
  const char* text;
  std::int64_t hundredths_m2;
};

struct RejectedText {
  const char* text;
  const char* type;
  const char* message;
};

TEST_CASE("areas written as plain decimal square metres are accepted") {
  const auto row = GENERATE(values<AcceptedText>({
      {"89.5", 8950},
      {"120.37", 12037},
      {"0.01", 1},
      {"0", 0},
      {"0.00", 0},
      {"1000000000", Area::kMaxHundredths},
      {"1000000000.00", Area::kMaxHundredths},
  }));
  INFO("text: " << row.text);
  CHECK(Area::parse(row.text).hundredths_m2() == row.hundredths_m2);
}

TEST_CASE("malformed, negative or huge areas are rejected") {
  const auto row = GENERATE(values<RejectedText>({
      {"-5", "area-negative", "area \"-5\" is negative; it must be zero or more"},
      {"-0", "area-negative", "area \"-0\" is negative; it must be zero or more"},
      {"89.555", "area-too-many-decimals", "area \"89.555\" has more than two decimals"},
      {"1000000000.01", "area-out-of-range",
       "area \"1000000000.01\" is out of range; it may be at most 1000000000.00"},
      {"99999999999999999999", "area-out-of-range",
       "area \"99999999999999999999\" is out of range; it may be at most 1000000000.00"},
      {"", "area-syntax", "area is empty"},
      {" 89.5", "area-syntax", "area \" 89.5\" has spaces before or after it; remove them"},
      {"+89.5", "area-syntax",
       "area \"+89.5\" has a plus sign; write positive numbers without a sign"},
      {"1,089.50", "area-syntax",
       "area \"1,089.50\" has a digit group separator; write the digits without separators, "
       "like 1234567.50"},
      {"89.5m2", "area-syntax",
       "area \"89.5m2\" has the character \"m\", which does not belong in a number"},
      {"89.5㎡", "area-syntax",
       "area \"89.5㎡\" has a character that is not an ASCII digit (such as a "
       "full-width digit or a currency sign); use only 0-9, '.' and a leading '-'"},
  }));
  INFO("text: " << row.text);
  const Error error = invalid_input_from([&] { return Area::parse(row.text); }, row.type);
  CHECK(std::string(error.what()) == row.message);
  CHECK(error.field() == "area");
}

TEST_CASE("an area cannot be made from a negative or huge count of hundredths") {
  CHECK(Area::from_hundredths_m2(0).hundredths_m2() == 0);
  CHECK(Area::from_hundredths_m2(Area::kMaxHundredths).hundredths_m2() == Area::kMaxHundredths);
  const Error negative =
      invalid_input_from([] { return Area::from_hundredths_m2(-1, "unit_area"); }, "area-negative");
  CHECK(negative.field() == "unit_area");
  CHECK(std::string(negative.what()) ==
        "area of -1 hundredths of a square metre is negative; it must be zero or more");
  const Error huge = invalid_input_from(
      [] { return Area::from_hundredths_m2(Area::kMaxHundredths + 1); }, "area-out-of-range");
  CHECK(std::string(huge.what()) ==
        "area of 100000000001 hundredths of a square metre is out of range; it may be at most "
        "1000000000.00 m²");
}

TEST_CASE("areas format with two decimals and parse back to the same area") {
  CHECK(Area::parse("89.5").to_string() == "89.50");
  CHECK(Area().to_string() == "0.00");
  CHECK(Area::from_hundredths_m2(1).to_string() == "0.01");
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> any(0, Area::kMaxHundredths);
  for (int i = 0; i < 5'000; ++i) {
    const Area area = Area::from_hundredths_m2(i % 2 == 0 ? any(rng) : any(rng) % 100'000);
    REQUIRE(Area::parse(area.to_string()) == area);
  }
}

TEST_CASE("areas order by size") {
  CHECK(Area::parse("89.5") == Area::parse("89.50"));
  CHECK(Area::parse("89.49") < Area::parse("89.5"));
}

}  // namespace
}  // namespace trustfund::money
