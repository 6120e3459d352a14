// Fees benchmark: the monthly billing run, a bulk payment import and the arrears report, each
// against a raw SQLCipher baseline in the same run (docs/benchmarks.md, "Fees").
//
// Two estates are set up the same way, untimed: N units of 90.00 m² at 2.00 a month from
// 2020-01 (180.00 a month), fees from 2020-01-01. On "ours" the fees module bills 2026-01, imports
// 10 x N payments (50.00 and a few fen each: the first ones settle the 180.00 bill, the rest
// become prepayments)
// and bills 2026-02, applying the prepayments. After each step the rows it wrote are read back
// from ours (journal entries, postings, bills, payments, settlements, receipts) and inserted
// into the baseline estate by raw sqlite3 prepared statements in one transaction: the floor for
// writing those rows into this schema, with its triggers. The baseline computes nothing (no
// checks, settlements, canonical bytes, hashes or receipts) and writes neither the Merkle nodes
// nor the running balances.
//
// Arrears: a third estate, billed and paid for 60 months (nine units in ten pay each month in
// full), then fees::arrears as of the last day and as of a date in the middle, against one plain
// SQL aggregate over fee_bill and fee_settlement that gives the same count and total.
#include <algorithm>
#include <iostream>
#include <memory>

#include "bench_estate.h"
#include "benchmarks.h"
#include "measure.h"
#include "raw_sqlite.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/row_batch.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/store/data_dir.h"
#include "trustfund/store/database.h"

