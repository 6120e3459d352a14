// The access policy: may this principal do this action on this estate (and unit)?
//
// The whole policy is one table in policy.cpp (role x action), documented in docs/access.md. The
// HTTP layer and the CLI ask `allowed` and never look at roles themselves, so a change of policy is
// a change of that table and of its test.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "trustfund/auth/principal.h"

namespace trustfund::auth {

enum class Action {
  read_estate,           // the estate's summary, chart of accounts, Merkle root, statements
  read_unit,             // one unit's accounts and balances (residents: their own units only)
  read_books,            // the whole journal, every balance, unit sub-accounts, proofs
  read_owner_data,       // the owner reference of a unit (personal data)
  read_audit,            // audit extracts and the access and action log
  write_journal,         // post and reverse journal entries, import
  close_period,          // close a month
  manage_units,          // add and change units
  prepare_disbursement,  // draft a disbursement order for the custodians to sign
  sign,                  // add a custodian signature to a statement or disbursement order
  attest_statement,      // the supervisor's attestation of, or objection to, a statement
  manage_users,          // grant and revoke roles in the estate, issue API tokens
  create_estate,         // create an estate (installation admins only)
  configure_escrow,      // register the first custodian set, record a signed custodian change,
                         // set the payment policy, the trust bank accounts and the repair
                         // fund settings
  conduct_vote,          // open and close owners' votes, record ballots, put a repair project to
                         // the vote and apply the result
  object_statement,      // a resident's objection to a published statement (own units only)
};

inline constexpr std::array<Action, 16> kAllActions = {
    Action::read_estate,          Action::read_unit,
    Action::read_books,           Action::read_owner_data,
    Action::read_audit,           Action::write_journal,
    Action::close_period,         Action::manage_units,
    Action::prepare_disbursement, Action::sign,
    Action::attest_statement,     Action::manage_users,
    Action::create_estate,        Action::configure_escrow,
    Action::conduct_vote,         Action::object_statement};

// The stable snake_case name of `action`, e.g. "write_journal" (for logs and problem details).
const char* to_string(Action action) noexcept;

// True for the actions that only read (read_*); false for every action that records something.
bool is_read_only(Action action) noexcept;

// True if `principal` may do `action` on `estate_id`. `unit_code` names the unit for unit-scoped
// actions (read_unit, read_owner_data); a resident passes only with one of their own units there.
// An empty estate id is never allowed. "*" as the estate id asks about every estate at once and
// passes only for installation admins.
bool allowed(const Principal& principal, Action action, std::string_view estate_id,
             std::string_view unit_code = "");

}  // namespace trustfund::auth
