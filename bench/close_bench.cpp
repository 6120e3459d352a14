// Monthly close benchmark (issue 7): the close of the last month of a year of books of a
// 10,000-unit estate, with its resident tree and both custodians' signatures until the statement
// is published, against the irreducible part of that work done with raw SQLCipher and OpenSSL in
// the same run (docs/benchmarks.md, "Monthly close").
//
// Set-up, untimed: the estate that `trustfund demo --units N --months 12 --open-months 1` builds
// (2025-11 to 2026-10: monthly billing runs, payments with arrears and prepayments, spending paid
// by orders both demo custodians sign, remuneration, public revenue and its transfers to the
// repair fund, interest, two repair projects), with 2025-11 to 2026-09 closed and published. The
// custodians' keys are opened from the demo's key files.
//
// Ours, timed once (a month closes once): statements::close_month(2026-10); the committee's
// cms_sign and the manager's cms_cosign over its manifest; add_signature of the first file, then
// of the co-signed one, after which the statement is published.
//
// Baseline, the fastest of kBaselineRuns: the figures a statement cannot do without, read with
// raw sqlite3 on the same connection from the balances the books maintain (the three bank
// accounts' month, every unit's month-end balances) and the month's unit postings with their
// entry kinds (billed, paid); the resident leaves written as text (with ours' salts, so the tree
// must come out the same) and their RFC 6962 root by OpenSSL's SHA-256; the SHA-256 of ours'
// built files; the leaves, files and manifest written in one transaction into a raw SQLCipher
// file (WAL, synchronous=FULL); one SignedData with both signers by OpenSSL's CMS directly; the
// signature written in one more transaction. It checks nothing, builds no statement.json, HTML or
// CSV (it hashes ours'), and verifies no signature.
#include <openssl/cms.h>
#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include "bench_estate.h"
#include "benchmarks.h"
#include "measure.h"
#include "raw_sqlite.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/demo/demo.h"
#include "trustfund/statements/statement.h"
#include "trustfund/statements/verify.h"
#include "trustfund/store/data_dir.h"

