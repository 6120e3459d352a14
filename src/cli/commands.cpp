// The command table, help texts and dispatch of `trustfund`.
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "context.h"
#include "fee_commands.h"
#include "trustfund/cli/cli.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/import.h"
#include "trustfund/money/area.h"
#include "user_commands.h"

namespace trustfund::cli {
namespace {

struct Command {
  std::string path;     // "estate create"
  std::string summary;  // one line for the overview
  std::string usage;    // the full help text
  std::set<std::string> options;
  std::set<std::string> flags;
  std::function<int(const Context&)> run;
};

const std::set<std::string> kGlobal = {"data", "master-key-file", "help"};

std::string read_all(std::istream& in) {
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::int64_t parse_int(const std::string& text, const std::string& field) {
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty()) {
    throw Error::invalid("usage", field, "--" + field + " must be a whole number");
  }
  return v;
}

// Records a CLI write in the estate's action log. Called inside the write's own transaction (an
// outer store::Transaction around both), so the write and its row commit together.
void log_action(ledger::Books& books, const Context& ctx, std::string action, std::string target,
                std::string detail = "") {
  ledger::append_action(books.database(),
                        {ctx.actor(), "", std::move(action), std::move(target), std::move(detail)});
}

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
  ledger::Books books = ledger::Books::create(dir.create_estate(id, name), id, name);
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
  store::Transaction tx(books.database());
  books.add_unit(unit);
  log_action(books, ctx, "add_unit", "unit:" + unit.code,
             unit.kind + " " + unit.area.to_string() + " m2");
  tx.commit();
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
    std::ifstream f(*file, std::ios::binary);
    if (!f)
      throw Error::not_found("file-missing", "file", "cannot read " + *file);
    json = read_all(f);
  } else if (ctx.args.positionals().size() == 1) {
    json = ctx.args.positionals()[0];
  } else {
    json = read_all(ctx.in);
  }
  const ledger::EntryInput entry = ledger::parse_entry_json(json);
  ledger::Books books = ctx.open_books();
  store::Transaction tx(books.database());
  const ledger::RecordedEntry rec = books.post(entry, ctx.actor());
  if (!rec.replayed)
    log_action(books, ctx, "post_entry", "entry:" + std::to_string(rec.seq), rec.kind);
  tx.commit();
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
  store::Transaction tx(books.database());
  const ledger::ImportResult r =
      ledger::import_jsonl(books, *in, ctx.actor(), total_bytes,
                           [&](std::int64_t done, std::int64_t total) { bar.update(done, total); });
  log_action(books, ctx, "import_entries", "file:" + file,
             std::to_string(r.imported) + " entries, " + std::to_string(r.replayed) + " replayed");
  tx.commit();
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
  const std::int64_t seq = parse_int(ctx.args.require("seq"), "seq");
  const ledger::RecordedEntry original = books.entry(seq);
  ledger::EntryInput e;
  e.date = Date::parse(ctx.args.require("date"), "date");
  e.kind = "reversal";
  e.memo = ctx.args.get_or("memo", "reversal of entry " + std::to_string(seq));
  e.reverses = seq;
  for (const auto& p : original.postings)
    e.postings.push_back({p.account, -p.amount});
  store::Transaction tx(books.database());
  const ledger::RecordedEntry rec = books.post(e, ctx.actor());
  log_action(books, ctx, "reverse_entry", "entry:" + std::to_string(rec.seq),
             "reverses " + std::to_string(seq));
  tx.commit();
  ctx.out << ledger::entry_to_json(rec) << "\n";
  return 0;
}

int cmd_period_close(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  const Period p = Period::parse(ctx.args.require("period"), "period");
  store::Transaction tx(books.database());
  books.close_period(p, ctx.actor());
  log_action(books, ctx, "close_period", "period:" + p.to_string());
  tx.commit();
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
  const std::int64_t size =
      ctx.args.has("size") ? parse_int(*ctx.args.get("size"), "size") : books.entry_count();
  ctx.out << "{\"estate\":\"" << books.estate_id() << "\",\"tree_size\":" << size << ",\"root\":\""
          << crypto::to_hex(books.root(size)) << "\"}\n";
  return 0;
}

