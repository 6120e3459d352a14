// Repair projects to and from JSON; see project_json.h and project.h.
#include "project_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/escrow/event_json.h"

namespace trustfund::repairfund {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxJsonBytes = 256 * 1024;

Object::Ptr parse_object(std::string_view json, const char* what) {
  if (json.size() > kMaxJsonBytes)
    throw Error::invalid("body-too-large", what, std::string(what) + " is at most 256 KiB");
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var v = parser.parse(std::string(json));
    if (v.type() == typeid(Object::Ptr))
      return v.extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    throw Error::invalid("json-syntax", what, "not valid JSON: " + e.message());
  }
  throw Error::invalid("json-shape", what, std::string(what) + " must be a JSON object");
}

void only(const Object& o, std::initializer_list<const char*> allowed, const std::string& prefix) {
  for (const auto& [name, value] : o) {
    bool ok = false;
    for (const char* a : allowed)
      ok = ok || name == a;
    if (!ok)
      throw Error::invalid("unknown-member", prefix + name, "unknown member \"" + name + "\"");
  }
}

std::string str(const Object& o, const char* key, const std::string& prefix, bool required = true) {
  if (!o.has(key)) {
    if (required)
      throw Error::invalid("missing-member", prefix + key, std::string(key) + " is required");
    return "";
  }
  if (!o.get(key).isString())
    throw Error::invalid("member-type", prefix + key, std::string(key) + " must be a string");
  return o.getValue<std::string>(key);
}

Array::Ptr arr(const Object& o, const char* key, const std::string& prefix, bool required) {
  if (!o.has(key)) {
    if (required)
      throw Error::invalid("missing-member", prefix + key, std::string(key) + " is required");
    return new Array;
  }
  if (o.get(key).type() != typeid(Array::Ptr))
    throw Error::invalid("member-type", prefix + key, std::string(key) + " must be an array");
  return o.getArray(key);
}

Object::Ptr obj_at(const Array& a, std::size_t i, const std::string& at) {
  if (a.get(static_cast<unsigned>(i)).type() != typeid(Object::Ptr))
    throw Error::invalid("member-type", at, at + " must be an object");
  return a.getObject(static_cast<unsigned>(i));
}

std::int64_t integer(const Object& o, const char* key, const std::string& prefix,
                     std::int64_t fallback) {
  if (!o.has(key))
    return fallback;
  const Poco::Dynamic::Var v = o.get(key);
  if (!v.isInteger())
    throw Error::invalid("member-type", prefix + key, std::string(key) + " must be a whole number");
  return v.convert<std::int64_t>();
}

Object::Ptr payee_object(const escrow::Payee& p) {
  Object::Ptr o = new Object;
  o->set("name", p.name);
  o->set("account_no", p.account_no);
  o->set("bank_name", p.bank_name);
  o->set("bank_code", p.bank_code);
  return o;
}

escrow::Payee parse_payee(const Object& o, const std::string& prefix) {
  only(o, {"name", "account_no", "bank_name", "bank_code"}, prefix);
  return {str(o, "name", prefix), str(o, "account_no", prefix), str(o, "bank_name", prefix),
          str(o, "bank_code", prefix, false)};
}

Object::Ptr input_object(const ProjectInput& in) {
  Object::Ptr o = new Object;
  o->set("title", in.title);
  o->set("category", in.category);
  o->set("reason", in.reason);
  o->set("budget", in.budget.to_string());
  Array::Ptr quotes = new Array;
  for (const Quote& q : in.quotes) {
    Object::Ptr j = new Object;
    j->set("contractor", q.contractor);
    j->set("amount", q.amount.to_string());
    j->set("document_sha256", q.document_sha256);
    quotes->add(j);
  }
  o->set("quotes", quotes);
  o->set("chosen_quote", static_cast<std::int64_t>(in.chosen_quote));
  o->set("chosen_reason", in.chosen_reason);
  Object::Ptr scope = new Object;
  scope->set("kind", std::string(to_string(in.scope.kind)));
  Array::Ptr items = new Array;
  for (const std::string& i : in.scope.items)
    items->add(i);
  scope->set("items", items);
  o->set("scope", scope);
  Array::Ptr docs = new Array;
  for (const Document& d : in.documents) {
    Object::Ptr j = new Object;
    j->set("name", d.name);
    j->set("sha256", d.sha256);
    docs->add(j);
  }
  o->set("documents", docs);
  o->set("emergency_category", in.emergency_category);
  o->set("emergency_certificate_sha256", in.emergency_certificate_sha256);
  o->set("emergency_notice_sha256", in.emergency_notice_sha256);
  return o;
}

Object::Ptr contract_object(const Contract& c) {
  Object::Ptr o = new Object;
  o->set("contractor", c.contractor);
  o->set("payee", payee_object(c.payee));
  o->set("price", c.price.to_string());
  o->set("signed_on", c.signed_on.to_string());
  o->set("document_sha256", c.document_sha256);
  o->set("warranty_months", std::int64_t{c.warranty_months});
  return o;
}

}  // namespace

std::string project_json(const ProjectInput& in) {
  return crypto::canonicalize(input_object(in));
}

std::string contract_json(const Contract& c) {
  return crypto::canonicalize(contract_object(c));
}

Contract parse_contract_json(std::string_view json) {
  return parse_contract_input(json, 24);
}