namespace trustfund::bench {
namespace {

using money::Amount;

constexpr std::int64_t kTargetNs = 2'000'000'000;  // < 2 s for 10,000 units
constexpr int kBaselineRuns = 3;
constexpr const char* kMonth = "2026-10";  // the demo's last month
constexpr const char* kTreasurer = "bench:treasurer";
// The files the manifest names, in its order.
constexpr const char* kFileNames[] = {"custodians.json", "entries.csv", "statement.html",
                                      "statement.json"};
constexpr const char* kFunds[] = {"OP.1002", "PR.1002", "RF.1002"};

// ---- set-up

void build_demo_estate(const std::filesystem::path& data, std::int64_t units) {
  std::string warning;  // the development-key warning; expected here
  store::DataDir dir = store::DataDir::init(data, {}, /*dev=*/true, &warning);
  demo::DemoOptions options;
  options.estate_id = kEstateId;
  options.units = units;
  options.months = 12;
  options.open_months = 1;
  options.actor = ledger::Actor(kTreasurer);
  options.key_dir = data / "demo-custodians";
  const demo::DemoEstate made = demo::create_demo_estate(dir, options);
  std::cerr << "close: demo estate " << made.estate_id << ": " << made.units << " units, "
            << made.entries << " journal entries, " << made.published << " statements published\n";
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in)
    throw std::runtime_error("cannot read " + path.string());
  return s.str();
}

struct Custodian {
  crypto::PrivateKey key;
  crypto::Certificate certificate;
};

Custodian open_custodian(const std::filesystem::path& key_dir, const char* name,
                         const char* passphrase) {
  std::string key_file = name, cert_file = name;
  key_file.append(".key");
  cert_file.append(".pem");
  return {crypto::PrivateKey::from_encrypted_pem(file_text(key_dir / key_file), passphrase),
          crypto::Certificate::parse(file_text(key_dir / cert_file))};
}

// ---- ours

struct OursRun {
  std::int64_t close_ns = 0, sign_ns = 0, attach_ns = 0;
  std::int64_t total_ns() const { return close_ns + sign_ns + attach_ns; }
  statements::Statement statement;
};

OursRun close_and_publish(ledger::Books& books, const Custodian& committee,
                          const Custodian& manager) {
  OursRun run;
  auto t0 = Clock::now();
  run.statement = statements::close_month(books, Period::parse(kMonth), ledger::Actor(kTreasurer));
  run.close_ns = elapsed_ns(t0);
  const std::string& manifest = run.statement.manifest;

  t0 = Clock::now();
  const std::string first = crypto::cms_sign(manifest, committee.key, committee.certificate);
  run.sign_ns = elapsed_ns(t0);
  t0 = Clock::now();
  statements::add_signature(books, kMonth, first, ledger::Actor("bench:committee"));
  run.attach_ns = elapsed_ns(t0);

  t0 = Clock::now();
  const std::string both = crypto::cms_cosign(first, manifest, manager.key, manager.certificate);
  run.sign_ns += elapsed_ns(t0);
  t0 = Clock::now();
  run.statement = statements::add_signature(books, kMonth, both, ledger::Actor("bench:manager"));
  run.attach_ns += elapsed_ns(t0);
  if (run.statement.state != statements::StatementState::published)
    throw std::runtime_error("close: the statement is not published after both signatures");
  return run;
}

// What ours published, read back untimed for the checks and as the baseline's input.
struct Published {
  std::int64_t leaf_count = 0;
  std::string root_hex;
  std::vector<std::string> file_sha256_hex;  // kFileNames order
  std::vector<std::string> files;            // their bytes
  std::vector<std::string> salts;            // leaf order
  Amount billed, paid;                       // over the leaves
  std::vector<std::string> fund_closing;     // kFunds order, from statement.json
};

// What ours published is read back strictly; a fault throws trustfund::Error.
const json::ErrorFaults& published_faults() {
  static const json::ErrorFaults faults = json::ErrorFaults::stored("published");
  return faults;
}

Published read_published(ledger::Books& books, const statements::Statement& s) {
  Published p;
  const json::Document manifest(s.manifest, published_faults());
  const json::ObjectReader residents = manifest.object().object("residents");
  p.leaf_count = residents.integer("leaf_count");
  p.root_hex = residents.string("root");
  const json::ArrayReader files = manifest.object().array("files");
  for (std::size_t i = 0; i < std::size(kFileNames); ++i) {
    const json::ObjectReader f = files.object(i);
    if (f.string("name") != kFileNames[i])
      throw std::runtime_error("close: the manifest names other files");
    p.file_sha256_hex.push_back(f.string("sha256"));
    p.files.push_back(statements::statement_file(books, kMonth, kFileNames[i]).content);
  }
  const json::Document statement(p.files[3], published_faults(),
                                 {.max_bytes = crypto::kJcsMaxTextBytes});
  const json::ArrayReader funds = statement.object().array("funds");
  for (const char* code : kFunds) {
    std::string closing;
    for (std::size_t i = 0; i < funds.size(); ++i) {
      const json::ObjectReader f = funds.object(i);
      if (f.string("fund") == std::string_view(code, 2))
        closing = f.string("book_closing");
    }
    p.fund_closing.push_back(closing);
  }
  sqlite3* db = books.database().handle();
  const StatementPtr st =
      prepare(db, "SELECT leaf FROM resident_leaf WHERE period_key = ?1 ORDER BY leaf_index");
  sqlite3_bind_text(st.get(), 1, kMonth, -1, SQLITE_STATIC);
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    const json::Document doc(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0)),
                             published_faults());
    const json::ObjectReader leaf = doc.object();
    p.salts.push_back(leaf.string("salt"));
    p.billed += Amount::parse(leaf.decimal("billed"));
    p.paid += Amount::parse(leaf.decimal("paid"));
  }
  return p;
}

// ---- the baseline

struct RawUnit {
  std::string code;
  std::int64_t billed_fen = 0, paid_fen = 0, balance_fen = 0, repair_fen = 0;
};

