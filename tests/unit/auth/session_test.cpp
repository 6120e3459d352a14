// Logins, sessions, API tokens and authentication of bearer tokens.
#include <catch2/catch_test_macros.hpp>

#include "auth_fixture.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/sha256.h"

using namespace trustfund;
using auth::Credential;
using auth::Grant;
using auth::Role;
using testing::AuthFixture;
using testing::error_of;
using testing::kPassword;
using testing::kT0;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

bool is_token(const std::string& token, const char* prefix) {
  return token.size() == 68 && token.rfind(prefix, 0) == 0 &&
         token.find_first_not_of("0123456789abcdef", 4) == std::string::npos;
}

// Every text form of every column of `table`'s rows.
std::vector<std::string> row_texts(store::Database& db, const std::string& table,
                                   const std::string& columns, int count) {
  std::vector<std::string> texts;
  store::Statement st = db.prepare("SELECT " + columns + " FROM " + table);
  while (st.step()) {
    for (int i = 0; i < count; ++i)
      texts.push_back(st.is_null(i) ? "" : st.text(i));
  }
  return texts;
}

}  // namespace

TEST_CASE("a login with the right password opens a session for that user and their grants") {
  AuthFixture f;
  const std::int64_t id = f.add("li.wei");
  f.directory.grant("li.wei", {Role::treasurer, "sunrise", ""});
  const std::string token = f.directory.login("li.wei", kPassword, "203.0.113.7", kT0);
  CHECK(is_token(token, "tfs_"));

  const auto who = f.directory.authenticate(token, kT0 + 1);
  REQUIRE(who);
  CHECK(who->user_id == id);
  CHECK(who->username == "li.wei");
  CHECK(who->display_name == "User li.wei");
  CHECK(who->credential == Credential::session);
  CHECK(who->expires_unix == kT0 + 12 * kHour);
  CHECK(who->grants == std::vector<Grant>{{Role::treasurer, "sunrise", ""}});
}

TEST_CASE("a wrong password and an unknown user fail alike") {
  AuthFixture f;
  f.add("li.wei");
  const Error wrong = error_of([&] { f.directory.login("li.wei", "not the password", "", kT0); });
  const Error unknown = error_of([&] { f.directory.login("no.one", kPassword, "", kT0); });
  CHECK(wrong.kind() == ErrorKind::access_denied);
  CHECK(wrong.type() == "unauthenticated");
  CHECK(unknown.type() == wrong.type());
  CHECK(std::string(unknown.what()) == wrong.what());
  CHECK(unknown.field() == wrong.field());
}

TEST_CASE("a malformed username or an over-long password or address is refused as bad input") {
  AuthFixture f;
  CHECK(error_of([&] { f.directory.login("Li Wei", kPassword, "", kT0); }).field() == "username");
  CHECK(error_of([&] { f.directory.login("li.wei", std::string(1025, 'x'), "", kT0); }).field() ==
        "password");
  CHECK(error_of([&] {
          f.directory.login("li.wei", kPassword, std::string(129, '1'), kT0);
        }).field() == "remote_address");
}

TEST_CASE("a session expires after 12 hours") {
  AuthFixture f;
  f.add("li.wei");
  const std::string token = f.directory.login("li.wei", kPassword, "", kT0);
  CHECK(f.directory.authenticate(token, kT0 + 12 * kHour - 1));
  CHECK_FALSE(f.directory.authenticate(token, kT0 + 12 * kHour));
  CHECK(f.directory.session_ttl_s() == 12 * kHour);
}

TEST_CASE("the session lifetime is an option") {
  testing::TempDataDir data("auth-ttl");
  store::Database registry = data.dir.open_registry();
  auth::Directory directory(
      registry, auth::DirectoryOptions{.scrypt = testing::kFastScrypt, .session_ttl_s = 600});
  directory.add_user("li.wei", kPassword, "Li Wei");
  const std::string token = directory.login("li.wei", kPassword, "", kT0);
  CHECK(directory.authenticate(token, kT0 + 599));
  CHECK_FALSE(directory.authenticate(token, kT0 + 600));
}

TEST_CASE("logging out ends that session only, and logging out twice is harmless") {
  AuthFixture f;
  f.add("li.wei");
  const std::string a = f.directory.login("li.wei", kPassword, "", kT0);
  const std::string b = f.directory.login("li.wei", kPassword, "", kT0);
  CHECK(a != b);
  f.directory.logout(a);
  CHECK_FALSE(f.directory.authenticate(a, kT0 + 1));
  CHECK(f.directory.authenticate(b, kT0 + 1));
  f.directory.logout(a);
  f.directory.logout("garbage");
  f.directory.logout("");
}

