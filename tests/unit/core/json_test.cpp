// The strict JSON parser and the writer (core/json.h).
#include "trustfund/core/json.h"

#include <catch2/catch_test_macros.hpp>

#include <string>

#include "support/errors.h"

using trustfund::Error;
using trustfund::ErrorKind;
using trustfund::json::Value;
using trustfund::testing::error_of;
namespace json = trustfund::json;

namespace {

Error parse_error(const std::string& text, const json::Limits& limits = {}) {
  return error_of([&] { json::parse(text, limits); });
}

}  // namespace

TEST_CASE("a JSON object is read with its members in document order") {
  const Value v = json::parse(R"( {"b": 1, "a": [true, false, null], "c": {"d": "x"}} )");
  REQUIRE(v.is_object());
  REQUIRE(v.object().size() == 3);
  CHECK(v.object()[0].name == "b");
  CHECK(v.find("b")->integer() == 1);
  const auto& a = v.find("a")->array();
  REQUIRE(a.size() == 3);
  CHECK(a[0].boolean());
  CHECK_FALSE(a[1].boolean());
  CHECK(a[2].is_null());
  CHECK(v.find("c")->find("d")->string() == "x");
  CHECK(v.find("missing") == nullptr);
}

TEST_CASE("escapes are decoded, surrogate pairs joined") {
  const Value v = json::parse(R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00"])");
  CHECK(v.array()[0].string() == "a\"b\\c/d\b\f\n\r\t");
  CHECK(v.array()[1].string() == "\xc3\xa9\xe4\xb8\xad");
  CHECK(v.array()[2].string() == "\xf0\x9f\x98\x80");
}

TEST_CASE("a member given twice is refused, naming it, however it is escaped") {
  for (const char* text : {R"({"postings": [1], "postings": [2]})",
                           R"({"postings": 1, "a": 2, "post\u0069ngs": 3})"}) {
    const Error e = parse_error(text);
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == "jcs-duplicate-key");
    CHECK(e.field() == "postings");
  }
  const Error nested = parse_error(R"({"x": [{"k": 1}, {"k": 1, "k": 2}]})");
  CHECK(nested.type() == "jcs-duplicate-key");
  CHECK(nested.field() == "x[1].k");
}

TEST_CASE("numbers must be integers within 2^53 - 1") {
  CHECK(
      json::parse("[9007199254740991, -9007199254740991, -0, 0]") ==
      Value(Value::Array{Value(json::kMaxInteger), Value(-json::kMaxInteger), Value(0), Value(0)}));
  for (const char* text : {"[9007199254740992]", "[1.0]", "[1e2]", "[1E-2]", "[0.5]",
                           "[18446744073709551616]", "[-9007199254740992]"}) {
    CAPTURE(text);
    CHECK(parse_error(text).type() == "jcs-number");
  }
  const Error e = parse_error(R"({"amount": 12.5})");
  CHECK(e.field() == "amount");
}

TEST_CASE("malformed JSON is a syntax error") {
  for (const char* text :
       {"",        "   ",        "{",         "[1,]",        "{\"a\":1,}", "[1 2]",
        "{'a':1}", "[01]",       "[-]",       "[1-2]",       "[.5]",       "[1.]",
        "[1e]",    "[tru]",      "[nul]",     "{\"a\" 1}",   "{1:2}",      "[1] x",
        "[1]]",    "/* c */ []", "[\"\\x\"]", "[\"\\u12\"]", "[\"a\tb\"]", "[\"open]",
        "1",       "\"text\"",   "null",      "true"}) {
    CAPTURE(text);
    CHECK(parse_error(text).type() == "json-syntax");
  }
}

TEST_CASE("ill-formed UTF-8 and lone surrogate escapes are refused") {
  for (const std::string& text :
       {std::string("[\"a\xff\"]"), std::string("[\"\xc3\"]"), std::string("[\"\xed\xa0\x80\"]"),
        std::string("[\"\xc0\xaf\"]"), std::string(R"(["\ud800"])"), std::string(R"(["\udc00"])"),
        std::string(R"(["\ud800\u0041"])")}) {
    CAPTURE(text);
    CHECK(parse_error(text).type() == "jcs-utf8");
  }
}

TEST_CASE("depth and size are bounded before any work") {
  std::string deep;
  for (int i = 0; i < 64; ++i)
    deep += '[';
  for (int i = 0; i < 64; ++i)
    deep += ']';
  CHECK_NOTHROW(json::parse(deep));
  CHECK(parse_error("[" + deep + "]").type() == "jcs-depth");
  CHECK(parse_error(std::string(100000, '[')).type() == "jcs-depth");
  CHECK(parse_error("[1]", {2, 64}).type() == "json-too-large");
  CHECK(parse_error("[[1]]", {100, 1}).type() == "jcs-depth");
}

TEST_CASE("write gives compact JSON in member order, escaping as RFC 8785 does") {
  Value v;
  v.add("z", "a\"b\\c\n\x01\x1f");
  v.add("a", Value::Array{Value(1), Value(true), Value(), Value("\xe4\xb8\xad")});
  CHECK(json::write(v) == R"({"z":"a\"b\\c\n\u0001\u001f","a":[1,true,null,"中"]})");
  CHECK(json::parse(json::write(v)) == v);
  CHECK(error_of([] { json::write(Value(std::string("\xff"))); }).type() == "jcs-utf8");
}

TEST_CASE("paths name members and elements") {
  CHECK(json::member_path("", "a") == "a");
  CHECK(json::member_path("a", "b") == "a.b");
  CHECK(json::element_path("a", 2) == "a[2]");
  CHECK(json::element_path("", 0) == "[0]");
}
