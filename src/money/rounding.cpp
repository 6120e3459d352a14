#include "trustfund/money/rounding.h"

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cassert>
#include <string>

#include "amount_overflow.h"
#include "decimal_text.h"
#include "trustfund/core/error.h"

namespace trustfund::money {
namespace {

// Four int64 factors multiply to less than 2^252, inside a checked 256-bit integer, which
// also turns any broken assumption into an exception instead of a wrong amount.
using Wide = boost::multiprecision::checked_int256_t;

constexpr std::int64_t kMillionthsPerUnit = 1'000'000;

struct NamedRounding {
  Rounding mode;
  const char* name;
};

constexpr std::array<NamedRounding, 5> kRoundings{{
    {Rounding::half_away_from_zero, "half_away_from_zero"},
    {Rounding::half_even, "half_even"},
    {Rounding::toward_zero, "toward_zero"},
    {Rounding::floor, "floor"},
    {Rounding::ceiling, "ceiling"},
}};

// Rounds numerator / denominator (denominator > 0) to an integer by `mode`.
Wide round_quotient(const Wide& numerator, const Wide& denominator, Rounding mode) {
  assert(denominator > 0);
  Wide quotient;   // truncated toward zero
  Wide remainder;  // has the sign of the numerator
  boost::multiprecision::divide_qr(numerator, denominator, quotient, remainder);
  if (remainder == 0) {
    return quotient;
  }
  const int away = numerator < 0 ? -1 : 1;  // one step away from zero
  const Wide twice_remainder = 2 * boost::multiprecision::abs(remainder);
  switch (mode) {
    case Rounding::half_away_from_zero:
      return twice_remainder >= denominator ? quotient + away : quotient;
    case Rounding::half_even:
      if (twice_remainder == denominator) {
        return boost::multiprecision::bit_test(quotient, 0) ? quotient + away : quotient;
      }
      return twice_remainder > denominator ? quotient + away : quotient;
    case Rounding::toward_zero:
      return quotient;
    case Rounding::floor:
      return away < 0 ? quotient - 1 : quotient;
    case Rounding::ceiling:
      return away > 0 ? quotient + 1 : quotient;
  }
  assert(false && "unknown Rounding");
  return quotient;
}

}  // namespace

Rounding parse_rounding(std::string_view name) {
  for (const NamedRounding& entry : kRoundings) {
    if (name == entry.name) {
      return entry.mode;
    }
  }
  std::string names;
  for (const NamedRounding& entry : kRoundings) {
    names += names.empty() ? "" : ", ";
    names += entry.name;
  }
  throw Error::invalid(
      "rounding-unknown", "rounding",
      "rounding " + detail::quote_for_message(name) + " is not known; use one of " + names);
}

const char* to_string(Rounding mode) noexcept {
  for (const NamedRounding& entry : kRoundings) {
    if (entry.mode == mode) {
      return entry.name;
    }
  }
  return "unknown";
}

Amount round_fen(std::initializer_list<std::int64_t> numerator_factors,
                 std::initializer_list<std::int64_t> denominator_factors, Rounding mode) {
  assert(numerator_factors.size() <= kMaxRoundingFactors);
  assert(denominator_factors.size() <= kMaxRoundingFactors);
  Wide numerator = 1;
  for (const std::int64_t factor : numerator_factors) {
    numerator *= factor;
  }
  Wide denominator = 1;
  for (const std::int64_t factor : denominator_factors) {
    if (factor <= 0) {
      throw Error::invalid(
          "rounding-denominator-not-positive", "denominator",
          "the denominator must be greater than zero, but it is " + std::to_string(factor));
    }
    denominator *= factor;
  }
  const Wide fen = round_quotient(numerator, denominator, mode);
  return detail::checked_amount(fen, [] { return std::string("the computed amount"); });
}

Amount fee_for_area(Area area, Rate rate_yuan_per_m2, Rounding mode) {
  // hundredths of m² × millionths of a yuan = 10^-8 yuan = 10^-6 fen.
  return round_fen({area.hundredths_m2(), rate_yuan_per_m2.millionths()}, {kMillionthsPerUnit},
                   mode);
}

Amount times(Amount base, Rate rate, Rounding mode) {
  return round_fen({base.fen(), rate.millionths()}, {kMillionthsPerUnit}, mode);
}

Amount prorate(Amount base, std::int64_t numerator, std::int64_t denominator, Rounding mode) {
  return round_fen({base.fen(), numerator}, {denominator}, mode);
}

}  // namespace trustfund::money
