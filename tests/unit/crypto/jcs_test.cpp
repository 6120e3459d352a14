// RFC 8785 (JCS) within trustfund's subset. The examples are those of RFC 8785 3.2.2 and 3.2.3
// that need no binary floating point; the rest are the subset's own rules.
#include <catch2/catch_test_macros.hpp>

#include <Poco/Dynamic/Struct.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"

using trustfund::Error;
using trustfund::ErrorKind;
using trustfund::crypto::append_json_integer;
using trustfund::crypto::append_json_string;
using trustfund::crypto::canonicalize;
using trustfund::crypto::canonicalize_json;
using trustfund::crypto::find_invalid_utf8;
using trustfund::crypto::jcs_key_less;

namespace {

// The type slug of the trustfund::Error that `fn` throws; fails the test if it throws none.
template <typename Fn>
std::string error_type(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid_input);
    return e.type();
  }
  FAIL("no trustfund::Error thrown");
  return {};
}

std::string json_error(const std::string& text) {
  return error_type([&] { canonicalize_json(text); });
}

}  // namespace

TEST_CASE("object members are sorted by UTF-16 code units, as in RFC 8785 3.2.3") {
  const std::string input = R"({
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    })";
  // The emoji (surrogates D83D DE00) sorts before U+FB33, though its UTF-8 bytes sort after.
  const std::string expected =
      "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
      "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
      "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
      "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
  CHECK(canonicalize_json(input) == expected);
}

TEST_CASE("strings keep non-ASCII characters raw and escape only what RFC 8785 3.2.2.2 escapes") {
  // RFC 8785 3.2.2's example without its "numbers" member, which is outside the subset.
  const std::string input = R"({
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    })";
  CHECK(canonicalize_json(input) ==
        "{\"literals\":[null,true,false],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/"
        "\"}");
}

TEST_CASE("every control character has its one canonical escape") {
  std::string controls;
  for (int c = 0; c < 0x20; ++c)
    controls += static_cast<char>(c);
  controls += "\x7f";  // DEL is not escaped
  std::string out;
  append_json_string(out, controls);
  CHECK(out ==
        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
        "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
        "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\x7f\"");
}

TEST_CASE("the euro sign and emoji are written as raw UTF-8, whatever the input spelling") {
  CHECK(canonicalize_json(R"(["\u20ac","\ud83d\ude00","\u00e9"])") ==
        "[\"\xe2\x82\xac\",\"\xf0\x9f\x98\x80\",\"\xc3\xa9\"]");
  CHECK(canonicalize_json("[\"\xe2\x82\xac\",\"\xf0\x9f\x98\x80\"]") ==
        "[\"\xe2\x82\xac\",\"\xf0\x9f\x98\x80\"]");
  CHECK(canonicalize_json(R"(["\/","\u0041"])") == R"(["/","A"])");
}

TEST_CASE("whitespace is removed and nested arrays and objects are canonicalized throughout") {
  CHECK(canonicalize_json(" {\n\t\"b\" : [ { \"z\" : 1 , \"a\" : [ true , { } ] } ] ,\r\n"
                          "  \"a\" : { \"y\" : null , \"x\" : [ ] } } \n") ==
        R"({"a":{"x":[],"y":null},"b":[{"a":[true,{}],"z":1}]})");
  CHECK(canonicalize_json("[]") == "[]");
  CHECK(canonicalize_json("{}") == "{}");
  CHECK(canonicalize_json("[[[[]]],{\"\":\"\"}]") == "[[[[]]],{\"\":\"\"}]");
}

TEST_CASE("safe integers are accepted and written in shortest form") {
  CHECK(canonicalize_json("[0,-0,1,-1,9007199254740991,-9007199254740991,120]") ==
        "[0,0,1,-1,9007199254740991,-9007199254740991,120]");
  std::string out;
  append_json_integer(out, -42);
  append_json_integer(out, trustfund::crypto::kJcsMaxInteger);
  CHECK(out == "-429007199254740991");
}

TEST_CASE("fractional, exponent and unsafe numbers are refused: amounts travel as strings") {
  for (const char* text :
       {"[1.5]", "[1e400]", "[1.0]", "[1E2]", "[2e-3]", "[-0.0]", "[9007199254740992]",
        "[-9007199254740992]", "[18446744073709551616]", "[18446744073709551617]",
        "[100000000000000000000000000000]", R"({"numbers":[333333333.33333329,1E30,4.50]})",
        R"({"a":{"b":[0.1]}})"}) {
    CAPTURE(text);
    CHECK(json_error(text) == "jcs-number");
  }
  std::string out = "x";
  CHECK(error_type([&] { append_json_integer(out, std::int64_t{1} << 53); }) == "jcs-number");
  CHECK(error_type([&] { append_json_integer(out, -(std::int64_t{1} << 53)); }) == "jcs-number");
  CHECK(out == "x");
}

