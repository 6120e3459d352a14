// An encrypted SQLCipher database file behind a small RAII interface.
//
// `Database` owns one connection; `Statement` owns one prepared statement of a connection and must
// not outlive it; `Transaction` brackets a unit of work and rolls back unless `commit()` was
// called. Every file is opened with WAL, synchronous=FULL (a committed transaction is on disk
// before commit returns) and foreign keys on.
//
// Keys are raw 256-bit keys (no passphrase derivation); see keys.h for where they come from.
// Opening a file with the wrong key, or a file that is not a trustfund database, throws
// Error(access_denied, "wrong-key") with the message "wrong key or not a trustfund file".
//
// Thread-safety: a Database and its Statements belong to one thread at a time. Separate
// connections to the same file may be used from separate threads (WAL: one writer, many readers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "trustfund/crypto/aead.h"

struct sqlite3;
struct sqlite3_stmt;

namespace trustfund::store {

// Distinguishes the kinds of trustfund files; stored as SQLite's application_id.
enum class FileKind : std::int32_t {
  registry = 0x54465247,  // "TFRG"
  estate = 0x54464553,    // "TFES"
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT) unless
  // the `_static` form is used, whose bytes must stay valid until the next reset().
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
  Statement& bind_static(int index, std::string_view text);
  Statement& bind_null(int index);

  // Advances; returns true when a row is available, false when done. Errors throw.
  bool step();
  // Runs a statement that returns no row (INSERT/UPDATE/DELETE), then resets it for reuse.
  void run();
  // Resets for another execution and clears bindings.
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::string_view text_view(int column) const;          // valid until the next step/reset
  std::span<const std::uint8_t> blob(int column) const;  // valid until the next step/reset

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { create_new, open_existing };

  // Opens (or creates) `path` with the raw key `key`. With create_new the file must not exist;
  // the application_id is set to `kind`. With open_existing the file must exist, decrypt with
  // `key`, and carry `kind`'s application_id.
  static Database open(const std::filesystem::path& path, const crypto::Key256& key, FileKind kind,
                       Mode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements that return no rows.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  // The statement for `sql`, prepared on first use and kept for the connection's life (hot paths
  // prepare nothing), reset and unbound. A statement left on a row keeps the connection's read
  // snapshot open (WAL: the reader sees old data, checkpoints cannot pass it): call
  // reset_cached() once a read is over, as Books::refresh and the connection pools do.
  Statement& cached(std::string_view sql);
  void reset_cached() noexcept;
  // Runs `sql` (one statement, no parameters) and returns the first column of the first row, or
  // `fallback` when there is no row or it is NULL.
  std::int64_t query_int64(std::string_view sql, std::int64_t fallback = 0);

  std::int64_t last_insert_rowid() const;
  // True while a transaction is open on this connection.
  bool in_transaction() const noexcept;
  const std::filesystem::path& path() const noexcept { return path_; }
  sqlite3* handle() const noexcept { return db_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::map<std::string, Statement, std::less<>> cache_;  // finalized before the connection
};

// A write transaction (BEGIN IMMEDIATE: takes the write lock at once, so it cannot fail later on
// a busy upgrade). Rolls back on destruction unless committed. Opened while another transaction
// is open on the connection, it is a savepoint inside it: commit() folds its work into the outer
// transaction (durable only when that commits), destruction undoes only its own work.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool nested_ = false;
  bool open_ = true;
};

// Throws the trustfund Error matching SQLite result `rc` on `db` (constraint violations raised by
// the schema's triggers become rule_violation errors carrying the trigger's message).
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

}  // namespace trustfund::store
