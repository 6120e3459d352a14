// Arrears as of a date; see arrears.h.
#include "trustfund/fees/arrears.h"

#include <map>

namespace trustfund::fees {
namespace {

// A bill open as of ?1: not settled yet, or settled only after ?1. Two index ranges on
// fee_bill_by_settled_on (NULLs, then dates after ?1).
constexpr const char* kOpenAsOf =
    "SELECT b.unit_code, b.bill_date, b.amount_fen - (SELECT coalesce(sum(s.amount_fen), 0)"
    " FROM fee_settlement s WHERE s.bill_id = b.bill_id AND s.settled_on <= ?1)"
    " FROM fee_bill b WHERE b.settled_on IS NULL AND b.bill_date <= ?1"
    " UNION ALL"
    " SELECT b.unit_code, b.bill_date, b.amount_fen - (SELECT coalesce(sum(s.amount_fen), 0)"
    " FROM fee_settlement s WHERE s.bill_id = b.bill_id AND s.settled_on <= ?1)"
    " FROM fee_bill b WHERE b.settled_on > ?1 AND b.bill_date <= ?1";

constexpr const char* kUnitOpenAsOf =
    "SELECT b.unit_code, b.bill_date, b.amount_fen - (SELECT coalesce(sum(s.amount_fen), 0)"
    " FROM fee_settlement s WHERE s.bill_id = b.bill_id AND s.settled_on <= ?1)"
    " FROM fee_bill b WHERE b.unit_code = ?2 AND b.bill_date <= ?1"
    " AND (b.settled_on IS NULL OR b.settled_on > ?1)";

void age(const store::Statement& st, Date as_of, AgedAmounts& into) {
  const money::Amount open = money::Amount::from_fen(st.int64(2));
  if (!open.is_positive())
    return;
  const std::int64_t days =
      as_of.days_since_epoch() - Date::parse(st.text_view(1)).days_since_epoch();
  into.add(aging_bucket(days), open);
}

}  // namespace

AgingBucket aging_bucket(std::int64_t age_days) noexcept {
  if (age_days <= 30)
    return AgingBucket::days_0_30;
  if (age_days <= 90)
    return AgingBucket::days_31_90;
  if (age_days <= 180)
    return AgingBucket::days_91_180;
  return AgingBucket::over_180;
}

const char* to_string(AgingBucket bucket) noexcept {
  switch (bucket) {
    case AgingBucket::days_0_30:
      return "0-30";
    case AgingBucket::days_31_90:
      return "31-90";
    case AgingBucket::days_91_180:
      return "91-180";
    case AgingBucket::over_180:
      return "over-180";
  }
  return "";
}

money::Amount AgedAmounts::total() const {
  return money::sum(by_bucket);
}

void AgedAmounts::add(AgingBucket bucket, money::Amount amount) {
  by_bucket[static_cast<std::size_t>(bucket)] += amount;
  ++open_bills;
}

ArrearsReport arrears(ledger::Books& books, Date as_of) {
  ArrearsReport report;
  report.as_of = as_of;
  std::map<std::string, AgedAmounts, std::less<>> by_unit;
  store::Statement& st = books.database().cached(kOpenAsOf);
  st.bind(1, as_of.to_string());
  while (st.step()) {
    auto it = by_unit.find(st.text_view(0));
    if (it == by_unit.end())
      it = by_unit.emplace(st.text(0), AgedAmounts{}).first;
    age(st, as_of, it->second);
  }
  st.reset();
  report.units.reserve(by_unit.size());
  for (auto& [code, aged] : by_unit) {
    for (std::size_t b = 0; b < aged.by_bucket.size(); ++b)
      report.total.by_bucket[b] += aged.by_bucket[b];
    report.total.open_bills += aged.open_bills;
    report.units.push_back({code, aged});
  }
  return report;
}

AgedAmounts unit_arrears(ledger::Books& books, const std::string& unit_code, Date as_of) {
  AgedAmounts out;
  store::Statement& st = books.database().cached(kUnitOpenAsOf);
  st.bind(1, as_of.to_string()).bind(2, unit_code);
  while (st.step())
    age(st, as_of, out);
  st.reset();
  return out;
}

}  // namespace trustfund::fees
