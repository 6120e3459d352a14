// The demo estate; see trustfund/demo/demo.h. This file builds the estate (units, opening
// balances, the fee schedule), runs its months (demo_month.cpp) and closes and publishes them.
#include "trustfund/demo/demo.h"

#include <cstdio>

#include "demo_run.h"
#include "trustfund/core/error.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/ledger/writes.h"
#include "trustfund/money/rounding.h"
#include "trustfund/repairfund/subaccounts.h"
#include "trustfund/statements/statement.h"

namespace trustfund::demo {

namespace accounts = ledger::accounts;
namespace {

using ledger::PostingInput;
using money::Amount;

// The flats: building, entrance, floor and flat in the code, four plans of area; who pays how
// (most monthly); most owners hold one flat, every 40th owner also the next one.
void add_units(DemoRun& run, std::int64_t count, const DemoProgress& progress) {
  static const std::int64_t kFlatAreas[] = {8937, 12088, 14360, 6852};  // hundredths of m²
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t building = i / 200 + 1, entrance = (i / 100) % 2 + 1;
    const std::int64_t floor = (i / 4) % 25 + 1, flat = i % 4 + 1;
    char code[32];
    std::snprintf(code, sizeof code, "%lld-%lld-%02lld%02lld", static_cast<long long>(building),
                  static_cast<long long>(entrance), static_cast<long long>(floor),
                  static_cast<long long>(flat));
    DemoUnit u;
    u.code = code;
    u.area = money::Area::from_hundredths_m2(kFlatAreas[flat - 1] + (building * 7) % 50);
    const int r = run.roll(100);
    u.payer = r < 80   ? Payer::monthly
              : r < 88 ? Payer::quarterly
              : r < 92 ? Payer::yearly_ahead
                       : Payer::late;
    u.fee = money::fee_for_area(u.area, run.fee_rate);
    const std::int64_t owner = i - (i % 40 == 1 ? 1 : 0);
    run.books.add_unit({u.code, "residential", u.area, "owner-" + std::to_string(owner)});
    run.units.push_back(u);
    if (progress)
      progress("units", i + 1, count);
  }
}

// Opening balances: the cash the estate brought into trustfund; then the repair fund's first
// deposits (100 yuan/m²), recorded per unit.
void open_books(DemoRun& run) {
  ledger::Books::Writer opening(run.books);
  std::vector<PostingInput> p;
  p.push_back({accounts::kOperatingBank, yuan(500000)});
  p.push_back({accounts::kOperatingBalance, -yuan(500000)});
  p.push_back({accounts::kPublicRevenueBank, yuan(80000)});
  p.push_back({accounts::kPublicRevenueBalance, -yuan(80000)});
  run.add(opening, make_entry(run.first.first_day(), "opening",
                              "Opening balances: repair fund first deposits, "
                              "operating and public revenue cash",
                              p));
  opening.commit();
  std::vector<repairfund::DepositInput> deposits;
  for (DemoUnit& u : run.units) {
    u.repair = Amount::from_fen(u.area.hundredths_m2() * 100);
    deposits.push_back({u.code, repairfund::DepositKind::first, u.repair, run.first.first_day()});
    if (deposits.size() == kUnitsPerEntry || &u == &run.units.back()) {
      run.entries += static_cast<std::int64_t>(
          repairfund::record_deposits(run.books, deposits, run.actor).size());
      deposits.clear();
    }
  }
}

// The fee schedule, and every unit's fees starting with the demo's first month. Each is an
// audited write with its action row as usual; the transaction around them makes them one commit
// (one fsync) instead of one per unit.
void start_fees(DemoRun& run) {
  store::Transaction tx(run.books.database());
  fees::ScheduleInput schedule;
  schedule.unit_kind = "residential";
  schedule.effective_from = run.first;
  schedule.rate_yuan_per_m2_month = run.fee_rate;
  fees::add_schedule(run.books, schedule, run.actor);
  for (const DemoUnit& u : run.units)
    fees::set_fee_start(run.books, u.code, run.first.first_day(), run.actor);
  tx.commit();
}

// Every month but the open ones closed, its statement signed by both demo custodians and
// published; then the views those months complete, built, signed and published the same way.
void publish(DemoRun& run, const DemoOptions& options, DemoEstate& made,
             const DemoProgress& progress) {
  const ledger::Actor custodians("demo:custodians");
  Period m = run.first;
  for (std::int64_t i = 0; i < options.months - options.open_months; ++i, m = m.next()) {
    const statements::Statement s = statements::close_month(run.books, m, run.actor);
    statements::add_signature(run.books, s.period_key, run.custodians.sign_both(s.manifest),
                              custodians);
    ++made.published;
    if (progress)
      progress("statements", i + 1, options.months - options.open_months);
  }
  Period last_closed = made.last;  // the views are of closed months only
  for (std::int64_t i = 0; i < options.open_months; ++i)
    last_closed = last_closed.previous();
  for (Period p = run.first; p <= last_closed && options.open_months < options.months;
       p = p.next()) {
    for (const statements::StatementPeriod& view : statements::views_ending(p)) {
      if (view.months.front() < run.first)
        continue;
      const statements::Statement v = statements::build_view(run.books, view.key, run.actor);
      statements::add_signature(run.books, v.period_key, run.custodians.sign_both(v.manifest),
                                custodians);
      made.views.push_back(view.key);
    }
  }
}

}  // namespace

