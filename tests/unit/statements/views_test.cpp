// Views: the quarterly, half-yearly and yearly statements derived from published months. Their
// sums are the months' sums, they wait for every month to be published, their manifest names
// each month's manifest, they are published only with both custodians' signatures, an owner's
// yearly proof verifies, and verify names a tampered view file or month manifest.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/actors.h"
#include "support/json_value.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/public_revenue.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/statements/statement.h"
#include "trustfund/statements/verify.h"
#include "unit/escrow/escrow_fixture.h"
#include "unit/statements/billed_month.h"
#include "unit/statements/proof_check.h"

using namespace trustfund;
using json::Value;
using money::Amount;
using testing::error_of;
using testing::EscrowEstate;
using testing::integer_of;
using testing::member;
using testing::parse_json;
using testing::text_of;

namespace {

// A month of books: its bills, a payment of unit 2 and a parking receipt, then closed.
statements::Statement close(EscrowEstate& t, Period m) {
  testing::bill_with_schedule(t.books, m);
  fees::PaymentInput pay;
  pay.unit_code = testing::TempEstate::unit(2);
  pay.amount = Amount::parse("300.00");
  pay.reference = "bank-" + m.to_string();
  pay.received_on = m.first_day().plus_days(9);
  fees::record_payment(t.books, pay, "user:treasurer"_actor);
  fees::RevenueReceipt parking;
  parking.amount = Amount::from_fen(150'000 + 1'000 * m.month());
  parking.received_on = m.first_day().plus_days(14);
  parking.memo = "parking " + m.to_string();
  fees::record_public_revenue(t.books, parking, "user:treasurer"_actor);
  return statements::close_month(t.books, m, "user:treasurer"_actor);
}

statements::Statement publish(EscrowEstate& t, const statements::Statement& s) {
  const std::string first = t.committee.sign(s.manifest);
  statements::add_signature(t.books, s.period_key, first, "user:custodian-a"_actor);
  return statements::add_signature(t.books, s.period_key, t.manager.cosign(first, s.manifest),
                                   "user:custodian-b"_actor);
}

// Closes and publishes the months from 2026-01 to `to`.
void publish_months(EscrowEstate& t, const char* to) {
  for (Period m = Period::parse("2026-01"); m <= Period::parse(to); m = m.next())
    publish(t, close(t, m));
}

Value json_of(EscrowEstate& t, const std::string& key) {
  return parse_json(statements::statement_file(t.books, key, "statement.json").content);
}

using Path = std::vector<std::string>;

Amount at(const Value& o, const Path& path) {
  const Value* cur = &o;
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    cur = &member(*cur, path[i]);
  return Amount::parse(text_of(*cur, path.back()));
}

const Value& fund(const Value& s, const std::string& code) {
  for (const Value& f : member(s, "funds").array()) {
    if (text_of(f, "fund") == code)
      return f;
  }
  FAIL("no fund " << code);
  return s;
}

std::vector<statements::VerifyCheck> failures(const statements::VerifyOptions& options) {
  std::vector<statements::VerifyCheck> out;
  for (const statements::VerifyCheck& c : statements::verify_statement(options)) {
    if (!c.ok)
      out.push_back(c);
  }
  return out;
}

bool failed(const std::vector<statements::VerifyCheck>& failures, const std::string& what) {
  for (const statements::VerifyCheck& c : failures) {
    if (c.what == what)
      return true;
  }
  return false;
}

void flip_byte(const std::filesystem::path& file, std::size_t at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x01));
}

}  // namespace

TEST_CASE("a statement key is a month, a quarter, a half or a year") {
  CHECK(statements::statement_period("2026-10").kind == "month");
  const statements::StatementPeriod q = statements::statement_period("2026-Q3");
  CHECK(q.kind == "quarter");
  REQUIRE(q.months.size() == 3);
  CHECK(q.months.front().to_string() == "2026-07");
  CHECK(statements::statement_period("2026-H2").months.front().to_string() == "2026-07");
  CHECK(statements::statement_period("2026").months.size() == 12);
  for (const char* bad : {"2026-Q5", "2026-Q0", "2026-H3", "26", "2026-q1", "2026-13", ""})
    CHECK(error_of([&] { statements::statement_period(bad); }).type() == "period-syntax");
  CHECK(statements::views_ending(Period::parse("2026-12")).size() == 3);
  CHECK(statements::views_ending(Period::parse("2026-05")).empty());
}

