// Who writes to the books: the name an entry and an action-log row carry, and where the request
// came from.
//
// An Actor is checked once, when it is made (the name 1-100 bytes, as the action log and the
// journal store it); a function given an Actor need not check it again. The HTTP API makes one
// per request ("user:<username>" and the client's address), the CLI one per command
// ("cli:<user>" or --actor, no address).
//
// Thread-safety: immutable after construction; safe to share.
#pragma once

#include <string>
#include <string_view>

#include "trustfund/ledger/action_log.h"

namespace trustfund::ledger {

// Throws Error::invalid("actor", field "actor") unless `name` is 1-100 bytes
// (kMaxActionActorBytes). For the places that take a bare name (Books::Writer::add).
void check_actor_name(std::string_view name);

class Actor {
 public:
  // `name`: "user:alice", "cli:root"; checked by check_actor_name. `remote`: the client's
  // address, empty for a local caller (the action log cuts it to kMaxActionRemoteBytes).
  explicit Actor(std::string name, std::string remote = "");

  const std::string& name() const noexcept { return name_; }
  const std::string& remote() const noexcept { return remote_; }

  // The action-log row of this actor doing `action` on `target` ("entry:17", "unit:3-2-1502").
  ActionRecord record(std::string action, std::string target, std::string detail = "") const;

 private:
  std::string name_;
  std::string remote_;
};

}  // namespace trustfund::ledger
