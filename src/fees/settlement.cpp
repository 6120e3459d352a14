// Settling bills oldest first; see settlement.h.
#include "trustfund/fees/settlement.h"

#include <algorithm>
#include <cassert>

namespace trustfund::fees {

std::vector<OpenBill> load_open_bills(store::Database& db, const std::string& unit_code) {
  store::Statement& st = db.cached(
      "SELECT b.bill_id, b.period, b.amount_fen,"
      " (SELECT coalesce(sum(s.amount_fen), 0) FROM fee_settlement s WHERE s.bill_id = b.bill_id),"
      " (SELECT max(s.settled_on) FROM fee_settlement s WHERE s.bill_id = b.bill_id)"
      " FROM fee_bill b INDEXED BY fee_bill_open"
      " WHERE b.unit_code = ?1 AND b.settled_on IS NULL ORDER BY b.period");
  st.bind(1, unit_code);
  std::vector<OpenBill> out;
  while (st.step()) {
    OpenBill b;
    b.bill_id = st.int64(0);
    b.period = Period::parse(st.text_view(1));
    b.amount = money::Amount::from_fen(st.int64(2));
    b.settled = money::Amount::from_fen(st.int64(3));
    if (!st.is_null(4))
      b.last_settled_on = Date::parse(st.text_view(4));
    out.push_back(b);
  }
  st.reset();
  return out;
}

money::Amount settle_oldest_first(std::vector<OpenBill>& bills, money::Amount amount, Date on,
                                  std::vector<BillSettlement>& out) {
  assert(!amount.is_negative());
  money::Amount applied;
  std::size_t done = 0;  // bills fully settled, from the front
  for (OpenBill& bill : bills) {
    const money::Amount left = amount - applied;
    if (left.is_zero())
      break;
    const money::Amount part = std::min(left, bill.open());
    assert(part.is_positive());
    bill.settled += part;
    bill.last_settled_on = bill.last_settled_on ? std::max(*bill.last_settled_on, on) : on;
    applied += part;
    BillSettlement s{bill.bill_id, bill.period, part, std::nullopt};
    if (bill.open().is_zero()) {
      s.completes_on = bill.last_settled_on;
      ++done;
    }
    out.push_back(s);
  }
  bills.erase(bills.begin(), bills.begin() + static_cast<std::ptrdiff_t>(done));
  return applied;
}

SettlementWriter::SettlementWriter(store::Database& db)
    : db_(db),
      rows_(db,
            "INSERT OR FAIL INTO fee_settlement (bill_id, settled_on, amount_fen, payment_id, "
            "entry_seq)",
            5, RowBatch::kRowsPerStatement) {}

void SettlementWriter::add(const BillSettlement& settlement, Date on,
                           std::optional<std::int64_t> payment_id, std::int64_t entry_seq) {
  auto day = day_text_.find(on.days_since_epoch());  // a few days, many settlements
  if (day == day_text_.end())
    day = day_text_.emplace(on.days_since_epoch(), on.to_string()).first;
  rows_.value(settlement.bill_id)
      .value(day->second)
      .value(settlement.amount.fen())
      .value(payment_id)
      .value(entry_seq)
      .end_row();
  if (settlement.completes_on)
    completed_.emplace_back(settlement.bill_id, *settlement.completes_on);
}

void SettlementWriter::finish() {
  rows_.flush();
  for (const auto& [bill_id, on] : completed_) {
    db_.cached("UPDATE OR FAIL fee_bill SET settled_on = ?2 WHERE bill_id = ?1")
        .bind(1, bill_id)
        .bind(2, on.to_string())
        .run();
  }
  completed_.clear();
}

std::vector<BillSettlement> payment_settlements(store::Database& db, std::int64_t payment_id) {
  store::Statement& st = db.cached(
      "SELECT s.bill_id, b.period, s.amount_fen FROM fee_settlement s"
      " JOIN fee_bill b ON b.bill_id = s.bill_id WHERE s.payment_id = ?1"
      " ORDER BY s.settlement_id");
  st.bind(1, payment_id);
  std::vector<BillSettlement> settled;
  while (st.step()) {
    settled.push_back({st.int64(0), Period::parse(st.text_view(1)),
                       money::Amount::from_fen(st.int64(2)), std::nullopt});
  }
  st.reset();
  return settled;
}

}  // namespace trustfund::fees
