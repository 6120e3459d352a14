// Closing a month: in order, billed, locked; the statement is published only with both
// custodians' signatures over its manifest, and each owner can check their own unit.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>

#include "support/actors.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/statements/statement.h"
#include "trustfund/statements/verify.h"
#include "unit/escrow/escrow_fixture.h"
#include "unit/statements/billed_month.h"
#include "unit/statements/proof_check.h"

using namespace trustfund;
using testing::error_of;
using testing::EscrowEstate;

namespace {

void bill(ledger::Books& books, const char* month) {
  testing::bill_with_schedule(books, Period::parse(month));
}

}  // namespace

TEST_CASE("a month closes only after its billing run and after the month before it") {
  EscrowEstate t("close-order");
  bill(t.books, "2026-01");
  const Error order = error_of(
      [&] { statements::close_month(t.books, Period::parse("2026-02"), "user:treasurer"_actor); });
  CHECK(order.type() == "close-in-order");
  statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
  const Error not_billed = error_of(
      [&] { statements::close_month(t.books, Period::parse("2026-02"), "user:treasurer"_actor); });
  CHECK(not_billed.type() == "close-not-billed");
  CHECK_FALSE(t.books.is_closed(Period::parse("2026-02")));
}

TEST_CASE("a closed month's statement is published only with both custodians' signatures") {
  EscrowEstate t("close-publish");
  bill(t.books, "2026-01");
  statements::Statement s =
      statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
  CHECK(s.state == statements::StatementState::awaiting_signatures);
  CHECK(t.books.is_closed(Period::parse("2026-01")));
  // Nothing dated in the month can be posted afterwards.
  ledger::EntryInput e;
  e.date = Date::parse("2026-01-20");
  e.kind = "general";
  e.memo = "late";
  e.postings = {{"OP.1002", money::Amount::parse("1.00")},
                {"OP.3101", money::Amount::parse("-1.00")}};
  CHECK(error_of([&] { t.books.post(e, "user:t"); }).type() == "period-closed");
  // One custodian: not published.
  const std::string first = t.committee.sign(s.manifest);
  s = statements::add_signature(t.books, "2026-01", first, "user:custodian-a"_actor);
  CHECK(s.state == statements::StatementState::awaiting_signatures);
  CHECK(error_of([&] {
          statements::export_statement(t.books, "2026-01",
                                       testing::fresh_temp_dir("close-unpublished"));
        }).type() == "statement-unpublished");
  // A signature over other bytes is refused.
  CHECK(error_of([&] {
          statements::add_signature(t.books, "2026-01", t.manager.sign("other bytes"),
                                    "user:b"_actor);
        }).type() == "signature-invalid");
  s = statements::add_signature(t.books, "2026-01", t.manager.cosign(first, s.manifest),
                                "user:custodian-b"_actor);
  CHECK(s.state == statements::StatementState::published);
  CHECK(error_of([&] {
          statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
        }).type() == "statement-exists");

  // Exported, it verifies with no database; an owner's proof verifies against the manifest.
  const auto dir = testing::fresh_temp_dir("close-export");
  statements::export_statement(t.books, "2026-01", dir);
  const std::string proof =
      statements::resident_proof(t.books, "2026-01", testing::TempEstate::unit(2));
  for (const statements::VerifyCheck& c : testing::verify_with_proof(dir, proof)) {
    INFO(c.what << ": " << c.detail);
    CHECK(c.ok);
  }
  // The leaf count is the number of units, and the proof names the owner's unit only.
  CHECK(proof.find("\"leaf_count\":4") != std::string::npos);
  CHECK(proof.find(testing::TempEstate::unit(2)) != std::string::npos);
  CHECK(proof.find(testing::TempEstate::unit(3)) == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the second statement chains to the first and its journal extends the first's") {
  EscrowEstate t("close-chain");
  bill(t.books, "2026-01");
  const statements::Statement jan =
      statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
  bill(t.books, "2026-02");
  const statements::Statement feb =
      statements::close_month(t.books, Period::parse("2026-02"), "user:treasurer"_actor);
  CHECK(feb.manifest.find("\"previous_manifest_sha256\":\"" + jan.manifest_sha256_hex + "\"") !=
        std::string::npos);
  CHECK(feb.manifest.find("\"previous_tree_size\":" + std::to_string(jan.tree_size)) !=
        std::string::npos);
  const statements::StatementFile json =
      statements::statement_file(t.books, "2026-02", "statement.json");
  CHECK(json.content.find("\"units_published\":4") != std::string::npos);
  CHECK(json.content.find("owner") == std::string::npos);  // no owner reference is published
}

TEST_CASE("a note may run over lines but holds no other control character") {
  EscrowEstate t("close-notes");
  bill(t.books, "2026-01");
  statements::close_month(t.books, Period::parse("2026-01"), "user:treasurer"_actor);
  const auto note = [&](const std::string& text) {
    return statements::add_note(t.books, "2026-01", "objection", text, "", std::nullopt,
                                "user:committee"_actor);
  };
  for (const char* bad : {"", "one\ttwo", "one\r\ntwo", "one\xC2\x85two", "one\xC2\x9Btwo"}) {
    INFO(bad);
    const Error e = error_of([&] { note(bad); });
    CHECK(e.type() == "note-text");
    CHECK(e.field() == "text");
  }
  CHECK(statements::statement(t.books, "2026-01").notes.empty());
  const std::string lines = "The lift bill is twice last year's.\nPlease show the invoice.";
  CHECK(note(lines).notes.back().text == lines);
}

TEST_CASE("a budget line is one line of text") {
  EscrowEstate t("close-budget");
  for (const char* bad : {"", "cleaning\nstaff", "cleaning\xC2\x85staff"}) {
    INFO(bad);
    const Error e = error_of([&] {
      statements::set_budget(t.books, 2026, bad, money::Amount::parse("1200.00"),
                             "user:treasurer"_actor);
    });
    CHECK(e.type() == "budget-line");
    CHECK(e.field() == "budget_line");
  }
  CHECK_NOTHROW(statements::set_budget(t.books, 2026, "保洁 cleaning",
                                       money::Amount::parse("1200.00"), "user:treasurer"_actor));
}
