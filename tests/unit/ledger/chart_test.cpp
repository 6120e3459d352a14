// The standard chart of accounts and the per-unit sub-accounts created with each unit.
#include <catch2/catch_test_macros.hpp>

#include <set>
#include <string>

#include "fixture.h"
#include "support/errors.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/chart.h"

using namespace trustfund;
using ledger::AccountType;
using ledger::Books;
using ledger::Fund;
using testing::error_of;
using testing::TempEstate;

TEST_CASE("every account of the standard chart belongs to one of three funds, named by its code") {
  std::set<std::string> funds;
  std::set<std::string> codes;
  for (const auto& spec : ledger::standard_chart()) {
    const std::string code = spec.code;
    INFO(code);
    CHECK(codes.insert(code).second);  // no code twice
    const std::string prefix = code.substr(0, code.find('.'));
    CHECK(prefix == ledger::fund_code(spec.fund));
    funds.insert(prefix);
    if (spec.parent) {
      const std::string parent = spec.parent;
      CHECK(code.rfind(parent + ".", 0) == 0);
      CHECK(codes.contains(parent));  // parents come first
    }
    if (spec.per_unit)
      CHECK_FALSE(spec.postable);
  }
  CHECK(funds == std::set<std::string>{"OP", "PR", "RF"});
}

TEST_CASE("each named account code is an account of the standard chart, per unit where said") {
  namespace a = ledger::accounts;
  const auto spec_of = [](const char* code) -> const ledger::AccountSpec* {
    for (const auto& spec : ledger::standard_chart()) {
      if (std::string(spec.code) == code)
        return &spec;
    }
    return nullptr;
  };
  for (const char* code : {a::kOperatingBank,        a::kRemunerationPayable,
                           a::kOperatingBalance,     a::kFeeIncome,
                           a::kServiceCosts,         a::kStaffCosts,
                           a::kMaintenanceCosts,     a::kCleaningCosts,
                           a::kLandscapingCosts,     a::kSecurityCosts,
                           a::kOfficeCosts,          a::kDepreciation,
                           a::kInsuranceCosts,       a::kOtherAgreedCosts,
                           a::kRemuneration,         a::kPublicRevenueBank,
                           a::kPublicRevenueBalance, a::kTransfersToRepairFund,
                           a::kParkingRevenue,       a::kAdvertisingRevenue,
                           a::kVenueRevenue,         a::kTelecomRevenue,
                           a::kCompensationRevenue,  a::kInterestRevenue,
                           a::kOtherRevenue,         a::kPublicRevenueCosts,
                           a::kRepairBank,           a::kRepairWorksInProgress,
                           a::kRepairPayables,       a::kRepairRetention}) {
    INFO(code);
    REQUIRE(spec_of(code) != nullptr);
    CHECK_FALSE(spec_of(code)->per_unit);
  }
  for (const char* control : {a::kFeesReceivable, a::kFeePrepayments, a::kRepairSubAccounts}) {
    INFO(control);
    REQUIRE(spec_of(control) != nullptr);
    CHECK(spec_of(control)->per_unit);
  }
  CHECK(ledger::is_unit_account_of("OP.1122@3-2-1502", a::kFeesReceivable));
  CHECK_FALSE(ledger::is_unit_account_of("OP.1122", a::kFeesReceivable));
  CHECK_FALSE(ledger::is_unit_account_of("OP.11222@3-2-1502", a::kFeesReceivable));
  CHECK(ledger::is_head_of("OP.6601.03", a::kServiceCosts));
  CHECK_FALSE(ledger::is_head_of("OP.6601", a::kServiceCosts));
  CHECK_FALSE(ledger::is_head_of("OP.66011", a::kServiceCosts));
}

TEST_CASE("a new estate holds exactly the standard chart, as specified") {
  TempEstate estate("chart-exact", 0);
  Books books = estate.open();
  const auto& chart = books.chart();
  REQUIRE(chart.accounts().size() == ledger::standard_chart().size());
  for (const auto& spec : ledger::standard_chart()) {
    INFO(spec.code);
    const ledger::Account* a = chart.find(spec.code);
    REQUIRE(a != nullptr);
    CHECK(a->fund == spec.fund);
    CHECK(a->type == spec.type);
    CHECK(a->name_zh == spec.name_zh);
    CHECK(a->name_en == spec.name_en);
    CHECK(a->per_unit == spec.per_unit);
    CHECK(a->postable == spec.postable);
    CHECK(a->unit_code.empty());
    if (spec.parent) {
      REQUIRE(a->parent_id);
      CHECK(chart.by_id(*a->parent_id).code == spec.parent);
      CHECK(chart.ancestors(a->id) == std::vector<std::int64_t>{*a->parent_id});
    } else {
      CHECK_FALSE(a->parent_id);
      CHECK(chart.ancestors(a->id).empty());
    }
  }
}

