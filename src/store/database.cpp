#include "trustfund/store/database.h"

#include <sqlite3.h>

#include <cassert>
#include <cstring>
#include <utility>

#include "trustfund/core/error.h"

namespace trustfund::store {
namespace {

const char kWrongKey[] = "wrong key or not a trustfund file";

// SQLite's smallest page size; a database file is a whole number of pages.
constexpr std::uintmax_t kMinPageBytes = 512;

// Messages raised by the schema's triggers with RAISE(ABORT, ...) start with this prefix and are
// rule violations that the domain code should already have caught; they are the database's second
// line of defence.
constexpr std::string_view kRulePrefix = "rule: ";
// CHECK constraints named rule_<name> guard domain limits, e.g. rule_balance_in_range.
constexpr std::string_view kRuleConstraint = "CHECK constraint failed: rule_";

}  // namespace

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context) {
  const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  if (primary == SQLITE_CONSTRAINT) {
    if (message.rfind(kRulePrefix, 0) == 0) {
      throw Error::rule("ledger-rule", "", message.substr(kRulePrefix.size()));
    }
    if (const auto at = message.find(kRuleConstraint); at != std::string::npos) {
      const std::string rule = message.substr(at + kRuleConstraint.size());
      if (rule == "balance_in_range") {
        throw Error::rule("balance-out-of-range", "",
                          "a balance would exceed the largest amount trustfund keeps "
                          "(999999999999999.99 yuan)");
      }
      throw Error::rule(rule, "", "the change would break the rule " + rule);
    }
    throw Error(ErrorKind::integrity, "constraint", "", std::string(context) + ": " + message);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    throw Error(ErrorKind::storage, "busy", "", std::string(context) + ": database is busy");
  }
  throw Error(ErrorKind::storage, "storage", "", std::string(context) + ": " + message);
}

// ---- Statement -------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_static(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  // Keep the statement reusable after an error (e.g. a trigger's RAISE inside a transaction that
  // the caller rolls back).
  sqlite3_reset(stmt_);
  throw_sqlite_error(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
  return std::string(text_view(column));
}

std::string_view Statement::text_view(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

std::span<const std::uint8_t> Statement::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::span<const std::uint8_t>(p, static_cast<std::size_t>(n))
           : std::span<const std::uint8_t>();
}

// ---- Database --------------------------------------------------------------------------------

Database Database::open(const std::filesystem::path& path, const crypto::Key256& key, FileKind kind,
                        Mode mode) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (mode == Mode::create_new && exists) {
    throw Error::conflict("file-exists", "", "refusing to overwrite " + path.string());
  }
  if (mode == Mode::open_existing && !exists) {
    throw Error::not_found("file-missing", "", "no such file: " + path.string());
  }
  // SQLite reads a file shorter than its smallest page as an empty database, which would pass
  // the key check below; every trustfund file holds at least one page (application_id is set
  // when it is created), so a shorter one is as foreign as any other.
  if (mode == Mode::open_existing && std::filesystem::file_size(path, ec) < kMinPageBytes) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (mode == Mode::create_new ? SQLITE_OPEN_CREATE : 0);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);  // owns raw even on failure
  if (rc != SQLITE_OK)
    throw_sqlite_error(raw, rc, "open " + path.string());
  sqlite3_extended_result_codes(raw, 1);

  // SQLCipher would log a wrong key to stderr itself; trustfund reports it once, plainly.
  sqlite3_exec(raw, "PRAGMA cipher_log_level = NONE", nullptr, nullptr, nullptr);

  // SQLCipher's raw-key form: x'<64 hex>' skips passphrase derivation; the salt is in the file.
  static constexpr char kHex[] = "0123456789abcdef";
  char key_literal[2 + 64 + 1];
  key_literal[0] = 'x';
  key_literal[1] = '\'';
  for (std::size_t i = 0; i < key.size(); ++i) {
    key_literal[2 + 2 * i] = kHex[key[i] >> 4];
    key_literal[3 + 2 * i] = kHex[key[i] & 0xf];
  }
  key_literal[66] = '\'';
  rc = sqlite3_key(raw, key_literal, static_cast<int>(sizeof key_literal));
  std::memset(key_literal, 0, sizeof key_literal);
  if (rc != SQLITE_OK)
    throw_sqlite_error(raw, rc, "key");

  // The first read decrypts page 1: a wrong key or a foreign file fails here.
  try {
    db.query_int64("SELECT count(*) FROM sqlite_schema");
  } catch (const Error&) {
    throw Error(ErrorKind::access_denied, "wrong-key", "", kWrongKey);
  }
  if (mode == Mode::create_new) {
    db.exec("PRAGMA application_id = " + std::to_string(static_cast<std::int32_t>(kind)));
  } else if (db.query_int64("PRAGMA application_id") != static_cast<std::int32_t>(kind)) {
    throw Error(ErrorKind::access_denied, "wrong-file-kind", "",
                kind == FileKind::estate ? "not a trustfund estate file: " + path.string()
                                         : "not a trustfund registry file: " + path.string());
  }
  db.exec(
      "PRAGMA journal_mode = WAL;"
      "PRAGMA synchronous = FULL;"
      "PRAGMA foreign_keys = ON;"
      "PRAGMA busy_timeout = 10000;"
      // A 64 MiB page cache (SQLite's default is 2 MB). Every page that misses it is read and
      // decrypted again, and a dirty page evicted mid-transaction is encrypted and written to the
      // WAL early, so a bulk write (a payment import, a billing run, a journal import) whose index
      // pages do not fit thrashes: the fee benchmarks' 100,000-payment import ran at about half
      // the speed with the default. The cache grows only as pages are used.
      "PRAGMA cache_size = -65536;");
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    cache_.clear();
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Statement& Database::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), prepare(sql)).first;
  it->second.reset();
  return it->second;
}

bool Database::in_transaction() const noexcept {
  return sqlite3_get_autocommit(db_) == 0;
}

void Database::reset_cached() noexcept {
  for (auto& [sql, st] : cache_)
    sqlite3_reset(st.stmt_);
}

void Database::exec(std::string_view sql) {
  const std::string owned(sql);  // sqlite3_exec needs a NUL-terminated string
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "exec");
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK)
    throw_sqlite_error(db_, rc, "prepare");
  return Statement(db_, stmt);
}

std::int64_t Database::query_int64(std::string_view sql, std::int64_t fallback) {
  Statement st = prepare(sql);
  if (!st.step() || st.is_null(0))
    return fallback;
  return st.int64(0);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

// ---- Transaction -----------------------------------------------------------------------------

// Inside an open transaction, a Transaction is a savepoint: it commits into the outer one or
// rolls back only its own work, so an operation that brings its own Transaction can be composed
// with others (a write and its action-log row) into one atomic unit.
Transaction::Transaction(Database& db) : db_(db), nested_(db.in_transaction()) {
  db_.exec(nested_ ? "SAVEPOINT tf_nested" : "BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
  if (!open_)
    return;
  if (nested_) {
    sqlite3_exec(db_.handle(), "ROLLBACK TO tf_nested; RELEASE tf_nested", nullptr, nullptr,
                 nullptr);
  } else {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}
void Transaction::commit() {
  assert(open_);
  db_.exec(nested_ ? "RELEASE tf_nested" : "COMMIT");
  open_ = false;
}

}  // namespace trustfund::store