int cmd_log_prove(const Context& ctx) {
  ledger::Books books = ctx.open_books();
  if (ctx.args.has("seq")) {
    const std::int64_t seq = parse_int(*ctx.args.get("seq"), "seq");
    const std::int64_t size =
        ctx.args.has("size") ? parse_int(*ctx.args.get("size"), "size") : books.entry_count();
    const auto proof = books.inclusion_proof(seq, size);
    const auto entry = books.entry(seq);
    ctx.out << "{\"type\":\"inclusion\",\"seq\":" << seq << ",\"tree_size\":" << size
            << ",\"leaf_hash\":\"" << crypto::to_hex(entry.leaf_hash) << "\",\"root\":\""
            << crypto::to_hex(books.root(size)) << "\",\"proof\":";
    print_digests(ctx.out, proof);
    ctx.out << ",\"entry\":" << entry.canonical << "}\n";
    return 0;
  }
  const std::int64_t from = parse_int(ctx.args.require("from"), "from");
  const std::int64_t to =
      ctx.args.has("to") ? parse_int(*ctx.args.get("to"), "to") : books.entry_count();
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
  const std::int64_t after =
      ctx.args.has("after") ? parse_int(*ctx.args.get("after"), "after") : -1;
  const std::int64_t limit =
      ctx.args.has("limit") ? parse_int(*ctx.args.get("limit"), "limit") : 100;
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
  if (auto path = ctx.args.get("out"); path && *path != "-") {
    std::ofstream f(*path, std::ios::binary | std::ios::trunc);
    if (!f)
      throw Error(ErrorKind::storage, "io", "out", "cannot write " + *path);
    books.export_ledger(f, progress);
    f.flush();
    if (!f)
      throw Error(ErrorKind::storage, "io", "out", "writing " + *path + " failed");
  } else {
    books.export_ledger(ctx.out, progress);
  }
  return 0;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
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
       cmd_post},
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
       cmd_log_verify},
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
       cmd_export},
      {"demo",
       "create the demo estate (about 1,200 units, a year of books)",
       "usage: trustfund demo --data DIR [--estate ID] [--units N] [--months M]\n\n"
       "Creates estate ID (default sunrise-garden) with N units (default 1200) and M months\n"
       "(default 12, ending 2026-10) of fee bills, payments (about 95% collected), expenses under\n"
       "the nine cost heads, remuneration, public revenue and repair-fund interest.\n",
       {"estate", "units", "months", "actor"},
       {},
       cmd_demo},
      {"fees schedule add",
       "add a fee schedule for a unit kind from a month on",
       "usage: trustfund fees schedule add --estate ID --kind KIND --from YYYY-MM\n"
       "                                   (--rate YUAN_PER_M2 | --fixed YUAN)\n\n"
       "KIND is residential, commercial or parking. The schedule in force for a month is the\n"
       "latest one from that month or before. A schedule may not start in a month already billed\n"
       "(a change never rewrites past bills). Rates are per m² per month, exact decimals.\n",
       {"estate", "kind", "from", "rate", "fixed", "actor"},
       {},
       cmd_fees_schedule_add},
      {"fees schedule list",
       "list the fee schedules (history kept)",
       "usage: trustfund fees schedule list --estate ID\n",
       {"estate"},
       {},
       cmd_fees_schedule_list},
      {"fees start",
       "set the day a unit's fees start",
       "usage: trustfund fees start --estate ID --unit CODE --date YYYY-MM-DD\n\n"
       "By default a unit's fees start on the day it was registered. The first month is billed\n"
       "for the days from that date to the month's end. Only before the unit's first bill.\n",
       {"estate", "unit", "date", "actor"},
       {},
       cmd_fees_start},
      {"fees bill",
       "bill a month: one bill per unit",
       "usage: trustfund fees bill --estate ID --month YYYY-MM\n\n"
       "Bills every unit by its kind's schedule (area x rate, rounded once; prorated by days in\n"
       "the month its fees start) and applies prepayments to the new bills. Billing the same\n"
       "month again bills nothing new (units added since are billed) and says so.\n",
       {"estate", "month", "actor"},
       {},
       cmd_fees_bill},
      {"fees import-payments",
       "record payments from a bank or payment-channel CSV",
       "usage: trustfund fees import-payments --estate ID --file FILE|- [--channel CHANNEL]\n\n"
       "Header: unit,amount,reference,date[,channel][,memo] in any order. All or nothing: every\n"
       "bad row is printed as FILE:LINE and nothing is recorded unless every row is good. The\n"
       "same channel and reference again is the same payment (recorded once). Each payment\n"
       "settles the unit's oldest open bills first; the rest is a prepayment.\n",
       {"estate", "file", "channel", "actor"},
       {},
       cmd_fees_import_payments},
      {"fees arrears",
       "arrears per unit, aged 0-30 / 31-90 / 91-180 / over 180 days",
       "usage: trustfund fees arrears --estate ID [--as-of YYYY-MM-DD]\n",
       {"estate", "as-of"},
       {},
       cmd_fees_arrears},
      {"fees collection",
       "collection rate for a month and the year to date",
       "usage: trustfund fees collection --estate ID --month YYYY-MM\n",
       {"estate", "month"},
       {},
       cmd_fees_collection},
      {"fees remuneration terms",
       "set the manager's remuneration terms from a month on",
       "usage: trustfund fees remuneration terms --estate ID --from YYYY-MM --basis BASIS\n"
       "                 [--fixed YUAN | --rate FRACTION | --tiers FROM%:RATE,...]\n\n"
       "BASIS: fixed (--fixed 8000.00 a month), percent_of_collected, percent_of_billed,\n"
       "percent_of_costs (--rate 0.08 is 8%), tiered_by_collection_rate (--tiers\n"
       "0:0.05,80:0.08,90:0.12: below 80% collected 5%, from 80% 8%, from 90% 12%; a bound\n"
       "belongs to the tier it starts). Terms are history: new ones start in a later month,\n"
       "never in or before a month already accrued.\n",
       {"estate", "from", "basis", "fixed", "rate", "tiers", "actor"},
       {},
       cmd_fees_remuneration_terms},
      {"fees remuneration accrue",
       "accrue a month's remuneration (expense and payable)",
       "usage: trustfund fees remuneration accrue --estate ID --month YYYY-MM\n"
       "                 [--deductions YUAN --reason TEXT]\n\n"
       "Computes the month's remuneration from the journal (fees billed, fees earned by settling\n"
       "bills, service costs) under the terms in force, less deductions, and posts it once:\n"
       "Dr OP.6602, Cr OP.2211 on the month's last day. Prints the computation.\n",
       {"estate", "month", "deductions", "reason", "actor"},
       {},
       cmd_fees_remuneration_accrue},
      {"fees remuneration list",
       "list the remuneration accrued, month by month",
       "usage: trustfund fees remuneration list --estate ID\n",
       {"estate"},
       {},
       cmd_fees_remuneration_list},
      {"user add",
       "add a user (password read from standard input)",
       "usage: trustfund user add --username NAME [--display-name TEXT]\n\n"
       "Adds an enabled user without roles. The password (at least 12 characters) is asked for\n"
       "twice on a terminal, or read as the first line of standard input; never as an option.\n",
       {"username", "display-name"},
       {},
       cmd_user_add},
      {"user grant",
       "give a user a role in an estate",
       "usage: trustfund user grant --username NAME --role ROLE --estate ID [--unit CODE]\n\n"
       "ROLE is admin, treasurer, manager, custodian, supervisor, resident or regulator.\n"
       "Residents need --unit (one grant per unit they own); --estate '*' is only for admin\n"
       "(the installation admin). A regulator gets one grant per estate of its jurisdiction.\n",
       {"username", "role", "estate", "unit"},
       {},
       cmd_user_grant},
      {"user revoke",
       "take a role away",
       "usage: trustfund user revoke --username NAME --role ROLE --estate ID [--unit CODE]\n",
       {"username", "role", "estate", "unit"},
       {},
       cmd_user_revoke},
      {"user reset-password",
       "set a new password (ends the user's sessions)",
       "usage: trustfund user reset-password --username NAME\n\n"
       "Reads the new password like user add. Sessions end; API tokens stay valid.\n",
       {"username"},
       {},
       cmd_user_reset_password},
      {"user disable",
       "stop a user from logging in or using tokens",
       "usage: trustfund user disable --username NAME\n",
       {"username"},
       {},
       cmd_user_disable},
      {"user enable",
       "let a disabled user back in",
       "usage: trustfund user enable --username NAME\n",
       {"username"},
       {},
       cmd_user_enable},
      {"user list",
       "list users and their grants",
       "usage: trustfund user list\n",
       {},
       {},
       cmd_user_list},
      {"token create",
       "make an API token for a script (printed once)",
       "usage: trustfund token create --username NAME --label TEXT [--days N]\n\n"
       "Prints a token tft_... valid for N days (default 90, at most 730). Only its hash is kept:\n"
       "store it safely, it cannot be shown again.\n",
       {"username", "label", "days"},
       {},
       cmd_token_create},
      {"token list",
       "list API tokens (never their text)",
       "usage: trustfund token list [--username NAME]\n",
       {"username"},
       {},
       cmd_token_list},
      {"token revoke",
       "revoke an API token by id",
       "usage: trustfund token revoke --id N\n",
       {"id"},
       {},
       cmd_token_revoke},
      {"serve",
       "run the HTTP service",
       "usage: trustfund serve --data DIR [--listen HOST:PORT] [--tls-cert PEM --tls-key PEM]\n"
       "                       [--threads N] [--max-connections N] [--max-body-bytes N]\n"
       "                       [--max-header-bytes N] [--request-timeout-ms N]\n"
       "                       [--max-page-size N] [--access-log FILE]\n"
       "                       [--trusted-proxy IP[,IP...]]\n\n"
       "Serves API v1 (docs/openapi.yaml, also at /api/v1/openapi.yaml), /healthz and /metrics.\n"
       "Defaults: --listen 127.0.0.1:8080 (port 0: any free port, printed at start), 128 threads\n"
       "(each serves one kept-alive connection at a time), 256 more connections queued, 1 MiB\n"
       "bodies, 16 KiB of headers, 30 s per request, pages of 1000 at most, access log (JSON\n"
       "lines, no secrets) on standard error. With --tls-cert and --tls-key it serves HTTPS\n"
       "(TLS 1.2 and later). Behind a reverse proxy, name it with --trusted-proxy so that the\n"
       "client's address is taken from X-Forwarded-For (login limits, logs). SIGTERM or SIGINT\n"
       "stops it gracefully: no new connections, requests in flight finish, queued writes are\n"
       "committed, files closed.\n",
       {"listen", "tls-cert", "tls-key", "threads", "max-connections", "max-body-bytes",
        "max-header-bytes", "request-timeout-ms", "max-page-size", "access-log", "trusted-proxy"},
       {},
       cmd_serve},
  };
  return all;
}

