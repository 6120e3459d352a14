// Directory: users and role grants. Sessions, tokens and login limits are in directory_login.cpp.
#include <chrono>
#include <map>

#include "trustfund/auth/directory.h"
#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/store/data_dir.h"
#include "trustfund/store/database.h"

namespace trustfund::auth {
namespace {

constexpr std::size_t kMinUsernameChars = 3;
constexpr std::size_t kMaxUsernameChars = 64;
constexpr std::size_t kMaxDisplayNameBytes = 200;
constexpr std::size_t kMaxUnitCodeChars = 32;

void check_display_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxDisplayNameBytes) {
    throw Error::invalid(
        "display-name", "display_name",
        "a display name has 1 to " + std::to_string(kMaxDisplayNameBytes) + " bytes");
  }
  if (!utf8::is_clean(name)) {
    throw Error::invalid("display-name", "display_name",
                         "a display name has no control characters");
  }
}

// The unit code's syntax is the ledger's (up to 32 letters, digits and '-'); whether the unit
// exists is for the caller to check against the estate's books, which auth/ does not open.
void check_unit_code(std::string_view code) {
  bool ok = !code.empty() && code.size() <= kMaxUnitCodeChars;
  for (const char c : code) {
    ok = ok &&
         ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-');
  }
  if (!ok) {
    throw Error::invalid("unit-code", "unit_code",
                         "a unit code is up to 32 letters, digits and '-', e.g. 3-2-1502");
  }
}

void check_grant(const Grant& g) {
  if (g.estate_id == kAllEstates) {
    if (g.role != Role::admin) {
      throw Error::invalid("estate-all-admin-only", "estate_id",
                           "only an admin grant may name every estate (\"*\")");
    }
  } else {
    store::DataDir::check_estate_id(g.estate_id);
  }
  if (g.role == Role::resident) {
    if (g.unit_code.empty())
      throw Error::invalid("unit-required", "unit_code", "a resident grant names the unit");
    check_unit_code(g.unit_code);
  } else if (!g.unit_code.empty()) {
    throw Error::invalid("unit-not-applicable", "unit_code",
                         std::string("a ") + to_string(g.role) +
                             " grant covers the whole estate; "
                             "only residents name a unit");
  }
}

[[noreturn]] void throw_user_unknown(std::string_view username) {
  throw Error::not_found("user-unknown", "username",
                         "no user named \"" + std::string(username) + "\"");
}

}  // namespace

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Directory::Directory(store::Database& registry, const DirectoryOptions& options)
    : db_(registry), options_(options), unmatchable_hash_(unmatchable_hash(options.scrypt)) {}

Directory::Directory(store::Database& registry, const ScryptParams& scrypt)
    : Directory(registry, DirectoryOptions{.scrypt = scrypt}) {}

void Directory::check_username(std::string_view username) {
  bool ok = username.size() >= kMinUsernameChars && username.size() <= kMaxUsernameChars;
  for (const char c : username) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    throw Error::invalid("username-syntax", "username",
                         "a username has 3 to 64 characters of a-z, 0-9, '.', '_' and '-'");
  }
}

std::optional<Directory::UserRow> Directory::find_user(std::string_view username) const {
  store::Statement st = db_.prepare(
      "SELECT user_id, display_name, password_hash, disabled FROM app_user WHERE username = ?1");
  st.bind(1, username);
  if (!st.step())
    return std::nullopt;
  return UserRow{st.int64(0), st.text(1), st.text(2), st.int64(3) != 0};
}

Directory::UserRow Directory::require_user(std::string_view username) const {
  std::optional<UserRow> user = find_user(username);
  if (!user)
    throw_user_unknown(username);
  return std::move(*user);
}

std::int64_t Directory::require_user_id(std::string_view username) const {
  store::Statement st = db_.prepare("SELECT user_id FROM app_user WHERE username = ?1");
  st.bind(1, username);
  if (!st.step())
    throw_user_unknown(username);
  return st.int64(0);
}

std::vector<Grant> Directory::load_grants(std::int64_t user_id) const {
  store::Statement& st = db_.cached(
      "SELECT role, estate_id, unit_code FROM role_grant WHERE user_id = ?1 "
      "ORDER BY estate_id, role, unit_code");
  st.bind(1, user_id);
  std::vector<Grant> grants;
  while (st.step())
    grants.push_back({parse_role(st.text_view(0)), st.text(1), st.text(2)});
  st.reset();
  return grants;
}