TEST_CASE(
    "a quarter's view sums its months' flows, opens with the first and closes with the last") {
  EscrowEstate t("view-sums");
  publish_months(t, "2026-03");
  statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor);
  const Value view = json_of(t, "2026-Q1");
  std::vector<Value> months;
  for (const char* m : {"2026-01", "2026-02", "2026-03"})
    months.push_back(json_of(t, m));

  CHECK(text_of(view, "kind") == "quarter");
  CHECK(text_of(view, "period") == "2026-Q1");
  CHECK(text_of(view, "focus") == "public_revenue");
  const auto sum = [&](const Path& path) {
    Amount total;
    for (const Value& m : months)
      total += at(m, path);
    return total;
  };
  for (const Path& path : std::vector<Path>{{"receipts", "fees", "total"},
                                            {"receipts", "public_revenue", "parking"},
                                            {"public_revenue", "gross"},
                                            {"public_revenue", "net"},
                                            {"repair_fund", "interest"}}) {
    INFO(path.front() << "." << path.back());
    CHECK(at(view, path) == sum(path));
  }
  CHECK(at(view, {"public_revenue", "gross"}).is_positive());
  Amount billed;
  for (const Value& m : months)
    billed += at(m, {"collection", "month", "billed"});
  CHECK(at(view, {"collection", "period", "billed"}) == billed);
  for (const char* code : {"OP", "PR", "RF"}) {
    INFO("fund " << code);
    const Value& f = fund(view, code);
    CHECK(at(f, {"bank_opening"}) == at(fund(months.front(), code), {"bank_opening"}));
    CHECK(at(f, {"bank_closing"}) == at(fund(months.back(), code), {"bank_closing"}));
    Amount receipts;
    for (const Value& m : months)
      receipts += at(fund(m, code), {"receipts"});
    CHECK(at(f, {"receipts"}) == receipts);
  }
  // No personal data: units by count only.
  const std::string text = statements::statement_file(t.books, "2026-Q1", "statement.json").content;
  CHECK(text.find("owner") == std::string::npos);
  CHECK(text.find(testing::TempEstate::unit(2)) == std::string::npos);
  CHECK(integer_of(view, "units_published") == 4);
}

TEST_CASE("a view is refused while one of its months is not published, naming the month") {
  EscrowEstate t("view-unpublished");
  publish(t, close(t, Period::parse("2026-01")));
  close(t, Period::parse("2026-02"));  // awaits its signatures
  publish(t, close(t, Period::parse("2026-03")));
  const Error e =
      error_of([&] { statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor); });
  CHECK(e.type() == "view-month-unpublished");
  CHECK(std::string(e.what()).find("2026-02") != std::string::npos);
  // A month not closed at all is named too; nothing is written by a refused build.
  const Error h =
      error_of([&] { statements::build_view(t.books, "2026-H1", "user:treasurer"_actor); });
  CHECK(h.type() == "view-month-unpublished");
  CHECK(std::string(h.what()).find("2026-02") != std::string::npos);
  CHECK(error_of([&] { statements::statement(t.books, "2026-Q1"); }).type() == "statement-unknown");
  // A month's key is not a view.
  CHECK(error_of([&] {
          statements::build_view(t.books, "2026-01", "user:treasurer"_actor);
        }).type() == "period-syntax");
}

