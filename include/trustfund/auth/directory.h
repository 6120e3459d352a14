// The directory of users: accounts, role grants, login sessions, API tokens, and the login limits
// that stop password guessing. It lives in the registry file
// (ledger_schema/registry/002_users.sql).
//
// Credentials:
//  - A session token "tfs_<64 hex>" comes from `login` and lasts `session_ttl_s` (12 h).
//  - An API token "tft_<64 hex>" is made for a script by `create_api_token` and lasts until it
//    expires or is revoked.
//  Both are 32 random bytes shown once; the registry keeps only SHA-256 of the token text.
//
// Login limits: 5 failed logins for one username within 15 minutes, or 20 from one remote address,
// and further attempts fail with Error(rule_violation, "too-many-attempts") until the window has
// passed, even with the right password. Unknown usernames are counted and locked like real ones
// and cost the same scrypt work, so neither timing nor lockout tells whether a username exists.
//
// Time: every method that decides by time takes `now_unix` (seconds since 1970, UTC), so tests and
// the HTTP layer control the clock; the overloads without it read the system clock. Timestamps
// that only record (created, granted, revoked) use the system clock.
//
// Errors: bad input is Error::invalid with the field named; unknown users Error::not_found
// ("user-unknown"); duplicates Error::conflict. Every change runs in one transaction, so a failed
// call changes nothing. No message ever carries a password, a hash or a token.
//
// Ownership and thread-safety: a Directory borrows the registry connection, which must outlive
// it. Like that connection it belongs to one thread at a time; a server gives each worker its own
// connection and Directory, or serialises calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/auth/password.h"
#include "trustfund/auth/principal.h"
#include "trustfund/auth/role.h"

namespace trustfund::store {
class Database;
}

namespace trustfund::auth {

struct DirectoryOptions {
  ScryptParams scrypt;                     // for new password hashes
  std::int64_t session_ttl_s = 12 * 3600;  // lifetime of a login session
  int max_failures_per_username = 5;       // within failure_window_s
  int max_failures_per_address = 20;       // within failure_window_s
  std::int64_t failure_window_s = 15 * 60;
};

struct UserInfo {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  bool disabled = false;
  std::int64_t created_unix = 0;
  std::vector<Grant> grants;
};

struct ApiTokenInfo {
  std::int64_t token_id = 0;
  std::string username;
  std::string label;
  std::int64_t created_unix = 0;
  std::int64_t expires_unix = 0;
  std::optional<std::int64_t> revoked_unix;
};

// Returns the system clock as Unix seconds.
std::int64_t unix_now();

class Directory {
 public:
  explicit Directory(store::Database& registry, const DirectoryOptions& options = {});
  // Same, with other scrypt parameters (tests lower the cost).
  Directory(store::Database& registry, const ScryptParams& scrypt);

  // Validates a username: 3-64 characters of a-z, 0-9, '.', '_' and '-'.
  // Throws Error::invalid("username-syntax", "username").
  static void check_username(std::string_view username);

  // ---- users and grants ------------------------------------------------------------------------

  // Creates an enabled user without grants and returns their id. The display name is 1-200 bytes
  // without control characters. Error::conflict("user-exists") if the username is taken.
  std::int64_t add_user(std::string_view username, std::string_view password,
                        std::string_view display_name);
  // Sets a new password, ends the user's sessions (API tokens stay) and clears their failed-login
  // count.
  void reset_password(std::string_view username, std::string_view new_password);
  // A disabled user cannot log in, and none of their sessions or API tokens authenticates.
  void disable_user(std::string_view username);
  void enable_user(std::string_view username);

  // Gives `username` a role. The estate must be registered (Error::not_found("estate-unknown")),
  // or "*" for an admin grant; residents need a unit code, other roles must not have one.
  // Error::conflict("grant-exists") if the user already holds exactly this grant.
  void grant(std::string_view username, const Grant& grant);
  // Takes a grant away. Error::not_found("grant-unknown") if the user does not hold it.
  void revoke(std::string_view username, const Grant& grant);
  std::vector<Grant> grants_of(std::string_view username) const;
  // Every user with their grants, by username.
  std::vector<UserInfo> list_users() const;

  // ---- sessions and tokens ---------------------------------------------------------------------

  // Checks the password and opens a session for `remote_address` (up to 128 bytes; empty for
  // local callers, which are then not counted per address). Throws:
  //  - Error::invalid for a malformed username or an over-long password or address;
  //  - Error(rule_violation, "too-many-attempts", "username" | "remote_address") when locked;
  //  - Error(access_denied, "unauthenticated") for a wrong password or unknown username (one
  //    message for both);
  //  - Error(access_denied, "account-disabled") for a disabled user with the right password.
  std::string login(std::string_view username, std::string_view password,
                    std::string_view remote_address, std::int64_t now_unix);
  std::string login(std::string_view username, std::string_view password,
                    std::string_view remote_address);
  // Ends the session of a "tfs_" token. Unknown, expired or non-session tokens are ignored, so
  // logging out twice is harmless.
  void logout(std::string_view token);

  // Makes an API token for `username`, valid until `expires_unix` (after `now_unix`; at most 2
  // years ahead). The label (1-100 bytes) says what it is for.
  std::string create_api_token(std::string_view username, std::string_view label,
                               std::int64_t expires_unix, std::int64_t now_unix);
  std::string create_api_token(std::string_view username, std::string_view label,
                               std::int64_t expires_unix);
  // Revokes an API token by id. Error::not_found("api-token-unknown"); revoking twice is harmless.
  void revoke_api_token(std::int64_t token_id);
  // The API tokens of `username` (or of everyone, for an empty username), newest first.
  std::vector<ApiTokenInfo> api_tokens(std::string_view username = "") const;

  // The caller behind a session or API token, or nullopt if the token is malformed, unknown,
  // expired, revoked, or its user is disabled.
  std::optional<Principal> authenticate(std::string_view token, std::int64_t now_unix) const;
  std::optional<Principal> authenticate(std::string_view token) const;

  std::int64_t session_ttl_s() const noexcept { return options_.session_ttl_s; }

 private:
  struct UserRow {
    std::int64_t user_id = 0;
    std::string display_name;
    std::string password_hash;
    bool disabled = false;
  };
  std::optional<UserRow> find_user(std::string_view username) const;
  UserRow require_user(std::string_view username) const;  // Error::not_found("user-unknown")
  std::int64_t require_user_id(std::string_view username) const;
  std::vector<Grant> load_grants(std::int64_t user_id) const;
  void check_login_limits(std::string_view username, std::string_view remote_address,
                          std::int64_t now_unix);
  void record_failure(std::string_view username, std::string_view remote_address,
                      std::int64_t now_unix);

  store::Database& db_;
  DirectoryOptions options_;
  std::string unmatchable_hash_;  // verified against for unknown usernames
};

}  // namespace trustfund::auth
