// The escrow commands; see escrow_commands.h. Every write is one transaction with its action-log
// row.
#include "escrow_commands.h"

#include <filesystem>
#include <iostream>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/escrow/custodians.h"
#include "trustfund/escrow/order.h"
#include "trustfund/escrow/policy.h"

namespace trustfund::cli {
namespace {

std::vector<escrow::CustodianInput> custodians_from_args(const Context& ctx) {
  std::vector<escrow::CustodianInput> out;
  const std::pair<const char*, escrow::CustodianRole> roles[] = {
      {"committee", escrow::CustodianRole::owners_committee},
      {"manager", escrow::CustodianRole::manager},
      {"supervisor", escrow::CustodianRole::supervisor}};
  for (const auto& [option, role] : roles) {
    if (const auto path = ctx.args.get(option))
      out.push_back({role, read_input_file(*path, ctx.in, option)});
  }
  return out;
}

void print_set(std::ostream& out, const escrow::CustodianSet& set) {
  out << "custodian set " << set.version << " (since " << set.effective_at << ", registered by "
      << set.registered_by << ")\n";
  for (const escrow::Custodian& c : set.custodians) {
    out << "  " << escrow::to_string(c.role) << "\t" << c.subject << "\n    key id " << c.key_id_hex
        << ", certificate valid to " << c.certificate.not_after().to_string() << "\n";
  }
}

void print_order(std::ostream& out, const escrow::Order& o) {
  out << o.order_id << " (revision " << o.revision << "): " << escrow::to_string(o.state) << "\n"
      << "  " << o.input.amount.to_string() << " CNY from " << ledger::fund_code(o.input.fund)
      << " (" << o.input.debit_account << ", budget line " << o.input.budget_line << ")\n"
      << "  to " << o.input.payee.name << ", " << o.input.payee.bank_name << " "
      << o.input.payee.account_no << "\n"
      << "  purpose: " << o.input.purpose << "\n"
      << "  expires after " << o.input.expires_on.to_string() << "; custodian set "
      << o.custodian_set_version << "\n";
  if (!o.input.emergency_category.empty())
    out << "  EMERGENCY: " << o.input.emergency_category << "\n";
  if (!o.input.resolution.empty())
    out << "  resolution: " << o.input.resolution << "\n";
  if (o.signature) {
    for (const auto& s : o.signature->review.signers)
      out << "  signed by " << escrow::to_string(s.role) << " " << s.subject << " at "
          << s.signing_time << "\n";
  }
  if (o.entry_seq)
    out << "  executed on " << o.executed_on->to_string() << " as entry " << *o.entry_seq << "\n";
  for (const escrow::BankFile& f : o.bank_files)
    out << "  bank file " << f.name << " sha256 " << f.sha256_hex << "\n";
}

escrow::OrderInput order_input(const Context& ctx) {
  return escrow::parse_order_json(read_input_file(ctx.args.require("file"), ctx.in));
}

int show(const Context& ctx, const escrow::Order& o) {
  if (ctx.json())
    ctx.out << escrow::order_to_json(o) << "\n";
  else
    print_order(ctx.out, o);
  return 0;
}

}  // namespace

int cmd_custodian_register(const Context& ctx) {
  const auto inputs = custodians_from_args(ctx);
  ledger::Books books = ctx.open_books();
  const escrow::CustodianSet set = escrow::register_custodians(books, inputs, ctx.actor());
  print_set(ctx.out, set);
  return 0;
}

int cmd_custodian_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  if (ctx.args.has("pem")) {
    for (const escrow::Custodian& c : escrow::current_custodians(books).custodians)
      ctx.out << c.certificate.to_pem();
    return 0;
  }
  for (const escrow::CustodianSet& set : escrow::custodian_history(books))
    print_set(ctx.out, set);
  return 0;
}

int cmd_custodian_change_document(const Context& ctx) {
  const auto inputs = custodians_from_args(ctx);
  ledger::Books books = ctx.open_books();
  const std::string doc =
      escrow::custodian_change_document(books, inputs, ctx.args.require("reason"));
  write_new_file(ctx.args.get_or("out", "-"), doc, ctx.out);
  if (ctx.args.get_or("out", "-") != "-")
    ctx.out << "wrote the change document; the outgoing committee and manager custodians sign it "
               "(trustfund custodian sign / cosign)\n";
  return 0;
}

int cmd_custodian_change(const Context& ctx) {
  const auto inputs = custodians_from_args(ctx);
  const std::string signature = read_input_file(ctx.args.require("signature"), ctx.in, "signature");
  ledger::Books books = ctx.open_books();
  const escrow::CustodianSet set =
      escrow::change_custodians(books, inputs, ctx.args.require("reason"), signature, ctx.actor());
  print_set(ctx.out, set);
  return 0;
}

int cmd_escrow_policy_show(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const Date day = Date::parse(ctx.args.get_or("on", Date::today_utc().to_string()), "on");
  const escrow::EscrowPolicy p = escrow::policy_on(books, day);
  ctx.out << "payment policy in force on " << day.to_string()
          << (p.set_by.empty() ? " (defaults)" : " (from " + p.effective_from.to_string() + ")")
          << "\n  orders above " << p.resolution_threshold.to_string()
          << " need an owners' resolution\n  floors: OP " << p.floor_operating.to_string()
          << ", PR " << p.floor_public_revenue.to_string() << ", RF " << p.floor_repair.to_string()
          << "\n  emergency use capped at " << p.emergency_cap.to_string()
          << " of the repair fund a year\n  orders expire within " << p.max_validity_days
          << " days\n";
  for (const escrow::BankAccount& a : escrow::bank_accounts(books)) {
    ctx.out << "  bank account " << ledger::fund_code(a.fund) << ": " << a.holder_name << ", "
            << a.bank_name << " " << a.account_no << "\n";
  }
  return 0;
}

