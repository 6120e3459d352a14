// A throw-away registry with two estates and a Directory whose scrypt cost is low enough for tests.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/auth/directory.h"
#include "trustfund/core/error.h"
#include "trustfund/store/database.h"

namespace trustfund::testing {

// N = 2^4: thousands of times cheaper than the real cost, same code path.
inline constexpr auth::ScryptParams kFastScrypt{4, 8, 1};
inline constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15, the tests' "now"
inline constexpr const char* kPassword = "correct horse battery";

struct AuthFixture {
  TempDataDir data{"auth"};
  store::Database registry;
  auth::Directory directory;

  AuthFixture() : registry(data.dir.open_registry()), directory(registry, kFastScrypt) {
    data.dir.create_estate("sunrise", "Sunrise Garden");
    data.dir.create_estate("moon", "Moon Court");
  }
  // Adds `username` with kPassword.
  std::int64_t add(const std::string& username) {
    return directory.add_user(username, kPassword, "User " + username);
  }
};

}  // namespace trustfund::testing
