// Every layout that leaves the system keeps its bytes: each is rendered from a fixed input (a JSON
// file in tests/golden/, or a small fixed set of books) and compared byte for byte with the
// reviewed golden file beside it. The goldens were written by the code before reports/ existed;
// a change to a golden file is a change to published bytes and must say why in its commit.
//
// TRUSTFUND_WRITE_GOLDEN=1 writes the golden files instead of comparing (for a new layout only).
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

#include "support/actors.h"
#include "support/temp_estate.h"
#include "trustfund/core/json.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/escrow/bank_file.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/receipt_page.h"
#include "trustfund/ledger/books.h"
#include "trustfund/statements/statement.h"
#include "trustfund/statements/statement_html.h"
#include "unit/escrow/escrow_fixture.h"
#include "unit/statements/billed_month.h"

using namespace trustfund;

namespace {

const std::filesystem::path kSourceDir = TRUSTFUND_SOURCE_DIR;
const std::filesystem::path kGoldenDir = kSourceDir / "tests" / "golden";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path.string());
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Line `n` (from 1) of `text`, without its end.
std::string line_at(std::string_view text, std::size_t n) {
  std::size_t begin = 0;
  for (std::size_t i = 1; i < n && begin <= text.size(); ++i) {
    const std::size_t nl = text.find('\n', begin);
    begin = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
  }
  if (begin > text.size())
    return "(past the end)";
  return std::string(text.substr(begin, text.find('\n', begin) - begin));
}

// Compares `actual` with tests/golden/`name`; on a mismatch names the first line that differs.
void check_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = kGoldenDir / name;
  const char* write = std::getenv("TRUSTFUND_WRITE_GOLDEN");
  if (write != nullptr && std::string_view(write) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    REQUIRE(out.good());
    return;
  }
  const std::string expected = read_file(path);
  if (actual == expected) {
    SUCCEED(name);
    return;
  }
  std::size_t at = 0;
  while (at < actual.size() && at < expected.size() && actual[at] == expected[at])
    ++at;
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(expected.begin(), expected.begin() + at, '\n'));
  INFO(name << ": first difference at byte " << at << ", line " << line);
  INFO("golden:   " << line_at(expected, line));
  INFO("rendered: " << line_at(actual, line));
  INFO("sizes: golden " << expected.size() << ", rendered " << actual.size());
  FAIL("rendered bytes differ from tests/golden/" << name);
}

json::Value input(const std::string& name) {
  return json::parse(read_file(kGoldenDir / name));
}

const std::string& text(const json::Value& o, std::string_view name) {
  const json::Value* v = o.find(name);
  REQUIRE(v != nullptr);
  return v->string();
}

std::int64_t integer(const json::Value& o, std::string_view name) {
  const json::Value* v = o.find(name);
  REQUIRE(v != nullptr);
  return v->integer();
}

fees::Receipt receipt_of(const json::Value& o) {
  fees::Receipt r;
  r.no = integer(o, "no");
  r.payment_id = r.no;
  r.estate_id = text(o, "estate_id");
  r.unit_code = text(o, "unit_code");
  r.amount = money::Amount::parse(text(o, "amount"));
  r.channel = fees::parse_payment_channel(text(o, "channel"));
  r.reference = text(o, "reference");
  r.received_on = Date::parse(text(o, "received_on"));
  r.memo = text(o, "memo");
  std::int64_t bill_id = 0;
  for (const json::Value& s : o.find("settled")->array())
    r.settled.push_back({++bill_id, Period::parse(text(s, "period")),
                         money::Amount::parse(text(s, "amount")), std::nullopt});
  r.prepayment = money::Amount::parse(text(o, "prepayment"));
  r.entry_seq = integer(o, "entry_seq");
  r.issued_at = text(o, "issued_at");
  r.sha256_hex = text(o, "sha256_hex");
  return r;
}

escrow::PaymentInstruction instruction_of(const json::Value& o) {
  escrow::PaymentInstruction p;
  p.message_id = text(o, "message_id");
  p.created_at = text(o, "created_at");
  p.execution_date = Date::parse(text(o, "execution_date"));
  p.initiator = text(o, "initiator");
  const json::Value& d = *o.find("debtor");
  p.debtor = {ledger::Fund::operating, text(d, "holder_name"), text(d, "account_no"),
              text(d, "bank_name"), text(d, "bank_code")};
  p.end_to_end_id = text(o, "end_to_end_id");
  p.amount = money::Amount::parse(text(o, "amount"));
  const json::Value& c = *o.find("creditor");
  p.creditor = {text(c, "name"), text(c, "account_no"), text(c, "bank_name"), text(c, "bank_code")};
  p.remittance = text(o, "remittance");
  return p;
}

ledger::EntryInput entry(const char* date, const char* kind, std::string memo,
                         std::vector<ledger::PostingInput> postings) {
  ledger::EntryInput e;
  e.date = Date::parse(date);
  e.kind = kind;
  e.memo = std::move(memo);
  e.postings = std::move(postings);
  return e;
}

