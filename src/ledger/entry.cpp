#include "trustfund/ledger/entry.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"

namespace trustfund::ledger {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::string field_name(std::string_view prefix, std::string_view field) {
  if (prefix.empty())
    return std::string(field);
  std::string out(prefix);
  out += field;
  return out;
}

Error shape_error(std::string_view prefix, std::string_view field, const std::string& message) {
  return Error::invalid("entry-shape", field_name(prefix, field), message);
}

std::string require_string(const Object& obj, const char* key, std::string_view prefix,
                           std::string_view field) {
  if (!obj.has(key))
    throw shape_error(prefix, field, std::string(field) + " is required");
  const Var v = obj.get(key);
  if (!v.isString())
    throw shape_error(prefix, field, std::string(field) + " must be a string");
  return v.extract<std::string>();
}

bool has_control_characters(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

PostingInput parse_posting(const Var& item, std::size_t index, std::string_view prefix) {
  const std::string at = "postings[" + std::to_string(index) + "]";
  if (item.type() != typeid(Object::Ptr)) {
    throw shape_error(prefix, at, at + " must be an object with account and amount");
  }
  const Object& obj = *item.extract<Object::Ptr>();
  for (const auto& [key, value] : obj) {
    if (key != "account" && key != "amount") {
      throw shape_error(prefix, at + "." + key, "unknown member \"" + key + "\" in " + at);
    }
  }
  PostingInput p;
  p.account = require_string(obj, "account", prefix, at + ".account");
  if (!obj.has("amount"))
    throw shape_error(prefix, at + ".amount", at + ".amount is required");
  const Var amount = obj.get("amount");
  if (!amount.isString()) {
    throw shape_error(prefix, at + ".amount",
                      at + ".amount must be a decimal string such as \"300.00\", not a number");
  }
  p.amount =
      money::Amount::parse(amount.extract<std::string>(), field_name(prefix, at + ".amount"));
  if (p.amount.is_zero()) {
    throw Error::invalid("posting-zero", field_name(prefix, at + ".amount"),
                         at + ".amount is zero; a posting must move money");
  }
  return p;
}

// Appends `"key":` for hand-written canonical writers (keys are plain ASCII, already sorted).
void key(std::string& out, std::string_view name) {
  out += '"';
  out += name;
  out += "\":";
}

void append_postings(std::string& out, const std::vector<PostingInput>& postings) {
  out += '[';
  for (std::size_t i = 0; i < postings.size(); ++i) {
    if (i)
      out += ',';
    out += "{\"account\":";
    crypto::append_json_string(out, postings[i].account);
    out += ",\"amount\":\"";
    out += postings[i].amount.to_string();
    out += "\"}";
  }
  out += ']';
}

}  // namespace

const std::vector<std::string_view>& entry_kinds() {
  static const std::vector<std::string_view> kinds = {
      "opening",  "fee_bill", "payment", "prepayment",   "refund",     "expense",  "public_revenue",
      "transfer", "interest", "repair",  "remuneration", "adjustment", "reversal", "general"};
  return kinds;
}

EntryInput parse_entry_json(std::string_view json, std::string_view field_prefix) {
  if (json.size() > kMaxEntryJsonBytes) {
    throw Error::invalid("entry-too-large", field_name(field_prefix, "entry"),
                         "entry is larger than 4 MiB");
  }
  Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (const Poco::Exception& e) {
    throw Error::invalid("json-syntax", field_name(field_prefix, "entry"),
                         "not valid JSON: " + e.message());
  }
  if (parsed.type() != typeid(Object::Ptr)) {
    throw shape_error(field_prefix, "entry", "an entry must be a JSON object");
  }
  const Object& obj = *parsed.extract<Object::Ptr>();
  static const std::vector<std::string> known = {"date",     "kind",     "memo",
                                                 "postings", "reverses", "idempotency_key"};
  for (const auto& [name, value] : obj) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw shape_error(field_prefix, name, "unknown member \"" + name + "\"");
    }
  }

  EntryInput e;
  e.date = Date::parse(require_string(obj, "date", field_prefix, "date"),
                       field_name(field_prefix, "date"));
  e.kind = require_string(obj, "kind", field_prefix, "kind");
  const auto& kinds = entry_kinds();
  if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end()) {
    std::string list;
    for (const auto k : kinds)
      list += (list.empty() ? "" : ", ") + std::string(k);
    throw Error::invalid("entry-kind", field_name(field_prefix, "kind"),
                         "unknown entry kind \"" + e.kind + "\"; use one of: " + list);
  }
  e.memo = obj.has("memo") ? require_string(obj, "memo", field_prefix, "memo") : "";
  if (e.memo.size() > kMaxMemoBytes || has_control_characters(e.memo)) {
    throw Error::invalid("memo", field_name(field_prefix, "memo"),
                         "memo must be at most 1000 bytes with no control characters");
  }
  if (obj.has("idempotency_key")) {
    e.idempotency_key = require_string(obj, "idempotency_key", field_prefix, "idempotency_key");
    if (e.idempotency_key.empty() || e.idempotency_key.size() > kMaxIdempotencyKeyBytes ||
        has_control_characters(e.idempotency_key)) {
      throw Error::invalid("idempotency-key", field_name(field_prefix, "idempotency_key"),
                           "idempotency_key must be 1-200 bytes with no control characters");
    }
  }
  if (obj.has("reverses") && !obj.get("reverses").isEmpty()) {
    const Var r = obj.get("reverses");
    if (!r.isInteger() || r.convert<std::int64_t>() < 0) {
      throw shape_error(field_prefix, "reverses",
                        "reverses must be the sequence number of an entry (an integer >= 0)");
    }
    e.reverses = r.convert<std::int64_t>();
  }
  if (!obj.has("postings") || obj.get("postings").type() != typeid(Array::Ptr)) {
    throw shape_error(field_prefix, "postings", "postings must be an array");
  }
  const Array& postings = *obj.get("postings").extract<Array::Ptr>();
  if (postings.size() < 2) {
    throw Error::invalid("entry-postings", field_name(field_prefix, "postings"),
                         "an entry needs at least two postings");
  }
  if (postings.size() > kMaxPostings) {
    throw Error::invalid("entry-postings", field_name(field_prefix, "postings"),
                         "an entry may have at most 10000 postings");
  }
  e.postings.reserve(postings.size());
  for (std::size_t i = 0; i < postings.size(); ++i) {
    e.postings.push_back(parse_posting(postings.get(static_cast<unsigned>(i)), i, field_prefix));
  }
  return e;
}

