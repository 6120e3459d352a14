// The transfer of a share of the net public revenue to the repair fund (公共收益转入专项维修资金),
// split over every unit's repair fund sub-account by area, exactly (largest remainder, ties by
// unit code). The repair fund, which receives it, makes the transfer: the net comes from the
// public revenue figures (fees/public_revenue.h), the money lands in RF.3001@unit.
//
// Entries, kind "transfer", dated the last day of the range, up to kUnitsPerTransferEntry units
// each: Dr RF.1002, Cr RF.3001@unit (each unit's share); the first also Dr PR.3201, Cr PR.1002
// (the amount leaving public revenue). A transfer row (public_revenue_transfer) keeps the range,
// so no month is transferred twice.
//
// An audited write (ledger/audited_write.h), logged as "transfer_public_revenue" (target
// periods:<from>..<to>, detail the share).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/rate.h"

namespace trustfund::repairfund {

// Units credited by one entry: the postings of an entry stay bounded.
inline constexpr std::size_t kUnitsPerTransferEntry = 5'000;

struct RepairFundTransfer {
  Period from, to;
  money::Amount net;     // of the range
  money::Rate share;     // e.g. 0.5
  money::Amount amount;  // net x share, rounded once; 0 when net <= 0
  std::optional<std::int64_t> entry_seq;
  std::vector<std::pair<std::string, money::Amount>> by_unit;  // each unit's part, by code
};

// Moves `share` of the net public revenue of from..to to the repair fund, dated to's last day,
// split over every unit by area. Error::conflict "transfer-overlap" if a transfer already covers
// any of those months; Error::invalid "transfer-share" unless 0 < share <= 1; Error::rule
// "transfer-no-units" for an estate without units.
RepairFundTransfer transfer_to_repair_fund(ledger::Books& books, Period from, Period to,
                                           money::Rate share, const ledger::Actor& actor);

}  // namespace trustfund::repairfund
