#include "trustfund/ledger/action_log.h"

#include <algorithm>
#include <cassert>
#include <optional>

#include "trustfund/core/date.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"

namespace trustfund::ledger {
namespace {

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string bounded(const std::string& text, std::size_t max) {
  if (text.size() <= max)
    return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end);
}

crypto::Digest digest_of(std::span<const std::uint8_t> blob) {
  crypto::Digest d{};
  if (blob.size() == d.size())
    std::copy(blob.begin(), blob.end(), d.begin());
  return d;
}

LoggedAction read_row(const store::Statement& st) {
  LoggedAction row;
  row.seq = st.int64(0);
  row.at = st.text(1);
  row.record = {st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
  row.prev_hash = digest_of(st.blob(7));
  row.hash = digest_of(st.blob(8));
  return row;
}

constexpr const char* kSelect =
    "SELECT seq, at, actor, remote, action, target, detail, prev_hash, hash FROM action_log ";

}  // namespace

crypto::Digest action_hash(const crypto::Digest& prev_hash, std::int64_t seq, const std::string& at,
                           const ActionRecord& record) {
  // Members in RFC 8785 order (all keys are ASCII, so byte order is UTF-16 order).
  std::string canonical = "{\"action\":";
  crypto::append_json_string(canonical, record.action);
  canonical += ",\"actor\":";
  crypto::append_json_string(canonical, record.actor);
  canonical += ",\"at\":";
  crypto::append_json_string(canonical, at);
  canonical += ",\"detail\":";
  crypto::append_json_string(canonical, record.detail);
  canonical += ",\"remote\":";
  crypto::append_json_string(canonical, record.remote);
  canonical += ",\"seq\":";
  crypto::append_json_integer(canonical, seq);
  canonical += ",\"target\":";
  crypto::append_json_string(canonical, record.target);
  canonical += '}';
  const std::string_view prev(reinterpret_cast<const char*>(prev_hash.data()), prev_hash.size());
  return crypto::sha256_concat({prev, canonical});
}

std::int64_t append_action(store::Database& db, const ActionRecord& input) {
  assert(!input.actor.empty() && !input.action.empty());
  const ActionRecord record{
      bounded(input.actor, kMaxActionActorBytes), bounded(input.remote, kMaxActionRemoteBytes),
      bounded(input.action, kMaxActionNameBytes), bounded(input.target, kMaxActionTargetBytes),
      bounded(input.detail, kMaxActionDetailBytes)};
  // Inside a caller's transaction the two statements below are already atomic with it; alone,
  // they get a transaction of their own.
  std::optional<store::Transaction> own;
  if (!db.in_transaction())
    own.emplace(db);
  std::int64_t seq = 0;
  crypto::Digest prev{};
  {
    store::Statement& last = db.cached("SELECT seq, hash FROM action_log ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
      seq = last.int64(0) + 1;
      prev = digest_of(last.blob(1));
    }
    last.reset();
  }
  const std::string at = utc_timestamp_now();
  const crypto::Digest hash = action_hash(prev, seq, at, record);
  db.cached("INSERT INTO action_log (seq, at, actor, remote, action, target, detail, prev_hash, "
            "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, seq)
      .bind(2, at)
      .bind(3, record.actor)
      .bind(4, record.remote)
      .bind(5, record.action)
      .bind(6, record.target)
      .bind(7, record.detail)
      .bind_blob(8, prev)
      .bind_blob(9, hash)
      .run();
  if (own)
    own->commit();
  return seq;
}

std::vector<LoggedAction> list_actions(store::Database& db, std::int64_t after, int limit) {
  assert(limit > 0);
  store::Statement st = db.prepare(std::string(kSelect) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  std::vector<LoggedAction> rows;
  while (st.step())
    rows.push_back(read_row(st));
  return rows;
}

std::int64_t action_count(store::Database& db) {
  return db.query_int64("SELECT count(*) FROM action_log");
}

std::vector<std::string> verify_actions(store::Database& db) {
  std::vector<std::string> problems;
  store::Statement st = db.prepare(std::string(kSelect) + "ORDER BY seq");
  crypto::Digest prev{};
  std::int64_t expected_seq = 0;
  while (st.step()) {
    const LoggedAction row = read_row(st);
    const std::string where = "action " + std::to_string(row.seq) + ": ";
    if (row.seq != expected_seq)
      problems.push_back(where + "expected seq " + std::to_string(expected_seq));
    if (row.prev_hash != prev)
      problems.push_back(where + "does not link to the previous row");
    if (action_hash(row.prev_hash, row.seq, row.at, row.record) != row.hash)
      problems.push_back(where + "hash does not match its contents");
    prev = row.hash;
    expected_seq = row.seq + 1;
  }
  return problems;
}

}  // namespace trustfund::ledger
