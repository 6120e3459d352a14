// Reading a JSON document member by member, strictly: the one way trustfund reads JSON.
//
// A Document parses a text with json::parse (json.h) and hands out readers of its objects and
// arrays. Reading a member checks what the document says it must be and refuses anything else:
//   - a member of another type: a boolean is never a number, a number never a string, null is
//     neither (an optional member may be absent; null stands for absent only where the caller
//     says so, Null::as_absent);
//   - a number where an amount or rate is read (decimal()): amounts travel as decimal strings;
//   - text (text()) outside its length in bytes, or holding a control character that its rule
//     does not allow: the one rule of utf8.h (one line, or lines separated by line feeds);
//   - members the document does not define (only(), exactly()), so that a typo never drops data,
//     and a member given twice (json::parse refuses it);
//   - integers outside their bounds, arrays longer than theirs.
// Strings handed on to a parser or check of their own (dates, amounts, codes, enumerations, hex)
// are read with string(): that parser refuses what it does not know, with its own error.
//
// Who reports what: every fault goes to the document's Faults, once per document. ErrorFaults
// turns a fault into a trustfund::Error with the problem types the document has always used
// (e.g. every shape fault of an entry is "entry-shape", of a request body "body-shape"; orders
// use "unknown-member", "missing-member" and "member-type"), with the path of the value at fault
// as the field ("postings[1].amount"), after an optional prefix ("line 12: "). A caller that
// reports faults otherwise (trustfund verify describes them in its checks) implements Faults.
//
// Ownership and lifetime: a Document owns its parsed value and refers to its Faults, which must
// outlive it; readers refer into the Document and must not outlive it. Readers are cheap to copy.
// Thread-safety: a Document and its readers are immutable once built; reading is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "trustfund/core/error.h"
#include "trustfund/core/json.h"
#include "trustfund/core/utf8.h"

namespace trustfund::json {

// What is wrong with a document, where, and a default description of it.
struct Fault {
  enum class Kind {
    syntax,            // not JSON as json::parse accepts it (message: the parser's)
    not_object,        // the top level is not an object (or not an array, for ArrayReader)
    unknown_member,    // a member the document does not define
    duplicate_member,  // a member given twice (found by json::parse)
    missing_member,    // a required member is absent
    wrong_type,        // a value of another type, or a number json::parse refuses
    text,              // a text outside its length, or with a character its rule forbids
    range,             // an integer outside its bounds, an array with too many elements
  };
  Kind kind = Kind::syntax;
  std::string container;  // path of the object or array holding the value at fault ("": top)
  std::string name;       // the member at fault; empty for an element or the document itself
  std::optional<std::size_t> index;        // the element at fault, when name is empty
  std::string path;                        // of the value at fault: container + name or [index]
  Value::Type wanted = Value::Type::null;  // wrong_type: the type the reader wanted
  bool decimal = false;                    // wrong_type: a decimal string was wanted
  std::int64_t min = 0;                    // range: the bounds of an integer
  std::int64_t max = 0;
  const char* type = nullptr;  // text: the problem type the text's own rule names, if any
  std::string message;         // what is wrong, in English, naming `path`
};

// Where a document's faults go: an implementation of report() throws.
class Faults {
 public:
  virtual ~Faults() = default;
  // Throws what report() throws for `fault`; an implementation that returns is a programmer
  // error (the process terminates).
  [[noreturn]] void raise(const Fault& fault) const;

 private:
  virtual void report(const Fault& fault) const = 0;
};

// Faults as trustfund::Error(kind, <the type for the fault's kind>, prefix + field, message),
// where field is the fault's path, or `document` for faults of the whole text (syntax,
// not_object). A text fault whose rule names its own type (Text::type) uses that type.
struct ErrorFaults final : Faults {
  ErrorKind kind = ErrorKind::invalid_input;
  std::string document;  // the field of faults of the whole text: "body", "entry", "order"
  std::string prefix;    // before every field: "line 12: "
  std::string syntax = "json-syntax";
  std::string not_object;
  std::string unknown_member;
  std::string duplicate_member;
  std::string missing_member;
  std::string wrong_type;
  std::string text;
  std::string range;

  // Every fault but syntax is `type` ("entry-shape", "body-shape").
  static ErrorFaults one_type(std::string type, std::string document);
  // "unknown-member", "duplicate-member", "missing-member", "member-type" ("member-text",
  // "member-range"); the top level not an object is `not_object`.
  static ErrorFaults by_kind(std::string document, std::string not_object = "json-shape");
  // A document trustfund wrote and reads back (a record in its database): every fault is
  // Error(integrity, "stored-json"), since the record was damaged, not sent wrong.
  static ErrorFaults stored(std::string document);

