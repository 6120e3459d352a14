// The template language of reports/ (core/template.h): values escaped for the template's
// language, raw values, sections, inverted sections, dotted names, partials, and the layout
// rules (standalone tag lines, continued lines, CR LF in CSV); faulty templates are refused.
#include "trustfund/core/template.h"

#include <catch2/catch_test_macros.hpp>

#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/errors.h"
#include "trustfund/core/json.h"

using namespace trustfund;
using templates::Language;
using templates::Template;

namespace {

std::string render(const char* name, std::string_view text, std::string_view data_json,
                   const std::map<std::string, std::string, std::less<>>& partials = {}) {
  const templates::PartialSource source =
      [&](std::string_view partial) -> std::optional<std::string_view> {
    const auto it = partials.find(partial);
    return it == partials.end() ? std::nullopt : std::optional<std::string_view>(it->second);
  };
  return Template(name, text, source).render(json::parse(data_json));
}

Error parse_error(std::string_view text) {
  return testing::error_of([&] { Template("t.html", text); });
}

}  // namespace

TEST_CASE("a value is escaped by the template's language, taken from its name") {
  const char* data = R"({"v":"<a href=\"x\">Tom & Jerry's</a>, \"q\"\u0001"})";
  CHECK(render("t.html", "{{v}}", data) ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;, &quot;q&quot;");
  CHECK(render("t.xml", "{{v}}", data) ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;, &quot;q&quot;\x01");
  CHECK(render("t.csv", "{{v}}", data) == "\"<a href=\"\"x\"\">Tom & Jerry's</a>, \"\"q\"\"\x01\"");
  CHECK(render("t.csv", "{{v}}", R"({"v":"plain text"})") == "plain text");
  CHECK(render("t.journal", "{{v}}", data) == "<a href=\"x\">Tom & Jerry's</a>, \"q\"\x01");
  CHECK(templates::language_of("statement/page.html") == Language::html);
  CHECK(templates::language_of("bank/pain001.xml") == Language::xml);
  CHECK(templates::language_of("a.csv") == Language::csv);
  CHECK(templates::language_of("ledger/entry.journal") == Language::text);
}

TEST_CASE("a raw value is written as it is, in any language") {
  CHECK(render("t.html", "<svg>{{&path}}</svg>", R"({"path":"<rect x=\"1\"/>"})") ==
        "<svg><rect x=\"1\"/></svg>");
}

TEST_CASE("integers and booleans are written as text; missing names and null as nothing") {
  CHECK(render("t.html", "{{n}} {{t}} {{f}} [{{missing}}] [{{z}}]",
               R"({"n":-42,"t":true,"f":false,"z":null})") == "-42 true false [] []");
}

TEST_CASE("an object or array where a value belongs is refused") {
  const Error e = testing::error_of([] { render("t.html", "{{o}}", R"({"o":{}})"); });
  CHECK(e.type() == "template-value");
  CHECK(testing::error_of([] { render("t.html", "{{&a}}", R"({"a":[1]})"); }).type() ==
        "template-value");
}

TEST_CASE("dotted names look into objects, and names are found in the enclosing values") {
  const char* data = R"({"a":{"b":{"c":"deep"}},"top":"T","items":[{"x":1},{"x":2,"top":"own"}]})";
  CHECK(render("t.html", "{{a.b.c}}/{{a.x.c}}/{{a.b.c.d}}", data) == "deep//");
  CHECK(render("t.html", "{{#items}}{{x}}{{top}};{{/items}}", data) == "1T;2own;");
  CHECK(render("t.html", "{{#a.b}}{{c}}{{/a.b}}", data) == "deep");
}

TEST_CASE("a section repeats over an array and shows once for any other true value") {
  CHECK(render("t.html", "{{#xs}}<{{.}}>{{/xs}}", R"({"xs":["a","b","<c>"]})") ==
        "<a><b><&lt;c&gt;>");
  for (const char* truthy : {R"("yes")", "true", "0", "7", "{}", "[0]"}) {
    INFO(truthy);
    CHECK(render("t.html", "{{#v}}shown{{/v}}{{^v}}hidden{{/v}}",
                 std::string(R"({"v":)") + truthy + "}") == "shown");
  }
  for (const char* falsy : {R"("")", "false", "null", "[]"}) {
    INFO(falsy);
    CHECK(render("t.html", "{{#v}}shown{{/v}}{{^v}}hidden{{/v}}",
                 std::string(R"({"v":)") + falsy + "}") == "hidden");
  }
  CHECK(render("t.html", "{{#v}}shown{{/v}}{{^v}}hidden{{/v}}", "{}") == "hidden");
}

