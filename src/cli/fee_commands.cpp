#include "fee_commands.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "trustfund/core/error.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/collection.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/payments_csv.h"
#include "trustfund/fees/public_revenue.h"
#include "trustfund/fees/remuneration_accrual.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/repairfund/revenue_transfer.h"

namespace trustfund::cli {
namespace {

std::string read_file(const std::string& path, std::istream& in) {
  std::ostringstream s;
  if (path == "-") {
    s << in.rdbuf();
    return s.str();
  }
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw Error::not_found("file-missing", "file", "cannot read " + path);
  s << f.rdbuf();
  return s.str();
}

void print_aged(std::ostream& out, const std::string& label, const fees::AgedAmounts& a) {
  out << label << "\t" << a.total().to_string();
  for (const auto bucket : {fees::AgingBucket::days_0_30, fees::AgingBucket::days_31_90,
                            fees::AgingBucket::days_91_180, fees::AgingBucket::over_180}) {
    out << "\t" << a[bucket].to_string();
  }
  out << "\n";
}

}  // namespace

int cmd_fees_schedule_add(const Context& ctx) {
  fees::ScheduleInput input;
  input.unit_kind = ctx.args.require("kind");
  input.effective_from = Period::parse(ctx.args.require("from"), "from");
  if (const auto rate = ctx.args.get("rate")) {
    input.basis = fees::FeeBasis::per_m2;
    input.rate_yuan_per_m2_month = money::Rate::parse(*rate, "rate");
  } else if (const auto fixed = ctx.args.get("fixed")) {
    input.basis = fees::FeeBasis::fixed;
    input.fixed_per_unit_month = money::Amount::parse(*fixed, "fixed");
  } else {
    throw Error::invalid("usage", "rate", "give --rate YUAN_PER_M2 or --fixed YUAN");
  }
  ledger::Books books = ctx.open_books();
  const fees::Schedule s = fees::add_schedule(books, input, ctx.actor());
  ctx.out << "added schedule " << s.id << ": " << s.unit_kind << " from "
          << s.effective_from.to_string() << ", "
          << (s.basis == fees::FeeBasis::per_m2 ? s.rate_yuan_per_m2_month.to_string() + " yuan/m²"
                                                : s.fixed_per_unit_month.to_string() + " yuan")
          << " a month\n";
  return 0;
}

int cmd_fees_schedule_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  for (const auto& s : fees::list_schedules(books)) {
    ctx.out << s.id << "\t" << s.unit_kind << "\t" << s.effective_from.to_string() << "\t"
            << fees::to_string(s.basis) << "\t"
            << (s.basis == fees::FeeBasis::per_m2 ? s.rate_yuan_per_m2_month.to_string()
                                                  : s.fixed_per_unit_month.to_string())
            << "\n";
  }
  return 0;
}

int cmd_fees_start(const Context& ctx) {
  const std::string unit = ctx.args.require("unit");
  const Date start = Date::parse(ctx.args.require("date"), "date");
  ledger::Books books = ctx.open_books();
  fees::set_fee_start(books, unit, start, ctx.actor());
  ctx.out << "fees of " << unit << " start on " << start.to_string() << "\n";
  return 0;
}

int cmd_fees_bill(const Context& ctx) {
  const Period month = Period::parse(ctx.args.require("month"), "month");
  ledger::Books books = ctx.open_books();
  const fees::BillingResult r = fees::bill_month(books, month, ctx.actor());
  if (r.bills_created == 0 && r.already_billed > 0) {
    ctx.out << month.to_string() << " was billed before (" << r.already_billed
            << " bills): nothing new billed\n";
  } else {
    ctx.out << "billed " << month.to_string() << ": " << r.bills_created << " bills, "
            << r.total.to_string() << " CNY";
    if (r.already_billed)
      ctx.out << " (" << r.already_billed << " billed before)";
    ctx.out << "; prepayments applied " << r.prepayment_applied.to_string() << " CNY for "
            << r.prepayment_units << " units\n";
  }
  for (const auto& s : r.skipped)
    ctx.out << "skipped " << s.unit_code << ": " << s.reason << "\n";
  return 0;
}