void print_overview(std::ostream& out) {
  out << "trustfund: the books of trust-model residential estates (信托制物业)\n\n"
         "usage: trustfund COMMAND [options]   (trustfund COMMAND --help for details)\n\n"
         "commands:\n";
  for (const auto& c : commands()) {
    out << "  " << std::left << std::setw(21) << c.path << c.summary << "\n";
  }
  out << "\ncommon options: --data DIR (or TRUSTFUND_DATA), --master-key-file FILE,\n"
         "                --actor WHO (or TRUSTFUND_ACTOR) for commands that write\n";
}

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return 2;
    case ErrorKind::not_found:
      return 3;
    case ErrorKind::conflict:
      return 4;
    case ErrorKind::rule_violation:
      return 5;
    case ErrorKind::access_denied:
      return 6;
    case ErrorKind::integrity:
      return 7;
    case ErrorKind::storage:
      return 1;
  }
  return 1;
}

}  // namespace

int run(const std::vector<std::string>& words, std::istream& in, std::ostream& out,
        std::ostream& err) {
  // The command is the longest run of leading words that names one.
  const Command* command = nullptr;
  std::size_t used = 0;
  for (const auto& c : commands()) {
    std::istringstream parts(c.path);
    std::string part;
    std::size_t n = 0;
    bool match = true;
    while (parts >> part) {
      if (n >= words.size() || words[n] != part)
        match = false;
      ++n;
    }
    if (match && n > used) {
      command = &c;
      used = n;
    }
  }
  const bool wants_help = std::find(words.begin(), words.end(), "--help") != words.end() ||
                          std::find(words.begin(), words.end(), "-h") != words.end();
  if (!command) {
    if (words.empty() || wants_help || words[0] == "help") {
      print_overview(out);
      return 0;
    }
    if (words[0] == "--version" || words[0] == "version") {
      out << "trustfund 0.1.0\n";
      return 0;
    }
    err << "trustfund: unknown command \"" << words[0] << "\"\n\n";
    print_overview(err);
    return 2;
  }
  if (wants_help) {
    out << command->usage;
    return 0;
  }
  try {
    std::set<std::string> flags = command->flags;
    const Args args(std::vector<std::string>(words.begin() + static_cast<long>(used), words.end()),
                    flags);
    std::set<std::string> allowed = command->options;
    allowed.insert(kGlobal.begin(), kGlobal.end());
    allowed.insert(flags.begin(), flags.end());
    args.allow_only(allowed);
    if (!args.positionals().empty() && command->path != "post") {
      throw Error::invalid("usage", "",
                           "unexpected argument \"" + args.positionals()[0] + "\" (see trustfund " +
                               command->path + " --help)");
    }
    const Context ctx{args, in, out, err};
    return command->run(ctx);
  } catch (const Error& e) {
    err << "trustfund: error: " << e.what();
    if (!e.field().empty())
      err << " [field: " << e.field() << "]";
    err << " [" << e.type() << "]\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    err << "trustfund: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace trustfund::cli