std::string canonical_request(const EntryInput& entry) {
  std::string out = "{";
  key(out, "date");
  crypto::append_json_string(out, entry.date.to_string());
  out += ',';
  key(out, "kind");
  crypto::append_json_string(out, entry.kind);
  out += ',';
  key(out, "memo");
  crypto::append_json_string(out, entry.memo);
  out += ',';
  key(out, "postings");
  append_postings(out, entry.postings);
  if (entry.reverses) {
    out += ',';
    key(out, "reverses");
    out += std::to_string(*entry.reverses);
  }
  out += '}';
  return out;
}

std::string canonical_entry(const RecordedEntry& entry, std::string_view estate_id) {
  std::string out;
  out.reserve(256 + entry.memo.size() + 64 * entry.postings.size());
  out += '{';
  key(out, "actor");
  crypto::append_json_string(out, entry.actor);
  out += ',';
  key(out, "date");
  crypto::append_json_string(out, entry.date.to_string());
  out += ',';
  key(out, "estate");
  crypto::append_json_string(out, estate_id);
  out += ",\"format\":\"trustfund-entry/1\",";
  key(out, "kind");
  crypto::append_json_string(out, entry.kind);
  out += ',';
  key(out, "memo");
  crypto::append_json_string(out, entry.memo);
  out += ',';
  key(out, "period");
  crypto::append_json_string(out, Period::of(entry.date).to_string());
  out += ',';
  key(out, "postings");
  append_postings(out, entry.postings);
  out += ',';
  key(out, "recorded_at");
  crypto::append_json_string(out, entry.recorded_at);
  if (entry.reverses) {
    out += ',';
    key(out, "reverses");
    out += std::to_string(*entry.reverses);
  }
  out += ',';
  key(out, "seq");
  out += std::to_string(entry.seq);
  out += '}';
  return out;
}

std::string entry_to_json(const RecordedEntry& entry) {
  // The canonical bytes already hold every member; add the leaf hash and the replay flag.
  std::string out = entry.canonical;
  out.pop_back();
  out += ",\"leaf_hash\":\"" + crypto::to_hex(entry.leaf_hash) + "\"";
  if (entry.replayed)
    out += ",\"replayed\":true";
  out += '}';
  return out;
}

}  // namespace trustfund::ledger
