// The JSON form of an entry: what parse_entry_json accepts, and what it refuses with the field.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "fixture.h"
#include "support/errors.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/ledger/entry.h"

using namespace trustfund;
using ledger::parse_entry_json;
using testing::error_of;
using testing::yuan;

namespace {

// A valid entry with `member` (already JSON, e.g. "\"memo\": \"x\"") added or replacing the
// postings when it starts with "\"postings\"".
std::string entry_json(const std::string& member = "") {
  const bool own_postings = member.rfind("\"postings\"", 0) == 0;
  std::string json = R"({"date": "2026-10-05", "kind": "payment")";
  if (!own_postings) {
    json += R"(, "postings": [{"account": "OP.1002", "amount": "300.00"},)"
            R"( {"account": "OP.1122@3-2-1502", "amount": "-300.00"}])";
  }
  if (!member.empty())
    json += ", " + member;
  json += "}";
  return json;
}

std::string postings_with_amounts(const std::string& first, const std::string& second) {
  return R"("postings": [{"account": "OP.1002", "amount": )" + first +
         R"(}, {"account": "OP.3101", "amount": )" + second + "}]";
}

struct Refusal {
  std::string json;
  std::string type;
  std::string field;
};

}  // namespace

TEST_CASE("a well-formed entry is read member by member") {
  const auto e = parse_entry_json(entry_json(
      R"("memo": "WeChat Pay, unit 3-2-1502 — 微信", "idempotency_key": "wx-42", "reverses": 17)"));
  CHECK(e.date == Date::parse("2026-10-05"));
  CHECK(e.kind == "payment");
  CHECK(e.memo == "WeChat Pay, unit 3-2-1502 — 微信");
  CHECK(e.idempotency_key == "wx-42");
  REQUIRE(e.reverses);
  CHECK(*e.reverses == 17);
  REQUIRE(e.postings.size() == 2);
  CHECK(e.postings[0].account == "OP.1002");
  CHECK(e.postings[0].amount == yuan("300"));
  CHECK(e.postings[1].account == "OP.1122@3-2-1502");
  CHECK(e.postings[1].amount == yuan("-300"));

  const auto minimal = parse_entry_json(entry_json());
  CHECK(minimal.memo.empty());
  CHECK(minimal.idempotency_key.empty());
  CHECK_FALSE(minimal.reverses);
  CHECK_FALSE(parse_entry_json(entry_json(R"("reverses": null)")).reverses);
}

