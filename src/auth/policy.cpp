#include "trustfund/auth/policy.h"

#include <cstddef>
#include <cstdint>

namespace trustfund::auth {
namespace {

enum class Access : std::uint8_t {
  no,
  yes,
  own_unit,  // only for a unit the principal is a resident of
};

struct Rule {
  Action action;
  const char* name;
  bool read_only;
  bool installation_only;                        // needs an admin grant on "*", whatever the estate
  std::array<Access, kAllRoles.size()> by_role;  // in the order of enum Role
};

constexpr Access N = Access::no;
constexpr Access Y = Access::yes;
constexpr Access O = Access::own_unit;

// The policy. Read a row as "who may do this": the action, its name, whether it only reads,
// whether it needs the installation admin, then one cell per role in the order of enum Role.
// docs/access.md shows the same table; tests/unit/auth/policy_test.cpp restates it independently.
//
// Admins do everything in their estate except the two acts that must stay personal to an
// independent party: a custodian's signature (two custodians, two keys: no single person moves
// trust money) and the supervisor's attestation.
// clang-format off
constexpr std::array<Rule, kAllActions.size()> kPolicy = {{
    //                                                                    ad tr mg cu su re rg
    {Action::read_estate,          "read_estate",          true,  false, {Y, Y, Y, Y, Y, Y, Y}},
    {Action::read_unit,            "read_unit",            true,  false, {Y, Y, Y, Y, Y, O, Y}},
    {Action::read_books,           "read_books",           true,  false, {Y, Y, Y, Y, Y, N, Y}},
    {Action::read_owner_data,      "read_owner_data",      true,  false, {Y, Y, Y, N, N, O, N}},
    {Action::read_audit,           "read_audit",           true,  false, {Y, N, N, Y, Y, N, Y}},
    {Action::write_journal,        "write_journal",        false, false, {Y, Y, Y, N, N, N, N}},
    {Action::close_period,         "close_period",         false, false, {Y, Y, N, N, N, N, N}},
    {Action::manage_units,         "manage_units",         false, false, {Y, N, Y, N, N, N, N}},
    {Action::prepare_disbursement, "prepare_disbursement", false, false, {Y, Y, Y, N, N, N, N}},
    {Action::sign,                 "sign",                 false, false, {N, N, N, Y, N, N, N}},
    {Action::attest_statement,     "attest_statement",     false, false, {N, N, N, N, Y, N, N}},
    {Action::manage_users,         "manage_users",         false, false, {Y, N, N, N, N, N, N}},
    {Action::create_estate,        "create_estate",        false, true,  {Y, N, N, N, N, N, N}},
    {Action::configure_escrow,     "configure_escrow",     false, false, {Y, N, N, N, N, N, N}},
    {Action::conduct_vote,         "conduct_vote",         false, false, {Y, N, N, Y, N, N, N}},
    {Action::object_statement,     "object_statement",     false, false, {N, N, N, N, N, O, N}},
}};
// clang-format on

constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < kPolicy.size(); ++i) {
    if (kPolicy[i].action != kAllActions[i] || static_cast<std::size_t>(kAllActions[i]) != i)
      return false;
  }
  for (std::size_t i = 0; i < kAllRoles.size(); ++i) {
    if (static_cast<std::size_t>(kAllRoles[i]) != i)
      return false;
  }
  return true;
}
static_assert(table_in_enum_order(), "kPolicy, kAllActions and kAllRoles follow the enums");

constexpr bool regulators_and_supervisors_never_write() {
  for (const Rule& r : kPolicy) {
    const bool write = !r.read_only;
    if (write && r.by_role[static_cast<std::size_t>(Role::regulator)] != N)
      return false;
    if (write && r.action != Action::attest_statement &&
        r.by_role[static_cast<std::size_t>(Role::supervisor)] != N)
      return false;
  }
  return true;
}
static_assert(regulators_and_supervisors_never_write());

const Rule& rule_of(Action action) {
  return kPolicy[static_cast<std::size_t>(action)];
}

}  // namespace

const char* to_string(Action action) noexcept {
  return rule_of(action).name;
}

bool is_read_only(Action action) noexcept {
  return rule_of(action).read_only;
}

bool allowed(const Principal& principal, Action action, std::string_view estate_id,
             std::string_view unit_code) {
  if (estate_id.empty())
    return false;
  const Rule& rule = rule_of(action);
  if (rule.installation_only)
    return principal.is_installation_admin();
  for (const Grant& g : principal.grants) {
    const Access access = rule.by_role[static_cast<std::size_t>(g.role)];
    if (access == N)
      continue;
    // Only an admin grant may cover every estate; the registry refuses any other "*" grant, and a
    // hand-built Principal holding one gets nothing from it.
    const bool every_estate = g.estate_id == kAllEstates;
    if (every_estate && g.role != Role::admin)
      continue;
    if (!every_estate && g.estate_id != estate_id)
      continue;
    if (access == Y)
      return true;
    if (access == O && !unit_code.empty() && g.unit_code == unit_code)
      return true;
  }
  return false;
}

}  // namespace trustfund::auth
