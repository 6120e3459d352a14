// The action log: chained rows, append-only, and written atomically with the write it records.
#include <catch2/catch_test_macros.hpp>

#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/ledger/commit_queue.h"
#include "trustfund/ledger/writes.h"

using namespace trustfund;
using testing::TempEstate;

namespace {

const ledger::Actor kAlice("user:alice", "127.0.0.1");

ledger::ActionRecord act(const char* action, std::string target = "") {
  return kAlice.record(action, std::move(target));
}

ledger::EntryInput payment(int unit, const char* amount, std::string key = "") {
  ledger::EntryInput e;
  e.date = Date::parse("2026-10-05");
  e.kind = "payment";
  e.memo = "WeChat Pay";
  e.postings = {{"OP.1002", money::Amount::parse(amount)},
                {TempEstate::sub("OP.1122", unit), -money::Amount::parse(amount)}};
  e.idempotency_key = std::move(key);
  return e;
}

}  // namespace

TEST_CASE("each action row chains to the one before and the chain verifies") {
  TempEstate estate("actions-chain");
  ledger::Books books = estate.open();
  store::Database& db = books.database();
  CHECK(ledger::append_action(db, act("add_unit", "unit:1-1-0101")) == 0);
  CHECK(ledger::append_action(db, act("read:read_unit", "unit:1-1-0101")) == 1);
  CHECK(ledger::append_action(db, act("close_period", "period:2026-09")) == 2);
  const auto rows = ledger::list_actions(db, -1, 10);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].prev_hash == crypto::Digest{});
  CHECK(rows[1].prev_hash == rows[0].hash);
  CHECK(rows[2].prev_hash == rows[1].hash);
  CHECK(rows[2].hash == ledger::action_hash(rows[1].hash, 2, rows[2].at, rows[2].record));
  CHECK(ledger::verify_actions(db).empty());
  CHECK(ledger::list_actions(db, 1, 10).size() == 1);
  CHECK(ledger::action_count(db) == 3);
}

TEST_CASE("the action log refuses updates, deletes and rows that do not chain") {
  TempEstate estate("actions-append-only");
  ledger::Books books = estate.open();
  store::Database& db = books.database();
  ledger::append_action(db, act("add_unit", "unit:1-1-0101"));
  CHECK_THROWS_AS(db.exec("UPDATE action_log SET actor = 'user:mallory'"), Error);
  CHECK_THROWS_AS(db.exec("DELETE FROM action_log"), Error);
  CHECK_THROWS_AS(db.exec("INSERT INTO action_log VALUES (1, 'now', 'a', '', 'x', '', '', "
                          "zeroblob(32), zeroblob(32))"),
                  Error);
  CHECK(ledger::action_count(db) == 1);
}

TEST_CASE("verify finds a row whose contents no longer match its hash") {
  TempEstate estate("actions-tamper");
  ledger::Books books = estate.open();
  store::Database& db = books.database();
  ledger::append_action(db, act("add_unit", "unit:1-1-0101"));
  ledger::append_action(db, act("add_unit", "unit:1-1-0102"));
  // Someone with the key drops the trigger and edits a row: the chain shows it.
  db.exec("DROP TRIGGER action_log_append_only_update");
  db.exec("UPDATE action_log SET target = 'unit:9-9-9999' WHERE seq = 0");
  const auto problems = ledger::verify_actions(db);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("action 0") == 0);
}

TEST_CASE("over-long action fields are cut, never refused") {
  TempEstate estate("actions-bounds");
  ledger::Books books = estate.open();
  ledger::ActionRecord long_one = act("post_entry");
  long_one.detail = std::string(5000, 'x') + "中";
  ledger::append_action(books.database(), long_one);
  const auto rows = ledger::list_actions(books.database(), -1, 1);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].record.detail.size() == ledger::kMaxActionDetailBytes);
  CHECK(ledger::verify_actions(books.database()).empty());
}

TEST_CASE("an entry posted through the commit queue is logged in its own transaction") {
  TempEstate estate("actions-queue");
  {
    ledger::CommitQueue queue(estate.open());
    auto first = queue.submit(payment(1, "300.00", "k1"), kAlice);
    CHECK(first.get().seq == 0);
    // A replay writes nothing, so it logs nothing.
    CHECK(queue.submit(payment(1, "300.00", "k1"), kAlice).get().replayed);
    // A refused entry is not logged either.
    CHECK_THROWS_AS(queue.submit(payment(1, "0.00"), kAlice).get(), Error);
    queue.record(act("read:read_unit", "unit:1-1-0101")).get();
  }
  ledger::Books books = estate.open();
  const auto rows = ledger::list_actions(books.database(), -1, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].record.action == "post_entry");
  CHECK(rows[0].record.target == "entry:0");
  CHECK(rows[0].record.detail == "payment");
  CHECK(rows[0].record.actor == "user:alice");
  CHECK(rows[0].record.remote == "127.0.0.1");
  CHECK(rows[1].record.action == "read:read_unit");
  CHECK(books.entry_count() == 1);
}

TEST_CASE("a task on the writer thread writes atomically with its action row") {
  TempEstate estate("actions-task");
  ledger::CommitQueue queue(estate.open());
  const ledger::UnitInput unit{"2-1-0101", "residential", money::Area::parse("75.00"), "o"};
  // The task fails after adding the unit: the unit must not stay.
  auto failing = queue.execute([&](ledger::Books& books) {
    ledger::AuditedWrite write(books, kAlice);
    books.add_unit(unit);
    throw Error::rule("test", "", "fails after the write");
  });
  CHECK_THROWS_AS(failing.get(), Error);
  const int units =
      queue.execute([](ledger::Books& books) { return static_cast<int>(books.units().size()); })
          .get();
  CHECK(units == 4);
  queue.execute([&](ledger::Books& books) { ledger::add_unit(books, unit, kAlice); }).get();
  // Entries to the new unit's sub-account are accepted right after.
  ledger::EntryInput e = payment(1, "10.00");
  e.postings[1].account = "OP.1122@2-1-0101";
  CHECK(queue.submit(e, kAlice).get().seq == 0);
  ledger::Books books = estate.open();
  CHECK(books.units().size() == 5);
  const auto rows = ledger::list_actions(books.database(), -1, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].record.action == "add_unit");
  CHECK(rows[0].record.target == "unit:2-1-0101");
  CHECK(rows[1].record.action == "post_entry");
}
