// A deterministic synthetic estate for the benchmarks: its units and a stream of realistic,
// balanced journal entries.
//
// The mix (by entries): 45% monthly fee bills and 40% owner payments (WeChat Pay, Alipay, bank),
// each two postings on a unit's sub-account and carrying an idempotency key; 5% prepayments applied
// to bills (two postings); 10% wider entries of 3-10 postings: service costs over the nine cost
// heads, public revenue by source, transfers of public revenue to the repair fund spread over unit
// sub-accounts, and repair-fund interest allocated to units. Every entry balances within each
// fund. Dates advance evenly over the stream's months, so entries arrive in date order as they
// would in a real import.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/ledger/books.h"

namespace trustfund::bench {

// The default size of an estate (the product's design size: about 1,200 flats).
inline constexpr std::size_t kUnitCount = 1200;

// `count` flats in buildings of 2 entrances x 25 floors x 4 flats ("3-2-1502").
std::vector<ledger::UnitInput> synthetic_units(std::size_t count);

// Adds the units to `books` (each with its three sub-accounts).
void add_units(ledger::Books& books, const std::vector<ledger::UnitInput>& units);

struct StreamShape {
  Period first;               // the first month of the history
  int months = 12;            // 1-1200
  std::int64_t postings = 0;  // exactly this many postings in total; at least 2
  std::uint64_t seed = 20261022;
};

class EntryStream {
 public:
  // `units` must outlive the stream.
  EntryStream(const std::vector<ledger::UnitInput>& units, StreamShape shape);

  bool done() const noexcept { return postings_ >= shape_.postings; }
  // The next entry. Precondition: !done().
  ledger::EntryInput next();

  std::int64_t postings() const noexcept { return postings_; }  // emitted so far
  std::int64_t total_postings() const noexcept { return shape_.postings; }
  std::int64_t entries() const noexcept { return entries_; }
  Date first_day() const noexcept { return first_day_; }
  Date last_day() const noexcept { return last_day_; }

 private:
  enum class Shape { fee_bill, payment, prepayment, expense, public_revenue, transfer, interest };
  struct Unit {
    std::string code;
    std::string receivable;  // OP.1122@<code>
    std::string prepayment;  // OP.2203@<code>
    std::string repair;      // RF.3001@<code>
    std::int64_t fee_fen;    // monthly fee at 2.35 yuan/m²
  };

  ledger::EntryInput make(Shape shape, std::size_t postings, Date date);
  std::int64_t random_fen(std::int64_t low_fen, std::int64_t high_fen);
  const Unit& random_unit();
  // `count` distinct random indices below `n` (count <= n).
  std::vector<std::size_t> pick(std::size_t count, std::size_t n);
  // Credits (negative postings) to `count` distinct units' repair sub-accounts; returns the total.
  std::int64_t credit_units(std::vector<ledger::PostingInput>& postings, std::size_t count,
                            std::int64_t low_fen, std::int64_t high_fen);

  std::vector<Unit> units_;
  StreamShape shape_;
  Date first_day_;
  Date last_day_;
  std::int64_t days_ = 1;
  std::mt19937_64 rng_;
  std::int64_t postings_ = 0;
  std::int64_t entries_ = 0;
};

// One line of `trustfund import`: the entry's JSON form (see ledger/entry.h), without newline.
std::string entry_json_line(const ledger::EntryInput& entry);

}  // namespace trustfund::bench
