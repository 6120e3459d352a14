#include "trustfund/money/area.h"

#include <ostream>

#include "decimal_text.h"
#include "trustfund/core/error.h"

namespace trustfund::money {
namespace {

constexpr detail::DecimalRules kAreaRules{
    .noun = "area",
    .decimals = 2,
    .decimals_word = "two",
    .allow_negative = false,
    .max_abs_scaled = Area::kMaxHundredths,
};

}  // namespace

Area Area::from_hundredths_m2(std::int64_t v, std::string_view field) {
  if (v < 0) {
    throw Error::invalid("area-negative", std::string(field),
                         "area of " + std::to_string(v) +
                             " hundredths of a square metre is negative; it must be zero or more");
  }
  if (v > kMaxHundredths) {
    throw Error::invalid("area-out-of-range", std::string(field),
                         "area of " + std::to_string(v) +
                             " hundredths of a square metre is out of range; it may be "
                             "at most " +
                             detail::format_decimal(kMaxHundredths, kAreaRules.decimals, 2) +
                             " m²");
  }
  return Area(v);
}

Area Area::parse(std::string_view text, std::string_view field) {
  return Area(detail::parse_decimal(text, kAreaRules, field));
}

std::string Area::to_string() const {
  return detail::format_decimal(hundredths_m2_, kAreaRules.decimals, kAreaRules.decimals);
}

std::ostream& operator<<(std::ostream& out, Area area) {
  return out << area.to_string();
}

}  // namespace trustfund::money
