// The statement tests' fees: on the first billing run a schedule of 2.35 a m² from 2026-01 and
// every unit's fees from 2026-01-01, then the month's bills.
#pragma once

#include "support/actors.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/schedule.h"

namespace trustfund::testing {

inline void bill_with_schedule(ledger::Books& books, Period month) {
  if (fees::list_schedules(books).empty()) {
    fees::ScheduleInput in;
    in.unit_kind = "residential";
    in.effective_from = Period::parse("2026-01");
    in.rate_yuan_per_m2_month = money::Rate::parse("2.35");
    fees::add_schedule(books, in, "user:treasurer"_actor);
    for (const ledger::Unit& u : books.units())
      fees::set_fee_start(books, u.code, Date::parse("2026-01-01"), "user:treasurer"_actor);
  }
  fees::bill_month(books, month, "user:treasurer"_actor);
}

}  // namespace trustfund::testing
