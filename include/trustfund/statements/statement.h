// Monthly statements: closing a month, the files it publishes, the custodians' signatures over
// its manifest, resident proofs (docs/statements.md has the formats).
//
// close_month checks that the month can close, closes the period in the books and builds the
// statement: statement.json (the figures, no personal data), statement.html, entries.csv,
// custodians.json, custodians.pem and manifest.json, and the salted resident tree (one leaf per
// unit). The statement then waits for the two custodians' CMS signatures over manifest.json;
// with both verified it is published. Files never change once built.
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/escrow/custodians.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/books.h"

namespace trustfund::statements {

enum class StatementState { awaiting_signatures, published };
const char* to_string(StatementState state) noexcept;

struct StatementFile {
  std::string name;
  std::string media_type;
  std::string sha256_hex;
  std::string content;  // filled by statement_file() only
};

struct StatementNote {
  std::int64_t id = 0;
  std::string kind;  // attestation, objection (the supervisor's), resident_objection, answer
  std::optional<std::int64_t> answers;
  std::string text, unit_code, by, at;
};

struct Statement {
  std::string period_key;  // "2026-10"
  std::string kind = "month";
  StatementState state = StatementState::awaiting_signatures;
  std::string manifest;  // canonical JSON
  std::string manifest_sha256_hex;
  std::int64_t custodian_set_version = 0;
  std::int64_t tree_size = 0;
  std::string closed_at, closed_by, published_at;
  std::optional<escrow::SignatureReview> signature;  // the latest accepted
  std::vector<StatementFile> files;                  // without content
  std::vector<StatementNote> notes;
};

// Checks the month can close (months close in order; its billing run is done; executed orders
// have their entries and bank files; the repair fund reconciles), closes the period and builds
// the statement. Error::rule naming what blocks the close; Error::conflict("statement-exists") if
// it was closed with a statement already.
Statement close_month(ledger::Books& books, Period month, const std::string& actor,
                      const std::optional<ledger::ActionRecord>& action = std::nullopt);

// Records a CMS signature (DER) over the statement's manifest by custodians of the set the
// manifest names; with both the committee's and the manager's the statement is published.
Statement add_signature(ledger::Books& books, const std::string& period_key,
                        std::string_view cms_der, const std::string& actor,
                        const std::optional<ledger::ActionRecord>& action = std::nullopt);

// A note on a statement: the supervisor's attestation or objection, a resident's objection (of
// `unit_code`), or the treasurer's answer to note `answers`.
Statement add_note(ledger::Books& books, const std::string& period_key, const std::string& kind,
                   const std::string& text, const std::string& unit_code,
                   std::optional<std::int64_t> answers, const std::string& actor,
                   const std::optional<ledger::ActionRecord>& action = std::nullopt);

Statement statement(ledger::Books& books, const std::string& period_key);
std::vector<Statement> list_statements(ledger::Books& books);
// One file with its content: the built files, manifest.json, and manifest.p7s once published.
// Error::not_found("statement-file-unknown", "name").
StatementFile statement_file(ledger::Books& books, const std::string& period_key,
                             const std::string& name);
// Writes every file of a published statement into `dir` (created; existing files are refused).
void export_statement(ledger::Books& books, const std::string& period_key,
                      const std::filesystem::path& dir);
// The resident proof of `unit_code` (docs/statements.md): leaf with its salt, index, inclusion
// proof and root, as JSON of format trustfund-resident-proof/1. For the unit's owner only.
std::string resident_proof(ledger::Books& books, const std::string& period_key,
                           const std::string& unit_code);

// Sets the budget of a budget line for a year (shown against actual spending).
void set_budget(ledger::Books& books, int year, const std::string& budget_line,
                money::Amount amount, const std::string& actor,
                const std::optional<ledger::ActionRecord>& action = std::nullopt);

}  // namespace trustfund::statements
