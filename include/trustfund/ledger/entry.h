// Journal entries as submitted (EntryInput) and as recorded (RecordedEntry), their JSON form,
// and the canonical bytes that the Merkle log hashes.
//
// JSON form of an entry (`trustfund post`, one line of `trustfund import`, the HTTP API):
//   {"date": "2026-10-05", "kind": "payment", "memo": "WeChat Pay, unit 3-2-1502",
//    "postings": [{"account": "OP.1002", "amount": "300.00"},
//                 {"account": "OP.1122@3-2-1502", "amount": "-300.00"}],
//    "idempotency_key": "wx-4200001234", "reverses": 17}
// Debits are positive, credits negative. `idempotency_key` and `reverses` are optional. Unknown
// members are rejected, so a typo never silently drops data.
//
// Canonical bytes of a recorded entry (RFC 8785; the Merkle leaf):
//   {"actor":…,"date":…,"estate":…,"format":"trustfund-entry/1","kind":…,"memo":…,"period":…,
//    "postings":[{"account":…,"amount":…},…],"recorded_at":…,["reverses":N,]"seq":N}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/money/amount.h"

namespace trustfund::ledger {

// Upper bounds on an entry's size (TigerBeetle style: every input has a limit).
inline constexpr std::size_t kMaxPostings = 10'000;
inline constexpr std::size_t kMaxMemoBytes = 1'000;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 200;
inline constexpr std::size_t kMaxEntryJsonBytes = 4 * 1024 * 1024;

// The kinds of entries; a closed list so reports can group by it.
const std::vector<std::string_view>& entry_kinds();

struct PostingInput {
  std::string account;  // account code
  money::Amount amount;
};

struct EntryInput {
  Date date;
  std::string kind;
  std::string memo;
  std::vector<PostingInput> postings;
  std::optional<std::int64_t> reverses;  // seq of the entry this one reverses
  std::string idempotency_key;           // empty: none
};

// Parses and checks the shape of one entry (syntax, types, limits, amounts, dates, kind). Does
// not look at the books (accounts, periods, balance): Books::post does. Errors name the field,
// prefixed with `field_prefix` (e.g. "line 12: postings[1].amount").
EntryInput parse_entry_json(std::string_view json, std::string_view field_prefix = "");

// The canonical JSON of what was submitted (without the idempotency key): two requests with the
// same key are "the same request" when these bytes are equal.
std::string canonical_request(const EntryInput& entry);

struct RecordedEntry {
  std::int64_t seq = 0;
  Date date;
  std::string kind;
  std::string memo;
  std::string actor;
  std::string recorded_at;
  std::optional<std::int64_t> reverses;
  std::vector<PostingInput> postings;
  std::string canonical;  // the leaf bytes
  crypto::Digest leaf_hash{};
  bool replayed = false;  // true when an idempotent retry returned this earlier entry
};

// The canonical bytes of a recorded entry (see the file comment).
std::string canonical_entry(const RecordedEntry& entry, std::string_view estate_id);

// The JSON form of a recorded entry for output: the canonical members plus "leaf_hash".
std::string entry_to_json(const RecordedEntry& entry);

}  // namespace trustfund::ledger
