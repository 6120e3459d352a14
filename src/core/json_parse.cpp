// The strict JSON parser; see json.h for what it refuses and why.
//
// A recursive descent over the text, at most Limits::max_depth deep, that builds the Value as it
// goes. The path of the value being read is kept as a chain of frames on the stack and turned
// into text only for an error message.
#include <algorithm>
#include <charconv>

#include "trustfund/core/error.h"
#include "trustfund/core/json.h"
#include "trustfund/core/utf8.h"

namespace trustfund::json {
namespace {

constexpr std::size_t kMaxQuoted = 40;  // bytes of an offending token quoted in a message

// Where a value sits: a member of the parent (name) or an element of it (index).
struct Frame {
  const Frame* parent = nullptr;
  const std::string* name = nullptr;
  std::size_t index = 0;
};

std::string path_of(const Frame* frame) {
  if (frame == nullptr || frame->parent == nullptr)
    return "";
  const std::string parent = path_of(frame->parent);
  return frame->name ? member_path(parent, *frame->name) : element_path(parent, frame->index);
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

  Value run() {
    skip_space();
    if (at_ >= text_.size())
      syntax("empty JSON text");
    if (text_[at_] != '{' && text_[at_] != '[')
      syntax("the top level must be an object or an array");
    const Frame top;
    Value value = parse_value(top, 1);
    skip_space();
    if (at_ != text_.size())
      syntax("unexpected text after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(const char* type, const Frame* where, const std::string& message) const {
    throw Error::invalid(type, path_of(where), message + " (at byte " + std::to_string(at_) + ")");
  }
  [[noreturn]] void syntax(const std::string& message) const {
    throw Error::invalid("json-syntax", "",
                         "malformed JSON: " + message + " (at byte " + std::to_string(at_) + ")");
  }

  void skip_space() noexcept {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  void expect(char c, const char* what) {
    skip_space();
    if (at_ >= text_.size() || text_[at_] != c)
      syntax(std::string("expected ") + what);
    ++at_;
  }

  Value parse_value(const Frame& frame, std::size_t depth) {
    skip_space();
    if (at_ >= text_.size())
      syntax("unexpected end of text");
    switch (text_[at_]) {
      case '{':
        return parse_object(frame, depth);
      case '[':
        return parse_array(frame, depth);
      case '"':
        return Value(parse_string(&frame));
      case 't':
        return literal("true", Value(true));
      case 'f':
        return literal("false", Value(false));
      case 'n':
        return literal("null", Value());
      default:
        if (text_[at_] == '-' || is_digit(text_[at_]))
          return parse_number(frame);
        syntax("unexpected character");
    }
  }

  Value literal(std::string_view word, Value value) {
    if (text_.substr(at_, word.size()) != word)
      syntax("unexpected character");
    at_ += word.size();
    return value;
  }

  void enter(const Frame& frame, std::size_t depth) const {
    if (depth > limits_.max_depth) {
      fail("jcs-depth", &frame,
           "arrays and objects nest deeper than " + std::to_string(limits_.max_depth));
    }
  }

  Value parse_object(const Frame& frame, std::size_t depth) {
    enter(frame, depth);
    ++at_;  // '{'
    Value::Object members;
    skip_space();
    if (at_ < text_.size() && text_[at_] == '}') {
      ++at_;
      return Value(std::move(members));
    }
    while (true) {
      skip_space();
      if (at_ >= text_.size() || text_[at_] != '"')
        syntax("expected a member name in double quotes");
      std::string name = parse_string(&frame);
      expect(':', "':' after a member name");
      const Frame child{&frame, &name, 0};
      Value value = parse_value(child, depth + 1);
      members.push_back(Member{std::move(name), std::move(value)});
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      expect('}', "',' or '}' in an object");
      break;
    }
    refuse_duplicates(frame, members);
    return Value(std::move(members));
  }

  void refuse_duplicates(const Frame& frame, const Value::Object& members) const {
    if (members.size() < 2)
      return;
    std::vector<const std::string*> names;
    names.reserve(members.size());
    for (const Member& m : members)
      names.push_back(&m.name);
    std::sort(names.begin(), names.end(), [](auto* a, auto* b) { return *a < *b; });
    const auto twice =
        std::adjacent_find(names.begin(), names.end(), [](auto* a, auto* b) { return *a == *b; });
    if (twice == names.end())
      return;
    const std::string& name = **twice;
    const bool quotable = name.size() <= kMaxQuoted;
    const Frame member{&frame, &name, 0};
    throw Error::invalid("jcs-duplicate-key", quotable ? path_of(&member) : path_of(&frame),
                         "the member \"" + (quotable ? name : std::string("...")) +
                             "\" is given twice in one object");
  }

  Value parse_array(const Frame& frame, std::size_t depth) {
    enter(frame, depth);
    ++at_;  // '['
    Value::Array elements;
    skip_space();
    if (at_ < text_.size() && text_[at_] == ']') {
      ++at_;
      return Value(std::move(elements));
    }
    while (true) {
      const Frame child{&frame, nullptr, elements.size()};
      elements.push_back(parse_value(child, depth + 1));
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      expect(']', "',' or ']' in an array");
      return Value(std::move(elements));
    }
  }

  // Four hex digits at text_[at_], advancing past them.
  char32_t hex4() {
    if (text_.size() - at_ < 4)
      syntax("a \\u escape needs four hex digits");
    char32_t unit = 0;
    for (int k = 0; k < 4; ++k) {
      const int digit = hex_value(text_[at_++]);
      if (digit < 0)
        syntax("a \\u escape needs four hex digits");
      unit = unit * 16 + static_cast<char32_t>(digit);
    }
    return unit;
  }

  // The code point of a \u escape (at_ just past the 'u'), joining a surrogate pair.
  char32_t unicode_escape(const Frame* where) {
    const char32_t unit = hex4();
    if (unit >= 0xDC00 && unit <= 0xDFFF)
      fail("jcs-utf8", where, "lone UTF-16 surrogate escape");
    if (unit < 0xD800 || unit > 0xDBFF)
      return unit;
    if (text_.substr(at_, 2) != "\\u")
      fail("jcs-utf8", where, "lone UTF-16 surrogate escape");
    at_ += 2;
    const char32_t low = hex4();
    if (low < 0xDC00 || low > 0xDFFF)
      fail("jcs-utf8", where, "lone UTF-16 surrogate escape");
    return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }

  // A string (at_ on its opening quote), unescaped. `where` is the value's place, for errors.
  std::string parse_string(const Frame* where) {
    ++at_;
    std::string out;
    std::size_t run = at_;  // start of the bytes not yet copied
    while (true) {
      if (at_ >= text_.size())
        syntax("a string is not closed");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        out.append(text_.data() + run, at_ - run);
        ++at_;
        return out;
      }
      if (c < 0x20)
        syntax("a control character must be escaped inside a string");
      if (c >= 0x80) {
        char32_t ignored = 0;
        if (!utf8::decode(text_, at_, ignored))
          fail("jcs-utf8", where, "invalid UTF-8");
        continue;
      }
      if (c != '\\') {
        ++at_;
        continue;
      }
      out.append(text_.data() + run, at_ - run);
      if (++at_ >= text_.size())
        syntax("a string is not closed");
      const char e = text_[at_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          append_utf8(out, unicode_escape(where));
          break;
        default:
          syntax("unknown escape in a string");
      }
      run = at_;
    }
  }

  // Advances past a run of digits; false if there is none.
  bool skip_digits() noexcept {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_digit(text_[at_]))
      ++at_;
    return at_ > start;
  }

  Value parse_number(const Frame& frame) {
    const std::size_t start = at_;
    if (text_[at_] == '-')
      ++at_;
    const std::size_t digits_start = at_;
    skip_digits();
    const std::string_view digits = text_.substr(digits_start, at_ - digits_start);
    if (digits.empty())
      syntax("a number needs digits");
    if (digits.size() > 1 && digits.front() == '0')
      syntax("a number must not start with 0");
    bool fraction_or_exponent = false;
    if (at_ < text_.size() && text_[at_] == '.') {
      ++at_;
      if (!skip_digits())
        syntax("a fraction needs digits");
      fraction_or_exponent = true;
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      ++at_;
      if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-'))
        ++at_;
      if (!skip_digits())
        syntax("an exponent needs digits");
      fraction_or_exponent = true;
    }
    const std::string quoted(text_.substr(start, std::min(at_ - start, kMaxQuoted)));
    if (fraction_or_exponent) {
      fail("jcs-number", &frame,
           "numbers must be integers; send amounts as decimal strings (got " + quoted + ")");
    }
    std::int64_t magnitude = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    if (ec != std::errc() || end != digits.data() + digits.size() || magnitude > kMaxInteger) {
      fail("jcs-number", &frame,
           "integer " + quoted + " is outside +-(2^53 - 1); send it as a decimal string");
    }
    return Value(text_[start] == '-' ? -magnitude : magnitude);
  }

  std::string_view text_;
  const Limits& limits_;
  std::size_t at_ = 0;
};

}  // namespace

Value parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    throw Error::invalid(
        "json-too-large", "",
        "the JSON text is longer than " + std::to_string(limits.max_bytes) + " bytes");
  }
  return Parser(text, limits).run();
}

}  // namespace trustfund::json
