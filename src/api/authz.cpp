#include "authz.h"

#include "trustfund/auth/directory.h"
#include "trustfund/core/error.h"

namespace trustfund::api {
namespace {

bool sensitive_read(const auth::Principal& who, auth::Action action, const std::string& estate_id) {
  if (!auth::is_read_only(action))
    return false;  // writes are logged by the write itself, in its own transaction
  return action == auth::Action::read_unit || action == auth::Action::read_owner_data ||
         action == auth::Action::read_audit || who.is_regulator_of(estate_id);
}

}  // namespace

ledger::Actor actor_of(const auth::Principal& principal, const Request& request) {
  return ledger::Actor("user:" + principal.username, request.remote);
}

auth::Principal authenticate(Service& service, const Request& request) {
  if (request.bearer_token.empty()) {
    throw Error(ErrorKind::access_denied, "unauthenticated", "Authorization",
                "log in first: send Authorization: Bearer <token>");
  }
  std::optional<auth::Principal> who =
      service.registry()->directory->authenticate(request.bearer_token);
  if (!who) {
    throw Error(ErrorKind::access_denied, "unauthenticated", "Authorization",
                "the token is unknown, expired or revoked; log in again");
  }
  return std::move(*who);
}

auth::Principal authorize(Service& service, const Request& request, auth::Action action,
                          const std::string& estate_id, const std::string& unit_code) {
  auth::Principal who = authenticate(service, request);
  if (!auth::allowed(who, action, estate_id, unit_code)) {
    throw Error(ErrorKind::access_denied, "forbidden", "",
                who.username + " may not " + auth::to_string(action) + " in estate " + estate_id +
                    (unit_code.empty() ? "" : " (unit " + unit_code + ")"));
  }
  if (sensitive_read(who, action, estate_id)) {
    std::string target = unit_code.empty() ? "estate:" + estate_id : "unit:" + unit_code;
    service.writer(estate_id)
        .record(actor_of(who, request)
                    .record(std::string("read:") + auth::to_string(action), std::move(target),
                            request.method + " " + request.path))
        .get();
  }
  return who;
}

}  // namespace trustfund::api
