// API v1 for dual-key escrow: the custodian set, the payment policy and trust bank accounts, and
// disbursement orders from draft to execution. The rules are in src/escrow/; every handler
// authorizes first, writes through the estate's writer thread, and logs its action. The server
// never sees a private key: custodians download an order's canonical bytes, sign them on their
// own computer (`trustfund custodian sign|cosign`) and upload the CMS file.
#include <sstream>
#include <string>

#include <Poco/Base64Decoder.h>

#include "authz.h"
#include "json_out.h"
#include "request_json.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/escrow/custodians.h"
#include "trustfund/escrow/order.h"
#include "trustfund/escrow/policy.h"

namespace trustfund::api {
namespace {

using auth::Action;

const std::string& estate_of(const Request& r) {
  return r.params.at("estate");
}

const std::string& order_of(const Request& r) {
  return r.params.at("order");
}

// `req`, whose body must be JSON of at most 256 KiB (a custodian set with its certificates).
const Request& custodian_request(const Request& req) {
  require_json(req);
  if (req.body.size() > 256 * 1024)
    throw Error::invalid("body-too-large", "body", "at most 256 KiB of JSON");
  return req;
}

// ---- custodians --------------------------------------------------------------------------------

std::vector<escrow::CustodianInput> custodian_inputs(const json::ObjectReader& body) {
  const json::ArrayReader list = body.array("custodians");
  std::vector<escrow::CustodianInput> out;
  for (std::size_t i = 0; i < list.size() && i < 8; ++i) {
    const json::ObjectReader c = list.object(i);
    c.only({"role", "certificate"});
    const std::string role = c.string("role");
    std::string certificate = c.string("certificate");  // PEM: Certificate::parse reads it
    out.push_back({escrow::parse_custodian_role(role, c.path() + ".role"), std::move(certificate)});
  }
  if (list.size() > 8)
    throw Error::invalid("custodians-count", "custodians", "at most three custodians");
  return out;
}

std::string set_json(const escrow::CustodianSet& set) {
  std::string out = "{";
  member_raw(out, "version", std::to_string(set.version), true);
  member(out, "effective_at", set.effective_at);
  member(out, "registered_by", set.registered_by);
  out += ",\"custodians\":[";
  for (std::size_t i = 0; i < set.custodians.size(); ++i) {
    const escrow::Custodian& c = set.custodians[i];
    out += i ? ",{" : "{";
    member(out, "role", escrow::to_string(c.role), true);
    member(out, "subject", c.subject);
    member(out, "key_id", c.key_id_hex);
    member(out, "certificate_sha256", crypto::to_hex(c.certificate.fingerprint()));
    member(out, "not_after", c.certificate.not_after().to_string());
    member(out, "certificate", c.certificate.to_pem());
    out += '}';
  }
  out += ']';
  if (!set.change_document.empty())
    member_raw(out, "change_document", set.change_document);
  return out + "}";
}

Response get_custodians(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"sets\":[";
  const std::vector<escrow::CustodianSet> history = escrow::custodian_history(*books);
  for (std::size_t i = 0; i < history.size(); ++i)
    out += (i ? "," : "") + set_json(history[i]);
  out += "]";
  if (!history.empty())
    member_raw(out, "current_version", std::to_string(history.back().version));
  return json(out + "}");
}

// custodians.pem: the certificates of the set in force, for `openssl cms -verify -CAfile`.
Response get_custodians_pem(Service& s, const Request& req) {
  authorize(s, req, Action::read_estate, estate_of(req));
  auto books = s.reader(estate_of(req));
  const escrow::CustodianSet set = escrow::current_custodians(*books);
  Response r;
  r.content_type = "application/x-pem-file";
  for (const escrow::Custodian& c : set.custodians)
    r.body += c.certificate.to_pem();
  return r;
}

Response register_custodians(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::configure_escrow, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(custodian_request(req), {"custodians"}, body_faults_by_kind());
  const std::vector<escrow::CustodianInput> inputs = custodian_inputs(body.object());
  const escrow::CustodianSet set = s.writer(estate_of(req))
                                       .execute([&](ledger::Books& books) {
                                         return escrow::register_custodians(books, inputs, actor);
                                       })
                                       .get();
  return json(set_json(set), 201);
}

Response custodian_change_document(Service& s, const Request& req) {
  authorize(s, req, Action::configure_escrow, estate_of(req));
  const JsonBody body(custodian_request(req), {"custodians", "reason"}, body_faults_by_kind());
  const std::vector<escrow::CustodianInput> inputs = custodian_inputs(body.object());
  const std::string reason = body.object().string("reason");
  auto books = s.reader(estate_of(req));
  return json(escrow::custodian_change_document(*books, inputs, reason));
}

std::string decode_base64(const std::string& text, const char* field) {
  if (text.size() > 2 * crypto::kMaxCmsBytes)
    throw Error::invalid("signature-too-large", field, "a signature is at most 64 KiB");
  for (const char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' ||
                    c == '=' || c == '\n' || c == '\r';
    if (!ok)
      throw Error::invalid("signature-base64", field, "the signature must be base64 (DER inside)");
  }
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string out;
  try {
    out.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    throw Error::invalid("signature-base64", field, "the signature must be base64 (DER inside)");
  }
  return out;
}

Response change_custodians(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::configure_escrow, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(custodian_request(req), {"custodians", "reason", "signature"},
                      body_faults_by_kind());
  const std::vector<escrow::CustodianInput> inputs = custodian_inputs(body.object());
  const std::string reason = body.object().string("reason");
  const std::string signature = decode_base64(body.object().string("signature"), "signature");
  const escrow::CustodianSet set =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) {
            return escrow::change_custodians(books, inputs, reason, signature, actor);
          })
          .get();
  return json(set_json(set), 201);
}