TEST_CASE("a view's manifest names each month's manifest in month order") {
  EscrowEstate t("view-manifest");
  publish_months(t, "2026-03");
  const statements::Statement v =
      statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor);
  const Value m = parse_json(v.manifest);
  CHECK(text_of(m, "format") == statements::kViewManifestFormat);
  CHECK(text_of(m, "kind") == "quarter");
  const Value::Array& months = member(m, "months").array();
  REQUIRE(months.size() == 3);
  const char* keys[] = {"2026-01", "2026-02", "2026-03"};
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(text_of(months[i], "period") == keys[i]);
    CHECK(text_of(months[i], "manifest_sha256") ==
          statements::statement(t.books, keys[i]).manifest_sha256_hex);
  }
  // The view's journal: from the first month's previous tree to the last month's tree.
  CHECK(v.tree_size == statements::statement(t.books, "2026-03").tree_size);
  CHECK(integer_of(member(m, "journal"), "previous_tree_size") == 0);
  // The page names the months it derives from, and how to check it with them.
  const std::string html = statements::statement_file(t.books, "2026-Q1", "statement.html").content;
  CHECK(html.find(statements::statement(t.books, "2026-02").manifest_sha256_hex) !=
        std::string::npos);
  CHECK(html.find("--month MONTH_DIR") != std::string::npos);
  CHECK(html.find("entries.csv") == std::string::npos);
  CHECK(html.find("href=\"#public-revenue\">公共收益</a>") != std::string::npos);
  // The files: no entries.csv (the months have them).
  std::vector<std::string> names;
  for (const statements::StatementFile& f : v.files)
    names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"custodians.json", "custodians.pem", "statement.html",
                                          "statement.json"});
}

TEST_CASE("a view is published only with both custodians' signatures, and built once") {
  EscrowEstate t("view-publish");
  publish_months(t, "2026-03");
  statements::Statement v = statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor);
  CHECK(v.state == statements::StatementState::awaiting_signatures);
  CHECK(error_of([&] {
          statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor);
        }).type() == "statement-exists");
  const std::string first = t.committee.sign(v.manifest);
  v = statements::add_signature(t.books, "2026-Q1", first, "user:custodian-a"_actor);
  CHECK(v.state == statements::StatementState::awaiting_signatures);
  CHECK(error_of([&] {
          statements::export_statement(t.books, "2026-Q1", testing::fresh_temp_dir("view-early"));
        }).type() == "statement-unpublished");
  v = statements::add_signature(t.books, "2026-Q1", t.manager.cosign(first, v.manifest),
                                "user:custodian-b"_actor);
  CHECK(v.state == statements::StatementState::published);
  // Notes work on a view like on a month.
  v = statements::add_note(t.books, "2026-Q1", "attestation", "Checked", "", std::nullopt,
                           "user:supervisor"_actor);
  CHECK(v.notes.size() == 1);
  v = statements::add_note(t.books, "2026-Q1", "resident_objection", "Lift costs?",
                           testing::TempEstate::unit(1), std::nullopt, "user:owner"_actor);
  v = statements::add_note(t.books, "2026-Q1", "answer", "See the contract", "", v.notes[0].id,
                           "user:treasurer"_actor);
  // Each step of the view is in the action log under the name the API has always used.
  std::vector<std::string> logged;
  for (const auto& a : ledger::list_actions(t.books.database(), -1, 1000)) {
    if (a.record.target == "statement:2026-Q1")
      logged.push_back(a.record.actor + " " + a.record.action);
  }
  CHECK(logged == std::vector<std::string>{
                      "user:treasurer build_view",
                      "user:custodian-a sign_statement",
                      "user:custodian-b sign_statement",
                      "user:supervisor attest_statement",
                      "user:owner object_to_statement",
                      "user:treasurer answer_statement_note",
                  });
}

