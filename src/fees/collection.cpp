// The collection rate; see collection.h.
#include "trustfund/fees/collection.h"

#include <cassert>

#include "trustfund/money/rounding.h"

namespace trustfund::fees {

CollectionFigures collection_figures(ledger::Books& books, Period from, Period to,
                                     Date counted_to) {
  store::Statement& st = books.database().cached(
      "SELECT count(*), coalesce(sum(b.amount_fen), 0),"
      " coalesce(sum(b.settled_on IS NOT NULL AND b.settled_on <= ?3), 0),"
      " coalesce(sum((SELECT coalesce(sum(s.amount_fen), 0) FROM fee_settlement s"
      "               WHERE s.bill_id = b.bill_id AND s.settled_on <= ?3)), 0)"
      " FROM fee_bill b WHERE b.period >= ?1 AND b.period <= ?2");
  st.bind(1, from.to_string()).bind(2, to.to_string()).bind(3, counted_to.to_string());
  st.step();
  CollectionFigures f;
  f.from = from;
  f.to = to;
  f.bills = st.int64(0);
  f.billed = money::Amount::from_fen(st.int64(1));
  f.bills_settled = st.int64(2);
  f.settled = money::Amount::from_fen(st.int64(3));
  st.reset();
  f.rate_by_amount = percent(f.settled.fen(), f.billed.fen());
  f.rate_by_count = percent(f.bills_settled, f.bills);
  return f;
}

std::string percent(std::int64_t numerator, std::int64_t denominator) {
  assert(numerator >= 0 && denominator >= 0);
  if (denominator == 0)
    return "n/a";
  // Hundredths of a percent, rounded once; an Amount prints them with two decimals.
  const money::Amount hundredths =
      money::round_fen({numerator, 10'000}, {denominator}, money::Rounding::half_away_from_zero);
  std::string out = hundredths.to_string();
  out.push_back('%');
  return out;
}

CollectionRate collection_rate(ledger::Books& books, Period month) {
  CollectionRate r;
  r.month = month;
  r.counted_to = month.last_day();
  r.month_figures = collection_figures(books, month, month, r.counted_to);
  r.year_to_date = collection_figures(books, Period::from_ym(month.year(), 1), month, r.counted_to);
  return r;
}

}  // namespace trustfund::fees
