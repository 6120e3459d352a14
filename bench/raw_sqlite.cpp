#include "raw_sqlite.h"

#include <random>
#include <string>

#include "trustfund/store/database.h"

namespace trustfund::bench {
namespace {

std::string random_key_pragma() {
  std::random_device rd;
  static const char* const kHex = "0123456789abcdef";
  std::string hex;
  for (int i = 0; i < 32; ++i) {
    const unsigned byte = rd() & 0xFF;
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xF];
  }
  std::string pragma = "PRAGMA key = \"x'";
  pragma.append(hex).append("'\"");
  return pragma;
}

}  // namespace

DatabasePtr open_raw_sqlcipher(const std::filesystem::path& path) {
  const std::string file = path.string();
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  DatabasePtr db(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK)
    store::throw_sqlite_error(raw, rc, "open " + file);
  exec(raw, random_key_pragma().c_str());
  exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
  return db;
}

StatementPtr prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK)
    store::throw_sqlite_error(db, rc, "prepare");
  return StatementPtr(stmt, &sqlite3_finalize);
}

void exec(sqlite3* db, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    store::throw_sqlite_error(db, rc, sql);
}

void step_done(sqlite3* db, sqlite3_stmt* stmt) {
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE)
    store::throw_sqlite_error(db, rc, "step");
  sqlite3_reset(stmt);
}

}  // namespace trustfund::bench