// ---- policy and bank accounts ------------------------------------------------------------------

std::string policy_json(const escrow::EscrowPolicy& p) {
  std::string out = "{";
  member(out, "effective_from", p.effective_from.to_string(), true);
  member(out, "resolution_threshold", p.resolution_threshold.to_string());
  member(out, "floor_operating", p.floor_operating.to_string());
  member(out, "floor_public_revenue", p.floor_public_revenue.to_string());
  member(out, "floor_repair", p.floor_repair.to_string());
  member(out, "emergency_cap", p.emergency_cap.to_string());
  member_raw(out, "max_validity_days", std::to_string(p.max_validity_days));
  member(out, "set_at", p.set_at);
  member(out, "set_by", p.set_by);
  member(out, "currency", "CNY");
  return out + "}";
}

Response get_policy(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"in_force\":" + policy_json(escrow::policy_on(*books, Date::today_utc()));
  out += ",\"history\":[";
  const auto history = escrow::policy_history(*books);
  for (std::size_t i = 0; i < history.size(); ++i)
    out += (i ? "," : "") + policy_json(history[i]);
  return json(out + "]}");
}

Response set_policy(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::configure_escrow, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(
      req, {"effective_from", "resolution_threshold", "floor_operating", "floor_public_revenue",
            "floor_repair", "emergency_cap", "max_validity_days"});
  escrow::EscrowPolicy p;
  p.effective_from = Date::parse(body.text_or("effective_from", Date::today_utc().to_string(), 10),
                                 "effective_from");
  const auto amount = [&](const char* name, money::Amount fallback) {
    return money::Amount::parse(body.text_or(name, fallback.to_string(), 40), name);
  };
  p.resolution_threshold = amount("resolution_threshold", p.resolution_threshold);
  p.floor_operating = amount("floor_operating", p.floor_operating);
  p.floor_public_revenue = amount("floor_public_revenue", p.floor_public_revenue);
  p.floor_repair = amount("floor_repair", p.floor_repair);
  p.emergency_cap = money::Rate::parse(
      body.text_or("emergency_cap", p.emergency_cap.to_string(), 20), "emergency_cap");
  const std::string days = body.text_or("max_validity_days", "90", 3);
  if (days.empty() || days.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid("policy-validity", "max_validity_days", "a whole number of days");
  p.max_validity_days = std::stoi(days);
  const escrow::EscrowPolicy set =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) { return escrow::set_policy(books, p, actor); })
          .get();
  return json(policy_json(set), 201);
}

