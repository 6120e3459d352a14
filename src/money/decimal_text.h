// Strict decimal text <-> scaled integer, shared by Amount, Area and Rate (private to money/).
//
// One parser serves all three so that "what a number looks like" is one rule in one place:
// optional '-', ASCII digits without leading zeros, optional '.' and 1..max_decimals digits.
// Anything else is rejected with a message a treasurer can act on. The parser never overflows:
// it counts digits before it accumulates them.
//
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace trustfund::money::detail {

// What a parsed number may look like and how large it may be.
struct DecimalRules {
  std::string_view noun;           // "amount", "area", "rate": starts messages and type slugs
  int decimals;                    // scale: the result counts units of 10^-decimals
  std::string_view decimals_word;  // "two", "six": used in messages
  bool allow_negative;
  std::int64_t max_abs_scaled;  // inclusive bound on |result|; must be < 10^18
};

// Parses `text` into a count of 10^-rules.decimals units. Throws Error::invalid with type
// "<noun>-syntax", "<noun>-too-many-decimals", "<noun>-negative" or "<noun>-out-of-range" and
// the given `field`.
[[nodiscard]] std::int64_t parse_decimal(std::string_view text, const DecimalRules& rules,
                                         std::string_view field);

// Formats `scaled` (units of 10^-decimals) as "[-]digits.fraction", keeping at least
// `min_decimals` decimals and dropping further trailing zeros. 0 <= min_decimals <= decimals <= 18.
[[nodiscard]] std::string format_decimal(std::int64_t scaled, int decimals, int min_decimals);

// Returns `text` in quotation marks for an error message: control characters (C0, DEL and C1,
// core/utf8.h) and invalid UTF-8 are shown byte by byte as \xNN, quotes and backslashes are
// escaped, and long text is cut short with "...".
[[nodiscard]] std::string quote_for_message(std::string_view text);

}  // namespace trustfund::money::detail
