// Schema migrations: compiled in from ledger_schema/, applied once each, recorded, and a file
// from a newer trustfund refused.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "store_fixture.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/random.h"
#include "trustfund/store/database.h"
#include "trustfund/store/migrations.h"

using namespace trustfund;
using store::Database;
using testing::error_of;
using testing::MasterKeyEnvironment;

namespace {

std::vector<std::string> compiled_names(const std::string& kind) {
  std::vector<std::string> names;
  for (const auto& m : store::schema_migrations()) {
    if (kind == m.database)
      names.push_back(m.name);
  }
  return names;
}

std::vector<std::string> recorded_names(Database& db) {
  std::vector<std::string> names;
  store::Statement st = db.prepare("SELECT name FROM schema_migration ORDER BY name");
  while (st.step())
    names.push_back(st.text(0));
  return names;
}

// A new, empty encrypted file of `kind` in a scratch folder.
struct EmptyFile {
  std::filesystem::path dir = testing::fresh_temp_dir("migrations");
  std::filesystem::path file = dir / "empty.db";
  crypto::Key256 key{};
  store::FileKind kind;
  explicit EmptyFile(store::FileKind file_kind) : kind(file_kind) {
    std::filesystem::create_directories(dir);
    crypto::random_bytes(key);
    Database::open(file, key, kind, Database::Mode::create_new);
  }
  ~EmptyFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Database open() const { return Database::open(file, key, kind, Database::Mode::open_existing); }
};

}  // namespace

TEST_CASE("every schema file in ledger_schema is compiled in, byte for byte, in name order") {
  const auto schema_dir = std::filesystem::path(TRUSTFUND_SOURCE_DIR) / "ledger_schema";
  REQUIRE(std::filesystem::is_directory(schema_dir));
  std::set<std::pair<std::string, std::string>> on_disk;
  for (const auto& item : std::filesystem::recursive_directory_iterator(schema_dir)) {
    if (item.path().extension() == ".sql") {
      on_disk.insert({item.path().parent_path().filename().string(), item.path().stem().string()});
    }
  }
  const auto& compiled = store::schema_migrations();
  CHECK(compiled.size() == on_disk.size());
  for (std::size_t i = 0; i < compiled.size(); ++i) {
    const auto& m = compiled[i];
    CHECK(on_disk.contains({m.database, m.name}));
    CHECK(testing::read_file_bytes(schema_dir / m.database / (std::string(m.name) + ".sql")) ==
          m.sql);
    if (i > 0) {
      const auto& prev = compiled[i - 1];
      CHECK(std::make_pair(std::string(prev.database), std::string(prev.name)) <
            std::make_pair(std::string(m.database), std::string(m.name)));
    }
  }
  CHECK_FALSE(compiled_names("estate").empty());
  CHECK_FALSE(compiled_names("registry").empty());
}

TEST_CASE(
    "a new file gets each migration of its kind once, recorded by name; reopening applies "
    "nothing") {
  for (const auto& [kind, name] : {std::pair{store::FileKind::estate, std::string("estate")},
                                   std::pair{store::FileKind::registry, std::string("registry")}}) {
    INFO(name);
    EmptyFile empty(kind);
    const auto expected = compiled_names(name);
    {
      Database db = empty.open();
      CHECK(store::apply_migrations(db, name) == static_cast<int>(expected.size()));
      CHECK(recorded_names(db) == expected);
      CHECK(store::apply_migrations(db, name) == 0);
    }
    Database again = empty.open();
    CHECK(store::apply_migrations(again, name) == 0);
    CHECK(recorded_names(again) == expected);
    CHECK(again.query_int64(
              "SELECT count(*) FROM schema_migration WHERE applied_at LIKE '____-__-__T%Z'") ==
          static_cast<std::int64_t>(expected.size()));
  }
}

TEST_CASE("opening an estate or registry that records an unknown migration is refused as too new") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("too-new", 1);
  {
    Database db = estate.dir.open_estate("t");
    db.exec("INSERT INTO schema_migration VALUES ('900_next_year', '2030-01-01T00:00:00Z')");
  }
  const Error e = error_of([&] { estate.dir.open_estate("t"); });
  CHECK(e.kind() == ErrorKind::integrity);
  CHECK(e.type() == "schema-too-new");
  CHECK(std::string(e.what()).find("900_next_year") != std::string::npos);

  {
    Database registry = estate.dir.open_registry();
    registry.exec("INSERT INTO schema_migration VALUES ('900_next_year', '2030-01-01T00:00:00Z')");
  }
  CHECK(error_of([&] { store::DataDir::open(estate.path, {}, nullptr); }).type() ==
        "schema-too-new");
}

TEST_CASE("a migration that fails leaves neither a record nor part of its schema") {
  EmptyFile empty(store::FileKind::estate);
  Database db = empty.open();
  // A table the first estate migration creates already exists, so that migration fails midway.
  db.exec("CREATE TABLE balance_day (x INTEGER)");
  CHECK_THROWS_AS(store::apply_migrations(db, "estate"), Error);
  CHECK(db.query_int64("SELECT count(*) FROM schema_migration") == 0);
  CHECK(db.query_int64("SELECT count(*) FROM sqlite_schema WHERE name IN ('estate', 'unit',"
                       " 'account', 'journal_entry')") == 0);
}

TEST_CASE("migrations of one kind are never applied to a file of another kind") {
  EmptyFile empty(store::FileKind::registry);
  Database db = empty.open();
  CHECK(store::apply_migrations(db, "registry") ==
        static_cast<int>(compiled_names("registry").size()));
  CHECK(db.query_int64("SELECT count(*) FROM sqlite_schema WHERE name = 'journal_entry'") == 0);
  // The registry's recorded migrations are unknown to the estate's list: refused, not mixed.
  CHECK(error_of([&] { store::apply_migrations(db, "estate"); }).type() == "schema-too-new");
  CHECK(recorded_names(db) == compiled_names("registry"));
}