struct RawRun {
  std::int64_t read_ns = 0, tree_ns = 0, hash_ns = 0, write_ns = 0, sign_ns = 0, attach_ns = 0;
  std::int64_t close_ns() const { return read_ns + tree_ns + hash_ns + write_ns; }
  std::int64_t total_ns() const { return close_ns() + sign_ns + attach_ns; }
  std::vector<std::int64_t> fund_closing_fen;  // kFunds order
  std::vector<RawUnit> units;                  // by code
  std::string root_hex;
  std::vector<std::string> file_sha256_hex;
  std::string cms_der;
};

// The latest maintained period row of each account at or before the month (?1).
constexpr const char* kLatestRow =
    " CROSS JOIN balance_period b ON b.account_id = a.account_id AND b.period ="
    " (SELECT max(period) FROM balance_period x WHERE x.account_id = a.account_id"
    "  AND x.period <= ?1)";

std::string column_text(sqlite3_stmt* st, int i) {
  return reinterpret_cast<const char*>(sqlite3_column_text(st, i));
}

// The three bank accounts' closing and every unit's figures of the month.
void raw_figures(sqlite3* db, RawRun& run) {
  const Period month = Period::parse(kMonth);
  const std::string from = month.first_day().to_string(), to = month.last_day().to_string();
  std::string funds_sql = "SELECT a.code, b.closing_fen FROM account a";
  funds_sql.append(kLatestRow).append(" WHERE a.code IN ('OP.1002', 'PR.1002', 'RF.1002')");
  const StatementPtr funds = prepare(db, funds_sql);
  sqlite3_bind_text(funds.get(), 1, kMonth, -1, SQLITE_STATIC);
  run.fund_closing_fen.assign(std::size(kFunds), 0);
  while (sqlite3_step(funds.get()) == SQLITE_ROW) {
    for (std::size_t i = 0; i < std::size(kFunds); ++i) {
      if (column_text(funds.get(), 0) == kFunds[i])
        run.fund_closing_fen[i] = sqlite3_column_int64(funds.get(), 1);
    }
  }

  std::unordered_map<std::string, std::size_t> index;
  {
    const StatementPtr st = prepare(db, "SELECT code FROM unit ORDER BY code");
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      index.emplace(column_text(st.get(), 0), run.units.size());
      run.units.push_back({column_text(st.get(), 0)});
    }
  }
  // Month-end balances of the unit sub-accounts: fees owed (OP.1122), prepaid (OP.2203), repair
  // fund (RF.3001, a credit balance).
  std::string closing_sql =
      "SELECT a.unit_code, substr(a.code, 1, instr(a.code, '@') - 1), b.closing_fen FROM account a";
  closing_sql.append(kLatestRow).append(" WHERE a.unit_code IS NOT NULL");
  const StatementPtr closing = prepare(db, closing_sql);
  sqlite3_bind_text(closing.get(), 1, kMonth, -1, SQLITE_STATIC);
  while (sqlite3_step(closing.get()) == SQLITE_ROW) {
    RawUnit& u = run.units[index.at(column_text(closing.get(), 0))];
    const std::string control = column_text(closing.get(), 1);
    const std::int64_t fen = sqlite3_column_int64(closing.get(), 2);
    if (control == "OP.1122" || control == "OP.2203")
      u.balance_fen += fen;
    else if (control == "RF.3001")
      u.repair_fen -= fen;
  }
  // The month's bills and fee payments on the unit sub-accounts.
  const StatementPtr moves = prepare(
      db,
      "SELECT a.unit_code, substr(a.code, 1, instr(a.code, '@') - 1), e.kind, sum(p.amount_fen)"
      " FROM account a JOIN posting p ON p.account_id = a.account_id AND p.day >= ?1"
      " AND p.day <= ?2 JOIN journal_entry e ON e.seq = p.seq"
      " WHERE a.unit_code IS NOT NULL AND e.kind IN ('fee_bill', 'payment') GROUP BY 1, 2, 3");
  sqlite3_bind_text(moves.get(), 1, from.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(moves.get(), 2, to.c_str(), -1, SQLITE_STATIC);
  while (sqlite3_step(moves.get()) == SQLITE_ROW) {
    RawUnit& u = run.units[index.at(column_text(moves.get(), 0))];
    const std::string control = column_text(moves.get(), 1), kind = column_text(moves.get(), 2);
    const std::int64_t fen = sqlite3_column_int64(moves.get(), 3);
    if (kind == "fee_bill" && control == "OP.1122")
      u.billed_fen += fen;
    if (kind == "payment" && (control == "OP.1122" || control == "OP.2203"))
      u.paid_fen -= fen;
  }
}