TEST_CASE("malformed entries are refused with the type and the field at fault") {
  const std::string max_memo(ledger::kMaxMemoBytes, 'm');
  const std::vector<Refusal> cases = {
      {"{", "json-syntax", "entry"},
      {"", "json-syntax", "entry"},
      {entry_json() + " {}", "json-syntax", "entry"},
      {R"({"date": "2026-10-05",})", "json-syntax", "entry"},
      {"[]", "entry-shape", "entry"},
      // The top level of JSON trustfund reads is an object or an array (I-JSON 4.1).
      {"\"entry\"", "json-syntax", "entry"},
      {entry_json(R"("colour": "red")"), "entry-shape", "colour"},
      {entry_json(R"("Memo": "x")"), "entry-shape", "Memo"},
      {entry_json(R"("postings": [{"account": "OP.1002", "amount": "1", "note": "x"},)"
                  R"( {"account": "OP.3101", "amount": "-1"}])"),
       "entry-shape", "postings[0].note"},
      {entry_json(postings_with_amounts("1.5", "\"-1.50\"")), "entry-shape", "postings[0].amount"},
      {entry_json(postings_with_amounts("\"1.50\"", "-150")), "entry-shape", "postings[1].amount"},
      {entry_json(postings_with_amounts("\"1.234\"", "\"-1.234\"")), "amount-too-many-decimals",
       "postings[0].amount"},
      {entry_json(postings_with_amounts("\"1.00\"", "\"-1.000\"")), "amount-too-many-decimals",
       "postings[1].amount"},
      {entry_json(postings_with_amounts("\"1e3\"", "\"-1000\"")), "amount-syntax",
       "postings[0].amount"},
      {entry_json(postings_with_amounts("\"1000\"", "\"-1E3\"")), "amount-syntax",
       "postings[1].amount"},
      {entry_json(postings_with_amounts("\"1,000.00\"", "\"-1000\"")), "amount-syntax",
       "postings[0].amount"},
      {entry_json(postings_with_amounts("\" 1\"", "\"-1\"")), "amount-syntax",
       "postings[0].amount"},
      {entry_json(postings_with_amounts("\"1000000000000000.00\"", "\"-1\"")),
       "amount-out-of-range", "postings[0].amount"},
      {entry_json(postings_with_amounts("\"0.00\"", "\"0\"")), "posting-zero",
       "postings[0].amount"},
      {entry_json(postings_with_amounts("\"1\"", "\"-0\"")), "posting-zero", "postings[1].amount"},
      {entry_json(R"("postings": [{"account": "OP.1002"}, {"account": "OP.3101", "amount": "1"}])"),
       "entry-shape", "postings[0].amount"},
      {entry_json(R"("postings": [{"account": 1002, "amount": "1"},)"
                  R"( {"account": "OP.3101", "amount": "-1"}])"),
       "entry-shape", "postings[0].account"},
      {entry_json(R"("postings": ["OP.1002", {"account": "OP.3101", "amount": "-1"}])"),
       "entry-shape", "postings[0]"},
      {R"({"date": "2026-10-05", "kind": "payment"})", "entry-shape", "postings"},
      {entry_json(R"("postings": {"account": "OP.1002", "amount": "1"})"), "entry-shape",
       "postings"},
      {entry_json(R"("postings": [])"), "entry-postings", "postings"},
      {entry_json(R"("postings": [{"account": "OP.1002", "amount": "1"}])"), "entry-postings",
       "postings"},
      {R"({"kind": "payment", "postings": []})", "entry-shape", "date"},
      {R"({"date": 20261005, "kind": "payment", "postings": []})", "entry-shape", "date"},
      {R"({"date": "2026-02-29", "kind": "payment", "postings": []})", "date-syntax", "date"},
      {R"({"date": "2026-13-01", "kind": "payment", "postings": []})", "date-syntax", "date"},
      {R"({"date": "2026-10-5", "kind": "payment", "postings": []})", "date-syntax", "date"},
      {R"({"date": "2026/10/05", "kind": "payment", "postings": []})", "date-syntax", "date"},
      {R"({"date": "2026-10-05T00:00:00Z", "kind": "payment", "postings": []})", "date-syntax",
       "date"},
      {R"({"date": "", "kind": "payment", "postings": []})", "date-syntax", "date"},
      {R"({"date": "2026-10-05", "postings": []})", "entry-shape", "kind"},
      {R"({"date": "2026-10-05", "kind": "gift", "postings": []})", "entry-kind", "kind"},
      {R"({"date": "2026-10-05", "kind": "Payment", "postings": []})", "entry-kind", "kind"},
      {entry_json(R"("memo": "line one\nline two")"), "memo", "memo"},
      {entry_json(R"("memo": "tab\there")"), "memo", "memo"},
      {entry_json(R"("memo": "bell\u0007")"), "memo", "memo"},
      {entry_json(R"("memo": "nul\u0000")"), "memo", "memo"},
      {entry_json(R"("memo": "del)"
                  "\x7f"
                  R"(")"),
       "memo", "memo"},
      {entry_json("\"memo\": \"" + max_memo + "m\""), "memo", "memo"},
      {entry_json(R"("memo": 5)"), "entry-shape", "memo"},
      {entry_json(R"("idempotency_key": "")"), "idempotency-key", "idempotency_key"},
      {entry_json("\"idempotency_key\": \"" + std::string(201, 'k') + "\""), "idempotency-key",
       "idempotency_key"},
      {entry_json(R"("idempotency_key": "a\rb")"), "idempotency-key", "idempotency_key"},
      {entry_json(R"("reverses": -1)"), "entry-shape", "reverses"},
      {entry_json(R"("reverses": "3")"), "entry-shape", "reverses"},
      {entry_json(R"("reverses": 1.5)"), "entry-shape", "reverses"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    const Error e = error_of([&] { parse_entry_json(c.json); });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == c.type);
    CHECK(e.field() == c.field);
  }
  // The longest memo is accepted.
  CHECK(parse_entry_json(entry_json("\"memo\": \"" + max_memo + "\"")).memo == max_memo);
}

TEST_CASE("errors of a line in a batch name the field with the caller's prefix") {
  const Error e = error_of([&] {
    parse_entry_json(entry_json(postings_with_amounts("\"1\"", "\"-1.001\"")), "line 12: ");
  });
  CHECK(e.field() == "line 12: postings[1].amount");
  CHECK(error_of([&] { parse_entry_json("{", "line 3: "); }).field() == "line 3: entry");
  CHECK(error_of([&] { parse_entry_json(entry_json(R"("x": 1)"), "line 4: "); }).field() ==
        "line 4: x");
}

