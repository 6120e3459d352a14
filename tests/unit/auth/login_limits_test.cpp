// Brute-force protection: failed logins per username and per remote address.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <chrono>

#include "auth_fixture.h"

using namespace trustfund;
using testing::AuthFixture;
using testing::error_of;
using testing::kPassword;
using testing::kT0;

namespace {

constexpr std::int64_t kWindow = 15 * 60;

void fail_login(auth::Directory& d, const std::string& user, const std::string& address,
                std::int64_t now) {
  const Error e = error_of([&] { d.login(user, "not the password", address, now); });
  REQUIRE(e.type() == "unauthenticated");
}

}  // namespace

TEST_CASE("after 5 failed logins a username is locked, even with the right password") {
  AuthFixture f;
  f.add("li.wei");
  for (int i = 0; i < 5; ++i)
    fail_login(f.directory, "li.wei", "203.0.113.7", kT0 + i);
  const Error e =
      error_of([&] { f.directory.login("li.wei", kPassword, "203.0.113.7", kT0 + 10); });
  CHECK(e.kind() == ErrorKind::rule_violation);
  CHECK(e.type() == "too-many-attempts");
  CHECK(e.field() == "username");
  // From another address too: the lock is on the username.
  CHECK(error_of([&] {
          f.directory.login("li.wei", kPassword, "198.51.100.9", kT0 + 11);
        }).type() == "too-many-attempts");
  // Still locked just before the oldest failure leaves the 15-minute window.
  CHECK(error_of([&] { f.directory.login("li.wei", kPassword, "", kT0 + kWindow - 1); }).type() ==
        "too-many-attempts");
  // Once it has left, 4 failures remain in the window: one more try is allowed.
  CHECK(f.directory.login("li.wei", kPassword, "", kT0 + kWindow).size() == 68);
}

TEST_CASE("a locked username unlocks when the window has passed") {
  AuthFixture f;
  f.add("li.wei");
  for (int i = 0; i < 5; ++i)
    fail_login(f.directory, "li.wei", "203.0.113.7", kT0);
  CHECK(error_of([&] { f.directory.login("li.wei", kPassword, "", kT0 + kWindow - 1); }).type() ==
        "too-many-attempts");
  const std::string token = f.directory.login("li.wei", kPassword, "", kT0 + kWindow);
  CHECK(f.directory.authenticate(token, kT0 + kWindow + 1));
}

TEST_CASE("attempts refused while locked do not extend the lock") {
  AuthFixture f;
  f.add("li.wei");
  for (int i = 0; i < 5; ++i)
    fail_login(f.directory, "li.wei", "", kT0);
  for (int i = 1; i < 10; ++i) {
    CHECK(error_of([&] {
            f.directory.login("li.wei", "not the password", "", kT0 + i * 60);
          }).type() == "too-many-attempts");
  }
  CHECK(f.directory.login("li.wei", kPassword, "", kT0 + kWindow).size() == 68);
}

TEST_CASE("four failures and a success reset the username's count") {
  AuthFixture f;
  f.add("li.wei");
  for (int i = 0; i < 4; ++i)
    fail_login(f.directory, "li.wei", "", kT0 + i);
  f.directory.login("li.wei", kPassword, "", kT0 + 5);
  for (int i = 0; i < 4; ++i)
    fail_login(f.directory, "li.wei", "", kT0 + 10 + i);
  // 8 failures in the window, but only 4 since the success.
  CHECK(f.directory.login("li.wei", kPassword, "", kT0 + 20).size() == 68);
}

TEST_CASE("unknown usernames are counted and locked like real ones") {
  AuthFixture f;
  for (int i = 0; i < 5; ++i)
    fail_login(f.directory, "no.one", "", kT0);
  CHECK(error_of([&] { f.directory.login("no.one", kPassword, "", kT0 + 1); }).type() ==
        "too-many-attempts");
}

TEST_CASE("after 20 failed logins from one address, that address is locked for every username") {
  AuthFixture f;
  f.add("li.wei");
  // 20 different usernames, so no username reaches its own limit.
  for (int i = 0; i < 20; ++i)
    fail_login(f.directory, "guess" + std::to_string(i), "203.0.113.7", kT0 + i);
  const Error e =
      error_of([&] { f.directory.login("li.wei", kPassword, "203.0.113.7", kT0 + 30); });
  CHECK(e.type() == "too-many-attempts");
  CHECK(e.field() == "remote_address");
  // The user is not locked out from elsewhere.
  CHECK(f.directory.login("li.wei", kPassword, "198.51.100.9", kT0 + 31).size() == 68);
  // A success from elsewhere does not unlock the address; the window does.
  CHECK(error_of([&] { f.directory.login("li.wei", kPassword, "203.0.113.7", kT0 + 32); }).type() ==
        "too-many-attempts");
  CHECK(f.directory.login("li.wei", kPassword, "203.0.113.7", kT0 + 19 + kWindow).size() == 68);
}

TEST_CASE("19 failures from one address still let a right password in") {
  AuthFixture f;
  f.add("li.wei");
  for (int i = 0; i < 19; ++i)
    fail_login(f.directory, "guess" + std::to_string(i), "203.0.113.7", kT0);
  CHECK(f.directory.login("li.wei", kPassword, "203.0.113.7", kT0 + 1).size() == 68);
}

TEST_CASE("failures older than the window are deleted from the registry") {
  AuthFixture f;
  for (int i = 0; i < 3; ++i)
    fail_login(f.directory, "guess" + std::to_string(i), "203.0.113.7", kT0);
  CHECK(f.registry.query_int64("SELECT count(*) FROM login_failure") == 3);
  fail_login(f.directory, "guess9", "203.0.113.7", kT0 + kWindow);
  CHECK(f.registry.query_int64("SELECT count(*) FROM login_failure") == 1);
}

TEST_CASE("a failed login for an unknown username costs about as much as for a real one") {
  // With the real cost an attacker could tell known from unknown usernames by timing if unknown
  // ones skipped scrypt. Use a cost large enough to dominate everything else (N = 2^13, 8 MiB).
  testing::TempDataDir data("auth-timing");
  store::Database registry = data.dir.open_registry();
  auth::Directory d(registry, auth::ScryptParams{13, 8, 1});
  d.add_user("li.wei", kPassword, "Li Wei");
  const auto median_ms = [&](const std::string& user, std::int64_t start) {
    std::vector<double> ms;
    for (int i = 0; i < 5; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      // A new window each time, so neither name gets locked.
      fail_login(d, user, "", start + i * 2 * kWindow);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[2];
  };
  const double known = median_ms("li.wei", kT0);
  const double unknown = median_ms("no.one", kT0 + 100 * kWindow);
  // Without the dummy scrypt the unknown case would be hundreds of times faster.
  CHECK(unknown > known / 3);
  CHECK(unknown < known * 3);
}
