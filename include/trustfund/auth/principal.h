// The authenticated caller of a request: a user, their grants, and the credential they used.
//
// A `Principal` is built by Directory::authenticate from the registry at the time of the request,
// so a grant or revoke takes effect on the next request. The predicates answer questions about
// roles; whether a role may do something is policy.h's `allowed`, the one place that decides.
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/auth/role.h"

namespace trustfund::auth {

enum class Credential {
  session,    // "tfs_..." from a login
  api_token,  // "tft_..." made for a script
};

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::vector<Grant> grants;
  Credential credential = Credential::session;
  std::int64_t expires_unix = 0;  // when the credential used stops working

  // True if the principal holds `role` in `estate_id`. An admin grant on "*" counts as admin of
  // every estate. An empty estate id matches nothing.
  bool has_role(Role role, std::string_view estate_id) const;
  // True if the principal is admin of every estate (an admin grant on "*").
  bool is_installation_admin() const;
  bool is_regulator_of(std::string_view estate_id) const {
    return has_role(Role::regulator, estate_id);
  }
  // The units of `estate_id` the principal is a resident of, sorted, without duplicates.
  std::vector<std::string> units_in(std::string_view estate_id) const;
  // The estates named in the principal's grants ("*" excluded), sorted, without duplicates.
  std::vector<std::string> estates() const;
};

}  // namespace trustfund::auth