std::string bank_account_json(const escrow::BankAccount& a) {
  std::string out = "{";
  member(out, "fund", ledger::fund_code(a.fund), true);
  member(out, "holder_name", a.holder_name);
  member(out, "account_no", a.account_no);
  member(out, "bank_name", a.bank_name);
  member(out, "bank_code", a.bank_code);
  return out + "}";
}

Response get_bank_accounts(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  std::string out = "{\"bank_accounts\":[";
  const auto accounts = escrow::bank_accounts(*books);
  for (std::size_t i = 0; i < accounts.size(); ++i)
    out += (i ? "," : "") + bank_account_json(accounts[i]);
  return json(out + "]}");
}

Response set_bank_account(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::configure_escrow, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const JsonBody body(req, {"fund", "holder_name", "account_no", "bank_name", "bank_code"});
  escrow::BankAccount a;
  a.fund = escrow::parse_fund(body.text("fund", 2));
  a.holder_name = body.text("holder_name", 140);
  a.account_no = body.text("account_no", 34);
  a.bank_name = body.text("bank_name", 140);
  a.bank_code = body.text_or_empty("bank_code", 12);
  s.writer(estate_of(req))
      .execute([&](ledger::Books& books) {
        escrow::set_bank_account(books, a, actor);
        return 0;
      })
      .get();
  return json(bank_account_json(a), 201);
}

// ---- orders ------------------------------------------------------------------------------------

Response list_orders(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  std::optional<escrow::OrderState> state;
  if (const auto it = req.query.find("state"); it != req.query.end())
    state = escrow::parse_order_state(it->second);
  std::int64_t after = 0;
  if (const auto it = req.query.find("after"); it != req.query.end()) {
    if (it->second.empty() || it->second.size() > 12 ||
        it->second.find_first_not_of("0123456789") != std::string::npos)
      throw Error::invalid("after", "after", "after is an order number");
    after = std::stoll(it->second);
  }
  int limit = 100;
  if (const auto it = req.query.find("limit"); it != req.query.end()) {
    if (it->second.empty() || it->second.size() > 4 ||
        it->second.find_first_not_of("0123456789") != std::string::npos)
      throw Error::invalid("limit", "limit", "limit must be 1-1000");
    limit = std::stoi(it->second);
  }
  auto books = s.reader(estate_of(req));
  const std::vector<escrow::Order> orders = escrow::list_orders(*books, state, after, limit);
  std::string out = "{\"orders\":[";
  for (std::size_t i = 0; i < orders.size(); ++i)
    out += (i ? "," : "") + escrow::order_to_json(orders[i]);
  out += "]";
  if (static_cast<int>(orders.size()) == limit)
    member_raw(out, "next_after", std::to_string(orders.back().order_no));
  return json(out + "}");
}

escrow::OrderInput order_body(const Request& req) {
  require_json(req);
  return escrow::parse_order_json(req.body);
}

Response create_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const ledger::Actor actor = actor_of(who, req);
  const escrow::OrderInput input = order_body(req);
  const escrow::Order o =
      s.writer(estate_of(req))
          .execute([&](ledger::Books& books) { return escrow::create_order(books, input, actor); })
          .get();
  Response r = json(escrow::order_to_json(o), 201);
  r.headers.emplace_back("Location", "/api/v1/estates/" + estate_of(req) + "/orders/" + o.order_id);
  return r;
}

Response get_order(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  return json(escrow::order_to_json(escrow::order(*books, order_of(req))));
}

// The bytes custodians sign, exactly.
Response get_order_document(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  const escrow::Order o = escrow::order(*books, order_of(req));
  Response r;
  r.body = o.canonical;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + o.order_id + ".json\"");
  return r;
}

