// The ledger commands; see ledger_commands.h.
#include "ledger_commands.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/import.h"
#include "trustfund/ledger/writes.h"
#include "trustfund/money/area.h"

namespace trustfund::cli {
namespace {

void print_digests(std::ostream& out, const std::vector<crypto::Digest>& proof) {
  out << "[";
  for (std::size_t i = 0; i < proof.size(); ++i) {
    out << (i ? "," : "") << "\"" << crypto::to_hex(proof[i]) << "\"";
  }
  out << "]";
}

int cmd_init(const Context& ctx) {
  std::string warning;
  store::DataDir::Options options;
  options.master_key_file = ctx.args.get_or("master-key-file", "");
  const auto dir = store::DataDir::init(ctx.data_path(), options, ctx.args.has("dev"), &warning);
  if (!warning.empty())
    ctx.err << warning << "\n";
  ctx.out << "initialised data directory " << dir.path().string()
          << " (master key: " << dir.master_key().origin() << ")\n";
  return 0;
}

int cmd_estate_create(const Context& ctx) {
  store::DataDir dir = ctx.open_data_dir();
  const std::string id = ctx.args.require("id");
  const std::string name = ctx.args.require("name");
  ledger::Books books = ledger::create_estate(dir, id, name, ctx.actor());
  ctx.out << "created estate " << id << " (" << name << ") with " << books.chart().accounts().size()
          << " accounts\n";
  return 0;
}

int cmd_estate_list(const Context& ctx) {
  store::DataDir dir = ctx.open_data_dir();
  for (const auto& e : dir.estates()) {
    ctx.out << e.estate_id << "\t" << e.name << "\t" << e.created_at << "\n";
  }
  return 0;
}

int cmd_unit_add(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  ledger::UnitInput unit;
  unit.code = ctx.args.require("code");
  unit.kind = ctx.args.get_or("kind", "residential");
  unit.area = money::Area::parse(ctx.args.require("area"), "area");
  unit.owner_ref = ctx.args.require("owner");
  ledger::add_unit(books, unit, ctx.actor());
  ctx.out << "added unit " << unit.code << " (" << unit.kind << ", " << unit.area.to_string()
          << " m²)\n";
  return 0;
}

int cmd_unit_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  for (const auto& u : books.units()) {
    ctx.out << u.code << "\t" << u.kind << "\t" << u.area.to_string() << "\n";
  }
  return 0;
}

int cmd_account_list(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const bool units = ctx.args.has("with-units");
  for (const auto& a : books.chart().accounts()) {
    if (!a.unit_code.empty() && !units)
      continue;
    ctx.out << a.code << "\t" << ledger::fund_code(a.fund) << "\t" << ledger::to_string(a.type)
            << "\t" << a.name_zh << "\t" << a.name_en << (a.postable ? "" : "\t(control)") << "\n";
  }
  return 0;
}

int cmd_post(const Context& ctx) {
  std::string json;
  if (auto file = ctx.args.get("file")) {
    json = read_input_file(*file, ctx.in);
  } else if (ctx.args.positionals().size() == 1) {
    json = ctx.args.positionals()[0];
  } else {
    json = read_input_file("-", ctx.in);
  }
  const ledger::EntryInput entry = ledger::parse_entry_json(json);
  ledger::Books books = ctx.open_books();
  const ledger::RecordedEntry rec = ledger::post_entry(books, entry, ctx.actor());
  ctx.out << ledger::entry_to_json(rec) << "\n";
  return 0;
}

int cmd_import(const Context& ctx) {
  const std::string file = ctx.args.require("file");
  std::ifstream f;
  std::istream* in = &ctx.in;
  std::int64_t total_bytes = 0;
  if (file != "-") {
    f.open(file, std::ios::binary);
    if (!f)
      throw Error::not_found("file-missing", "file", "cannot read " + file);
    in = &f;
    total_bytes = static_cast<std::int64_t>(std::filesystem::file_size(file));
  }
  ledger::Books books = ctx.open_books();
  ProgressBar bar(ctx.err, "importing");
  const ledger::ImportResult r =
      ledger::import_jsonl(books, *in, file, ctx.actor(), total_bytes,
                           [&](std::int64_t done, std::int64_t total) { bar.update(done, total); });
  const std::int64_t imported = r.imported, replayed = r.replayed, postings = r.postings;
  bar.update(total_bytes, total_bytes);
  ctx.out << "imported " << imported << " entries (" << postings << " postings)";
  if (replayed)
    ctx.out << ", " << replayed << " already recorded (same idempotency key)";
  ctx.out << "; log size " << books.entry_count() << ", root "
          << crypto::to_hex(books.root(books.entry_count())) << "\n";
  return 0;
}

int cmd_reverse(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const std::int64_t seq = ctx.args.integer("seq");
  const ledger::RecordedEntry rec =
      ledger::reverse_entry(books, seq, Date::parse(ctx.args.require("date"), "date"),
                            ctx.args.get_or("memo", ""), ctx.actor());
  ctx.out << ledger::entry_to_json(rec) << "\n";
  return 0;
}

int cmd_period_close(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const Period p = Period::parse(ctx.args.require("period"), "period");
  ledger::close_period(books, p, ctx.actor());
  ctx.out << "closed period " << p.to_string() << "\n";
  return 0;
}

int cmd_balances(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  if (ctx.args.has("as-of") && ctx.args.has("period")) {
    throw Error::invalid("usage", "as-of", "give either --as-of or --period, not both");
  }
  std::vector<ledger::AccountBalance> rows;
  std::string heading;
  if (auto p = ctx.args.get("period")) {
    const Period period = Period::parse(*p, "period");
    rows = books.period_balances(period);
    heading = "period " + period.to_string();
  } else {
    const Date d =
        ctx.args.has("as-of") ? Date::parse(*ctx.args.get("as-of"), "as-of") : Date::today_utc();
    rows = books.balances_as_of(d);
    heading = "as of " + d.to_string();
  }
  const auto account = ctx.args.get("account");
  const std::string format = ctx.json() ? "json" : ctx.args.get_or("format", "text");
  if (format != "text" && format != "json" && format != "csv") {
    throw Error::invalid("usage", "format", "--format must be text, json or csv");
  }
  const bool leaves_only = ctx.args.has("leaves");
  std::vector<const ledger::AccountBalance*> shown;
  for (const auto& r : rows) {
    if (account && r.account->code != *account && r.account->code.rfind(*account + "@", 0) != 0 &&
        r.account->code.rfind(*account + ".", 0) != 0) {
      continue;
    }
    if (leaves_only && !r.account->postable)
      continue;
    shown.push_back(&r);
  }
  if (format == "json") {
    ctx.out << "{\"estate\":\"" << books.estate_id() << "\",\"balances\":[";
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const auto& r = *shown[i];
      ctx.out << (i ? "," : "") << "{\"account\":\"" << r.account->code << "\",\"opening\":\""
              << r.opening.to_string() << "\",\"debit\":\"" << r.debit.to_string()
              << "\",\"credit\":\"" << r.credit.to_string() << "\",\"closing\":\""
              << r.closing.to_string() << "\"}";
    }
    ctx.out << "]}\n";
  } else if (format == "csv") {
    ctx.out << "account,opening,debit,credit,closing\n";
    for (const auto* r : shown) {
      ctx.out << r->account->code << "," << r->opening.to_string() << "," << r->debit.to_string()
              << "," << r->credit.to_string() << "," << r->closing.to_string() << "\n";
    }
  } else {
    ctx.out << books.estate_id() << " balances " << heading << " (CNY; debit +, credit -)\n";
    ctx.out << std::left << std::setw(26) << "account" << std::right << std::setw(18) << "opening"
            << std::setw(18) << "debit" << std::setw(18) << "credit" << std::setw(18) << "closing"
            << "  name\n";
    for (const auto* r : shown) {
      ctx.out << std::left << std::setw(26) << r->account->code << std::right << std::setw(18)
              << r->opening.to_string() << std::setw(18) << r->debit.to_string() << std::setw(18)
              << r->credit.to_string() << std::setw(18) << r->closing.to_string() << "  "
              << r->account->name_en << "\n";
    }
  }
  return 0;
}

