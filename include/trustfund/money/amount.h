// Amount: an exact amount of CNY, counted in whole fen (分, 0.01 yuan).
//
// Every yuan the books hold, bill, receive or pay is an Amount; an amount is never a bare
// integer and never an inexact binary fraction. An Amount is always within
// [-kMaxFen, kMaxFen]: every way to make one checks the range, and arithmetic that would leave
// it throws Error "amount-overflow" instead of wrapping. Text is parsed strictly (see parse) so
// that "12.345" or "1,234.00" are refused rather than guessed at.
//
// Ownership and thread-safety: a small immutable value (one int64), trivially copyable; copy it
// freely and share it between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace trustfund::money {

class Amount {
 public:
  // The largest size of an amount: 999,999,999,999,999.99 yuan. The range is symmetric, so
  // negation never fails, and twice the bound still fits an int64.
  static constexpr std::int64_t kMaxFen = 99'999'999'999'999'999;  // 10^17 - 1

  // Zero yuan.
  constexpr Amount() noexcept = default;

  // Returns `fen` fen. Throws Error "amount-out-of-range" (naming `field`) if |fen| > kMaxFen.
  [[nodiscard]] static Amount from_fen(std::int64_t fen, std::string_view field = "amount");

  // Parses decimal yuan text: an optional leading '-', ASCII digits without leading zeros, and
  // optionally '.' followed by one or two digits: "1234.5", "1234.50", "-0.01", "0".
  // "-0" and "-0.00" are zero. Throws Error::invalid naming `field`, with type
  // "amount-too-many-decimals" for "12.345" (even "12.340"), "amount-out-of-range" beyond
  // kMaxFen, and "amount-syntax" for anything else: empty or blank text, surrounding spaces,
  // a '+' sign, two signs, exponents ("1e3"), digit group separators ("1,234.00"), a leading or
  // trailing point (".5", "5."), leading zeros ("007"), non-ASCII digits or currency signs.
  [[nodiscard]] static Amount parse(std::string_view text, std::string_view field = "amount");

  // The amount in fen.
  [[nodiscard]] constexpr std::int64_t fen() const noexcept { return fen_; }

  // Decimal yuan with exactly two decimals: "1234.50", "-0.01", "0.00". parse() reads it back
  // to the same Amount.
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] bool is_zero() const noexcept { return fen_ == 0; }
  [[nodiscard]] bool is_negative() const noexcept { return fen_ < 0; }
  [[nodiscard]] bool is_positive() const noexcept { return fen_ > 0; }

  // Checked arithmetic: a result beyond kMaxFen throws Error "amount-overflow"; nothing wraps.
  // Negation and abs() cannot fail because the range is symmetric.
  [[nodiscard]] Amount operator-() const;
  [[nodiscard]] Amount operator+(Amount other) const;
  [[nodiscard]] Amount operator-(Amount other) const;
  Amount& operator+=(Amount other);
  Amount& operator-=(Amount other);
  [[nodiscard]] Amount abs() const;

  friend auto operator<=>(const Amount&, const Amount&) = default;

 private:
  constexpr explicit Amount(std::int64_t fen) noexcept : fen_(fen) {}

  std::int64_t fen_ = 0;
};

static_assert(std::is_trivially_copyable_v<Amount>);

// Returns the exact sum of `amounts` (zero for none). Intermediate sums may leave the range;
// only the result must be within it, else throws Error "amount-overflow".
[[nodiscard]] Amount sum(std::span<const Amount> amounts);

// Writes amount.to_string(), e.g. for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, Amount amount);

}  // namespace trustfund::money
