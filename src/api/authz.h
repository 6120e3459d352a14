// Authentication and authorization of API requests: who is calling, and may they do this?
//
// Every route but the public ones (/healthz, /metrics, the OpenAPI document, the route list and
// login) calls `authorize` (or `authenticate`, for routes about the caller only) before it reads or
// writes anything. Sensitive reads (a unit's details, owner data, the audit log, and every read by
// a regulator) are recorded in the estate's action log before the answer is sent.
#pragma once

#include <string>

#include "trustfund/api/service.h"
#include "trustfund/auth/policy.h"
#include "trustfund/ledger/actor.h"

namespace trustfund::api {

// The caller, from the bearer token. Throws Error(access_denied, "unauthenticated") (401) without
// a valid one.
auth::Principal authenticate(Service& service, const Request& request);

// authenticate + auth::allowed; throws Error(access_denied, "forbidden") (403) when the policy
// refuses, then records the read in the action log when it is a sensitive one.
auth::Principal authorize(Service& service, const Request& request, auth::Action action,
                          const std::string& estate_id, const std::string& unit_code = "");

// Who `principal` is in the books when acting through `request`: "user:<username>" (the actor of
// entries and action-log rows) and the client's address.
ledger::Actor actor_of(const auth::Principal& principal, const Request& request);

}  // namespace trustfund::api
