// Helpers shared by the money tests: catching an Error to look at its type, field and message.
#pragma once

#include <catch2/catch_test_macros.hpp>
#include <stdexcept>
#include <string>
#include <utility>

#include "trustfund/core/error.h"

namespace trustfund::money::testing {

// Runs `action`, which must throw trustfund::Error, and returns that error; what `action` would
// have returned is ignored. A test fails if `action` returns normally or throws anything else.
template <class Action>
Error error_from(Action&& action) {
  try {
    static_cast<void>(std::forward<Action>(action)());
  } catch (const Error& error) {
    return error;
  }
  FAIL("expected a trustfund::Error, but nothing was thrown");
  throw std::logic_error("unreachable");
}

// Checks that `action` throws an invalid-input Error of type `type` and returns it.
template <class Action>
Error invalid_input_from(Action&& action, const std::string& type) {
  Error error = error_from(std::forward<Action>(action));
  INFO("message: " << error.what());
  CHECK(error.kind() == ErrorKind::invalid_input);
  CHECK(error.type() == type);
  return error;
}

}  // namespace trustfund::money::testing
