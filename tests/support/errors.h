// Catches the trustfund Error a call throws, for checking its kind, type and field.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include "trustfund/core/error.h"

namespace trustfund::testing {

template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an Error");
  return Error::invalid("", "", "");
}

}  // namespace trustfund::testing
