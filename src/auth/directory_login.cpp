// Directory: logins and their limits, sessions, API tokens, and authentication of bearer tokens.
#include "token.h"
#include "trustfund/auth/directory.h"
#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/store/database.h"

namespace trustfund::auth {
namespace {

constexpr std::size_t kMaxRemoteAddressBytes = 128;
constexpr std::size_t kMaxLabelBytes = 100;
// Bounds on what one user can accumulate: the oldest sessions beyond this are ended at login.
constexpr int kMaxSessionsPerUser = 100;
constexpr std::int64_t kMaxApiTokenLifetime_s = 2 * 366 * 24 * 3600;

// The same message for an unknown username and a wrong password.
[[noreturn]] void throw_unauthenticated() {
  throw Error(ErrorKind::access_denied, "unauthenticated", "", "wrong username or password");
}

// A hash made with weaker parameters than the ones now configured is re-made at the next login.
bool weaker(const ScryptParams& stored, const ScryptParams& configured) {
  return stored.log2_n < configured.log2_n || stored.r < configured.r || stored.p < configured.p;
}

void bind_digest(store::Statement& st, int index, const crypto::Digest& d) {
  st.bind_blob(index, std::span<const std::uint8_t>(d.data(), d.size()));
}

}  // namespace

void Directory::check_login_limits(std::string_view username, std::string_view remote_address,
                                   std::int64_t now_unix) {
  const std::int64_t window_start = now_unix - options_.failure_window_s;
  // Keep the table as small as the window: what fell out of it never counts again.
  db_.prepare("DELETE FROM login_failure WHERE at_unix <= ?1").bind(1, window_start).run();

  const std::string minutes = std::to_string((options_.failure_window_s + 59) / 60);
  store::Statement by_user =
      db_.prepare("SELECT count(*) FROM login_failure WHERE username = ?1 AND at_unix > ?2");
  by_user.bind(1, username).bind(2, window_start);
  by_user.step();
  if (by_user.int64(0) >= options_.max_failures_per_username) {
    throw Error::rule(
        "too-many-attempts", "username",
        "too many failed logins for this username; try again in up to " + minutes + " minutes");
  }
  if (remote_address.empty())
    return;
  store::Statement by_address =
      db_.prepare("SELECT count(*) FROM login_failure WHERE remote_address = ?1 AND at_unix > ?2");
  by_address.bind(1, remote_address).bind(2, window_start);
  by_address.step();
  if (by_address.int64(0) >= options_.max_failures_per_address) {
    throw Error::rule(
        "too-many-attempts", "remote_address",
        "too many failed logins from this address; try again in up to " + minutes + " minutes");
  }
}

void Directory::record_failure(std::string_view username, std::string_view remote_address,
                               std::int64_t now_unix) {
  db_.prepare("INSERT INTO login_failure (username, remote_address, at_unix) VALUES (?1, ?2, ?3)")
      .bind(1, username)
      .bind(2, remote_address)
      .bind(3, now_unix)
      .run();
}

std::string Directory::login(std::string_view username, std::string_view password,
                             std::string_view remote_address, std::int64_t now_unix) {
  // Syntax is public, so refusing a malformed username at once tells an attacker nothing.
  check_username(username);
  if (password.size() > kMaxPasswordBytes) {
    throw Error::invalid("password-too-long", "password",
                         "a password has at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (remote_address.size() > kMaxRemoteAddressBytes) {
    throw Error::invalid("remote-address", "remote_address", "the remote address is too long");
  }
  check_login_limits(username, remote_address, now_unix);

  // Unknown users cost one scrypt too, against a hash no password matches.
  const std::optional<UserRow> user = find_user(username);
  const bool match = verify_password(password, user ? user->password_hash : unmatchable_hash_);
  if (!user || !match) {
    record_failure(username, remote_address, now_unix);
    throw_unauthenticated();
  }
  if (user->disabled) {
    throw Error(ErrorKind::access_denied, "account-disabled", "username",
                "this account is disabled; ask an administrator");
  }

  std::string rehashed;
  if (weaker(params_of(user->password_hash), options_.scrypt))
    rehashed = hash_password(password, options_.scrypt);
  std::string token = new_token(Credential::session);

  store::Transaction tx(db_);
  db_.prepare("DELETE FROM login_failure WHERE username = ?1").bind(1, username).run();
  if (!rehashed.empty()) {
    db_.prepare("UPDATE app_user SET password_hash = ?1 WHERE user_id = ?2")
        .bind(1, rehashed)
        .bind(2, user->user_id)
        .run();
  }
  db_.prepare("DELETE FROM session WHERE expires_unix <= ?1").bind(1, now_unix).run();
  store::Statement insert = db_.prepare(
      "INSERT INTO session (token_sha256, user_id, created_unix, expires_unix, remote_address) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  bind_digest(insert, 1, token_hash(token));
  insert.bind(2, user->user_id)
      .bind(3, now_unix)
      .bind(4, now_unix + options_.session_ttl_s)
      .bind(5, remote_address)
      .run();
  db_.prepare(
         "DELETE FROM session WHERE user_id = ?1 AND session_id NOT IN (SELECT session_id FROM "
         "session WHERE user_id = ?1 ORDER BY created_unix DESC, session_id DESC LIMIT ?2)")
      .bind(1, user->user_id)
      .bind(2, std::int64_t{kMaxSessionsPerUser})
      .run();
  tx.commit();
  return token;
}

std::string Directory::login(std::string_view username, std::string_view password,
                             std::string_view remote_address) {
  return login(username, password, remote_address, unix_now());
}

void Directory::logout(std::string_view token) {
  if (token_kind(token) != Credential::session)
    return;
  store::Statement st = db_.prepare("DELETE FROM session WHERE token_sha256 = ?1");
  bind_digest(st, 1, token_hash(token));
  st.run();
}

std::string Directory::create_api_token(std::string_view username, std::string_view label,
                                        std::int64_t expires_unix, std::int64_t now_unix) {
  if (label.empty() || label.size() > kMaxLabelBytes || !utf8::is_clean(label)) {
    throw Error::invalid("token-label", "label",
                         "a token label has 1 to 100 bytes without control characters");
  }
  if (expires_unix <= now_unix || expires_unix - now_unix > kMaxApiTokenLifetime_s) {
    throw Error::invalid("token-expiry", "expires",
                         "an API token expires in the future and within 2 years");
  }
  std::string token = new_token(Credential::api_token);
  store::Transaction tx(db_);
  const UserRow user = require_user(username);
  if (user.disabled) {
    throw Error::rule("account-disabled", "username", "a disabled user gets no API token");
  }
  store::Statement insert = db_.prepare(
      "INSERT INTO api_token (token_sha256, user_id, label, created_unix, expires_unix) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  bind_digest(insert, 1, token_hash(token));
  insert.bind(2, user.user_id).bind(3, label).bind(4, now_unix).bind(5, expires_unix).run();
  tx.commit();
  return token;
}

std::string Directory::create_api_token(std::string_view username, std::string_view label,
                                        std::int64_t expires_unix) {
  return create_api_token(username, label, expires_unix, unix_now());
}

void Directory::revoke_api_token(std::int64_t token_id) {
  store::Transaction tx(db_);
  store::Statement st = db_.prepare(
      "UPDATE api_token SET revoked_unix = coalesce(revoked_unix, ?1) WHERE token_id = ?2 "
      "RETURNING token_id");
  st.bind(1, unix_now()).bind(2, token_id);
  const bool found = st.step();
  st.reset();
  if (!found) {
    throw Error::not_found("api-token-unknown", "token_id",
                           "no API token with id " + std::to_string(token_id));
  }
  tx.commit();
}

std::vector<ApiTokenInfo> Directory::api_tokens(std::string_view username) const {
  if (!username.empty())
    require_user_id(username);
  store::Statement st = db_.prepare(
      "SELECT t.token_id, u.username, t.label, t.created_unix, t.expires_unix, t.revoked_unix "
      "FROM api_token t JOIN app_user u ON u.user_id = t.user_id "
      "WHERE ?1 = '' OR u.username = ?1 ORDER BY t.token_id DESC");
  st.bind(1, username);
  std::vector<ApiTokenInfo> tokens;
  while (st.step()) {
    ApiTokenInfo t{st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), std::nullopt};
    if (!st.is_null(5))
      t.revoked_unix = st.int64(5);
    tokens.push_back(std::move(t));
  }
  return tokens;
}

std::optional<Principal> Directory::authenticate(std::string_view token,
                                                 std::int64_t now_unix) const {
  const std::optional<Credential> kind = token_kind(token);
  if (!kind)
    return std::nullopt;
  // Cached: every API request comes through here.
  store::Statement& st = db_.cached(
      *kind == Credential::session
          ? "SELECT u.user_id, u.username, u.display_name, u.disabled, s.expires_unix, NULL "
            "FROM session s JOIN app_user u ON u.user_id = s.user_id WHERE s.token_sha256 = ?1"
          : "SELECT u.user_id, u.username, u.display_name, u.disabled, t.expires_unix, "
            "t.revoked_unix "
            "FROM api_token t JOIN app_user u ON u.user_id = t.user_id WHERE t.token_sha256 = ?1");
  bind_digest(st, 1, token_hash(token));
  if (!st.step())
    return std::nullopt;
  const bool disabled = st.int64(3) != 0;
  const std::int64_t expires_unix = st.int64(4);
  const bool revoked = !st.is_null(5);
  if (disabled || revoked || expires_unix <= now_unix)
    return std::nullopt;
  Principal p;
  p.user_id = st.int64(0);
  p.username = st.text(1);
  p.display_name = st.text(2);
  p.credential = *kind;
  p.expires_unix = expires_unix;
  st.reset();  // lets go of the read snapshot before the next query
  p.grants = load_grants(p.user_id);
  return p;
}

std::optional<Principal> Directory::authenticate(std::string_view token) const {
  return authenticate(token, unix_now());
}

}  // namespace trustfund::auth
