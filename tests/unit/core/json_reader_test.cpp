// The strict member-by-member reader (core/json_reader.h).
#include "trustfund/core/json_reader.h"

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "support/errors.h"

using trustfund::Error;
using trustfund::ErrorKind;
using trustfund::testing::error_of;
namespace json = trustfund::json;
using json::Document;
using json::ErrorFaults;
using json::Null;
using json::Text;

namespace {

const ErrorFaults& shape_faults() {
  static const ErrorFaults faults = ErrorFaults::one_type("thing-shape", "thing");
  return faults;
}

const ErrorFaults& kind_faults() {
  static const ErrorFaults faults = ErrorFaults::by_kind("order");
  return faults;
}

struct Refusal {
  std::string type;
  std::string field;
};

// The type and field of the Error that reading `text` with `read` throws.
template <typename Read>
Refusal refusal(const std::string& text, Read&& read, const ErrorFaults& faults = shape_faults()) {
  const Error e = error_of([&] {
    const Document doc(text, faults);
    read(doc.object());
  });
  CHECK(e.kind() == ErrorKind::invalid_input);
  return {e.type(), e.field()};
}

bool operator==(const Refusal& a, const Refusal& b) {
  return a.type == b.type && a.field == b.field;
}

}  // namespace

TEST_CASE("members are read by type and name") {
  const Document doc(
      R"({"s": "x", "d": "1.50", "t": "one line", "n": -7, "b": false,
          "o": {"k": "v"}, "a": ["p", "q"]})",
      shape_faults());
  const json::ObjectReader o = doc.object();
  CHECK(o.string("s") == "x");
  CHECK(o.decimal("d") == "1.50");
  CHECK(o.text("t", {}) == "one line");
  CHECK(o.integer("n") == -7);
  CHECK_FALSE(o.boolean("b"));
  CHECK(o.object("o").string("k") == "v");
  CHECK(o.object("o").path() == "o");
  const json::ArrayReader a = o.array("a");
  REQUIRE(a.size() == 2);
  CHECK(a.string(1) == "q");
  CHECK_FALSE(o.optional_string("absent"));
  CHECK_FALSE(o.optional_integer("absent"));
  CHECK_FALSE(o.optional_object("absent"));
  CHECK(o.has("b"));
  CHECK_FALSE(o.has("absent"));
}

TEST_CASE("a boolean is never a number, a number never a string, null is neither") {
  auto reverses = [](const json::ObjectReader& o) { o.optional_integer("r", 0); };
  CHECK(refusal(R"({"r": true})", reverses) == Refusal{"thing-shape", "r"});
  CHECK(refusal(R"({"r": "3"})", reverses) == Refusal{"thing-shape", "r"});
  CHECK(refusal(R"({"r": null})", reverses) == Refusal{"thing-shape", "r"});
  CHECK(refusal(R"({"s": 5})", [](const auto& o) { o.string("s"); }) ==
        Refusal{"thing-shape", "s"});
  CHECK(refusal(R"({"s": null})", [](const auto& o) { o.optional_string("s"); }) ==
        Refusal{"thing-shape", "s"});
  CHECK(refusal(R"({"b": 1})", [](const auto& o) { o.boolean("b"); }) ==
        Refusal{"thing-shape", "b"});
  CHECK(refusal(R"({"o": []})", [](const auto& o) { o.object("o"); }) ==
        Refusal{"thing-shape", "o"});
  CHECK(refusal(R"({"a": {}})", [](const auto& o) { o.array("a"); }) ==
        Refusal{"thing-shape", "a"});
}

TEST_CASE("null stands for an absent member only where the reader says so") {
  const Document doc(R"({"r": null, "s": null, "b": null})", shape_faults());
  const json::ObjectReader o = doc.object();
  CHECK_FALSE(o.optional_integer("r", 0, json::kMaxInteger, Null::as_absent));
  CHECK_FALSE(o.optional_string("s", Null::as_absent));
  CHECK_FALSE(o.optional_boolean("b", Null::as_absent));
  CHECK(o.value("r").is_null());
}

TEST_CASE("an amount sent as a number is refused with a message saying to send a string") {
  for (const char* text : {R"({"amount": 300})", R"({"amount": 1.5})"}) {
    INFO(text);
    const Error e = error_of([&] {
      const Document doc(text, shape_faults());
      doc.object().decimal("amount");
    });
    CHECK(e.type() == "thing-shape");
    CHECK(e.field() == "amount");
    CHECK(std::string(e.what()).find("decimal string") != std::string::npos);
  }
}