namespace trustfund::bench {
namespace {

constexpr std::int64_t kBillingTargetNs = 1'000'000'000;  // < 1 s for 10,000 units
constexpr std::int64_t kImportTargetRate = 50'000;        // rows/s
constexpr std::int64_t kArrearsTargetNs = 200'000'000;    // < 200 ms
constexpr int kArrearsCalls = 5;                          // median of 5 calls each side

std::string unit_code(std::int64_t i) {
  std::string c = "8-1-";
  c.append(std::to_string(100'000 + i));
  return c;
}

// An estate of `units` units billed by one schedule from 2020-01, fees from 2020-01-01.
ledger::Books fee_estate(const std::filesystem::path& data_path, std::int64_t units) {
  ledger::Books books = create_bench_books(data_path, {});
  store::Transaction tx(books.database());
  for (std::int64_t i = 0; i < units; ++i)
    books.add_unit({unit_code(i), "residential", money::Area::parse("90.00"), "owner"});
  fees::ScheduleInput schedule;
  schedule.unit_kind = "residential";
  schedule.effective_from = Period::parse("2020-01");
  schedule.basis = fees::FeeBasis::per_m2;
  schedule.rate_yuan_per_m2_month = money::Rate::parse("2.00");
  fees::add_schedule(books, schedule, kBenchActor);
  for (std::int64_t i = 0; i < units; ++i)
    fees::set_fee_start(books, unit_code(i), Date::parse("2020-01-01"), kBenchActor);
  tx.commit();
  return books;
}

// ---- raw rows: read from ours, inserted into the baseline

using ValuePtr = std::unique_ptr<sqlite3_value, decltype(&sqlite3_value_free)>;

// One statement's rows, each value copied (sqlite3_value_dup), to be bound as they are, and how
// they are written: an INSERT of `per_statement` rows at a time ("INSERT ... INTO t (columns)",
// VALUES added here), as ours writes them, or an UPDATE (full SQL), one row at a time.
struct RawTable {
  std::string sql;
  std::size_t per_statement = 1;  // 0: sql is an UPDATE
  std::vector<std::vector<ValuePtr>> rows;
};

// Rows per INSERT as ours writes them: Books::Writer's postings, and the fee module's RowBatch.
constexpr std::size_t kPostingsPerStatement = 8;
constexpr std::size_t kFeeRowsPerStatement = fees::RowBatch::kRowsPerStatement;

RawTable read_rows(sqlite3* db, const std::string& select, std::string sql,
                   std::size_t per_statement) {
  RawTable t{std::move(sql), per_statement, {}};
  const StatementPtr st = prepare(db, select);
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    std::vector<ValuePtr> row;
    for (int c = 0; c < sqlite3_column_count(st.get()); ++c)
      row.emplace_back(sqlite3_value_dup(sqlite3_column_value(st.get(), c)), &sqlite3_value_free);
    t.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE)
    store::throw_sqlite_error(db, rc, "select");
  return t;
}

// The rows a fee operation wrote on ours: journal entries from seq `first_seq` (each after its
// postings, as Books::Writer writes them), then the fee rows given by `fee_rows`.
struct RawWrite {
  RawTable postings, entries;
  std::vector<RawTable> fee_rows;
  std::int64_t posting_rows = 0;
};

RawWrite read_write(sqlite3* db, std::int64_t first_seq, std::vector<RawTable> fee_rows) {
  const std::string from = std::to_string(first_seq);
  RawWrite w{read_rows(db,
                       "SELECT seq, line, account_id, day, amount_fen FROM posting WHERE seq >= " +
                           from + " ORDER BY seq, line",
                       "INSERT OR FAIL INTO posting (seq, line, account_id, day, amount_fen)",
                       kPostingsPerStatement),
             read_rows(db,
                       "SELECT seq, accounting_date, period, kind, memo, actor, recorded_at,"
                       " reverses, idempotency_key, request_hash, canonical, leaf_hash"
                       " FROM journal_entry WHERE seq >= " +
                           from + " ORDER BY seq",
                       "INSERT INTO journal_entry (seq, accounting_date, period, kind, memo, actor,"
                       " recorded_at, reverses, idempotency_key, request_hash, canonical,"
                       " leaf_hash)",
                       1),
             std::move(fee_rows), 0};
  w.posting_rows = static_cast<std::int64_t>(w.postings.rows.size());
  return w;
}

std::string values_sql(std::size_t columns, std::size_t rows) {
  std::string sql = " VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql.append(r == 0 ? "(" : ", (");
    for (std::size_t c = 0; c < columns; ++c)
      sql.append(c == 0 ? "?" : ", ?").append(std::to_string(r * columns + c + 1));
    sql.push_back(')');
  }
  return sql;
}

// Writes rows [begin, end) of `t`: full statements of t.per_statement rows, the rest one by one,
// as ours does.
class RawWriter {
 public:
  RawWriter(sqlite3* db, const RawTable& t) : db_(db), t_(t) {
    if (t.rows.empty())
      return;
    if (t.per_statement == 0) {
      one_ = prepare(db, t.sql);
      return;
    }
    const std::size_t columns = t.rows.front().size();
    one_ = prepare(db, t.sql + values_sql(columns, 1));
    if (t.per_statement > 1)
      many_ = prepare(db, t.sql + values_sql(columns, t.per_statement));
  }
  void write(std::size_t begin, std::size_t end) {
    const std::size_t n = std::max<std::size_t>(t_.per_statement, 1);
    for (; many_ && begin + n <= end; begin += n)
      run(many_.get(), begin, begin + n);
    for (; begin < end; ++begin)
      run(one_.get(), begin, begin + 1);
  }

 private:
  void run(sqlite3_stmt* st, std::size_t begin, std::size_t end) {
    int param = 1;
    for (std::size_t r = begin; r < end; ++r) {
      for (const ValuePtr& v : t_.rows[r])
        sqlite3_bind_value(st, param++, v.get());
    }
    step_done(db_, st);
  }
  sqlite3* db_;
  const RawTable& t_;
  StatementPtr one_{nullptr, &sqlite3_finalize}, many_{nullptr, &sqlite3_finalize};
};

// The baseline: the same rows by prepared statements, one transaction. Returns ns.
std::int64_t raw_write(sqlite3* db, const RawWrite& w) {
  const auto start = Clock::now();
  exec(db, "BEGIN IMMEDIATE");
  RawWriter posting(db, w.postings), entry(db, w.entries);
  std::size_t p = 0;
  for (std::size_t e = 0; e < w.entries.rows.size(); ++e) {
    const std::int64_t seq = sqlite3_value_int64(w.entries.rows[e][0].get());
    std::size_t end = p;
    while (end < w.postings.rows.size() &&
           sqlite3_value_int64(w.postings.rows[end][0].get()) == seq)
      ++end;
    posting.write(p, end);
    p = end;
    entry.write(e, e + 1);
  }
  for (const RawTable& t : w.fee_rows)
    RawWriter(db, t).write(0, t.rows.size());
  exec(db, "COMMIT");
  return elapsed_ns(start);
}

// Counts and checksums of the fee tables and the journal, to check that both sides hold the
// same rows.
std::string fee_checksum(store::Database& db) {
  std::string out;
  for (const char* sql :
       {"SELECT count(*) FROM journal_entry", "SELECT count(*) FROM posting",
        "SELECT sum((line + 1) * amount_fen + seq * 7 + account_id) FROM posting",
        "SELECT count(*) FROM fee_bill",
        "SELECT sum(bill_id * 3 + amount_fen + entry_seq + (settled_on IS NULL)) FROM fee_bill",
        "SELECT count(*) FROM fee_payment", "SELECT sum(payment_id * prepaid_fen) FROM fee_payment",
        "SELECT count(*) FROM fee_settlement",
        "SELECT sum(bill_id * amount_fen + coalesce(payment_id, 0)) FROM fee_settlement",
        "SELECT sum(receipt_no) + count(DISTINCT receipt_sha256) FROM fee_payment"}) {
    out.append(std::to_string(db.query_int64(sql))).append("/");
  }
  return out;
}

std::vector<fees::PaymentInput> payment_rows(std::int64_t units, std::int64_t count) {
  std::vector<fees::PaymentInput> rows;
  rows.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    std::string ref = "bench-";
    ref.append(std::to_string(i));
    rows.push_back({unit_code(i % units), money::Amount::from_fen(5'000 + i % 7),
                    fees::PaymentChannel::bank_transfer, std::move(ref),
                    Date::parse("2026-01-01").plus_days(i % 28), ""});
  }
  return rows;
}

// Bills and settlements written by a billing run (bills with their final settled_on).
std::vector<RawTable> billing_rows(sqlite3* db, std::int64_t first_seq, const char* period) {
  const std::string from = std::to_string(first_seq);
  std::vector<RawTable> t;
  t.push_back(read_rows(db,
                        std::string("SELECT bill_id, unit_code, period, bill_date, schedule_id,"
                                    " days_billed, days_in_month, amount_fen, entry_seq, NULL"
                                    " FROM fee_bill WHERE period = '") +
                            period + "' ORDER BY bill_id",
                        "INSERT INTO fee_bill (bill_id, unit_code, period, bill_date, schedule_id,"
                        " days_billed, days_in_month, amount_fen, entry_seq, settled_on)",
                        1));
  t.push_back(read_rows(db,
                        "SELECT settlement_id, bill_id, settled_on, amount_fen, payment_id,"
                        " entry_seq FROM fee_settlement WHERE entry_seq >= " +
                            from + " ORDER BY settlement_id",
                        "INSERT OR FAIL INTO fee_settlement (settlement_id, bill_id, settled_on,"
                        " amount_fen, payment_id, entry_seq)",
                        kFeeRowsPerStatement));
  return t;
}

// The bills that settlements from entry `first_seq` on completed: their settled_on, set once.
RawTable settled_bills(sqlite3* db, std::int64_t first_seq) {
  return read_rows(db,
                   "SELECT bill_id, settled_on FROM fee_bill WHERE settled_on IS NOT NULL AND"
                   " bill_id IN (SELECT bill_id FROM fee_settlement WHERE entry_seq >= " +
                       std::to_string(first_seq) +
                       ") AND settled_on = (SELECT max(settled_on) FROM fee_settlement s"
                       " WHERE s.bill_id = fee_bill.bill_id) ORDER BY bill_id",
                   "UPDATE OR FAIL fee_bill SET settled_on = ?2 WHERE bill_id = ?1", 0);
}

struct Step {
  std::int64_t ours_ns = 0;
  std::int64_t raw_ns = 0;
  std::int64_t postings = 0;
  bool same = false;
};

// ---- arrears baseline

struct ArrearsFigures {
  std::int64_t open_bills = 0;
  std::int64_t total_fen = 0;
};

constexpr const char* kPlainArrears =
    "SELECT count(*), coalesce(sum(open_fen), 0) FROM ("
    " SELECT b.amount_fen - coalesce(s.paid, 0) AS open_fen FROM fee_bill b"
    " LEFT JOIN (SELECT bill_id, sum(amount_fen) AS paid FROM fee_settlement"
    "  WHERE settled_on <= ?1 GROUP BY bill_id) s ON s.bill_id = b.bill_id"
    " WHERE b.bill_date <= ?1) WHERE open_fen > 0";

ArrearsFigures plain_arrears(sqlite3* db, Date as_of) {
  const StatementPtr st = prepare(db, kPlainArrears);
  const std::string date = as_of.to_string();
  sqlite3_bind_text(st.get(), 1, date.data(), static_cast<int>(date.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(st.get()) != SQLITE_ROW)
    store::throw_sqlite_error(db, sqlite3_errcode(db), "arrears");
  return {sqlite3_column_int64(st.get(), 0), sqlite3_column_int64(st.get(), 1)};
}

std::int64_t median(std::vector<std::int64_t> ns) {
  return percentiles(std::move(ns)).median_ns;
}

void arrears_bench(std::int64_t units, ResultTable& table) {
  ScratchDir scratch("fees-arrears");
  ledger::Books books = fee_estate(scratch.path() / "estate", units);
  StderrProgress progress("fees: arrears history (months)");
  const auto build_start = Clock::now();
  Period month = Period::parse("2021-01");
  for (int m = 0; m < 60; ++m, month = month.next()) {
    fees::bill_month(books, month, kBenchActor);
    std::vector<fees::PaymentInput> rows;  // nine units in ten pay in full; the rest fall behind
    for (std::int64_t i = 0; i < units; ++i) {
      if (i % 10 == 9)
        continue;
      std::string ref = month.to_string();
      ref.append("-").append(std::to_string(i));
      rows.push_back({unit_code(i), money::Amount::from_fen(18'000),
                      fees::PaymentChannel::wechat_pay, std::move(ref),
                      month.first_day().plus_days(9), ""});
    }
    if (!fees::record_payments(books, rows, kBenchActor).ok())
      throw std::runtime_error("arrears history: a payment import failed");
    progress.update(m + 1, 60);
  }
  progress.finish();
  const std::int64_t build_ns = elapsed_ns(build_start);
  sqlite3* db = books.database().handle();

  for (const char* when : {"2025-12-31", "2023-06-15"}) {
    const Date as_of = Date::parse(when);
    std::vector<std::int64_t> ours, raw;
    fees::ArrearsReport report;
    ArrearsFigures plain;
    for (int i = 0; i < kArrearsCalls; ++i) {
      auto t0 = Clock::now();
      report = fees::arrears(books, as_of);
      ours.push_back(elapsed_ns(t0));
      t0 = Clock::now();
      plain = plain_arrears(db, as_of);
      raw.push_back(elapsed_ns(t0));
    }
    const std::int64_t ours_ns = median(ours), raw_ns = median(raw);
    std::string measure = "arrears as of ";
    measure.append(when).append(" (").append(count_text(report.total.open_bills));
    measure.append(" open bills)");
    table.add(measure, duration_text(ours_ns), duration_text(raw_ns),
              ours_ns <= raw_ns ? times_text(raw_ns, ours_ns) + " faster"
                                : times_text(ours_ns, raw_ns) + " slower",
              "< 200 ms", ours_ns < kArrearsTargetNs ? "PASS" : "MISS");
    const bool same = plain.open_bills == report.total.open_bills &&
                      plain.total_fen == report.total.total().fen();
    std::string figures = count_text(report.total.open_bills);
    figures.append(" / ").append(report.total.total().to_string());
    std::string plain_figures = count_text(plain.open_bills);
    plain_figures.append(" / ").append(money::Amount::from_fen(plain.total_fen).to_string());
    table.add(std::string("  open bills / total as of ") + when, figures, plain_figures, "", "same",
              same ? "OK" : "MISMATCH");
  }
  std::string note = "arrears history: 60 months (2021-01 to 2025-12) billed and paid (90% of ";
  note.append("units each month) in ").append(duration_text(build_ns));
  note.append("; median of ").append(std::to_string(kArrearsCalls)).append(" calls each side");
  table.note(note);
}

}  // namespace

Outcome run_fees_bench(std::int64_t units) {
  ScratchDir scratch("fees");
  std::cerr << "fees: " << count_text(units) << " units: setting up two estates...\n";
  ledger::Books ours = fee_estate(scratch.path() / "ours", units);
  ledger::Books raw = fee_estate(scratch.path() / "raw", units);
  sqlite3* ours_db = ours.database().handle();
  sqlite3* raw_db = raw.database().handle();

  // 1. Billing on a fresh estate.
  Step bill;
  {
    std::cerr << "fees: billing 2026-01...\n";
    const std::int64_t seq0 = ours.entry_count();
    const auto t0 = Clock::now();
    const fees::BillingResult r = fees::bill_month(ours, Period::parse("2026-01"), kBenchActor);
    bill.ours_ns = elapsed_ns(t0);
    if (r.bills_created != units)
      throw std::runtime_error("billing: not every unit was billed");
    const RawWrite w = read_write(ours_db, seq0, billing_rows(ours_db, seq0, "2026-01"));
    bill.postings = w.posting_rows;
    bill.raw_ns = raw_write(raw_db, w);
    bill.same = fee_checksum(ours.database()) == fee_checksum(raw.database());
  }

  // 2. The payment import.
  const std::int64_t payments = units * 10;
  const std::vector<fees::PaymentInput> rows = payment_rows(units, payments);
  Step import;
  {
    std::cerr << "fees: importing " << count_text(payments) << " payments...\n";
    const std::int64_t seq0 = ours.entry_count();
    const auto t0 = Clock::now();
    const fees::PaymentImportResult r = fees::record_payments(ours, rows, kBenchActor);
    import.ours_ns = elapsed_ns(t0);
    if (!r.ok())
      throw std::runtime_error("import: rows were refused");
    const std::string from = std::to_string(seq0);
    std::vector<RawTable> fee_rows;
    fee_rows.push_back(
        read_rows(ours_db,
                  "SELECT payment_id, unit_code, amount_fen, channel, reference, received_on, memo,"
                  " prepaid_fen, entry_seq, recorded_at, recorded_by, receipt_no, receipt_sha256,"
                  " previous_id FROM fee_payment WHERE entry_seq >= " +
                      from + " ORDER BY payment_id",
                  "INSERT OR FAIL INTO fee_payment (payment_id, unit_code, amount_fen, channel,"
                  " reference, received_on, memo, prepaid_fen, entry_seq, recorded_at, recorded_by,"
                  " receipt_no, receipt_sha256, previous_id)",
                  kFeeRowsPerStatement));
    fee_rows.push_back(read_rows(
        ours_db,
        "SELECT settlement_id, bill_id, settled_on, amount_fen, payment_id, entry_seq"
        " FROM fee_settlement WHERE entry_seq >= " +
            from + " ORDER BY settlement_id",
        "INSERT OR FAIL INTO fee_settlement (settlement_id, bill_id, settled_on, amount_fen,"
        " payment_id, entry_seq)",
        kFeeRowsPerStatement));
    fee_rows.push_back(settled_bills(ours_db, seq0));
    const RawWrite w = read_write(ours_db, seq0, std::move(fee_rows));
    import.postings = w.posting_rows;
    import.raw_ns = raw_write(raw_db, w);
    import.same = fee_checksum(ours.database()) == fee_checksum(raw.database());
  }

  // 3. Billing with a prepayment to apply for every unit.
  Step prepaid;
  std::int64_t prepaid_units = 0;
  {
    std::cerr << "fees: billing 2026-02 (prepayments)...\n";
    const std::int64_t seq0 = ours.entry_count();
    const auto t0 = Clock::now();
    const fees::BillingResult r = fees::bill_month(ours, Period::parse("2026-02"), kBenchActor);
    prepaid.ours_ns = elapsed_ns(t0);
    prepaid_units = r.prepayment_units;
    std::vector<RawTable> fee_rows = billing_rows(ours_db, seq0, "2026-02");
    fee_rows.push_back(settled_bills(ours_db, seq0));
    const RawWrite w = read_write(ours_db, seq0, std::move(fee_rows));
    prepaid.postings = w.posting_rows;
    prepaid.raw_ns = raw_write(raw_db, w);
    prepaid.same = fee_checksum(ours.database()) == fee_checksum(raw.database());
  }

  ResultTable table("fees: " + count_text(units) + " units, " + count_text(payments) +
                    " payments, one transaction each step");
  const auto slower = [](std::int64_t ours_ns, std::int64_t raw_ns) {
    return times_text(ours_ns, raw_ns) + " the time";
  };
  table.add("billing run, fresh estate (" + count_text(units) + " bills)",
            duration_text(bill.ours_ns), duration_text(bill.raw_ns),
            slower(bill.ours_ns, bill.raw_ns), "< 1 s",
            bill.ours_ns < kBillingTargetNs ? "PASS" : "MISS");
  table.add("  rows written (journal, fee tables)", "", "", "", "same rows",
            bill.same ? "OK" : "MISMATCH");
  table.add("payment import, " + count_text(payments) + " rows",
            rate_text(payments, import.ours_ns), rate_text(payments, import.raw_ns),
            percent_text(per_second(payments, import.ours_ns), per_second(payments, import.raw_ns)),
            ">= 50,000/s",
            per_second(payments, import.ours_ns) >= kImportTargetRate ? "PASS" : "MISS");
  table.add("  import wall time", duration_text(import.ours_ns), duration_text(import.raw_ns), "",
            "", "");
  table.add("  rows written (journal, fee tables)", "", "", "", "same rows",
            import.same ? "OK" : "MISMATCH");
  table.add("billing run after the import (" + count_text(prepaid_units) + " prepayments)",
            duration_text(prepaid.ours_ns), duration_text(prepaid.raw_ns),
            slower(prepaid.ours_ns, prepaid.raw_ns), "< 1 s",
            prepaid.ours_ns < kBillingTargetNs ? "PASS" : "MISS");
  table.add("  rows written (journal, fee tables)", "", "", "", "same rows",
            prepaid.same ? "OK" : "MISMATCH");
  table.note("postings written: billing " + count_text(bill.postings) + ", import " +
             count_text(import.postings) + ", billing with prepayments " +
             count_text(prepaid.postings));
  table.note(
      "baseline = raw sqlite3 prepared statements, the same INSERT OR FAIL (and the bills' "
      "settled_on UPDATEs) as ours, of the journal_entry, posting and fee rows read back from "
      "ours");
  table.note(
      "  and written into an estate set up the same way, one transaction; no checks, no "
      "settling, no canonical bytes, hashes or receipts computed, no Merkle nodes or balances.");

  std::cerr << "fees: arrears...\n";
  arrears_bench(units, table);
  table.note(
      "arrears baseline = one SQL aggregate: bills dated by then, less their settlements by then "
      "(GROUP BY bill), open > 0; count and sum.");
  table.print(std::cout);
  return {table.misses(), table.mismatches()};
}

}  // namespace trustfund::bench
