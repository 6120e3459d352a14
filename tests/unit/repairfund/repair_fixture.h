// An estate for the repair fund tests: the escrow fixture (two custodians, bank accounts,
// 100,000.00 in each fund), plus units in a second building and owners for them.
#pragma once

#include "support/actors.h"
#include "trustfund/repairfund/project.h"
#include "trustfund/repairfund/subaccounts.h"
#include "unit/escrow/escrow_fixture.h"

namespace trustfund::testing {

inline money::Amount yuan(const char* s) {
  return money::Amount::parse(s);
}

inline std::string hex64(char c) {
  return std::string(64, c);
}

struct RepairEstate : EscrowEstate {
  // Building 1: units 1-1-0101 .. 1-1-0104 (owner "owner"), from TempEstate; building 2: 2-1-0101
  // .. 2-1-0104, owners "b2-1" .. "b2-4".
  explicit RepairEstate(const char* tag) : EscrowEstate(tag) {
    for (int i = 1; i <= 4; ++i) {
      books.add_unit({"2-1-010" + std::to_string(i), "residential",
                      money::Area::from_hundredths_m2(9000 + 100 * i), "b2-" + std::to_string(i)});
    }
  }

  static repairfund::ProjectInput lift(const char* budget = "30000.00") {
    repairfund::ProjectInput in;
    in.title = "Lift 2 traction machine";
    in.category = "lift";
    in.reason = "Inspection found the traction sheave worn";
    in.budget = yuan(budget);
    in.quotes = {{"Chengdu Lift Co.", yuan("28000.00"), hex64('1')},
                 {"West Lift Services", yuan("29500.00"), hex64('2')},
                 {"Sichuan Elevator", yuan("31000.00"), hex64('3')}};
    in.chosen_quote = 0;
    in.chosen_reason = "lowest price, 2-year warranty";
    in.scope = repairfund::parse_scope("buildings", {"2"});
    in.documents = {{"inspection report.pdf", hex64('4')}};
    return in;
  }

  static repairfund::Contract contract(const char* price = "28000.00") {
    repairfund::Contract c;
    c.contractor = "Chengdu Lift Co.";
    c.payee = {"Chengdu Lift Co.", "6217001234567890", "CCB Chengdu", "105651000017"};
    c.price = yuan(price);
    c.signed_on = Date::parse("2026-03-01");
    c.document_sha256 = hex64('5');
    c.warranty_months = 24;
    return c;
  }

  // Every voter of building 2 votes `choice`.
  void all_vote(const std::string& vote_ref, repairfund::Choice choice) {
    for (int i = 1; i <= 4; ++i) {
      repairfund::cast_ballot(books, vote_ref, "b2-" + std::to_string(i), choice,
                              Date::parse("2026-02-10"), "user:committee"_actor);
    }
  }

  // Signs (committee, then manager) and executes the order on `date`.
  void pay(const std::string& order_id, const char* date) {
    const escrow::Order o = escrow::order(books, order_id);
    const std::string first = committee.sign(o.canonical);
    escrow::add_signature(books, order_id, first, "user:custodian-a"_actor);
    escrow::add_signature(books, order_id, manager.cosign(first, o.canonical),
                          "user:custodian-b"_actor);
    escrow::execute_order(books, order_id, Date::parse(date), "user:treasurer"_actor);
  }

  // A voted, approved, contracted lift project in works.
  repairfund::Project in_works(const char* budget = "30000.00", const char* price = "28000.00") {
    repairfund::Project p = repairfund::propose_project(books, lift(budget), "user:manager"_actor);
    p = repairfund::put_to_vote(books, p.project_ref, "Repair lift 2 from the repair fund?",
                                Date::parse("2026-02-01"), Date::parse("2026-02-20"),
                                "user:committee"_actor);
    all_vote(*p.vote_ref, repairfund::Choice::yes);
    p = repairfund::decide(books, p.project_ref, "user:committee"_actor);
    REQUIRE(p.state == repairfund::ProjectState::approved);
    p = repairfund::sign_contract(books, p.project_ref, contract(price), "user:manager"_actor);
    return repairfund::start_works(books, p.project_ref, Date::parse("2026-03-05"), "user:m"_actor);
  }
};

}  // namespace trustfund::testing
