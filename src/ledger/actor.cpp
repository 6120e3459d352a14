// Who writes to the books; see actor.h.
#include "trustfund/ledger/actor.h"

#include "trustfund/core/error.h"

namespace trustfund::ledger {

void check_actor_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxActionActorBytes) {
    throw Error::invalid("actor", "actor", "the actor (who records the entry) must be 1-100 bytes");
  }
}

Actor::Actor(std::string name, std::string remote)
    : name_(std::move(name)), remote_(std::move(remote)) {
  check_actor_name(name_);
}

ActionRecord Actor::record(std::string action, std::string target, std::string detail) const {
  return {name_, remote_, std::move(action), std::move(target), std::move(detail)};
}

}  // namespace trustfund::ledger
