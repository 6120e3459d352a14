// The data directory: initialising, opening, estate ids, creating and listing estates.
#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <string>

#include "store_fixture.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/data_dir.h"

using namespace trustfund;
using store::DataDir;
using testing::error_of;
using testing::MasterKeyEnvironment;
using testing::TempDataDir;

TEST_CASE("estate ids are 1 to 40 characters of a-z, 0-9 and '-', not starting with '-'") {
  for (const std::string& good : {std::string("a"), std::string("7"), std::string("sunrise-garden"),
                                  std::string("2-b"), std::string(40, 'z')}) {
    INFO(good);
    CHECK_NOTHROW(DataDir::check_estate_id(good));
  }
  for (const std::string& bad :
       {std::string(), std::string(41, 'z'), std::string("-a"), std::string("A"),
        std::string("sunrise_garden"), std::string("a.b"), std::string(".."), std::string("a/b"),
        std::string("a b"), std::string("caf\xc3\xa9"), std::string("a\0b", 3),
        std::string("a\n")}) {
    INFO(bad);
    const Error e = error_of([&] { DataDir::check_estate_id(bad); });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == "estate-id-syntax");
    CHECK(e.field() == "estate_id");
  }
}

TEST_CASE("an invalid estate id or name creates no file") {
  MasterKeyEnvironment env;
  TempDataDir data("bad-create");
  CHECK(error_of([&] { data.dir.create_estate("../escape", "x"); }).type() == "estate-id-syntax");
  CHECK(error_of([&] { data.dir.create_estate("ok", ""); }).type() == "estate-name");
  CHECK(error_of([&] { data.dir.create_estate("ok", std::string(201, 'n')); }).type() ==
        "estate-name");
  CHECK(std::filesystem::is_empty(data.path / "estates"));
  CHECK(data.dir.estates().empty());
}

TEST_CASE("creating an estate twice is a conflict and leaves the first one intact") {
  MasterKeyEnvironment env;
  testing::TempEstate estate("twice", 1);
  {
    ledger::Books books = estate.open();
    ledger::EntryInput e;
    e.date = Date::parse("2026-10-01");
    e.kind = "general";
    e.memo = "kept";
    e.postings = {{"OP.1002", money::Amount::parse("1")}, {"OP.3101", money::Amount::parse("-1")}};
    books.post(e, "test");
  }
  const Error e = error_of([&] { estate.dir.create_estate("t", "Again"); });
  CHECK(e.kind() == ErrorKind::conflict);
  CHECK(e.type() == "estate-exists");
  ledger::Books books = estate.open();
  CHECK(books.entry_count() == 1);
  CHECK(books.estate_name() == "Test");
  CHECK(estate.dir.estates().size() == 1);
}

TEST_CASE("a stray estate file that is not registered blocks creation and is not deleted") {
  MasterKeyEnvironment env;
  TempDataDir data("stray");
  const auto file = data.dir.estate_file("stray");
  testing::write_file_bytes(file, "someone else's bytes");
  CHECK(error_of([&] { data.dir.create_estate("stray", "Stray"); }).kind() == ErrorKind::conflict);
  CHECK(testing::read_file_bytes(file) == "someone else's bytes");
  CHECK(error_of([&] { data.dir.open_estate("stray"); }).type() == "estate-unknown");
}

TEST_CASE("the registry lists every created estate in id order and each opens with its own key") {
  MasterKeyEnvironment env;
  TempDataDir data("listing");
  for (const char* id : {"river-view", "a1", "moon-court"}) {
    ledger::Books::create(data.dir.create_estate(id, std::string("Name of ") + id), id,
                          std::string("Name of ") + id);
  }
  const auto listed = data.dir.estates();
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].estate_id == "a1");
  CHECK(listed[1].estate_id == "moon-court");
  CHECK(listed[2].estate_id == "river-view");
  CHECK(listed[1].name == "Name of moon-court");
  for (const auto& record : listed) {
    ledger::Books books = ledger::Books::open(data.dir.open_estate(record.estate_id));
    CHECK(books.estate_id() == record.estate_id);
  }
  // Reopening the data directory with the same master key sees the same estates.
  const DataDir reopened = DataDir::open(data.path, {}, nullptr);
  CHECK(reopened.estates().size() == 3);
}

TEST_CASE("a data directory is initialised once and opening a folder without one says so") {
  MasterKeyEnvironment env;
  TempDataDir data("init-twice");
  const std::string key_before = testing::read_file_bytes(data.path / "master.key");
  std::string warning;
  const Error twice = error_of([&] { DataDir::init(data.path, {}, true, &warning); });
  CHECK(twice.kind() == ErrorKind::conflict);
  CHECK(twice.type() == "data-dir-exists");
  CHECK(testing::read_file_bytes(data.path / "master.key") == key_before);

  const auto elsewhere = data.path / "estates";
  const Error missing = error_of([&] { DataDir::open(elsewhere, {}, nullptr); });
  CHECK(missing.kind() == ErrorKind::not_found);
  CHECK(missing.type() == "data-dir-missing");
}

TEST_CASE("a development data directory says so when it is created and each time it is opened") {
  MasterKeyEnvironment env;
  const auto path = testing::fresh_temp_dir("dev-warning");
  std::string warning;
  const DataDir dir = DataDir::init(path, {}, true, &warning);
  CHECK(warning.find("development") != std::string::npos);
  CHECK(dir.master_key().is_dev());
  warning.clear();
  const DataDir opened = DataDir::open(path, {}, &warning);
  CHECK(warning.find("development master key") != std::string::npos);
  std::filesystem::remove_all(path);
}

TEST_CASE("a production data directory uses the configured master key and writes none to disk") {
  MasterKeyEnvironment env;
  const auto path = testing::fresh_temp_dir("prod");
  MasterKeyEnvironment::set("TRUSTFUND_MASTER_KEY", testing::repeated_hex_key('9'));
  std::string warning;
  {
    DataDir dir = DataDir::init(path, {}, false, &warning);
    CHECK(warning.empty());
    CHECK_FALSE(dir.master_key().is_dev());
    CHECK_FALSE(std::filesystem::exists(path / "master.key"));
    ledger::Books::create(dir.create_estate("p", "Prod"), "p", "Prod");
  }
  CHECK(DataDir::open(path, {}, nullptr).estates().size() == 1);
  ::unsetenv("TRUSTFUND_MASTER_KEY");
  CHECK(error_of([&] { DataDir::open(path, {}, nullptr); }).type() == "no-master-key");
  std::filesystem::remove_all(path);
}
