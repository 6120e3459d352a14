// The estate's action log: who did what, when, from where — every write and every sensitive
// read — chained by hash so that no row can be removed or changed unnoticed.
//
// Row hash: SHA-256(prev_hash || canonical JSON of {"action","actor","at","detail","remote",
// "seq","target"}) (RFC 8785 key order), with prev_hash = 32 zero bytes for row 0. The schema is
// ledger_schema/estate/002_action_log.sql; its triggers refuse gaps, broken links, UPDATE and
// DELETE.
//
// `append_action` writes inside the connection's open transaction when there is one (so a write
// and its log row commit or vanish together), else in a transaction of its own.
//
// Thread-safety: the functions use the given connection, which belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trustfund/crypto/sha256.h"
#include "trustfund/store/database.h"

namespace trustfund::ledger {

// Upper bounds of the fields (the schema checks them too).
inline constexpr std::size_t kMaxActionActorBytes = 100;
inline constexpr std::size_t kMaxActionRemoteBytes = 128;
inline constexpr std::size_t kMaxActionNameBytes = 64;
inline constexpr std::size_t kMaxActionTargetBytes = 200;
inline constexpr std::size_t kMaxActionDetailBytes = 2000;

struct ActionRecord {
  std::string actor;   // "user:alice", "cli:root"
  std::string remote;  // client address; empty for local callers
  std::string action;  // "post_entry", "add_unit", "read_unit", "close_period", ...
  std::string target;  // what it acted on: "entry:17", "unit:3-2-1502", "period:2026-10"
  std::string detail;  // short free text or JSON; never a secret or personal data
};

struct LoggedAction {
  std::int64_t seq = 0;
  std::string at;  // UTC timestamp
  ActionRecord record;
  crypto::Digest prev_hash{};
  crypto::Digest hash{};
};

// The hash of a row (see the file comment).
crypto::Digest action_hash(const crypto::Digest& prev_hash, std::int64_t seq, const std::string& at,
                           const ActionRecord& record);

// Appends `record`, time-stamped now. Over-long fields are cut to their bounds (at a UTF-8
// boundary) rather than refused: the log must never be the reason a valid write fails. An empty
// actor or action is a programmer error (asserted). Returns the row's seq.
std::int64_t append_action(store::Database& db, const ActionRecord& record);

// Up to `limit` rows with seq > `after`, in seq order.
std::vector<LoggedAction> list_actions(store::Database& db, std::int64_t after, int limit);

// Number of rows.
std::int64_t action_count(store::Database& db);

// Recomputes every row's hash and link; returns one line per difference (empty: intact).
std::vector<std::string> verify_actions(store::Database& db);

}  // namespace trustfund::ledger
