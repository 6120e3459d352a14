#include "decimal_text.h"

#include <cassert>
#include <cstddef>

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"

namespace trustfund::money::detail {
namespace {

// Longest excerpt of user text repeated in a message, in code points.
constexpr std::size_t kMaxQuotedCodePoints = 40;

// Every bound is below 10^18, so 18 digits always fit an int64 without overflow.
constexpr int kMaxSafeDigits = 18;

constexpr std::int64_t pow10(int exponent) {
  std::int64_t result = 1;
  for (int i = 0; i < exponent; ++i) {
    result *= 10;
  }
  return result;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

void append_hex_byte(std::string& out, unsigned char byte) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0F];
}

[[noreturn]] void reject(const DecimalRules& rules, std::string_view field,
                         std::string_view type_suffix, const std::string& message) {
  std::string type(rules.noun);
  type += '-';
  type += type_suffix;
  throw Error::invalid(std::move(type), std::string(field), message);
}

// "amount \"12.345\"": how every message about a given text begins.
std::string subject(const DecimalRules& rules, std::string_view text) {
  std::string out(rules.noun);
  out += ' ';
  out += quote_for_message(text);
  return out;
}

[[noreturn]] void reject_syntax(const DecimalRules& rules, std::string_view field,
                                std::string_view text, std::string_view problem) {
  std::string message = subject(rules, text);
  message += ' ';
  message += problem;
  reject(rules, field, "syntax", message);
}

struct DigitScan {
  std::size_t integer_digit_count = 0;
  std::size_t fraction_digit_count = 0;
  bool has_point = false;
};

// Counts the digits of `text` from `pos` on, and rejects the first character that cannot be part
// of a number with the most specific reason we can give.
DigitScan scan_digits(const DecimalRules& rules, std::string_view field, std::string_view text,
                      std::size_t pos) {
  DigitScan scan;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (is_ascii_digit(c)) {
      ++(scan.has_point ? scan.fraction_digit_count : scan.integer_digit_count);
      continue;
    }
    if (c == '.') {
      if (scan.has_point) {
        reject_syntax(rules, field, text, "has more than one decimal point");
      }
      if (scan.integer_digit_count == 0) {
        reject_syntax(rules, field, text,
                      "has no digit before the decimal point; write 0.5, not .5");
      }
      scan.has_point = true;
      continue;
    }
    if (c == ',' || c == '\'' || c == '_') {
      reject_syntax(rules, field, text,
                    "has a digit group separator; write the digits without separators, like "
                    "1234567.50");
    }
    if (is_ascii_space(c)) {
      reject_syntax(rules, field, text, "has a space inside it");
    }
    if ((c == 'e' || c == 'E') && scan.integer_digit_count > 0) {
      reject_syntax(rules, field, text, "is in exponent notation; write all the digits out");
    }
    if (c == '+' || c == '-') {
      reject_syntax(rules, field, text, "has a sign that is not at the start");
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      reject_syntax(rules, field, text,
                    "has a character that is not an ASCII digit (such as a full-width digit or "
                    "a currency sign); use only 0-9, '.' and a leading '-'");
    }
    std::string problem = "has the character ";
    problem += quote_for_message(std::string_view(&text[i], 1));
    problem += ", which does not belong in a number";
    reject_syntax(rules, field, text, problem);
  }
  return scan;
}

}  // namespace

