// Report benchmark: every account's balances from the running balances (period_balances for the
// last month, balances_as_of for the last day), against ledger-cli and hledger computing the
// balance report from the same journal, exported with Books::export_ledger. The reference tools
// run as child processes (output discarded, faster of two runs); ours is the median of 20 calls.
// balances_as_of is measured at the month end and mid-month (the general case), the latter
// against `ledger bal -e`. Target: at least 100x faster than ledger. Sanity checks compare the
// bank and one unit sub-account with hledger, at both dates.
#include <fstream>
#include <iostream>
#include <optional>

#include "bench_estate.h"
#include "benchmarks.h"
#include "measure.h"
#include "subprocess.h"

namespace trustfund::bench {
namespace {

constexpr std::int64_t kEntriesPerCommit = 50'000;
constexpr int kOurRuns = 20;
constexpr int kToolRuns = 2;
constexpr std::int64_t kTargetSpeedup = 100;
constexpr const char* kCheckedAccount = "OP.1002";
constexpr unsigned kMidMonthDay = 15;

template <typename Report>
std::int64_t median_ns(const Report& report, std::size_t* rows) {
  std::vector<std::int64_t> samples_ns;
  for (int i = 0; i < kOurRuns; ++i) {
    const auto start = Clock::now();
    const auto result = report();
    samples_ns.push_back(elapsed_ns(start));
    *rows = result.size();
  }
  return percentiles(samples_ns).median_ns;
}

// The balance of `ledger_name` in `hledger bal <name> -O csv` output: `"OP:1002","123.45 CNY"`.
std::optional<money::Amount> hledger_csv_balance(const std::filesystem::path& csv,
                                                 const std::string& ledger_name) {
  std::ifstream in(csv);
  const std::string prefix = "\"" + ledger_name + "\",\"";
  std::string line;
  for (int lines = 0; lines < 1000 && std::getline(in, line); ++lines) {
    if (!line.starts_with(prefix))
      continue;
    std::string value = line.substr(prefix.size());
    if (value.ends_with("\""))
      value.pop_back();
    if (value.ends_with(" CNY"))
      value.resize(value.size() - 4);
    try {
      return money::Amount::parse(value);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Ours and hledger's balances of `codes` as of `as_of` ("a / b"), and whether they agree. Ours
// comes from the benchmarked balances_as_of and must also equal Books::balance.
struct Agreement {
  std::string ours;
  std::string theirs;
  bool same = true;
};

Agreement check_against_hledger(const ledger::Books& books, const std::string& journal,
                                const std::vector<std::string>& codes, Date as_of,
                                const std::string& end_exclusive,
                                const std::filesystem::path& scratch) {
  std::vector<std::string> argv = {"hledger", "-f", journal, "bal"};
  for (const auto& code : codes) {
    std::string anchored(1, '^');  // the whole name, not any account containing it
    anchored += ledger::ledger_account_name(code);
    anchored += '$';
    argv.push_back(std::move(anchored));
  }
  if (!end_exclusive.empty()) {
    argv.push_back("-e");
    argv.push_back(end_exclusive);
  }
  argv.push_back("-O");
  argv.push_back("csv");
  const auto csv = scratch / ("hledger-" + as_of.to_string() + ".csv");
  const bool ran = run_command(argv, csv).exit_status == 0;
  const auto report = books.balances_as_of(as_of);
  Agreement a;
  for (const auto& code : codes) {
    money::Amount ours;
    for (const auto& b : report) {
      if (b.account->code == code)
        ours = b.closing;
    }
    const auto theirs =
        ran ? hledger_csv_balance(csv, ledger::ledger_account_name(code)) : std::nullopt;
    a.same = a.same && theirs && *theirs == ours && books.balance(code, as_of) == ours;
    a.ours += (a.ours.empty() ? "" : " / ") + ours.to_string();
    a.theirs += (a.theirs.empty() ? "" : " / ") + (theirs ? theirs->to_string() : "missing");
  }
  return a;
}

}  // namespace

Outcome run_report_bench(std::int64_t postings) {
  for (const char* tool : {"ledger", "hledger"}) {
    if (!program_available(tool))
      throw std::runtime_error(std::string(tool) + " is not in PATH");
  }
  ScratchDir scratch("report");
  const auto units = synthetic_units(kUnitCount);
  std::cerr << "report: adding " << units.size() << " units...\n";
  ledger::Books books = create_bench_books(scratch.path() / "data", units);
  EntryStream stream(units, {Period::from_ym(2025, 11), 12, postings});
  const HistoryBuild built =
      build_history(books, stream, kEntriesPerCommit, "report: building history");

  const auto journal = scratch.path() / "books.ledger";
  std::int64_t export_ns = 0;
  {
    std::cerr << "report: exporting the journal...\n";
    std::ofstream out(journal, std::ios::binary);
    const auto start = Clock::now();
    books.export_ledger(out);
    out.flush();
    export_ns = elapsed_ns(start);
    if (!out)
      throw std::runtime_error("cannot write " + journal.string());
  }

  // The last day of the history (a month end) and a mid-month date (the general case: the
  // month's movement up to the date must be added to the previous closing).
  const Date end = stream.last_day();
  const Period period = Period::of(end);
  const Date mid = period.first_day().plus_days(kMidMonthDay - 1);
  const std::string mid_exclusive = mid.plus_days(1).to_string();  // ledger's -e excludes it
  std::size_t period_rows = 0, end_rows = 0, mid_rows = 0;
  const std::int64_t period_ns =
      median_ns([&] { return books.period_balances(period); }, &period_rows);
  const std::int64_t end_ns = median_ns([&] { return books.balances_as_of(end); }, &end_rows);
  const std::int64_t mid_ns = median_ns([&] { return books.balances_as_of(mid); }, &mid_rows);

  const std::string file = journal.string();
  std::cerr << "report: ledger bal (" << kToolRuns << " runs, to the end and to " << mid.to_string()
            << ")...\n";
  const std::int64_t ledger_ns = fastest_run_ns({"ledger", "-f", file, "bal"}, kToolRuns);
  const std::int64_t ledger_mid_ns =
      fastest_run_ns({"ledger", "-f", file, "bal", "-e", mid_exclusive}, kToolRuns);
  std::cerr << "report: hledger bal (" << kToolRuns << " runs)...\n";
  const std::int64_t hledger_ns = fastest_run_ns({"hledger", "-f", file, "bal"}, kToolRuns);

  std::cerr << "report: sanity checks against hledger...\n";
  const std::vector<std::string> checked = {kCheckedAccount,
                                            ledger::unit_account_code("OP.1122", units[0].code)};
  const Agreement at_end = check_against_hledger(books, file, checked, end, "", scratch.path());
  const Agreement at_mid =
      check_against_hledger(books, file, checked, mid, mid_exclusive, scratch.path());

  const auto verdict = [](std::int64_t slow_ns, std::int64_t fast_ns) {
    return slow_ns >= fast_ns * kTargetSpeedup ? "PASS" : "MISS";
  };
  const auto faster = [](std::int64_t slow_ns, std::int64_t fast_ns) {
    return times_text(slow_ns, fast_ns) + " faster";
  };
  ResultTable table("report: every account's balances, " + count_text(built.postings) +
                    " postings (" + count_text(built.entries) + " entries, 12 months)");
  table.add("balances_as_of(" + end.to_string() + ") vs ledger bal", duration_text(end_ns),
            duration_text(ledger_ns), faster(ledger_ns, end_ns), ">= 100x",
            verdict(ledger_ns, end_ns));
  table.add("balances_as_of(" + mid.to_string() + ") vs ledger bal -e " + mid_exclusive,
            duration_text(mid_ns), duration_text(ledger_mid_ns), faster(ledger_mid_ns, mid_ns),
            ">= 100x", verdict(ledger_mid_ns, mid_ns));
  table.add("period_balances(" + period.to_string() + ") vs ledger bal", duration_text(period_ns),
            duration_text(ledger_ns), faster(ledger_ns, period_ns), ">= 100x",
            verdict(ledger_ns, period_ns));
  table.add("balances_as_of(" + end.to_string() + ") vs hledger bal", duration_text(end_ns),
            duration_text(hledger_ns), faster(hledger_ns, end_ns), "", "");
  table.add("period_balances vs hledger bal", duration_text(period_ns), duration_text(hledger_ns),
            faster(hledger_ns, period_ns), "", "");
  for (const auto& [date, agreement] : {std::pair{end, &at_end}, std::pair{mid, &at_mid}}) {
    table.add(checked[0] + ", " + checked[1] + " at " + date.to_string(), agreement->ours,
              agreement->theirs, "", "= hledger", agreement->same ? "OK" : "MISMATCH");
  }
  table.note("ours: median of " + std::to_string(kOurRuns) +
             " calls; accounts listed: " + count_text(static_cast<std::int64_t>(end_rows)) +
             " at the end, " + count_text(static_cast<std::int64_t>(mid_rows)) + " mid-month, " +
             count_text(static_cast<std::int64_t>(period_rows)) + " in the period");
  table.note(
      "ledger, hledger: `-f FILE bal [-e DATE]`, output to /dev/null, wall time, faster of " +
      std::to_string(kToolRuns) + " runs");
  table.note("journal exported by Books::export_ledger in " + duration_text(export_ns) + ": " +
             size_text(static_cast<std::int64_t>(std::filesystem::file_size(journal))) +
             "; history built in " + duration_text(built.build_ns));
  table.print(std::cout);
  return {table.misses(), table.mismatches()};
}

}  // namespace trustfund::bench