int cmd_fees_import_payments(const Context& ctx) {
  const std::string file = ctx.args.require("file");
  const fees::PaymentsCsv csv =
      fees::parse_payments_csv(read_file(file, ctx.in), ctx.args.get_or("channel", ""));
  std::vector<ledger::CsvRowError> errors = csv.errors;
  if (errors.empty()) {
    ledger::Books books = ctx.open_books();
    const fees::PaymentImportResult r = fees::record_payments(books, csv.payments, ctx.actor());
    if (r.ok()) {
      std::size_t replayed = 0;
      for (const auto& p : r.payments)
        replayed += p.replayed ? 1 : 0;
      ctx.out << "imported " << r.payments.size() - replayed << " payments";
      if (replayed)
        ctx.out << ", " << replayed << " recorded before (same channel and reference)";
      ctx.out << "; " << r.entries.size() << " journal entries\n";
      return 0;
    }
    for (const auto& e : r.errors)
      errors.push_back({csv.lines.at(e.row), e.field, e.type, e.message});
  }
  for (const auto& e : errors) {
    ctx.err << file << ":" << e.line << ": " << (e.field.empty() ? "" : e.field + ": ") << e.detail
            << " [" << e.type << "]\n";
  }
  throw Error::invalid("csv-rows", "file",
                       std::to_string(errors.size()) +
                           " row(s) are not valid; nothing was imported (see the lines above)");
}

int cmd_fees_arrears(const Context& ctx) {
  const Date as_of =
      ctx.args.has("as-of") ? Date::parse(*ctx.args.get("as-of"), "as-of") : Date::today_utc();
  ledger::Books books = ctx.open_books();
  const fees::ArrearsReport r = fees::arrears(books, as_of);
  ctx.out << "unit\ttotal\t0-30\t31-90\t91-180\tover-180   (as of " << as_of.to_string() << ")\n";
  for (const auto& u : r.units)
    print_aged(ctx.out, u.unit_code, u.arrears);
  print_aged(ctx.out, "TOTAL", r.total);
  return 0;
}

// "0:0.05,80:0.08,90:0.12": from 0% collected 5%, from 80% 8%, from 90% 12%.
std::vector<fees::RemunerationTier> parse_tiers(const std::string& text) {
  std::vector<fees::RemunerationTier> tiers;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) {
      throw Error::invalid("usage", "tiers",
                           "--tiers is FROM_PERCENT:RATE,...; e.g. 0:0.05,80:0.08,90:0.12");
    }
    const money::Rate from = money::Rate::parse(item.substr(0, colon), "tiers");
    // Percent with up to two decimals to basis points: 80 -> 8000, 92.5 -> 9250.
    if (from.millionths() % 10'000 != 0) {
      throw Error::invalid("usage", "tiers", "a tier's lower bound has at most two decimals");
    }
    tiers.push_back(
        {from.millionths() / 10'000, money::Rate::parse(item.substr(colon + 1), "tiers")});
    start = comma + 1;
  }
  return tiers;
}

int cmd_fees_remuneration_terms(const Context& ctx) {
  fees::RemunerationTerms terms;
  const std::string basis = ctx.args.require("basis");
  bool known = false;
  for (const auto b :
       {fees::RemunerationBasis::fixed, fees::RemunerationBasis::percent_of_collected,
        fees::RemunerationBasis::percent_of_billed, fees::RemunerationBasis::percent_of_costs,
        fees::RemunerationBasis::tiered_by_collection_rate}) {
    if (basis == fees::to_string(b)) {
      terms.basis = b;
      known = true;
    }
  }
  if (!known) {
    throw Error::invalid("usage", "basis",
                         "--basis is fixed, percent_of_collected, percent_of_billed, "
                         "percent_of_costs or tiered_by_collection_rate");
  }
  terms.effective_from = Period::parse(ctx.args.require("from"), "from").first_day();
  if (const auto fixed = ctx.args.get("fixed"))
    terms.fixed_per_month = money::Amount::parse(*fixed, "fixed");
  if (const auto rate = ctx.args.get("rate"))
    terms.rate = money::Rate::parse(*rate, "rate");
  if (const auto tiers = ctx.args.get("tiers"))
    terms.tiers = parse_tiers(*tiers);
  ledger::Books books = ctx.open_books();
  fees::set_remuneration_terms(books, terms, ctx.actor());
  ctx.out << "remuneration terms (" << basis << ") in force from "
          << Period::of(terms.effective_from).to_string() << "\n";
  return 0;
}

int cmd_fees_remuneration_accrue(const Context& ctx) {
  const Period month = Period::parse(ctx.args.require("month"), "month");
  const money::Amount deductions =
      money::Amount::parse(ctx.args.get_or("deductions", "0.00"), "deductions");
  ledger::Books books = ctx.open_books();
  const fees::RemunerationAccrual a = fees::accrue_remuneration(
      books, month, deductions, ctx.args.get_or("reason", ""), ctx.actor());
  ctx.out << "remuneration " << month.to_string() << ": " << a.computation.explanation << "\n";
  return 0;
}

