// Rate: an exact signed decimal with up to six decimals, such as a fee rate in yuan per m² per
// month ("2.35") or a fraction ("0.08" for 8%, "0.085" for 8.5%).
//
// Rates multiply amounts and areas (see rounding.h), so they are exact: stored as whole
// millionths, never as an inexact binary fraction. A Rate is always strictly within
// (-kMaxMillionths, kMaxMillionths); every way to make one checks it.
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

class Rate {
 public:
  // Rates are kept to six decimals (millionths).
  static constexpr int kMaxDecimals = 6;
  // Exclusive bound: |millionths| < kMaxMillionths, i.e. |rate| < 10^9.
  static constexpr std::int64_t kMaxMillionths = 1'000'000'000'000'000;

  // Zero.
  constexpr Rate() noexcept = default;

  // Parses decimal text with the strictness of Amount::parse but up to six decimals; a leading
  // '-' is allowed: "2.35", "0.085", "-0.5", "12". Throws Error::invalid naming `field`, with
  // type "rate-too-many-decimals" for "0.1234567", "rate-out-of-range" for |rate| >= 10^9, and
  // "rate-syntax" for other malformed text.
  [[nodiscard]] static Rate parse(std::string_view text, std::string_view field = "rate");

  // Returns `v` millionths. Throws Error "rate-out-of-range" (naming `field`) if
  // |v| >= kMaxMillionths.
  [[nodiscard]] static Rate from_millionths(std::int64_t v, std::string_view field = "rate");

  // The rate in millionths: 2.35 is 2'350'000.
  [[nodiscard]] constexpr std::int64_t millionths() const noexcept { return millionths_; }

  // The shortest exact decimal with at least two decimals: "2.35", "0.085", "12.00", "-0.50".
  // parse() reads it back to the same Rate.
  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const Rate&, const Rate&) = default;

 private:
  constexpr explicit Rate(std::int64_t millionths) noexcept : millionths_(millionths) {}

  std::int64_t millionths_ = 0;
};

static_assert(std::is_trivially_copyable_v<Rate>);

// Writes rate.to_string(), e.g. for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, Rate rate);

}  // namespace trustfund::money