TEST_CASE("a member given twice or not defined by the document is refused, naming it") {
  CHECK(refusal(R"({"postings": [1], "postings": [2]})",
                [](const auto& o) { o.only({"postings"}); }) == Refusal{"thing-shape", "postings"});
  CHECK(refusal(R"({"date": "x", "colour": "red"})", [](const auto& o) { o.only({"date"}); }) ==
        Refusal{"thing-shape", "colour"});
  CHECK(refusal(R"({"p": {"name": "x", "nmae": "y"}})", [](const auto& o) {
          o.object("p").only({"name"});
        }) == Refusal{"thing-shape", "p.nmae"});
  // by_kind documents name each kind of fault.
  CHECK(refusal(R"({"a": 1, "a": 2})", [](const auto&) {}, kind_faults()) ==
        Refusal{"duplicate-member", "a"});
  CHECK(refusal(R"({"a": 1})", [](const auto& o) { o.only({"b"}); }, kind_faults()) ==
        Refusal{"unknown-member", "a"});
  CHECK(refusal(R"({"a": 1})", [](const auto& o) { o.string("b"); }, kind_faults()) ==
        Refusal{"missing-member", "b"});
  CHECK(refusal(R"({"a": 1})", [](const auto& o) { o.string("a"); }, kind_faults()) ==
        Refusal{"member-type", "a"});
}

TEST_CASE("exactly() wants every member named and no other") {
  auto exact = [](const json::ObjectReader& o) { o.exactly({"a", "b"}); };
  CHECK(refusal(R"({"a": 1})", exact) == Refusal{"thing-shape", "b"});
  CHECK(refusal(R"({"a": 1, "b": 2, "c": 3})", exact) == Refusal{"thing-shape", "c"});
  const Document doc(R"({"b": 1, "a": 2})", shape_faults());
  CHECK_NOTHROW(doc.object().exactly({"a", "b"}));
}

