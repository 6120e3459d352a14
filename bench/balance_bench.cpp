// Balance benchmark: Books::balance(code, as_of) on a long history (default 10 million postings
// over ten years), for random accounts (leaf and control accounts) and random dates. The balance
// comes from the running balances kept at posting time, so it must not grow with the history:
// target p99 under 1 ms.
//
// Baseline: the question answered from the postings alone, a SQL sum over the posting table
// joined to the entries' dates, on the same file. It is slow, so it runs for 20 random pairs of a
// leaf account (the raw sum cannot roll sub-accounts up to a control account) and a date; ours is
// timed on the same 20 pairs, and the answers must agree.
#include <iostream>
#include <random>

#include "bench_estate.h"
#include "benchmarks.h"
#include "measure.h"
#include "trustfund/store/database.h"

namespace trustfund::bench {
namespace {

constexpr std::int64_t kEntriesPerCommit = 50'000;
constexpr int kWarmupQueries = 100;  // prepares the cached statements; not measured
constexpr int kQueries = 10'000;
constexpr int kBaselineQueries = 20;
constexpr std::int64_t kTargetP99Ns = 1'000'000;  // 1 ms
constexpr int kReportRuns = 5;  // whole-chart reports on the long history, for information

struct Question {
  const ledger::Account* account;
  Date as_of;
};

// Random questions: any account of the chart, any date from a month before the history to a
// month after it.
class QuestionSource {
 public:
  QuestionSource(const ledger::Chart& chart, Date first, Date last)
      : chart_(chart),
        first_days_(first.days_since_epoch() - 31),
        span_days_(last.days_since_epoch() + 31 - first_days_ + 1) {}

  Question any() {
    const auto& accounts = chart_.accounts();
    return {&accounts[rng_() % accounts.size()], date()};
  }
  Question postable() {
    const auto& accounts = chart_.accounts();
    for (int tries = 0; tries < 10'000; ++tries) {
      const ledger::Account& a = accounts[rng_() % accounts.size()];
      if (a.postable)
        return {&a, date()};
    }
    throw std::runtime_error("no postable account in the chart");
  }

 private:
  Date date() {
    return Date::from_days(
        first_days_ + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(span_days_)));
  }
  const ledger::Chart& chart_;
  std::int64_t first_days_;
  std::int64_t span_days_;
  std::mt19937_64 rng_{424242};
};

std::int64_t directory_bytes(const std::filesystem::path& dir) {
  std::int64_t bytes = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (f.is_regular_file())
      bytes += static_cast<std::int64_t>(f.file_size());
  }
  return bytes;
}

}  // namespace

