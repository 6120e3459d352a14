// The shared CSV reader: RFC 4180 splitting, line handling (BOM, CRLF, blank lines), the header's
// column mapping, the row and error caps.
#include "trustfund/core/csv.h"

#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace trustfund;

namespace {

using Strings = std::vector<std::string>;

// The fields of `line`, or "error <kind> <field>" alone.
Strings split(std::string_view line) {
  Strings fields;
  std::size_t count = 0;
  if (const std::optional<csv::SyntaxError> error = csv::split(line, fields, count)) {
    std::string s = "error ";
    s.append(std::to_string(error->kind)).append(" ").append(std::to_string(error->field));
    return {s};
  }
  fields.resize(count);
  return fields;
}

// "line field type" per error.
Strings summary(const csv::Errors& errors) {
  Strings out;
  for (const csv::RowError& e : errors.list()) {
    std::string s = std::to_string(e.line);
    s.append(" ").append(e.field).append(" ").append(e.type);
    out.push_back(std::move(s));
  }
  return out;
}

constexpr std::array<csv::Column, 3> kColumns = {{{"id"}, {"note", false}, {"size"}}};

struct Read {
  bool header = false;              // header() returned a Header
  bool header_ok = false;           // ... without errors
  std::vector<std::int64_t> lines;  // of the records
  std::vector<Strings> records;
  csv::Errors errors{5};
};

// Reads all of `text` with kColumns, at most `max_rows` rows.
Read read(std::string_view text, std::size_t max_rows = 100) {
  Read out;
  const csv::Format format{kColumns, max_rows, "things"};
  csv::Reader reader(text, format, out.errors);
  if (const csv::Header* header = reader.header()) {
    out.header = true;
    out.header_ok = header->ok();
  }
  while (const std::optional<csv::Record> record = reader.next()) {
    out.lines.push_back(record->line);
    out.records.emplace_back(record->fields.begin(), record->fields.end());
  }
  return out;
}

}  // namespace

TEST_CASE("split: commas between fields, unquoted fields trimmed of spaces and tabs", "[csv]") {
  CHECK(split("a,b,c") == Strings{"a", "b", "c"});
  CHECK(split(" a \t,\tb c ,  ") == Strings{"a", "b c", ""});
  CHECK(split("") == Strings{""});
  CHECK(split(",") == Strings{"", ""});
  CHECK(split("a,") == Strings{"a", ""});
  CHECK(split("李娜,x") == Strings{"李娜", "x"});
}

TEST_CASE("split: quoted fields keep commas and spaces, and \"\" is a quote", "[csv]") {
  CHECK(split("\"a,b\",c") == Strings{"a,b", "c"});
  CHECK(split("\"  kept  \"") == Strings{"  kept  "});
  CHECK(split("  \"q\"  ,x") == Strings{"q", "x"});  // spaces outside the quotes do not count
  CHECK(split("\"say \"\"hi\"\"\"") == Strings{"say \"hi\""});
  CHECK(split("\"\"\"\"") == Strings{"\""});
  CHECK(split("\"\",\"\"") == Strings{"", ""});
}

TEST_CASE("split: syntax errors name their kind and 1-based field", "[csv]") {
  using E = csv::SyntaxError;
  const auto error = [](E::Kind kind, std::size_t field) {
    std::string s = "error ";
    s.append(std::to_string(kind)).append(" ").append(std::to_string(field));
    return Strings{s};
  };
  CHECK(split("a,\"open") == error(E::unclosed_quote, 2));
  CHECK(split("\"a\"\"") == error(E::unclosed_quote, 1));
  CHECK(split("\"a\"b,c") == error(E::text_after_quote, 1));
  CHECK(split("a,b,in\"side") == error(E::quote_in_unquoted, 3));
  CHECK(split("a\rb") == error(E::carriage_return, 1));
  CHECK(split("x,\"a\rb\"") == error(E::carriage_return, 2));
}

TEST_CASE("split reuses the strings it is given and reports only the fields of the line", "[csv]") {
  Strings fields = {"old", "old", "old", "old"};
  std::size_t count = 0;
  REQUIRE_FALSE(csv::split("a,b", fields, count));
  CHECK(count == 2);
  CHECK(fields[0] == "a");
  CHECK(fields[1] == "b");
}

