// The RFC 8785 writer: strings, integers, key order, and the walk over Poco values.
#include "trustfund/crypto/jcs.h"

#include <Poco/Dynamic/Struct.h>
#include <Poco/Dynamic/VarHolder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "trustfund/core/error.h"

namespace trustfund::crypto {
namespace {

// Decodes the UTF-8 sequence at s[i], advancing i past it. Returns false (i unchanged) for any
// ill-formed sequence: a stray continuation byte, a truncated sequence, an overlong form, an
// encoded surrogate (U+D800..U+DFFF, i.e. half of a UTF-16 pair) or a value above U+10FFFF.
bool decode_utf8(std::string_view s, std::size_t& i, char32_t& code_point) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    code_point = lead;
    ++i;
    return true;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return false;  // 0x80..0xC1 (continuation or overlong two-byte lead) or 0xF5..0xFF
  }
  if (s.size() - i < length) {
    return false;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0u) != 0x80u) {
      return false;
    }
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return false;
  }
  code_point = cp;
  i += length;
  return true;
}

[[noreturn]] void throw_bad_utf8(std::size_t at) {
  throw Error::invalid("jcs-utf8", "",
                       "invalid UTF-8 (or a lone UTF-16 surrogate) at byte " + std::to_string(at));
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  if (!decode_utf8(s, i, cp)) {
    throw_bad_utf8(i);
  }
  return cp;
}

// A number that orders code points as their UTF-16 encodings order: characters above U+FFFF are
// encoded from surrogates 0xD800..0xDFFF, which sort below U+E000..U+FFFF.
char32_t utf16_rank(char32_t cp) noexcept {
  if (cp < 0xD800)
    return cp;
  if (cp <= 0xFFFF)
    return cp + 0x100000;        // U+E000..U+FFFF: above every surrogate pair
  return cp - 0x10000 + 0xD800;  // pairs, in the order of (high, low) surrogate
}

void append_escaped_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\r':
      out += "\\r";
      return;
    default: {
      constexpr char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0f]};
      out.append(escape, sizeof escape);
    }
  }
}

[[noreturn]] void throw_non_integer() {
  throw Error::invalid("jcs-number", "",
                       "numbers must be integers; send amounts as decimal strings");
}

[[noreturn]] void throw_out_of_range(const std::string& text) {
  throw Error::invalid("jcs-number", "",
                       "integer " + text + " is outside +-(2^53 - 1); send it as a decimal string");
}

void write_value(std::string& out, const Poco::Dynamic::Var& value, std::size_t depth);

void enter(std::size_t depth) {
  if (depth > kJcsMaxDepth) {
    throw Error::invalid("jcs-depth", "",
                         "arrays and objects nest deeper than " + std::to_string(kJcsMaxDepth));
  }
}

template <typename Values>
void write_array(std::string& out, const Values& values, std::size_t depth) {
  enter(depth);
  out += '[';
  bool first = true;
  for (const Poco::Dynamic::Var& element : values) {
    if (!first)
      out += ',';
    first = false;
    write_value(out, element, depth + 1);
  }
  out += ']';
}

// `members` iterates pairs of (std::string key, Var value), with unique keys.
template <typename Members>
void write_object(std::string& out, const Members& members, std::size_t depth) {
  enter(depth);
  using Member = std::remove_cvref_t<decltype(*std::begin(members))>;
  std::vector<const Member*> sorted;
  for (const Member& member : members) {
    sorted.push_back(&member);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Member* a, const Member* b) { return jcs_key_less(a->first, b->first); });
  out += '{';
  bool first = true;
  for (const Member* member : sorted) {
    if (!first)
      out += ',';
    first = false;
    append_json_string(out, member->first);
    out += ':';
    write_value(out, member->second, depth + 1);
  }
  out += '}';
}

