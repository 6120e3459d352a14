// canonicalize_json: strict parsing in front of the canonical writer.
//
// Poco's parser is strict about syntax but lenient where canonical bytes must not be: a repeated
// key silently keeps the last value, and an integer beyond 64 bits silently wraps
// (18446744073709551616 parses as 0). So duplicate keys are caught in a parse handler, and number
// tokens are checked in the text itself before Poco converts them. The same pre-scan reports bad
// UTF-8 and lone surrogates as jcs-utf8, as canonicalize does, rather than as Poco syntax errors.
#include "trustfund/crypto/jcs.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"

namespace trustfund::crypto {
namespace {

constexpr std::size_t kMaxQuotedLength = 40;  // of an offending token or key, in error messages

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Rejects a number token that is not an integer within +-(2^53 - 1). Tokens that are not numbers
// at all (a lone '-', a leading zero) are left for the parser to report as syntax errors.
void check_number_token(std::string_view token) {
  const std::string quoted(token.substr(0, kMaxQuotedLength));
  if (token.find_first_of(".eE") != std::string_view::npos) {
    throw Error::invalid(
        "jcs-number", "",
        "numbers must be integers; send amounts as decimal strings (got " + quoted + ")");
  }
  const std::string_view digits = token.substr(token.starts_with('-') ? 1 : 0);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit) ||
      (digits.size() > 1 && digits.front() == '0')) {
    return;
  }
  std::int64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec != std::errc() || magnitude > kJcsMaxInteger) {
    throw Error::invalid(
        "jcs-number", "",
        "integer " + quoted + " is outside +-(2^53 - 1); send it as a decimal string");
  }
}

// The value of the four hex digits at text[at..at+4), or -1.
long hex4(std::string_view text, std::size_t at) {
  if (text.size() < at + 4)
    return -1;
  long value = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    const int digit = hex_digit_value(text[k]);
    if (digit < 0)
      return -1;
    value = value * 16 + digit;
  }
  return value;
}

[[noreturn]] void throw_lone_surrogate(std::size_t at) {
  throw Error::invalid("jcs-utf8", "",
                       "lone UTF-16 surrogate escape at byte " + std::to_string(at));
}

// Checks the string starting after the opening quote at text[i]; returns the index just past the
// closing quote. A \u escape of a high surrogate must be followed by one of a low surrogate.
// Other escape errors are left for the parser.
std::size_t scan_string(std::string_view text, std::size_t i) {
  while (i < text.size() && text[i] != '"') {
    if (text[i] != '\\') {
      ++i;
    } else if (i + 1 < text.size() && text[i + 1] == 'u') {
      const long unit = hex4(text, i + 2);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        const long low = hex4(text, i + 8);  // -1 if the text ends before it
        const bool paired =
            low >= 0xDC00 && low <= 0xDFFF && text[i + 6] == '\\' && text[i + 7] == 'u';
        if (!paired)
          throw_lone_surrogate(i);
        i += 12;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        throw_lone_surrogate(i);
      } else {
        i += 2;
      }
    } else {
      i += 2;
    }
  }
  return i + 1;
}

// What Poco would let through but canonical bytes must not contain, found in the text itself:
// ill-formed UTF-8, lone surrogate escapes, and number tokens that are not safe integers (runs
// outside strings starting with '-' or a digit; true/false/null contain neither).
void prescan(std::string_view text) {
  const std::size_t bad = find_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    throw Error::invalid("jcs-utf8", "", "invalid UTF-8 at byte " + std::to_string(bad));
  }
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = scan_string(text, i + 1);
    } else if (c == '-' || is_digit(c)) {
      const std::size_t start = i;
      while (i < text.size() && (is_digit(text[i]) || std::string_view("+-.eE").find(text[i]) !=
                                                          std::string_view::npos)) {
        ++i;
      }
      check_number_token(text.substr(start, i - start));
    } else {
      ++i;
    }
  }
}

// Poco's ParseHandler plus what canonical JSON needs: duplicate keys and excessive depth are
// errors. Keys of the open objects are kept on a stack, innermost last.
class StrictParseHandler : public Poco::JSON::ParseHandler {
 public:
  void reset() override {
    keys_.clear();
    depth_ = 0;
    ParseHandler::reset();
  }
  void startObject() override {
    enter();
    keys_.emplace_back();
    ParseHandler::startObject();
  }
  void endObject() override {
    keys_.pop_back();
    --depth_;
    ParseHandler::endObject();
  }
  void startArray() override {
    enter();
    ParseHandler::startArray();
  }
  void endArray() override {
    --depth_;
    ParseHandler::endArray();
  }
  void key(const std::string& k) override {
    std::vector<std::string>& seen = keys_.back();
    const auto at = std::lower_bound(seen.begin(), seen.end(), k);
    if (at != seen.end() && *at == k) {
      // The key is valid UTF-8 (the pre-scan checked); quote it only if short, so as not to cut a
      // character in two.
      throw Error::invalid("jcs-duplicate-key", k.size() <= kMaxQuotedLength ? k : "",
                           "the key \"" + (k.size() <= kMaxQuotedLength ? k : "...") +
                               "\" appears twice in one object");
    }
    seen.insert(at, k);
    ParseHandler::key(k);
  }

 private:
  void enter() {
    if (++depth_ > kJcsMaxDepth) {
      throw Error::invalid("jcs-depth", "",
                           "arrays and objects nest deeper than " + std::to_string(kJcsMaxDepth));
    }
  }

  std::vector<std::vector<std::string>> keys_;  // sorted keys of each open object
  std::size_t depth_ = 0;
};

}  // namespace

std::string canonicalize_json(std::string_view json_text) {
  if (json_text.size() > kJcsMaxTextBytes) {
    throw Error::invalid("json-too-large", "",
                         "JSON text is longer than " + std::to_string(kJcsMaxTextBytes) + " bytes");
  }
  const std::size_t first = json_text.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos) {
    throw Error::invalid("json-syntax", "", "empty JSON text");
  }
  if (json_text[first] != '{' && json_text[first] != '[') {
    throw Error::invalid("json-syntax", "", "the top level must be an object or an array");
  }
  prescan(json_text);

  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser(new StrictParseHandler);
    // Poco's own limit, above ours so that ours is the one reported.
    parser.setDepth(2 * kJcsMaxDepth);
    parsed = parser.parse(std::string(json_text));
  } catch (const Poco::Exception& e) {
    throw Error::invalid(
        "json-syntax", "",
        "malformed JSON: " + (e.message().empty() ? e.displayText() : e.message()));
  }
  return canonicalize(parsed);
}

}  // namespace trustfund::crypto
