// json::Value access and building, the writer and paths; see json.h.
#include <cassert>

#include "trustfund/core/error.h"
#include "trustfund/core/json.h"
#include "trustfund/core/utf8.h"

namespace trustfund::json {

bool Value::boolean() const noexcept {
  assert(is_boolean());
  return std::get<bool>(v_);
}

std::int64_t Value::integer() const noexcept {
  assert(is_integer());
  return std::get<std::int64_t>(v_);
}

const std::string& Value::string() const noexcept {
  assert(is_string());
  return std::get<std::string>(v_);
}

const Value::Array& Value::array() const noexcept {
  assert(is_array());
  return std::get<Array>(v_);
}

Value::Array& Value::array() noexcept {
  assert(is_array());
  return std::get<Array>(v_);
}

const Value::Object& Value::object() const noexcept {
  assert(is_object());
  return std::get<Object>(v_);
}

Value::Object& Value::object() noexcept {
  assert(is_object());
  return std::get<Object>(v_);
}

const Value* Value::find(std::string_view name) const noexcept {
  if (!is_object())
    return nullptr;
  for (const Member& m : std::get<Object>(v_)) {
    if (m.name == name)
      return &m.value;
  }
  return nullptr;
}

Value& Value::add(std::string name, Value value) {
  if (is_null())
    v_ = Object{};
  assert(find(name) == nullptr);
  Object& members = object();
  members.push_back(Member{std::move(name), std::move(value)});
  return members.back().value;
}

Value& Value::push(Value value) {
  if (is_null())
    v_ = Array{};
  Array& elements = array();
  elements.push_back(std::move(value));
  return elements.back();
}

const char* to_string(Value::Type type) noexcept {
  switch (type) {
    case Value::Type::null:
      return "null";
    case Value::Type::boolean:
      return "boolean";
    case Value::Type::integer:
      return "integer";
    case Value::Type::string:
      return "string";
    case Value::Type::array:
      return "array";
    case Value::Type::object:
      return "object";
  }
  return "unknown";
}

void append_quoted(std::string& out, std::string_view text) {
  const std::size_t bad = utf8::find_invalid(text);
  if (bad != std::string_view::npos) {
    throw Error::invalid("jcs-utf8", "", "invalid UTF-8 at byte " + std::to_string(bad));
  }
  constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0F]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

namespace {

void write_to(std::string& out, const Value& value) {
  switch (value.type()) {
    case Value::Type::null:
      out += "null";
      return;
    case Value::Type::boolean:
      out += value.boolean() ? "true" : "false";
      return;
    case Value::Type::integer:
      out += std::to_string(value.integer());
      return;
    case Value::Type::string:
      append_quoted(out, value.string());
      return;
    case Value::Type::array: {
      out += '[';
      bool first = true;
      for (const Value& element : value.array()) {
        if (!first)
          out += ',';
        first = false;
        write_to(out, element);
      }
      out += ']';
      return;
    }
    case Value::Type::object: {
      out += '{';
      bool first = true;
      for (const Member& m : value.object()) {
        if (!first)
          out += ',';
        first = false;
        append_quoted(out, m.name);
        out += ':';
        write_to(out, m.value);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string write(const Value& value) {
  std::string out;
  write_to(out, value);
  return out;
}

std::string member_path(std::string_view path, std::string_view name) {
  std::string out(path);
  if (!out.empty())
    out += '.';
  out += name;
  return out;
}

std::string element_path(std::string_view path, std::size_t index) {
  std::string out(path);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

}  // namespace trustfund::json
