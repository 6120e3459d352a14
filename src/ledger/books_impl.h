// Private state of Books shared by the ledger's source files.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "trustfund/crypto/merkle.h"
#include "trustfund/ledger/books.h"
#include "trustfund/store/database.h"

namespace trustfund::ledger {

// Levels of the Merkle tree kept in merkle_node; the others are recomputed from the stored level
// below (at most 8 hashes), trading a little CPU on proofs for a 15x smaller node table.
inline constexpr unsigned kStoredLevelStep = 4;

// The journal_entry columns read_entry_row expects after the leading seq column.
inline constexpr const char* kEntryColumns =
    "accounting_date, kind, memo, actor, recorded_at, reverses, canonical, leaf_hash";
// Decodes the current row of a statement selecting "seq, " + kEntryColumns (postings empty).
RecordedEntry read_entry_row(const store::Statement& st);

struct Books::Impl {
  store::Database db;
  std::string estate_id;
  std::string estate_name;
  Chart chart;
  std::set<Period> closed_periods;
  crypto::merkle::Frontier frontier;  // right edge of the committed tree
  bool writer_open = false;

  explicit Impl(store::Database database) : db(std::move(database)) {}

  // Prepared statements, made on first use and kept for the connection's life (db.cached).
  store::Statement& statement(std::string_view sql) { return db.cached(sql); }

  // Hash of the complete subtree (level, index) of the committed-or-pending tree.
  crypto::Digest subtree_hash(unsigned level, std::uint64_t index);
  crypto::merkle::SubtreeHashFn subtree_fn();

  RecordedEntry load_entry(std::int64_t seq);
  void load_postings(RecordedEntry& entry);  // appends the entry's postings in line order
  // Calls `visit` for every recorded entry in seq order, with its postings, reading the journal
  // once (memory stays bounded by one entry).
  void scan_entries(const std::function<void(const RecordedEntry&)>& visit);
  void load_state();  // estate row, chart, closed periods, frontier
};

}  // namespace trustfund::ledger