int cmd_log_root(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const std::int64_t size = ctx.args.integer_or("size", books.entry_count());
  ctx.out << "{\"estate\":\"" << books.estate_id() << "\",\"tree_size\":" << size << ",\"root\":\""
          << crypto::to_hex(books.root(size)) << "\"}\n";
  return 0;
}

int cmd_log_prove(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  if (ctx.args.has("seq")) {
    const std::int64_t seq = ctx.args.integer("seq");
    const std::int64_t size = ctx.args.integer_or("size", books.entry_count());
    const auto proof = books.inclusion_proof(seq, size);
    const auto entry = books.entry(seq);
    ctx.out << "{\"type\":\"inclusion\",\"seq\":" << seq << ",\"tree_size\":" << size
            << ",\"leaf_hash\":\"" << crypto::to_hex(entry.leaf_hash) << "\",\"root\":\""
            << crypto::to_hex(books.root(size)) << "\",\"proof\":";
    print_digests(ctx.out, proof);
    ctx.out << ",\"entry\":" << entry.canonical << "}\n";
    return 0;
  }
  const std::int64_t from = ctx.args.integer("from");
  const std::int64_t to = ctx.args.integer_or("to", books.entry_count());
  const auto proof = books.consistency_proof(from, to);
  ctx.out << "{\"type\":\"consistency\",\"old_size\":" << from << ",\"new_size\":" << to
          << ",\"old_root\":\"" << crypto::to_hex(books.root(from)) << "\",\"new_root\":\""
          << crypto::to_hex(books.root(to)) << "\",\"proof\":";
  print_digests(ctx.out, proof);
  ctx.out << "}\n";
  return 0;
}

