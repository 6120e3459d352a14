// The actors of the tests' writes: "user:t"_actor is ledger::Actor("user:t").
#pragma once

#include <cstddef>
#include <string>

#include "trustfund/ledger/actor.h"

namespace trustfund::testing {

inline ledger::Actor operator""_actor(const char* name, std::size_t size) {
  return ledger::Actor(std::string(name, size));
}

}  // namespace trustfund::testing

namespace trustfund {
using testing::operator""_actor;
}  // namespace trustfund