void write_value(std::string& out, const Poco::Dynamic::Var& value, std::size_t depth) {
  namespace json = Poco::JSON;
  if (value.isEmpty()) {
    out += "null";
    return;
  }
  const std::type_info& type = value.type();
  if (type == typeid(json::Object::Ptr)) {
    const auto& object = value.extract<json::Object::Ptr>();
    if (object.isNull()) {
      out += "null";
    } else {
      write_object(out, *object, depth);
    }
  } else if (type == typeid(json::Object)) {
    write_object(out, value.extract<json::Object>(), depth);
  } else if (type == typeid(json::Array::Ptr)) {
    const auto& array = value.extract<json::Array::Ptr>();
    if (array.isNull()) {
      out += "null";
    } else {
      write_array(out, *array, depth);
    }
  } else if (type == typeid(json::Array)) {
    write_array(out, value.extract<json::Array>(), depth);
  } else if (type == typeid(Poco::Dynamic::Array)) {
    write_array(out, value.extract<Poco::Dynamic::Array>(), depth);
  } else if (type == typeid(Poco::DynamicStruct)) {
    write_object(out, value.extract<Poco::DynamicStruct>(), depth);
  } else if (type == typeid(std::string)) {
    append_json_string(out, value.extract<std::string>());
  } else if (value.isString()) {
    append_json_string(out, value.convert<std::string>());
  } else if (value.isBoolean()) {
    out += value.extract<bool>() ? "true" : "false";
  } else if (value.isInteger()) {
    if (value.isSigned()) {
      append_json_integer(out, value.convert<Poco::Int64>());
    } else {
      const auto magnitude = value.convert<Poco::UInt64>();
      if (magnitude > static_cast<Poco::UInt64>(kJcsMaxInteger)) {
        throw_out_of_range(std::to_string(magnitude));
      }
      append_json_integer(out, static_cast<std::int64_t>(magnitude));
    }
  } else if (value.isNumeric()) {
    throw_non_integer();
  } else {
    throw Error::invalid(
        "jcs-type", "",
        std::string("a value of C++ type ") + type.name() + " has no canonical JSON form");
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view utf8) {
  const std::size_t original_size = out.size();
  out.reserve(original_size + utf8.size() + 2);
  out += '"';
  std::size_t run_start = 0;  // start of the pending run of bytes copied as they are
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x80) {
      char32_t ignored = 0;
      if (!decode_utf8(utf8, i, ignored)) {
        out.resize(original_size);
        throw_bad_utf8(i);
      }
    } else if (c < 0x20 || c == '"' || c == '\\') {
      out.append(utf8.data() + run_start, i - run_start);
      if (c < 0x20) {
        append_escaped_control(out, c);
      } else {
        out += '\\';
        out += static_cast<char>(c);
      }
      run_start = ++i;
    } else {
      ++i;
    }
  }
  out.append(utf8.data() + run_start, utf8.size() - run_start);
  out += '"';
}

void append_json_integer(std::string& out, std::int64_t value) {
  if (value < -kJcsMaxInteger || value > kJcsMaxInteger) {
    throw_out_of_range(std::to_string(value));
  }
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

bool jcs_key_less(std::string_view a, std::string_view b) {
  for (const std::string_view key : {a, b}) {
    const std::size_t bad = find_invalid_utf8(key);
    if (bad != std::string_view::npos) {
      throw_bad_utf8(bad);
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[j]);
    if (ca < 0x80 && cb < 0x80) {  // ASCII: UTF-16 order is byte order
      if (ca != cb)
        return ca < cb;
      ++i;
      ++j;
      continue;
    }
    const char32_t pa = next_code_point(a, i);
    const char32_t pb = next_code_point(b, j);
    if (pa != pb)
      return utf16_rank(pa) < utf16_rank(pb);
  }
  return i == a.size() && j < b.size();
}

std::size_t find_invalid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t ignored = 0;
    if (!decode_utf8(text, i, ignored)) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string canonicalize(const Poco::Dynamic::Var& value) {
  std::string out;
  write_value(out, value, 0);
  return out;
}

}  // namespace trustfund::crypto
