// The encrypted store: keys, wrong keys, foreign files, pragmas, migrations, transactions.
#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/data_dir.h"
#include "trustfund/store/migrations.h"

using namespace trustfund;
using testing::error_of;
using testing::TempDataDir;
using testing::TempEstate;

namespace {

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

struct EnvGuard {
  EnvGuard() {
    unsetenv("TRUSTFUND_MASTER_KEY");
    unsetenv("TRUSTFUND_MASTER_KEY_FILE");
    unsetenv("CREDENTIALS_DIRECTORY");
  }
  ~EnvGuard() {
    unsetenv("TRUSTFUND_MASTER_KEY");
    unsetenv("TRUSTFUND_MASTER_KEY_FILE");
  }
};

const std::string kOtherKey(64, 'a');

}  // namespace

TEST_CASE("an estate opened with the wrong master key says wrong key and does not crash") {
  EnvGuard env;
  TempEstate estate("wrongkey");
  setenv("TRUSTFUND_MASTER_KEY", kOtherKey.c_str(), 1);
  const Error e = error_of([&] { store::DataDir::open(estate.path, {}, nullptr); });
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(std::string(e.what()) == "wrong key or not a trustfund file");
}

TEST_CASE("a file that is not a trustfund file is refused with the same message") {
  EnvGuard env;
  TempEstate estate("foreign");
  const auto file = estate.dir.estate_file("t");
  for (const std::string& junk :
       {std::string(8192, 'x'), std::string("SQLite format 3") + std::string(8000, '\0')}) {
    write_bytes(file, junk);
    std::filesystem::remove(file.string() + "-wal");
    const Error e = error_of([&] { estate.dir.open_estate("t"); });
    CHECK(e.kind() == ErrorKind::access_denied);
    CHECK(std::string(e.what()) == "wrong key or not a trustfund file");
  }
}

TEST_CASE("a key file moved to another database does not open it") {
  EnvGuard env;
  TempEstate estate("movedkey");
  ledger::Books::create(estate.dir.create_estate("u", "Other"), "u", "Other");
  std::filesystem::copy_file(estate.dir.estate_file("t").string() + ".key",
                             estate.dir.estate_file("u").string() + ".key",
                             std::filesystem::copy_options::overwrite_existing);
  const Error e = error_of([&] { estate.dir.open_estate("u"); });
  CHECK(e.kind() == ErrorKind::access_denied);
}

