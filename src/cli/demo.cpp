// `trustfund demo`: a realistic, deterministic demo estate for trying the product.
//
// Sunrise Garden (阳光花园): buildings of 2 entrances x 25 floors x 4 flats, a year of monthly fee
// bills at 2.35 yuan/m² (billing runs of the fees module, so bills, receipts, arrears and the
// collection rate are all there), payments by WeChat Pay, Alipay and bank transfer (most owners pay
// within the month, some quarterly, some a year ahead, a few fall into arrears: about 95%
// collected), spending under the nine cost heads, the manager's remuneration (8% of fees
// collected), public revenue (parking, advertising, telecom) with half of it moved quarterly to the
// repair fund, and repair-fund interest allocated to the unit sub-accounts by balance. Every split
// is exact.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <random>

#include "context.h"
#include "demo_escrow.h"
#include "demo_repairs.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/ledger/writes.h"
#include "trustfund/money/rate.h"
#include "trustfund/money/rounding.h"
#include "trustfund/money/split.h"
#include "trustfund/repairfund/subaccounts.h"
#include "trustfund/statements/statement.h"

namespace trustfund::cli {

namespace accounts = ledger::accounts;
namespace {

using ledger::EntryInput;
using ledger::PostingInput;
using money::Amount;

enum class Payer { monthly, quarterly, yearly_ahead, late };

struct DemoUnit {
  std::string code;
  money::Area area;
  Payer payer;
  Amount fee;      // monthly fee
  Amount owed;     // open bills
  Amount prepaid;  // prepayment balance
  Amount repair;   // repair-fund sub-account balance
};

Amount yuan(std::int64_t y) {
  return Amount::from_fen(y * 100);
}

EntryInput make(Date date, const char* kind, std::string memo, std::vector<PostingInput> p,
                std::string key = "") {
  EntryInput e;
  e.date = date;
  e.kind = kind;
  e.memo = std::move(memo);
  e.postings = std::move(p);
  e.idempotency_key = std::move(key);
  return e;
}

std::string unit_account(const char* control, const DemoUnit& u) {
  return ledger::unit_account_code(control, u.code);
}

// An entry has at most ledger::kMaxPostings postings, so one that touches every unit's
// sub-account is split into entries of this many units (one entry up to 5,000 units).
constexpr std::size_t kUnitsPerEntry = 5'000;

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
    out.push_back(make(date, kind, text, p));
  }
  return out;
}

}  // namespace

