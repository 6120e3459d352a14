// Settling bills: a unit's open bills, oldest first, and how an amount settles them.
//
// Shared by payments (a payment settles the oldest open bills first) and billing (a prepayment
// is applied to the open bills right after a billing run). A settlement is a row of its own
// (fee_settlement); when a bill's settlements cover it, its settled_on is set once to the date of
// the last of them, so that arrears and collection queries skip it by an index.
//
// Thread-safety: functions use the given connection, which belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/fees/row_batch.h"
#include "trustfund/money/amount.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {

// A bill not yet fully settled, as a payment being computed sees it.
struct OpenBill {
  std::int64_t bill_id = 0;
  Period period;
  money::Amount amount;
  money::Amount settled;                // settled so far
  std::optional<Date> last_settled_on;  // latest settlement so far
  money::Amount open() const { return amount - settled; }
};

// One part of an amount applied to one bill.
struct BillSettlement {
  std::int64_t bill_id = 0;
  Period period;
  money::Amount amount;
  std::optional<Date> completes_on;  // set when this settlement completes the bill: its settled_on
};

// What one payment settled, in the order it settled it (completes_on left empty).
std::vector<BillSettlement> payment_settlements(store::Database& db, std::int64_t payment_id);

// The unit's open bills, oldest first (by month).
std::vector<OpenBill> load_open_bills(store::Database& db, const std::string& unit_code);

// Applies up to `amount` to `bills`, oldest first, on date `on`: appends one BillSettlement per
// bill touched to `out`, updates `bills` (fully settled ones are removed) and returns the part
// applied (<= amount; the rest is for the caller to treat as a prepayment).
money::Amount settle_oldest_first(std::vector<OpenBill>& bills, money::Amount amount, Date on,
                                  std::vector<BillSettlement>& out);

// Writes settlement rows (payment_id empty: a prepayment applied at billing), many to a
// statement (row_batch.h), then, in finish(), sets the settled_on of each bill one of them
// completed. The settlements' payments and bills must be written before finish().
class SettlementWriter {
 public:
  explicit SettlementWriter(store::Database& db);
  void add(const BillSettlement& settlement, Date on, std::optional<std::int64_t> payment_id,
           std::int64_t entry_seq);
  void finish();

 private:
  store::Database& db_;
  RowBatch rows_;
  std::vector<std::pair<std::int64_t, Date>> completed_;    // bill, settled_on
  std::unordered_map<std::int64_t, std::string> day_text_;  // days since the epoch -> text
};

}  // namespace trustfund::fees