TEST_CASE("malformed, unknown and look-alike tokens do not authenticate") {
  AuthFixture f;
  f.add("li.wei");
  const std::string token = f.directory.login("li.wei", kPassword, "", kT0);
  std::string upper = token;
  for (std::size_t i = 4; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  std::string other_kind = token;
  other_kind[2] = 't';  // "tft_" with a session's secret
  for (const std::string& bad :
       {std::string(), std::string("tfs_"), token.substr(0, 67), token + "0", "Bearer " + token,
        "tfs_" + std::string(64, '0'), upper, other_kind, std::string(68, 'x')}) {
    if (bad == token)
      continue;  // upper-casing may leave an all-digit token unchanged
    CHECK_FALSE(f.directory.authenticate(bad, kT0 + 1));
  }
  CHECK(f.directory.authenticate(token, kT0 + 1));
}

TEST_CASE("session and API tokens are stored only as their SHA-256") {
  AuthFixture f;
  f.add("li.wei");
  const std::string session = f.directory.login("li.wei", kPassword, "198.51.100.4", kT0);
  const std::string api =
      f.directory.create_api_token("li.wei", "nightly export", kT0 + 30 * kDay, kT0);
  CHECK(is_token(api, "tft_"));

  std::vector<std::string> texts = row_texts(
      f.registry, "session",
      "lower(hex(token_sha256)), token_sha256, user_id, created_unix, expires_unix, remote_address",
      6);
  for (const std::string& t : row_texts(f.registry, "api_token",
                                        "lower(hex(token_sha256)), token_sha256, user_id, label, "
                                        "created_unix, expires_unix, revoked_unix",
                                        7)) {
    texts.push_back(t);
  }
  for (const std::string& t :
       row_texts(f.registry, "app_user", "username, display_name, password_hash", 3)) {
    texts.push_back(t);
  }
  for (const std::string& text : texts) {
    for (const std::string& token : {session, api}) {
      CHECK(text.find(token) == std::string::npos);
      CHECK(text.find(token.substr(4)) == std::string::npos);      // the secret part, in hex
      CHECK(text.find(token.substr(4, 16)) == std::string::npos);  // or any sizeable piece
    }
  }
  // What is stored is SHA-256 of the token text.
  const auto stored_hex = [&](const char* table) {
    store::Statement st =
        f.registry.prepare(std::string("SELECT lower(hex(token_sha256)) FROM ") + table);
    REQUIRE(st.step());
    return st.text(0);
  };
  CHECK(stored_hex("session") == crypto::to_hex(crypto::sha256(session)));
  CHECK(stored_hex("api_token") == crypto::to_hex(crypto::sha256(api)));
}

TEST_CASE("an API token authenticates until it expires or is revoked") {
  AuthFixture f;
  f.add("li.wei");
  f.directory.grant("li.wei", {Role::regulator, "moon", ""});
  const std::string token =
      f.directory.create_api_token("li.wei", "audit pull", kT0 + 30 * kDay, kT0);
  const auto who = f.directory.authenticate(token, kT0 + kDay);
  REQUIRE(who);
  CHECK(who->credential == Credential::api_token);
  CHECK(who->expires_unix == kT0 + 30 * kDay);
  CHECK(who->grants == std::vector<Grant>{{Role::regulator, "moon", ""}});
  CHECK_FALSE(f.directory.authenticate(token, kT0 + 30 * kDay));

  const auto listed = f.directory.api_tokens("li.wei");
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].label == "audit pull");
  CHECK(listed[0].username == "li.wei");
  CHECK(listed[0].expires_unix == kT0 + 30 * kDay);
  CHECK_FALSE(listed[0].revoked_unix);

  f.directory.revoke_api_token(listed[0].token_id);
  CHECK_FALSE(f.directory.authenticate(token, kT0 + kDay));
  CHECK(f.directory.api_tokens()[0].revoked_unix);
  f.directory.revoke_api_token(listed[0].token_id);  // twice is harmless
  CHECK(error_of([&] { f.directory.revoke_api_token(999); }).type() == "api-token-unknown");
}

TEST_CASE("logging out with an API token does not revoke it") {
  AuthFixture f;
  f.add("li.wei");
  const std::string token = f.directory.create_api_token("li.wei", "script", kT0 + kDay, kT0);
  f.directory.logout(token);
  CHECK(f.directory.authenticate(token, kT0 + 1));
}

TEST_CASE("an API token needs a label, a future expiry within two years, and a known user") {
  AuthFixture f;
  f.add("li.wei");
  CHECK(error_of([&] { f.directory.create_api_token("li.wei", "", kT0 + kDay, kT0); }).field() ==
        "label");
  CHECK(error_of([&] {
          f.directory.create_api_token("li.wei", std::string(101, 'x'), kT0 + kDay, kT0);
        }).field() == "label");
  for (const char* label : {"audit\tpull", "audit\xC2\x85pull", "audit\xFF"}) {
    const Error e =
        error_of([&] { f.directory.create_api_token("li.wei", label, kT0 + kDay, kT0); });
    CHECK(e.type() == "token-label");
    CHECK(e.field() == "label");
  }
  CHECK(error_of([&] { f.directory.create_api_token("li.wei", "x", kT0, kT0); }).field() ==
        "expires");
  CHECK(error_of([&] {
          f.directory.create_api_token("li.wei", "x", kT0 + 733 * kDay, kT0);
        }).field() == "expires");
  CHECK(error_of([&] { f.directory.create_api_token("nobody", "x", kT0 + kDay, kT0); }).type() ==
        "user-unknown");
  CHECK(f.directory.api_tokens().empty());
}