int cmd_log_verify(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  ProgressBar bar(ctx.err, "verifying");
  const auto report = books.verify([&](std::int64_t d, std::int64_t t) { bar.update(d, t); });
  ctx.out << "checked " << report.entries << " entries, " << report.postings
          << " postings: leaf hashes, canonical bytes, balance per fund, Merkle tree (root "
          << crypto::to_hex(report.root) << "), running balances per day and period\n";
  const std::vector<std::string> action_problems = ledger::verify_actions(books.database());
  ctx.out << "checked " << ledger::action_count(books.database())
          << " action-log rows: hash chain\n";
  for (const auto& p : report.problems)
    ctx.out << "PROBLEM: " << p << "\n";
  for (const auto& p : action_problems)
    ctx.out << "PROBLEM: " << p << "\n";
  const bool ok = report.ok() && action_problems.empty();
  ctx.out << (ok ? "OK: everything recomputed matches what is stored\n"
                 : "FAILED: the books differ from what their postings say\n");
  return ok ? 0 : 1;
}

int cmd_actions(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const std::int64_t after = ctx.args.integer_or("after", -1);
  const std::int64_t limit = ctx.args.integer_or("limit", 100);
  if (limit < 1 || limit > 100000) {
    throw Error::invalid("usage", "limit", "--limit must be from 1 to 100000");
  }
  for (const auto& a : ledger::list_actions(books.database(), after, static_cast<int>(limit))) {
    ctx.out << a.seq << "\t" << a.at << "\t" << a.record.actor << "\t"
            << (a.record.remote.empty() ? "-" : a.record.remote) << "\t" << a.record.action << "\t"
            << a.record.target << "\t" << a.record.detail << "\n";
  }
  return 0;
}

int cmd_export(const Context& ctx) {
  const std::string format = ctx.args.get_or("format", "ledger");
  if (format != "ledger") {
    throw Error::invalid("usage", "format", "export supports --format ledger");
  }
  ledger::Books books = ctx.open_books();
  ProgressBar bar(ctx.err, "exporting");
  auto progress = [&](std::int64_t d, std::int64_t t) { bar.update(d, t); };
  // The journal grows with history: it is written to a file, never held in memory, and reaches
  // its reader only whole (renamed into place, or copied to standard output at the end).
  if (auto path = ctx.args.get("out"); path && *path != "-") {
    OutputFiles files;
    // export --out has always replaced the file it names.
    files.plan(*path, "out", 0666, OutputFiles::Existing::replace);
    books.export_ledger(files.stream(*path), progress);
    files.commit();
  } else {
    SpoolFile spool;
    books.export_ledger(spool.stream(), progress);
    spool.copy_to(ctx.out);
  }
  return 0;
}

}  // namespace