TEST_CASE("invalid UTF-8 and lone surrogates are refused") {
  for (const char* text :
       {"[\"\xff\"]", "[\"\xc0\xaf\"]", "[\"\xed\xa0\x80\"]", "[\"\xe2\x82\"]", "[\"\x80\"]",
        "[\"\xf4\x90\x80\x80\"]", "{\"\xfe\":1}", R"(["\ud800"])", R"(["\udc00"])",
        R"(["\ud800\u0041"])", R"(["\ud83d"])", R"(["a\ude00b"])", R"({"\ud800":1})"}) {
    CAPTURE(text);
    CHECK(json_error(text) == "jcs-utf8");
  }
  std::string out = "kept";
  CHECK(error_type([&] { append_json_string(out, "ok\xff"); }) == "jcs-utf8");
  CHECK(out == "kept");  // left as it was
  CHECK(error_type([&] { canonicalize(Poco::Dynamic::Var(std::string("\xc3"))); }) == "jcs-utf8");
  CHECK(find_invalid_utf8("a\xc3\xa9\xf0\x9f\x98\x80") == std::string_view::npos);
  CHECK(find_invalid_utf8("ab\xed\xbf\xbf") == 2);
}

TEST_CASE("a key repeated in one object is refused, however it is spelled") {
  CHECK(json_error(R"({"a":1,"a":2})") == "jcs-duplicate-key");
  CHECK(json_error(R"({"a":1,"b":2,"a":1})") == "jcs-duplicate-key");
  CHECK(json_error(R"({"a":1,"\u0061":2})") == "jcs-duplicate-key");
  CHECK(json_error(R"({"x":[{"k":1,"k":1}]})") == "jcs-duplicate-key");
  // The same key in different objects is fine.
  CHECK(canonicalize_json(R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})") ==
        R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})");
}

TEST_CASE("malformed JSON is a syntax error") {
  for (const char* text :
       {"", "   ", "[1,]", "{\"a\":1,}", "[1]x", "[1] [2]", "[01]", "[NaN]", "{a:1}", "['a']",
        "[\"\\x\"]", "[\"\t\"]", "[] /* c */", "[true", "{\"a\"}", "[+1]", "[-]"}) {
    CAPTURE(text);
    CHECK(json_error(text) == "json-syntax");
  }
}

TEST_CASE("the top level must be an object or an array") {
  CHECK(json_error("1") == "json-syntax");
  CHECK(json_error("\"text\"") == "json-syntax");
  CHECK(json_error("null") == "json-syntax");
}

TEST_CASE("nesting deeper than the limit is refused") {
  const std::size_t limit = trustfund::crypto::kJcsMaxDepth;
  const std::string ok = std::string(limit, '[') + std::string(limit, ']');
  CHECK(canonicalize_json(ok) == ok);
  const std::string deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
  CHECK(json_error(deep) == "jcs-depth");
  CHECK(json_error(std::string(100000, '[')) == "jcs-depth");
}

TEST_CASE("values built with Poco canonicalize like their JSON text") {
  Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
  inner->set("\xef\xac\xb3", true);       // U+FB33
  inner->set("\xf0\x9f\x98\x80", false);  // U+1F600: sorts first in UTF-16
  inner->set("n", Poco::Dynamic::Var());
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  list->add(std::int8_t{-5});
  list->add(std::uint64_t{9007199254740991});
  list->add(std::string("s"));
  list->add(inner);
  Poco::JSON::Object root;
  root.set("list", list);
  root.set("amount", std::string("1234.50"));
  root.set("nothing", Poco::JSON::Object::Ptr());
  CHECK(canonicalize(root) ==
        "{\"amount\":\"1234.50\",\"list\":[-5,9007199254740991,\"s\","
        "{\"n\":null,\"\xf0\x9f\x98\x80\":false,\"\xef\xac\xb3\":true}],\"nothing\":null}");

  Poco::DynamicStruct fields;
  fields["b"] = 2;
  fields["a"] = Poco::Dynamic::Array{1, "x", Poco::Dynamic::Var()};
  CHECK(canonicalize(fields) == R"({"a":[1,"x",null],"b":2})");
  CHECK(canonicalize(Poco::Dynamic::Var()) == "null");
  CHECK(canonicalize(std::string("plain")) == "\"plain\"");
}

TEST_CASE("Poco values outside the subset are refused") {
  CHECK(error_type([] { canonicalize(Poco::Dynamic::Var(1.5)); }) == "jcs-number");
  CHECK(error_type([] { canonicalize(Poco::Dynamic::Var(2.0f)); }) == "jcs-number");
  CHECK(error_type([] { canonicalize(Poco::Dynamic::Var(std::uint64_t{1} << 53)); }) ==
        "jcs-number");
  CHECK(error_type([] { canonicalize(Poco::Dynamic::Var(-(std::int64_t{1} << 53))); }) ==
        "jcs-number");
}

TEST_CASE("keys compare by UTF-16 code units") {
  CHECK(jcs_key_less("a", "b"));
  CHECK(jcs_key_less("a", "ab"));
  CHECK_FALSE(jcs_key_less("ab", "a"));
  CHECK_FALSE(jcs_key_less("a", "a"));
  CHECK(jcs_key_less("\xf0\x9f\x98\x80", "\xef\xac\xb3"));  // U+1F600 < U+FB33 in UTF-16
  CHECK(jcs_key_less("\xed\x9f\xbf", "\xf0\x90\x80\x80"));  // U+D7FF < U+10000
  CHECK(jcs_key_less("\xf0\x90\x80\x80", "\xf0\x90\x80\x81"));
  CHECK(error_type([] { jcs_key_less("a\xff", "b"); }) == "jcs-utf8");
}
