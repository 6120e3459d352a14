// API v1 for statements: close a month, build a view (quarter, half, year) of published months,
// their files, the custodians' signatures over a manifest, notes (the supervisor's attestation or
// objection, residents' objections, answers) and each owner's resident proof. A {period} is a
// month's key or a view's. The rules are in src/statements/.
#include <string>

#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/core/error.h"
#include "trustfund/statements/statement.h"

namespace trustfund::api {
namespace {

using auth::Action;
namespace st = statements;

const std::string& estate_of(const Request& r) {
  return r.params.at("estate");
}

// A month (2026-10) or a view (2026-Q3, 2026-H2, 2026).
std::string period_of(const Request& r) {
  return st::statement_period(r.params.at("period"), "period").key;
}

std::string statement_json(const st::Statement& s) {
  std::string out = "{";
  member(out, "period", s.period_key, true);
  member(out, "kind", s.kind);
  member(out, "state", st::to_string(s.state));
  member(out, "manifest_sha256", s.manifest_sha256_hex);
  member_raw(out, "custodian_set_version", std::to_string(s.custodian_set_version));
  member_raw(out, "tree_size", std::to_string(s.tree_size));
  member(out, "closed_at", s.closed_at);
  member(out, "closed_by", s.closed_by);
  member(out, "published_at", s.published_at);
  out += ",\"signers\":[";
  if (s.signature) {
    for (std::size_t i = 0; i < s.signature->signers.size(); ++i) {
      const auto& g = s.signature->signers[i];
      out += i ? ",{" : "{";
      member(out, "role", escrow::to_string(g.role), true);
      member(out, "subject", g.subject);
      member(out, "signing_time", g.signing_time);
      out += '}';
    }
  }
  out += "],\"files\":[";
  for (std::size_t i = 0; i < s.files.size(); ++i) {
    out += i ? ",{" : "{";
    member(out, "name", s.files[i].name, true);
    member(out, "media_type", s.files[i].media_type);
    member(out, "sha256", s.files[i].sha256_hex);
    out += '}';
  }
  out += "],\"notes\":[";
  for (std::size_t i = 0; i < s.notes.size(); ++i) {
    const st::StatementNote& n = s.notes[i];
    out += i ? ",{" : "{";
    member_raw(out, "id", std::to_string(n.id), true);
    member(out, "kind", n.kind);
    if (n.answers)
      member_raw(out, "answers", std::to_string(*n.answers));
    member(out, "text", n.text);
    if (!n.unit_code.empty())
      member(out, "unit", n.unit_code);
    member(out, "at", n.at);
    out += '}';
  }
  return out + "]}";
}

template <typename Op>
Response statement_write(Service& s, const Request& req, const auth::Principal& who, Op&& op,
                         int status = 200) {
  const ledger::Actor actor = actor_of(who, req);
  const st::Statement result = s.writer(estate_of(req))
                                   .execute([&](ledger::Books& books) { return op(books, actor); })
                                   .get();
  return json(statement_json(result), status);
}

Response close_month(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::close_period, estate_of(req));
  const Period month = Period::parse(req.params.at("period"), "period");
  return statement_write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return st::close_month(b, month, actor);
      },
      201);
}

// A view is built by the role that closes the months it derives from.
Response build_view(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::close_period, estate_of(req));
  const std::string key = period_of(req);
  return statement_write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) { return st::build_view(b, key, actor); },
      201);
}

Response list_statements(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"statements\":[";
  const auto list = st::list_statements(*books);
  for (std::size_t i = 0; i < list.size(); ++i)
    out.append(i ? "," : "").append(statement_json(list[i]));
  return json(out + "]}");
}

Response get_statement(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(statement_json(st::statement(*books, period_of(req))));
}

Response get_file(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  const st::StatementFile f = st::statement_file(*books, period_of(req), req.params.at("name"));
  Response r;
  r.content_type = f.media_type == "application/pkcs7-signature" ? f.media_type
                                                                 : f.media_type + "; charset=utf-8";
  r.body = f.content;
  r.headers.emplace_back("ETag", "\"" + f.sha256_hex + "\"");
  return r;
}

Response add_signature(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::sign, estate_of(req));
  if (req.content_type.rfind("application/pkcs7-signature", 0) != 0) {
    throw Error::invalid("content-type", "Content-Type",
                         "send the CMS signature (DER) as application/pkcs7-signature");
  }
  const std::string der = req.body;
  return statement_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return st::add_signature(b, period_of(req), der, actor);
  });
}

Response add_attestation(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::attest_statement, estate_of(req));
  const JsonBody body(req, {"kind", "text"});
  const std::string kind = body.text_or("kind", "attestation", 20);
  if (kind != "attestation" && kind != "objection")
    throw Error::invalid("note-kind", "kind", "the supervisor attests or objects");
  const std::string text = body.text("text", 4000);
  return statement_write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return st::add_note(b, period_of(req), kind, text, "", std::nullopt, actor);
      },
      201);
}

Response add_objection(Service& s, const Request& req) {
  authenticate(s, req);  // who it is before reading the body; the unit decides what they may do
  const JsonBody body(req, {"unit", "text"});
  const std::string unit = body.text("unit", 32);
  const auth::Principal who = authorize(s, req, Action::object_statement, estate_of(req), unit);
  const std::string text = body.text("text", 4000);
  return statement_write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return st::add_note(b, period_of(req), "resident_objection", text, unit, std::nullopt,
                            actor);
      },
      201);
}

Response add_answer(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::close_period, estate_of(req));
  const JsonBody body(req, {"answers", "text"});
  const std::string id = body.text("answers", 12);
  if (id.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid("note-answers", "answers", "the id of the note answered");
  const std::string text = body.text("text", 4000);
  return statement_write(
      s, req, who,
      [&](ledger::Books& b, const ledger::Actor& actor) {
        return st::add_note(b, period_of(req), "answer", text, "", std::stoll(id), actor);
      },
      201);
}

Response get_proof(Service& s, const Request& req) {
  const std::string unit = req.params.at("unit");
  authorize(s, req, Action::read_unit, estate_of(req), unit);
  auto books = s.reader(estate_of(req));
  return json(st::resident_proof(*books, period_of(req), unit));
}

}  // namespace

std::vector<Route> statement_routes() {
  const std::string e = "/api/v1/estates/{estate}/statements";
  const std::string p = e + "/{period}";
  return {
      {"GET", e, list_statements},
      {"POST", p + "/close", close_month},
      {"POST", p + "/view", build_view},
      {"GET", p, get_statement},
      {"GET", p + "/files/{name}", get_file},
      {"POST", p + "/signatures", add_signature},
      {"POST", p + "/attestations", add_attestation},
      {"POST", p + "/objections", add_objection},
      {"POST", p + "/answers", add_answer},
      {"GET", p + "/units/{unit}/proof", get_proof},
  };
}

}  // namespace trustfund::api
