// Numbers on the statement page (statement_html.cpp): money and rates as people read them,
// parsed from the decimal texts of statement.json and formatted with integers only.
//
// Money is decimal yuan text ("1234567.89"): parsed to whole fen (money::Amount), shown with
// thousands separators. Rates ("94.73%") are read as hundredths of a percent. Nothing here uses
// floating point: chart geometry is scaled with scale().
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trustfund::statements::page {

// What the page shows for a missing or empty value.
inline constexpr std::string_view kDash = "—";

// `s`, or "—" when it is empty.
std::string or_dash(std::string_view s);

// Whole fen of decimal yuan text, or nullopt if the text is not an amount.
std::optional<std::int64_t> fen_of(std::string_view text);

// Fen as yuan with thousands separators: "1,234,567.89", "-0.01".
std::string format_fen(std::int64_t fen);

// Money text for a cell: formatted if it is an amount, else the text as given, "—" if empty.
std::string money_text(std::string_view text);

// Hundredths of a percent of "94.73%" (also "94.7%", "100%", "94.73"); nullopt if not a rate.
// Digits after the second decimal are dropped.
std::optional<std::int64_t> hundredths_of_percent(std::string_view s);

// Hundredths of a percent as "94.73%".
std::string format_percent(std::int64_t hundredths);

// Hundredths of a percent as a point label, without the sign: "94.73".
std::string value_label(std::int64_t hundredths);

// Hundredths of a percent without trailing zeros, for axis labels: "90%", "92.5%".
std::string format_percent_short(std::int64_t hundredths);

// floor(a * m / d) for a >= 0, 0 < m <= 10^6, d > 0, saturating; exact unless a % d times m
// would overflow, where it is within one part in 10^6 (enough to draw or show a share).
std::int64_t scale(std::int64_t a, std::int64_t m, std::int64_t d);

// `part` of `whole` as "12.34%", or "—" unless both are amounts, whole > 0 and part >= 0.
std::string share_text(std::optional<std::int64_t> part, std::optional<std::int64_t> whole);

// A fraction as a percent, by moving the decimal point: "0.08" -> "8%", "0.085" -> "8.5%".
std::optional<std::string> fraction_as_percent(std::string_view s);

// `s` cut to about `max_width` columns (CJK counting two), with "…" if cut; for chart labels,
// whose full text is in the table next to the chart.
std::string shorten(std::string_view s, std::size_t max_width);

}  // namespace trustfund::statements::page