TEST_CASE("entries beyond the size limits are refused before they are read in full") {
  std::string huge =
      entry_json("\"memo\": \"" + std::string(ledger::kMaxEntryJsonBytes, ' ') + "\"");
  CHECK(error_of([&] { parse_entry_json(huge); }).type() == "entry-too-large");

  std::string many = R"({"date": "2026-10-05", "kind": "general", "postings": [)";
  for (std::size_t i = 0; i <= ledger::kMaxPostings; ++i) {
    many += i ? "," : "";
    many += i % 2 ? R"({"account": "OP.3101", "amount": "-1"})"
                  : R"({"account": "OP.1002", "amount": "1"})";
  }
  many += "]}";
  const Error e = error_of([&] { parse_entry_json(many); });
  CHECK(e.type() == "entry-postings");
  CHECK(e.field() == "postings");
}

TEST_CASE("an amount means its value: \"1.5\" and \"1.50\" are the same request") {
  const auto a = parse_entry_json(entry_json(postings_with_amounts("\"1.5\"", "\"-1.5\"")));
  const auto b = parse_entry_json(entry_json(postings_with_amounts("\"1.50\"", "\"-1.50\"")));
  CHECK(a.postings[0].amount == b.postings[0].amount);
  CHECK(ledger::canonical_request(a) == ledger::canonical_request(b));
}

TEST_CASE("the canonical request leaves out the idempotency key and tells everything else apart") {
  auto base = parse_entry_json(entry_json(R"("memo": "m", "idempotency_key": "k1")"));
  auto keyed = base;
  keyed.idempotency_key = "k2";
  CHECK(ledger::canonical_request(base) == ledger::canonical_request(keyed));
  CHECK(crypto::canonicalize_json(ledger::canonical_request(base)) ==
        ledger::canonical_request(base));

  auto other_date = base;
  other_date.date = Date::parse("2026-10-06");
  auto other_kind = base;
  other_kind.kind = "prepayment";
  auto other_memo = base;
  other_memo.memo = "m2";
  auto other_amount = base;
  other_amount.postings[0].amount = yuan("300.01");
  auto swapped = base;
  std::swap(swapped.postings[0], swapped.postings[1]);
  auto reversing = base;
  reversing.reverses = 3;
  for (const auto* changed :
       {&other_date, &other_kind, &other_memo, &other_amount, &swapped, &reversing}) {
    CHECK(ledger::canonical_request(*changed) != ledger::canonical_request(base));
  }
}

// I-JSON (RFC 7493) forbids a member given twice, and parsers disagree on which one wins: the
// entry is refused, naming the member, so {"postings": A, "postings": B} never posts B.
TEST_CASE("an entry with a member given twice is refused") {
  const std::string twice =
      R"({"date": "2026-10-05", "kind": "general",)"
      R"( "postings": [{"account": "OP.1002", "amount": "1"}, {"account": "OP.3101", "amount": "-1"}],)"
      R"( "postings": [{"account": "OP.1002", "amount": "9"}, {"account": "OP.3101", "amount": "-9"}]})";
  const Error e = error_of([&] { parse_entry_json(twice); });
  CHECK(e.kind() == ErrorKind::invalid_input);
  CHECK(e.type() == "entry-shape");
  CHECK(e.field() == "postings");
  CHECK(error_of([&] {
          parse_entry_json(entry_json(R"("memo": "a", "memo": "b")"), "line 4: ");
        }).field() == "line 4: memo");
}

// A boolean is never a number: {"reverses": true} must not reverse entry 1.
TEST_CASE("reverses must be an integer, not a boolean") {
  for (const char* reverses : {R"("reverses": true)", R"("reverses": false)"}) {
    const Error e = error_of([&] { parse_entry_json(entry_json(reverses)); });
    CHECK(e.type() == "entry-shape");
    CHECK(e.field() == "reverses");
  }
}

// Control characters are those of Unicode category Cc, C1 included: U+0085 (NEXT LINE) breaks
// lines in many tools, U+009B starts terminal escape sequences.
TEST_CASE("a memo or idempotency key with a C1 control character is refused") {
  // U+0080, U+0085, U+009B and U+009F, raw and escaped.
  for (const std::string c1 : {"\xc2\x80", "\xc2\x85", "\xc2\x9b", "\xc2\x9f", "\\u0085"}) {
    INFO(c1);
    const Error memo =
        error_of([&] { parse_entry_json(entry_json("\"memo\": \"one" + c1 + "two\"")); });
    CHECK(memo.type() == "memo");
    CHECK(memo.field() == "memo");
    const Error key =
        error_of([&] { parse_entry_json(entry_json("\"idempotency_key\": \"k" + c1 + "\"")); });
    CHECK(key.type() == "idempotency-key");
    CHECK(key.field() == "idempotency_key");
  }
  // U+00A0 (NO-BREAK SPACE), just past C1, is text.
  CHECK(parse_entry_json(entry_json("\"memo\": \"one\xc2\xa0two\"")).memo == "one\xc2\xa0two");
}