TEST_CASE("an owner's proof of the yearly view verifies against its manifest") {
  EscrowEstate t("view-year");
  publish_months(t, "2026-12");
  const statements::Statement year =
      publish(t, statements::build_view(t.books, "2026", "user:treasurer"_actor));
  REQUIRE(year.state == statements::StatementState::published);
  const auto dir = testing::fresh_temp_dir("view-year-export");
  statements::export_statement(t.books, "2026", dir);
  const std::string unit = testing::TempEstate::unit(2);
  const std::string proof = statements::resident_proof(t.books, "2026", unit);
  for (const statements::VerifyCheck& c : testing::verify_with_proof(dir, proof)) {
    if (!c.ok)
      FAIL_CHECK(c.what << ": " << c.detail);
  }

  // The leaf: the year's billed and paid (the months' sums), the balance at its end split into
  // arrears and prepayment, and the repair fund sub-account.
  const Value leaf = parse_json(text_of(parse_json(proof), "leaf"));
  CHECK(text_of(leaf, "format") == statements::kResidentViewLeafFormat);
  CHECK(text_of(leaf, "period") == "2026");
  CHECK(text_of(leaf, "paid") == "3600.00");
  Amount billed;
  for (Period m = Period::parse("2026-01"); m <= Period::parse("2026-12"); m = m.next()) {
    const Value month_leaf = parse_json(
        text_of(parse_json(statements::resident_proof(t.books, m.to_string(), unit)), "leaf"));
    billed += Amount::parse(text_of(month_leaf, "billed"));
  }
  CHECK(Amount::parse(text_of(leaf, "billed")) == billed);
  CHECK(Amount::parse(text_of(leaf, "arrears")) - Amount::parse(text_of(leaf, "prepaid")) ==
        Amount::parse(text_of(leaf, "balance")));
  CHECK(proof.find("\"leaf_count\":4") != std::string::npos);
  // The yearly view's focus is the units; every view of the year is there to build.
  CHECK(text_of(json_of(t, "2026"), "focus") == "units");
  std::filesystem::remove_all(dir);
}

TEST_CASE("verify checks a view against its months and names a tampered file or month manifest") {
  EscrowEstate t("view-verify");
  publish_months(t, "2026-03");
  publish(t, statements::build_view(t.books, "2026-Q1", "user:treasurer"_actor));
  const auto root = testing::fresh_temp_dir("view-verify-export");
  statements::export_statement(t.books, "2026-Q1", root / "2026-Q1");
  statements::VerifyOptions options;
  options.dir = root / "2026-Q1";
  for (const char* m : {"2026-01", "2026-02", "2026-03"}) {
    statements::export_statement(t.books, m, root / m);
    options.month_dirs.push_back(root / m);
  }
  const auto all = statements::verify_statement(options);
  for (const statements::VerifyCheck& c : failures(options))
    FAIL_CHECK(c.what << ": " << c.detail);
  const auto named = std::find_if(all.begin(), all.end(), [](const auto& c) {
    return c.what == "manifest of month 2026-02 is the one the view names";
  });
  CHECK(named != all.end());

  SECTION("a month left out is named") {
    options.month_dirs.pop_back();
    const auto f = failures(options);
    CHECK(failed(f, "manifest of month 2026-03 is the one the view names"));
  }
  SECTION("a changed view file is named") {
    flip_byte(root / "2026-Q1" / "statement.html", 200);
    const auto f = failures(options);
    CHECK(failed(f, "SHA-256 of statement.html matches the manifest"));
    CHECK(f.size() == 1);
  }
  SECTION("a changed month manifest is named") {
    const auto path = root / "2026-02" / "manifest.json";
    std::string text;
    {
      std::ifstream in(path);
      std::getline(in, text, '\0');
    }
    const std::size_t at = text.find("\"tree_size\":");
    REQUIRE(at != std::string::npos);
    text.insert(at + 12, "1");
    {
      std::ofstream out(path, std::ios::trunc);
      out << text;
    }
    const auto f = failures(options);
    CHECK(failed(f, "manifest of month 2026-02 is the one the view names"));
    CHECK(failed(f, "month 2026-02: manifest.p7s signatures verify over manifest.json"));
    CHECK_FALSE(failed(f, "manifest of month 2026-01 is the one the view names"));
  }
  std::filesystem::remove_all(root);
}
