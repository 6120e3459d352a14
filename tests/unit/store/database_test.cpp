// The encrypted connection: wrong keys and foreign files, what is on disk, pragmas, statements,
// transactions and how SQLite failures become trustfund errors.
#include <catch2/catch_test_macros.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

#include "store_fixture.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/random.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/database.h"
#include "trustfund/store/keys.h"

using namespace trustfund;
using store::Database;
using store::FileKind;
using testing::error_of;
using testing::MasterKeyEnvironment;
using testing::read_file_bytes;
using testing::write_file_bytes;

namespace {

constexpr char kWrongKeyMessage[] = "wrong key or not a trustfund file";

crypto::Key256 random_key() {
  crypto::Key256 key{};
  crypto::random_bytes(key);
  return key;
}

// A scratch folder with one encrypted estate-kind file holding a table with one row.
struct ScratchDatabase {
  std::filesystem::path dir = testing::fresh_temp_dir("db");
  std::filesystem::path file = dir / "scratch.db";
  crypto::Key256 key = random_key();
  ScratchDatabase() {
    std::filesystem::create_directories(dir);
    Database db = Database::open(file, key, FileKind::estate, Database::Mode::create_new);
    db.exec(
        "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT;"
        "INSERT INTO note (text) VALUES ('first')");
  }
  ~ScratchDatabase() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Database open() const {
    return Database::open(file, key, FileKind::estate, Database::Mode::open_existing);
  }
};

void check_wrong_key(const Error& e) {
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(e.type() == "wrong-key");
  CHECK(std::string(e.what()) == kWrongKeyMessage);
}

}  // namespace

TEST_CASE("a database opened with the wrong key says wrong key and stays intact") {
  ScratchDatabase scratch;
  const std::string before = read_file_bytes(scratch.file);
  for (int attempt = 0; attempt < 3; ++attempt) {
    check_wrong_key(error_of([&] {
      Database::open(scratch.file, random_key(), FileKind::estate, Database::Mode::open_existing);
    }));
  }
  CHECK(read_file_bytes(scratch.file) == before);
  Database db = scratch.open();
  CHECK(db.query_int64("SELECT count(*) FROM note") == 1);
}

TEST_CASE("a plain, unencrypted SQLite file is refused as a wrong key") {
  ScratchDatabase scratch;
  const auto plain = scratch.dir / "plain.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(plain.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  REQUIRE(read_file_bytes(plain).rfind("SQLite format 3", 0) == 0);
  check_wrong_key(error_of([&] {
    Database::open(plain, scratch.key, FileKind::estate, Database::Mode::open_existing);
  }));
}

TEST_CASE("random bytes of any size are refused as a wrong key") {
  ScratchDatabase scratch;
  std::mt19937_64 rng(20261005);
  const auto junk = scratch.dir / "junk.db";
  for (const std::size_t size : {100u, 511u, 512u, 1024u, 4095u, 4096u, 4097u, 65536u}) {
    std::string bytes(size, '\0');
    for (char& c : bytes)
      c = static_cast<char>(rng() & 0xff);
    write_file_bytes(junk, bytes);
    INFO(size << " random bytes");
    check_wrong_key(error_of([&] {
      Database::open(junk, scratch.key, FileKind::estate, Database::Mode::open_existing);
    }));
  }
  // An encrypted file with its first page damaged is no better than junk.
  std::string damaged = read_file_bytes(scratch.file);
  damaged[100] = static_cast<char>(damaged[100] ^ 0x55);
  write_file_bytes(junk, damaged);
  check_wrong_key(error_of(
      [&] { Database::open(junk, scratch.key, FileKind::estate, Database::Mode::open_existing); }));
}

TEST_CASE("an empty or one-byte file is refused and not turned into a database") {
  ScratchDatabase scratch;
  const auto tiny = scratch.dir / "tiny.db";
  for (const std::string& bytes : {std::string(), std::string("x")}) {
    write_file_bytes(tiny, bytes);
    const Error e = error_of([&] {
      Database::open(tiny, scratch.key, FileKind::estate, Database::Mode::open_existing);
    });
    CHECK(e.kind() == ErrorKind::access_denied);
    CHECK(read_file_bytes(tiny) == bytes);
  }
}

// database.h promises the wrong-key error for any file that is not a trustfund database; SQLite
// alone would read an empty or one-byte file as an empty database.
TEST_CASE("an empty or one-byte file gets the same wrong-key message as any foreign file") {
  ScratchDatabase scratch;
  const auto tiny = scratch.dir / "tiny.db";
  for (const std::string& bytes : {std::string(), std::string("x"), std::string(511, '\0')}) {
    write_file_bytes(tiny, bytes);
    check_wrong_key(error_of([&] {
      Database::open(tiny, scratch.key, FileKind::estate, Database::Mode::open_existing);
    }));
  }
}

