#include "trustfund/money/rate.h"

#include <ostream>

#include "decimal_text.h"
#include "trustfund/core/error.h"

namespace trustfund::money {
namespace {

// kMaxMillionths is exclusive; the parser takes an inclusive bound.
constexpr detail::DecimalRules kRateRules{
    .noun = "rate",
    .decimals = Rate::kMaxDecimals,
    .decimals_word = "six",
    .allow_negative = true,
    .max_abs_scaled = Rate::kMaxMillionths - 1,
};

// Rates show at least two decimals so that "12.00" reads like the amounts beside it.
constexpr int kMinShownDecimals = 2;

}  // namespace

Rate Rate::parse(std::string_view text, std::string_view field) {
  return Rate(detail::parse_decimal(text, kRateRules, field));
}

Rate Rate::from_millionths(std::int64_t v, std::string_view field) {
  if (v <= -kMaxMillionths || v >= kMaxMillionths) {
    throw Error::invalid("rate-out-of-range", std::string(field),
                         "rate of " + std::to_string(v) +
                             " millionths is out of range; its size may be at most " +
                             detail::format_decimal(kRateRules.max_abs_scaled, kRateRules.decimals,
                                                    kMinShownDecimals));
  }
  return Rate(v);
}

std::string Rate::to_string() const {
  return detail::format_decimal(millionths_, kRateRules.decimals, kMinShownDecimals);
}

std::ostream& operator<<(std::ostream& out, Rate rate) {
  return out << rate.to_string();
}

}  // namespace trustfund::money