void check_options(const DemoOptions& o) {
  if (o.units < 4 || o.units > 20000)
    throw Error::invalid("usage", "units", "--units must be 4-20000");
  if (o.months < 1 || o.months > 120)
    throw Error::invalid("usage", "months", "--months must be 1-120");
  if (o.open_months < 0 || o.open_months > o.months)
    throw Error::invalid("usage", "open-months", "--open-months must be 0 to --months");
}

Amount yuan(std::int64_t y) {
  return Amount::from_fen(y * 100);
}

ledger::EntryInput make_entry(Date date, const char* kind, std::string memo,
                              std::vector<PostingInput> postings) {
  ledger::EntryInput e;
  e.date = date;
  e.kind = kind;
  e.memo = std::move(memo);
  e.postings = std::move(postings);
  return e;
}

void DemoRun::add(ledger::Books::Writer& writer, const ledger::EntryInput& entry) {
  writer.add(entry, actor.name());
  ++entries;
}

DemoEstate create_demo_estate(store::DataDir& dir, const DemoOptions& options,
                              const DemoProgress& progress) {
  check_options(options);
  DemoEstate made;
  made.estate_id = options.estate_id;
  made.name = "阳光花园 Sunrise Garden";
  ledger::Books books = ledger::create_estate(dir, options.estate_id, made.name, options.actor);
  // The two demo custodians, their key files, and the trust bank accounts.
  DemoEscrow custodians(books, options.key_dir, options.actor);
  DemoRun run(books, options.actor, custodians);
  made.last = Period::from_ym(2026, 10);
  run.first = made.last;
  for (std::int64_t m = 1; m < options.months; ++m)
    run.first = run.first.previous();
  made.first = run.first;
  run.months = options.months;

  add_units(run, options.units, progress);
  open_books(run);
  start_fees(run);
  Period month = run.first;
  for (std::int64_t m = 0; m < options.months; ++m, month = month.next()) {
    book_month(run, month, m);
    if (progress)
      progress("months", m + 1, options.months);
  }
  publish(run, options, made, progress);

  made.units = static_cast<std::int64_t>(run.units.size());
  made.entries = run.entries;
  made.billed = run.billed;
  made.collected = run.collected;
  for (const DemoUnit& u : run.units)
    made.arrears += u.owed;
  made.root = books.root(books.entry_count());
  made.orders = custodians.orders();
  made.lift = run.repairs.lift();
  made.roof = run.repairs.roof();
  return made;
}

}  // namespace trustfund::demo
