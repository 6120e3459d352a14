// Bulk unit import from CSV: what parses, and that every bad row is reported with its line and
// column.
#include "trustfund/ledger/units_csv.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace trustfund;
using ledger::CsvRowError;
using ledger::kMaxCsvErrors;
using ledger::kMaxCsvUnits;
using ledger::parse_units_csv;
using ledger::UnitsCsv;

namespace {

// "line field type" per error, so a failed check shows every error at once.
std::vector<std::string> summary(const UnitsCsv& csv) {
  std::vector<std::string> out;
  for (const CsvRowError& e : csv.errors)
    out.push_back(std::to_string(e.line) + " " + e.field + " " + e.type);
  return out;
}

using Lines = std::vector<std::string>;

money::Area m2(const char* text) {
  return money::Area::parse(text);
}

constexpr const char* kHeader = "code,kind,area_m2,owner_ref\n";

}  // namespace

TEST_CASE("a good file with quoted fields, CRLF, a BOM and any column order parses exactly",
          "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(
      "\xEF\xBB\xBF"
      "Owner_Ref , AREA_M2,code,\"kind\"\r\n"
      "\"Zhang, Wei\",89.5,3-2-1502,residential\r\n"
      "\"the \"\"corner\"\" shop\",120.37, A1 ,commercial\r\n"
      "  plain owner  ,0.01,\"B-7\",parking\r\n"
      "李娜,1000000000,9,residential");  // no final line end
  REQUIRE(summary(csv).empty());
  REQUIRE(csv.units.size() == 4);
  CHECK(csv.lines == std::vector<std::int64_t>{2, 3, 4, 5});
  CHECK(csv.units[0].code == "3-2-1502");
  CHECK(csv.units[0].kind == "residential");
  CHECK(csv.units[0].area == m2("89.5"));
  CHECK(csv.units[0].owner_ref == "Zhang, Wei");
  CHECK(csv.units[1].code == "A1");
  CHECK(csv.units[1].kind == "commercial");
  CHECK(csv.units[1].area == m2("120.37"));
  CHECK(csv.units[1].owner_ref == "the \"corner\" shop");
  CHECK(csv.units[2].code == "B-7");
  CHECK(csv.units[2].kind == "parking");
  CHECK(csv.units[2].area == m2("0.01"));
  CHECK(csv.units[2].owner_ref == "plain owner");
  CHECK(csv.units[3].code == "9");
  CHECK(csv.units[3].area.hundredths_m2() == money::Area::kMaxHundredths);
  CHECK(csv.units[3].owner_ref == "李娜");
}

TEST_CASE("quoted fields keep their spaces; unquoted fields are trimmed", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "\tA-1\t, parking ,  5 ,\"  owner  \"\n"
                                       "A-2,parking,5, \"q\" \n");
  REQUIRE(summary(csv).empty());
  REQUIRE(csv.units.size() == 2);
  CHECK(csv.units[0].code == "A-1");
  CHECK(csv.units[0].kind == "parking");
  CHECK(csv.units[0].owner_ref == "  owner  ");
  CHECK(csv.units[1].owner_ref == "q");  // spaces outside the quotes do not count
}

TEST_CASE("without a kind column, or with an empty kind, a unit is residential", "[units_csv]") {
  const UnitsCsv without = parse_units_csv("code,area_m2,owner_ref\nA-1,50,o1\n");
  REQUIRE(summary(without).empty());
  REQUIRE(without.units.size() == 1);
  CHECK(without.units[0].kind == "residential");

  const UnitsCsv empty = parse_units_csv(std::string(kHeader) + "A-1,,50,o1\nA-2,\"\",50,o2\n");
  REQUIRE(summary(empty).empty());
  REQUIRE(empty.units.size() == 2);
  CHECK(empty.units[0].kind == "residential");
  CHECK(empty.units[1].kind == "residential");
}

