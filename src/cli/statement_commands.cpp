// The statement commands; see statement_commands.h.
#include "statement_commands.h"

#include <filesystem>
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
  const std::vector<statements::StatementFile> published = statements::published_files(books, key);
  OutputFiles files;
  files.make_directories(dir, "out");
  for (const statements::StatementFile& f : published) {
    const std::string path = (std::filesystem::path(dir) / f.name).string();
    files.plan(path, "out");
    files.write(path, f.content);
  }
  files.commit();
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

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> statement_commands() {
  return {
      {"close",
       "close a month and build its statement",
       "usage: trustfund close --estate ID --period YYYY-MM\n\n"
       "Checks the month can close (months close in order; its billing run is done; executed\n"
       "orders are whole; the repair fund reconciles), locks it (nothing dated in it can be\n"
       "posted afterwards: corrections go in a later month) and builds its statement:\n"
       "statement.json, statement.html, entries.csv, custodians.json, manifest.json and the\n"
       "resident tree. It is published once both custodians sign manifest.json (statement\n"
       "manifest, then custodian sign / cosign, then statement attach). See docs/statements.md.\n",
       {"estate", "period", "actor"},
       {},
       cmd_close},
      {"statement view",
       "build a quarterly, half-yearly or yearly view from the published months",
       "usage: trustfund statement view --estate ID --period 2026-Q3|2026-H2|2026\n\n"
       "Builds the view from the published statements of its months (each must be published):\n"
       "the quarter's public revenue, the half-year's repair fund and the year's per-unit\n"
       "figures, with every fund's sums. Its manifest.json names the SHA-256 of each month's\n"
       "manifest; it is signed and published like a month (statement manifest, custodian sign /\n"
       "cosign, statement attach). See docs/statements.md, \"Views\".\n",
       {"estate", "period", "actor"},
       {},
       cmd_statement_view},
      {"statement list",
       "the estate's statements and their state",
       "usage: trustfund statement list --estate ID\n",
       {"estate"},
       {},
       cmd_statement_list},
      {"statement show",
       "one statement: state, signers, files and their SHA-256, notes",
       "usage: trustfund statement show --estate ID --period KEY\n\n"
       "KEY is a month (2026-10) or a view: a quarter (2026-Q3), a half (2026-H2) or a year\n"
       "(2026); manifest, attach, export and proof take either.\n",
       {"estate", "period"},
       {},
       cmd_statement_show},
      {"statement manifest",
       "write the manifest the custodians sign",
       "usage: trustfund statement manifest --estate ID --period KEY [--out FILE]\n",
       {"estate", "period", "out"},
       {},
       cmd_statement_manifest},
      {"statement attach",
       "record a custodian's signature over the manifest; published with both",
       "usage: trustfund statement attach --estate ID --period KEY --signature FILE.p7s\n",
       {"estate", "period", "signature", "actor"},
       {},
       cmd_statement_attach},
      {"statement export",
       "write a published statement's files to a directory",
       "usage: trustfund statement export --estate ID --period KEY --out DIR\n\n"
       "Then anyone can check it: trustfund verify DIR (no server, no database).\n",
       {"estate", "period", "out"},
       {},
       cmd_statement_export},
      {"statement proof",
       "a unit's resident proof (for its owner only)",
       "usage: trustfund statement proof --estate ID --period KEY --unit CODE [--out FILE]\n\n"
       "The unit's leaf with its salt, index and inclusion proof: trustfund verify DIR --proof "
       "FILE.\n",
       {"estate", "period", "unit", "out"},
       {},
       cmd_statement_proof},
      {"statement budget",
       "set a budget line's budget for a year (shown against actual spending)",
       "usage: trustfund statement budget --estate ID --year YYYY --line NAME --amount YUAN\n",
       {"estate", "year", "line", "amount", "actor"},
       {},
       cmd_statement_budget},
  };
}

}  // namespace trustfund::cli
