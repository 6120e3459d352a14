// The statement commands; see statement_commands.h.
#include "statement_commands.h"

#include <iostream>

#include "trustfund/core/error.h"
#include "trustfund/statements/statement.h"

namespace trustfund::cli {
namespace {

// A month (2026-10) or a view (2026-Q3, 2026-H2, 2026).
std::string period_arg(const Context& ctx) {
  return statements::statement_period(ctx.args.require("period"), "period").key;
}

void print(std::ostream& out, const statements::Statement& s) {
  out << "statement " << s.period_key << " (" << s.kind << "): " << statements::to_string(s.state)
      << "\n"
      << "  manifest sha256 " << s.manifest_sha256_hex << ", custodian set "
      << s.custodian_set_version << ", journal tree size " << s.tree_size << "\n"
      << "  closed " << s.closed_at << " by " << s.closed_by << "\n";
  if (s.signature) {
    for (const auto& g : s.signature->signers)
      out << "  signed by " << escrow::to_string(g.role) << " " << g.subject << "\n";
  }
  if (s.state != statements::StatementState::published)
    out << "  waits for both custodians' signatures over manifest.json\n";
  for (const auto& f : s.files)
    out << "  " << f.name << " sha256 " << f.sha256_hex << "\n";
  for (const auto& n : s.notes)
    out << "  note " << n.id << " (" << n.kind << (n.unit_code.empty() ? "" : " " + n.unit_code)
        << "): " << n.text << "\n";
}

}  // namespace

int cmd_close(const Context& ctx) {
  const Period month = Period::parse(ctx.args.require("period"), "period");
  ledger::Books books = ctx.open_books();
  const statements::Statement s = statements::close_month(books, month, ctx.actor());
  print(ctx.out, s);
  return 0;
}

int cmd_statement_view(const Context& ctx) {
  const std::string key = period_arg(ctx);
  ledger::Books books = ctx.open_books();
  print(ctx.out, statements::build_view(books, key, ctx.actor()));
  return 0;
}

int cmd_statement_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  for (const auto& s : statements::list_statements(books))
    ctx.out << s.period_key << "\t" << statements::to_string(s.state) << "\t"
            << s.manifest_sha256_hex << "\n";
  return 0;
}

int cmd_statement_show(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  print(ctx.out, statements::statement(books, period_arg(ctx)));
  return 0;
}

int cmd_statement_manifest(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  write_new_file(ctx.args.get_or("out", "-"),
                 statements::statement_file(books, period_arg(ctx), "manifest.json").content,
                 ctx.out);
  return 0;
}

int cmd_statement_attach(const Context& ctx) {
  const std::string key = period_arg(ctx);
  const std::string der = read_input_file(ctx.args.require("signature"), ctx.in, "signature");
  ledger::Books books = ctx.open_books();
  print(ctx.out, statements::add_signature(books, key, der, ctx.actor()));
  return 0;
}

int cmd_statement_export(const Context& ctx) {
  const std::string key = period_arg(ctx);
  const std::string dir = ctx.args.require("out");
  ledger::Books books = ctx.open_books();
  statements::export_statement(books, key, dir);
  ctx.out << "wrote the published statement " << key << " to " << dir
          << "; check it with: trustfund verify " << dir << "\n";
  return 0;
}

int cmd_statement_proof(const Context& ctx) {
  const std::string key = period_arg(ctx);
  ledger::Books books = ctx.open_books();
  write_new_file(ctx.args.get_or("out", "-"),
                 statements::resident_proof(books, key, ctx.args.require("unit")) + "\n", ctx.out);
  return 0;
}

int cmd_statement_budget(const Context& ctx) {
  const std::string year = ctx.args.require("year");
  if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos)
    throw Error::invalid("usage", "year", "--year is a year, e.g. 2026");
  const std::string line = ctx.args.require("line");
  const money::Amount amount = money::Amount::parse(ctx.args.require("amount"), "amount");
  ledger::Books books = ctx.open_books();
  statements::set_budget(books, std::stoi(year), line, amount, ctx.actor());
  ctx.out << "budget of \"" << line << "\" for " << year << ": " << amount.to_string() << "\n";
  return 0;
}

}  // namespace trustfund::cli