TEST_CASE("a registry file opened as an estate is refused, and an estate as a registry") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("file-kind", 1);
  const auto registry = estate.path / "registry.db";
  const auto registry_key =
      store::load_file_key(estate.dir.master_key(), registry.string() + ".key");
  const Error as_estate = error_of([&] {
    Database::open(registry, registry_key, FileKind::estate, Database::Mode::open_existing);
  });
  CHECK(as_estate.kind() == ErrorKind::access_denied);
  CHECK(as_estate.type() == "wrong-file-kind");

  const auto books = estate.dir.estate_file("t");
  const auto books_key = store::load_file_key(estate.dir.master_key(), books.string() + ".key");
  const Error as_registry = error_of(
      [&] { Database::open(books, books_key, FileKind::registry, Database::Mode::open_existing); });
  CHECK(as_registry.kind() == ErrorKind::access_denied);
  CHECK(as_registry.type() == "wrong-file-kind");
  // Both still open as what they are.
  CHECK_NOTHROW(
      Database::open(registry, registry_key, FileKind::registry, Database::Mode::open_existing));
  CHECK_NOTHROW(Database::open(books, books_key, FileKind::estate, Database::Mode::open_existing));
}

TEST_CASE("a data directory opened with another master key says wrong key") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("other-master", 1);
  const auto key_file = estate.path.parent_path() / (estate.path.filename().string() + ".other");
  write_file_bytes(key_file, testing::repeated_hex_key('e'));
  store::DataDir::Options options;
  options.master_key_file = key_file;
  const Error e = error_of([&] { store::DataDir::open(estate.path, options, nullptr); });
  std::filesystem::remove(key_file);
  check_wrong_key(e);
}

TEST_CASE(
    "creating over an existing file or opening a missing one is refused and changes nothing") {
  ScratchDatabase scratch;
  const std::string before = read_file_bytes(scratch.file);
  CHECK(error_of([&] {
          Database::open(scratch.file, scratch.key, FileKind::estate, Database::Mode::create_new);
        }).kind() == ErrorKind::conflict);
  CHECK(read_file_bytes(scratch.file) == before);
  const auto missing = scratch.dir / "missing.db";
  CHECK(error_of([&] {
          Database::open(missing, scratch.key, FileKind::estate, Database::Mode::open_existing);
        }).kind() == ErrorKind::not_found);
  CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("neither the database, its write-ahead log nor its key file holds plaintext") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("wal-plaintext", 1);
  const auto file = estate.dir.estate_file("t");
  const std::string canary = "MEMO-CANARY-wal-7d1f3a";
  ledger::Books books = estate.open();
  ledger::EntryInput e;
  e.date = Date::parse("2026-10-05");
  e.kind = "payment";
  e.memo = canary;
  e.postings = {{"OP.1002", money::Amount::parse("12.34")},
                {testing::TempEstate::sub("OP.2203", 1), money::Amount::parse("-12.34")}};
  books.post(e, "test");
  // Before a checkpoint the entry lives in the WAL.
  const std::string wal = read_file_bytes(file.string() + "-wal");
  CHECK(wal.size() > 0);
  CHECK(wal.find(canary) == std::string::npos);
  CHECK(wal.find("OP.2203@") == std::string::npos);
  books.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const std::string main = read_file_bytes(file);
  CHECK(main.find("SQLite format 3") == std::string::npos);
  CHECK(main.find(canary) == std::string::npos);
  CHECK(main.find("journal_entry") == std::string::npos);  // not even the schema
  const auto key = store::load_file_key(estate.dir.master_key(), file.string() + ".key");
  CHECK(read_file_bytes(file.string() + ".key").find(crypto::to_hex(key)) == std::string::npos);
}

TEST_CASE("registry and newly created files use WAL, synchronous FULL and enforced foreign keys") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("pragmas-all", 1);
  ScratchDatabase scratch;
  Database fresh = scratch.open();
  Database registry = estate.dir.open_registry();
  for (Database* db : {&fresh, &registry}) {
    CHECK(db->query_int64("PRAGMA synchronous") == 2);
    CHECK(db->query_int64("PRAGMA foreign_keys") == 1);
    store::Statement mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
  }
  // Foreign keys are enforced, not just switched on.
  Database books = estate.dir.open_estate("t");
  const Error e = error_of([&] {
    books.exec(
        "INSERT INTO account (code, fund, type, name_zh, name_en, parent_id)"
        " VALUES ('OP.9999', 'OP', 'asset', 'x', 'x', 424242)");
  });
  CHECK(e.kind() == ErrorKind::integrity);
  CHECK(books.query_int64("SELECT count(*) FROM account WHERE code = 'OP.9999'") == 0);
}