TEST_CASE("the nine cost heads OP.6601.01 to OP.6601.09 are postable expenses under OP.6601") {
  TempEstate estate("cost-heads", 0);
  Books books = estate.open();
  const auto& chart = books.chart();
  const ledger::Account* control = chart.find("OP.6601");
  REQUIRE(control != nullptr);
  CHECK_FALSE(control->postable);
  int heads = 0;
  for (const auto& a : chart.accounts()) {
    if (a.parent_id == control->id) {
      ++heads;
      CHECK(a.type == AccountType::expense);
      CHECK(a.fund == Fund::operating);
      CHECK(a.postable);
    }
  }
  CHECK(heads == 9);
  for (int head = 1; head <= 9; ++head) {
    std::string code = "OP.6601.0";
    code += static_cast<char>('0' + head);
    CHECK(chart.find(code) != nullptr);
  }
  CHECK(chart.find("OP.6601.00") == nullptr);
  CHECK(chart.find("OP.6601.10") == nullptr);
}

TEST_CASE("exactly the control accounts take no postings; three of them are kept per unit") {
  TempEstate estate("controls", 0);
  Books books = estate.open();
  std::set<std::string> not_postable, per_unit;
  for (const auto& a : books.chart().accounts()) {
    if (!a.postable)
      not_postable.insert(a.code);
    if (a.per_unit)
      per_unit.insert(a.code);
  }
  CHECK(not_postable ==
        std::set<std::string>{"OP.1122", "OP.2203", "OP.6601", "PR.6051", "RF.3001"});
  CHECK(per_unit == std::set<std::string>{"OP.1122", "OP.2203", "RF.3001"});
}

TEST_CASE("adding a unit creates its three sub-accounts in the control accounts' funds, durably") {
  TempEstate estate("unit-accounts", 0);
  {
    Books books = estate.open();
    const auto before = books.chart().accounts().size();
    books.add_unit({"3-2-1502", "residential", money::Area::parse("89.37"), "owner-17"});
    CHECK(books.chart().accounts().size() == before + 3);
  }
  Books books = estate.open();  // read back from the file
  const auto& chart = books.chart();
  for (const char* control : {"OP.1122", "OP.2203", "RF.3001"}) {
    INFO(control);
    const std::string code = ledger::unit_account_code(control, "3-2-1502");
    CHECK(code == std::string(control) + "@3-2-1502");
    const ledger::Account* sub = chart.find(code);
    REQUIRE(sub != nullptr);
    const ledger::Account* parent = chart.find(control);
    CHECK(sub->postable);
    CHECK_FALSE(sub->per_unit);
    CHECK(sub->fund == parent->fund);
    CHECK(sub->type == parent->type);
    CHECK(sub->unit_code == "3-2-1502");
    CHECK(sub->parent_id == parent->id);
    CHECK(chart.ancestors(sub->id) == std::vector<std::int64_t>{parent->id});
  }
  CHECK(chart.find("RF.3001@3-2-1502")->fund == Fund::repair);
  const auto units = books.units();
  REQUIRE(units.size() == 1);
  CHECK(units[0].code == "3-2-1502");
  CHECK(units[0].kind == "residential");
  CHECK(units[0].area == money::Area::parse("89.37"));
  CHECK(units[0].owner_ref == "owner-17");
}

TEST_CASE("a unit that exists already or is malformed is refused and adds no account") {
  TempEstate estate("unit-refused", 1);
  Books books = estate.open();
  const auto accounts = books.chart().accounts().size();
  const money::Area area = money::Area::parse("50");
  const Error twice = error_of([&] {
    books.add_unit({TempEstate::unit(1), "residential", area, "o"});
  });
  CHECK(twice.kind() == ErrorKind::conflict);
  CHECK(twice.type() == "unit-exists");
  for (const std::string& code : {std::string(), std::string("-1"), std::string("1-"),
                                  std::string("1--2"), std::string("1 2"), std::string(33, '1'),
                                  std::string("1@2"), std::string("\xe4\xb8\xad")}) {
    INFO(code);
    const Error e = error_of([&] { books.add_unit({code, "residential", area, "o"}); });
    CHECK(e.type() == "unit-code");
    CHECK(e.field() == "code");
  }
  CHECK(error_of([&] { books.add_unit({"9-9", "villa", area, "o"}); }).type() == "unit-kind");
  CHECK(error_of([&] {
          books.add_unit({"9-9", "parking", money::Area::from_hundredths_m2(0), "o"});
        }).type() == "unit-area");
  CHECK(error_of([&] { books.add_unit({"9-9", "commercial", area, ""}); }).type() == "unit-owner");
  CHECK(books.chart().accounts().size() == accounts);
  CHECK(estate.open().chart().accounts().size() == accounts);
  CHECK(books.units().size() == 1);
}

TEST_CASE("account codes become colon-separated names in the ledger export") {
  CHECK(ledger::ledger_account_name("OP.1122@3-2-1502") == "OP:1122:3-2-1502");
  CHECK(ledger::ledger_account_name("OP.6601.01") == "OP:6601:01");
  CHECK(ledger::ledger_account_name("RF.1002") == "RF:1002");
}
