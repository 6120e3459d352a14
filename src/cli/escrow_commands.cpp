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
  p.max_validity_days = static_cast<int>(ctx.args.integer_or("max-validity-days", 90, 0, 999));
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
  const auto dir = ctx.args.get("out-dir");
  OutputFiles files;
  if (dir)
    files.make_directories(*dir, "out-dir");  // before the payment: one that cannot be made fails
  const escrow::Order o = escrow::execute_order(books, id, date, ctx.actor());
  if (dir) {
    try {
      for (const escrow::BankFile& f : o.bank_files) {
        const std::string path = (std::filesystem::path(*dir) / f.name).string();
        files.plan(path, "out-dir");
        files.write(path, escrow::bank_file(books, id, f.name).content);
        ctx.out << "wrote " << path << "\n";
      }
      files.commit();
    } catch (const Error& e) {
      throw Error(e.kind(), e.type(), e.field(),
                  std::string(e.what()) + "; the order is executed: write its bank files with " +
                      "trustfund order show --order " + id + " --bank-file NAME --out FILE");
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

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> escrow_commands() {
  return {
      {"custodian register",
       "register the estate's first custodian set (committee and manager certificates)",
       "usage: trustfund custodian register --estate ID --committee CERT.pem --manager CERT.pem\n"
       "                                    [--supervisor CERT.pem]\n\n"
       "The certificates are the custodians' own (trustfund custodian keygen on their computers);\n"
       "the server never holds a custodian's key. Only the first set is registered this way: any\n"
       "later change is a document signed by the outgoing custodians (custodian change).\n",
       {"estate", "committee", "manager", "supervisor", "actor"},
       {},
       cmd_custodian_register},
      {"custodian list",
       "the estate's custodian sets, oldest first",
       "usage: trustfund custodian list --estate ID [--pem]\n\n"
       "--pem prints the certificates of the set in force, the -CAfile of openssl cms -verify.\n",
       {"estate"},
       {"pem"},
       cmd_custodian_list},
      {"custodian change-document",
       "write the document the outgoing custodians sign to change the set",
       "usage: trustfund custodian change-document --estate ID --committee CERT.pem\n"
       "         --manager CERT.pem [--supervisor CERT.pem] --reason TEXT [--out FILE]\n\n"
       "Prints (or writes) the canonical JSON naming the new set. The outgoing committee and\n"
       "manager custodians sign it (custodian sign, then custodian cosign), then: custodian "
       "change.\n",
       {"estate", "committee", "manager", "supervisor", "reason", "out"},
       {},
       cmd_custodian_change_document},
      {"custodian change",
       "replace the custodian set, with the outgoing custodians' signature",
       "usage: trustfund custodian change --estate ID --committee CERT.pem --manager CERT.pem\n"
       "         [--supervisor CERT.pem] --reason TEXT --signature DOC.p7s\n\n"
       "The same certificates and reason as the change document, and its CMS signature by both\n"
       "outgoing custodians. The old set is kept in the estate's history.\n",
       {"estate", "committee", "manager", "supervisor", "reason", "signature", "actor"},
       {},
       cmd_custodian_change},
      {"escrow policy",
       "the payment policy in force and the trust bank accounts",
       "usage: trustfund escrow policy --estate ID [--on YYYY-MM-DD]\n",
       {"estate", "on"},
       {},
       cmd_escrow_policy_show},
      {"escrow policy set",
       "add a payment policy taking effect on a date",
       "usage: trustfund escrow policy set --estate ID [--from YYYY-MM-DD]\n"
       "         [--resolution-threshold YUAN] [--floor-op YUAN] [--floor-pr YUAN] [--floor-rf "
       "YUAN]\n"
       "         [--emergency-cap SHARE] [--max-validity-days N]\n\n"
       "Defaults: orders above 50000.00 need an owners' resolution; no floors; emergency repair\n"
       "use capped at 0.10 of the repair fund a year; orders expire within 90 days. Policies are\n"
       "kept; each applies from its date (today or later).\n",
       {"estate", "from", "resolution-threshold", "floor-op", "floor-pr", "floor-rf",
        "emergency-cap", "max-validity-days", "actor"},
       {},
       cmd_escrow_policy_set},
      {"escrow bank-account",
       "set the trust bank account of a fund",
       "usage: trustfund escrow bank-account --estate ID --fund OP|PR|RF --holder NAME\n"
       "         --account-no NO --bank NAME [--bank-code CNAPS]\n",
       {"estate", "fund", "holder", "account-no", "bank", "bank-code", "actor"},
       {},
       cmd_escrow_bank_account_set},
      {"order create",
       "prepare a disbursement order from a JSON file",
       "usage: trustfund order create --estate ID --file ORDER.json|- [--submit] [--json]\n\n"
       "ORDER.json: {\"amount\": \"12000.00\", \"fund\": \"OP\", \"payee\": {\"name\", "
       "\"account_no\",\n"
       "\"bank_name\", \"bank_code\"?}, \"debit_account\": \"OP.6601.01\", \"budget_line\", "
       "\"purpose\",\n"
       "\"vouchers\": [{\"name\", \"sha256\"}], \"expires_on\": \"YYYY-MM-DD\", \"resolution\"?,\n"
       "\"repair_project\"?, \"emergency_category\"?}. --submit also submits it for signatures.\n",
       {"estate", "file", "actor"},
       {"submit", "json"},
       cmd_order_create},
      {"order amend",
       "replace the fields of a draft or submitted order (a new revision)",
       "usage: trustfund order amend --estate ID --order DO-NNNNNN --file ORDER.json [--json]\n\n"
       "Earlier signatures no longer count: the order goes back to draft.\n",
       {"estate", "order", "file", "actor"},
       {"json"},
       cmd_order_amend},
      {"order submit",
       "submit a draft for the custodians' signatures",
       "usage: trustfund order submit --estate ID --order DO-NNNNNN [--json]\n",
       {"estate", "order", "actor"},
       {"json"},
       cmd_order_submit},
      {"order document",
       "write the bytes the custodians sign",
       "usage: trustfund order document --estate ID --order DO-NNNNNN [--out FILE]\n\n"
       "Then, on the custodian's computer: trustfund custodian sign --in FILE ... (the first)\n"
       "or trustfund custodian cosign --in FILE --signature FIRST.p7s ... (the second).\n",
       {"estate", "order", "out"},
       {},
       cmd_order_document},
      {"order attach",
       "record a custodian's signature file on an order",
       "usage: trustfund order attach --estate ID --order DO-NNNNNN --signature FILE.p7s "
       "[--json]\n\n"
       "The signers must be custodians of the set in force. With the committee's and the\n"
       "manager's signatures the order is approved.\n",
       {"estate", "order", "signature", "actor"},
       {"json"},
       cmd_order_attach},
      {"order signature",
       "write the signature file in force (for the second custodian to co-sign)",
       "usage: trustfund order signature --estate ID --order DO-NNNNNN --out FILE.p7s\n",
       {"estate", "order", "out"},
       {},
       cmd_order_signature},
      {"order reject",
       "a custodian refuses an order",
       "usage: trustfund order reject --estate ID --order DO-NNNNNN --reason TEXT\n",
       {"estate", "order", "reason", "actor"},
       {"json"},
       cmd_order_reject},
      {"order cancel",
       "withdraw an order that is not executed",
       "usage: trustfund order cancel --estate ID --order DO-NNNNNN --reason TEXT\n",
       {"estate", "order", "reason", "actor"},
       {"json"},
       cmd_order_cancel},
      {"order execute",
       "pay an approved order: the entry and the bank's payment files",
       "usage: trustfund order execute --estate ID --order DO-NNNNNN [--date YYYY-MM-DD]\n"
       "         [--out-dir DIR] [--json]\n\n"
       "Verifies both signatures again, checks the fund keeps its floor, posts Dr the order's\n"
       "account Cr the fund's bank, and writes DO-NNNNNN.pain.001.xml (ISO 20022) and\n"
       "DO-NNNNNN.csv to DIR for upload to the bank.\n",
       {"estate", "order", "date", "out-dir", "actor"},
       {"json"},
       cmd_order_execute},
      {"order list",
       "the estate's orders",
       "usage: trustfund order list --estate ID [--state STATE]\n\n"
       "STATE: draft, awaiting_signatures, approved, executed, rejected, cancelled, expired.\n",
       {"estate", "state"},
       {},
       cmd_order_list},
      {"order show",
       "one order: fields, signers, events, entry and bank files",
       "usage: trustfund order show --estate ID --order DO-NNNNNN [--json]\n"
       "       trustfund order show --estate ID --order DO-NNNNNN --bank-file NAME [--out FILE]\n",
       {"estate", "order", "bank-file", "out"},
       {"json"},
       cmd_order_show},
  };
}

}  // namespace trustfund::cli