TEST_CASE("a transaction not committed rolls back, also when an exception unwinds it") {
  ScratchDatabase scratch;
  Database db = scratch.open();
  {
    store::Transaction tx(db);
    db.exec("INSERT INTO note (text) VALUES ('dropped')");
    CHECK(db.query_int64("SELECT count(*) FROM note") == 2);  // visible inside
  }
  CHECK(db.query_int64("SELECT count(*) FROM note") == 1);
  try {
    store::Transaction tx(db);
    db.exec("INSERT INTO note (text) VALUES ('dropped too')");
    db.exec("INSERT INTO note (text) VALUES (NULL)");  // NOT NULL fails
    tx.commit();
  } catch (const Error&) {
  }
  CHECK(db.query_int64("SELECT count(*) FROM note") == 1);
  {
    store::Transaction tx(db);
    db.exec("INSERT INTO note (text) VALUES ('kept')");
    tx.commit();
  }
  Database other = scratch.open();
  CHECK(other.query_int64("SELECT count(*) FROM note") == 2);
}

TEST_CASE("an uncommitted write is invisible to another connection") {
  ScratchDatabase scratch;
  Database writer = scratch.open();
  Database reader = scratch.open();
  store::Transaction tx(writer);
  writer.exec("INSERT INTO note (text) VALUES ('pending')");
  CHECK(reader.query_int64("SELECT count(*) FROM note") == 1);
  tx.commit();
  CHECK(reader.query_int64("SELECT count(*) FROM note") == 2);
}

TEST_CASE("a transaction inside another is a savepoint that commits only with the outer one") {
  ScratchDatabase scratch;
  Database db = scratch.open();
  const std::int64_t before = db.query_int64("SELECT count(*) FROM note");
  {
    store::Transaction outer(db);
    {
      store::Transaction kept(db);
      db.exec("INSERT INTO note (text) VALUES ('kept')");
      kept.commit();
    }
    {
      store::Transaction undone(db);  // destroyed uncommitted: only its own row goes
      db.exec("INSERT INTO note (text) VALUES ('undone')");
    }
    db.exec("INSERT INTO note (text) VALUES ('outer')");
    outer.commit();
  }
  CHECK(db.query_int64("SELECT count(*) FROM note") == before + 2);
  CHECK(db.query_int64("SELECT count(*) FROM note WHERE text = 'undone'") == 0);
  {
    store::Transaction outer(db);  // rolled back: takes the committed savepoint's row with it
    store::Transaction inner(db);
    db.exec("INSERT INTO note (text) VALUES ('inner')");
    inner.commit();
  }
  CHECK(db.query_int64("SELECT count(*) FROM note WHERE text = 'inner'") == 0);
}

TEST_CASE("statements bind and read back integers, text with NULs, blobs and NULL") {
  ScratchDatabase scratch;
  Database db = scratch.open();
  db.exec("CREATE TABLE value (i INTEGER, t TEXT, b BLOB, n TEXT)");
  const std::string text_with_nul = std::string("a") + '\0' + "b — 中";
  const std::vector<std::uint8_t> blob = {0, 1, 2, 255};
  db.prepare("INSERT INTO value VALUES (?1, ?2, ?3, ?4)")
      .bind(1, std::int64_t{-9'223'372'036'854'775'807 - 1})
      .bind(2, text_with_nul)
      .bind_blob(3, blob)
      .bind_null(4)
      .run();
  store::Statement st = db.prepare("SELECT i, t, b, n FROM value");
  REQUIRE(st.step());
  CHECK(st.int64(0) == INT64_MIN);
  CHECK(st.text(1) == text_with_nul);
  CHECK(std::vector<std::uint8_t>(st.blob(2).begin(), st.blob(2).end()) == blob);
  CHECK(st.is_null(3));
  CHECK_FALSE(st.step());
  CHECK(db.query_int64("SELECT i FROM value WHERE 0", 77) == 77);
  CHECK(db.query_int64("SELECT NULL", -1) == -1);
}

TEST_CASE("SQL errors become storage errors and trigger messages become rule violations") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("sql-errors", 1);
  Database db = estate.dir.open_estate("t");
  CHECK(error_of([&] { db.exec("SELEC 1"); }).kind() == ErrorKind::storage);
  CHECK(error_of([&] { db.prepare("SELECT * FROM no_such_table"); }).kind() == ErrorKind::storage);

  db.exec("INSERT INTO closed_period VALUES ('2026-09', 'now', 'test')");
  const Error rule = error_of([&] { db.exec("DELETE FROM closed_period"); });
  CHECK(rule.kind() == ErrorKind::rule_violation);
  CHECK(std::string(rule.what()) == "a closed period cannot be reopened");

  const Error range =
      error_of([&] { db.exec("INSERT INTO balance_day VALUES (1, '2026-10-01', -1, 0)"); });
  CHECK(range.kind() == ErrorKind::rule_violation);
  CHECK(range.type() == "balance-out-of-range");

  const Error check =
      error_of([&] { db.exec("INSERT INTO unit VALUES ('1-1-9999', 'castle', 100, 'x', 'now')"); });
  CHECK(check.kind() == ErrorKind::integrity);
}