TEST_CASE("a line holding only a section, comment or partial tag is left out whole") {
  const char* text =
      "<ul>\n"
      "  {{#xs}}\n"
      "  <li>{{.}}</li>\n"
      "  {{/xs}}\n"
      "  {{! a comment }}\n"
      "</ul>\n"
      "{{#xs}}inline {{/xs}}end\n";
  CHECK(render("t.html", text, R"({"xs":["a","b"]})") ==
        "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\ninline inline end\n");
}

TEST_CASE("a line ending in a backslash continues on the next, without its indentation") {
  CHECK(render("t.html", "<p>\\\n    <b>{{v}}</b>\\\n\t</p>\n", R"({"v":"x"})") ==
        "<p><b>x</b></p>\n");
  // Two backslashes are one, and the line end stays.
  CHECK(render("t.journal", "a \\\\\n  b\n", "{}") == "a \\\n  b\n");
}

TEST_CASE("a CSV template ends its lines with CR LF") {
  CHECK(render("t.csv", "a,b\n{{#rows}}\n{{x}},{{y}}\n{{/rows}}\n",
               R"({"rows":[{"x":"1","y":"line\nbreak"}]})") == "a,b\r\n1,\"line\nbreak\"\r\n");
}

TEST_CASE("a partial is inlined, indented as its tag when alone on its line") {
  // Escaped in the language of the template that includes it.
  const std::map<std::string, std::string, std::less<>> partials = {
      {"row.xml", "<r>\n  <v>{{v}}</v>\n</r>\n"}, {"name.txt", "[{{v}}]"}};
  CHECK(render("t.xml", "<doc>\n  {{>row.xml}}\n  {{>name.txt}}{{>name.txt}}\n</doc>\n",
               R"({"v":"'"})", partials) ==
        "<doc>\n  <r>\n    <v>&apos;</v>\n  </r>\n  [&apos;][&apos;]\n</doc>\n");
  // Partials that end in a backslash, each alone on its line, run on in one line.
  CHECK(render("t.html", "<main>\n{{>s.html}}\n{{>s.html}}\n</main>\n", R"({"v":"x"})",
               {{"s.html", "<s>\\\n  {{v}}</s>\\\n"}}) == "<main>\n<s>x</s><s>x</s></main>\n");
}

TEST_CASE("a faulty template is refused when it is parsed") {
  CHECK(parse_error("{{#a}}x").type() == "template-syntax");
  CHECK(parse_error("{{#a}}x{{/b}}").type() == "template-syntax");
  CHECK(parse_error("x{{/a}}").type() == "template-syntax");
  CHECK(parse_error("{{a").type() == "template-syntax");
  CHECK(parse_error("{{}}").type() == "template-syntax");
  CHECK(parse_error("{{a..b}}").type() == "template-syntax");
  CHECK(parse_error("{{>missing.html}}").type() == "template-syntax");
  CHECK(parse_error("{{>missing.html}}").field() == "t.html");
  std::string deep;
  for (std::size_t i = 0; i <= Template::kMaxSectionDepth; ++i)
    deep += "{{#a}}";
  for (std::size_t i = 0; i <= Template::kMaxSectionDepth; ++i)
    deep += "{{/a}}";
  CHECK(parse_error(deep).type() == "template-syntax");
  CHECK_NOTHROW(Template("t.html", deep.substr(6, deep.size() - 12)));
  const templates::PartialSource self = [](std::string_view) -> std::optional<std::string_view> {
    return "again {{>loop.html}}";
  };
  CHECK(testing::error_of([&] { Template("t.html", "{{>loop.html}}", self); }).type() ==
        "template-syntax");
}

TEST_CASE("a template renders the same bytes on many threads at once") {
  const Template t("t.html", "{{#xs}}<i>{{.}}</i>{{/xs}}");
  const json::Value data = json::parse(R"({"xs":["a","b","c"]})");
  std::vector<std::string> outs(8);
  {
    std::vector<std::jthread> threads;
    for (std::string& out : outs)
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i)
          out = t.render(data);
      });
  }
  for (const std::string& out : outs)
    CHECK(out == "<i>a</i><i>b</i><i>c</i>");
}