TEST_CASE("a registry is not accepted as an estate file") {
  EnvGuard env;
  TempEstate estate("kind");
  const auto file = estate.dir.estate_file("t");
  std::filesystem::copy_file(estate.path / "registry.db", file,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(estate.path / "registry.db.key", file.string() + ".key",
                             std::filesystem::copy_options::overwrite_existing);
  // The wrapped key is bound to its file name, so this fails at the key already.
  CHECK_THROWS_AS(estate.dir.open_estate("t"), Error);
}

TEST_CASE("the master key comes from the file, the environment, or the development key, in order") {
  EnvGuard env;
  TempDataDir data("masterkey");
  std::string warning;
  store::DataDir::open(data.path, {}, &warning);
  CHECK(warning.find("development master key") != std::string::npos);

  const std::string dev_hex = read_bytes(data.path / "master.key").substr(0, 64);
  setenv("TRUSTFUND_MASTER_KEY", dev_hex.c_str(), 1);
  warning.clear();
  const auto dir = store::DataDir::open(data.path, {}, &warning);
  CHECK(warning.empty());
  CHECK(dir.master_key().origin() == "environment TRUSTFUND_MASTER_KEY");

  setenv("TRUSTFUND_MASTER_KEY", "not-hex", 1);
  CHECK(error_of([&] { store::DataDir::open(data.path, {}, nullptr); }).type() ==
        "master-key-syntax");
  unsetenv("TRUSTFUND_MASTER_KEY");

  const auto key_file = data.path.parent_path() / (data.path.filename().string() + ".mk");
  write_bytes(key_file, dev_hex + "\n");
  setenv("TRUSTFUND_MASTER_KEY_FILE", key_file.c_str(), 1);
  CHECK(store::DataDir::open(data.path, {}, nullptr).master_key().origin().find("key file") == 0);
  store::DataDir::Options explicit_key;
  explicit_key.master_key_file = key_file;
  unsetenv("TRUSTFUND_MASTER_KEY_FILE");
  CHECK(store::DataDir::open(data.path, explicit_key, nullptr).master_key().is_dev() == false);
  std::filesystem::remove(key_file);

  std::filesystem::remove(data.path / "master.key");
  const Error none = error_of([&] { store::DataDir::open(data.path, {}, nullptr); });
  CHECK(none.type() == "no-master-key");
}

TEST_CASE("the books on disk are encrypted: no SQLite header and no memo in the clear") {
  EnvGuard env;
  TempEstate estate("encrypted");
  {
    ledger::Books books = estate.open();
    ledger::EntryInput e;
    e.date = Date::parse("2026-10-05");
    e.kind = "payment";
    e.memo = "PLAINTEXT-CANARY-0123456789";
    e.postings = {{"OP.1002", money::Amount::parse("1.00")},
                  {TempEstate::sub("OP.2203", 1), money::Amount::parse("-1.00")}};
    books.post(e, "test");
    books.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const std::string bytes = read_bytes(estate.dir.estate_file("t"));
  CHECK(bytes.size() > 4096);
  CHECK(bytes.find("SQLite format 3") == std::string::npos);
  CHECK(bytes.find("PLAINTEXT-CANARY") == std::string::npos);
  CHECK(read_bytes(estate.path / "registry.db").find("SQLite format 3") == std::string::npos);
}

TEST_CASE("every file uses WAL, synchronous FULL and foreign keys") {
  EnvGuard env;
  TempEstate estate("pragmas");
  store::Database db = estate.dir.open_estate("t");
  CHECK(db.query_int64("PRAGMA synchronous") == 2);
  CHECK(db.query_int64("PRAGMA foreign_keys") == 1);
  store::Statement st = db.prepare("PRAGMA journal_mode");
  REQUIRE(st.step());
  CHECK(st.text(0) == "wal");
}

TEST_CASE("migrations are applied once, recorded, and a newer file is refused") {
  EnvGuard env;
  TempEstate estate("migrations");
  store::Database db = estate.dir.open_estate("t");
  const auto recorded = db.query_int64("SELECT count(*) FROM schema_migration");
  CHECK(recorded >= 1);
  CHECK(store::apply_migrations(db, "estate") == 0);
  CHECK(db.query_int64("SELECT count(*) FROM schema_migration") == recorded);
  db.exec("INSERT INTO schema_migration VALUES ('999_from_the_future', '2030-01-01T00:00:00Z')");
  CHECK(error_of([&] { store::apply_migrations(db, "estate"); }).type() == "schema-too-new");
}

TEST_CASE("a transaction that is not committed leaves nothing behind") {
  EnvGuard env;
  TempEstate estate("rollback");
  store::Database db = estate.dir.open_estate("t");
  const auto before = db.query_int64("SELECT count(*) FROM unit");
  {
    store::Transaction tx(db);
    db.exec("INSERT INTO unit VALUES ('9-9-9999', 'parking', 1200, 'x', '2026-01-01')");
  }
  CHECK(db.query_int64("SELECT count(*) FROM unit") == before);
}

TEST_CASE("estate ids are validated and an estate cannot be created twice") {
  EnvGuard env;
  TempEstate estate("ids");
  for (const char* bad : {"", "Upper", "with space", "-lead", "../escape", "a/b"}) {
    CHECK(error_of([&] { estate.dir.create_estate(bad, "x"); }).type() == "estate-id-syntax");
  }
  CHECK(error_of([&] { estate.dir.create_estate("t", "again"); }).kind() == ErrorKind::conflict);
  CHECK(error_of([&] { estate.dir.open_estate("nope"); }).kind() == ErrorKind::not_found);
}