// A write on an order by `who` (authorized by the caller before it read the body).
template <typename F>
Response order_write(Service& s, const Request& req, const auth::Principal& who, F&& op) {
  const ledger::Actor actor = actor_of(who, req);
  const escrow::Order o = s.writer(estate_of(req))
                              .execute([&](ledger::Books& books) { return op(books, actor); })
                              .get();
  return json(escrow::order_to_json(o));
}

Response amend_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const escrow::OrderInput input = order_body(req);
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::amend_order(b, order_of(req), input, actor);
  });
}

Response submit_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::submit_order(b, order_of(req), actor);
  });
}

std::string reason_of(const Request& req) {
  const JsonBody body(req, {"reason"});
  return body.text("reason", 500);
}

Response reject_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::sign, estate_of(req));
  const std::string reason = reason_of(req);
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::reject_order(b, order_of(req), reason, actor);
  });
}

Response cancel_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const std::string reason = reason_of(req);
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::cancel_order(b, order_of(req), reason, actor);
  });
}

Response execute_order(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::prepare_disbursement, estate_of(req));
  const JsonBody body(req, {"date"});
  const Date date = Date::parse(body.text_or("date", Date::today_utc().to_string(), 10), "date");
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::execute_order(b, order_of(req), date, actor);
  });
}

// A CMS signature: the DER itself (Content-Type application/pkcs7-signature), or JSON
// {"signature": base64}.
Response add_signature(Service& s, const Request& req) {
  const auth::Principal who = authorize(s, req, Action::sign, estate_of(req));
  std::string der;
  if (req.content_type.rfind("application/pkcs7-signature", 0) == 0) {
    der = req.body;
  } else {
    const JsonBody body(req, {"signature"});
    der = decode_base64(body.text("signature", 2 * crypto::kMaxCmsBytes), "signature");
  }
  return order_write(s, req, who, [&](ledger::Books& b, const ledger::Actor& actor) {
    return escrow::add_signature(b, order_of(req), der, actor);
  });
}

// The signature file in force (DER), for the second custodian to co-sign.
Response get_signature(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  const std::string order_id = order_of(req);
  Response r;
  r.body = escrow::order_signature_der(*books, order_id);
  r.content_type = "application/pkcs7-signature";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + order_id + ".p7s\"");
  return r;
}

Response get_bank_file(Service& s, const Request& req) {
  authorize(s, req, Action::read_books, estate_of(req));
  auto books = s.reader(estate_of(req));
  const escrow::BankFile f = escrow::bank_file(*books, order_of(req), req.params.at("name"));
  Response r;
  r.content_type = f.media_type + "; charset=utf-8";
  r.body = f.content;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + f.name + "\"");
  return r;
}

}  // namespace

std::vector<Route> escrow_routes() {
  const std::string e = "/api/v1/estates/{estate}";
  const std::string o = e + "/orders/{order}";
  return {
      {"GET", e + "/custodians", get_custodians},
      {"POST", e + "/custodians", register_custodians},
      {"GET", e + "/custodians.pem", get_custodians_pem},
      {"POST", e + "/custodians/change-document", custodian_change_document},
      {"POST", e + "/custodians/changes", change_custodians},
      {"GET", e + "/escrow-policy", get_policy},
      {"POST", e + "/escrow-policy", set_policy},
      {"GET", e + "/bank-accounts", get_bank_accounts},
      {"POST", e + "/bank-accounts", set_bank_account},
      {"GET", e + "/orders", list_orders},
      {"POST", e + "/orders", create_order},
      {"GET", o, get_order},
      {"PUT", o, amend_order},
      {"GET", o + "/document", get_order_document},
      {"POST", o + "/submit", submit_order},
      {"POST", o + "/signatures", add_signature},
      {"GET", o + "/signature", get_signature},
      {"POST", o + "/reject", reject_order},
      {"POST", o + "/cancel", cancel_order},
      {"POST", o + "/execute", execute_order},
      {"GET", o + "/bank-files/{name}", get_bank_file},
  };
}

}  // namespace trustfund::api
