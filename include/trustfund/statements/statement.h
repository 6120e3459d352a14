// Statements: closing a month, the files it publishes, the custodians' signatures over its
// manifest, resident proofs, and the quarterly, half-yearly and yearly views derived from the
// published months (docs/statements.md has the formats).
//
// close_month checks that the month can close, closes the period in the books and builds the
// statement: statement.json (the figures, no personal data), statement.html, entries.csv,
// custodians.json, custodians.pem and manifest.json, and the salted resident tree (one leaf per
// unit). The statement then waits for the two custodians' CMS signatures over manifest.json;
// with both verified it is published. Files never change once built.
//
// build_view derives a view (a quarter "2026-Q3", a half "2026-H2" or a year "2026") from the
// published statements of its months, and publishes it the same way: every function below that
// takes a period_key takes a view's key too.
//
// Writes are audited writes (ledger/audited_write.h), logged with target "statement:<key>" as
// close_month, build_view, sign_statement, and for notes attest_statement (the supervisor's
// attestation or objection), object_to_statement (a resident's) or answer_statement_note; a
// budget as set_budget (target budget:<year>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/escrow/custodians.h"
#include "trustfund/ledger/actor.h"
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

// What a statement key covers: "2026-10" a month, "2026-Q3" a quarter, "2026-H2" a half,
// "2026" a year.
struct StatementPeriod {
  std::string key;             // canonical
  std::string kind;            // month, quarter, half, year
  std::vector<Period> months;  // the months covered, in order
};

// Parses a statement key. Error::invalid("period-syntax", field) if it is none of the four forms.
StatementPeriod statement_period(std::string_view text, std::string_view field = "period");

// The views that `month` completes (it is their last month), shortest first: "2026-Q2" and
// "2026-H1" for 2026-06; "2026-Q4", "2026-H2" and "2026" for 2026-12.
std::vector<StatementPeriod> views_ending(Period month);

struct Statement {
  std::string period_key;  // "2026-10", "2026-Q3", "2026-H2", "2026"
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
Statement close_month(ledger::Books& books, Period month, const ledger::Actor& actor);

// Builds the view `period_key` (a quarter, half or year; docs/statements.md, "Views") from the
// published statements of its months: statement.json with the months' figures summed (openings
// of the first month, closings of the last, lists joined), statement.html, custodians.json and
// custodians.pem of the current set, the salted resident tree (per unit: the period's billed and
// paid, and at its end the balance, arrears, prepayment and repair fund sub-account), and
// manifest.json naming the SHA-256 of each month's manifest. It then waits for the custodians'
// signatures like a month. Error::invalid("period-syntax") for a month's key or no key;
// Error::rule("view-month-unpublished") naming the first month not published;
// Error::conflict("statement-exists") if the view was built already.
Statement build_view(ledger::Books& books, const std::string& period_key,
                     const ledger::Actor& actor);

// Records a CMS signature (DER) over the statement's manifest by custodians of the set the
// manifest names; with both the committee's and the manager's the statement is published.
Statement add_signature(ledger::Books& books, const std::string& period_key,
                        std::string_view cms_der, const ledger::Actor& actor);

// A note on a statement: the supervisor's attestation or objection, a resident's objection (of
// `unit_code`), or the treasurer's answer to note `answers`.
Statement add_note(ledger::Books& books, const std::string& period_key, const std::string& kind,
                   const std::string& text, const std::string& unit_code,
                   std::optional<std::int64_t> answers, const ledger::Actor& actor);

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
                money::Amount amount, const ledger::Actor& actor);

}  // namespace trustfund::statements
