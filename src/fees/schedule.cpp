// Fee schedules; see schedule.h.
#include "trustfund/fees/schedule.h"

#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/money/rounding.h"

namespace trustfund::fees {
namespace {

constexpr const char* kScheduleColumns =
    "schedule_id, unit_kind, effective_from, basis, rate_millionths, fixed_fen, created_at,"
    " created_by";

Schedule read_schedule(const store::Statement& st) {
  Schedule s;
  s.id = st.int64(0);
  s.unit_kind = st.text(1);
  s.effective_from = Period::parse(st.text_view(2));
  s.basis = parse_fee_basis(st.text_view(3));
  if (!st.is_null(4))
    s.rate_yuan_per_m2_month = money::Rate::from_millionths(st.int64(4));
  if (!st.is_null(5))
    s.fixed_per_unit_month = money::Amount::from_fen(st.int64(5));
  s.created_at = st.text(6);
  s.created_by = st.text(7);
  return s;
}

void check_input(const ScheduleInput& in) {
  if (in.unit_kind != "residential" && in.unit_kind != "commercial" && in.unit_kind != "parking") {
    throw Error::invalid(
        "unit-kind", "unit_kind",
        "unit kind \"" + in.unit_kind + "\" must be residential, commercial or parking");
  }
  if (in.basis == FeeBasis::per_m2) {
    const auto r = in.rate_yuan_per_m2_month.millionths();
    if (r <= 0 || r > kMaxRateMillionths) {
      throw Error::invalid("schedule-rate", "rate",
                           "a per-m² rate must be more than 0 and at most 10000 yuan per m² per "
                           "month, e.g. 2.35");
    }
  } else if (!in.fixed_per_unit_month.is_positive()) {
    throw Error::invalid("schedule-fixed", "fixed", "a fixed monthly fee must be more than 0 yuan");
  }
}

}  // namespace

const char* to_string(FeeBasis basis) noexcept {
  return basis == FeeBasis::per_m2 ? "per_m2" : "fixed";
}

FeeBasis parse_fee_basis(std::string_view text) {
  if (text == "per_m2")
    return FeeBasis::per_m2;
  if (text == "fixed")
    return FeeBasis::fixed;
  throw Error::invalid("schedule-basis", "basis", "basis must be per_m2 or fixed");
}

Schedule add_schedule(ledger::Books& books, const ScheduleInput& input,
                      const ledger::Actor& actor) {
  check_input(input);
  store::Database& db = books.database();
  const std::string from = input.effective_from.to_string();
  ledger::AuditedWrite write(books, actor);
  {
    store::Statement& st =
        db.cached("SELECT 1 FROM fee_schedule WHERE unit_kind = ?1 AND effective_from = ?2");
    st.bind(1, input.unit_kind).bind(2, from);
    const bool exists = st.step();
    st.reset();
    if (exists) {
      throw Error::conflict("schedule-overlap", "effective_from",
                            "a " + input.unit_kind + " schedule effective from " + from +
                                " already exists; schedules are history, add one from a later "
                                "month");
    }
  }
  {
    store::Statement& st = db.cached(
        "SELECT max(b.period) FROM fee_bill b JOIN fee_schedule s ON s.schedule_id = b.schedule_id"
        " WHERE s.unit_kind = ?1 AND b.period >= ?2");
    st.bind(1, input.unit_kind).bind(2, from);
    st.step();
    const std::string billed = st.is_null(0) ? "" : st.text(0);
    st.reset();
    if (!billed.empty()) {
      throw Error::rule("schedule-rewrites-bills", "effective_from",
                        input.unit_kind + " units are already billed up to " + billed +
                            "; a new schedule must start after the last billed month");
    }
  }
  store::Statement& insert = db.cached(
      "INSERT INTO fee_schedule (unit_kind, effective_from, basis, rate_millionths, fixed_fen,"
      " created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert.bind(1, input.unit_kind).bind(2, from).bind(3, to_string(input.basis));
  if (input.basis == FeeBasis::per_m2) {
    insert.bind(4, input.rate_yuan_per_m2_month.millionths()).bind_null(5);
  } else {
    insert.bind_null(4).bind(5, input.fixed_per_unit_month.fen());
  }
  Schedule out;
  out.created_at = utc_timestamp_now();
  insert.bind(6, out.created_at).bind(7, actor.name()).run();
  out.id = db.last_insert_rowid();
  out.unit_kind = input.unit_kind;
  out.effective_from = input.effective_from;
  out.basis = input.basis;
  if (input.basis == FeeBasis::per_m2) {
    out.rate_yuan_per_m2_month = input.rate_yuan_per_m2_month;
  } else {
    out.fixed_per_unit_month = input.fixed_per_unit_month;
  }
  out.created_by = actor.name();
  write.commit("add_fee_schedule", "schedule:" + input.unit_kind, "from " + from);
  return out;
}

std::vector<Schedule> list_schedules(ledger::Books& books) {
  store::Statement& st =
      books.database().cached(std::string("SELECT ") + kScheduleColumns +
                              " FROM fee_schedule ORDER BY unit_kind, effective_from");
  std::vector<Schedule> out;
  while (st.step())
    out.push_back(read_schedule(st));
  st.reset();
  return out;
}

std::optional<Schedule> schedule_in_force(ledger::Books& books, const std::string& unit_kind,
                                          Period month) {
  store::Statement& st =
      books.database().cached(std::string("SELECT ") + kScheduleColumns +
                              " FROM fee_schedule WHERE unit_kind = ?1 AND effective_from <= ?2"
                              " ORDER BY effective_from DESC LIMIT 1");
  st.bind(1, unit_kind).bind(2, month.to_string());
  std::optional<Schedule> out;
  if (st.step())
    out = read_schedule(st);
  st.reset();
  return out;
}

money::Amount monthly_fee(const Schedule& schedule, money::Area area, std::int64_t days_billed,
                          std::int64_t days_in_month) {
  const auto mode = money::Rounding::half_away_from_zero;
  if (schedule.basis == FeeBasis::fixed) {
    return money::prorate(schedule.fixed_per_unit_month, days_billed, days_in_month, mode);
  }
  // hundredths of m² × millionths of a yuan / 10^6 = fen; × days / days in month; rounded once.
  return money::round_fen(
      {area.hundredths_m2(), schedule.rate_yuan_per_m2_month.millionths(), days_billed},
      {1'000'000, days_in_month}, mode);
}

}  // namespace trustfund::fees