 private:
  void report(const Fault& fault) const override;
};

// Whether null stands for an absent optional member, or is refused as the wrong type.
enum class Null { refused, as_absent };

// What a text member may be. Lengths are in bytes of UTF-8.
struct Text {
  std::size_t min_bytes = 1;
  std::size_t max_bytes = 1000;
  // The characters allowed besides printable ones (utf8.h). nullopt: none checked here, because
  // the text goes to a parser or a check of its own that applies the rule with its own error.
  std::optional<utf8::Lines> lines = utf8::Lines::one;
  const char* type = nullptr;     // the problem type of this text's faults (ErrorFaults::text)
  const char* message = nullptr;  // what to say of them (a default naming the bounds)
};

class ObjectReader;
class ArrayReader;

// A parsed document; see the file comment.
class Document {
 public:
  // Parses `text`. What json::parse refuses is raised through `faults`: a member given twice as
  // duplicate_member and a number that is not a safe integer as wrong_type, both at their path;
  // anything else (syntax, UTF-8, depth, size) as syntax with the parser's message.
  Document(std::string_view text, const Faults& faults, const Limits& limits = {});
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // The top level, which must be an object (Fault::not_object) or an array.
  ObjectReader object() const;
  ArrayReader array() const;
  const Value& value() const noexcept { return value_; }

 private:
  Value value_;
  const Faults& faults_;
};

// Reads the members of one object. Every read raises a fault through the document's Faults.
class ObjectReader {
 public:
  // `object` must be an object (asserted); `path` is where it is in its document.
  ObjectReader(const Value& object, const Faults& faults, std::string path);

  const std::string& path() const noexcept { return path_; }
  const Value& value() const noexcept { return *object_; }

  // Refuses the first member, in document order, that is not one of `names`.
  void only(std::initializer_list<std::string_view> names) const;
  // only(names), then refuses the first of `names` that is absent.
  void exactly(std::initializer_list<std::string_view> names) const;

  // Whether the member is there (null or not).
  bool has(std::string_view name) const noexcept { return object_->find(name) != nullptr; }
  // The member of any type; required.
  const Value& value(std::string_view name) const;

  // A string to be read by a parser or check of its own; any length the document allows.
  std::string string(std::string_view name) const;
  std::optional<std::string> optional_string(std::string_view name,
                                             Null null = Null::refused) const;
  // An amount, rate or other decimal: a string, and a number is refused saying to send it as one.
  std::string decimal(std::string_view name) const;
  std::optional<std::string> optional_decimal(std::string_view name) const;
  // Text kept as written: its length and characters checked as `rule` says.
  std::string text(std::string_view name, const Text& rule) const;
  std::optional<std::string> optional_text(std::string_view name, const Text& rule,
                                           Null null = Null::refused) const;
  // An integer from `min` to `max`.
  std::int64_t integer(std::string_view name, std::int64_t min = -kMaxInteger,
                       std::int64_t max = kMaxInteger) const;
  std::optional<std::int64_t> optional_integer(std::string_view name,
                                               std::int64_t min = -kMaxInteger,
                                               std::int64_t max = kMaxInteger,
                                               Null null = Null::refused) const;
  bool boolean(std::string_view name) const;
  std::optional<bool> optional_boolean(std::string_view name, Null null = Null::refused) const;
  ObjectReader object(std::string_view name) const;
  std::optional<ObjectReader> optional_object(std::string_view name,
                                              Null null = Null::refused) const;
  // An array of at most `max_elements` (Fault::range beyond).
  ArrayReader array(std::string_view name,
                    std::size_t max_elements = std::numeric_limits<std::size_t>::max()) const;
  std::optional<ArrayReader> optional_array(
      std::string_view name, std::size_t max_elements = std::numeric_limits<std::size_t>::max(),
      Null null = Null::refused) const;

 private:
  // The member `name` if it is there and of `type`; nullptr if absent (or null, as `null` says).
  const Value* find_typed(std::string_view name, Value::Type type, bool decimal, Null null) const;
  const Value& typed(std::string_view name, Value::Type type, bool decimal = false) const;

  const Value* object_;
  const Faults* faults_;
  std::string path_;
};

// Reads the elements of one array.
class ArrayReader {
 public:
  // `array` must be an array (asserted); `path` is where it is in its document.
  ArrayReader(const Value& array, const Faults& faults, std::string path);

  const std::string& path() const noexcept { return path_; }
  const Value& value() const noexcept { return *array_; }
  std::size_t size() const noexcept { return array_->array().size(); }

  const Value& value(std::size_t index) const { return array_->array().at(index); }
  std::string string(std::size_t index) const;
  std::string text(std::size_t index, const Text& rule) const;
  std::int64_t integer(std::size_t index, std::int64_t min = -kMaxInteger,
                       std::int64_t max = kMaxInteger) const;
  ObjectReader object(std::size_t index) const;

 private:
  const Value& typed(std::size_t index, Value::Type type) const;

  const Value* array_;
  const Faults* faults_;
  std::string path_;
};

}  // namespace trustfund::json
