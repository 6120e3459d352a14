// Numbers on the statement page; see page_numbers.h.
#include "page_numbers.h"

#include <algorithm>
#include <limits>

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/money/amount.h"

namespace trustfund::statements::page {
namespace {

std::string group_digits(std::int64_t whole) {
  std::string digits = std::to_string(whole);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string or_dash(std::string_view s) {
  return s.empty() ? std::string(kDash) : std::string(s);
}

std::optional<std::int64_t> fen_of(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  try {
    return money::Amount::parse(text).fen();
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string format_fen(std::int64_t fen) {
  const bool negative = fen < 0;
  const std::int64_t a = negative ? -fen : fen;  // |fen| <= kMaxFen, so this cannot overflow
  const std::int64_t cents = a % 100;
  return std::string(negative ? "-" : "") + group_digits(a / 100) + "." +
         static_cast<char>('0' + cents / 10) + static_cast<char>('0' + cents % 10);
}

std::string money_text(std::string_view text) {
  if (text.empty())
    return std::string(kDash);
  if (const auto fen = fen_of(text))
    return format_fen(*fen);
  return std::string(text);
}

std::optional<std::int64_t> hundredths_of_percent(std::string_view s) {
  if (!s.empty() && s.back() == '%')
    s.remove_suffix(1);
  std::size_t i = 0;
  std::int64_t whole = 0;
  int digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (++digits > 6)
      return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
    ++i;
  }
  if (digits == 0)
    return std::nullopt;
  std::int64_t frac = 0;
  if (i < s.size()) {
    if (s[i] != '.')
      return std::nullopt;
    ++i;
    int frac_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (frac_digits < 2)
        frac = frac * 10 + (s[i] - '0');
      ++frac_digits;
      ++i;
    }
    if (frac_digits == 0 || i != s.size())
      return std::nullopt;
    if (frac_digits == 1)
      frac *= 10;
  }
  return whole * 100 + frac;
}

std::string format_percent(std::int64_t hundredths) {
  const bool negative = hundredths < 0;
  const std::int64_t a = negative ? -hundredths : hundredths;
  const std::int64_t f = a % 100;
  return std::string(negative ? "-" : "") + std::to_string(a / 100) + "." +
         static_cast<char>('0' + f / 10) + static_cast<char>('0' + f % 10) + "%";
}

std::string value_label(std::int64_t hundredths) {
  std::string s = format_percent(hundredths);
  s.pop_back();
  return s;
}

std::string format_percent_short(std::int64_t hundredths) {
  std::string s = std::to_string(hundredths / 100);
  const std::int64_t f = hundredths % 100;
  if (f != 0) {
    s += '.';
    s += static_cast<char>('0' + f / 10);
    if (f % 10 != 0)
      s += static_cast<char>('0' + f % 10);
  }
  return s + "%";
}

std::int64_t scale(std::int64_t a, std::int64_t m, std::int64_t d) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (a <= 0 || d <= 0)
    return 0;
  const std::int64_t q = a / d;
  const std::int64_t r = a % d;
  if (q > kMax / m)
    return kMax;
  std::int64_t part = 0;
  if (r <= kMax / m)
    part = r * m / d;
  else
    part = std::min(m - 1, r / (d / m));
  return q * m + part;
}

std::string share_text(std::optional<std::int64_t> part, std::optional<std::int64_t> whole) {
  if (!part || !whole || *whole <= 0 || *part < 0)
    return std::string(kDash);
  return format_percent(scale(*part, 10000, *whole));
}

std::optional<std::string> fraction_as_percent(std::string_view s) {
  const std::size_t dot = s.find('.');
  std::string whole(s.substr(0, dot));
  std::string frac(dot == std::string_view::npos ? "" : s.substr(dot + 1));
  if (whole.empty() || whole.size() > 12 || (dot != std::string_view::npos && frac.empty()))
    return std::nullopt;
  for (const char c : whole + frac)
    if (c < '0' || c > '9')
      return std::nullopt;
  while (frac.size() < 2)
    frac += '0';
  std::string digits = whole + frac.substr(0, 2);
  std::string rest = frac.substr(2);
  while (!rest.empty() && rest.back() == '0')
    rest.pop_back();
  const std::size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  return digits + (rest.empty() ? "" : "." + rest) + "%";
}

std::string shorten(std::string_view s, std::size_t max_width) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t next = i;
    char32_t ignored = 0;
    const std::size_t n = utf8::decode(s, next, ignored) ? next - i : 1;
    const std::size_t w = n >= 3 ? 2 : 1;
    if (width + w > max_width)
      return std::string(s.substr(0, i)) + "…";
    width += w;
    i += n;
  }
  return std::string(s);
}

}  // namespace trustfund::statements::page