TEST_CASE("text is bounded in bytes and holds no control character its rule forbids") {
  const Text line{.min_bytes = 1, .max_bytes = 8};
  auto read = [&](const json::ObjectReader& o) { o.text("memo", line); };
  CHECK(refusal(R"({"memo": ""})", read) == Refusal{"thing-shape", "memo"});
  CHECK(refusal(R"({"memo": "123456789"})", read) == Refusal{"thing-shape", "memo"});
  for (const char* control : {"\\u0000", "\\t", "\\n", "\\u007f", "\\u0085", "\\u009b"}) {
    INFO(control);
    CHECK(refusal(std::string(R"({"memo": "a)") + control + R"(b"})", read) ==
          Refusal{"thing-shape", "memo"});
  }
  const Document ok(R"({"memo": "12345678", "zh": "微信支付", "lines": "one\ntwo"})",
                    shape_faults());
  CHECK(ok.object().text("memo", line) == "12345678");
  CHECK(ok.object().text("zh", {.max_bytes = 12}) == "微信支付");
  CHECK(refusal(R"({"lines": "one\ntwo"})", [](const auto& o) { o.text("lines", {}); }) ==
        Refusal{"thing-shape", "lines"});
  CHECK(ok.object().text("lines", {.lines = trustfund::utf8::Lines::multiple}) == "one\ntwo");
  CHECK(refusal(R"({"lines": "one\r\ntwo"})", [](const auto& o) {
          o.text("lines", {.lines = trustfund::utf8::Lines::multiple});
        }) == Refusal{"thing-shape", "lines"});
  // A text handed on to a parser of its own is only bounded here.
  const Document raw(R"({"date": "2026\t"})", shape_faults());
  CHECK(raw.object().text("date", {.max_bytes = 10, .lines = std::nullopt}) == "2026\t");
}

TEST_CASE("a text rule may name its own problem type and message") {
  const Error e = error_of([] {
    const Document doc(R"({"memo": "a\u0085b"})", shape_faults());
    doc.object().text("memo", {.min_bytes = 0, .type = "memo", .message = "no, not that memo"});
  });
  CHECK(e.type() == "memo");
  CHECK(e.field() == "memo");
  CHECK(std::string(e.what()) == "no, not that memo");
}

TEST_CASE("integers and arrays are bounded") {
  CHECK(refusal(R"({"n": -1})", [](const auto& o) { o.integer("n", 0); }) ==
        Refusal{"thing-shape", "n"});
  CHECK(refusal(R"({"n": 121})", [](const auto& o) { o.integer("n", 0, 120); }) ==
        Refusal{"thing-shape", "n"});
  CHECK(refusal(R"({"a": [1, 2, 3]})", [](const auto& o) { o.array("a", 2); }) ==
        Refusal{"thing-shape", "a"});
  const Document doc(R"({"n": 120, "a": [1, 2]})", shape_faults());
  CHECK(doc.object().integer("n", 0, 120) == 120);
  CHECK(doc.object().array("a", 2).integer(1) == 2);
}

TEST_CASE("faults name the path inside arrays and objects, after the document's prefix") {
  ErrorFaults faults = ErrorFaults::one_type("entry-shape", "entry");
  faults.prefix = "line 12: ";
  const Error e = error_of([&] {
    const Document doc(R"({"postings": [{"amount": "1"}, {"amount": 2}]})", faults);
    const json::ArrayReader postings = doc.object().array("postings");
    for (std::size_t i = 0; i < postings.size(); ++i)
      postings.object(i).decimal("amount");
  });
  CHECK(e.type() == "entry-shape");
  CHECK(e.field() == "line 12: postings[1].amount");
  const Error element = error_of([&] {
    const Document doc(R"({"postings": ["OP.1002"]})", faults);
    doc.object().array("postings").object(0);
  });
  CHECK(element.field() == "line 12: postings[0]");
}

TEST_CASE("faults of the whole text name the document") {
  for (const char* text : {"{", "", "{\"a\": 1} x", "\"entry\"", "{\"a\": \"\xc3\"}"}) {
    INFO(text);
    const Error e = error_of([&] { const Document doc(text, shape_faults()); });
    CHECK(e.type() == "json-syntax");
    CHECK(e.field() == "thing");
  }
  const Error utf8 = error_of([] { const Document doc("{\"a\": \"\xff\"}", shape_faults()); });
  CHECK(std::string(utf8.what()).rfind("not valid JSON: invalid UTF-8", 0) == 0);
  const Error deep = error_of(
      [] { const Document doc(std::string(65, '[') + std::string(65, ']'), shape_faults()); });
  CHECK(deep.type() == "json-syntax");
  const Error array = error_of([] {
    const Document doc("[]", shape_faults());
    doc.object();
  });
  CHECK(array.type() == "thing-shape");
  CHECK(array.field() == "thing");
  // A number json::parse refuses is a fault of the member's type, at its path.
  const Error number = error_of([] { const Document doc(R"({"x": [1e3]})", shape_faults()); });
  CHECK(number.type() == "thing-shape");
  CHECK(number.field() == "x[0]");
}

TEST_CASE("faults of stored documents are integrity errors") {
  const ErrorFaults stored = ErrorFaults::stored("scope");
  for (const char* text : {R"({"kind": 1})", "{", "[]"}) {
    INFO(text);
    const Error e = error_of([&] {
      const Document doc(text, stored);
      doc.object().string("kind");
    });
    CHECK(e.kind() == ErrorKind::integrity);
    CHECK(e.type() == "stored-json");
  }
}

TEST_CASE("a document whose faults are reported otherwise gets where and what") {
  struct Collect final : json::Faults {
    void report(const json::Fault& fault) const override { throw fault; }
  };
  const Collect collect;
  auto fault_of = [&](const std::string& text, auto&& read) {
    try {
      const Document doc(text, collect);
      read(doc.object());
    } catch (const json::Fault& f) {
      return f;
    }
    FAIL("expected a fault");
    return json::Fault{};
  };
  const json::Fault missing = fault_of(
      R"({"journal": {}})", [](const auto& o) { o.object("journal").integer("tree_size"); });
  CHECK(missing.kind == json::Fault::Kind::missing_member);
  CHECK(missing.container == "journal");
  CHECK(missing.name == "tree_size");
  CHECK(missing.path == "journal.tree_size");
  const json::Fault element =
      fault_of(R"({"files": [{}, 5]})", [](const auto& o) { o.array("files").object(1); });
  CHECK(element.kind == json::Fault::Kind::wrong_type);
  CHECK(element.wanted == json::Value::Type::object);
  CHECK(element.container == "files");
  CHECK(element.name.empty());
  CHECK(element.index == 1u);
  CHECK(element.path == "files[1]");
  const json::Fault low = fault_of(R"({"v": 0})", [](const auto& o) { o.integer("v", 1); });
  CHECK(low.kind == json::Fault::Kind::range);
  CHECK(low.min == 1);
}
