// Repair projects to and from JSON; see project_json.h and project.h.
#include "project_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/escrow/event_json.h"

namespace trustfund::repairfund {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxJsonBytes = 256 * 1024;

// Faults of a project or a contract (`what`), by kind: "unknown-member", "missing-member",
// "member-type".
json::ErrorFaults faults_of(const char* what) {
  return json::ErrorFaults::by_kind(what);
}

void check_size(std::string_view text, const char* what) {
  if (text.size() > kMaxJsonBytes)
    throw Error::invalid("body-too-large", what, std::string(what) + " is at most 256 KiB");
}

// Optional text members are "" when absent.
std::string optional(const json::ObjectReader& o, std::string_view name) {
  return o.optional_string(name).value_or("");
}

Object::Ptr payee_object(const escrow::Payee& p) {
  Object::Ptr o = new Object;
  o->set("name", p.name);
  o->set("account_no", p.account_no);
  o->set("bank_name", p.bank_name);
  o->set("bank_code", p.bank_code);
  return o;
}

escrow::Payee parse_payee(const json::ObjectReader& o) {
  o.only({"name", "account_no", "bank_name", "bank_code"});
  std::string name = o.string("name");
  std::string account_no = o.string("account_no");
  std::string bank_name = o.string("bank_name");
  return {std::move(name), std::move(account_no), std::move(bank_name), optional(o, "bank_code")};
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

Contract parse_contract_input(std::string_view text, int default_warranty_months) {
  check_size(text, "contract");
  const json::ErrorFaults faults = faults_of("contract");
  const json::Document doc(text, faults, {.max_bytes = kMaxJsonBytes});
  const json::ObjectReader o = doc.object();
  o.only({"contractor", "payee", "price", "signed_on", "document_sha256", "warranty_months"});
  Contract c;
  c.contractor = o.string("contractor");
  c.payee = parse_payee(o.object("payee"));
  c.price = money::Amount::parse(o.decimal("price"), "price");
  c.signed_on = Date::parse(o.string("signed_on"), "signed_on");
  c.document_sha256 = o.string("document_sha256");
  const std::int64_t months =
      o.optional_integer("warranty_months").value_or(default_warranty_months);
  if (months < 0 || months > 120)
    throw Error::invalid("contract-warranty", "warranty_months", "0 to 120 months");
  c.warranty_months = static_cast<int>(months);
  return c;
}

ProjectInput parse_project_json(std::string_view text) {
  check_size(text, "project");
  const json::ErrorFaults faults = faults_of("project");
  const json::Document doc(text, faults, {.max_bytes = kMaxJsonBytes});
  const json::ObjectReader o = doc.object();
  o.only({"title", "category", "reason", "budget", "quotes", "chosen_quote", "chosen_reason",
          "scope", "documents", "emergency_category", "emergency_certificate_sha256",
          "emergency_notice_sha256"});
  ProjectInput in;
  in.title = o.string("title");
  in.category = o.string("category");
  in.reason = o.string("reason");
  in.budget = money::Amount::parse(o.decimal("budget"), "budget");
  const json::ArrayReader quotes = o.array("quotes");
  for (std::size_t i = 0; i < quotes.size() && i <= 20; ++i) {
    const json::ObjectReader q = quotes.object(i);
    q.only({"contractor", "amount", "document_sha256"});
    std::string contractor = q.string("contractor");
    const money::Amount amount = money::Amount::parse(q.decimal("amount"), q.path() + ".amount");
    in.quotes.push_back({std::move(contractor), amount, q.string("document_sha256")});
  }
  const std::int64_t chosen = o.optional_integer("chosen_quote").value_or(0);
  if (chosen < 0 || chosen > 100)
    throw Error::invalid("project-chosen", "chosen_quote", "name one of the quotes by index");
  in.chosen_quote = static_cast<std::size_t>(chosen);
  in.chosen_reason = o.string("chosen_reason");
  const json::ObjectReader scope = o.object("scope");
  scope.only({"kind", "items"});
  std::vector<std::string> items;
  if (const std::optional<json::ArrayReader> list = scope.optional_array("items")) {
    for (std::size_t i = 0; i < list->size() && i <= 10'000; ++i)
      items.push_back(list->string(i));
  }
  in.scope = parse_scope(scope.string("kind"), std::move(items));
  if (const std::optional<json::ArrayReader> docs = o.optional_array("documents")) {
    for (std::size_t i = 0; i < docs->size() && i <= 50; ++i) {
      const json::ObjectReader d = docs->object(i);
      d.only({"name", "sha256"});
      std::string name = d.string("name");
      in.documents.push_back({std::move(name), d.string("sha256")});
    }
  }
  in.emergency_category = optional(o, "emergency_category");
  in.emergency_certificate_sha256 = optional(o, "emergency_certificate_sha256");
  in.emergency_notice_sha256 = optional(o, "emergency_notice_sha256");
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