TEST_CASE("blank lines are skipped but still count as lines", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(
      "\n"
      "  \r\n"
      "code,area_m2,owner_ref\n"  // line 3: the header
      "\n"
      "A-1,50,o1\n"
      " \t \n"
      "A-2,0,o2\n"  // line 7
      "\n\n");
  CHECK(summary(csv) == Lines{"7 area_m2 unit-area"});
  REQUIRE(csv.units.size() == 1);
  CHECK(csv.units[0].code == "A-1");
  CHECK(csv.lines == std::vector<std::int64_t>{5});
}

TEST_CASE("a bad unit code is reported as unit-code with its line and the column code",
          "[units_csv]") {
  const std::string code =
      GENERATE(as<std::string>{}, "", "-A1", "A1-", "A--1", "A_1", "A 1", "楼1",
               "123456789012345678901234567890123");  // 33
  INFO("code: " << code);
  const UnitsCsv csv =
      parse_units_csv(std::string(kHeader) + "A-1,,50,o1\n\"" + code + "\",,50,o2\nA-3,,50,o3\n");
  CHECK(summary(csv) == Lines{"3 code unit-code"});
  CHECK(csv.units.size() == 2);
}

TEST_CASE("a unit code of 32 characters is accepted", "[units_csv]") {
  const UnitsCsv csv =
      parse_units_csv(std::string(kHeader) + "12345678901234567890123456789-12,,50,o1\n");
  CHECK(summary(csv).empty());
  CHECK(csv.units.size() == 1);
}

TEST_CASE("a kind other than residential, commercial or parking is unit-kind", "[units_csv]") {
  const std::string kind = GENERATE(as<std::string>{}, "shop", "Residential", "parking-space");
  INFO("kind: " << kind);
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) + "A-1," + kind + ",50,o1\n");
  CHECK(summary(csv) == Lines{"2 kind unit-kind"});
  CHECK(csv.units.empty());
}

TEST_CASE("a bad area carries the type and message of Area::parse, under the column area_m2",
          "[units_csv]") {
  struct Case {
    const char* text;
    const char* type;
  };
  const Case c = GENERATE(values<Case>({
      {"-5", "area-negative"},
      {"12.345", "area-too-many-decimals"},
      {"1000000000.01", "area-out-of-range"},
      {"89.5m2", "area-syntax"},
      {"", "area-syntax"},
      {"\" 89.5\"", "area-syntax"},  // quoted, so not trimmed
  }));
  INFO("area: " << c.text);
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) + "A-1,," + c.text + ",o1\n");
  REQUIRE(summary(csv) == Lines{std::string("2 area_m2 ") + c.type});
  CHECK(csv.errors[0].detail.find("area") != std::string::npos);
  CHECK(csv.units.empty());
}

TEST_CASE("an area of zero is unit-area", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) + "A-1,,0,o1\nA-2,,0.00,o2\n");
  CHECK(summary(csv) == Lines{"2 area_m2 unit-area", "3 area_m2 unit-area"});
}

TEST_CASE("an owner reference must be 1-200 bytes, else unit-owner", "[units_csv]") {
  const std::string ok(200, 'x');
  const std::string too_long(201, 'x');
  std::string li;  // 67 × "李" = 201 bytes
  for (int i = 0; i < 67; ++i)
    li += "李";
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) + "A-1,,50," + ok + "\nA-2,,50," +
                                       too_long + "\nA-3,,50,\nA-4,,50,\"\"\nA-5,,50," + li + "\n");
  CHECK(summary(csv) == Lines{"3 owner_ref unit-owner", "4 owner_ref unit-owner",
                              "5 owner_ref unit-owner", "6 owner_ref unit-owner"});
  REQUIRE(csv.units.size() == 1);
  CHECK(csv.units[0].owner_ref == ok);
}

TEST_CASE("a row with more or fewer fields than the header is csv-columns", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "A-1,,50\n"
                                       "A-2,,50,o2,extra\n"
                                       "A-3,,50,o3,\n"  // a trailing comma is an empty field
                                       "A-4,,50,\"o,4\"\n");
  CHECK(summary(csv) == Lines{"2  csv-columns", "3  csv-columns", "4  csv-columns"});
  REQUIRE(csv.units.size() == 1);
  CHECK(csv.units[0].owner_ref == "o,4");
}

