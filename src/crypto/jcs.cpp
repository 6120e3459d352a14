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
#include "trustfund/core/json.h"
#include "trustfund/core/utf8.h"

namespace trustfund::crypto {
namespace {

[[noreturn]] void throw_bad_utf8(std::size_t at) {
  throw Error::invalid("jcs-utf8", "",
                       "invalid UTF-8 (or a lone UTF-16 surrogate) at byte " + std::to_string(at));
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  if (!utf8::decode(s, i, cp)) {
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

// The canonical form of a parsed (or built) json::Value: as for Poco values, members sorted by
// jcs_key_less.
void write_json(std::string& out, const json::Value& value, std::size_t depth) {
  switch (value.type()) {
    case json::Value::Type::null:
      out += "null";
      return;
    case json::Value::Type::boolean:
      out += value.boolean() ? "true" : "false";
      return;
    case json::Value::Type::integer:
      append_json_integer(out, value.integer());
      return;
    case json::Value::Type::string:
      append_json_string(out, value.string());
      return;
    case json::Value::Type::array: {
      enter(depth);
      out += '[';
      bool first = true;
      for (const json::Value& element : value.array()) {
        if (!first)
          out += ',';
        first = false;
        write_json(out, element, depth + 1);
      }
      out += ']';
      return;
    }
    case json::Value::Type::object: {
      enter(depth);
      std::vector<const json::Member*> sorted;
      sorted.reserve(value.object().size());
      for (const json::Member& member : value.object())
        sorted.push_back(&member);
      std::sort(sorted.begin(), sorted.end(), [](const json::Member* a, const json::Member* b) {
        return jcs_key_less(a->name, b->name);
      });
      out += '{';
      bool first = true;
      for (const json::Member* member : sorted) {
        if (!first)
          out += ',';
        first = false;
        append_json_string(out, member->name);
        out += ':';
        write_json(out, member->value, depth + 1);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view utf8) {
  json::append_quoted(out, utf8);
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
  return utf8::find_invalid(text);
}

std::string canonicalize(const Poco::Dynamic::Var& value) {
  std::string out;
  write_value(out, value, 0);
  return out;
}

std::string canonicalize_value(const json::Value& value) {
  std::string out;
  write_json(out, value, 1);
  return out;
}

std::string canonicalize_json(std::string_view json_text) {
  return canonicalize_value(json::parse(json_text, {kJcsMaxTextBytes, kJcsMaxDepth}));
}

}  // namespace trustfund::crypto