Outcome run_balance_bench(std::int64_t postings) {
  ScratchDir scratch("balance");
  const auto units = synthetic_units(kUnitCount);
  std::cerr << "balance: adding " << units.size() << " units...\n";
  ledger::Books books = create_bench_books(scratch.path() / "data", units);
  EntryStream stream(units, {Period::from_ym(2016, 11), 120, postings});
  const HistoryBuild built =
      build_history(books, stream, kEntriesPerCommit, "balance: building history");

  QuestionSource questions(books.chart(), stream.first_day(), stream.last_day());
  for (int i = 0; i < kWarmupQueries; ++i) {
    const Question q = questions.any();
    (void)books.balance(q.account->code, q.as_of);
  }
  std::vector<std::int64_t> samples_ns;
  samples_ns.reserve(kQueries);
  for (int i = 0; i < kQueries; ++i) {
    const Question q = questions.any();
    const auto start = Clock::now();
    (void)books.balance(q.account->code, q.as_of);
    samples_ns.push_back(elapsed_ns(start));
  }
  const Percentiles ours = percentiles(samples_ns);

  std::cerr << "balance: raw SQL baseline, " << kBaselineQueries << " questions...\n";
  store::Statement raw_sum = books.database().prepare(
      "SELECT coalesce(sum(p.amount_fen), 0) FROM posting p JOIN journal_entry e ON e.seq = p.seq"
      " WHERE p.account_id = ?1 AND e.accounting_date <= ?2");
  std::vector<std::int64_t> ours_ns, raw_ns;
  int agree = 0;
  for (int i = 0; i < kBaselineQueries; ++i) {
    const Question q = questions.postable();
    const auto t0 = Clock::now();
    const money::Amount balance = books.balance(q.account->code, q.as_of);
    const auto t1 = Clock::now();
    raw_sum.bind(1, q.account->id).bind(2, q.as_of.to_string());
    raw_sum.step();
    const std::int64_t raw_fen = raw_sum.int64(0);
    raw_sum.reset();
    const auto t2 = Clock::now();
    ours_ns.push_back(ns_between(t0, t1));
    raw_ns.push_back(ns_between(t1, t2));
    if (balance.fen() == raw_fen)
      ++agree;
  }
  const Percentiles ours20 = percentiles(ours_ns);
  const Percentiles raw20 = percentiles(raw_ns);

  // The whole-chart reports on the same long history (the report benchmark uses one year): shows
  // whether they stay bounded by the number of accounts as the history grows. Mid-month, the
  // general case for balances_as_of.
  const Period last_period = Period::of(stream.last_day());
  const Date mid = last_period.first_day().plus_days(14);
  std::vector<std::int64_t> as_of_ns, period_ns;
  for (int i = 0; i < kReportRuns; ++i) {
    const auto t0 = Clock::now();
    (void)books.balances_as_of(mid);
    const auto t1 = Clock::now();
    (void)books.period_balances(last_period);
    period_ns.push_back(elapsed_ns(t1));
    as_of_ns.push_back(ns_between(t0, t1));
  }

  ResultTable table("balance: Books::balance on " + count_text(built.postings) + " postings (" +
                    count_text(built.entries) + " entries, 120 months, " +
                    count_text(static_cast<std::int64_t>(books.chart().accounts().size())) +
                    " accounts)");
  table.add("balance p99 (" + count_text(kQueries) + " random account/date)",
            duration_text(ours.p99_ns), "", "", "< 1 ms",
            ours.p99_ns < kTargetP99Ns ? "PASS" : "MISS");
  table.add("balance median", duration_text(ours.median_ns), "", "", "", "");
  table.add("balance max", duration_text(ours.max_ns), "", "", "", "");
  table.add("median of " + std::to_string(kBaselineQueries) + " leaf-account questions",
            duration_text(ours20.median_ns), duration_text(raw20.median_ns),
            times_text(raw20.median_ns, ours20.median_ns) + " faster", "", "");
  table.add("max of the same", duration_text(ours20.max_ns), duration_text(raw20.max_ns), "", "",
            "");
  table.add("same answers", std::to_string(agree) + "/" + std::to_string(kBaselineQueries), "", "",
            "equal", agree == kBaselineQueries ? "OK" : "MISMATCH");
  table.add("balances_as_of(" + mid.to_string() + "), median of " + std::to_string(kReportRuns),
            duration_text(percentiles(as_of_ns).median_ns), "", "", "", "");
  table.add(
      "period_balances(" + last_period.to_string() + "), median of " + std::to_string(kReportRuns),
      duration_text(percentiles(period_ns).median_ns), "", "", "", "");
  table.note("history built with Books::Writer (commit every " + count_text(kEntriesPerCommit) +
             " entries) in " + duration_text(built.build_ns) + ", " +
             rate_text(built.postings, built.build_ns) + " postings; data " +
             size_text(directory_bytes(scratch.path())));
  table.note(
      "baseline = SELECT sum(amount_fen) FROM posting JOIN journal_entry WHERE account_id "
      "= ? AND accounting_date <= ?");
  table.note("ours measured after " + std::to_string(kWarmupQueries) +
             " warm-up questions; p99 is nearest-rank");
  table.print(std::cout);
  return {table.misses(), table.mismatches()};
}

}  // namespace trustfund::bench
