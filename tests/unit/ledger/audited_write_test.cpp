// One audited write: the write and its action row commit together or not at all; the ledger's
// own writes (writes.h, import.h) log who made them, and a replay logs nothing.
#include <catch2/catch_test_macros.hpp>

#include <sstream>

#include "fixture.h"
#include "support/errors.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/ledger/import.h"
#include "trustfund/ledger/writes.h"

using namespace trustfund;
using testing::error_of;
using testing::TempEstate;
using testing::yuan;

namespace {

const ledger::Actor kBob("user:bob", "198.51.100.4");

ledger::EntryInput cash_in(const char* date, const char* amount, std::string key = "") {
  ledger::EntryInput e =
      testing::make_entry(date, {{"OP.1002", yuan(amount)}, {"OP.3101", -yuan(amount)}});
  e.idempotency_key = std::move(key);
  return e;
}

std::vector<ledger::LoggedAction> actions(ledger::Books& books) {
  return ledger::list_actions(books.database(), -1, 100);
}

}  // namespace

TEST_CASE("an actor is 1-100 bytes, checked when it is made") {
  CHECK(error_of([] { ledger::Actor(""); }).type() == "actor");
  CHECK(error_of([] { ledger::Actor(std::string(101, 'a')); }).field() == "actor");
  const ledger::Actor longest(std::string(100, 'a'), "203.0.113.9");
  CHECK(longest.name().size() == 100);
  const ledger::ActionRecord row = longest.record("close_period", "period:2026-09", "why");
  CHECK(row.actor == longest.name());
  CHECK(row.remote == "203.0.113.9");
  CHECK(row.action == "close_period");
  CHECK(row.target == "period:2026-09");
  CHECK(row.detail == "why");
}

TEST_CASE("an audited write commits its writes and its action row together") {
  TempEstate estate("audited-commit");
  ledger::Books books = estate.open();
  {
    ledger::AuditedWrite write(books, kBob);
    books.post(cash_in("2026-10-01", "5.00"), kBob.name());
    write.commit("post_entry", "entry:0", "general");
  }
  CHECK(books.entry_count() == 1);
  const auto rows = actions(books);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].record.actor == "user:bob");
  CHECK(rows[0].record.remote == "198.51.100.4");
  CHECK(rows[0].record.target == "entry:0");
  CHECK(ledger::verify_actions(books.database()).empty());
}

TEST_CASE("an audited write destroyed uncommitted leaves nothing, and the books forget it") {
  TempEstate estate("audited-rollback");
  ledger::Books books = estate.open();
  const testing::BooksFingerprint before = testing::fingerprint(books);
  {
    ledger::AuditedWrite write(books, kBob);
    {
      ledger::Books::Writer writer(books, ledger::Books::Writer::Nesting::join);
      writer.add(cash_in("2026-10-01", "5.00"), kBob.name());
      writer.commit();
    }
    books.add_unit({"9-9-0901", "residential", money::Area::parse("50.00"), "o"});
    books.close_period(Period::parse("2026-09"), kBob.name());
    CHECK(books.entry_count() == 1);
  }
  CHECK(testing::fingerprint(books) == before);
  CHECK(books.entry_count() == 0);
  CHECK_FALSE(books.is_closed(Period::parse("2026-09")));
  CHECK(books.chart().find("OP.1122@9-9-0901") == nullptr);
  CHECK(actions(books).empty());
}

TEST_CASE("an audited write inside another commits into it, and goes with it") {
  TempEstate estate("audited-nested");
  ledger::Books books = estate.open();
  {
    ledger::AuditedWrite outer(books, kBob);
    {
      ledger::AuditedWrite inner(books, kBob);
      books.post(cash_in("2026-10-01", "5.00"), kBob.name());
      inner.commit("post_entry", "entry:0");
    }
    CHECK(actions(books).size() == 1);  // visible inside the outer transaction
  }
  CHECK(books.entry_count() == 0);
  CHECK(actions(books).empty());
}

TEST_CASE("the ledger's writes log who made them, with what the API has always logged") {
  TempEstate estate("audited-ledger-writes");
  ledger::Books books = estate.open();
  ledger::add_unit(books, {"2-1-0101", "residential", money::Area::parse("75.00"), "o"}, kBob);
  ledger::import_units(books,
                       {{"2-1-0102", "residential", money::Area::parse("75.00"), "o"},
                        {"P-001", "parking", money::Area::parse("12.50"), "o"}},
                       kBob);
  const ledger::RecordedEntry posted =
      ledger::post_entry(books, cash_in("2026-10-01", "5.00", "key-1"), kBob);
  const ledger::RecordedEntry reversal =
      ledger::reverse_entry(books, posted.seq, Date::parse("2026-10-02"), "", kBob);
  CHECK(reversal.memo == "reversal of entry 0");
  ledger::close_period(books, Period::parse("2026-09"), kBob);
  std::istringstream lines(
      R"({"date":"2026-10-03","kind":"general","memo":"m","postings":[{"account":"OP.1002","amount":"1.00"},{"account":"OP.3101","amount":"-1.00"}]})"
      "\n");
  ledger::import_jsonl(books, lines, "october.jsonl", kBob);

  const auto rows = actions(books);
  REQUIRE(rows.size() == 6);
  const auto is = [&](std::size_t i, const char* action, const char* target, const char* detail) {
    INFO(i);
    CHECK(rows[i].record.actor == "user:bob");
    CHECK(rows[i].record.action == action);
    CHECK(rows[i].record.target == target);
    CHECK(rows[i].record.detail == detail);
  };
  is(0, "add_unit", "unit:2-1-0101", "residential 75.00 m2");
  is(1, "import_units", "estate:t", "2 units");
  is(2, "post_entry", "entry:0", "general");
  is(3, "reverse_entry", "entry:1", "reverses 0");
  is(4, "close_period", "period:2026-09", "");
  is(5, "import_entries", "file:october.jsonl", "1 entries, 0 replayed");
  CHECK(ledger::verify_actions(books.database()).empty());
}

TEST_CASE("a replayed entry writes nothing and logs nothing") {
  TempEstate estate("audited-replay");
  ledger::Books books = estate.open();
  ledger::post_entry(books, cash_in("2026-10-01", "5.00", "key-1"), kBob);
  CHECK(ledger::post_entry(books, cash_in("2026-10-01", "5.00", "key-1"), kBob).replayed);
  CHECK(books.entry_count() == 1);
  CHECK(actions(books).size() == 1);
}

TEST_CASE("a failed ledger write leaves neither the write nor an action row") {
  TempEstate estate("audited-failed");
  ledger::Books books = estate.open();
  const ledger::UnitInput taken{TempEstate::unit(1), "residential", money::Area::parse("75.00"),
                                "o"};
  const ledger::UnitInput fresh{"2-1-0101", "residential", money::Area::parse("75.00"), "o"};
  CHECK(error_of([&] {
          ledger::import_units(books, {fresh, taken}, kBob);
        }).type() == "unit-exists");
  CHECK(books.units().size() == 4);
  CHECK(books.chart().find("OP.1122@2-1-0101") == nullptr);
  ledger::close_period(books, Period::parse("2026-09"), kBob);
  CHECK(error_of([&] { ledger::close_period(books, Period::parse("2026-09"), kBob); }).type() ==
        "period-closed");
  CHECK(actions(books).size() == 1);
}
