#include "user_commands.h"

#include <algorithm>
#include <iostream>
#include <limits>

#include "terminal.h"
#include "trustfund/auth/directory.h"
#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/store/database.h"

namespace trustfund::cli {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 3600;
constexpr std::int64_t kDefaultTokenDays = 90;
constexpr std::int64_t kMaxTokenDays = 730;

// The registry and a Directory over it; the connection must outlive the Directory.
struct Registry {
  store::DataDir dir;
  store::Database db;
  auth::Directory directory;
  explicit Registry(const Context& ctx)
      : dir(ctx.open_data_dir()), db(dir.open_registry()), directory(db) {}
};

// Wipes a token when it goes out of scope, however the command ends.
struct WipeOnExit {
  std::string& secret;
  ~WipeOnExit() { auth::wipe(secret); }
};

constexpr SecretKind kPassword{"password", "password-too-long", "password-mismatch"};

// A new password: typed twice on a terminal, else the first line of standard input.
void read_new_password(const Context& ctx, Secret& password) {
  if (!is_terminal(ctx.in)) {
    read_secret_line(ctx.in, password, kPassword);
    return;
  }
  ask_secret(ctx.in, ctx.err,
             "new password (at least " + std::to_string(auth::kMinPasswordChars) + " characters)",
             true, password, kPassword);
}

auth::Grant grant_from_args(const Context& ctx) {
  return {auth::parse_role(ctx.args.require("role")), ctx.args.require("estate"),
          ctx.args.get_or("unit", "")};
}

std::string grants_text(const std::vector<auth::Grant>& grants) {
  if (grants.empty())
    return "-";
  std::string out;
  for (const auth::Grant& g : grants)
    out.append(out.empty() ? "" : ",").append(auth::to_string(g));
  return out;
}

std::string date_of(std::int64_t unix_s) {
  return Date::from_days(unix_s / kSecondsPerDay).to_string();
}

int cmd_user_add(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  auth::Directory::check_username(username);  // before asking for a password
  const std::string display_name = ctx.args.get_or("display-name", username);
  Registry reg(ctx);
  Secret password(auth::kMaxPasswordBytes);
  read_new_password(ctx, password);
  reg.directory.add_user(username, password.view(), display_name);
  ctx.out << "added user " << username << " (no roles yet: see trustfund user grant --help)\n";
  return 0;
}

int cmd_user_grant(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  const auth::Grant grant = grant_from_args(ctx);
  Registry reg(ctx);
  if (grant.role == auth::Role::resident && !grant.unit_code.empty()) {
    // auth/ checks the unit code's syntax; that the unit exists is in the estate's books.
    const std::vector<ledger::Unit> units =
        ledger::Books::open(reg.dir.open_estate(grant.estate_id)).units();
    const bool known = std::any_of(units.begin(), units.end(), [&](const ledger::Unit& u) {
      return u.code == grant.unit_code;
    });
    if (!known) {
      throw Error::not_found("unit-unknown", "unit",
                             "estate " + grant.estate_id + " has no unit " + grant.unit_code);
    }
  }
  reg.directory.grant(username, grant);
  ctx.out << "granted " << auth::to_string(grant) << " to " << username << "\n";
  return 0;
}

int cmd_user_revoke(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  const auth::Grant grant = grant_from_args(ctx);
  Registry reg(ctx);
  reg.directory.revoke(username, grant);
  ctx.out << "revoked " << auth::to_string(grant) << " from " << username << "\n";
  return 0;
}

int cmd_user_reset_password(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  Registry reg(ctx);
  reg.directory.grants_of(username);  // an unknown user fails before the password is asked for
  Secret password(auth::kMaxPasswordBytes);
  read_new_password(ctx, password);
  reg.directory.reset_password(username, password.view());
  ctx.out << "set a new password for " << username << "; their sessions have ended\n";
  return 0;
}

int cmd_user_disable(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  Registry reg(ctx);
  reg.directory.disable_user(username);
  ctx.out << "disabled " << username << ": no login, sessions ended, API tokens refused\n";
  return 0;
}

int cmd_user_enable(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  Registry reg(ctx);
  reg.directory.enable_user(username);
  ctx.out << "enabled " << username << "\n";
  return 0;
}

int cmd_user_list(const Context& ctx) {
  Registry reg(ctx);
  for (const auth::UserInfo& u : reg.directory.list_users()) {
    ctx.out << u.username << "\t" << u.display_name << "\t" << (u.disabled ? "disabled" : "enabled")
            << "\t" << grants_text(u.grants) << "\n";
  }
  return 0;
}

int cmd_token_create(const Context& ctx) {
  const std::string username = ctx.args.require("username");
  const std::string label = ctx.args.require("label");
  const std::int64_t days = ctx.args.integer_or("days", kDefaultTokenDays, 1, kMaxTokenDays);
  Registry reg(ctx);
  const std::int64_t now = auth::unix_now();
  const std::int64_t expires = now + days * kSecondsPerDay;
  std::string token = reg.directory.create_api_token(username, label, expires, now);
  WipeOnExit wipe{token};
  ctx.out << token << "\n";
  ctx.err << "API token for " << username << " (" << label << "), valid until " << date_of(expires)
          << " UTC. It is shown only now and cannot be recovered: store it safely.\n";
  return 0;
}

int cmd_token_list(const Context& ctx) {
  Registry reg(ctx);
  const std::int64_t now = auth::unix_now();
  for (const auth::ApiTokenInfo& t : reg.directory.api_tokens(ctx.args.get_or("username", ""))) {
    const char* state = t.revoked_unix ? "revoked" : (t.expires_unix <= now ? "expired" : "active");
    ctx.out << t.token_id << "\t" << t.username << "\t" << t.label << "\t"
            << date_of(t.created_unix) << "\t" << date_of(t.expires_unix) << "\t" << state << "\n";
  }
  return 0;
}

int cmd_token_revoke(const Context& ctx) {
  const std::int64_t id = ctx.args.integer("id", 1, std::numeric_limits<std::int64_t>::max());
  Registry reg(ctx);
  reg.directory.revoke_api_token(id);
  ctx.out << "revoked API token " << id << "\n";
  return 0;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> user_commands() {
  return {
      {"user add",
       "add a user (password read from standard input)",
       "usage: trustfund user add --username NAME [--display-name TEXT]\n\n"
       "Adds an enabled user without roles. The password (at least 12 characters) is asked for\n"
       "twice on a terminal, or read as the first line of standard input; never as an option.\n",
       {"username", "display-name"},
       {},
       cmd_user_add},
      {"user grant",
       "give a user a role in an estate",
       "usage: trustfund user grant --username NAME --role ROLE --estate ID [--unit CODE]\n\n"
       "ROLE is admin, treasurer, manager, custodian, supervisor, resident or regulator.\n"
       "Residents need --unit (one grant per unit they own); --estate '*' is only for admin\n"
       "(the installation admin). A regulator gets one grant per estate of its jurisdiction.\n",
       {"username", "role", "estate", "unit"},
       {},
       cmd_user_grant},
      {"user revoke",
       "take a role away",
       "usage: trustfund user revoke --username NAME --role ROLE --estate ID [--unit CODE]\n",
       {"username", "role", "estate", "unit"},
       {},
       cmd_user_revoke},
      {"user reset-password",
       "set a new password (ends the user's sessions)",
       "usage: trustfund user reset-password --username NAME\n\n"
       "Reads the new password like user add. Sessions end; API tokens stay valid.\n",
       {"username"},
       {},
       cmd_user_reset_password},
      {"user disable",
       "stop a user from logging in or using tokens",
       "usage: trustfund user disable --username NAME\n",
       {"username"},
       {},
       cmd_user_disable},
      {"user enable",
       "let a disabled user back in",
       "usage: trustfund user enable --username NAME\n",
       {"username"},
       {},
       cmd_user_enable},
      {"user list",
       "list users and their grants",
       "usage: trustfund user list\n",
       {},
       {},
       cmd_user_list},
      {"token create",
       "make an API token for a script (printed once)",
       "usage: trustfund token create --username NAME --label TEXT [--days N]\n\n"
       "Prints a token tft_... valid for N days (default 90, at most 730). Only its hash is kept:\n"
       "store it safely, it cannot be shown again.\n",
       {"username", "label", "days"},
       {},
       cmd_token_create},
      {"token list",
       "list API tokens (never their text)",
       "usage: trustfund token list [--username NAME]\n",
       {"username"},
       {},
       cmd_token_list},
      {"token revoke",
       "revoke an API token by id",
       "usage: trustfund token revoke --id N\n",
       {"id"},
       {},
       cmd_token_revoke},
  };
}

}  // namespace trustfund::cli
