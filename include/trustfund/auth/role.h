// Roles and grants: what a user is, per estate.
//
// A `Grant` gives one user one role in one estate. Residents are bound to a unit of that estate
// (one grant per unit they own); every other role has an empty unit. An admin grant may name the
// estate "*": the installation admin, admin of every estate, present and future. No other role
// can be granted on "*": a regulator's jurisdiction is an explicit list of estates.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace trustfund::auth {

enum class Role {
  // Runs the estate: its users and units, and everything else except signing and attesting.
  admin,
  // 财务/出纳: records receipts, bills and expenses; prepares disbursements.
  treasurer,
  // Staff of the property manager (物业服务企业): runs the estate, keeps the unit register.
  manager,
  // Holds one of the two signing keys (for the owners' committee or for the trustee).
  custodian,
  // 信托监察人: reads everything; may attest to or object to a statement.
  supervisor,
  // An owner: reads the estate's statements and their own unit(s) only.
  resident,
  // 街道/住建/审计: reads the books and audit extracts of its estates; never writes.
  regulator,
};

inline constexpr std::array<Role, 7> kAllRoles = {Role::admin,     Role::treasurer,  Role::manager,
                                                  Role::custodian, Role::supervisor, Role::resident,
                                                  Role::regulator};

// The estate id of the installation admin's grant.
inline constexpr std::string_view kAllEstates = "*";

// The stable lower-case name of `role`, e.g. "treasurer" (stored in the registry, used by the CLI).
const char* to_string(Role role) noexcept;
// Parses a role name. Throws Error::invalid("role-unknown", field) for anything else.
Role parse_role(std::string_view name, std::string_view field = "role");

struct Grant {
  Role role = Role::resident;
  std::string estate_id;  // an estate id, or "*" (admin only)
  std::string unit_code;  // residents: the unit; every other role: empty

  bool operator==(const Grant&) const = default;
};

// "treasurer:sunrise-garden", "resident:sunrise-garden:3-2-1502", "admin:*".
std::string to_string(const Grant& grant);

}  // namespace trustfund::auth
