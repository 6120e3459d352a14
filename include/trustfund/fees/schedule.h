// Fee schedules (收费标准): what a unit of each kind pays per month, from which month on.
//
// A schedule is per unit kind (residential, commercial, parking) and is either a rate in yuan per
// m² per month (`per_m2`, e.g. 2.35) times the unit's registered area, or a fixed amount per unit
// per month (`fixed`). The schedule in force for month M and kind K is the one for K with the
// latest effective month <= M. Schedules are history (append-only): a change is a new schedule
// from a later month, and it is refused if bills of that kind exist for that month or later, so
// a change never rewrites past bills.
//
// Thread-safety: functions use the Books' connection, which belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/rate.h"

namespace trustfund::fees {

enum class FeeBasis { per_m2, fixed };
const char* to_string(FeeBasis basis) noexcept;  // "per_m2", "fixed"
// Throws Error::invalid("schedule-basis", field "basis") for anything else.
FeeBasis parse_fee_basis(std::string_view text);

// Upper bound on a per-m² rate: 10,000 yuan per m² per month (the schema checks it too).
inline constexpr std::int64_t kMaxRateMillionths = 10'000'000'000;

struct ScheduleInput {
  std::string unit_kind;  // residential, commercial, parking
  Period effective_from;
  FeeBasis basis = FeeBasis::per_m2;
  money::Rate rate_yuan_per_m2_month;  // per_m2: > 0, at most kMaxRateMillionths
  money::Amount fixed_per_unit_month;  // fixed: > 0
};

struct Schedule {
  std::int64_t id = 0;
  std::string unit_kind;
  Period effective_from;
  FeeBasis basis = FeeBasis::per_m2;
  money::Rate rate_yuan_per_m2_month;  // per_m2 only
  money::Amount fixed_per_unit_month;  // fixed only
  std::string created_at;
  std::string created_by;
};

// Adds a schedule. Throws Error::invalid for a bad kind ("unit-kind", field "unit_kind") or
// amount ("schedule-rate" field "rate", "schedule-fixed" field "fixed"), Error::conflict
// ("schedule-overlap", field "effective_from") if the kind already has a schedule from that month,
// Error::rule ("schedule-rewrites-bills", field "effective_from") if units of the kind are billed
// for that month or later. Logged as "add_fee_schedule" (target schedule:<kind>, detail
// "from <YYYY-MM>") in the same transaction.
Schedule add_schedule(ledger::Books& books, const ScheduleInput& input, const ledger::Actor& actor);

// Every schedule, by kind then effective month.
std::vector<Schedule> list_schedules(ledger::Books& books);

// The schedule in force for `unit_kind` in `month`, if any.
std::optional<Schedule> schedule_in_force(ledger::Books& books, const std::string& unit_kind,
                                          Period month);

// The monthly fee of a unit of `area` under `schedule`, for `days_billed` of `days_in_month`
// days: exact, rounded once half away from zero. Full month: days_billed == days_in_month.
money::Amount monthly_fee(const Schedule& schedule, money::Area area, std::int64_t days_billed,
                          std::int64_t days_in_month);

}  // namespace trustfund::fees