TEST_CASE("misplaced quotes, quotes left open and line breaks inside quotes are csv-syntax",
          "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "A-1,,50,\"open\n"          // 2: not closed
                                       "A-2,,50,\"shut\"tail\n"    // 3: text after the quote
                                       "A-3,,50,in\"side\n"        // 4: quote in unquoted field
                                       "A-4,,50,\"two\nlines\"\n"  // 5 and 6
                                       "A-5,,50,o\r5\n"            // 7: a lone carriage return
                                       "A-6,,50,o6\n");
  CHECK(summary(csv) == Lines{"2  csv-syntax", "3  csv-syntax", "4  csv-syntax", "5  csv-syntax",
                              "6  csv-syntax", "7  csv-syntax"});
  REQUIRE(csv.units.size() == 1);
  CHECK(csv.units[0].code == "A-6");
}

TEST_CASE("a line that is not valid UTF-8 is csv-encoding", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "A-1,,50,\xC0\xAF\n"        // overlong '/'
                                       "A-2,,50,\xED\xA0\x80\n"    // a surrogate
                                       "A-3,,50,\xE6\x9D\n"        // cut short
                                       "A-4,,50,\xE6\x9D\x8E\n");  // "李"
  CHECK(summary(csv) == Lines{"2  csv-encoding", "3  csv-encoding", "4  csv-encoding"});
  REQUIRE(csv.units.size() == 1);
  CHECK(csv.units[0].owner_ref == "李");
}

TEST_CASE("several bad rows are all reported, and each bad cell of a row", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "A-1,,50,o1\n"
                                       "a--b,,50,o2\n"
                                       "A-3,villa,50,o3\n"
                                       "A-4,,50,o4\n"
                                       "-x,shop,-1,\n"
                                       "A-6,,50\n"
                                       "A-7,,50,o7\n");
  CHECK(summary(csv) == Lines{"3 code unit-code", "4 kind unit-kind", "6 code unit-code",
                              "6 kind unit-kind", "6 area_m2 area-negative",
                              "6 owner_ref unit-owner", "7  csv-columns"});
  REQUIRE(csv.units.size() == 3);
  CHECK(csv.units[0].code == "A-1");
  CHECK(csv.units[1].code == "A-4");
  CHECK(csv.units[2].code == "A-7");
  CHECK(csv.lines == std::vector<std::int64_t>{2, 5, 8});
}

TEST_CASE("the same code twice is unit-duplicate on the later line, naming the earlier line",
          "[units_csv]") {
  const UnitsCsv csv = parse_units_csv(std::string(kHeader) +
                                       "A-1,,50,o1\n"
                                       "A-2,,0,o2\n"   // bad area, but its code still counts
                                       "a-1,,50,o3\n"  // codes are case-sensitive
                                       "A-1,,50,o4\n"
                                       "A-2,,50,o5\n"
                                       "A-1,,50,o6\n");
  REQUIRE(summary(csv) == Lines{"3 area_m2 unit-area", "5 code unit-duplicate",
                                "6 code unit-duplicate", "7 code unit-duplicate"});
  CHECK(csv.errors[1].detail.find("line 2") != std::string::npos);
  CHECK(csv.errors[2].detail.find("line 3") != std::string::npos);
  CHECK(csv.errors[3].detail.find("line 2") != std::string::npos);
  CHECK(csv.units.size() == 2);
}

TEST_CASE("an unknown or duplicate header column is an error on the header and no row is parsed",
          "[units_csv]") {
  SECTION("unknown column") {
    const UnitsCsv csv = parse_units_csv("code,area_m2,owner_ref, Floor \nA-1,50,o1,3\n");
    CHECK(summary(csv) == Lines{"1 Floor csv-unknown-column"});
    CHECK(csv.units.empty());
  }
  SECTION("duplicate column, in another case") {
    const UnitsCsv csv = parse_units_csv("code,area_m2,owner_ref,CODE\nA-1,50,o1,A-1\n");
    CHECK(summary(csv) == Lines{"1 code csv-duplicate-column"});
    CHECK(csv.units.empty());
  }
  SECTION("an empty column name") {
    const UnitsCsv csv = parse_units_csv("code,area_m2,owner_ref,\nA-1,50,o1,\n");
    CHECK(summary(csv) == Lines{"1  csv-unknown-column"});
    CHECK(csv.units.empty());
  }
}

