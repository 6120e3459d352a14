// Orders to and from JSON; see order.h.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "order_body.h"
#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/escrow/event_json.h"
#include "trustfund/escrow/order.h"

namespace trustfund::escrow {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxOrderJsonBytes = 64 * 1024;

const json::ErrorFaults& order_faults() {
  static const json::ErrorFaults faults = json::ErrorFaults::by_kind("order");
  return faults;
}

// An optional string member, "" when absent. Each goes on to check_input (order.cpp), which
// applies the text rule with the order's own errors.
std::string optional(const json::ObjectReader& o, std::string_view name) {
  return o.optional_string(name).value_or("");
}

}  // namespace

OrderInput parse_order_json(std::string_view text) {
  if (text.size() > kMaxOrderJsonBytes)
    throw Error::invalid("order-too-large", "order", "an order is at most 64 KiB of JSON");
  const json::Document doc(text, order_faults(), {.max_bytes = kMaxOrderJsonBytes});
  const json::ObjectReader o = doc.object();
  o.only({"amount", "fund", "payee", "debit_account", "budget_line", "purpose", "vouchers",
          "expires_on", "repair_project", "resolution", "emergency_category"});
  OrderInput in;
  in.amount = money::Amount::parse(o.decimal("amount"), "amount");
  in.fund = parse_fund(o.string("fund"), "fund");
  const json::ObjectReader payee = o.object("payee");
  payee.only({"name", "account_no", "bank_name", "bank_code"});
  in.payee.name = payee.string("name");
  in.payee.account_no = payee.string("account_no");
  in.payee.bank_name = payee.string("bank_name");
  in.payee.bank_code = optional(payee, "bank_code");
  in.debit_account = o.string("debit_account");
  in.budget_line = o.string("budget_line");
  in.purpose = o.string("purpose");
  const json::ArrayReader vouchers = o.array("vouchers");
  for (std::size_t i = 0; i < vouchers.size() && i <= kMaxVouchers; ++i) {
    const json::ObjectReader v = vouchers.object(i);
    v.only({"name", "sha256"});
    std::string name = v.string("name");
    in.vouchers.push_back({std::move(name), v.string("sha256")});
  }
  in.expires_on = Date::parse(o.string("expires_on"), "expires_on");
  in.repair_project = optional(o, "repair_project");
  in.resolution = optional(o, "resolution");
  in.emergency_category = optional(o, "emergency_category");
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