Contract parse_contract_input(std::string_view json, int default_warranty_months) {
  const Object::Ptr o = parse_object(json, "contract");
  only(*o, {"contractor", "payee", "price", "signed_on", "document_sha256", "warranty_months"}, "");
  Contract c;
  c.contractor = str(*o, "contractor", "");
  if (!o->has("payee") || o->get("payee").type() != typeid(Object::Ptr))
    throw Error::invalid("member-type", "payee", "payee must be an object");
  c.payee = parse_payee(*o->getObject("payee"), "payee.");
  c.price = money::Amount::parse(str(*o, "price", ""), "price");
  c.signed_on = Date::parse(str(*o, "signed_on", ""), "signed_on");
  c.document_sha256 = str(*o, "document_sha256", "");
  const std::int64_t months = integer(*o, "warranty_months", "", default_warranty_months);
  if (months < 0 || months > 120)
    throw Error::invalid("contract-warranty", "warranty_months", "0 to 120 months");
  c.warranty_months = static_cast<int>(months);
  return c;
}

ProjectInput parse_project_json(std::string_view json) {
  const Object::Ptr o = parse_object(json, "project");
  only(*o,
       {"title", "category", "reason", "budget", "quotes", "chosen_quote", "chosen_reason", "scope",
        "documents", "emergency_category", "emergency_certificate_sha256",
        "emergency_notice_sha256"},
       "");
  ProjectInput in;
  in.title = str(*o, "title", "");
  in.category = str(*o, "category", "");
  in.reason = str(*o, "reason", "");
  in.budget = money::Amount::parse(str(*o, "budget", ""), "budget");
  const Array::Ptr quotes = arr(*o, "quotes", "", true);
  for (std::size_t i = 0; i < quotes->size() && i <= 20; ++i) {
    const std::string at = "quotes[" + std::to_string(i) + "]";
    const Object::Ptr q = obj_at(*quotes, i, at);
    only(*q, {"contractor", "amount", "document_sha256"}, at + ".");
    in.quotes.push_back({str(*q, "contractor", at + "."),
                         money::Amount::parse(str(*q, "amount", at + "."), at + ".amount"),
                         str(*q, "document_sha256", at + ".")});
  }
  const std::int64_t chosen = integer(*o, "chosen_quote", "", 0);
  if (chosen < 0 || chosen > 100)
    throw Error::invalid("project-chosen", "chosen_quote", "name one of the quotes by index");
  in.chosen_quote = static_cast<std::size_t>(chosen);
  in.chosen_reason = str(*o, "chosen_reason", "");
  if (!o->has("scope") || o->get("scope").type() != typeid(Object::Ptr))
    throw Error::invalid("member-type", "scope", "scope must be an object {kind, items}");
  const Object::Ptr scope = o->getObject("scope");
  only(*scope, {"kind", "items"}, "scope.");
  std::vector<std::string> items;
  const Array::Ptr list = arr(*scope, "items", "scope.", false);
  for (std::size_t i = 0; i < list->size() && i <= 10'000; ++i) {
    if (!list->get(static_cast<unsigned>(i)).isString())
      throw Error::invalid("member-type", "scope.items", "items are codes (strings)");
    items.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
  }
  in.scope = parse_scope(str(*scope, "kind", "scope."), std::move(items));
  const Array::Ptr docs = arr(*o, "documents", "", false);
  for (std::size_t i = 0; i < docs->size() && i <= 50; ++i) {
    const std::string at = "documents[" + std::to_string(i) + "]";
    const Object::Ptr d = obj_at(*docs, i, at);
    only(*d, {"name", "sha256"}, at + ".");
    in.documents.push_back({str(*d, "name", at + "."), str(*d, "sha256", at + ".")});
  }
  in.emergency_category = str(*o, "emergency_category", "", false);
  in.emergency_certificate_sha256 = str(*o, "emergency_certificate_sha256", "", false);
  in.emergency_notice_sha256 = str(*o, "emergency_notice_sha256", "", false);
  return in;
}

std::string project_to_json(const Project& p) {
  Object::Ptr o = input_object(p.input);
  o->set("project", p.project_ref);
  o->set("state", std::string(to_string(p.state)));
  o->set("emergency", p.emergency());
  o->set("approved_budget", p.approved.to_string());
  if (p.vote_ref)
    o->set("vote", *p.vote_ref);
  if (p.contract)
    o->set("contract", contract_object(*p.contract));
  if (p.accepted_on)
    o->set("accepted_on", p.accepted_on->to_string());
  if (p.final_cost)
    o->set("final_cost", p.final_cost->to_string());
  if (p.warranty_end)
    o->set("warranty_end", p.warranty_end->to_string());
  if (p.settlement_seq)
    o->set("settlement_entry_seq", *p.settlement_seq);
  Array::Ptr payments = new Array;
  for (const StagePayment& s : p.payments) {
    Object::Ptr j = new Object;
    j->set("stage", std::string(to_string(s.stage)));
    j->set("amount", s.amount.to_string());
    j->set("order_id", s.order_id);
    j->set("order_state", std::string(escrow::to_string(s.state)));
    payments->add(j);
  }
  o->set("payments", payments);
  o->set("paid", p.paid.to_string());
  o->set("committed", p.committed.to_string());
  o->set("retention", p.retention.to_string());
  o->set("retention_released", p.retention_released.to_string());
  o->set("retention_held", (p.retention - p.retention_released).to_string());
  o->set("events", escrow::events_to_json(p.events));
  o->set("currency", std::string("CNY"));
  return crypto::canonicalize(o);
}

std::string split_to_json(const std::vector<UnitCharge>& split) {
  Array::Ptr list = new Array;
  money::Amount total;
  for (const UnitCharge& c : split) {
    Object::Ptr j = new Object;
    j->set("unit", c.unit_code);
    j->set("area_m2", c.area.to_string());
    j->set("amount", c.amount.to_string());
    list->add(j);
    total += c.amount;
  }
  Object::Ptr o = new Object;
  o->set("units", list);
  o->set("total", total.to_string());
  o->set("currency", std::string("CNY"));
  return crypto::canonicalize(o);
}

}  // namespace trustfund::repairfund