int cmd_demo(const Context& ctx) {
  const std::string estate_id = ctx.args.get_or("estate", "sunrise-garden");
  const auto n_units = std::stoll(ctx.args.get_or("units", "1200"));
  const auto n_months = std::stoll(ctx.args.get_or("months", "12"));
  // Months at the end left open (billed and paid, not closed): the monthly close benchmark
  // closes the last one itself.
  const auto n_open = std::stoll(ctx.args.get_or("open-months", "0"));
  if (n_units < 4 || n_units > 20000)
    throw Error::invalid("usage", "units", "--units must be 4-20000");
  if (n_months < 1 || n_months > 120)
    throw Error::invalid("usage", "months", "--months must be 1-120");
  if (n_open < 0 || n_open > n_months)
    throw Error::invalid("usage", "open-months", "--open-months must be 0 to --months");
  const ledger::Actor actor(ctx.args.get_or("actor", "demo:treasurer"));

  store::DataDir dir = ctx.open_data_dir();
  const std::string name = "阳光花园 Sunrise Garden";
  ledger::Books books = ledger::create_estate(dir, estate_id, name, actor);

  // The two demo custodians, their key files, and the trust bank accounts.
  const std::filesystem::path key_dir = std::filesystem::path(ctx.data_path()) / "demo-custodians";
  DemoEscrow custodians(books, key_dir, actor);

  std::mt19937_64 rng(20261022);
  auto roll = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const money::Rate rate = money::Rate::parse("2.35");
  static const std::int64_t kFlatAreas[] = {8937, 12088, 14360, 6852};  // hundredths of m²

  std::vector<DemoUnit> units;
  ProgressBar unit_bar(ctx.err, "units");
  for (std::int64_t i = 0; i < n_units; ++i) {
    const std::int64_t building = i / 200 + 1, entrance = (i / 100) % 2 + 1;
    const std::int64_t floor = (i / 4) % 25 + 1, flat = i % 4 + 1;
    char code[32];
    std::snprintf(code, sizeof code, "%lld-%lld-%02lld%02lld", static_cast<long long>(building),
                  static_cast<long long>(entrance), static_cast<long long>(floor),
                  static_cast<long long>(flat));
    DemoUnit u;
    u.code = code;
    u.area = money::Area::from_hundredths_m2(kFlatAreas[flat - 1] + (building * 7) % 50);
    const int r = roll(100);
    u.payer = r < 80   ? Payer::monthly
              : r < 88 ? Payer::quarterly
              : r < 92 ? Payer::yearly_ahead
                       : Payer::late;
    u.fee = money::fee_for_area(u.area, rate);
    // Owners: most hold one flat; every 40th owner also holds the next flat.
    const std::int64_t owner = i - (i % 40 == 1 ? 1 : 0);
    books.add_unit({u.code, "residential", u.area, "owner-" + std::to_string(owner)});
    units.push_back(u);
    unit_bar.update(i + 1, n_units);
  }

  const Period last = Period::from_ym(2026, 10);
  Period month = last;
  for (std::int64_t m = 1; m < n_months; ++m)
    month = month.previous();
  const Period first = month;

  std::int64_t entries = 0;
  Amount billed_total, collected_total;
  ledger::Books::Writer opening(books);
  {
    // Opening balances: the cash the estate brought into trustfund. The repair fund's first
    // deposits (100 yuan/m²) follow, recorded per unit.
    std::vector<PostingInput> p;
    p.push_back({accounts::kOperatingBank, yuan(500000)});
    p.push_back({accounts::kOperatingBalance, -yuan(500000)});
    p.push_back({accounts::kPublicRevenueBank, yuan(80000)});
    p.push_back({accounts::kPublicRevenueBalance, -yuan(80000)});
    opening.add(make(first.first_day(), "opening",
                     "Opening balances: repair fund first deposits, "
                     "operating and public revenue cash",
                     p),
                actor.name());
    opening.commit();
    ++entries;
    std::vector<repairfund::DepositInput> deposits;
    for (DemoUnit& u : units) {
      u.repair = Amount::from_fen(u.area.hundredths_m2() * 100);
      deposits.push_back({u.code, repairfund::DepositKind::first, u.repair, first.first_day()});
      if (deposits.size() == kUnitsPerEntry || &u == &units.back()) {
        entries +=
            static_cast<std::int64_t>(repairfund::record_deposits(books, deposits, actor).size());
        deposits.clear();
      }
    }
  }
  DemoRepairs repairs(actor, custodians);
  {
    // The fee schedule, and every unit's fees starting with the demo's first month. Each is an
    // audited write with its action row as usual; the transaction around them makes them one
    // commit (one fsync) instead of one per unit.
    store::Transaction tx(books.database());
    fees::ScheduleInput schedule;
    schedule.unit_kind = "residential";
    schedule.effective_from = first;
    schedule.rate_yuan_per_m2_month = rate;
    fees::add_schedule(books, schedule, actor);
    for (const DemoUnit& u : units)
      fees::set_fee_start(books, u.code, first.first_day(), actor);
    tx.commit();
  }

  Amount pr_net_quarter;
  ProgressBar bar(ctx.err, "months");
  for (std::int64_t m = 0; m < n_months; ++m, month = month.next()) {
    const Date day1 = month.first_day();
    const std::string ym = month.to_string();
    // The billing run on the 1st: one bill per unit; prepayments settle them at once.
    const fees::BillingResult billing = fees::bill_month(books, month, actor);
    entries +=
        static_cast<std::int64_t>(billing.bill_entries.size() + billing.prepayment_entries.size());
    const Amount billed = billing.total;
    for (DemoUnit& u : units) {
      u.owed += u.fee;
      const Amount applied = u.prepaid < u.fee ? u.prepaid : u.fee;
      u.prepaid -= applied;
      u.owed -= applied;
    }
    // Payments during the month, recorded like a channel's export: each settles the unit's
    // oldest bills first, the rest is a prepayment.
    static const fees::PaymentChannel kChannels[] = {fees::PaymentChannel::wechat_pay,
                                                     fees::PaymentChannel::alipay,
                                                     fees::PaymentChannel::bank_transfer};
    static const char* kChannelRef[] = {"wx", "ali", "bank"};
    std::vector<fees::PaymentInput> payments;
    Amount collected;
    for (std::size_t i = 0; i < units.size(); ++i) {
      DemoUnit& u = units[i];
      Amount pay;
      Amount ahead;
      if (u.payer == Payer::monthly)
        pay = u.owed;
      if (u.payer == Payer::quarterly && (m % 3 == 2 || m == n_months - 1))
        pay = u.owed;
      if (u.payer == Payer::yearly_ahead && m % 12 == 0) {
        pay = u.owed;
        for (int k = 1; k < 12; ++k)
          ahead += u.fee;
      }
      if (u.payer == Payer::late && roll(10) == 0)
        pay = u.owed;
      if (pay.is_zero() && ahead.is_zero())
        continue;
      const int channel = roll(3);
      fees::PaymentInput p;
      p.unit_code = u.code;
      p.amount = pay + ahead;
      p.channel = kChannels[channel];
      p.reference = std::string(kChannelRef[channel]) + "-" + ym + "-" + u.code;
      p.received_on = day1.plus_days(2 + roll(20));
      payments.push_back(std::move(p));
      u.owed -= pay;
      u.prepaid += ahead;
      collected += pay + ahead;
    }
    if (!payments.empty()) {
      const fees::PaymentImportResult r = fees::record_payments(books, payments, actor);
      if (!r.ok()) {
        throw Error(ErrorKind::integrity, "demo-payments", "",
                    "the demo's payments were refused: " + r.errors.front().message);
      }
      entries += static_cast<std::int64_t>(r.entries.size());
    }
    ledger::Books::Writer w(books);
    auto add = [&](const EntryInput& e) {
      w.add(e, actor.name());
      ++entries;
    };
    // Every outflow is an order both custodians sign, paid after the month's other entries.
    struct Payout {
      Date date;
      ledger::Fund fund;
      std::string debit;
      Amount amount;
      std::string payee, purpose, budget_line;
    };
    std::vector<Payout> payouts;
    // Spending under the cost heads, each a share of the month's bills.
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
    for (const Head& h : kHeads) {
      const Amount cost = money::times(billed, money::Rate::parse(h.rate));
      payouts.push_back({day1.plus_days(h.day - 1), ledger::Fund::operating, h.code, cost, h.payee,
                         std::string(h.payee) + " " + ym, std::string("2026 ") + h.payee});
    }
    // Remuneration: 8% of fees collected, accrued at month end, paid on the 5th of next month
    // by an order like any other outflow.
    const Date month_end = month.last_day();
    const Amount fee_cut = money::times(collected, money::Rate::parse("0.08"));
    add(make(month_end, "remuneration",
             "Remuneration " + ym + ": 8% of fees collected " + collected.to_string(),
             {{accounts::kRemuneration, fee_cut}, {accounts::kRemunerationPayable, -fee_cut}}));
    if (m + 1 < n_months) {
      payouts.push_back(
          {month.next().first_day().plus_days(4), ledger::Fund::operating,
           accounts::kRemunerationPayable, fee_cut, "Sunrise Property Services 阳光物业",
           "Remuneration for " + ym + " (8% of fees collected)", "2026 remuneration"});
    }
    // Public revenue.
    const Amount parking = yuan(18000 + roll(2000));
    add(make(day1.plus_days(5), "public_revenue", "Parking fees " + ym,
             {{accounts::kPublicRevenueBank, parking}, {accounts::kParkingRevenue, -parking}}));
    const Amount parking_cost = money::times(parking, money::Rate::parse("0.1"));
    payouts.push_back({day1.plus_days(6), ledger::Fund::public_revenue,
                       accounts::kPublicRevenueCosts, parking_cost, "Parking attendant services",
                       "Parking attendant " + ym, "2026 public revenue costs"});
    pr_net_quarter += parking - parking_cost;
    if (m % 3 == 1) {
      add(make(day1.plus_days(8), "public_revenue", "Lift advertising, quarter",
               {{accounts::kPublicRevenueBank, yuan(12000)},
                {accounts::kAdvertisingRevenue, -yuan(12000)}}));
      add(make(
          day1.plus_days(9), "public_revenue", "Telecom base station site fee, quarter",
          {{accounts::kPublicRevenueBank, yuan(4500)}, {accounts::kTelecomRevenue, -yuan(4500)}}));
      pr_net_quarter += yuan(16500);
    }
    if (m % 3 == 2) {
      // Half of the quarter's net public revenue moves to the repair fund, split by area; and
      // the repair fund's interest (0.35% a quarter) is allocated by sub-account balance.
      const Amount transfer = money::times(pr_net_quarter, money::Rate::parse("0.5"));
      std::vector<money::SplitShare> by_area;
      for (const DemoUnit& u : units)
        by_area.push_back({u.code, u.area.hundredths_m2()});
      for (const EntryInput& e : repair_share_entries(
               month_end, "transfer", "50% of net public revenue to the repair fund", units,
               money::split(transfer, by_area), [](Amount part) {
                 return std::vector<PostingInput>{{accounts::kTransfersToRepairFund, part},
                                                  {accounts::kPublicRevenueBank, -part},
                                                  {accounts::kRepairBank, part}};
               }))
        add(e);
      pr_net_quarter = Amount();

      Amount fund;
      std::vector<money::SplitShare> by_balance;
      for (const DemoUnit& u : units) {
        fund += u.repair;
        by_balance.push_back({u.code, u.repair.fen()});
      }
      const Amount interest = money::times(fund, money::Rate::parse("0.0035"));
      for (const EntryInput& e : repair_share_entries(
               month_end, "interest", "Repair fund interest for the quarter, by balance", units,
               money::split(interest, by_balance), [](Amount part) {
                 return std::vector<PostingInput>{{accounts::kRepairBank, part}};
               }))
        add(e);
    }
    w.commit();
    for (const Payout& p : payouts) {
      custodians.pay(books, p.date, p.fund, p.debit, p.amount, p.payee, p.purpose, p.budget_line);
      ++entries;
    }
    std::map<std::string, Amount> settled;  // each unit's share of projects settled this month
    entries += repairs.run(books, month, settled);
    for (DemoUnit& u : units) {
      if (const auto it = settled.find(u.code); it != settled.end())
        u.repair += it->second;
    }
    billed_total += billed;
    collected_total += collected;
    bar.update(m + 1, n_months);
  }

  // Every month but the open ones closed, its statement signed by both demo custodians and
  // published.
  int published = 0;
  {
    ProgressBar close_bar(ctx.err, "statements");
    Period m = first;
    for (std::int64_t i = 0; i < n_months - n_open; ++i, m = m.next()) {
      const statements::Statement s = statements::close_month(books, m, actor);
      statements::add_signature(books, s.period_key, custodians.sign_both(s.manifest),
                                ledger::Actor("demo:custodians"));
      ++published;
      close_bar.update(i + 1, n_months - n_open);
    }
  }
  // The views those months complete, built, signed and published the same way.
  std::vector<std::string> views;
  Period last_closed = last;  // the views are of closed months only
  for (std::int64_t i = 0; i < n_open; ++i)
    last_closed = last_closed.previous();
  for (Period m = first; m <= last_closed && n_open < n_months; m = m.next()) {
    for (const statements::StatementPeriod& p : statements::views_ending(m)) {
      if (p.months.front() < first)
        continue;
      const statements::Statement v = statements::build_view(books, p.key, actor);
      statements::add_signature(books, v.period_key, custodians.sign_both(v.manifest),
                                ledger::Actor("demo:custodians"));
      views.push_back(p.key);
    }
  }

  Amount arrears;
  for (const DemoUnit& u : units)
    arrears += u.owed;
  const auto rate_permille =
      billed_total.is_zero() ? 0 : (billed_total - arrears).fen() * 1000 / billed_total.fen();
  ctx.out << "demo estate " << estate_id << " (" << name << "): " << units.size() << " units, "
          << entries << " journal entries, " << first.to_string() << " to " << last.to_string()
          << "\n  billed " << billed_total.to_string() << " CNY, received "
          << collected_total.to_string() << " CNY, arrears " << arrears.to_string()
          << " CNY (collection " << rate_permille / 10 << "." << rate_permille % 10 << "%)\n"
          << "  Merkle root " << crypto::to_hex(books.root(books.entry_count())) << "\n"
          << "  " << custodians.orders()
          << " disbursement orders, each signed by both demo custodians"
          << "\n  demo custodian keys (demo only): " << (key_dir / "committee.key").string()
          << " (passphrase " << DemoEscrow::kCommitteePassphrase << "), "
          << (key_dir / "manager.key").string() << " (passphrase " << DemoEscrow::kManagerPassphrase
          << "); certificates in " << (key_dir / "custodians.pem").string() << "\n";
  ctx.out << "  " << published << " monthly statements closed, signed by both demo custodians and "
          << "published (trustfund statement list; statement export, then trustfund verify)\n";
  if (!views.empty()) {
    ctx.out << "  " << views.size() << " views of those months built and published the same way:";
    for (const std::string& v : views)
      ctx.out << " " << v;
    ctx.out << " (quarters: public revenue; halves: repair fund; years: per unit)\n";
  }
  if (!repairs.lift().empty()) {
    ctx.out << "  repair projects: " << repairs.lift() << " (lift, approved by its owners' vote)";
    if (!repairs.roof().empty())
      ctx.out << ", " << repairs.roof() << " (emergency roof leak)";
    ctx.out << ", each paid in stages with its retention held\n";
  }
  return 0;
}

}  // namespace trustfund::cli
