// One month of the demo's books; see demo_run.h.
#include <functional>
#include <map>

#include "demo_run.h"
#include "trustfund/core/error.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/payments.h"
#include "trustfund/ledger/chart.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"

namespace trustfund::demo {

namespace accounts = ledger::accounts;
namespace {

using ledger::EntryInput;
using ledger::PostingInput;
using money::Amount;

// An outflow of the month, paid by an order both custodians sign after the month's other entries.
struct Payout {
  Date date;
  ledger::Fund fund;
  std::string debit;
  Amount amount;
  std::string payee, purpose, budget_line;
};

// What one month shares between its steps.
struct Month {
  Period period;
  std::int64_t index = 0;  // 0 for the demo's first month
  std::string ym;          // "2026-10"
  Amount billed, collected;
  std::vector<Payout> payouts;
};

std::string unit_account(const char* control, const DemoUnit& u) {
  return ledger::unit_account_code(control, u.code);
}

// The entries crediting each unit's repair-fund sub-account its share (shares[i] to units[i],
// added to its balance): per kUnitsPerEntry units, the postings `lead` gives for their total,
// then the units' credits. With more than one entry each memo says which part it is.
std::vector<EntryInput> repair_share_entries(
    Date date, const char* kind, const std::string& memo, std::vector<DemoUnit>& units,
    const std::vector<Amount>& shares,
    const std::function<std::vector<PostingInput>(Amount)>& lead) {
  std::vector<EntryInput> out;
  const std::size_t parts = (units.size() + kUnitsPerEntry - 1) / kUnitsPerEntry;
  for (std::size_t begin = 0; begin < units.size(); begin += kUnitsPerEntry) {
    const std::size_t end = std::min(units.size(), begin + kUnitsPerEntry);
    Amount total;
    std::vector<PostingInput> credits;
    for (std::size_t i = begin; i < end; ++i) {
      if (shares[i].is_zero())
        continue;
      credits.push_back({unit_account(accounts::kRepairSubAccounts, units[i]), -shares[i]});
      units[i].repair += shares[i];
      total += shares[i];
    }
    if (total.is_zero())
      continue;
    std::vector<PostingInput> p = lead(total);
    p.insert(p.end(), credits.begin(), credits.end());
    std::string text = memo;
    if (parts > 1) {
      text.append(", part ").append(std::to_string(begin / kUnitsPerEntry + 1));
      text.append(" of ").append(std::to_string(parts));
    }
    out.push_back(make_entry(date, kind, text, p));
  }
  return out;
}

// The billing run on the 1st: one bill per unit; prepayments settle them at once.
void bill(DemoRun& run, Month& month) {
  const fees::BillingResult billing = fees::bill_month(run.books, month.period, run.actor);
  run.entries +=
      static_cast<std::int64_t>(billing.bill_entries.size() + billing.prepayment_entries.size());
  month.billed = billing.total;
  for (DemoUnit& u : run.units) {
    u.owed += u.fee;
    const Amount applied = u.prepaid < u.fee ? u.prepaid : u.fee;
    u.prepaid -= applied;
    u.owed -= applied;
  }
}

// Payments during the month, recorded like a channel's export: each settles the unit's oldest
// bills first, the rest is a prepayment.
void collect(DemoRun& run, Month& month) {
  static const fees::PaymentChannel kChannels[] = {fees::PaymentChannel::wechat_pay,
                                                   fees::PaymentChannel::alipay,
                                                   fees::PaymentChannel::bank_transfer};
  static const char* kChannelRef[] = {"wx", "ali", "bank"};
  const std::int64_t m = month.index;
  std::vector<fees::PaymentInput> payments;
  for (DemoUnit& u : run.units) {
    Amount pay;
    Amount ahead;
    if (u.payer == Payer::monthly)
      pay = u.owed;
    if (u.payer == Payer::quarterly && (m % 3 == 2 || m == run.months - 1))
      pay = u.owed;
    if (u.payer == Payer::yearly_ahead && m % 12 == 0) {
      pay = u.owed;
      for (int k = 1; k < 12; ++k)
        ahead += u.fee;
    }
    if (u.payer == Payer::late && run.roll(10) == 0)
      pay = u.owed;
    if (pay.is_zero() && ahead.is_zero())
      continue;
    const int channel = run.roll(3);
    fees::PaymentInput p;
    p.unit_code = u.code;
    p.amount = pay + ahead;
    p.channel = kChannels[channel];
    p.reference = std::string(kChannelRef[channel]) + "-" + month.ym + "-" + u.code;
    p.received_on = month.period.first_day().plus_days(2 + run.roll(20));
    payments.push_back(std::move(p));
    u.owed -= pay;
    u.prepaid += ahead;
    month.collected += pay + ahead;
  }
  if (payments.empty())
    return;
  const fees::PaymentImportResult r = fees::record_payments(run.books, payments, run.actor);
  if (!r.ok()) {
    throw Error(ErrorKind::integrity, "demo-payments", "",
                "the demo's payments were refused: " + r.errors.front().message);
  }
  run.entries += static_cast<std::int64_t>(r.entries.size());
}

// Spending under the cost heads, each a share of the month's bills.
void spend(Month& month) {
  struct Head {
    const char* code;
    const char* rate;
    const char* payee;
    int day;
  };
  static const Head kHeads[] = {
      {accounts::kStaffCosts, "0.43", "Staff wages (payroll)", 10},
      {accounts::kMaintenanceCosts, "0.09", "Lift and pump maintenance contract", 12},
      {accounts::kCleaningCosts, "0.12", "Cleaning contractor", 15},
      {accounts::kLandscapingCosts, "0.05", "Landscaping contractor", 16},
      {accounts::kSecurityCosts, "0.14", "Security services", 18},
      {accounts::kOfficeCosts, "0.02", "Office supplies and telephone", 20},
      {accounts::kInsuranceCosts, "0.01", "Public liability insurance", 21},
  };
  const Date day1 = month.period.first_day();
  for (const Head& h : kHeads) {
    const Amount cost = money::times(month.billed, money::Rate::parse(h.rate));
    month.payouts.push_back({day1.plus_days(h.day - 1), ledger::Fund::operating, h.code, cost,
                             h.payee, std::string(h.payee) + " " + month.ym,
                             std::string("2026 ") + h.payee});
  }
}

// Remuneration: 8% of fees collected, accrued at month end, paid on the 5th of next month by an
// order like any other outflow.
void accrue_remuneration(DemoRun& run, ledger::Books::Writer& w, Month& month) {
  const Amount fee_cut = money::times(month.collected, money::Rate::parse("0.08"));
  run.add(w,
          make_entry(
              month.period.last_day(), "remuneration",
              "Remuneration " + month.ym + ": 8% of fees collected " + month.collected.to_string(),
              {{accounts::kRemuneration, fee_cut}, {accounts::kRemunerationPayable, -fee_cut}}));
  if (month.index + 1 < run.months) {
    month.payouts.push_back(
        {month.period.next().first_day().plus_days(4), ledger::Fund::operating,
         accounts::kRemunerationPayable, fee_cut, "Sunrise Property Services 阳光物业",
         "Remuneration for " + month.ym + " (8% of fees collected)", "2026 remuneration"});
  }
}

// Parking every month and its attendant's cost; advertising and the telecom site fee in the
// second month of each quarter.
void record_public_revenue(DemoRun& run, ledger::Books::Writer& w, Month& month) {
  const Date day1 = month.period.first_day();
  const Amount parking = yuan(18000 + run.roll(2000));
  run.add(w, make_entry(
                 day1.plus_days(5), "public_revenue", "Parking fees " + month.ym,
                 {{accounts::kPublicRevenueBank, parking}, {accounts::kParkingRevenue, -parking}}));
  const Amount parking_cost = money::times(parking, money::Rate::parse("0.1"));
  month.payouts.push_back(
      {day1.plus_days(6), ledger::Fund::public_revenue, accounts::kPublicRevenueCosts, parking_cost,
       "Parking attendant services", "Parking attendant " + month.ym, "2026 public revenue costs"});
  run.public_revenue_net += parking - parking_cost;
  if (month.index % 3 == 1) {
    run.add(w, make_entry(day1.plus_days(8), "public_revenue", "Lift advertising, quarter",
                          {{accounts::kPublicRevenueBank, yuan(12000)},
                           {accounts::kAdvertisingRevenue, -yuan(12000)}}));
    run.add(
        w, make_entry(day1.plus_days(9), "public_revenue", "Telecom base station site fee, quarter",
                      {{accounts::kPublicRevenueBank, yuan(4500)},
                       {accounts::kTelecomRevenue, -yuan(4500)}}));
    run.public_revenue_net += yuan(16500);
  }
}

// At a quarter's end, half of the quarter's net public revenue moves to the repair fund, split by
// area; and the repair fund's interest (0.35% a quarter) is allocated by sub-account balance.
void close_repair_fund_quarter(DemoRun& run, ledger::Books::Writer& w, const Month& month) {
  const Date month_end = month.period.last_day();
  const Amount transfer = money::times(run.public_revenue_net, money::Rate::parse("0.5"));
  std::vector<money::SplitShare> by_area;
  for (const DemoUnit& u : run.units)
    by_area.push_back({u.code, u.area.hundredths_m2()});
  for (const EntryInput& e : repair_share_entries(
           month_end, "transfer", "50% of net public revenue to the repair fund", run.units,
           money::split(transfer, by_area), [](Amount part) {
             return std::vector<PostingInput>{{accounts::kTransfersToRepairFund, part},
                                              {accounts::kPublicRevenueBank, -part},
                                              {accounts::kRepairBank, part}};
           }))
    run.add(w, e);
  run.public_revenue_net = Amount();

  Amount fund;
  std::vector<money::SplitShare> by_balance;
  for (const DemoUnit& u : run.units) {
    fund += u.repair;
    by_balance.push_back({u.code, u.repair.fen()});
  }
  const Amount interest = money::times(fund, money::Rate::parse("0.0035"));
  for (const EntryInput& e : repair_share_entries(
           month_end, "interest", "Repair fund interest for the quarter, by balance", run.units,
           money::split(interest, by_balance), [](Amount part) {
             return std::vector<PostingInput>{{accounts::kRepairBank, part}};
           }))
    run.add(w, e);
}

}  // namespace

void book_month(DemoRun& run, Period period, std::int64_t index) {
  Month month{period, index, period.to_string(), {}, {}, {}};
  bill(run, month);
  collect(run, month);
  ledger::Books::Writer w(run.books);
  spend(month);
  accrue_remuneration(run, w, month);
  record_public_revenue(run, w, month);
  if (index % 3 == 2)
    close_repair_fund_quarter(run, w, month);
  w.commit();
  // Every outflow is an order both custodians sign, paid after the month's other entries.
  for (const Payout& p : month.payouts) {
    run.custodians.pay(run.books, p.date, p.fund, p.debit, p.amount, p.payee, p.purpose,
                       p.budget_line);
    ++run.entries;
  }
  std::map<std::string, Amount> settled;  // each unit's share of projects settled this month
  run.entries += run.repairs.run(run.books, period, settled);
  for (DemoUnit& u : run.units) {
    if (const auto it = settled.find(u.code); it != settled.end())
      u.repair += it->second;
  }
  run.billed += month.billed;
  run.collected += month.collected;
}

}  // namespace trustfund::demo
