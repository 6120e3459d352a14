// Readers on their own connections (the HTTP service's pool) must see every committed write.
#include <catch2/catch_test_macros.hpp>

#include "support/temp_estate.h"
#include "trustfund/ledger/books.h"

using namespace trustfund;
using testing::TempEstate;

namespace {

ledger::EntryInput payment(const char* amount) {
  ledger::EntryInput e;
  e.date = Date::parse("2026-10-05");
  e.kind = "payment";
  e.postings = {{"OP.1002", money::Amount::parse(amount)},
                {TempEstate::sub("OP.1122", 1), -money::Amount::parse(amount)}};
  return e;
}

}  // namespace

TEST_CASE("a refreshed reader sees what another connection committed after its last read") {
  TempEstate estate("reader-refresh");
  ledger::Books writer = estate.open();
  ledger::Books reader = estate.open();
  writer.post(payment("1.00"), "test");
  reader.refresh();
  // Reading one entry leaves a cached statement on its row, which would pin the old snapshot.
  CHECK(reader.entry(0).seq == 0);
  CHECK(reader.balance("OP.1002", Date::parse("2026-10-31")) == money::Amount::parse("1.00"));
  writer.post(payment("2.00"), "test");
  writer.add_unit({"9-9-0101", "parking", money::Area::parse("12.50"), "o"});
  reader.refresh();
  CHECK(reader.entry_count() == 2);
  CHECK(reader.entry(1).seq == 1);
  CHECK(reader.balance("OP.1002", Date::parse("2026-10-31")) == money::Amount::parse("3.00"));
  CHECK(reader.units().size() == 5);
  CHECK(reader.chart().find("OP.1122@9-9-0101") != nullptr);
}