std::int64_t parse_decimal(std::string_view text, const DecimalRules& rules,
                           std::string_view field) {
  assert(rules.decimals >= 0 && rules.decimals <= kMaxSafeDigits);
  assert(rules.max_abs_scaled >= 0 && rules.max_abs_scaled < pow10(kMaxSafeDigits));

  if (text.empty()) {
    reject(rules, field, "syntax", std::string(rules.noun) + " is empty");
  }
  bool all_space = true;
  for (const char c : text) {
    all_space = all_space && is_ascii_space(c);
  }
  if (all_space) {
    reject(rules, field, "syntax", std::string(rules.noun) + " is blank");
  }
  if (is_ascii_space(text.front()) || is_ascii_space(text.back())) {
    reject_syntax(rules, field, text, "has spaces before or after it; remove them");
  }

  std::size_t pos = 0;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    if (text.size() > 1 && (text[1] == '+' || text[1] == '-')) {
      reject_syntax(rules, field, text, "has more than one sign");
    }
    if (text[0] == '+') {
      reject_syntax(rules, field, text, "has a plus sign; write positive numbers without a sign");
    }
    negative = true;
    pos = 1;
  }

  const DigitScan scan = scan_digits(rules, field, text, pos);
  if (scan.integer_digit_count == 0) {
    reject_syntax(rules, field, text, "has no digits");
  }
  if (scan.has_point && scan.fraction_digit_count == 0) {
    reject_syntax(rules, field, text, "has no digit after the decimal point; write 5 or 5.00");
  }
  if (scan.fraction_digit_count > static_cast<std::size_t>(rules.decimals)) {
    std::string message = subject(rules, text);
    message += " has more than ";
    message += rules.decimals_word;
    message += " decimals";
    reject(rules, field, "too-many-decimals", message);
  }
  if (scan.integer_digit_count > 1 && text[pos] == '0') {
    reject_syntax(rules, field, text, "has a leading zero; write 7.50, not 007.50");
  }
  if (negative && !rules.allow_negative) {
    std::string message = subject(rules, text);
    message += " is negative; it must be zero or more";
    reject(rules, field, "negative", message);
  }

  // Digits are counted before they are accumulated, so the accumulation cannot overflow: with
  // no leading zeros, a nonzero integer part of n digits means at least n + decimals digits.
  const bool integer_part_is_zero = text[pos] == '0';
  const bool too_many_digits =
      !integer_part_is_zero &&
      scan.integer_digit_count + static_cast<std::size_t>(rules.decimals) > kMaxSafeDigits;
  std::int64_t magnitude = 0;
  if (!too_many_digits) {
    for (std::size_t i = pos; i < text.size(); ++i) {
      if (text[i] != '.') {
        magnitude = magnitude * 10 + (text[i] - '0');
      }
    }
    magnitude *= pow10(rules.decimals - static_cast<int>(scan.fraction_digit_count));
  }
  if (too_many_digits || magnitude > rules.max_abs_scaled) {
    std::string message = subject(rules, text);
    message += " is out of range; ";
    message += rules.allow_negative ? "its size may be at most " : "it may be at most ";
    message += format_decimal(rules.max_abs_scaled, rules.decimals, 2);
    reject(rules, field, "out-of-range", message);
  }
  return negative ? -magnitude : magnitude;
}

std::string format_decimal(std::int64_t scaled, int decimals, int min_decimals) {
  assert(min_decimals >= 0 && min_decimals <= decimals && decimals <= kMaxSafeDigits);
  // Work in unsigned so that even INT64_MIN has a magnitude.
  std::uint64_t magnitude =
      scaled < 0 ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  const auto scale = static_cast<std::uint64_t>(pow10(decimals));
  std::string fraction(static_cast<std::size_t>(decimals), '0');
  std::uint64_t fraction_value = magnitude % scale;
  for (int i = decimals - 1; i >= 0; --i) {
    fraction[static_cast<std::size_t>(i)] = static_cast<char>('0' + fraction_value % 10);
    fraction_value /= 10;
  }
  std::size_t kept = fraction.size();
  while (kept > static_cast<std::size_t>(min_decimals) && fraction[kept - 1] == '0') {
    --kept;
  }
  fraction.resize(kept);

  std::string out = scaled < 0 ? "-" : "";
  out += std::to_string(magnitude / scale);
  if (!fraction.empty()) {
    out += '.';
    out += fraction;
  }
  return out;
}

std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  std::size_t code_points = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (code_points == kMaxQuotedCodePoints) {
      out += "...";
      break;
    }
    const std::size_t start = i;
    char32_t code_point = 0;
    if (!utf8::decode(text, i, code_point)) {
      append_hex_byte(out, static_cast<unsigned char>(text[i++]));
    } else if (utf8::is_control(code_point)) {  // C0, DEL and C1, byte by byte
      for (std::size_t k = start; k < i; ++k)
        append_hex_byte(out, static_cast<unsigned char>(text[k]));
    } else {
      if (code_point == '"' || code_point == '\\')
        out += '\\';
      out.append(text.substr(start, i - start));
    }
    ++code_points;
  }
  out += '"';
  return out;
}

}  // namespace trustfund::money::detail
