// The command table, help texts and dispatch of `trustfund`.
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "context.h"
#include "custodian_commands.h"
#include "escrow_commands.h"
#include "fee_commands.h"
#include "repair_commands.h"
#include "statement_commands.h"
#include "trustfund/cli/cli.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/import.h"
#include "trustfund/ledger/writes.h"
#include "trustfund/money/area.h"
#include "user_commands.h"
#include "verify_command.h"

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
  const std::int64_t seq = parse_int(ctx.args.require("seq"), "seq");
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
      {"repair settings",
       "the repair fund settings in force: top-up, quotes, advance, retention",
       "usage: trustfund repair settings --estate ID [--on YYYY-MM-DD]\n\n"
       "Prints the settings in force on the day (default today) and the rule set by which a vote\n"
       "opened that day is judged. Without any settings the defaults apply: jurisdiction CN,\n"
       "developer ref \"developer\", top-up below 0.30 of the first deposit, 3 quotes, advance up\n"
       "to 0.30 of the price, retention 0.03, a new approval for a final cost above the approved\n"
       "budget by more than 0.10 and 10000.00, warranty 24 months.\n",
       {"estate", "on"},
       {},
       cmd_repair_settings_show},
      {"repair settings set",
       "add repair fund settings taking effect on a date",
       "usage: trustfund repair settings set --estate ID [--from YYYY-MM-DD] [--jurisdiction CN]\n"
       "         [--developer-ref REF] [--top-up-share 0.30] [--min-quotes 3]\n"
       "         [--advance-cap 0.30] [--retention 0.03] [--overrun-share 0.10]\n"
       "         [--overrun-min 10000.00] [--warranty-months 24]\n\n"
       "Settings are history: each applies from its date (today or later, default today), and a\n"
       "setting not named keeps the value in force on that date. --jurisdiction picks the rules\n"
       "of owners' votes (CN: Civil Code art. 278 from 2021-01-01, Property Law art. 76 before).\n"
       "--developer-ref is the owner reference of the developer's unsold units, which vote as one\n"
       "owner. Shares are fractions (0.30 is 30%); amounts in yuan.\n",
       {"estate", "from", "jurisdiction", "developer-ref", "top-up-share", "min-quotes",
        "advance-cap", "retention", "overrun-share", "overrun-min", "warranty-months", "actor"},
       {},
       cmd_repair_settings_set},
      {"repair deposit",
       "record repair fund deposits (first deposits, top-ups) from a CSV",
       "usage: trustfund repair deposit --estate ID --file DEPOSITS.csv|-\n\n"
       "Header: unit,kind,amount,date in any order; kind is first or top_up, amount in yuan, date\n"
       "the day received (YYYY-MM-DD). All or nothing: every bad row is printed as FILE:LINE and\n"
       "nothing is recorded unless every row is good. A unit has one first deposit; a top-up\n"
       "needs the first deposit before it. Posts Dr RF.1002, Cr RF.3001@unit, one entry a day.\n",
       {"estate", "file", "actor"},
       {},
       cmd_repair_deposit},
      {"repair interest",
       "allocate interest the bank paid on the repair fund over the units, exactly",
       "usage: trustfund repair interest --estate ID --amount YUAN --date YYYY-MM-DD\n"
       "         [--basis balance|area]\n\n"
       "Splits the interest over every unit by its sub-account balance at the date (default;\n"
       "units without a balance get none) or by area, by the largest remainder so that the parts\n"
       "add up to the fen. Posts Dr RF.1002, Cr RF.3001@unit and prints each unit's share.\n",
       {"estate", "amount", "date", "basis", "actor"},
       {},
       cmd_repair_interest},
      {"repair accounts",
       "the repair fund's unit sub-accounts; --below-top-up: the top-up notices",
       "usage: trustfund repair accounts --estate ID [--as-of YYYY-MM-DD] [--below-top-up]\n\n"
       "Per unit at the end of the day (default today): area, first deposit, top-ups, project\n"
       "costs charged, balance, the top-up line (the top-up share of its first deposit) and\n"
       "\"top-up\" when the balance is below it. --below-top-up lists only those units: the ones\n"
       "whose owners are asked to top up. The per-unit detail is for the treasurer and the\n"
       "unit's own owner; statements publish units by code only.\n",
       {"estate", "as-of"},
       {"below-top-up"},
       cmd_repair_accounts},
      {"repair reconcile",
       "reconcile the repair fund: bank, fund and unit sub-accounts",
       "usage: trustfund repair reconcile --estate ID [--as-of YYYY-MM-DD]\n\n"
       "Checks that the control account RF.3001 equals the sum of the unit sub-accounts, and that\n"
       "the bank balance equals the sub-accounts plus payables and retention held, less what has\n"
       "been paid for works not yet charged to the units. Exit status 0 when balanced, 1 if not.\n",
       {"estate", "as-of"},
       {},
       cmd_repair_reconcile},
      {"vote open",
       "open an owners' vote on a scope (voters fixed at opening)",
       "usage: trustfund vote open --estate ID --question TEXT\n"
       "         --matter use_fund|raise_fund|change_use|ordinary\n"
       "         --scope estate|buildings|entrances|units [--items 1,2]\n"
       "         --opens YYYY-MM-DD --closes YYYY-MM-DD [--no-change]\n\n"
       "The voters are the owners of the units in scope on the opening day: one owner one head\n"
       "however many units, the developer's unsold units one head together; each with the area of\n"
       "their units in scope. The vote is judged by the rules in force on the opening day (see\n"
       "repair settings). --items lists buildings (\"3\"), entrances (\"3-2\") or units\n"
       "(\"3-2-1502\"). --no-change: a ballot once recorded cannot be replaced. Prints V-NNNN.\n",
       {"estate", "question", "matter", "scope", "items", "opens", "closes", "actor"},
       {"no-change"},
       cmd_vote_open},
      {"vote ballot",
       "record an owner's ballot",
       "usage: trustfund vote ballot --estate ID --vote V-NNNN --owner REF\n"
       "         --choice yes|no|abstain --date YYYY-MM-DD\n\n"
       "The owner must hold a unit in the vote's scope; the date is the day the ballot was cast,\n"
       "from the opening to the closing day. A second ballot replaces the first unless the vote\n"
       "was opened with --no-change. Abstaining takes part but agrees to nothing.\n",
       {"estate", "vote", "owner", "choice", "date", "actor"},
       {},
       cmd_vote_ballot},
      {"vote close",
       "close a vote (no more ballots) and fix its result",
       "usage: trustfund vote close --estate ID --vote V-NNNN [--json]\n",
       {"estate", "vote", "actor"},
       {"json"},
       cmd_vote_close},
      {"vote show",
       "a vote and its tally: each threshold, what it needs, passed or FAILED",
       "usage: trustfund vote show --estate ID --vote V-NNNN [--json]\n\n"
       "Shows the rule set and its citation, the area and headcount in scope, taking part, yes,\n"
       "no and abstaining, then one line per threshold: what is counted, of which base, the share\n"
       "(cut to two decimals; the decision compares exact fractions), the fraction required and\n"
       "passed or FAILED. The vote is approved when every threshold passed.\n",
       {"estate", "vote"},
       {"json"},
       cmd_vote_show},
      {"repair propose",
       "propose a repair project from a JSON file",
       "usage: trustfund repair propose --estate ID --file PROJECT.json|- [--json]\n\n"
       "PROJECT.json: {\"title\",\n"
       "\"category\": lift|roof|facade|water|drainage|fire_system|other, \"reason\",\n"
       "\"budget\": \"30000.00\", \"quotes\": [{\"contractor\", \"amount\", \"document_sha256\"}]\n"
       "(at least the settings' min quotes; 1 for an emergency), \"chosen_quote\": 0,\n"
       "\"chosen_reason\", \"scope\": {\"kind\": \"buildings\", \"items\": [\"2\"]},\n"
       "\"documents\"?: [{\"name\", \"sha256\"}], and for an emergency \"emergency_category\"\n"
       "(roof_leak, lift_fault, water_pump, facade, drainage, fire_system),\n"
       "\"emergency_certificate_sha256\", \"emergency_notice_sha256\"}. Prints RP-NNNN.\n",
       {"estate", "file", "actor"},
       {"json"},
       cmd_repair_propose},
      {"repair vote",
       "put a proposed project to the owners in its scope",
       "usage: trustfund repair vote --estate ID --project RP-NNNN --question TEXT\n"
       "         --opens YYYY-MM-DD --closes YYYY-MM-DD [--json]\n\n"
       "Opens a vote on using the fund (matter use_fund) over the project's scope: the owners who\n"
       "would pay decide. Ballots with vote ballot, then repair decide.\n",
       {"estate", "project", "question", "opens", "closes", "actor"},
       {"json"},
       cmd_repair_vote},
      {"repair decide",
       "close the project's vote and apply its result (approved or rejected)",
       "usage: trustfund repair decide --estate ID --project RP-NNNN [--json]\n\n"
       "Closes the vote if open and prints the tally. Approved: the budget is approved and the\n"
       "contract may be signed. Rejected: nothing may be paid.\n",
       {"estate", "project", "actor"},
       {"json"},
       cmd_repair_decide},
      {"repair emergency",
       "declare a proposed emergency repair: it skips the vote",
       "usage: trustfund repair emergency --estate ID --project RP-NNNN --date YYYY-MM-DD\n"
       "         [--json]\n\n"
       "Only for a proposal with an emergency category, its certifying document and the notice to\n"
       "owners. Its payments still need both custodians, are marked emergency in every entry and\n"
       "statement, and stay within the emergency cap of the payment policy (escrow policy).\n",
       {"estate", "project", "date", "actor"},
       {"json"},
       cmd_repair_emergency},
      {"repair contract",
       "record the contract of an approved (or emergency) project",
       "usage: trustfund repair contract --estate ID --project RP-NNNN --file CONTRACT.json|-\n"
       "         [--json]\n\n"
       "CONTRACT.json: {\"contractor\", \"payee\": {\"name\", \"account_no\", \"bank_name\",\n"
       "\"bank_code\"?}, \"price\": \"28000.00\", \"signed_on\": \"YYYY-MM-DD\",\n"
       "\"document_sha256\", \"warranty_months\"?: 24 (default: the settings' on the day\n"
       "signed)}. The price may not exceed the approved budget plus the overrun margin.\n",
       {"estate", "project", "file", "actor"},
       {"json"},
       cmd_repair_contract},
      {"repair start",
       "record the start of the works",
       "usage: trustfund repair start --estate ID --project RP-NNNN --date YYYY-MM-DD [--json]\n",
       {"estate", "project", "date", "actor"},
       {"json"},
       cmd_repair_start},
      {"repair pay",
       "prepare a staged payment: an escrow order for the two custodians to sign",
       "usage: trustfund repair pay --estate ID --project RP-NNNN\n"
       "         --stage advance|progress|balance|retention --amount YUAN\n"
       "         [--expires YYYY-MM-DD] [--json]\n\n"
       "Checks the payment against the contract, then prepares and submits its order (expiring\n"
       "after --expires, default today + 30 days) and prints the order id to sign next:\n"
       "  advance    contracted or in works; all advances at most the advance cap of the price\n"
       "  progress   in works; everything paid before acceptance at most the price less the\n"
       "             retention share\n"
       "  balance    accepted; up to the final cost less the retention (an overrun beyond the\n"
       "             margin only once the owners approve it: repair overrun)\n"
       "  retention  in warranty, after the warranty end; at most the retention held\n"
       "Then: order document, custodian sign and cosign, order attach, order execute.\n",
       {"estate", "project", "stage", "amount", "expires", "actor"},
       {"json"},
       cmd_repair_pay},
      {"repair accept",
       "accept the works with their final cost; the warranty starts",
       "usage: trustfund repair accept --estate ID --project RP-NNNN --date YYYY-MM-DD\n"
       "         --final-cost YUAN [--json]\n\n"
       "The warranty runs for the contract's months from the acceptance date; the retention is\n"
       "the retention share of the final cost. A final cost above the approved budget by more\n"
       "than the margin needs the owners' approval of the excess (repair overrun).\n",
       {"estate", "project", "date", "final-cost", "actor"},
       {"json"},
       cmd_repair_accept},
      {"repair overrun",
       "raise the approved budget to the final cost on the owners' passed vote",
       "usage: trustfund repair overrun --estate ID --project RP-NNNN --vote V-NNNN [--json]\n\n"
       "The vote (vote open --matter use_fund over the project's scope) must be closed and\n"
       "approved.\n",
       {"estate", "project", "vote", "actor"},
       {"json"},
       cmd_repair_overrun},
      {"repair settle",
       "charge the final cost to the unit sub-accounts in scope by area",
       "usage: trustfund repair settle --estate ID --project RP-NNNN --date YYYY-MM-DD [--json]\n\n"
       "Once everything but the retention is paid by executed orders: charges the final cost to\n"
       "the units in scope by area, exactly (largest remainder, ties by unit code), and moves\n"
       "the retention to RF.2241 until the warranty ends. The split: repair split.\n",
       {"estate", "project", "date", "actor"},
       {"json"},
       cmd_repair_settle},
      {"repair close",
       "close a settled project once its retention is released",
       "usage: trustfund repair close --estate ID --project RP-NNNN [--json]\n",
       {"estate", "project", "actor"},
       {"json"},
       cmd_repair_close},
      {"repair list",
       "the estate's repair projects",
       "usage: trustfund repair list --estate ID\n\n"
       "One line each: project, state, emergency or voted, budget, approved, paid, title.\n",
       {"estate"},
       {},
       cmd_repair_list},
      {"repair show",
       "one repair project: proposal, vote, contract, payments, retention, events",
       "usage: trustfund repair show --estate ID --project RP-NNNN [--json]\n",
       {"estate", "project"},
       {"json"},
       cmd_repair_show},
      {"repair split",
       "the settled cost of a project per unit",
       "usage: trustfund repair split --estate ID --project RP-NNNN [--json]\n\n"
       "Each unit in scope with its area and its share of the final cost; the shares add up to\n"
       "the final cost exactly.\n",
       {"estate", "project"},
       {"json"},
       cmd_repair_split},
      {"verify",
       "check a published statement directory: files, signatures, chain, your unit",
       "usage: trustfund verify DIR [--previous PREVIOUS_DIR] [--proof PROOF.json] [--json]\n\n"
       "Checks a published statement (docs/statements.md) with no server and no database:\n"
       "  - every file is there and each content file has the SHA-256 manifest.json gives it\n"
       "    (a file the manifest does not name is noted and ignored: nothing vouches for it);\n"
       "  - manifest.json is canonical JSON (RFC 8785) of a known format and names the estate,\n"
       "    period and kind of statement.json and the version of custodians.json;\n"
       "  - each certificate in custodians.json has the key id given, and custodians.pem holds\n"
       "    exactly those certificates;\n"
       "  - the CMS signatures in manifest.p7s verify over manifest.json and the signers are\n"
       "    exactly the owners_committee and the manager custodians of custodians.json (not one\n"
       "    of them alone, not the supervisor, not anyone else);\n"
       "  - the journal consistency proof in the manifest verifies.\n"
       "--previous DIR: also the previous statement's own files and signatures, the chain\n"
       "(previous_manifest_sha256 is the SHA-256 of its manifest.json), the journal continuing\n"
       "its tree, and the same custodian set or a later one.\n"
       "--proof FILE: a unit's resident proof (from GET .../statements/PERIOD/units/UNIT/proof):\n"
       "its leaf is canonical, for this estate and period, and included in the resident tree.\n"
       "--month DIR (a view; once per month): each month's own files and signatures, and that\n"
       "the view names the SHA-256 of each month's manifest.json and spans their journal.\n\n"
       "Prints one line per check, \"ok   WHAT\" or \"FAILED WHAT: WHY\", then a summary (--json:\n"
       "one JSON object instead). Exit status 0 only if every check passed, 1 otherwise.\n"
       "The signatures alone, with stock OpenSSL (which accepts one signer, or anyone whose\n"
       "certificate is in the CA file, so it is not enough on its own):\n"
       "  openssl cms -verify -binary -inform DER -in DIR/manifest.p7s \\\n"
       "    -content DIR/manifest.json -CAfile DIR/custodians.pem -purpose any -out /dev/null\n"
       "  sha256sum DIR/statement.json DIR/statement.html DIR/entries.csv DIR/custodians.json\n",
       {"previous", "proof", "month"},
       {"json"},
       cmd_verify},
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
      {"demo",
       "create the demo estate (about 1,200 units, a year of books)",
       "usage: trustfund demo --data DIR [--estate ID] [--units N] [--months M]\n"
       "                      [--open-months K]\n\n"
       "Creates estate ID (default sunrise-garden) with N units (default 1200) and M months\n"
       "(default 12, ending 2026-10) of fee bills, payments (about 95% collected), expenses under\n"
       "the nine cost heads, remuneration, public revenue and repair-fund interest. Every month\n"
       "is closed and its statement published, except the last K (default 0), left open.\n",
       {"estate", "units", "months", "open-months", "actor"},
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
      {"fees revenue record",
       "record public revenue (parking, advertising, ...) into the public revenue fund",
       "usage: trustfund fees revenue record --estate ID --class CLASS --amount YUAN --date D\n"
       "         --memo TEXT\n\n"
       "CLASS: parking, advertising, venue, telecom, compensation, interest, other.\n",
       {"estate", "class", "amount", "date", "memo", "actor"},
       {},
       cmd_fees_revenue_record},
      {"fees revenue cost",
       "charge a reasonable cost to public revenue, with its voucher",
       "usage: trustfund fees revenue cost --estate ID --amount YUAN --date D --payee NAME\n"
       "         --voucher-no NO --voucher-sha256 HEX [--memo TEXT]\n",
       {"estate", "amount", "date", "payee", "voucher-no", "voucher-sha256", "memo", "actor"},
       {},
       cmd_fees_revenue_cost},
      {"fees revenue",
       "public revenue of a range of months: by class, costs, net, moved to the repair fund",
       "usage: trustfund fees revenue --estate ID --from YYYY-MM [--to YYYY-MM]\n",
       {"estate", "from", "to"},
       {},
       cmd_fees_revenue_summary},
      {"fees revenue transfer",
       "move a share of the net public revenue of some months to the repair fund",
       "usage: trustfund fees revenue transfer --estate ID --from YYYY-MM --to YYYY-MM --share "
       "0.5\n\n"
       "Split over every unit's repair fund sub-account by area, exactly; once per month.\n",
       {"estate", "from", "to", "share", "actor"},
       {},
       cmd_fees_revenue_transfer},
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
      {"custodian keygen",
       "make a custodian's key file and certificate (on the custodian's own computer)",
       "usage: trustfund custodian keygen --out-key K.key --out-cert K.pem [--out-csr K.csr]\n"
       "         --name NAME --organization ORG --role owners_committee|manager|supervisor\n"
       "         [--country CN] [--days 1095] [--passphrase-file F]\n\n"
       "Makes a new ECDSA P-256 key and writes it to K.key, encrypted with a passphrase (PKCS#8,\n"
       "scrypt, AES-256-CBC; mode 0600), and a self-signed certificate naming you, your\n"
       "organisation and your role to K.pem (--out-csr: also a certificate request, for estates\n"
       "whose certificates come from a CA). Prints the key id (SHA-256 of the public key) and the\n"
       "certificate's fingerprint. Needs no data directory and no network; never overwrites a "
       "file.\n"
       "The passphrase (at least 12 characters) is read from the first line of --passphrase-file,\n"
       "else from TRUSTFUND_KEY_PASSPHRASE, else asked twice on the terminal (or read as one line\n"
       "of standard input); never as an option. For a key on a USB token: custodian cert.\n",
       {"out-key", "out-cert", "out-csr", "name", "organization", "role", "country", "days",
        "passphrase-file", "key"},
       {},
       cmd_custodian_keygen},
      {"custodian cert",
       "make a certificate for an existing key: a token key (pkcs11:) or a key file",
       "usage: trustfund custodian cert --key pkcs11:URI|K.key --out-cert K.pem [--out-csr K.csr]\n"
       "         --name NAME --organization ORG --role owners_committee|manager|supervisor\n"
       "         [--country CN] [--days 1095] [--pin-file F | --passphrase-file F]\n\n"
       "For a key made on a PKCS#11 token (USB key), e.g.\n"
       "  --key 'pkcs11:token=tf;object=custodian;type=private'\n"
       "or to renew the certificate of a key file (same key, so the same key id and custodian).\n"
       "The token PIN comes from --pin-file, else TRUSTFUND_KEY_PIN, else the terminal; the\n"
       "pkcs11 provider finds the token's module through PKCS11_PROVIDER_MODULE (e.g.\n"
       "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so). The key never leaves the token.\n",
       {"key", "out-cert", "out-csr", "name", "organization", "role", "country", "days", "pin-file",
        "passphrase-file"},
       {},
       cmd_custodian_cert},
      {"custodian sign",
       "sign a document: a detached CMS signature file",
       "usage: trustfund custodian sign --key K.key|pkcs11:URI --cert K.pem --in DOC --out "
       "DOC.p7s\n"
       "         [--passphrase-file F | --pin-file F]\n\n"
       "Writes DOC.p7s: a detached CMS SignedData (DER) by your key over the exact bytes of DOC,\n"
       "ECDSA P-256 with SHA-256, with your certificate and the signing time. The second "
       "custodian\n"
       "adds their signature with custodian cosign. The certificate must be valid today.\n",
       {"key", "cert", "in", "out", "passphrase-file", "pin-file"},
       {},
       cmd_custodian_sign},
      {"custodian cosign",
       "check a signed document, then add your signature",
       "usage: trustfund custodian cosign --key K.key|pkcs11:URI --cert K.pem --in DOC\n"
       "         --signature DOC.p7s --out DOC.2.p7s [--custodians CERTS.pem]\n"
       "         [--passphrase-file F | --pin-file F]\n\n"
       "Verifies every signature already in DOC.p7s over DOC and shows who signed; with\n"
       "--custodians, also that each of them is one of those certificates. Only then asks for "
       "your\n"
       "passphrase or PIN and writes DOC.2.p7s with your signature added over the same digest.\n"
       "A key that has signed already cannot sign again.\n",
       {"key", "cert", "in", "signature", "out", "custodians", "passphrase-file", "pin-file"},
       {},
       cmd_custodian_cosign},
      {"custodian verify",
       "check a signature file over a document and show who signed",
       "usage: trustfund custodian verify --in DOC --signature DOC.p7s [--custodians CERTS.pem]\n"
       "         [--require-two]\n\n"
       "Checks every signature in DOC.p7s over DOC and prints each signer: subject, role, key id\n"
       "and signing time. --custodians CERTS.pem (PEM certificates, e.g. from custodian list\n"
       "--pem): every signer must be one of them (by key id). --require-two: exactly two\n"
       "signers, one owners_committee and one manager custodian (roles as in CERTS.pem).\n"
       "Exit status 0 when every check passes, 1 if one fails (a FAILED: line says which).\n"
       "The same check with stock OpenSSL (signatures only; it accepts one signer):\n"
       "  openssl cms -verify -binary -inform DER -in DOC.p7s -content DOC -CAfile CERTS.pem \\\n"
       "    -purpose any -out /dev/null\n",
       {"in", "signature", "custodians"},
       {"require-two"},
       cmd_custodian_verify},
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
  // The summaries start in one column, two spaces after the longest command.
  std::size_t width = 0;
  for (const auto& c : commands())
    width = std::max(width, std::string_view(c.path).size());
  for (const auto& c : commands()) {
    out << "  " << std::left << std::setw(static_cast<int>(width + 2)) << c.path << c.summary
        << "\n";
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
    if (!args.positionals().empty() && command->path != "post" && command->path != "verify") {
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
