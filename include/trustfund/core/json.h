// JSON values, the one strict parser for JSON that comes from outside, and a compact writer.
//
// Every JSON text trustfund reads (HTTP bodies, files given to the CLI, published statement files
// and proofs checked by `trustfund verify`) is parsed by json::parse. It accepts I-JSON (RFC 7493)
// as trustfund uses it, the same subset its canonical form (RFC 8785, crypto/jcs.h) is defined on,
// and refuses, as Error::invalid with the path of the place at fault as `field`:
//   - anything that is not RFC 8259 JSON: comments, trailing commas, single quotes, raw control
//     characters inside strings, text after the value, an empty text ("json-syntax"); a top level
//     that is not an object or an array (I-JSON 4.1; "json-syntax");
//   - a member name given twice in one object, however it is escaped ("jcs-duplicate-key"):
//     parsers disagree on which one wins, so the meaning would depend on who reads it;
//   - numbers other than integers within +-(2^53 - 1), written without fraction or exponent
//     ("jcs-number"): money and rates travel as decimal strings, counts as integers;
//   - ill-formed UTF-8 and lone UTF-16 surrogate escapes ("jcs-utf8");
//   - nesting deeper than Limits::max_depth ("jcs-depth") and texts longer than
//     Limits::max_bytes ("json-too-large"), checked before any work is done.
// The error types are those docs/tamper-evidence.md lists for canonical JSON.
//
// What a member must be (its type, its length, one line of text without control characters) is
// checked where it is read: see json_reader.h.
//
// Paths name a place in the document: "" for the top level, "postings" for a member,
// "postings[1].amount" inside it.
//
// Thread-safety: Value is a plain value type; the functions are pure.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace trustfund::json {

// Largest integer magnitude a JSON number may have: 2^53 - 1, the largest that an IEEE 754
// binary64 number (what a browser parses JSON numbers into) represents exactly.
inline constexpr std::int64_t kMaxInteger = (std::int64_t{1} << 53) - 1;

struct Member;

class Value {
 public:
  enum class Type { null, boolean, integer, string, array, object };
  using Array = std::vector<Value>;
  using Object = std::vector<Member>;  // in document order; names are unique once parsed

  Value() noexcept = default;  // null
  Value(std::nullptr_t) noexcept {}
  Value(bool b) noexcept : v_(b) {}
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) Value(T n)
  noexcept : v_(static_cast<std::int64_t>(n)) {}
  Value(std::string s) noexcept : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Array a) noexcept : v_(std::move(a)) {}
  Value(Object o) noexcept : v_(std::move(o)) {}

  Type type() const noexcept { return static_cast<Type>(v_.index()); }
  bool is_null() const noexcept { return type() == Type::null; }
  bool is_boolean() const noexcept { return type() == Type::boolean; }
  bool is_integer() const noexcept { return type() == Type::integer; }
  bool is_string() const noexcept { return type() == Type::string; }
  bool is_array() const noexcept { return type() == Type::array; }
  bool is_object() const noexcept { return type() == Type::object; }

  // The value as its type; asking for another type is a programmer error (asserted). Readers
  // of outside input check the type first (json_reader.h does, naming the field).
  bool boolean() const noexcept;
  std::int64_t integer() const noexcept;
  const std::string& string() const noexcept;
  const Array& array() const noexcept;
  Array& array() noexcept;
  const Object& object() const noexcept;
  Object& object() noexcept;

  // The member named `name` of an object, or nullptr if there is none (or this is no object).
  const Value* find(std::string_view name) const noexcept;

  // Building: appends a member to an object (a null value becomes an empty object first) and
  // returns the new member's value. Names must not repeat (asserted).
  Value& add(std::string name, Value value);
  // Appends an element to an array (a null value becomes an empty array first).
  Value& push(Value value);

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::nullptr_t, bool, std::int64_t, std::string, Array, Object> v_;
};

struct Member {
  std::string name;
  Value value;
  friend bool operator==(const Member&, const Member&) = default;
};

// "null", "boolean", "integer", "string", "array", "object".
const char* to_string(Value::Type type) noexcept;

struct Limits {
  std::size_t max_bytes = std::size_t{1} << 20;  // of the whole text
  std::size_t max_depth = 64;                    // of nested arrays and objects
};

// Parses `text` strictly; see the file comment for what is refused.
Value parse(std::string_view text, const Limits& limits = {});

// The compact JSON text of `value`: no white space, members in their order, strings with only
// '"', '\\' and U+0000..U+001F escaped (as RFC 8785 does). Strings must be valid UTF-8
// (Error::invalid("jcs-utf8") otherwise).
std::string write(const Value& value);

// Appends `text` as a quoted JSON string (escaped as write() does). Error::invalid("jcs-utf8")
// if it is not valid UTF-8; `out` is then left as it was.
void append_quoted(std::string& out, std::string_view text);

// Path of a member or an element below `path`: member_path("", "a") == "a",
// member_path("a", "b") == "a.b", element_path("a", 2) == "a[2]".
std::string member_path(std::string_view path, std::string_view name);
std::string element_path(std::string_view path, std::size_t index);

}  // namespace trustfund::json
