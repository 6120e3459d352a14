#include "trustfund/auth/role.h"

#include "trustfund/core/error.h"

namespace trustfund::auth {

const char* to_string(Role role) noexcept {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::treasurer:
      return "treasurer";
    case Role::manager:
      return "manager";
    case Role::custodian:
      return "custodian";
    case Role::supervisor:
      return "supervisor";
    case Role::resident:
      return "resident";
    case Role::regulator:
      return "regulator";
  }
  return "unknown";
}

Role parse_role(std::string_view name, std::string_view field) {
  for (const Role role : kAllRoles) {
    if (name == to_string(role))
      return role;
  }
  throw Error::invalid("role-unknown", std::string(field),
                       "unknown role; use one of admin, treasurer, manager, custodian, "
                       "supervisor, resident, regulator");
}

std::string to_string(const Grant& grant) {
  std::string out = to_string(grant.role);
  out.append(":").append(grant.estate_id);
  if (!grant.unit_code.empty())
    out.append(":").append(grant.unit_code);
  return out;
}

}  // namespace trustfund::auth
