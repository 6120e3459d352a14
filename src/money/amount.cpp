#include "trustfund/money/amount.h"

#include <boost/multiprecision/cpp_int.hpp>
#include <limits>
#include <ostream>

#include "amount_overflow.h"
#include "decimal_text.h"
#include "trustfund/core/error.h"

namespace trustfund::money {
namespace {

// Adding or subtracting two in-range amounts cannot overflow an int64, so a plain int64 result
// followed by a range check is exact. Longer sums go through a checked 128-bit integer.
static_assert(2 * Amount::kMaxFen <= std::numeric_limits<std::int64_t>::max());

constexpr detail::DecimalRules kAmountRules{
    .noun = "amount",
    .decimals = 2,
    .decimals_word = "two",
    .allow_negative = true,
    .max_abs_scaled = Amount::kMaxFen,
};

bool in_range(std::int64_t fen) {
  return fen >= -Amount::kMaxFen && fen <= Amount::kMaxFen;
}

std::string range_text() {
  return detail::format_decimal(Amount::kMaxFen, kAmountRules.decimals, 2);
}

}  // namespace

Amount Amount::from_fen(std::int64_t fen, std::string_view field) {
  if (!in_range(fen)) {
    throw Error::invalid("amount-out-of-range", std::string(field),
                         "amount of " + std::to_string(fen) +
                             " fen is out of range; its size may be at most " + range_text() +
                             " yuan");
  }
  return Amount(fen);
}

Amount Amount::parse(std::string_view text, std::string_view field) {
  return Amount(detail::parse_decimal(text, kAmountRules, field));
}

std::string Amount::to_string() const {
  return detail::format_decimal(fen_, kAmountRules.decimals, kAmountRules.decimals);
}

Amount Amount::operator-() const {
  return Amount(-fen_);
}

Amount Amount::operator+(Amount other) const {
  return detail::checked_amount(
      fen_ + other.fen_, [&] { return "the sum of " + to_string() + " and " + other.to_string(); });
}

Amount Amount::operator-(Amount other) const {
  return detail::checked_amount(fen_ - other.fen_, [&] {
    return "the difference " + to_string() + " minus " + other.to_string();
  });
}

Amount& Amount::operator+=(Amount other) {
  return *this = *this + other;
}

Amount& Amount::operator-=(Amount other) {
  return *this = *this - other;
}

Amount Amount::abs() const {
  return Amount(fen_ < 0 ? -fen_ : fen_);
}

Amount sum(std::span<const Amount> amounts) {
  // 128 bits hold the sum of 10^21 maximal amounts, far more than memory can; `checked` turns a
  // broken assumption into an exception rather than a wrong total.
  boost::multiprecision::checked_int128_t total = 0;
  for (const Amount amount : amounts) {
    total += amount.fen();
  }
  return detail::checked_amount(
      total, [&] { return "the sum of " + std::to_string(amounts.size()) + " amounts"; });
}

namespace detail {

void throw_amount_overflow(const std::string& what) {
  throw Error::invalid("amount-overflow", "amount",
                       what + " is beyond the largest amount the books can hold (" + range_text() +
                           " yuan either way)");
}

}  // namespace detail

std::ostream& operator<<(std::ostream& out, Amount amount) {
  return out << amount.to_string();
}

}  // namespace trustfund::money
