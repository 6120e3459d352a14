// Raw SQLCipher for the baselines: the C API with no store/ wrapper in between, so a baseline
// pays for nothing the books add (statement cache, checks, transactions of their own). Errors
// throw as the store does (store::throw_sqlite_error).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string_view>

namespace trustfund::bench {

using DatabasePtr = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

// A new SQLCipher file at `path`, keyed with a random raw key (no KDF), with WAL,
// synchronous=FULL and foreign keys on, as the store sets them: every commit is one durable
// fsync of the WAL.
DatabasePtr open_raw_sqlcipher(const std::filesystem::path& path);

// A prepared statement (SQLITE_PREPARE_PERSISTENT: it is stepped many times).
StatementPtr prepare(sqlite3* db, std::string_view sql);

// Runs `sql` (one or more statements, no rows expected).
void exec(sqlite3* db, const char* sql);

// Steps `stmt` to its end (an INSERT or UPDATE: no row expected), then resets it.
void step_done(sqlite3* db, sqlite3_stmt* stmt);

}  // namespace trustfund::bench
