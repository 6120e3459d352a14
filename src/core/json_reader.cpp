// The strict member-by-member reader; see json_reader.h.
#include "trustfund/core/json_reader.h"

#include <algorithm>
#include <cassert>
#include <exception>
#include <utility>

namespace trustfund::json {
namespace {

const char* article_of(Value::Type type) noexcept {
  switch (type) {
    case Value::Type::boolean:
      return "true or false";
    case Value::Type::integer:
      return "a whole number";
    case Value::Type::string:
      return "a string";
    case Value::Type::array:
      return "an array";
    case Value::Type::object:
      return "an object";
    case Value::Type::null:
      break;
  }
  return "null";
}

std::string quoted(std::string_view name) {
  std::string out = "\"";
  out += name;
  out += '"';
  return out;
}

// A fault of the member `name` of the container at `container`.
Fault member_fault(Fault::Kind kind, const std::string& container, std::string_view name) {
  Fault f;
  f.kind = kind;
  f.container = container;
  f.name = std::string(name);
  f.path = member_path(container, name);
  return f;
}

// A fault of the element `index` of the array at `container`.
Fault element_fault(Fault::Kind kind, const std::string& container, std::size_t index) {
  Fault f;
  f.kind = kind;
  f.container = container;
  f.index = index;
  f.path = element_path(container, index);
  return f;
}

[[noreturn]] void wrong_type(const Faults& faults, Fault f, const Value& got, Value::Type wanted,
                             bool decimal) {
  f.kind = Fault::Kind::wrong_type;
  f.wanted = wanted;
  f.decimal = decimal;
  if (decimal) {
    f.message = f.path + " must be a decimal string such as \"300.00\"";
    if (got.is_integer())
      f.message += ", not a number";
  } else {
    f.message = f.path + " must be " + article_of(wanted);
  }
  faults.raise(f);
}

// Checks `value` against `wanted`, raising `f` as wrong_type if it is not.
void require_type(const Faults& faults, const Fault& f, const Value& value, Value::Type wanted,
                  bool decimal) {
  if (value.type() != wanted)
    wrong_type(faults, f, value, wanted, decimal);
}

std::int64_t in_range(const Faults& faults, Fault f, std::int64_t n, std::int64_t min,
                      std::int64_t max) {
  if (n >= min && n <= max)
    return n;
  f.kind = Fault::Kind::range;
  f.min = min;
  f.max = max;
  f.message = f.path + " must be a whole number ";
  if (max == kMaxInteger)
    f.message += "of at least " + std::to_string(min);
  else if (min == -kMaxInteger)
    f.message += "of at most " + std::to_string(max);
  else
    f.message += "from " + std::to_string(min) + " to " + std::to_string(max);
  faults.raise(f);
}

std::string checked_text(const Faults& faults, Fault f, const std::string& text, const Text& rule) {
  const bool length_ok = text.size() >= rule.min_bytes && text.size() <= rule.max_bytes;
  const bool characters_ok = !rule.lines || utf8::is_clean(text, *rule.lines);
  if (length_ok && characters_ok)
    return text;
  f.kind = Fault::Kind::text;
  f.type = rule.type;
  if (rule.message != nullptr) {
    f.message = rule.message;
  } else if (!length_ok) {
    f.message = f.path + " must be " +
                (rule.min_bytes == 0
                     ? "at most " + std::to_string(rule.max_bytes)
                     : std::to_string(rule.min_bytes) + "-" + std::to_string(rule.max_bytes)) +
                " bytes";
  } else {
    f.message = f.path + (*rule.lines == utf8::Lines::one
                              ? " must be one line without control characters"
                              : " must hold no control characters but line feeds");
  }
  faults.raise(f);
}

ArrayReader bounded(const Faults& faults, const Value& array, const Fault& where,
                    std::size_t max_elements) {
  const std::size_t size = array.array().size();
  if (size > max_elements) {
    Fault f = where;
    f.kind = Fault::Kind::range;
    f.message = f.path + " has " + std::to_string(size) + " elements, more than the " +
                std::to_string(max_elements) + " allowed";
    faults.raise(f);
  }
  return ArrayReader(array, faults, where.path);
}

}  // namespace

// --- Faults ---

void Faults::raise(const Fault& fault) const {
  report(fault);
  std::terminate();
}

// --- ErrorFaults ---

ErrorFaults ErrorFaults::one_type(std::string type, std::string document) {
  ErrorFaults f;
  f.document = std::move(document);
  f.not_object = f.unknown_member = f.duplicate_member = f.missing_member = f.wrong_type = f.text =
      f.range = std::move(type);
  return f;
}

ErrorFaults ErrorFaults::by_kind(std::string document, std::string not_object) {
  ErrorFaults f;
  f.document = std::move(document);
  f.not_object = std::move(not_object);
  f.unknown_member = "unknown-member";
  f.duplicate_member = "duplicate-member";
  f.missing_member = "missing-member";
  f.wrong_type = "member-type";
  f.text = "member-text";
  f.range = "member-range";
  return f;
}

ErrorFaults ErrorFaults::stored(std::string document) {
  ErrorFaults f = one_type("stored-json", std::move(document));
  f.kind = ErrorKind::integrity;
  f.syntax = f.wrong_type;
  return f;
}

void ErrorFaults::report(const Fault& fault) const {
  const std::string* type = &wrong_type;
  switch (fault.kind) {
    case Fault::Kind::syntax:
      type = &syntax;
      break;
    case Fault::Kind::not_object:
      type = &not_object;
      break;
    case Fault::Kind::unknown_member:
      type = &unknown_member;
      break;
    case Fault::Kind::duplicate_member:
      type = &duplicate_member;
      break;
    case Fault::Kind::missing_member:
      type = &missing_member;
      break;
    case Fault::Kind::wrong_type:
      break;
    case Fault::Kind::text:
      type = &text;
      break;
    case Fault::Kind::range:
      type = &range;
      break;
  }
  const bool whole = fault.kind == Fault::Kind::syntax || fault.kind == Fault::Kind::not_object ||
                     fault.path.empty();
  std::string field = prefix + (whole ? document : fault.path);
  if (fault.kind == Fault::Kind::text && fault.type != nullptr)
    throw Error(kind, fault.type, std::move(field), fault.message);
  throw Error(kind, *type, std::move(field), fault.message);
}

// --- Document ---

Document::Document(std::string_view text, const Faults& faults, const Limits& limits)
    : faults_(faults) {
  try {
    value_ = parse(text, limits);
    return;
  } catch (const Error& e) {
    Fault f;
    f.path = e.field();
    f.container = e.field();
    f.message = e.what();
    if (e.type() == "jcs-duplicate-key") {
      f.kind = Fault::Kind::duplicate_member;
    } else if (e.type() == "jcs-number") {
      f.kind = Fault::Kind::wrong_type;
      f.wanted = Value::Type::integer;
    } else {
      f.kind = Fault::Kind::syntax;
      f.path.clear();
      f.container.clear();
      if (e.type() != "json-syntax")  // its message says "malformed JSON" already
        f.message = "not valid JSON: " + f.message;
    }
    faults_.raise(f);
  }
}

ObjectReader Document::object() const {
  if (!value_.is_object()) {
    Fault f;
    f.kind = Fault::Kind::not_object;
    f.message = "the top level must be a JSON object";
    faults_.raise(f);
  }
  return ObjectReader(value_, faults_, "");
}

ArrayReader Document::array() const {
  if (!value_.is_array()) {
    Fault f;
    f.kind = Fault::Kind::not_object;
    f.message = "the top level must be a JSON array";
    faults_.raise(f);
  }
  return ArrayReader(value_, faults_, "");
}

// --- ObjectReader ---

ObjectReader::ObjectReader(const Value& object, const Faults& faults, std::string path)
    : object_(&object), faults_(&faults), path_(std::move(path)) {
  assert(object.is_object());
}

void ObjectReader::only(std::initializer_list<std::string_view> names) const {
  for (const Member& m : object_->object()) {
    if (std::find(names.begin(), names.end(), m.name) != names.end())
      continue;
    Fault f = member_fault(Fault::Kind::unknown_member, path_, m.name);
    f.message = "unknown member " + quoted(m.name) + (path_.empty() ? "" : " in " + path_);
    faults_->raise(f);
  }
}

void ObjectReader::exactly(std::initializer_list<std::string_view> names) const {
  only(names);
  for (const std::string_view name : names)
    value(name);
}

const Value& ObjectReader::value(std::string_view name) const {
  const Value* v = object_->find(name);
  if (v == nullptr) {
    Fault f = member_fault(Fault::Kind::missing_member, path_, name);
    f.message = f.path + " is required";
    faults_->raise(f);
  }
  return *v;
}

const Value* ObjectReader::find_typed(std::string_view name, Value::Type type, bool decimal,
                                      Null null) const {
  const Value* v = object_->find(name);
  if (v == nullptr || (v->is_null() && null == Null::as_absent))
    return nullptr;
  require_type(*faults_, member_fault(Fault::Kind::wrong_type, path_, name), *v, type, decimal);
  return v;
}

const Value& ObjectReader::typed(std::string_view name, Value::Type type, bool decimal) const {
  const Value& v = value(name);
  require_type(*faults_, member_fault(Fault::Kind::wrong_type, path_, name), v, type, decimal);
  return v;
}

std::string ObjectReader::string(std::string_view name) const {
  return typed(name, Value::Type::string).string();
}

std::optional<std::string> ObjectReader::optional_string(std::string_view name, Null null) const {
  const Value* v = find_typed(name, Value::Type::string, false, null);
  return v ? std::optional<std::string>(v->string()) : std::nullopt;
}

std::string ObjectReader::decimal(std::string_view name) const {
  return typed(name, Value::Type::string, true).string();
}

std::optional<std::string> ObjectReader::optional_decimal(std::string_view name) const {
  const Value* v = find_typed(name, Value::Type::string, true, Null::refused);
  return v ? std::optional<std::string>(v->string()) : std::nullopt;
}

std::string ObjectReader::text(std::string_view name, const Text& rule) const {
  return checked_text(*faults_, member_fault(Fault::Kind::text, path_, name),
                      typed(name, Value::Type::string).string(), rule);
}

std::optional<std::string> ObjectReader::optional_text(std::string_view name, const Text& rule,
                                                       Null null) const {
  const Value* v = find_typed(name, Value::Type::string, false, null);
  if (v == nullptr)
    return std::nullopt;
  return checked_text(*faults_, member_fault(Fault::Kind::text, path_, name), v->string(), rule);
}

std::int64_t ObjectReader::integer(std::string_view name, std::int64_t min,
                                   std::int64_t max) const {
  return in_range(*faults_, member_fault(Fault::Kind::range, path_, name),
                  typed(name, Value::Type::integer).integer(), min, max);
}

std::optional<std::int64_t> ObjectReader::optional_integer(std::string_view name, std::int64_t min,
                                                           std::int64_t max, Null null) const {
  const Value* v = find_typed(name, Value::Type::integer, false, null);
  if (v == nullptr)
    return std::nullopt;
  return in_range(*faults_, member_fault(Fault::Kind::range, path_, name), v->integer(), min, max);
}

bool ObjectReader::boolean(std::string_view name) const {
  return typed(name, Value::Type::boolean).boolean();
}

std::optional<bool> ObjectReader::optional_boolean(std::string_view name, Null null) const {
  const Value* v = find_typed(name, Value::Type::boolean, false, null);
  return v ? std::optional<bool>(v->boolean()) : std::nullopt;
}

ObjectReader ObjectReader::object(std::string_view name) const {
  return ObjectReader(typed(name, Value::Type::object), *faults_, member_path(path_, name));
}

std::optional<ObjectReader> ObjectReader::optional_object(std::string_view name, Null null) const {
  const Value* v = find_typed(name, Value::Type::object, false, null);
  if (v == nullptr)
    return std::nullopt;
  return ObjectReader(*v, *faults_, member_path(path_, name));
}

ArrayReader ObjectReader::array(std::string_view name, std::size_t max_elements) const {
  return bounded(*faults_, typed(name, Value::Type::array),
                 member_fault(Fault::Kind::range, path_, name), max_elements);
}

std::optional<ArrayReader> ObjectReader::optional_array(std::string_view name,
                                                        std::size_t max_elements, Null null) const {
  const Value* v = find_typed(name, Value::Type::array, false, null);
  if (v == nullptr)
    return std::nullopt;
  return bounded(*faults_, *v, member_fault(Fault::Kind::range, path_, name), max_elements);
}

// --- ArrayReader ---

ArrayReader::ArrayReader(const Value& array, const Faults& faults, std::string path)
    : array_(&array), faults_(&faults), path_(std::move(path)) {
  assert(array.is_array());
}

const Value& ArrayReader::typed(std::size_t index, Value::Type type) const {
  const Value& v = value(index);
  require_type(*faults_, element_fault(Fault::Kind::wrong_type, path_, index), v, type, false);
  return v;
}

std::string ArrayReader::string(std::size_t index) const {
  return typed(index, Value::Type::string).string();
}

std::string ArrayReader::text(std::size_t index, const Text& rule) const {
  return checked_text(*faults_, element_fault(Fault::Kind::text, path_, index),
                      typed(index, Value::Type::string).string(), rule);
}

std::int64_t ArrayReader::integer(std::size_t index, std::int64_t min, std::int64_t max) const {
  return in_range(*faults_, element_fault(Fault::Kind::range, path_, index),
                  typed(index, Value::Type::integer).integer(), min, max);
}

ObjectReader ArrayReader::object(std::size_t index) const {
  return ObjectReader(typed(index, Value::Type::object), *faults_, element_path(path_, index));
}

}  // namespace trustfund::json