TEST_CASE("a missing required column is an error on the header line, one per column",
          "[units_csv]") {
  const UnitsCsv csv = parse_units_csv("\r\nkind,code\r\nA-1,parking\r\n");
  CHECK(summary(csv) == Lines{"2 area_m2 csv-missing-column", "2 owner_ref csv-missing-column"});
  CHECK(csv.units.empty());
}

TEST_CASE("a header with a syntax error is csv-syntax and no row is parsed", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv("code,\"area_m2,owner_ref\nA-1,50,o1\n");
  CHECK(summary(csv) == Lines{"1  csv-syntax"});
  CHECK(csv.units.empty());
}

TEST_CASE("a file without a header is csv-empty", "[units_csv]") {
  const std::string text = GENERATE(as<std::string>{}, "", "\xEF\xBB\xBF", "\n\r\n  \n");
  const UnitsCsv csv = parse_units_csv(text);
  CHECK(summary(csv) == Lines{"1  csv-empty"});
  CHECK(csv.units.empty());
}

TEST_CASE("a header alone is a file of no units", "[units_csv]") {
  const UnitsCsv csv = parse_units_csv("code,area_m2,owner_ref");
  CHECK(summary(csv).empty());
  CHECK(csv.units.empty());
}

TEST_CASE("errors stop at kMaxCsvErrors plus one saying more errors are not shown", "[units_csv]") {
  std::string text = kHeader;
  for (std::size_t i = 0; i < kMaxCsvErrors + 50; ++i)
    text.append("A-").append(std::to_string(i)).append(",,0,o\n");  // line i + 2: area zero
  const UnitsCsv csv = parse_units_csv(text);
  REQUIRE(csv.errors.size() == kMaxCsvErrors + 1);
  CHECK(csv.errors[kMaxCsvErrors - 1].line == static_cast<std::int64_t>(kMaxCsvErrors) + 1);
  CHECK(csv.errors[kMaxCsvErrors - 1].type == "unit-area");
  const CsvRowError& last = csv.errors.back();
  CHECK(last.type == "csv-too-many-errors");
  CHECK(last.line == static_cast<std::int64_t>(kMaxCsvErrors) + 2);
  CHECK(last.detail.find("more errors not shown") != std::string::npos);
}

TEST_CASE("exactly kMaxCsvErrors errors are all shown, with no note", "[units_csv]") {
  std::string text = kHeader;
  for (std::size_t i = 0; i < kMaxCsvErrors; ++i)
    text.append("A-").append(std::to_string(i)).append(",,0,o\n");
  const UnitsCsv csv = parse_units_csv(text);
  REQUIRE(csv.errors.size() == kMaxCsvErrors);
  CHECK(csv.errors.back().type == "unit-area");
}

TEST_CASE("kMaxCsvUnits rows parse; one more is a single csv-too-many-rows error", "[units_csv]") {
  std::string text = kHeader;
  for (std::size_t i = 0; i < kMaxCsvUnits; ++i)
    text.append("U").append(std::to_string(i)).append(",,1,o\n");
  const UnitsCsv full = parse_units_csv(text);
  CHECK(full.errors.empty());
  CHECK(full.units.size() == kMaxCsvUnits);

  text += "\nLAST,,1,o\nAFTER,,0,o\n";  // a blank line, then the row too many, then a bad row
  const UnitsCsv over = parse_units_csv(text);
  CHECK(summary(over) ==
        Lines{std::to_string(kMaxCsvUnits + 3) + "  csv-too-many-rows"});  // header + rows + blank
}
