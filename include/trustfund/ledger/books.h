// One estate's books: units, the append-only journal, running balances and the Merkle log.
//
// `Books` owns one connection to the estate file. Writes go through a `Books::Writer`, one write
// transaction: entries added to it are checked in full (accounts, balance per fund, closed periods,
// reversals, idempotency) before anything is written, become visible and durable together at
// `commit()` (one fsync), and vanish together if the writer is destroyed uncommitted. The database
// re-checks balance, sequence and period rules in triggers before commit.
//
// Its writes (add_unit, Writer, post, close_period) are the primitives, with no action-log row:
// a write a user makes goes through an audited write (audited_write.h), as the ledger's own
// operations in writes.h and every domain module's do.
//
// Thread-safety: a Books object belongs to one thread at a time. For concurrent readers open a
// second Books on another connection (WAL lets them read while one writer writes).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/ledger/chart.h"
#include "trustfund/ledger/entry.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/area.h"
#include "trustfund/store/database.h"

namespace trustfund::ledger {

// A unit code: 1-32 ASCII letters and digits, with single '-' between them ("3-2-1502").
inline constexpr std::size_t kMaxUnitCodeBytes = 32;
bool valid_unit_code(std::string_view code);

struct UnitInput {
  std::string code;  // "3-2-1502": building-entrance-room; letters, digits and '-'
  std::string kind;  // residential, commercial, parking
  money::Area area;
  std::string owner_ref;  // opaque reference to the owner (never published)
};

struct Unit {
  std::string code;
  std::string kind;
  money::Area area;
  std::string owner_ref;
};

// An account's movement over a period (or up to a date): opening + debit - credit = closing.
struct AccountBalance {
  const Account* account = nullptr;
  money::Amount opening;
  money::Amount debit;   // sum of positive postings
  money::Amount credit;  // sum of negative postings, as a positive amount
  money::Amount closing;
};

struct VerifyReport {
  std::int64_t entries = 0;
  std::int64_t postings = 0;
  crypto::Digest root{};
  std::vector<std::string> problems;  // empty: everything recomputed matches
  bool ok() const noexcept { return problems.empty(); }
};

// Called with (done, total) during long operations; may be empty.
using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

class Books {
 public:
  // Initialises a newly created estate database: estate row and standard chart.
  static Books create(store::Database db, const std::string& estate_id, const std::string& name);
  // Opens the books of an existing estate database.
  static Books open(store::Database db);

  Books(Books&&) noexcept;
  Books& operator=(Books&&) noexcept;
  ~Books();

  const std::string& estate_id() const noexcept;
  const std::string& estate_name() const noexcept;
  const Chart& chart() const noexcept;
  store::Database& database() noexcept;

  // ---- units
  // Adds a unit and its sub-accounts (fees receivable, prepayments, repair fund). Durable on
  // return. Throws Error::invalid for a bad code/kind, Error::conflict if the code exists.
  void add_unit(const UnitInput& unit);
  std::vector<Unit> units() const;

  // ---- writing
  class Writer {
   public:
    // Opened while a transaction is open on the connection, a Writer is by default a savepoint
    // inside it (destroyed uncommitted, it undoes only its own work). With `join` it writes
    // straight into the open transaction instead: no savepoint, so no sub-journal that grows
    // with every statement's pages (SQLite keeps the statement journals of a savepoint's
    // statements until the savepoint ends), but a Writer destroyed uncommitted or failed then
    // leaves its rows in the caller's transaction, which the caller must roll back (and then
    // refresh the Books): for writers inside an audited write (audited_write.h), which does
    // both. With no transaction open both begin one.
    enum class Nesting { savepoint, join };
    explicit Writer(Books& books, Nesting nesting = Nesting::savepoint);  // begins the write
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();  // rolls back unless committed

    // Checks and records one entry. On an idempotent retry (same key, same request) returns the
    // earlier entry with `replayed` set; same key with another request throws Error::conflict.
    // A failed add leaves the writer unusable: destroy it (everything it held is rolled back).
    RecordedEntry add(const EntryInput& entry, const std::string& actor);
    // Makes everything added durable (one fsync).
    void commit();
    // True once a write failed inside the transaction: it can only be rolled back.
    bool failed() const noexcept;

   private:
    struct State;
    Books& books_;
    std::unique_ptr<State> state_;
  };

  // Posts one entry in its own transaction.
  RecordedEntry post(const EntryInput& entry, const std::string& actor);

  // Closes `period`: no entry dated in it can be posted afterwards. Durable on return.
  void close_period(Period period, const std::string& actor);
  bool is_closed(Period period) const;

  // ---- reading
  // Catches up with what other connections committed (new entries, accounts, closed periods).
  // Cheap when nothing changed: a few indexed reads.
  void refresh();
  std::int64_t entry_count() const;  // = Merkle tree size
  // The entry with `seq`; Error::not_found("entry-unknown") if there is none.
  RecordedEntry entry(std::int64_t seq) const;

  struct EntryFilter {
    std::string kind;              // empty: any kind
    std::string account;           // empty: any; else entries with a posting to this account
    std::optional<Date> from, to;  // accounting dates, inclusive
  };
  // Up to `limit` (1-1000) entries with seq > `after`, in seq order, matching `filter`; with
  // their postings. Page on with the last seq returned.
  std::vector<RecordedEntry> list_entries(const EntryFilter& filter, std::int64_t after,
                                          int limit) const;

  // Balance of account `code` (a leaf or a control account) at the end of `as_of`.
  money::Amount balance(const std::string& code, Date as_of) const;
  // Every account with a balance or movement: opening at the start of `period`, its debits and
  // credits, closing at its end. Ordered by account code.
  std::vector<AccountBalance> period_balances(Period period) const;
  // Every account's balance at the end of `as_of` (opening/debit/credit are zero).
  std::vector<AccountBalance> balances_as_of(Date as_of) const;

  // ---- Merkle log (RFC 6962 over the canonical entry bytes)
  crypto::Digest root(std::int64_t tree_size) const;
  std::vector<crypto::Digest> inclusion_proof(std::int64_t seq, std::int64_t tree_size) const;
  std::vector<crypto::Digest> consistency_proof(std::int64_t old_size, std::int64_t new_size) const;

  // Recomputes every leaf hash from its canonical bytes and the bytes from the entry's rows, the
  // Merkle tree from the leaves, and every running balance from the postings; reports each
  // difference. Reads everything once; memory does not grow with history beyond the accounts.
  VerifyReport verify(const Progress& progress = {}) const;

  // Writes the journal in the plain-text format that ledger-cli and hledger read. Accounts are
  // named by code with ':' separators ("OP:1122:3-2-1502"), amounts in CNY.
  void export_ledger(std::ostream& out, const Progress& progress = {}) const;

 private:
  struct Impl;
  explicit Books(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Name of an account in the ledger/hledger export: "OP.1122@3-2-1502" -> "OP:1122:3-2-1502".
std::string ledger_account_name(std::string_view code);

}  // namespace trustfund::ledger
