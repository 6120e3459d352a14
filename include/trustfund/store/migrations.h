// Schema migrations compiled in from ledger_schema/<db>/NNN_name.sql.
//
// Each database kind ("estate", "registry") has its own ordered list. A migration is applied once,
// inside the transaction that records it in `schema_migration`; a newer file never edits an older
// one, so the recorded names are a prefix of the compiled list or the file is from a newer
// trustfund (refused).
#pragma once

#include <string>
#include <vector>

namespace trustfund::store {

class Database;

struct Migration {
  const char* database;  // "estate" or "registry": the folder under ledger_schema/
  const char* name;      // "001_core": the file name without ".sql"
  const char* sql;
};

// All compiled-in migrations, sorted by database then name.
const std::vector<Migration>& schema_migrations();

// Applies the pending migrations of `database_kind` to `db`, each in its own transaction.
// Returns how many were applied. Throws Error(integrity) if `db` records a migration this build
// does not know (a file from a newer trustfund).
int apply_migrations(Database& db, const std::string& database_kind);

}  // namespace trustfund::store
