// Password rules and scrypt hashes.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "auth_fixture.h"
#include "trustfund/auth/password.h"

using namespace trustfund;
using auth::ScryptParams;
using testing::error_of;
using testing::kFastScrypt;

TEST_CASE("a password hash names its scheme and parameters, then salt and hash in hex") {
  const std::string h = auth::hash_password("correct horse battery", kFastScrypt);
  REQUIRE(h.rfind("scrypt$4$8$1$", 0) == 0);
  const std::string rest = h.substr(std::string("scrypt$4$8$1$").size());
  const auto dollar = rest.find('$');
  REQUIRE(dollar == 32);                  // 16-byte salt
  CHECK(rest.size() - dollar - 1 == 64);  // 32-byte hash
  CHECK(rest.find_first_not_of("0123456789abcdef$") == std::string::npos);
  CHECK(h.find("correct horse") == std::string::npos);
  CHECK(auth::params_of(h) == kFastScrypt);
}

TEST_CASE("the default cost is N = 2^15, r = 8, p = 1, and OpenSSL accepts it") {
  const ScryptParams defaults;
  CHECK(defaults == ScryptParams{15, 8, 1});
  // 2^15 * 8 * 128 bytes is just over OpenSSL's default scrypt memory limit; this proves the limit
  // is raised, so real users can be created at all.
  const std::string h = auth::hash_password("correct horse battery", defaults);
  CHECK(h.rfind("scrypt$15$8$1$", 0) == 0);
  CHECK(auth::verify_password("correct horse battery", h));
}

TEST_CASE("the right password verifies and a wrong one is rejected") {
  const std::string h = auth::hash_password("correct horse battery", kFastScrypt);
  CHECK(auth::verify_password("correct horse battery", h));
  CHECK_FALSE(auth::verify_password("correct horse batterY", h));
  CHECK_FALSE(auth::verify_password("correct horse battery ", h));
  CHECK_FALSE(auth::verify_password("", h));
}

TEST_CASE("the same password hashes differently each time (random salt)") {
  const std::string a = auth::hash_password("correct horse battery", kFastScrypt);
  const std::string b = auth::hash_password("correct horse battery", kFastScrypt);
  CHECK(a != b);
  CHECK(auth::verify_password("correct horse battery", a));
  CHECK(auth::verify_password("correct horse battery", b));
}

TEST_CASE("a hash made with other parameters still verifies") {
  const std::string h = auth::hash_password("correct horse battery", ScryptParams{5, 4, 2});
  CHECK(h.rfind("scrypt$5$4$2$", 0) == 0);
  CHECK(auth::verify_password("correct horse battery", h));
}

TEST_CASE("a password needs at least 12 characters, counted as characters not bytes") {
  CHECK(error_of([] { auth::check_password_rules("eleven char"); }).type() == "password-too-short");
  CHECK(error_of([] { auth::check_password_rules(""); }).field() == "password");
  auth::check_password_rules("twelve chars");
  // Six Chinese characters are 18 bytes but only 6 characters.
  CHECK(error_of([] { auth::check_password_rules("信托制物业费"); }).type() ==
        "password-too-short");
  auth::check_password_rules("信托制物业的账本要公开透明");
}

TEST_CASE("a password has at most 1024 bytes") {
  auth::check_password_rules(std::string(1024, 'x'));
  const Error e = error_of([] { auth::check_password_rules(std::string(1025, 'x')); });
  CHECK(e.type() == "password-too-long");
  CHECK(e.kind() == ErrorKind::invalid_input);
}

TEST_CASE("a malformed stored hash is an integrity error that does not quote the hash") {
  const std::string good = auth::hash_password("correct horse battery", kFastScrypt);
  const std::string salt_and_hash = good.substr(std::string("scrypt$4$8$1$").size());
  for (const std::string& bad : {
           std::string(""), std::string("scrypt"), "bcrypt$4$8$1$" + salt_and_hash,
           "scrypt$4$8$" + salt_and_hash, "scrypt$4$8$1$" + salt_and_hash + "$00",
           "scrypt$04$8$1$" + salt_and_hash, "scrypt$0$8$1$" + salt_and_hash,
           "scrypt$21$8$1$" + salt_and_hash,   // would need 2 GiB and more
           "scrypt$20$32$1$" + salt_and_hash,  // 4 GiB
           "scrypt$4$8$17$" + salt_and_hash, "scrypt$-4$8$1$" + salt_and_hash,
           "scrypt$4$8$1$zz" + salt_and_hash.substr(2),
           "scrypt$4$8$1$00$" + std::string(64, '0'),         // salt too short
           "scrypt$4$8$1$" + std::string(32, '0') + "$0000",  // hash too short
       }) {
    const Error e = error_of([&] { auth::verify_password("correct horse battery", bad); });
    CHECK(e.kind() == ErrorKind::integrity);
    CHECK(e.type() == "password-hash-format");
    if (!bad.empty())
      CHECK(std::string(e.what()).find(bad) == std::string::npos);
  }
}

TEST_CASE("the unmatchable hash matches no password but costs a full verification") {
  const std::string h = auth::unmatchable_hash(kFastScrypt);
  CHECK(auth::params_of(h) == kFastScrypt);
  CHECK_FALSE(auth::verify_password("correct horse battery", h));
  CHECK_FALSE(auth::verify_password("", h));
}

TEST_CASE("wipe overwrites and empties a secret") {
  std::string secret = "correct horse battery staple, long enough to live on the heap";
  const char* data = secret.data();
  const std::size_t size = secret.size();
  auth::wipe(secret);
  CHECK(secret.empty());
  // clear() keeps the buffer; its old bytes must be zeros now.
  for (std::size_t i = 0; i < size; ++i)
    CHECK(data[i] == '\0');
}
