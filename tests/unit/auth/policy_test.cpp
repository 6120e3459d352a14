// The access policy, restated here independently of policy.cpp: every role x every action.
#include <catch2/catch_test_macros.hpp>

#include <map>
#include <string>

#include "trustfund/auth/policy.h"

using namespace trustfund;
using auth::Action;
using auth::allowed;
using auth::Grant;
using auth::Principal;
using auth::Role;

namespace {

const char* const kOwnUnit = "1-1-0101";
const char* const kOtherUnit = "1-1-0102";

// Per action, one letter per role in enum order (admin, treasurer, manager, custodian,
// supervisor, resident, regulator): Y allowed, O only for the resident's own unit, - never.
// This is the table of docs/access.md.
const std::map<Action, std::string> kExpected = {
    {Action::read_estate, "YYYYYYY"},          {Action::read_unit, "YYYYYOY"},
    {Action::read_books, "YYYYY-Y"},           {Action::read_owner_data, "YYY--O-"},
    {Action::read_audit, "Y--YY-Y"},           {Action::write_journal, "YYY----"},
    {Action::close_period, "YY-----"},         {Action::manage_units, "Y-Y----"},
    {Action::prepare_disbursement, "YYY----"}, {Action::sign, "---Y---"},
    {Action::attest_statement, "----Y--"},     {Action::manage_users, "Y------"},
    {Action::create_estate, "-------"},  // installation admins only, below
    {Action::configure_escrow, "Y------"},     {Action::conduct_vote, "Y--Y---"},
    {Action::object_statement, "-----O-"},
};

Principal with(std::vector<Grant> grants) {
  Principal p;
  p.user_id = 1;
  p.username = "someone";
  p.grants = std::move(grants);
  return p;
}

Principal one_role(Role role, const std::string& estate = "sunrise") {
  return with({{role, estate, role == Role::resident ? kOwnUnit : ""}});
}

}  // namespace

TEST_CASE("the policy table: every role x every action, in its estate, for own and other units") {
  REQUIRE(kExpected.size() == auth::kAllActions.size());
  for (const Action action : auth::kAllActions) {
    const std::string& row = kExpected.at(action);
    for (const Role role : auth::kAllRoles) {
      const char cell = row.at(static_cast<std::size_t>(role));
      const Principal p = one_role(role);
      INFO(auth::to_string(role) << " / " << auth::to_string(action));
      CHECK(allowed(p, action, "sunrise") == (cell == 'Y'));
      CHECK(allowed(p, action, "sunrise", kOwnUnit) == (cell == 'Y' || cell == 'O'));
      CHECK(allowed(p, action, "sunrise", kOtherUnit) == (cell == 'Y'));
      // Nothing carries over to another estate, to no estate, or to every estate.
      CHECK_FALSE(allowed(p, action, "moon"));
      CHECK_FALSE(allowed(p, action, "moon", kOwnUnit));
      CHECK_FALSE(allowed(p, action, ""));
      CHECK_FALSE(allowed(p, action, "*"));
    }
  }
}

TEST_CASE("exactly the read actions are read-only") {
  for (const Action action : auth::kAllActions) {
    const std::string name = auth::to_string(action);
    CHECK(auth::is_read_only(action) == (name.rfind("read_", 0) == 0));
  }
}

TEST_CASE("a regulator never writes, in any estate of its jurisdiction") {
  const Principal p = with({{Role::regulator, "sunrise", ""}, {Role::regulator, "moon", ""}});
  CHECK(p.is_regulator_of("sunrise"));
  CHECK(p.is_regulator_of("moon"));
  CHECK_FALSE(p.is_regulator_of("lake"));
  for (const Action action : auth::kAllActions) {
    for (const char* estate : {"sunrise", "moon"}) {
      CHECK(allowed(p, action, estate) ==
            (auth::is_read_only(action) && action != Action::read_owner_data));
    }
  }
}

TEST_CASE("a supervisor only reads, and attests statements") {
  const Principal p = one_role(Role::supervisor);
  for (const Action action : auth::kAllActions) {
    if (!auth::is_read_only(action))
      CHECK(allowed(p, action, "sunrise") == (action == Action::attest_statement));
  }
}

