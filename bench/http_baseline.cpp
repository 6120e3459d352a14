// Baseline for the HTTP write benchmark (bench/http/run): the entries the load generator posts,
// each committed in a transaction of its own through raw SQLCipher, the way a server without
// group commit would write them. One connection, keyed with a random raw key (no KDF), WAL and
// synchronous=FULL as the store sets them, so every commit is one durable fsync of the WAL.
//
// Each entry has the shape of a payment posted over HTTP: one journal_entry row (same columns,
// canonical bytes of the same size, leaf and request hashes, a unique idempotency key) and two
// posting rows, in tables with the estate schema's columns, keys and posting index. No triggers,
// running balances or Merkle nodes: this is the floor for one-transaction-per-entry, not a
// second implementation of the books.
//
//   trustfund_bench http-baseline [--seconds N]   (default 20; 1-600)
//
// Prints a table and one machine-readable line for bench/http/run:
//   http_baseline entries=N elapsed_ns=N p50_ns=N p99_ns=N max_ns=N
#include <iostream>
#include <string>
#include <vector>

#include "bench_estate.h"
#include "benchmarks.h"
#include "measure.h"
#include "raw_sqlite.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/store/database.h"

namespace trustfund::bench {
namespace {

constexpr int kUnits = 200;  // as bench/http/run creates them: 1-1-1 .. 1-1-200

// The journal tables of ledger_schema/estate/001_books.sql: same columns, keys and index.
constexpr const char* kSchema =
    "CREATE TABLE journal_entry ("
    "  seq INTEGER PRIMARY KEY CHECK (seq >= 0), accounting_date TEXT NOT NULL,"
    "  period TEXT NOT NULL, kind TEXT NOT NULL, memo TEXT NOT NULL, actor TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL, reverses INTEGER UNIQUE REFERENCES journal_entry (seq),"
    "  idempotency_key TEXT UNIQUE,"
    "  request_hash BLOB CHECK (request_hash IS NULL OR length(request_hash) = 32),"
    "  canonical BLOB NOT NULL, leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)) STRICT;"
    "CREATE TABLE posting ("
    "  seq INTEGER NOT NULL REFERENCES journal_entry (seq) DEFERRABLE INITIALLY DEFERRED,"
    "  line INTEGER NOT NULL CHECK (line >= 0), account_id INTEGER NOT NULL,"
    "  day TEXT NOT NULL,"
    "  amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0 AND abs(amount_fen) <= "
    "99999999999999999),"
    "  PRIMARY KEY (seq, line)) STRICT, WITHOUT ROWID;"
    "CREATE INDEX posting_by_account_day ON posting (account_id, day, amount_fen);";

// One payment as bench/http/post.lua sends it, as the rows the books would hold for it.
struct PaymentRow {
  std::string key;
  std::string memo;
  std::string recorded_at;
  std::string canonical;
  crypto::Digest request_hash{};
  crypto::Digest leaf_hash{};
  std::int64_t unit_account = 0;
};

PaymentRow payment(std::int64_t seq, const std::string& recorded_at) {
  PaymentRow row;
  const std::int64_t unit = seq % kUnits + 1;
  row.key = "baseline-" + std::to_string(seq);
  row.memo = "WeChat Pay ref " + row.key;
  row.recorded_at = recorded_at;
  const std::string request = "{\"date\":\"2026-10-05\",\"kind\":\"payment\",\"memo\":\"" +
                              row.memo +
                              "\",\"postings\":[{\"account\":\"OP.1002\",\"amount\":\"300.00\"},"
                              "{\"account\":\"OP.1122@1-1-" +
                              std::to_string(unit) + "\",\"amount\":\"-300.00\"}]}";
  row.request_hash = crypto::sha256(request);
  row.canonical =
      "{\"actor\":\"user:treasurer\",\"date\":\"2026-10-05\",\"estate\":\"bench\","
      "\"format\":\"trustfund-entry/1\",\"kind\":\"payment\",\"memo\":\"" +
      row.memo +
      "\",\"period\":\"2026-10\",\"postings\":[{\"account\":\"OP.1002\",\"amount\":"
      "\"300.00\"},{\"account\":\"OP.1122@1-1-" +
      std::to_string(unit) + "\",\"amount\":\"-300.00\"}],\"recorded_at\":\"" + recorded_at +
      "\",\"seq\":" + std::to_string(seq) + "}";
  row.leaf_hash = crypto::merkle::leaf_hash(row.canonical);
  row.unit_account = 1000 + unit;
  return row;
}

}  // namespace

Outcome run_http_baseline(std::int64_t seconds) {
  ScratchDir scratch("http-baseline");
  const DatabasePtr db = open_raw_sqlcipher(scratch.path() / "baseline.db");
  sqlite3* const raw = db.get();
  exec(raw, kSchema);

  const StatementPtr posting = prepare(
      raw,
      "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (?1, ?2, ?3, ?4, ?5)");
  const StatementPtr entry = prepare(
      raw,
      "INSERT INTO journal_entry (seq, accounting_date, period, kind, memo, actor, recorded_at,"
      " reverses, idempotency_key, request_hash, canonical, leaf_hash)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?10, ?11)");
  sqlite3_stmt* const p = posting.get();
  sqlite3_stmt* const e = entry.get();
  const auto text = [](sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  };
  const std::string date = "2026-10-05", period = "2026-10", kind = "payment",
                    actor = "user:treasurer";

  std::cerr << "http-baseline: one transaction per entry for " << seconds << " s...\n";
  const std::int64_t budget_ns = seconds * 1'000'000'000;
  std::vector<std::int64_t> commit_ns;
  const auto start = Clock::now();
  std::int64_t seq = 0;
  for (; elapsed_ns(start) < budget_ns; ++seq) {
    // Built inside the measured wall time, outside the per-commit time: as a server would.
    const PaymentRow row = payment(seq, utc_timestamp_now());
    const auto t0 = Clock::now();
    exec(raw, "BEGIN IMMEDIATE");
    const std::pair<std::int64_t, std::int64_t> lines[] = {{1, 30000}, {row.unit_account, -30000}};
    for (int line = 0; line < 2; ++line) {
      sqlite3_bind_int64(p, 1, seq);
      sqlite3_bind_int64(p, 2, line);
      sqlite3_bind_int64(p, 3, lines[line].first);
      text(p, 4, date);
      sqlite3_bind_int64(p, 5, lines[line].second);
      step_done(raw, p);
    }
    sqlite3_bind_int64(e, 1, seq);
    text(e, 2, date);
    text(e, 3, period);
    text(e, 4, kind);
    text(e, 5, row.memo);
    text(e, 6, actor);
    text(e, 7, row.recorded_at);
    text(e, 8, row.key);
    sqlite3_bind_blob(e, 9, row.request_hash.data(), 32, SQLITE_STATIC);
    sqlite3_bind_blob(e, 10, row.canonical.data(), static_cast<int>(row.canonical.size()),
                      SQLITE_STATIC);
    sqlite3_bind_blob(e, 11, row.leaf_hash.data(), 32, SQLITE_STATIC);
    step_done(raw, e);
    exec(raw, "COMMIT");
    commit_ns.push_back(elapsed_ns(t0));
  }
  const std::int64_t total_ns = elapsed_ns(start);

  sqlite3_stmt* count = nullptr;
  sqlite3_prepare_v2(raw, "SELECT count(*) FROM journal_entry", -1, &count, nullptr);
  const std::int64_t rows = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int64(count, 0) : -1;
  sqlite3_finalize(count);

  const Percentiles pc = percentiles(commit_ns);
  ResultTable table(
      "http-baseline: raw SQLCipher, one transaction per entry (journal row + 2 "
      "postings), WAL, synchronous=FULL, " +
      std::to_string(seconds) + " s");
  table.add("entries/s", "", rate_text(seq, total_ns), "", "", "");
  table.add("commit p50 (p99, max)", "",
            duration_text(pc.median_ns) + " (" + duration_text(pc.p99_ns) + ", " +
                duration_text(pc.max_ns) + ")",
            "", "", "");
  table.add("rows in the file", "", count_text(rows), "", "= entries committed",
            rows == seq ? "OK" : "MISMATCH");
  table.note("baseline for bench/http/run (docs/benchmarks.md, section HTTP service)");
  table.print(std::cout);
  std::cout << "http_baseline entries=" << seq << " elapsed_ns=" << total_ns
            << " p50_ns=" << pc.median_ns << " p99_ns=" << pc.p99_ns << " max_ns=" << pc.max_ns
            << std::endl;
  return {table.misses(), table.mismatches()};
}

}  // namespace trustfund::bench