int cmd_escrow_policy_set(const Context& ctx) {
  escrow::EscrowPolicy p;
  p.effective_from = Date::parse(ctx.args.get_or("from", Date::today_utc().to_string()), "from");
  const auto amount = [&](const char* option, money::Amount fallback) {
    return money::Amount::parse(ctx.args.get_or(option, fallback.to_string()), option);
  };
  p.resolution_threshold = amount("resolution-threshold", p.resolution_threshold);
  p.floor_operating = amount("floor-op", p.floor_operating);
  p.floor_public_revenue = amount("floor-pr", p.floor_public_revenue);
  p.floor_repair = amount("floor-rf", p.floor_repair);
  p.emergency_cap = money::Rate::parse(
      ctx.args.get_or("emergency-cap", p.emergency_cap.to_string()), "emergency-cap");
  const std::string days = ctx.args.get_or("max-validity-days", "90");
  if (days.empty() || days.size() > 3 || days.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid("usage", "max-validity-days", "--max-validity-days is a number of days");
  p.max_validity_days = std::stoi(days);
  ledger::Books books = ctx.open_books();
  escrow::set_policy(books, p, ctx.actor());
  ctx.out << "payment policy set from " << p.effective_from.to_string() << "\n";
  return 0;
}

int cmd_escrow_bank_account_set(const Context& ctx) {
  escrow::BankAccount a;
  a.fund = escrow::parse_fund(ctx.args.require("fund"));
  a.holder_name = ctx.args.require("holder");
  a.account_no = ctx.args.require("account-no");
  a.bank_name = ctx.args.require("bank");
  a.bank_code = ctx.args.get_or("bank-code", "");
  ledger::Books books = ctx.open_books();
  escrow::set_bank_account(books, a, ctx.actor());
  ctx.out << "bank account of fund " << ledger::fund_code(a.fund) << " set\n";
  return 0;
}

int cmd_order_create(const Context& ctx) {
  const escrow::OrderInput in = order_input(ctx);
  ledger::Books books = ctx.open_books();
  escrow::Order o = escrow::create_order(books, in, ctx.actor());
  if (ctx.args.has("submit")) {
    o = escrow::submit_order(books, o.order_id, ctx.actor());
  }
  return show(ctx, o);
}

int cmd_order_amend(const Context& ctx) {
  const escrow::OrderInput in = order_input(ctx);
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  return show(ctx, escrow::amend_order(books, id, in, ctx.actor()));
}

int cmd_order_submit(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  return show(ctx, escrow::submit_order(books, id, ctx.actor()));
}

int cmd_order_document(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  const escrow::Order o = escrow::order(books, id);
  write_new_file(ctx.args.get_or("out", "-"), o.canonical, ctx.out);
  return 0;
}

int cmd_order_attach(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  const std::string der = read_input_file(ctx.args.require("signature"), ctx.in, "signature");
  ledger::Books books = ctx.open_books();
  return show(ctx, escrow::add_signature(books, id, der, ctx.actor()));
}

int cmd_order_signature(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  write_new_file(ctx.args.require("out"), escrow::order_signature_der(books, id), ctx.out);
  return 0;
}

int cmd_order_reject(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  return show(ctx, escrow::reject_order(books, id, ctx.args.require("reason"), ctx.actor()));
}

int cmd_order_cancel(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  return show(ctx, escrow::cancel_order(books, id, ctx.args.require("reason"), ctx.actor()));
}

int cmd_order_execute(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  const Date date = Date::parse(ctx.args.get_or("date", Date::today_utc().to_string()), "date");
  ledger::Books books = ctx.open_books();
  const escrow::Order o = escrow::execute_order(books, id, date, ctx.actor());
  if (const auto dir = ctx.args.get("out-dir")) {
    std::filesystem::create_directories(*dir);
    for (const escrow::BankFile& f : o.bank_files) {
      const std::string path = (std::filesystem::path(*dir) / f.name).string();
      write_new_file(path, escrow::bank_file(books, id, f.name).content, ctx.out);
      ctx.out << "wrote " << path << "\n";
    }
  }
  return show(ctx, o);
}

int cmd_order_list(const Context& ctx) {
  std::optional<escrow::OrderState> state;
  if (const auto s = ctx.args.get("state"))
    state = escrow::parse_order_state(*s);
  ledger::Books books = ctx.open_books();
  std::int64_t after = 0;
  for (int page = 0; page < 10'000; ++page) {
    const auto orders = escrow::list_orders(books, state, after, escrow::kMaxOrdersPerPage);
    for (const escrow::Order& o : orders) {
      ctx.out << o.order_id << "\t" << escrow::to_string(o.state) << "\t"
              << ledger::fund_code(o.input.fund) << "\t" << o.input.amount.to_string() << "\t"
              << o.input.payee.name << "\t" << o.input.purpose << "\n";
    }
    if (orders.size() < static_cast<std::size_t>(escrow::kMaxOrdersPerPage))
      break;
    after = orders.back().order_no;
  }
  return 0;
}

int cmd_order_show(const Context& ctx) {
  const std::string id = ctx.args.require("order");
  ledger::Books books = ctx.open_books();
  const escrow::Order o = escrow::order(books, id);
  if (const auto name = ctx.args.get("bank-file")) {
    write_new_file(ctx.args.get_or("out", "-"), escrow::bank_file(books, id, *name).content,
                   ctx.out);
    return 0;
  }
  return show(ctx, o);
}

}  // namespace trustfund::cli