int cmd_fees_remuneration_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  for (const auto& a : fees::remuneration_accruals(books)) {
    ctx.out << a.period.to_string() << "\t" << a.computation.amount.to_string() << "\t"
            << a.computation.explanation << "\n";
  }
  return 0;
}

int cmd_fees_collection(const Context& ctx) {
  const Period month = Period::parse(ctx.args.require("month"), "month");
  ledger::Books books = ctx.open_books();
  const fees::CollectionRate r = fees::collection_rate(books, month);
  const auto line = [&](const char* label, const fees::CollectionFigures& f) {
    ctx.out << label << " (" << f.from.to_string() << ".." << f.to.to_string()
            << "): " << f.rate_by_amount << " by amount (" << f.settled.to_string() << " of "
            << f.billed.to_string() << " CNY), " << f.rate_by_count << " by count ("
            << f.bills_settled << " of " << f.bills << " bills)\n";
  };
  ctx.out << "collection rate, settlements counted to " << r.counted_to.to_string() << "\n";
  line("month", r.month_figures);
  line("year to date", r.year_to_date);
  return 0;
}

int cmd_fees_revenue_record(const Context& ctx) {
  fees::RevenueReceipt r;
  r.revenue_class = fees::parse_revenue_class(ctx.args.require("class"));
  r.amount = money::Amount::parse(ctx.args.require("amount"), "amount");
  r.received_on = Date::parse(ctx.args.require("date"), "date");
  r.memo = ctx.args.require("memo");
  ledger::Books books = ctx.open_books();
  const std::int64_t seq = fees::record_public_revenue(books, r, ctx.actor());
  ctx.out << "recorded " << r.amount.to_string() << " of " << fees::to_string(r.revenue_class)
          << " revenue as entry " << seq << "\n";
  return 0;
}

int cmd_fees_revenue_cost(const Context& ctx) {
  fees::RevenueCost c;
  c.amount = money::Amount::parse(ctx.args.require("amount"), "amount");
  c.paid_on = Date::parse(ctx.args.require("date"), "date");
  c.payee = ctx.args.require("payee");
  c.voucher_no = ctx.args.require("voucher-no");
  c.voucher_sha256 = ctx.args.require("voucher-sha256");
  c.memo = ctx.args.get_or("memo", "");
  ledger::Books books = ctx.open_books();
  const std::int64_t seq = fees::record_public_revenue_cost(books, c, ctx.actor());
  ctx.out << "recorded the cost " << c.amount.to_string() << " (voucher " << c.voucher_no
          << ") as entry " << seq << "\n";
  return 0;
}

int cmd_fees_revenue_summary(const Context& ctx) {
  const Period from = Period::parse(ctx.args.require("from"), "from");
  const Period to = Period::parse(ctx.args.get_or("to", from.to_string()), "to");
  ledger::Books books = ctx.open_books();
  const fees::PublicRevenueSummary r = fees::public_revenue_summary(books, from, to);
  ctx.out << "public revenue " << from.to_string() << ".." << to.to_string() << "\n";
  for (std::size_t i = 0; i < fees::kRevenueClasses.size(); ++i)
    ctx.out << "  " << fees::to_string(fees::kRevenueClasses[i]) << "\t"
            << r.gross_by_class[i].to_string() << "\n";
  ctx.out << "  gross " << r.gross.to_string() << ", costs " << r.costs.to_string() << ", net "
          << r.net.to_string() << ", moved to the repair fund " << r.transferred.to_string()
          << "\n";
  return 0;
}

int cmd_fees_revenue_transfer(const Context& ctx) {
  const Period from = Period::parse(ctx.args.require("from"), "from");
  const Period to = Period::parse(ctx.args.require("to"), "to");
  const money::Rate share = money::Rate::parse(ctx.args.require("share"), "share");
  ledger::Books books = ctx.open_books();
  const repairfund::RepairFundTransfer t =
      repairfund::transfer_to_repair_fund(books, from, to, share, ctx.actor());
  ctx.out << "moved " << t.amount.to_string() << " (" << share.to_string() << " of the net "
          << t.net.to_string() << ") to the repair fund, split over " << t.by_unit.size()
          << " units by area\n";
  return 0;
}

}  // namespace trustfund::cli