// One entry a command with its help text: a table, as long as its texts, not logic.
std::vector<Command> ledger_commands() {
  return {
      {"init",
       "create a data directory (registry and keys)",
       "usage: trustfund init --data DIR [--dev | --master-key-file FILE]\n\n"
       "Creates DIR with an encrypted registry. The master key comes from --master-key-file,\n"
       "TRUSTFUND_MASTER_KEY (64 hex), TRUSTFUND_MASTER_KEY_FILE or a systemd credential.\n"
       "--dev generates a development key into DIR/master.key (never for real estates).\n",
       {},
       {"dev"},
       cmd_init},
      {"estate create",
       "create an estate with the standard chart of accounts",
       "usage: trustfund estate create --data DIR --id ID --name NAME\n\n"
       "ID: 1-40 characters of a-z, 0-9 and '-'. Creates estates/ID.db, encrypted with its own "
       "key.\n",
       {"id", "name"},
       {},
       cmd_estate_create},
      {"estate list",
       "list the estates of a data directory",
       "usage: trustfund estate list --data DIR\n",
       {},
       {},
       cmd_estate_list},
      {"unit add",
       "add a unit and its sub-accounts",
       "usage: trustfund unit add --estate E --code 3-2-1502 --area 89.37 --owner REF "
       "[--kind residential|commercial|parking]\n\n"
       "Creates the unit's sub-accounts: fees receivable OP.1122@CODE, prepayments OP.2203@CODE,\n"
       "repair fund RF.3001@CODE. The owner reference is never published.\n",
       {"estate", "code", "kind", "area", "owner"},
       {},
       cmd_unit_add},
      {"unit list",
       "list an estate's units",
       "usage: trustfund unit list --estate E\n",
       {"estate"},
       {},
       cmd_unit_list},
      {"account list",
       "list the chart of accounts",
       "usage: trustfund account list --estate E [--with-units]\n",
       {"estate"},
       {"with-units"},
       cmd_account_list},
      {"post",
       "post one journal entry given as JSON",
       "usage: trustfund post --estate E [--actor WHO] [--file F | 'JSON' | < JSON]\n\n"
       "An entry: {\"date\":\"2026-10-05\",\"kind\":\"payment\",\"memo\":\"...\",\n"
       "  \"postings\":[{\"account\":\"OP.1002\",\"amount\":\"300.00\"},\n"
       "              {\"account\":\"OP.1122@3-2-1502\",\"amount\":\"-300.00\"}],\n"
       "  \"idempotency_key\":\"optional\"}\n"
       "Debits positive, credits negative; it must balance within each fund (OP, PR, RF).\n"
       "Prints the recorded entry with its seq and leaf hash.\n",
       {"estate", "actor", "file"},
       {},
       cmd_post,
       Output::whole,
       true},
      {"import",
       "import entries from a JSON-lines file, all or nothing",
       "usage: trustfund import --estate E --file F.jsonl|- [--actor WHO]\n\n"
       "One entry per line (as for post). Everything is checked and written in one transaction:\n"
       "a bad line is reported with its number and nothing is imported. Shows progress on a\n"
       "terminal.\n",
       {"estate", "actor", "file"},
       {},
       cmd_import},
      {"reverse",
       "post the reversing entry of an earlier entry",
       "usage: trustfund reverse --estate E --seq N --date YYYY-MM-DD [--memo TEXT]\n\n"
       "The journal is append-only: a mistake is corrected by a reversal that negates every\n"
       "posting of entry N (dated in an open period), then a new correct entry.\n",
       {"estate", "actor", "seq", "date", "memo"},
       {},
       cmd_reverse},
      {"period close",
       "close a month: no entry dated in it can be posted afterwards",
       "usage: trustfund period close --estate E --period YYYY-MM\n",
       {"estate", "actor", "period"},
       {},
       cmd_period_close},
      {"balances",
       "account balances as of a date or for a period",
       "usage: trustfund balances --estate E [--as-of YYYY-MM-DD | --period YYYY-MM]\n"
       "       [--account CODE] [--leaves] [--format text|json|csv | --json]\n\n"
       "--as-of (default today): the balance of every account at the end of that day.\n"
       "--period: opening, debits, credits and closing of the month. --account limits the list to\n"
       "that account and its sub-accounts; --leaves hides control accounts.\n",
       {"estate", "as-of", "period", "account", "format"},
       {"json", "leaves"},
       cmd_balances},
      {"log root",
       "Merkle root of the journal (RFC 6962) for a tree size",
       "usage: trustfund log root --estate E [--size N]\n",
       {"estate", "size"},
       {},
       cmd_log_root},
      {"log prove",
       "inclusion proof of an entry, or consistency proof between two sizes",
       "usage: trustfund log prove --estate E --seq N [--size N]\n"
       "       trustfund log prove --estate E --from M [--to N]\n",
       {"estate", "seq", "size", "from", "to"},
       {},
       cmd_log_prove},
      {"log verify",
       "recompute leaves, Merkle tree and running balances; report differences",
       "usage: trustfund log verify --estate E\n\nExit status 0 when everything matches, 1 if "
       "not.\n",
       {"estate"},
       {},
       cmd_log_verify,
       Output::check_report},
      {"actions",
       "list the action log (who did what, when, from where)",
       "usage: trustfund actions --estate ID [--after SEQ] [--limit N]\n\n"
       "Prints seq, time (UTC), actor, remote address, action, target and detail, one row a line.\n"
       "Every write and every sensitive read is there; `log verify` checks the hash chain.\n",
       {"estate", "after", "limit"},
       {},
       cmd_actions},
      {"export",
       "export the journal for ledger-cli and hledger",
       "usage: trustfund export --estate E --format ledger [--out FILE]\n\n"
       "Check our balances independently: hledger -f FILE bal --flat\n",
       {"estate", "format", "out"},
       {},
       cmd_export,
       Output::streamed},
  };
}

}  // namespace trustfund::cli
