#include "trustfund/ledger/entry.h"

#include <algorithm>

#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"

namespace trustfund::ledger {
namespace {

std::string field_name(std::string_view prefix, std::string_view field) {
  std::string out(prefix);
  out += field;
  return out;
}

PostingInput parse_posting(const json::ObjectReader& posting, std::string_view prefix) {
  posting.only({"account", "amount"});
  PostingInput p;
  p.account = posting.string("account");
  const std::string amount_field = field_name(prefix, posting.path() + ".amount");
  p.amount = money::Amount::parse(posting.decimal("amount"), amount_field);
  if (p.amount.is_zero()) {
    throw Error::invalid("posting-zero", amount_field,
                         posting.path() + ".amount is zero; a posting must move money");
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
  json::ErrorFaults faults = json::ErrorFaults::one_type("entry-shape", "entry");
  faults.prefix = std::string(field_prefix);
  const json::Document doc(json, faults, {.max_bytes = kMaxEntryJsonBytes});
  const json::ObjectReader obj = doc.object();
  obj.only({"date", "kind", "memo", "postings", "reverses", "idempotency_key"});

  EntryInput e;
  e.date = Date::parse(obj.string("date"), field_name(field_prefix, "date"));
  e.kind = obj.string("kind");
  const auto& kinds = entry_kinds();
  if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end()) {
    std::string list;
    for (const auto k : kinds)
      list += (list.empty() ? "" : ", ") + std::string(k);
    throw Error::invalid("entry-kind", field_name(field_prefix, "kind"),
                         "unknown entry kind \"" + e.kind + "\"; use one of: " + list);
  }
  e.memo = obj.optional_text("memo", {.min_bytes = 0,
                                      .max_bytes = kMaxMemoBytes,
                                      .type = "memo",
                                      .message = "memo must be at most 1000 bytes with no "
                                                 "control characters"})
               .value_or("");
  e.idempotency_key =
      obj.optional_text("idempotency_key",
                        {.max_bytes = kMaxIdempotencyKeyBytes,
                         .type = "idempotency-key",
                         .message = "idempotency_key must be 1-200 bytes with no control "
                                    "characters"})
          .value_or("");
  e.reverses = obj.optional_integer("reverses", 0, json::kMaxInteger, json::Null::as_absent);
  const json::ArrayReader postings = obj.array("postings");
  if (postings.size() < 2) {
    throw Error::invalid("entry-postings", field_name(field_prefix, "postings"),
                         "an entry needs at least two postings");
  }
  if (postings.size() > kMaxPostings) {
    throw Error::invalid("entry-postings", field_name(field_prefix, "postings"),
                         "an entry may have at most 10000 postings");
  }
  e.postings.reserve(postings.size());
  for (std::size_t i = 0; i < postings.size(); ++i)
    e.postings.push_back(parse_posting(postings.object(i), field_prefix));
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
