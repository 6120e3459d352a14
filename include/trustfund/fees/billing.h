// The monthly billing run (开票): one bill per unit per month, posted to the journal, then any
// prepayment applied to the open bills.
//
// A unit is billed for month M by the schedule in force for its kind in M (schedule.h): area ×
// rate, or the fixed amount, exact and rounded once to the fen, half away from zero. Its fees
// start on its fee start date (by default the day it was registered; set_fee_start changes it
// until its first bill). In the month of the fee start the bill is prorated by days: monthly ×
// (days from the start to the month end, inclusive) / days in the month, rounded once. Units whose
// fees start after M, or whose kind has no schedule in force, are not billed (listed in skipped).
//
// Billing the same month again bills only units without a bill for it (units added since), so
// it never bills twice. Bills are posted as `fee_bill` entries dated the first of the month, each
// covering up to kBillsPerEntry bills: Dr OP.1122@unit per bill, Cr OP.6001 their sum. Then every
// unit with a prepayment (a credit balance on OP.2203@unit) has min(prepayment, open bills)
// applied to its open bills, oldest first, in `prepayment` entries dated the first of the month
// (up to kBillsPerEntry units each): Dr OP.2203@unit, Cr OP.1122@unit.
//
// Each write is one audited write (ledger/audited_write.h): a run is logged as "bill_month"
// (target period:<YYYY-MM>), a fee start as "set_fee_start" (unit:<code>, the date).
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::fees {

inline constexpr std::size_t kBillsPerEntry = 1'000;

struct SkippedUnit {
  std::string unit_code;
  std::string reason;  // "no-schedule", "fee-start-later", "zero-fee"
};

struct BillingResult {
  Period month;
  std::int64_t bills_created = 0;
  money::Amount total;                           // of the bills created
  std::int64_t already_billed = 0;               // bills for the month that existed before this run
  std::vector<SkippedUnit> skipped;              // by unit code
  std::vector<std::int64_t> bill_entries;        // seqs of the fee_bill entries
  money::Amount prepayment_applied;              // prepayments applied after billing
  std::int64_t prepayment_units = 0;             // units whose prepayment was applied
  std::vector<std::int64_t> prepayment_entries;  // seqs of the prepayment entries
};

// Bills `month` (see the file comment). Throws Error::rule("period-closed", field "month") if
// the month is closed. All or nothing, its action row with it.
BillingResult bill_month(ledger::Books& books, Period month, const ledger::Actor& actor);

// Sets the date a unit's fees start. Throws Error::not_found("unit-unknown", field "unit"),
// Error::rule("fee-start-after-billing", field "fee_start") once the unit has a bill.
void set_fee_start(ledger::Books& books, const std::string& unit_code, Date start,
                   const ledger::Actor& actor);

// The date the unit's fees start: set_fee_start's date, else the day it was registered.
// Throws Error::not_found("unit-unknown", field "unit").
Date fee_start(ledger::Books& books, const std::string& unit_code);

}  // namespace trustfund::fees
