// Login, logout and "who am I": the routes about the caller's own session.
#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/auth/directory.h"
#include "trustfund/auth/password.h"
#include "trustfund/core/error.h"

namespace trustfund::api {
namespace {

std::string grants_json(const std::vector<auth::Grant>& grants) {
  std::string out = "[";
  for (std::size_t i = 0; i < grants.size(); ++i) {
    if (i)
      out += ',';
    out += '{';
    member(out, "role", auth::to_string(grants[i].role), true);
    member(out, "estate", grants[i].estate_id);
    if (!grants[i].unit_code.empty())
      member(out, "unit", grants[i].unit_code);
    out += '}';
  }
  return out + "]";
}

// POST /api/v1/sessions {"username","password"}: the password is wiped as soon as it is checked,
// and neither it nor the token ever reaches a log.
Response login(Service& s, const Request& req) {
  const JsonBody body(req, {"username", "password"});
  const std::string username = body.text("username", 64);
  std::string password = body.text("password", auth::kMaxPasswordBytes);
  std::string token;
  const std::int64_t now = auth::unix_now();
  try {
    auto registry = s.registry();
    token = registry->directory->login(username, password, req.remote, now);
    auth::wipe(password);
  } catch (...) {
    auth::wipe(password);
    throw;
  }
  std::string out = "{";
  member(out, "token", token, true);
  member(out, "token_type", "Bearer");
  member(out, "username", username);
  member_raw(out, "expires_at", std::to_string(now + s.registry()->directory->session_ttl_s()));
  auth::wipe(token);
  return json(out + "}", 201);
}

Response current_session(Service& s, const Request& req) {
  const auth::Principal who = authenticate(s, req);
  std::string out = "{";
  member(out, "username", who.username, true);
  member(out, "display_name", who.display_name);
  member(out, "credential", who.credential == auth::Credential::session ? "session" : "api_token");
  member_raw(out, "expires_at", std::to_string(who.expires_unix));
  member_raw(out, "grants", grants_json(who.grants));
  return json(out + "}");
}

Response logout(Service& s, const Request& req) {
  const auth::Principal who = authenticate(s, req);
  if (who.credential != auth::Credential::session) {
    throw Error::invalid("not-a-session", "Authorization",
                         "an API token is not a session: revoke it with trustfund token revoke");
  }
  s.registry()->directory->logout(req.bearer_token);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

std::vector<Route> session_routes() {
  return {
      {"POST", "/api/v1/sessions", login},
      {"GET", "/api/v1/sessions/current", current_session},
      {"DELETE", "/api/v1/sessions/current", logout},
  };
}

}  // namespace trustfund::api