crypto::Digest raw_sha256(std::string_view bytes) {
  crypto::Digest d{};
  if (EVP_Digest(bytes.data(), bytes.size(), d.data(), nullptr, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  return d;
}

// RFC 6962 root of leaves[begin, end): split at the largest power of two below the size.
crypto::Digest raw_root(const std::vector<crypto::Digest>& leaves, std::size_t begin,
                        std::size_t end) {
  if (end - begin == 1)
    return leaves[begin];
  std::size_t k = 1;
  while (k * 2 < end - begin)
    k *= 2;
  std::string node(1, '\x01');
  const crypto::Digest left = raw_root(leaves, begin, begin + k);
  const crypto::Digest right = raw_root(leaves, begin + k, end);
  node.append(reinterpret_cast<const char*>(left.data()), left.size());
  node.append(reinterpret_cast<const char*>(right.data()), right.size());
  return raw_sha256(node);
}

// The leaves as canonical JSON text written directly (members in code-unit order; the values
// need no escaping: decimal amounts, hex, plain unit codes and estate id), and their root.
std::vector<std::string> raw_leaves(const std::string& estate, const RawRun& run,
                                    const std::vector<std::string>& salts, std::string& root_hex) {
  std::vector<std::string> leaves;
  std::vector<crypto::Digest> hashes;
  leaves.reserve(run.units.size());
  hashes.reserve(run.units.size());
  for (std::size_t i = 0; i < run.units.size(); ++i) {
    const RawUnit& u = run.units[i];
    std::string leaf = "{\"balance\":\"";
    leaf.append(Amount::from_fen(u.balance_fen).to_string()).append("\",\"billed\":\"");
    leaf.append(Amount::from_fen(u.billed_fen).to_string()).append("\",\"estate\":\"");
    leaf.append(estate).append("\",\"format\":\"").append(statements::kResidentLeafFormat);
    leaf.append("\",\"paid\":\"").append(Amount::from_fen(u.paid_fen).to_string());
    leaf.append("\",\"period\":\"").append(kMonth).append("\",\"repair_balance\":\"");
    leaf.append(Amount::from_fen(u.repair_fen).to_string()).append("\",\"salt\":\"");
    leaf.append(i < salts.size() ? salts[i] : "").append("\",\"unit\":\"");
    leaf.append(u.code).append("\"}");
    std::string prefixed(1, '\0');
    prefixed.append(leaf);
    hashes.push_back(raw_sha256(prefixed));
    leaves.push_back(std::move(leaf));
  }
  root_hex = hashes.empty() ? "" : crypto::to_hex(raw_root(hashes, 0, hashes.size()));
  return leaves;
}

// The statement's tables, with the estate schema's columns and keys, no triggers.
constexpr const char* kRawSchema =
    "CREATE TABLE statement (period_key TEXT PRIMARY KEY, state TEXT NOT NULL,"
    "  manifest TEXT NOT NULL, manifest_sha256 BLOB NOT NULL) STRICT;"
    "CREATE TABLE statement_file (period_key TEXT NOT NULL, name TEXT NOT NULL,"
    "  content BLOB NOT NULL, sha256 BLOB NOT NULL, PRIMARY KEY (period_key, name)) STRICT;"
    "CREATE TABLE resident_leaf (period_key TEXT NOT NULL, unit_code TEXT NOT NULL,"
    "  leaf_index INTEGER NOT NULL, leaf TEXT NOT NULL, PRIMARY KEY (period_key, unit_code),"
    "  UNIQUE (period_key, leaf_index)) STRICT;";

void bind_blob(sqlite3_stmt* st, int i, std::string_view bytes) {
  sqlite3_bind_blob(st, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

void insert_file(sqlite3* out, sqlite3_stmt* st, const std::string& key, const char* name,
                 std::string_view content, const crypto::Digest& sha256) {
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
  bind_blob(st, 3, content);
  sqlite3_bind_blob(st, 4, sha256.data(), 32, SQLITE_STATIC);
  step_done(out, st);
}

struct CmsDeleter {
  void operator()(CMS_ContentInfo* cms) const noexcept { CMS_ContentInfo_free(cms); }
};
struct BioDeleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

// One detached SignedData over `content` with both custodians' SignerInfos (SHA-256, ECDSA, the
// signed attributes OpenSSL adds), DER.
std::string raw_cms(std::string_view content, const Custodian& a, const Custodian& b) {
  const std::unique_ptr<BIO, BioDeleter> data(
      BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  constexpr unsigned kFlags = CMS_BINARY | CMS_NOSMIMECAP;
  const std::unique_ptr<CMS_ContentInfo, CmsDeleter> cms(
      CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_DETACHED | CMS_PARTIAL | kFlags));
  if (!data || !cms ||
      !CMS_add1_signer(cms.get(), a.certificate.get(), a.key.get(), EVP_sha256(), kFlags) ||
      !CMS_add1_signer(cms.get(), b.certificate.get(), b.key.get(), EVP_sha256(), kFlags) ||
      CMS_final(cms.get(), data.get(), nullptr, CMS_DETACHED | kFlags) != 1)
    throw std::runtime_error("OpenSSL CMS signing failed");
  const int length = i2d_CMS_ContentInfo(cms.get(), nullptr);
  std::string der(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (length <= 0 || i2d_CMS_ContentInfo(cms.get(), &p) != length)
    throw std::runtime_error("OpenSSL CMS encoding failed");
  return der;
}

RawRun raw_close(sqlite3* books_db, sqlite3* out, int run_no, const std::string& estate,
                 const Published& ours, const std::string& manifest, const Custodian& committee,
                 const Custodian& manager) {
  RawRun run;
  std::string key = kMonth;
  key.append("/run-").append(std::to_string(run_no));

  auto t0 = Clock::now();
  raw_figures(books_db, run);
  run.read_ns = elapsed_ns(t0);

  t0 = Clock::now();
  const std::vector<std::string> leaves = raw_leaves(estate, run, ours.salts, run.root_hex);
  run.tree_ns = elapsed_ns(t0);

  t0 = Clock::now();
  std::vector<crypto::Digest> file_sha256;
  for (const std::string& f : ours.files)
    file_sha256.push_back(raw_sha256(f));
  run.hash_ns = elapsed_ns(t0);

  t0 = Clock::now();
  exec(out, "BEGIN IMMEDIATE");
  {
    const StatementPtr st =
        prepare(out,
                "INSERT INTO statement (period_key, state, manifest, manifest_sha256)"
                " VALUES (?1, 'awaiting_signatures', ?2, ?3)");
    const crypto::Digest manifest_sha256 = raw_sha256(manifest);
    sqlite3_bind_text(st.get(), 1, key.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st.get(), 2, manifest.data(), static_cast<int>(manifest.size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(st.get(), 3, manifest_sha256.data(), 32, SQLITE_STATIC);
    step_done(out, st.get());
    const StatementPtr leaf =
        prepare(out,
                "INSERT INTO resident_leaf (period_key, unit_code, leaf_index, leaf)"
                " VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      sqlite3_bind_text(leaf.get(), 1, key.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(leaf.get(), 2, run.units[i].code.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(leaf.get(), 3, static_cast<std::int64_t>(i));
      sqlite3_bind_text(leaf.get(), 4, leaves[i].c_str(), -1, SQLITE_STATIC);
      step_done(out, leaf.get());
    }
    const StatementPtr file = prepare(
        out,
        "INSERT INTO statement_file (period_key, name, content, sha256) VALUES (?1, ?2, ?3, ?4)");
    for (std::size_t i = 0; i < ours.files.size(); ++i)
      insert_file(out, file.get(), key, kFileNames[i], ours.files[i], file_sha256[i]);
  }
  exec(out, "COMMIT");
  run.write_ns = elapsed_ns(t0);
  for (const crypto::Digest& d : file_sha256)
    run.file_sha256_hex.push_back(crypto::to_hex(d));

  t0 = Clock::now();
  run.cms_der = raw_cms(manifest, committee, manager);
  run.sign_ns = elapsed_ns(t0);

  t0 = Clock::now();
  exec(out, "BEGIN IMMEDIATE");
  {
    const StatementPtr file = prepare(
        out,
        "INSERT INTO statement_file (period_key, name, content, sha256) VALUES (?1, ?2, ?3, ?4)");
    insert_file(out, file.get(), key, "manifest.p7s", run.cms_der, raw_sha256(run.cms_der));
    const StatementPtr publish =
        prepare(out, "UPDATE statement SET state = 'published' WHERE period_key = ?1");
    sqlite3_bind_text(publish.get(), 1, key.c_str(), -1, SQLITE_STATIC);
    step_done(out, publish.get());
  }
  exec(out, "COMMIT");
  run.attach_ns = elapsed_ns(t0);
  return run;
}

std::string slower(std::int64_t ours_ns, std::int64_t raw_ns) {
  return times_text(ours_ns, raw_ns) + " the time";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts)
    out.append(out.empty() ? "" : " / ").append(p);
  return out;
}

}  // namespace

Outcome run_close_bench(std::int64_t units) {
  ScratchDir scratch("close");
  const std::filesystem::path data = scratch.path() / "data";
  std::cerr << "close: building the demo estate, " << count_text(units)
            << " units, 12 months (2025-11 to 2026-10), 11 closed and published...\n";
  const auto setup_start = Clock::now();
  build_demo_estate(data, units);
  const std::int64_t setup_ns = elapsed_ns(setup_start);

  std::string warning;
  const store::DataDir dir = store::DataDir::open(data, {}, &warning);
  ledger::Books books = ledger::Books::open(dir.open_estate(kEstateId));
  const std::filesystem::path key_dir = data / "demo-custodians";
  const Custodian committee = open_custodian(key_dir, "committee", demo::kCommitteePassphrase);
  const Custodian manager = open_custodian(key_dir, "manager", demo::kManagerPassphrase);
  const std::int64_t entries_before = books.entry_count();
  const std::int64_t postings = books.database().query_int64("SELECT count(*) FROM posting");
  const std::int64_t file_bytes = static_cast<std::int64_t>(
      std::filesystem::file_size(data / "estates" / (std::string(kEstateId) + ".db")));

  std::cerr << "close: closing " << kMonth << ", signing and publishing...\n";
  const OursRun ours = close_and_publish(books, committee, manager);
  const Published published = read_published(books, ours.statement);

  std::cerr << "close: baseline (raw SQLCipher and OpenSSL), " << kBaselineRuns << " runs...\n";
  const DatabasePtr raw_out = open_raw_sqlcipher(scratch.path() / "baseline.db");
  exec(raw_out.get(), kRawSchema);
  RawRun raw;
  for (int i = 0; i < kBaselineRuns; ++i) {
    RawRun r = raw_close(books.database().handle(), raw_out.get(), i, books.estate_id(), published,
                         ours.statement.manifest, committee, manager);
    if (i == 0 || r.total_ns() < raw.total_ns())
      raw = std::move(r);
  }

  ResultTable table("close: " + count_text(units) + " units, a year of books, close of " + kMonth +
                    " until published");
  table.add("close + both signatures until published", duration_text(ours.total_ns()),
            duration_text(raw.total_ns()), slower(ours.total_ns(), raw.total_ns()), "< 2 s",
            ours.total_ns() < kTargetNs ? "PASS" : "MISS");
  table.add("  close_month: checks, lock, figures, files, tree", duration_text(ours.close_ns),
            duration_text(raw.close_ns()), slower(ours.close_ns, raw.close_ns()), "", "");
  table.add("  sign + cosign (committee, manager; CMS)", duration_text(ours.sign_ns),
            duration_text(raw.sign_ns), slower(ours.sign_ns, raw.sign_ns), "", "");
  table.add("  attach both signatures until published", duration_text(ours.attach_ns),
            duration_text(raw.attach_ns), slower(ours.attach_ns, raw.attach_ns), "", "");

  const std::int64_t raw_leaves_count = static_cast<std::int64_t>(raw.units.size());
  table.add("  resident leaves", count_text(published.leaf_count), count_text(raw_leaves_count), "",
            "= units",
            published.leaf_count == units && raw_leaves_count == units &&
                    static_cast<std::int64_t>(published.salts.size()) == units
                ? "OK"
                : "MISMATCH");
  table.add("  resident tree root (ours' salts)", published.root_hex.substr(0, 16) + "…",
            raw.root_hex.substr(0, 16) + "…", "", "same",
            published.root_hex == raw.root_hex ? "OK" : "MISMATCH");
  Amount raw_billed, raw_paid;
  for (const RawUnit& u : raw.units) {
    raw_billed += Amount::from_fen(u.billed_fen);
    raw_paid += Amount::from_fen(u.paid_fen);
  }
  table.add("  billed / paid in the month, all units",
            published.billed.to_string() + " / " + published.paid.to_string(),
            raw_billed.to_string() + " / " + raw_paid.to_string(), "", "same",
            published.billed == raw_billed && published.paid == raw_paid ? "OK" : "MISMATCH");
  std::vector<std::string> raw_funds;
  for (const std::int64_t fen : raw.fund_closing_fen)
    raw_funds.push_back(Amount::from_fen(fen).to_string());
  table.add("  bank accounts at month end (OP / PR / RF)", joined(published.fund_closing),
            joined(raw_funds), "", "same", published.fund_closing == raw_funds ? "OK" : "MISMATCH");
  table.add("  SHA-256 of the 4 files in the manifest", "", "", "", "same",
            published.file_sha256_hex == raw.file_sha256_hex ? "OK" : "MISMATCH");
  const bool raw_cms_ok = crypto::cms_verify(raw.cms_der, ours.statement.manifest).size() == 2;
  table.add("  baseline's SignedData verifies, two signers", "", "", "", "2 signers",
            raw_cms_ok ? "OK" : "MISMATCH");

  std::string note = "history: ";
  note.append(count_text(entries_before)).append(" journal entries, ");
  note.append(count_text(postings)).append(" postings, estate file ").append(size_text(file_bytes));
  note.append("; set up by the demo (untimed) in ").append(duration_text(setup_ns));
  table.note(note);
  note =
      "ours, once: close_month, then cms_sign, add_signature, cms_cosign, add_signature "
      "(published)";
  table.note(note);
  note = "baseline, fastest of ";
  note.append(std::to_string(kBaselineRuns))
      .append(": SQL reads ")
      .append(duration_text(raw.read_ns));
  note.append(", leaves and tree ")
      .append(duration_text(raw.tree_ns))
      .append(", SHA-256 of files ");
  note.append(duration_text(raw.hash_ns))
      .append(", durable write ")
      .append(duration_text(raw.write_ns));
  table.note(note);
  table.note(
      "baseline = raw sqlite3 on the same connection: the bank accounts' and unit sub-accounts' "
      "month-end balances from balance_period,");
  table.note(
      "  the month's fee_bill/payment postings per unit; leaves as text (ours' salts), RFC 6962 "
      "root by EVP SHA-256; SHA-256 of ours' 4 files;");
  table.note(
      "  leaves, files and manifest in one transaction into a raw SQLCipher file (WAL, "
      "synchronous=FULL); one CMS SignedData with both");
  table.note(
      "  signers by OpenSSL directly; the signature written in one more transaction. No checks, "
      "no statement.json/HTML/CSV built, no signature verified.");
  table.print(std::cout);
  return {table.misses(), table.mismatches()};
}

}  // namespace trustfund::bench
