#include "trustfund/auth/principal.h"

#include <algorithm>

namespace trustfund::auth {
namespace {

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool Principal::has_role(Role role, std::string_view estate_id) const {
  if (estate_id.empty())
    return false;
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) {
    if (g.role != role)
      return false;
    // Only an admin grant may cover every estate (see policy.cpp).
    if (g.estate_id == kAllEstates)
      return role == Role::admin;
    return g.estate_id == estate_id;
  });
}

bool Principal::is_installation_admin() const {
  return std::any_of(grants.begin(), grants.end(), [](const Grant& g) {
    return g.role == Role::admin && g.estate_id == kAllEstates;
  });
}

std::vector<std::string> Principal::units_in(std::string_view estate_id) const {
  std::vector<std::string> units;
  for (const Grant& g : grants) {
    if (g.role == Role::resident && g.estate_id == estate_id && !g.unit_code.empty())
      units.push_back(g.unit_code);
  }
  sort_unique(units);
  return units;
}

std::vector<std::string> Principal::estates() const {
  std::vector<std::string> ids;
  for (const Grant& g : grants) {
    if (g.estate_id != kAllEstates)
      ids.push_back(g.estate_id);
  }
  sort_unique(ids);
  return ids;
}

}  // namespace trustfund::auth
