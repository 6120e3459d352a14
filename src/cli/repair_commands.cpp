// The repair fund commands; see repair_commands.h. Every write is one transaction with its
// action-log row (the repairfund functions take the record and commit both together).
#include "repair_commands.h"

#include <algorithm>
#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "trustfund/core/csv.h"
#include "trustfund/core/error.h"
#include "trustfund/ledger/units_csv.h"
#include "trustfund/money/rounding.h"
#include "trustfund/repairfund/project.h"
#include "trustfund/repairfund/settings.h"
#include "trustfund/repairfund/subaccounts.h"
#include "trustfund/repairfund/vote_rules.h"
#include "trustfund/repairfund/votes.h"

namespace trustfund::cli {
namespace {

using repairfund::Project;
using repairfund::Vote;

Date date_arg(const Context& ctx, const std::string& option) {
  return Date::parse(ctx.args.require(option), option);
}

Date date_or_today(const Context& ctx, const std::string& option) {
  const auto text = ctx.args.get(option);
  return text ? Date::parse(*text, option) : Date::today_utc();
}

money::Amount amount_arg(const Context& ctx, const std::string& option) {
  return money::Amount::parse(ctx.args.require(option), option);
}

// A whole number option from `min` to `max` (at most four digits).
int count_arg(const Context& ctx, const std::string& option, int fallback, int min, int max) {
  const auto text = ctx.args.get(option);
  if (!text)
    return fallback;
  if (text->empty() || text->size() > 4 ||
      text->find_first_not_of("0123456789") != std::string::npos || std::stoi(*text) < min ||
      std::stoi(*text) > max) {
    throw Error::invalid("usage", option,
                         "--" + option + " is a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max));
  }
  return std::stoi(*text);
}

std::string fraction(const repairfund::Threshold& t) {
  return std::string(t.inclusive ? "at least " : "more than ") + std::to_string(t.num) + "/" +
         std::to_string(t.den);
}

// value/base as a percentage, cut (never rounded up) to two decimals: a share shown as 66.66%
// may still reach 2/3 exactly, but one that fails is never shown above its threshold.
std::string percent(std::int64_t value, std::int64_t base) {
  if (base <= 0)
    return "-";
  using Wide = boost::multiprecision::checked_int128_t;
  const auto hundredths = static_cast<long long>(Wide(value) * 10'000 / base);
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld%%", hundredths / 100, hundredths % 100);
  return text;
}

std::string owners(std::int64_t heads) {
  return std::to_string(heads) + (heads == 1 ? " owner" : " owners");
}

std::string m2(std::int64_t hundredths) {
  return money::Area::from_hundredths_m2(hundredths).to_string();
}

std::string scope_text(const repairfund::Scope& s) {
  std::string out = repairfund::to_string(s.kind);
  for (std::size_t i = 0; i < s.items.size(); ++i)
    out += (i ? "," : " ") + s.items[i];
  return out;
}

const repairfund::RuleSet* rule_set_by_id(const std::string& id) {
  for (const repairfund::RuleSet& r : repairfund::builtin_rule_sets()) {
    if (r.id == id)
      return &r;
  }
  return nullptr;
}

void print_tally(std::ostream& out, const repairfund::VoteTally& t, bool final) {
  const repairfund::RuleSet* rules = rule_set_by_id(t.rule_set_id);
  out << "  judged by " << t.rule_set_id;
  if (rules)
    out << ": " << rules->citation << " (votes opened from " << rules->effective_from.to_string()
        << ")";
  out << "\n  in scope: " << owners(t.total_heads) << ", " << m2(t.total_area)
      << " m²; taking part: " << owners(t.participating_heads) << ", " << m2(t.participating_area)
      << " m²\n  yes " << owners(t.yes_heads) << ", " << m2(t.yes_area) << " m²; no " << t.no_heads
      << ", " << m2(t.no_area) << " m²; abstain " << t.abstain_heads << ", " << m2(t.abstain_area)
      << " m²; no ballot " << t.total_heads - t.participating_heads << ", "
      << m2(t.total_area - t.participating_area) << " m²\n";
  const bool of_participants = rules == nullptr || rules->approval_of_participants;
  std::string failed;
  for (const repairfund::ThresholdResult& r : t.thresholds) {
    const bool area = r.name.find("area") != std::string::npos;
    const bool participation = r.name.rfind("participation", 0) == 0;
    const std::string base = participation || !of_participants ? "in scope" : "taking part";
    out << "  " << std::left << std::setw(25) << r.name << std::right
        << (area ? m2(r.numerator) : std::to_string(r.numerator)) << " of "
        << (area ? m2(r.denominator) + " m²" : owners(r.denominator)) << " " << base << " ("
        << percent(r.numerator, r.denominator) << "); needs " << fraction(r.required) << ": "
        << (r.passed ? "passed" : "FAILED") << "\n";
    if (!r.passed)
      failed += (failed.empty() ? "" : ", ") + r.name;
  }
  out << "  result" << (final ? "" : " so far (the vote is open)") << ": "
      << (t.approved ? "APPROVED, every threshold passed" : "NOT APPROVED, failed " + failed)
      << "\n";
}

void print_vote(std::ostream& out, const Vote& v) {
  out << v.vote_ref << ": " << v.input.question << "\n  matter " << to_string(v.input.matter)
      << "; scope " << scope_text(v.input.scope) << "; ballots from "
      << v.input.opened_on.to_string() << " to " << v.input.closes_on.to_string()
      << (v.input.allow_change ? " (a ballot may be changed until the close)"
                               : " (no change of ballot)")
      << "; " << (v.closed ? "closed" : "open") << "\n  " << v.voters.size() << " voters, "
      << v.ballots.size() << " ballots\n";
  print_tally(out, v.tally, v.closed);
}

void print_project(std::ostream& out, const Project& p) {
  const repairfund::ProjectInput& in = p.input;
  out << p.project_ref << ": " << in.title << " (" << in.category
      << "): " << repairfund::to_string(p.state) << "\n  reason: " << in.reason << "\n  scope "
      << scope_text(in.scope) << "; budget " << in.budget.to_string() << ", approved "
      << p.approved.to_string();
  if (p.vote_ref)
    out << " (vote " << *p.vote_ref << ")";
  out << "\n";
  if (p.emergency()) {
    out << "  EMERGENCY USE: " << in.emergency_category << "; certificate "
        << in.emergency_certificate_sha256 << ", notice to owners " << in.emergency_notice_sha256
        << "\n";
  }
  for (std::size_t i = 0; i < in.quotes.size(); ++i) {
    out << "  " << (i == in.chosen_quote ? "* " : "  ") << "quote " << in.quotes[i].contractor
        << " " << in.quotes[i].amount.to_string();
    if (i == in.chosen_quote)
      out << " (chosen: " << in.chosen_reason << ")";
    out << "\n";
  }
  if (p.contract) {
    const repairfund::Contract& c = *p.contract;
    out << "  contract: " << c.contractor << ", " << c.price.to_string() << ", signed "
        << c.signed_on.to_string() << ", warranty " << c.warranty_months << " months; pay to "
        << c.payee.name << ", " << c.payee.bank_name << " " << c.payee.account_no << "\n";
  }
  if (p.accepted_on) {
    out << "  accepted " << p.accepted_on->to_string() << ", final cost "
        << p.final_cost->to_string() << ", warranty to " << p.warranty_end->to_string() << "\n";
  }
  for (const repairfund::StagePayment& s : p.payments) {
    out << "  payment " << std::left << std::setw(10) << repairfund::to_string(s.stage)
        << std::right << std::setw(14) << s.amount.to_string() << "  " << s.order_id << " "
        << escrow::to_string(s.state) << "\n";
  }
  out << "  paid " << p.paid.to_string() << ", committed " << p.committed.to_string()
      << ", retention " << p.retention.to_string() << " (released "
      << p.retention_released.to_string() << ", held "
      << (p.retention - p.retention_released).to_string() << ")\n";
  if (p.settlement_seq)
    out << "  settled by entry " << *p.settlement_seq << "\n";
  for (const repairfund::ProjectEvent& e : p.events)
    out << "  " << e.at << " " << e.actor << " " << e.event << ": " << e.detail << "\n";
}

// After a write: the project as JSON, or its new state and what just happened.
int report(const Context& ctx, const Project& p) {
  if (ctx.json()) {
    ctx.out << repairfund::project_to_json(p) << "\n";
    return 0;
  }
  ctx.out << p.project_ref << " is " << repairfund::to_string(p.state);
  if (!p.events.empty())
    ctx.out << ": " << p.events.back().detail;
  ctx.out << "\n";
  return 0;
}

// --- deposits CSV -------------------------------------------------------------------------

enum DepositColumn : std::size_t { kUnit, kKind, kAmount, kDate, kDepositColumns };
constexpr std::array<csv::Column, kDepositColumns> kDepositCsvColumns = {
    {{"unit"}, {"kind"}, {"amount"}, {"date"}}};
constexpr std::size_t kMaxDepositRows = 100'000;  // record_deposits takes at most this many
constexpr csv::Format kDepositFormat{kDepositCsvColumns, kMaxDepositRows, "deposits"};

struct DepositsCsv {
  std::vector<repairfund::DepositInput> deposits;
  std::vector<std::int64_t> lines;  // lines[i]: the line of deposits[i]
  std::vector<csv::RowError> errors;
};

DepositsCsv parse_deposits_csv(std::string_view text) {
  DepositsCsv out;
  csv::Errors errors(ledger::kMaxCsvErrors);
  csv::Reader reader(text, kDepositFormat, errors);
  const csv::Header* header = reader.header();
  if (header && header->ok()) {
    while (const std::optional<csv::Record> record = reader.next()) {
      const auto cell = [&](DepositColumn c) -> const std::string& {
        return record->fields[*header->index(c)];
      };
      const auto name = [](DepositColumn c) { return kDepositCsvColumns[c].name; };
      bool ok = true;
      const auto attempt = [&](DepositColumn c, const auto& read) {
        try {
          read();
        } catch (const Error& e) {
          errors.add(record->line, name(c), e.type(), e.what());
          ok = false;
        }
      };
      repairfund::DepositInput d;
      attempt(kUnit, [&] {
        d.unit_code = cell(kUnit);
        if (!ledger::valid_unit_code(d.unit_code))
          throw Error::invalid("deposit-unit", "unit",
                               "unit code " + csv::excerpt(d.unit_code) +
                                   " must be letters, digits and single '-', e.g. 3-2-1502");
      });
      attempt(kKind, [&] { d.kind = repairfund::parse_deposit_kind(cell(kKind)); });
      attempt(kAmount, [&] {
        d.amount = money::Amount::parse(cell(kAmount), "amount");
        if (!d.amount.is_positive())
          throw Error::invalid("deposit-amount", "amount",
                               "a deposit is more than 0 yuan, not " + d.amount.to_string());
      });
      attempt(kDate, [&] { d.received_on = Date::parse(cell(kDate), "date"); });
      if (ok) {
        out.deposits.push_back(std::move(d));
        out.lines.push_back(record->line);
      }
    }
  }
  out.errors = std::move(errors).take();
  return out;
}

// record_deposits names a bad row "deposits[i].field": that row's line and the CSV column.
std::optional<csv::RowError> row_error(const Error& e, const std::vector<std::int64_t>& lines) {
  const std::string& f = e.field();
  const std::size_t close = f.find("].");
  if (f.rfind("deposits[", 0) != 0 || close == std::string::npos)
    return std::nullopt;
  const std::size_t i = std::stoul(f.substr(9, close - 9));
  if (i >= lines.size())
    return std::nullopt;
  std::string column = f.substr(close + 2);
  if (column == "received_on")
    column = "date";
  else if (column == "unit_code")
    column = "unit";
  return csv::RowError{lines[i], column, e.type(), e.what()};
}

}  // namespace

// --- settings -------------------------------------------------------------------------------

int cmd_repair_settings_show(const Context& ctx) {
  const Date day = date_or_today(ctx, "on");
  ledger::Books books = ctx.open_books();
  const repairfund::RepairSettings s = repairfund::settings_on(books, day);
  ctx.out << "repair fund settings in force on " << day.to_string()
          << (s.set_by.empty()
                  ? " (defaults)"
                  : " (from " + s.effective_from.to_string() + ", set by " + s.set_by + ")")
          << "\n  jurisdiction " << s.jurisdiction;
  try {
    const repairfund::RuleSet& r = repairfund::rule_set_for(s.jurisdiction, day);
    ctx.out << ": a vote opened that day is judged by " << r.id << " (" << r.citation << ")";
  } catch (const Error&) {
    ctx.out << ": no rules for owners' votes were in force that day";
  }
  ctx.out << "\n  the developer's unsold units (owner " << s.developer_ref
          << ") count as one voter\n  top-up notice when a unit's balance is below "
          << s.top_up_share.to_string() << " of its first deposit\n  at least " << s.min_quotes
          << " contractor quotes per project (1 for an emergency)\n  advance at most "
          << s.advance_cap.to_string() << " of the contract price\n  retention "
          << s.retention.to_string() << " of the final cost, held until the warranty ends (default "
          << s.warranty_months << " months)\n  a final cost above the approved budget by more than "
          << s.overrun_share.to_string() << " of it and more than " << s.overrun_min.to_string()
          << " needs a new approval\n";
  return 0;
}

int cmd_repair_settings_set(const Context& ctx) {
  const Date from = date_or_today(ctx, "from");
  const auto rate = [&](const char* option, money::Rate fallback) {
    return money::Rate::parse(ctx.args.get_or(option, fallback.to_string()), option);
  };
  ledger::Books books = ctx.open_books();
  // Unnamed settings keep their value in force on that day.
  repairfund::RepairSettings s = repairfund::settings_on(books, from);
  s.effective_from = from;
  s.jurisdiction = ctx.args.get_or("jurisdiction", s.jurisdiction);
  s.developer_ref = ctx.args.get_or("developer-ref", s.developer_ref);
  s.top_up_share = rate("top-up-share", s.top_up_share);
  s.min_quotes = count_arg(ctx, "min-quotes", s.min_quotes, 1, 10);
  s.advance_cap = rate("advance-cap", s.advance_cap);
  s.retention = rate("retention", s.retention);
  s.overrun_share = rate("overrun-share", s.overrun_share);
  s.overrun_min = money::Amount::parse(ctx.args.get_or("overrun-min", s.overrun_min.to_string()),
                                       "overrun-min");
  s.warranty_months = count_arg(ctx, "warranty-months", s.warranty_months, 0, 120);
  repairfund::set_settings(books, s, ctx.actor());
  ctx.out << "repair fund settings set from " << from.to_string() << "\n";
  return 0;
}

// --- sub-accounts ---------------------------------------------------------------------------

int cmd_repair_deposit(const Context& ctx) {
  const std::string file = ctx.args.require("file");
  const DepositsCsv csv = parse_deposits_csv(read_input_file(file, ctx.in));
  std::vector<csv::RowError> errors = csv.errors;
  if (errors.empty() && csv.deposits.empty())
    errors.push_back({1, "", "csv-empty", "the file lists no deposits"});
  if (errors.empty()) {
    ledger::Books books = ctx.open_books();
    try {
      const auto seqs = repairfund::record_deposits(books, csv.deposits, ctx.actor());
      money::Amount total;
      std::size_t first = 0;
      for (const repairfund::DepositInput& d : csv.deposits) {
        total += d.amount;
        first += d.kind == repairfund::DepositKind::first ? 1 : 0;
      }
      ctx.out << "recorded " << csv.deposits.size() << " deposits (" << first << " first, "
              << csv.deposits.size() - first << " top-ups), " << total.to_string() << " CNY; "
              << seqs.size() << " journal entries\n";
      return 0;
    } catch (const Error& e) {
      const auto row = row_error(e, csv.lines);
      if (!row)
        throw;
      errors.push_back(*row);
    }
  }
  for (const csv::RowError& e : errors) {
    ctx.err << file << ":" << e.line << ": " << (e.field.empty() ? "" : e.field + ": ") << e.detail
            << " [" << e.type << "]\n";
  }
  throw Error::invalid("csv-rows", "file",
                       std::to_string(errors.size()) +
                           " row(s) are not valid; nothing was recorded (see the lines above)");
}

int cmd_repair_interest(const Context& ctx) {
  const money::Amount amount = amount_arg(ctx, "amount");
  const Date date = date_arg(ctx, "date");
  const repairfund::InterestBasis basis =
      repairfund::parse_interest_basis(ctx.args.get_or("basis", "balance"), "basis");
  ledger::Books books = ctx.open_books();
  const repairfund::InterestAllocation a =
      repairfund::allocate_interest(books, amount, date, basis, ctx.actor());
  ctx.out << "allocated " << a.amount.to_string() << " CNY of interest by "
          << repairfund::to_string(a.basis) << " over " << a.by_unit.size() << " units (entry "
          << a.entry_seq << ")\n";
  for (const auto& [unit, share] : a.by_unit)
    ctx.out << unit << "\t" << share.to_string() << "\n";
  return 0;
}

int cmd_repair_accounts(const Context& ctx) {
  const Date as_of = date_or_today(ctx, "as-of");
  const bool below_only = ctx.args.has("below-top-up");
  ledger::Books books = ctx.open_books();
  const repairfund::RepairSettings s = repairfund::settings_on(books, as_of);
  const auto subs = repairfund::sub_accounts(books, as_of);
  ctx.out << "unit\tarea_m2\tfirst_deposit\ttop_ups\tcharged\tbalance\ttop_up_below\tnotice"
          << "   (as of " << as_of.to_string() << "; top-up below " << s.top_up_share.to_string()
          << " of the first deposit)\n";
  money::Amount first, top_ups, charged, balance;
  std::size_t shown = 0;
  for (const repairfund::SubAccount& a : subs) {
    if (below_only && !a.needs_top_up)
      continue;
    ctx.out << a.unit_code << "\t" << a.area.to_string() << "\t" << a.first_deposit.to_string()
            << "\t" << a.top_ups.to_string() << "\t" << a.charged.to_string() << "\t"
            << a.balance.to_string() << "\t"
            << money::times(a.first_deposit, s.top_up_share).to_string() << "\t"
            << (a.needs_top_up ? "top-up" : "") << "\n";
    first += a.first_deposit;
    top_ups += a.top_ups;
    charged += a.charged;
    balance += a.balance;
    ++shown;
  }
  ctx.out << "TOTAL\t" << shown << " units\t" << first.to_string() << "\t" << top_ups.to_string()
          << "\t" << charged.to_string() << "\t" << balance.to_string() << "\n";
  return 0;
}

int cmd_repair_reconcile(const Context& ctx) {
  const Date as_of = date_or_today(ctx, "as-of");
  ledger::Books books = ctx.open_books();
  const repairfund::RepairFundReconciliation r = repairfund::reconcile(books, as_of);
  const money::Amount expected_bank =
      r.sub_accounts + r.payables + r.retention - r.works_in_progress;
  const auto line = [&](const char* label, money::Amount a) {
    ctx.out << "  " << std::left << std::setw(44) << label << std::right << std::setw(16)
            << a.to_string() << "\n";
  };
  ctx.out << "repair fund reconciliation as of " << as_of.to_string() << " (CNY)\n";
  line("bank (RF.1002)", r.bank);
  line("unit sub-accounts (sum of RF.3001@unit)", r.sub_accounts);
  line("control account (RF.3001)", r.control);
  line("payables (RF.2202)", r.payables);
  line("retention held (RF.2241)", r.retention);
  line("works in progress, not yet charged (RF.1701)", r.works_in_progress);
  ctx.out << "  control = sum of sub-accounts: " << (r.control == r.sub_accounts ? "yes" : "NO")
          << "\n  bank = sub-accounts + payables + retention - works in progress ("
          << expected_bank.to_string() << "): " << (r.bank == expected_bank ? "yes" : "NO") << "\n"
          << (r.balanced ? "BALANCED\n" : "NOT BALANCED\n");
  return r.balanced ? 0 : 1;
}

// --- votes ----------------------------------------------------------------------------------

int cmd_vote_open(const Context& ctx) {
  repairfund::VoteInput in;
  in.question = ctx.args.require("question");
  in.matter = repairfund::parse_matter(ctx.args.require("matter"), "matter");
  std::vector<std::string> items;
  const std::string list = ctx.args.get_or("items", "");
  for (std::size_t start = 0; start < list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    items.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  in.scope = repairfund::parse_scope(ctx.args.require("scope"), std::move(items));
  in.opened_on = date_arg(ctx, "opens");
  in.closes_on = date_arg(ctx, "closes");
  in.allow_change = !ctx.args.has("no-change");
  ledger::Books books = ctx.open_books();
  const Vote v = repairfund::open_vote(books, in, ctx.actor());
  ctx.out << "opened vote " << v.vote_ref << " (" << repairfund::to_string(v.input.matter) << ", "
          << v.voters.size() << " voters in scope " << scope_text(v.input.scope) << ", judged by "
          << v.rule_set_id << ")\n";
  return 0;
}

int cmd_vote_ballot(const Context& ctx) {
  const std::string ref = ctx.args.require("vote");
  const std::string owner = ctx.args.require("owner");
  const repairfund::Choice choice = repairfund::parse_choice(ctx.args.require("choice"), "choice");
  const Date date = date_arg(ctx, "date");
  ledger::Books books = ctx.open_books();
  const Vote v = repairfund::cast_ballot(books, ref, owner, choice, date, ctx.actor());
  ctx.out << "recorded the ballot of " << owner << " on " << v.vote_ref << " (" << v.ballots.size()
          << " of " << v.voters.size() << " voters have voted)\n";
  return 0;
}

int cmd_vote_close(const Context& ctx) {
  const std::string ref = ctx.args.require("vote");
  ledger::Books books = ctx.open_books();
  const Vote v = repairfund::close_vote(books, ref, ctx.actor());
  if (ctx.json())
    ctx.out << repairfund::vote_to_json(v) << "\n";
  else
    print_vote(ctx.out, v);
  return 0;
}

int cmd_vote_show(const Context& ctx) {
  const std::string ref = ctx.args.require("vote");
  ledger::Books books = ctx.open_books();
  const Vote v = repairfund::vote(books, ref);
  if (ctx.json())
    ctx.out << repairfund::vote_to_json(v) << "\n";
  else
    print_vote(ctx.out, v);
  return 0;
}

// --- projects -------------------------------------------------------------------------------

int cmd_repair_propose(const Context& ctx) {
  const repairfund::ProjectInput in =
      repairfund::parse_project_json(read_input_file(ctx.args.require("file"), ctx.in));
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::propose_project(books, in, ctx.actor());
  if (ctx.json())
    return report(ctx, p);
  ctx.out << "proposed " << p.project_ref << ": " << p.input.title << ", budget "
          << p.input.budget.to_string() << ", scope " << scope_text(p.input.scope) << "\n"
          << (p.emergency() ? "next: trustfund repair emergency --project " + p.project_ref +
                                  " --date YYYY-MM-DD\n"
                            : "next: trustfund repair vote --project " + p.project_ref +
                                  " --question TEXT --opens DATE --closes DATE\n");
  return 0;
}

int cmd_repair_vote(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const std::string question = ctx.args.require("question");
  const Date opens = date_arg(ctx, "opens");
  const Date closes = date_arg(ctx, "closes");
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::put_to_vote(books, ref, question, opens, closes, ctx.actor());
  if (ctx.json())
    return report(ctx, p);
  ctx.out << p.project_ref << " is put to the owners in scope: vote " << *p.vote_ref
          << "\nnext: trustfund vote ballot --vote " << *p.vote_ref
          << " --owner REF --choice yes|no|abstain --date DATE, then repair decide\n";
  return 0;
}

int cmd_repair_decide(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::decide(books, ref, ctx.actor());
  if (ctx.json())
    return report(ctx, p);
  report(ctx, p);
  print_vote(ctx.out, repairfund::vote(books, *p.vote_ref));
  return 0;
}

int cmd_repair_emergency(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const Date date = date_arg(ctx, "date");
  ledger::Books books = ctx.open_books();
  return report(ctx, repairfund::declare_emergency(books, ref, date, ctx.actor()));
}

int cmd_repair_contract(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const std::string json = read_input_file(ctx.args.require("file"), ctx.in);
  ledger::Books books = ctx.open_books();
  // Without warranty_months the warranty is the settings' in force on the day it was signed.
  const Date signed_on = repairfund::parse_contract_input(json, 0).signed_on;
  const repairfund::Contract c = repairfund::parse_contract_input(
      json, repairfund::settings_on(books, signed_on).warranty_months);
  return report(ctx, repairfund::sign_contract(books, ref, c, ctx.actor()));
}

int cmd_repair_start(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const Date date = date_arg(ctx, "date");
  ledger::Books books = ctx.open_books();
  return report(ctx, repairfund::start_works(books, ref, date, ctx.actor()));
}

int cmd_repair_pay(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const repairfund::PaymentStage stage =
      repairfund::parse_payment_stage(ctx.args.require("stage"), "stage");
  const money::Amount amount = amount_arg(ctx, "amount");
  const Date expires =
      ctx.args.has("expires") ? date_arg(ctx, "expires") : Date::today_utc().plus_days(30);
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::request_payment(books, ref, stage, amount, expires, ctx.actor());
  if (ctx.json())
    return report(ctx, p);
  const repairfund::StagePayment& s = p.payments.back();
  const std::string& id = s.order_id;
  const std::string estate = ctx.args.get_or("estate", "E");
  ctx.out << p.project_ref << ": " << repairfund::to_string(s.stage) << " payment of "
          << s.amount.to_string() << " prepared as order " << id << " ("
          << escrow::to_string(s.state) << ", expires after " << expires.to_string() << ")\n"
          << "order " << id << "\nnext, the two custodians sign it:\n"
          << "  trustfund order document --estate " << estate << " --order " << id << " --out "
          << id << ".json\n"
          << "  committee: trustfund custodian sign --in " << id << ".json --key K.key --cert "
          << "K.pem --out " << id << ".p7s\n"
          << "  manager:   trustfund custodian cosign --in " << id << ".json --signature " << id
          << ".p7s --key K.key --cert K.pem --out " << id << ".2.p7s\n"
          << "  trustfund order attach --estate " << estate << " --order " << id << " --signature "
          << id << ".2.p7s\n"
          << "  trustfund order execute --estate " << estate << " --order " << id
          << " --out-dir bank/\n";
  return 0;
}

int cmd_repair_accept(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const Date date = date_arg(ctx, "date");
  const money::Amount final_cost = amount_arg(ctx, "final-cost");
  ledger::Books books = ctx.open_books();
  return report(ctx, repairfund::accept_works(books, ref, date, final_cost, ctx.actor()));
}

int cmd_repair_overrun(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const std::string vote = ctx.args.require("vote");
  ledger::Books books = ctx.open_books();
  return report(ctx, repairfund::approve_overrun(books, ref, vote, ctx.actor()));
}

int cmd_repair_settle(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  const Date date = date_arg(ctx, "date");
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::settle(books, ref, date, ctx.actor());
  if (ctx.json())
    return report(ctx, p);
  report(ctx, p);
  ctx.out << "the per-unit split: trustfund repair split --project " << p.project_ref << "\n";
  return 0;
}

int cmd_repair_close(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  ledger::Books books = ctx.open_books();
  return report(ctx, repairfund::close_project(books, ref, ctx.actor()));
}

int cmd_repair_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  for (const Project& p : repairfund::list_projects(books)) {
    ctx.out << p.project_ref << "\t" << repairfund::to_string(p.state) << "\t"
            << (p.emergency() ? "emergency" : "voted") << "\t" << p.input.budget.to_string() << "\t"
            << p.approved.to_string() << "\t" << p.paid.to_string() << "\t" << p.input.title
            << "\n";
  }
  return 0;
}

int cmd_repair_show(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  ledger::Books books = ctx.open_books();
  const Project p = repairfund::project(books, ref);
  if (ctx.json())
    ctx.out << repairfund::project_to_json(p) << "\n";
  else
    print_project(ctx.out, p);
  return 0;
}

int cmd_repair_split(const Context& ctx) {
  const std::string ref = ctx.args.require("project");
  ledger::Books books = ctx.open_books();
  const auto split = repairfund::unit_split(books, ref);
  if (ctx.json()) {
    ctx.out << repairfund::split_to_json(split) << "\n";
    return 0;
  }
  if (split.empty()) {
    ctx.out << ref << " is not settled: its cost is not charged to the units yet\n";
    return 0;
  }
  money::Amount total;
  std::int64_t area = 0;
  ctx.out << "unit\tarea_m2\tamount   (" << ref << ", by area, exact to the fen)\n";
  for (const repairfund::UnitCharge& c : split) {
    ctx.out << c.unit_code << "\t" << c.area.to_string() << "\t" << c.amount.to_string() << "\n";
    total += c.amount;
    area += c.area.hundredths_m2();
  }
  ctx.out << "TOTAL\t" << m2(area) << "\t" << total.to_string() << "\n";
  return 0;
}

}  // namespace trustfund::cli
