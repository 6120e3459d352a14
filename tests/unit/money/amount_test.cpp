#include "trustfund/money/amount.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "unit/money/money_test_support.h"

namespace trustfund::money {
namespace {

using testing::invalid_input_from;

constexpr std::int64_t kMax = Amount::kMaxFen;

struct AcceptedText {
  const char* text;
  std::int64_t fen;
};

struct RejectedText {
  const char* text;
  const char* type;
  const char* message;
};

TEST_CASE("amounts written as plain decimal yuan are accepted") {
  const auto row = GENERATE(values<AcceptedText>({
      {"1234.5", 123450},
      {"1234.50", 123450},
      {"-0.01", -1},
      {"0", 0},
      {"0.1", 10},
      {"0.05", 5},
      {"7", 700},
      {"-7.5", -750},
      {"-0", 0},
      {"-0.00", 0},
      {"999999999999999.99", kMax},
      {"-999999999999999.99", -kMax},
  }));
  INFO("text: " << row.text);
  CHECK(Amount::parse(row.text).fen() == row.fen);
}

TEST_CASE("malformed amounts are rejected with a reason a treasurer can act on") {
  const auto row = GENERATE(values<RejectedText>({
      {"", "amount-syntax", "amount is empty"},
      {"   ", "amount-syntax", "amount is blank"},
      {" 12.00", "amount-syntax", "amount \" 12.00\" has spaces before or after it; remove them"},
      {"12.00 ", "amount-syntax", "amount \"12.00 \" has spaces before or after it; remove them"},
      {"12.00\n", "amount-syntax",
       "amount \"12.00\\x0A\" has spaces before or after it; remove them"},
      {"+5", "amount-syntax",
       "amount \"+5\" has a plus sign; write positive numbers without a sign"},
      {"12.345", "amount-too-many-decimals", "amount \"12.345\" has more than two decimals"},
      {"12.340", "amount-too-many-decimals", "amount \"12.340\" has more than two decimals"},
      {"1e3", "amount-syntax", "amount \"1e3\" is in exponent notation; write all the digits out"},
      {"1.5E2", "amount-syntax",
       "amount \"1.5E2\" is in exponent notation; write all the digits out"},
      {"1,234.00", "amount-syntax",
       "amount \"1,234.00\" has a digit group separator; write the digits without separators, "
       "like 1234567.50"},
      {"1'234.00", "amount-syntax",
       "amount \"1'234.00\" has a digit group separator; write the digits without separators, "
       "like 1234567.50"},
      {"1_234", "amount-syntax",
       "amount \"1_234\" has a digit group separator; write the digits without separators, "
       "like 1234567.50"},
      {"1 234.00", "amount-syntax", "amount \"1 234.00\" has a space inside it"},
      {".5", "amount-syntax",
       "amount \".5\" has no digit before the decimal point; write 0.5, not .5"},
      {"-.5", "amount-syntax",
       "amount \"-.5\" has no digit before the decimal point; write 0.5, not .5"},
      {"5.", "amount-syntax",
       "amount \"5.\" has no digit after the decimal point; write 5 or 5.00"},
      {"1.2.3", "amount-syntax", "amount \"1.2.3\" has more than one decimal point"},
      {"--5", "amount-syntax", "amount \"--5\" has more than one sign"},
      {"-+5", "amount-syntax", "amount \"-+5\" has more than one sign"},
      {"+-5", "amount-syntax", "amount \"+-5\" has more than one sign"},
      {"5-", "amount-syntax", "amount \"5-\" has a sign that is not at the start"},
      {"-", "amount-syntax", "amount \"-\" has no digits"},
      {"007.50", "amount-syntax", "amount \"007.50\" has a leading zero; write 7.50, not 007.50"},
      {"-01", "amount-syntax", "amount \"-01\" has a leading zero; write 7.50, not 007.50"},
      {"12a", "amount-syntax",
       "amount \"12a\" has the character \"a\", which does not belong in a number"},
      {"0x10", "amount-syntax",
       "amount \"0x10\" has the character \"x\", which does not belong in a number"},
      {"nan", "amount-syntax",
       "amount \"nan\" has the character \"n\", which does not belong in a number"},
      {"$12", "amount-syntax",
       "amount \"$12\" has the character \"$\", which does not belong in a number"},
      {"1000000000000000", "amount-out-of-range",
       "amount \"1000000000000000\" is out of range; its size may be at most "
       "999999999999999.99"},
      {"-1000000000000000.00", "amount-out-of-range",
       "amount \"-1000000000000000.00\" is out of range; its size may be at most "
       "999999999999999.99"},
      {"99999999999999999999999999999999999999999", "amount-out-of-range",
       "amount \"9999999999999999999999999999999999999999...\" is out of range; its size may be "
       "at most 999999999999999.99"},
  }));
  INFO("text: " << row.text);
  const Error error = invalid_input_from([&] { return Amount::parse(row.text); }, row.type);
  CHECK(std::string(error.what()) == row.message);
  CHECK(error.field() == "amount");
}

TEST_CASE("amounts with full-width digits, other scripts' digits or currency signs are rejected") {
  const std::string text =
      GENERATE(as<std::string>{}, "１２", "١٢", "¥12.00", "￥12.00", "12元", "12.5０");
  INFO("text: " << text);
  const Error error = invalid_input_from([&] { return Amount::parse(text); }, "amount-syntax");
  CHECK(std::string(error.what()) ==
        "amount \"" + text +
            "\" has a character that is not an ASCII digit (such as a full-width digit or a "
            "currency sign); use only 0-9, '.' and a leading '-'");
}

TEST_CASE("a rejected amount names the field it came from") {
  const Error error = invalid_input_from([] { return Amount::parse("12.345", "paid_amount"); },
                                         "amount-too-many-decimals");
  CHECK(error.field() == "paid_amount");
}

TEST_CASE("an amount message never repeats control characters or broken UTF-8 verbatim") {
  const Error error =
      invalid_input_from([] { return Amount::parse(std::string("1\0\xFF", 3)); }, "amount-syntax");
  CHECK(std::string(error.what()) ==
        "amount \"1\\x00\\xFF\" has the character \"\\x00\", which does not belong in a number");
}

TEST_CASE("an amount message shows a C1 control character as its bytes, like any control") {
  // U+0085 (NEXT LINE) would break the message's line in many tools.
  const Error error =
      invalid_input_from([] { return Amount::parse("1\xC2\x85"); }, "amount-syntax");
  CHECK(std::string(error.what()).rfind("amount \"1\\xC2\\x85\" ", 0) == 0);
}

TEST_CASE("amounts always format with two decimals") {
  CHECK(Amount::parse("1234.5").to_string() == "1234.50");
  CHECK(Amount::parse("-0.01").to_string() == "-0.01");
  CHECK(Amount().to_string() == "0.00");
  CHECK(Amount::parse("-0.00").to_string() == "0.00");
  CHECK(Amount::parse("-0").to_string() == "0.00");
  CHECK(Amount::from_fen(7).to_string() == "0.07");
  CHECK(Amount::from_fen(-100).to_string() == "-1.00");
  CHECK(Amount::from_fen(kMax).to_string() == "999999999999999.99");
  CHECK(Amount::from_fen(-kMax).to_string() == "-999999999999999.99");
}

TEST_CASE("formatting an amount and parsing it back gives the same amount") {
  std::vector<std::int64_t> fens = {0,  1,   -1,   9,    -9,    10,       -10,
                                    99, 100, -101, kMax, -kMax, kMax - 1, -kMax + 1};
  for (std::int64_t fen = -2'000; fen <= 2'000; ++fen) {
    fens.push_back(fen);
  }
  std::mt19937_64 rng(20240501);
  std::uniform_int_distribution<std::int64_t> any_fen(-kMax, kMax);
  std::uniform_int_distribution<int> digits(1, 17);
  for (int i = 0; i < 20'000; ++i) {
    fens.push_back(any_fen(rng));
    // Also values of every magnitude, not only huge ones.
    std::int64_t limit = 1;
    for (int d = digits(rng); d > 0; --d) {
      limit *= 10;
    }
    fens.push_back(any_fen(rng) % limit);
  }
  for (const std::int64_t fen : fens) {
    const Amount amount = Amount::from_fen(fen);
    INFO("fen: " << fen);
    REQUIRE(Amount::parse(amount.to_string()) == amount);
  }
}

TEST_CASE("an amount beyond the range cannot be made from fen") {
  CHECK(Amount::from_fen(kMax).fen() == kMax);
  CHECK(Amount::from_fen(-kMax).fen() == -kMax);
  const Error error = invalid_input_from([] { return Amount::from_fen(kMax + 1, "deposit"); },
                                         "amount-out-of-range");
  CHECK(error.field() == "deposit");
  CHECK(std::string(error.what()) ==
        "amount of 100000000000000000 fen is out of range; its size may be at most "
        "999999999999999.99 yuan");
  invalid_input_from([] { return Amount::from_fen(-kMax - 1); }, "amount-out-of-range");
  invalid_input_from([] { return Amount::from_fen(std::numeric_limits<std::int64_t>::min()); },
                     "amount-out-of-range");
  invalid_input_from([] { return Amount::from_fen(std::numeric_limits<std::int64_t>::max()); },
                     "amount-out-of-range");
}

TEST_CASE("adding one fen to the largest amount overflows instead of wrapping") {
  const Amount largest = Amount::from_fen(kMax);
  const Amount one_fen = Amount::from_fen(1);
  const Error error = invalid_input_from([&] { (void)(largest + one_fen); }, "amount-overflow");
  CHECK(std::string(error.what()) ==
        "the sum of 999999999999999.99 and 0.01 is beyond the largest amount the books can hold "
        "(999999999999999.99 yuan either way)");
  invalid_input_from([&] { (void)(-largest - one_fen); }, "amount-overflow");
  invalid_input_from([&] { (void)(largest - -largest); }, "amount-overflow");
  invalid_input_from([&] { (void)(-largest + -largest); }, "amount-overflow");
  CHECK((largest - one_fen + one_fen) == largest);
  CHECK((largest + -largest).is_zero());
}

TEST_CASE("a failed addition leaves the amount unchanged") {
  Amount balance = Amount::from_fen(kMax);
  invalid_input_from([&] { balance += Amount::from_fen(1); }, "amount-overflow");
  CHECK(balance.fen() == kMax);
  Amount debt = Amount::from_fen(-kMax);
  invalid_input_from([&] { debt -= Amount::from_fen(1); }, "amount-overflow");
  CHECK(debt.fen() == -kMax);
}

TEST_CASE("amount arithmetic is exact") {
  Amount balance = Amount::parse("100.00");
  balance += Amount::parse("0.01");
  balance -= Amount::parse("250.50");
  CHECK(balance == Amount::parse("-150.49"));
  CHECK(-balance == Amount::parse("150.49"));
  CHECK(balance.abs() == Amount::parse("150.49"));
  CHECK(Amount::parse("150.49").abs() == Amount::parse("150.49"));
  CHECK(Amount::from_fen(-kMax).abs().fen() == kMax);
  CHECK(-Amount::from_fen(-kMax) == Amount::from_fen(kMax));
  CHECK((Amount::parse("0.10") + Amount::parse("0.20")) == Amount::parse("0.30"));
}

TEST_CASE("an amount knows its sign") {
  CHECK(Amount().is_zero());
  CHECK(!Amount().is_negative());
  CHECK(!Amount().is_positive());
  CHECK(Amount::parse("-0.01").is_negative());
  CHECK(!Amount::parse("-0.01").is_zero());
  CHECK(Amount::parse("0.01").is_positive());
  CHECK(!Amount::parse("-0.00").is_negative());
}

TEST_CASE("amounts order by value") {
  CHECK(Amount::parse("-1.00") < Amount::parse("-0.99"));
  CHECK(Amount::parse("0.99") < Amount::parse("1"));
  CHECK(Amount::parse("1.5") == Amount::parse("1.50"));
  CHECK(Amount::parse("2") >= Amount::parse("2.00"));
}

TEST_CASE("a sum of amounts is exact even when a running total would leave the range") {
  const std::vector<Amount> none;
  CHECK(sum(none).is_zero());
  const std::vector<Amount> swing = {Amount::from_fen(kMax), Amount::from_fen(kMax),
                                     Amount::from_fen(-kMax), Amount::from_fen(-kMax),
                                     Amount::parse("0.01")};
  CHECK(sum(swing) == Amount::parse("0.01"));
  const std::vector<Amount> small = {Amount::parse("0.10"), Amount::parse("0.20"),
                                     Amount::parse("-0.05")};
  CHECK(sum(small) == Amount::parse("0.25"));
}

TEST_CASE("a sum of many large amounts that leaves the range overflows") {
  const std::vector<Amount> large(1'000, Amount::from_fen(kMax / 10));
  const Error error = invalid_input_from([&] { (void)sum(large); }, "amount-overflow");
  CHECK(std::string(error.what()) ==
        "the sum of 1000 amounts is beyond the largest amount the books can hold "
        "(999999999999999.99 yuan either way)");
  const std::vector<Amount> negative(1'000, Amount::from_fen(-kMax));
  invalid_input_from([&] { (void)sum(negative); }, "amount-overflow");
  const std::vector<Amount> just_over = {Amount::from_fen(kMax), Amount::from_fen(1)};
  invalid_input_from([&] { (void)sum(just_over); }, "amount-overflow");
}

}  // namespace
}  // namespace trustfund::money
