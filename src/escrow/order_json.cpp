// Orders to and from JSON; see order.h.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "order_body.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/escrow/event_json.h"
#include "trustfund/escrow/order.h"

namespace trustfund::escrow {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxOrderJsonBytes = 64 * 1024;

void only(const Object& obj, std::initializer_list<const char*> allowed,
          const std::string& prefix) {
  for (const auto& [name, value] : obj) {
    bool ok = false;
    for (const char* a : allowed)
      ok = ok || name == a;
    if (!ok)
      throw Error::invalid("unknown-member", prefix + name, "unknown member \"" + name + "\"");
  }
}

std::string text(const Object& obj, const char* key, const std::string& prefix, bool required) {
  if (!obj.has(key)) {
    if (required)
      throw Error::invalid("missing-member", prefix + key, std::string(key) + " is required");
    return "";
  }
  const Poco::Dynamic::Var v = obj.get(key);
  if (!v.isString())
    throw Error::invalid("member-type", prefix + key, std::string(key) + " must be a string");
  return v.extract<std::string>();
}

Object::Ptr object(const Object& obj, const char* key, const std::string& prefix) {
  if (!obj.has(key) || obj.get(key).type() != typeid(Object::Ptr))
    throw Error::invalid("member-type", prefix + key, std::string(key) + " must be an object");
  return obj.getObject(key);
}

}  // namespace

OrderInput parse_order_json(std::string_view json) {
  if (json.size() > kMaxOrderJsonBytes)
    throw Error::invalid("order-too-large", "order", "an order is at most 64 KiB of JSON");
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (const Poco::Exception& e) {
    throw Error::invalid("json-syntax", "order", "not valid JSON: " + e.message());
  }
  if (parsed.type() != typeid(Object::Ptr))
    throw Error::invalid("json-shape", "order", "an order must be a JSON object");
  const Object& obj = *parsed.extract<Object::Ptr>();
  only(obj,
       {"amount", "fund", "payee", "debit_account", "budget_line", "purpose", "vouchers",
        "expires_on", "repair_project", "resolution", "emergency_category"},
       "");
  OrderInput in;
  in.amount = money::Amount::parse(text(obj, "amount", "", true), "amount");
  in.fund = parse_fund(text(obj, "fund", "", true), "fund");
  const Object::Ptr payee = object(obj, "payee", "");
  only(*payee, {"name", "account_no", "bank_name", "bank_code"}, "payee.");
  in.payee.name = text(*payee, "name", "payee.", true);
  in.payee.account_no = text(*payee, "account_no", "payee.", true);
  in.payee.bank_name = text(*payee, "bank_name", "payee.", true);
  in.payee.bank_code = text(*payee, "bank_code", "payee.", false);
  in.debit_account = text(obj, "debit_account", "", true);
  in.budget_line = text(obj, "budget_line", "", true);
  in.purpose = text(obj, "purpose", "", true);
  if (!obj.has("vouchers") || obj.get("vouchers").type() != typeid(Array::Ptr))
    throw Error::invalid("member-type", "vouchers", "vouchers must be an array");
  const Array::Ptr vouchers = obj.getArray("vouchers");
  for (std::size_t i = 0; i < vouchers->size() && i <= kMaxVouchers; ++i) {
    const std::string prefix = "vouchers[" + std::to_string(i) + "].";
    if (vouchers->get(static_cast<unsigned>(i)).type() != typeid(Object::Ptr))
      throw Error::invalid("member-type", prefix.substr(0, prefix.size() - 1),
                           "a voucher is an object {name, sha256}");
    const Object::Ptr v = vouchers->getObject(static_cast<unsigned>(i));
    only(*v, {"name", "sha256"}, prefix);
    in.vouchers.push_back({text(*v, "name", prefix, true), text(*v, "sha256", prefix, true)});
  }
  in.expires_on = Date::parse(text(obj, "expires_on", "", true), "expires_on");
  in.repair_project = text(obj, "repair_project", "", false);
  in.resolution = text(obj, "resolution", "", false);
  in.emergency_category = text(obj, "emergency_category", "", false);
  return in;
}

std::string order_to_json(const Order& o) {
  Object::Ptr out = order_fields_object(o.input);
  out->set("order_id", o.order_id);
  out->set("order_no", o.order_no);
  out->set("revision", o.revision);
  out->set("state", std::string(to_string(o.state)));
  out->set("custodian_set_version", o.custodian_set_version);
  out->set("created_at", o.created_at);
  out->set("created_by", o.created_by);
  out->set("canonical_sha256", sha256_hex_of(o.canonical));
  Array::Ptr signers = new Array;
  if (o.signature) {
    for (const SignatureReview::Signer& s : o.signature->review.signers) {
      Object::Ptr j = new Object;
      j->set("role", std::string(to_string(s.role)));
      j->set("key_id", s.key_id_hex);
      j->set("subject", s.subject);
      j->set("signing_time", s.signing_time);
      signers->add(j);
    }
  }
  out->set("signers", signers);
  out->set("events", events_to_json(o.events));
  if (o.entry_seq)
    out->set("entry_seq", *o.entry_seq);
  if (o.executed_on)
    out->set("executed_on", o.executed_on->to_string());
  Array::Ptr files = new Array;
  for (const BankFile& f : o.bank_files) {
    Object::Ptr j = new Object;
    j->set("name", f.name);
    j->set("media_type", f.media_type);
    j->set("sha256", f.sha256_hex);
    files->add(j);
  }
  out->set("bank_files", files);
  return crypto::canonicalize(out);
}

}  // namespace trustfund::escrow
