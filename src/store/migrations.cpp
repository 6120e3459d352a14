#include "trustfund/store/migrations.h"

#include <set>
#include <string>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/store/database.h"

namespace trustfund::store {

int apply_migrations(Database& db, const std::string& database_kind) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migration ("
      "  name TEXT PRIMARY KEY,"
      "  applied_at TEXT NOT NULL"
      ") STRICT");

  std::set<std::string> applied;
  {
    Statement st = db.prepare("SELECT name FROM schema_migration");
    while (st.step())
      applied.insert(st.text(0));
  }
  std::set<std::string> known;
  for (const Migration& m : schema_migrations()) {
    if (database_kind == m.database)
      known.insert(m.name);
  }
  for (const std::string& name : applied) {
    if (!known.contains(name)) {
      throw Error(ErrorKind::integrity, "schema-too-new", "",
                  db.path().string() + " has schema migration " + name +
                      " which this trustfund does not know; upgrade trustfund");
    }
  }

  int count = 0;
  for (const Migration& m : schema_migrations()) {
    if (database_kind != m.database || applied.contains(m.name))
      continue;
    Transaction tx(db);
    db.exec(m.sql);
    db.prepare("INSERT INTO schema_migration (name, applied_at) VALUES (?1, ?2)")
        .bind(1, std::string_view(m.name))
        .bind(2, utc_timestamp_now())
        .run();
    tx.commit();
    ++count;
  }
  return count;
}

}  // namespace trustfund::store