std::int64_t Directory::add_user(std::string_view username, std::string_view password,
                                 std::string_view display_name) {
  check_username(username);
  check_display_name(display_name);
  check_password_rules(password);
  // Hash before taking the write lock: scrypt is the slow part.
  const std::string hash = hash_password(password, options_.scrypt);
  const std::int64_t now = unix_now();
  store::Transaction tx(db_);
  if (find_user(username)) {
    throw Error::conflict("user-exists", "username",
                          "a user named \"" + std::string(username) + "\" exists already");
  }
  db_.prepare(
         "INSERT INTO app_user (username, display_name, password_hash, disabled, created_unix, "
         "password_changed_unix) VALUES (?1, ?2, ?3, 0, ?4, ?4)")
      .bind(1, username)
      .bind(2, display_name)
      .bind(3, hash)
      .bind(4, now)
      .run();
  const std::int64_t id = db_.last_insert_rowid();
  tx.commit();
  return id;
}

void Directory::reset_password(std::string_view username, std::string_view new_password) {
  check_password_rules(new_password);
  const std::string hash = hash_password(new_password, options_.scrypt);
  store::Transaction tx(db_);
  const std::int64_t id = require_user_id(username);
  db_.prepare(
         "UPDATE app_user SET password_hash = ?1, password_changed_unix = ?2 WHERE user_id = ?3")
      .bind(1, hash)
      .bind(2, unix_now())
      .bind(3, id)
      .run();
  // Whoever knew the old password may hold a session made with it.
  db_.prepare("DELETE FROM session WHERE user_id = ?1").bind(1, id).run();
  db_.prepare("DELETE FROM login_failure WHERE username = ?1").bind(1, username).run();
  tx.commit();
}

void Directory::disable_user(std::string_view username) {
  store::Transaction tx(db_);
  const std::int64_t id = require_user_id(username);
  db_.prepare("UPDATE app_user SET disabled = 1 WHERE user_id = ?1").bind(1, id).run();
  db_.prepare("DELETE FROM session WHERE user_id = ?1").bind(1, id).run();
  tx.commit();
}

void Directory::enable_user(std::string_view username) {
  store::Transaction tx(db_);
  const std::int64_t id = require_user_id(username);
  db_.prepare("UPDATE app_user SET disabled = 0 WHERE user_id = ?1").bind(1, id).run();
  tx.commit();
}

void Directory::grant(std::string_view username, const Grant& g) {
  check_grant(g);
  store::Transaction tx(db_);
  const std::int64_t id = require_user_id(username);
  if (g.estate_id != kAllEstates) {
    store::Statement st = db_.prepare("SELECT 1 FROM estate WHERE estate_id = ?1");
    st.bind(1, g.estate_id);
    if (!st.step()) {
      throw Error::not_found("estate-unknown", "estate_id",
                             "no estate \"" + g.estate_id + "\" in this installation");
    }
  }
  {
    store::Statement st = db_.prepare(
        "SELECT 1 FROM role_grant WHERE user_id = ?1 AND role = ?2 AND estate_id = ?3 AND "
        "unit_code = ?4");
    st.bind(1, id).bind(2, to_string(g.role)).bind(3, g.estate_id).bind(4, g.unit_code);
    if (st.step()) {
      throw Error::conflict("grant-exists", "role",
                            std::string(username) + " already holds " + to_string(g));
    }
  }
  db_.prepare(
         "INSERT INTO role_grant (user_id, role, estate_id, unit_code, granted_unix) "
         "VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, id)
      .bind(2, to_string(g.role))
      .bind(3, g.estate_id)
      .bind(4, g.unit_code)
      .bind(5, unix_now())
      .run();
  tx.commit();
}

void Directory::revoke(std::string_view username, const Grant& g) {
  check_grant(g);
  store::Transaction tx(db_);
  const std::int64_t id = require_user_id(username);
  store::Statement st = db_.prepare(
      "DELETE FROM role_grant WHERE user_id = ?1 AND role = ?2 AND estate_id = ?3 AND "
      "unit_code = ?4 RETURNING grant_id");
  st.bind(1, id).bind(2, to_string(g.role)).bind(3, g.estate_id).bind(4, g.unit_code);
  const bool removed = st.step();
  st.reset();
  if (!removed) {
    throw Error::not_found("grant-unknown", "role",
                           std::string(username) + " does not hold " + to_string(g));
  }
  tx.commit();
}

std::vector<Grant> Directory::grants_of(std::string_view username) const {
  return load_grants(require_user_id(username));
}

std::vector<UserInfo> Directory::list_users() const {
  std::vector<UserInfo> users;
  std::map<std::int64_t, std::size_t> index;
  {
    store::Statement st = db_.prepare(
        "SELECT user_id, username, display_name, disabled, created_unix FROM app_user "
        "ORDER BY username");
    while (st.step()) {
      index[st.int64(0)] = users.size();
      users.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3) != 0, st.int64(4), {}});
    }
  }
  store::Statement st = db_.prepare(
      "SELECT user_id, role, estate_id, unit_code FROM role_grant "
      "ORDER BY estate_id, role, unit_code");
  while (st.step()) {
    const auto it = index.find(st.int64(0));
    if (it != index.end())
      users[it->second].grants.push_back({parse_role(st.text_view(1)), st.text(2), st.text(3)});
  }
  return users;
}

}  // namespace trustfund::auth
