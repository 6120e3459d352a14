// Area: an exact floor area in square metres with two decimals (e.g. a unit's registered area).
//
// Areas weigh fees (rate per m²) and apportionments (cost split by area), so they are exact:
// stored as whole hundredths of a square metre, never as an inexact binary fraction. An Area is
// always within [0, kMaxHundredths]; every way to make one checks it.
//
// Ownership and thread-safety: a small immutable value (one int64), trivially copyable; copy it
// freely and share it between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

namespace trustfund::money {

class Area {
 public:
  // The largest area: 1,000,000,000.00 m² (inclusive).
  static constexpr std::int64_t kMaxHundredths = 100'000'000'000;  // 10^9 m²

  // Zero square metres.
  constexpr Area() noexcept = default;

  // Returns `v` hundredths of a square metre. Throws Error::invalid naming `field`: type
  // "area-negative" if v < 0, "area-out-of-range" if v > kMaxHundredths.
  [[nodiscard]] static Area from_hundredths_m2(std::int64_t v, std::string_view field = "area");

  // Parses decimal square metres: ASCII digits without leading zeros, optionally '.' and one or
  // two digits: "89.5", "120.37", "0.01", "0". The same strictness as Amount::parse, and no sign
  // at all: "-5" throws "area-negative" (even "-0"), "12.345" throws "area-too-many-decimals",
  // more than kMaxHundredths throws "area-out-of-range", other malformed text "area-syntax".
  [[nodiscard]] static Area parse(std::string_view text, std::string_view field = "area");

  // The area in hundredths of a square metre.
  [[nodiscard]] constexpr std::int64_t hundredths_m2() const noexcept { return hundredths_m2_; }

  // Square metres with exactly two decimals: "89.50". parse() reads it back to the same Area.
  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const Area&, const Area&) = default;

 private:
  constexpr explicit Area(std::int64_t hundredths_m2) noexcept : hundredths_m2_(hundredths_m2) {}

  std::int64_t hundredths_m2_ = 0;
};

static_assert(std::is_trivially_copyable_v<Area>);

// Writes area.to_string(), e.g. for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, Area area);

}  // namespace trustfund::money