TEST_CASE("a resident reads the estate and only their own units") {
  const Principal p = with({{Role::resident, "sunrise", "3-2-1502"},
                            {Role::resident, "sunrise", "3-2-1503"},
                            {Role::resident, "moon", "9-9-0909"}});
  CHECK(p.units_in("sunrise") == std::vector<std::string>{"3-2-1502", "3-2-1503"});
  CHECK(p.units_in("moon") == std::vector<std::string>{"9-9-0909"});
  CHECK(p.units_in("lake").empty());
  CHECK(allowed(p, Action::read_estate, "sunrise"));
  CHECK(allowed(p, Action::read_unit, "sunrise", "3-2-1502"));
  CHECK(allowed(p, Action::read_unit, "sunrise", "3-2-1503"));
  CHECK_FALSE(allowed(p, Action::read_unit, "sunrise", "3-2-1504"));
  CHECK_FALSE(allowed(p, Action::read_unit, "sunrise"));  // "any unit" is not theirs
  // A unit of theirs in one estate says nothing about the same code in another.
  CHECK_FALSE(allowed(p, Action::read_unit, "moon", "3-2-1502"));
  CHECK(allowed(p, Action::read_unit, "moon", "9-9-0909"));
  CHECK_FALSE(allowed(p, Action::read_books, "sunrise"));
  CHECK_FALSE(allowed(p, Action::write_journal, "sunrise"));
}

TEST_CASE("no one signs but a custodian, not even an installation admin") {
  CHECK(allowed(one_role(Role::custodian), Action::sign, "sunrise"));
  CHECK_FALSE(allowed(one_role(Role::admin, "*"), Action::sign, "sunrise"));
  CHECK_FALSE(allowed(one_role(Role::admin), Action::sign, "sunrise"));
  CHECK_FALSE(allowed(one_role(Role::treasurer), Action::sign, "sunrise"));
}

TEST_CASE("an installation admin is admin of every estate and may create estates") {
  const Principal p = one_role(Role::admin, "*");
  CHECK(p.is_installation_admin());
  CHECK(p.has_role(Role::admin, "sunrise"));
  CHECK(p.has_role(Role::admin, "any-estate-at-all"));
  CHECK_FALSE(p.has_role(Role::admin, ""));
  CHECK_FALSE(p.has_role(Role::treasurer, "sunrise"));
  CHECK(p.estates().empty());
  for (const Action action : auth::kAllActions) {
    const bool admin_may = kExpected.at(action)[0] == 'Y' || action == Action::create_estate;
    for (const char* estate : {"sunrise", "moon", "*"})
      CHECK(allowed(p, action, estate) == admin_may);
  }
}

TEST_CASE("an estate admin may not create estates or act on every estate") {
  const Principal p = one_role(Role::admin, "sunrise");
  CHECK_FALSE(p.is_installation_admin());
  CHECK(allowed(p, Action::manage_users, "sunrise"));
  CHECK_FALSE(allowed(p, Action::manage_users, "*"));
  CHECK_FALSE(allowed(p, Action::manage_users, "moon"));
  CHECK_FALSE(allowed(p, Action::create_estate, "sunrise"));
  CHECK_FALSE(allowed(p, Action::create_estate, "*"));
}

TEST_CASE("roles in several estates combine per estate") {
  const Principal p = with({{Role::treasurer, "sunrise", ""},
                            {Role::regulator, "moon", ""},
                            {Role::resident, "moon", "9-9-0909"}});
  CHECK(p.estates() == std::vector<std::string>{"moon", "sunrise"});
  CHECK(allowed(p, Action::write_journal, "sunrise"));
  CHECK_FALSE(allowed(p, Action::write_journal, "moon"));
  CHECK(allowed(p, Action::read_books, "moon"));
  // As a regulator of moon they may not see owners; as the resident of 9-9-0909 they may see
  // that unit's own owner data.
  CHECK_FALSE(allowed(p, Action::read_owner_data, "moon", "9-9-0908"));
  CHECK(allowed(p, Action::read_owner_data, "moon", "9-9-0909"));
}

TEST_CASE("a hand-built non-admin grant on every estate gives nothing") {
  for (const Role role : auth::kAllRoles) {
    if (role == Role::admin)
      continue;
    const Principal p = with({{role, "*", role == Role::resident ? kOwnUnit : ""}});
    CHECK_FALSE(p.is_installation_admin());
    for (const Action action : auth::kAllActions) {
      CHECK_FALSE(allowed(p, action, "sunrise", kOwnUnit));
      CHECK_FALSE(allowed(p, action, "*", kOwnUnit));
    }
  }
}

TEST_CASE("a principal without grants may do nothing") {
  const Principal p = with({});
  for (const Action action : auth::kAllActions)
    CHECK_FALSE(allowed(p, action, "sunrise", kOwnUnit));
}