TEST_CASE("a disabled user cannot log in or authenticate, and gets no API token") {
  AuthFixture f;
  f.add("li.wei");
  const std::string session = f.directory.login("li.wei", kPassword, "", kT0);
  const std::string api = f.directory.create_api_token("li.wei", "script", kT0 + kDay, kT0);
  f.directory.disable_user("li.wei");
  CHECK_FALSE(f.directory.authenticate(session, kT0 + 1));
  CHECK_FALSE(f.directory.authenticate(api, kT0 + 1));
  const Error e = error_of([&] { f.directory.login("li.wei", kPassword, "", kT0 + 2); });
  CHECK(e.kind() == ErrorKind::access_denied);
  CHECK(e.type() == "account-disabled");
  CHECK(error_of([&] { f.directory.create_api_token("li.wei", "x", kT0 + kDay, kT0); }).type() ==
        "account-disabled");
  // A disabled user with a wrong password learns nothing about the account.
  CHECK(error_of([&] { f.directory.login("li.wei", "not the password", "", kT0 + 3); }).type() ==
        "unauthenticated");

  // Enabling restores the API token (it was never revoked) but not the ended session.
  f.directory.enable_user("li.wei");
  CHECK(f.directory.authenticate(api, kT0 + 4));
  CHECK_FALSE(f.directory.authenticate(session, kT0 + 4));
  CHECK(f.directory.login("li.wei", kPassword, "", kT0 + 5).size() == 68);
}

TEST_CASE("a password reset ends the user's sessions and the old password stops working") {
  AuthFixture f;
  f.add("li.wei");
  const std::string session = f.directory.login("li.wei", kPassword, "", kT0);
  f.directory.reset_password("li.wei", "a brand new passphrase");
  CHECK_FALSE(f.directory.authenticate(session, kT0 + 1));
  CHECK(error_of([&] { f.directory.login("li.wei", kPassword, "", kT0 + 2); }).type() ==
        "unauthenticated");
  CHECK(f.directory.authenticate(f.directory.login("li.wei", "a brand new passphrase", "", kT0 + 3),
                                 kT0 + 4));
  CHECK(error_of([&] { f.directory.reset_password("li.wei", "short"); }).type() ==
        "password-too-short");
  CHECK(error_of([&] { f.directory.reset_password("nobody", kPassword); }).type() ==
        "user-unknown");
}

TEST_CASE("grant changes apply to the next authentication of an open session") {
  AuthFixture f;
  f.add("li.wei");
  const std::string token = f.directory.login("li.wei", kPassword, "", kT0);
  CHECK(f.directory.authenticate(token, kT0 + 1)->grants.empty());
  f.directory.grant("li.wei", {Role::manager, "sunrise", ""});
  CHECK(f.directory.authenticate(token, kT0 + 2)->grants.size() == 1);
  f.directory.revoke("li.wei", {Role::manager, "sunrise", ""});
  CHECK(f.directory.authenticate(token, kT0 + 3)->grants.empty());
}

TEST_CASE("a password hashed with weaker parameters is re-hashed at the next login") {
  testing::TempDataDir data("auth-rehash");
  store::Database registry = data.dir.open_registry();
  {
    auth::Directory old_cost(registry, auth::ScryptParams{3, 8, 1});
    old_cost.add_user("li.wei", kPassword, "Li Wei");
  }
  const auto stored = [&] {
    store::Statement st = registry.prepare("SELECT password_hash FROM app_user");
    REQUIRE(st.step());
    return st.text(0);
  };
  CHECK(stored().rfind("scrypt$3$8$1$", 0) == 0);
  auth::Directory new_cost(registry, testing::kFastScrypt);
  new_cost.login("li.wei", kPassword, "", kT0);
  CHECK(stored().rfind("scrypt$4$8$1$", 0) == 0);
  CHECK(new_cost.login("li.wei", kPassword, "", kT0 + 1).size() == 68);
  // A stronger stored hash is never weakened.
  auth::Directory lower_cost(registry, auth::ScryptParams{2, 8, 1});
  lower_cost.login("li.wei", kPassword, "", kT0 + 2);
  CHECK(stored().rfind("scrypt$4$8$1$", 0) == 0);
}

TEST_CASE("expired sessions are cleared at the next login, and a user keeps at most 100") {
  AuthFixture f;
  f.add("li.wei");
  f.directory.login("li.wei", kPassword, "", kT0);
  f.directory.login("li.wei", kPassword, "", kT0 + 13 * kHour);
  CHECK(f.registry.query_int64("SELECT count(*) FROM session") == 1);
  std::string first;
  for (int i = 0; i < 105; ++i) {
    const std::string t = f.directory.login("li.wei", kPassword, "", kT0 + 14 * kHour + i);
    if (i == 0)
      first = t;
  }
  CHECK(f.registry.query_int64("SELECT count(*) FROM session") == 100);
  CHECK_FALSE(f.directory.authenticate(first, kT0 + 15 * kHour));
}