money::Amount yuan(const char* text) {
  return money::Amount::parse(text);
}

// The journal's Merkle root depends on when its entries were recorded; the golden file holds
// this marker in its place, and the test checks the real root is the one written.
constexpr std::string_view kRootMarker = "ROOT-OF-THE-BOOKS-UNDER-TEST";

}  // namespace

TEST_CASE("the statement page keeps its bytes", "[reports][golden]") {
  const std::pair<std::filesystem::path, const char*> cases[] = {
      {kSourceDir / "tests/data/statement_sample.json", "statement-month.html"},
      {kGoldenDir / "statement-odd.json", "statement-odd.html"},
      {kGoldenDir / "statement-half.json", "statement-half.html"}};
  for (const auto& [in, golden] : cases) {
    INFO(in.string());
    check_golden(golden, statements::statement_html(read_file(in)));
  }
  check_golden("statement-empty.html", statements::statement_html("{}"));
}

TEST_CASE("the statements 0.1.0 published render to the statement.html they published",
          "[reports][golden]") {
  const std::filesystem::path published = kSourceDir / "tests" / "fixtures" / "published-2026";
  for (const char* period : {"2026-06", "2026-07", "2026-08", "2026-09", "2026-Q3"}) {
    INFO(period);
    CHECK(statements::statement_html(read_file(published / period / "statement.json")) ==
          read_file(published / period / "statement.html"));
  }
}

TEST_CASE("the printable receipt keeps its bytes", "[reports][golden]") {
  check_golden("receipt.html", fees::receipt_html(receipt_of(input("receipt.json"))));
  check_golden("receipt-bare.html", fees::receipt_html(receipt_of(input("receipt-bare.json"))));
}

TEST_CASE("the bank files keep their bytes", "[reports][golden]") {
  for (const char* name : {"payment", "payment-plain"}) {
    const escrow::PaymentInstruction p = instruction_of(input(std::string(name) + ".json"));
    check_golden(std::string(name) + ".pain001.xml", escrow::pain001_xml(p));
    check_golden(std::string(name) + ".csv", escrow::payment_csv(p));
  }
}

TEST_CASE("the ledger journal keeps its layout", "[reports][golden]") {
  testing::TempEstate t("golden-ledger", 2);
  ledger::Books books = t.open();
  const ledger::RecordedEntry opening =
      books.post(entry("2026-01-05", "opening", "Opening  balance\twith\nlines ",
                       {{"OP.1002", yuan("1000.00")}, {"OP.3101", yuan("-1000.00")}}),
                 "user:t");
  books.post(entry("2026-01-06", "payment", "",
                   {{"OP.1002", yuan("210.02")},
                    {testing::TempEstate::sub("OP.1122", 1), yuan("-210.02")}}),
             "user:t");
  books.post(entry("2026-02-01", "general", "阳光花园 ; not a comment",
                   {{"OP.1002", yuan("-0.01")}, {"OP.3101", yuan("0.01")}}),
             "user:t");
  ledger::EntryInput reversal =
      entry("2026-02-02", "reversal", "reverses 1",
            {{"OP.1002", yuan("-1000.00")}, {"OP.3101", yuan("1000.00")}});
  reversal.reverses = opening.seq;
  books.post(reversal, "user:t");

  std::ostringstream out;
  books.export_ledger(out);
  std::string journal = out.str();
  const std::string root = crypto::to_hex(books.root(books.entry_count()));
  const std::size_t at = journal.find("Merkle root: " + root + "\n");
  REQUIRE(at != std::string::npos);
  journal.replace(at + std::string_view("Merkle root: ").size(), root.size(), kRootMarker);
  check_golden("ledger.journal", journal);
}

TEST_CASE("a month's entries.csv keeps its bytes", "[reports][golden]") {
  testing::EscrowEstate t("golden-entries");
  testing::bill_with_schedule(t.books, Period::parse("2026-01"));
  const fees::PaymentImportResult paid = fees::record_payments(
      t.books,
      {{testing::TempEstate::unit(1), yuan("188.03"), fees::PaymentChannel::wechat_pay, "wx-1",
        Date::parse("2026-01-10"), "January, \"fees\""},
       {testing::TempEstate::unit(2), yuan("500.00"), fees::PaymentChannel::cash, "cash-2",
        Date::parse("2026-01-11"), ""}},
      "user:treasurer"_actor);
  REQUIRE(paid.ok());
  t.books.post(entry("2026-01-20", "general", "Bank \"charges\", January",
                     {{"OP.1002", yuan("-1.50")}, {"OP.3101", yuan("1.50")}}),
               "user:treasurer");
  statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
  check_golden("entries.csv",
               statements::statement_file(t.books, "2026-01", "entries.csv").content);
}
