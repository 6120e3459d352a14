// The collection rate (收缴率): the figure residents and committees look at first.
//
// For a month M, and for the year to date (January to M of M's year), over the bills of those
// months, counting settlements made up to the last day of M:
//   by amount = settled amount of those bills / their billed amount;
//   by count  = bills fully settled / bills issued.
// The exact numerators and denominators are returned with the rate as a percentage with two
// decimals, rounded half away from zero ("94.73%"); "n/a" when nothing was billed. No floating
// point: the percentage is computed as a rounded integer of hundredths of a percent.
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <cstdint>
#include <string>

#include "trustfund/core/date.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::fees {

struct CollectionFigures {
  Period from, to;                 // the bill months counted
  money::Amount billed;            // by amount: denominator
  money::Amount settled;           // by amount: numerator
  std::int64_t bills = 0;          // by count: denominator
  std::int64_t bills_settled = 0;  // by count: numerator
  std::string rate_by_amount;      // "94.73%" or "n/a"
  std::string rate_by_count;
  bool operator==(const CollectionFigures&) const = default;
};

struct CollectionRate {
  Period month;
  Date counted_to;  // settlements made up to this day (the last of the month)
  CollectionFigures month_figures;
  CollectionFigures year_to_date;
};

CollectionRate collection_rate(ledger::Books& books, Period month);

// The figures over the bills of months from..to, counting settlements made up to `counted_to`:
// collection_rate's month figures are collection_figures(month, month, month.last_day()). For a
// series of months (a statement's history) this reads each month once, without the year to
// date that collection_rate adds.
CollectionFigures collection_figures(ledger::Books& books, Period from, Period to, Date counted_to);

// numerator / denominator as a percentage with two decimals, half away from zero: "94.73%";
// "n/a" if denominator is 0. Requires 0 <= numerator and 0 <= denominator.
std::string percent(std::int64_t numerator, std::int64_t denominator);

}  // namespace trustfund::fees
