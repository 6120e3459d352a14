// Small helpers for writing JSON responses by hand (members in a fixed order, strings escaped).
#pragma once

#include <string>
#include <string_view>

#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/ledger/books.h"

namespace trustfund::api {

// Appends "name":"value" (with a leading comma unless `first`).
inline void member(std::string& out, std::string_view name, std::string_view value,
                   bool first = false) {
  if (!first)
    out += ',';
  crypto::append_json_string(out, name);
  out += ':';
  crypto::append_json_string(out, value);
}

// Appends "name":<raw JSON>.
inline void member_raw(std::string& out, std::string_view name, std::string_view raw,
                       bool first = false) {
  if (!first)
    out += ',';
  crypto::append_json_string(out, name);
  out += ':';
  out += raw;
}

inline std::string digests_json(const std::vector<crypto::Digest>& digests) {
  std::string out = "[";
  for (std::size_t i = 0; i < digests.size(); ++i) {
    if (i)
      out += ',';
    out += '"' + crypto::to_hex(digests[i]) + '"';
  }
  return out + "]";
}

inline std::string balance_json(const ledger::AccountBalance& b) {
  std::string out = "{";
  member(out, "account", b.account->code, true);
  member(out, "fund", ledger::fund_code(b.account->fund));
  member(out, "name_zh", b.account->name_zh);
  member(out, "name_en", b.account->name_en);
  member(out, "opening", b.opening.to_string());
  member(out, "debit", b.debit.to_string());
  member(out, "credit", b.credit.to_string());
  member(out, "closing", b.closing.to_string());
  member(out, "currency", "CNY");
  return out + "}";
}

}  // namespace trustfund::api
