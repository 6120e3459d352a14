// Arrears (欠费) as of a date, aged by how long each bill has been due.
//
// As of date D, a bill's open amount is its amount less the settlements made on or before D; only
// bills issued on or before D count (a bill is issued on the first day of its month). Its age is
// the days from its bill date to D, bucketed 0-30, 31-90, 91-180 and over 180 days (30 days old
// is 0-30, 31 is 31-90, 180 is 91-180, 181 is over 180). Bills fully settled on or before D are
// skipped by an index on their settled date, so the cost follows the open bills, not history.
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::fees {

enum class AgingBucket { days_0_30, days_31_90, days_91_180, over_180 };
// The bucket of a bill `age_days` old (age_days >= 0).
AgingBucket aging_bucket(std::int64_t age_days) noexcept;
const char* to_string(AgingBucket bucket) noexcept;  // "0-30", "31-90", "91-180", "over-180"

struct AgedAmounts {
  std::array<money::Amount, 4> by_bucket{};  // indexed by AgingBucket
  std::int64_t open_bills = 0;
  money::Amount operator[](AgingBucket b) const { return by_bucket[static_cast<std::size_t>(b)]; }
  money::Amount total() const;
  void add(AgingBucket bucket, money::Amount amount);
};

struct UnitArrears {
  std::string unit_code;
  AgedAmounts arrears;
};

struct ArrearsReport {
  Date as_of;
  std::vector<UnitArrears> units;  // units with arrears, by code
  AgedAmounts total;
};

// Every unit's arrears as of `as_of` (see the file comment).
ArrearsReport arrears(ledger::Books& books, Date as_of);

// One unit's arrears as of `as_of` (zero if none; the unit is not checked).
AgedAmounts unit_arrears(ledger::Books& books, const std::string& unit_code, Date as_of);

}  // namespace trustfund::fees