TEST_CASE("describe words each syntax error with its field", "[csv]") {
  CHECK(csv::describe({csv::SyntaxError::text_after_quote, 3}) ==
        "field 3: text after the closing quote; write \"\" for a quote");
  CHECK(csv::describe({csv::SyntaxError::unclosed_quote, 1}).starts_with("field 1: a quote is"));
}

TEST_CASE("excerpt quotes user text and cuts it at a character boundary after 40 bytes", "[csv]") {
  CHECK(csv::excerpt("abc") == "\"abc\"");
  CHECK(csv::excerpt("") == "\"\"");
  const auto quoted = [](std::string_view text, std::string_view tail) {
    std::string out = "\"";
    out.append(text).append(tail).append("\"");
    return out;
  };
  CHECK(csv::excerpt(std::string(40, 'x')) == quoted(std::string(40, 'x'), ""));
  CHECK(csv::excerpt(std::string(41, 'x')) == quoted(std::string(40, 'x'), "…"));
  std::string li;  // 14 × "李" = 42 bytes: 13 fit in 40
  for (int i = 0; i < 14; ++i)
    li += "李";
  CHECK(csv::excerpt(li) == quoted(li.substr(0, 39), "…"));
}

TEST_CASE("errors stop at the cap plus one saying more are not shown", "[csv]") {
  csv::Errors errors(2);
  errors.add(3, "id", "a", "first");
  errors.add(4, "", "b", "second");
  CHECK_FALSE(errors.stopped());
  errors.add(5, "size", "c", "third");
  CHECK(errors.stopped());
  errors.add(6, "", "d", "fourth");
  REQUIRE(summary(errors) == Strings{"3 id a", "4  b", "5  csv-too-many-errors"});
  CHECK(errors.list()[2].detail == "more than 2 errors; more errors not shown");
  const std::vector<csv::RowError> taken = std::move(errors).take();
  CHECK(taken.size() == 3);
}

TEST_CASE("a header maps names trimmed and in any case, in any order", "[csv]") {
  csv::Errors errors(10);
  const Strings fields = {" SIZE ", "Id"};
  const csv::Header header(fields, kColumns, 7, errors);
  CHECK(summary(errors).empty());
  CHECK(header.ok());
  CHECK(header.line() == 7);
  CHECK(header.width() == 2);
  CHECK(header.index(0) == 1u);
  CHECK(header.index(1) == std::nullopt);  // optional and absent
  CHECK(header.index(2) == 0u);
}

TEST_CASE("a header reports unknown and duplicate columns in field order, then missing ones",
          "[csv]") {
  csv::Errors errors(10);
  const Strings fields = {"note", " Colour ", "NOTE", ""};
  const csv::Header header(fields, kColumns, 2, errors);
  CHECK_FALSE(header.ok());
  REQUIRE(summary(errors) == Strings{"2 Colour csv-unknown-column", "2 note csv-duplicate-column",
                                     "2  csv-unknown-column", "2 id csv-missing-column",
                                     "2 size csv-missing-column"});
  CHECK(errors.list()[0].detail ==
        "unknown column \"Colour\"; the columns are id, note (optional) and size");
  CHECK(errors.list()[1].detail == "column note appears twice in the header");
  CHECK(errors.list()[3].detail == "the header has no column id");
  CHECK(header.index(1) == 0u);  // the mappings it could make are kept
  CHECK(header.width() == 4);
}

TEST_CASE("the reader skips a BOM and blank lines, ends lines at \\n or \\r\\n, counts every line",
          "[csv]") {
  const Read r = read(
      "\xEF\xBB\xBF"
      "\r\n"
      " \t \n"
      "id,size,note\r\n"  // line 3
      "1,2,\"a, b\"\r\n"
      "\n"
      "  3 , 4 ,\n"  // line 6
      "\r\n"
      "5,6,\"x \"\"y\"\"\"");  // line 8, no line end
  CHECK(summary(r.errors).empty());
  CHECK(r.header_ok);
  CHECK(r.lines == std::vector<std::int64_t>{4, 6, 8});
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0] == Strings{"1", "2", "a, b"});
  CHECK(r.records[1] == Strings{"3", "4", ""});
  CHECK(r.records[2] == Strings{"5", "6", "x \"y\""});
}

