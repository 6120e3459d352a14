// The benchmarks of trustfund_bench. Each builds its own data in a scratch directory under
// /tmp (deleted at the end), measures ours and a baseline in the same run, and prints a table to
// standard output; progress goes to standard error. docs/benchmarks.md describes them.
#pragma once

#include <cstdint>

namespace trustfund::bench {

struct Outcome {
  int misses = 0;      // targets missed
  int mismatches = 0;  // sanity checks failed (ours and the baseline disagree)
};

// Import of a JSON-lines file the way `trustfund import` does it, vs raw SQLCipher inserts.
// Target: at least 70% of the raw rate.
Outcome run_import_bench(std::int64_t postings);

// Books::balance(code, date) on a long history, vs a raw SQL sum over the postings.
// Target: p99 under 1 ms.
Outcome run_balance_bench(std::int64_t postings);

// period_balances / balances_as_of vs `ledger bal` and `hledger bal` on the exported journal.
// Target: at least 100x faster than ledger.
Outcome run_report_bench(std::int64_t postings);

// Fees: a billing run of `units` units, an import of 10 x units payments, a billing run applying
// every unit's prepayment, and the arrears of 60 months of history, vs raw SQLCipher inserts of
// the same rows and a plain SQL aggregate. Targets (10,000 units): billing < 1 s, import >=
// 50,000 rows/s, arrears < 200 ms.
Outcome run_fees_bench(std::int64_t units);

// The monthly close of an estate of `units` units (the demo's, with a year of books): close_month,
// both custodians' CMS signatures and their attachment until published, vs the irreducible reads,
// hashes, writes and signatures by raw SQLCipher and OpenSSL. Target (10,000 units): < 2 s.
Outcome run_close_bench(std::int64_t units);

// The baseline of bench/http/run: the same payment entries (a journal row and two postings)
// committed one transaction each through raw SQLCipher, for `seconds`.
Outcome run_http_baseline(std::int64_t seconds);

}  // namespace trustfund::bench