TEST_CASE("the reader reports bad rows and skips them", "[csv]") {
  const Read r = read(
      "id,size\n"
      "1,2\n"
      "\xC0\xAF,2\n"      // 3: overlong '/'
      "\xED\xA0\x80,2\n"  // 4: a surrogate
      "x,\"open\n"        // 5
      "1,2,3\n"           // 6: too many fields
      "1\n"               // 7: too few
      "\xE6\x9D\x8E,9");  // 8: "李"
  CHECK(summary(r.errors) == Strings{"3  csv-encoding", "4  csv-encoding", "5  csv-syntax",
                                     "6  csv-columns", "7  csv-columns"});
  CHECK(r.errors.list()[2].detail.starts_with("field 2: a quote is not closed"));
  CHECK(r.errors.list()[3].detail == "the line has 3 fields but the header has 2");
  CHECK(r.lines == std::vector<std::int64_t>{2, 8});
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[1] == Strings{"李", "9"});
}

TEST_CASE("a line break inside quotes is a syntax error on both lines", "[csv]") {
  const Read r = read("id,size\n1,\"two\nlines\"\n3,4\n");
  CHECK(summary(r.errors) == Strings{"2  csv-syntax", "3  csv-syntax"});
  CHECK(r.lines == std::vector<std::int64_t>{4});
}

TEST_CASE("the reader uses the Format's wording of syntax errors", "[csv]") {
  csv::Errors errors(5);
  const csv::Format format{kColumns, 10, "things",
                           [](const csv::SyntaxError& e) { return std::to_string(e.field); }};
  csv::Reader reader("id,size\n1,2\"\n", format, errors);
  REQUIRE(reader.header());
  CHECK_FALSE(reader.next());
  REQUIRE(errors.list().size() == 1);
  CHECK(errors.list()[0].detail == "2");
}

TEST_CASE("a file without a non-blank line is csv-empty, naming the columns", "[csv]") {
  for (const char* text : {"", "\xEF\xBB\xBF", "\n\r\n \t\n"}) {
    const Read r = read(text);
    CHECK_FALSE(r.header);
    REQUIRE(summary(r.errors) == Strings{"1  csv-empty"});
    CHECK(r.errors.list()[0].detail ==
          "the file is empty; the first line must be the header, e.g. id,note,size");
  }
}

TEST_CASE("a header line that does not split gives no header and no rows", "[csv]") {
  const Read syntax = read("\nid,\"size\n1,2\n");
  CHECK_FALSE(syntax.header);
  CHECK(summary(syntax.errors) == Strings{"2  csv-syntax"});
  CHECK(syntax.records.empty());

  const Read encoding = read("id,size\xFF\n1,2\n");
  CHECK_FALSE(encoding.header);
  CHECK(summary(encoding.errors) == Strings{"1  csv-encoding"});
  CHECK(encoding.records.empty());
}

TEST_CASE("a header with errors is still returned with the errors reported", "[csv]") {
  const Read r = read("id,size,size\n1,2,3\n");
  CHECK(r.header);
  CHECK_FALSE(r.header_ok);
  CHECK(summary(r.errors) == Strings{"1 size csv-duplicate-column"});
}

TEST_CASE("rows over max_rows are one csv-too-many-rows, and reading stops", "[csv]") {
  const Read full = read("id,size\n1,2\n3,4\n", 2);
  CHECK(summary(full.errors).empty());
  CHECK(full.records.size() == 2);

  const Read over = read("id,size\n1,2\n\n3,\"bad\n5,6\n7,\"bad\n", 2);
  REQUIRE(summary(over.errors) == Strings{"4  csv-syntax", "5  csv-too-many-rows"});
  CHECK(over.errors.list()[1].detail ==
        "the file has more than 2 things; split it into several imports");
  CHECK(over.lines == std::vector<std::int64_t>{2});
}

TEST_CASE("the reader stops once the errors are stopped", "[csv]") {
  std::string text = "id,size\n";
  for (int i = 0; i < 10; ++i)
    text.append("1\n");  // each csv-columns
  text.append("1,2\n");
  const Read r = read(text);
  CHECK(r.errors.list().size() == 6);  // the cap of read() is 5
  CHECK(r.errors.list().back().type == "csv-too-many-errors");
  CHECK(r.errors.list().back().line == 7);
  CHECK(r.records.empty());
}
