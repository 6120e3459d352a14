// `log verify`: recompute everything derivable from the postings and compare with what is stored.
#include <array>

#include "books_impl.h"
#include "trustfund/crypto/hex.h"

namespace trustfund::ledger {
namespace {

constexpr std::size_t kMaxProblems = 100;  // enough to diagnose; bounded output

// Turnover recomputed from postings (rolled up to control accounts) that differs from the
// stored running balances. Done in SQL so memory does not grow with history.
// Turnover of every account (rolled up to control accounts) per day and per period, recomputed
// from the postings, that differs from the stored running balances. Unit sub-accounts keep no
// day rows. Done in SQL so that memory does not grow with history.
constexpr const char* kAncestry = R"sql(
WITH RECURSIVE anc(account_id, ancestor_id) AS (
  SELECT account_id, account_id FROM account
  UNION ALL
  SELECT anc.account_id, a.parent_id FROM anc JOIN account a ON a.account_id = anc.ancestor_id
  WHERE a.parent_id IS NOT NULL),
rolled AS (
  SELECT anc.ancestor_id AS account_id, p.day AS day,
         CASE WHEN p.amount_fen > 0 THEN p.amount_fen ELSE 0 END AS d,
         CASE WHEN p.amount_fen < 0 THEN -p.amount_fen ELSE 0 END AS c
  FROM posting p JOIN anc ON anc.account_id = p.account_id))sql";

constexpr const char* kDayCheck = R"sql(,
expected AS (
  SELECT r.account_id, r.day, sum(r.d) AS d, sum(r.c) AS c FROM rolled r
  JOIN account a ON a.account_id = r.account_id WHERE a.unit_code IS NULL GROUP BY 1, 2)
SELECT coalesce(x.account_id, b.account_id), coalesce(x.day, b.day),
       coalesce(x.d, 0), coalesce(x.c, 0), coalesce(b.debit_fen, 0), coalesce(b.credit_fen, 0)
FROM expected x FULL JOIN balance_day b ON b.account_id = x.account_id AND b.day = x.day
WHERE coalesce(x.d, 0) <> coalesce(b.debit_fen, 0) OR coalesce(x.c, 0) <> coalesce(b.credit_fen, 0)
LIMIT 100)sql";

constexpr const char* kPeriodCheck = R"sql(,
turnover AS (
  SELECT account_id, substr(day, 1, 7) AS period, sum(d) AS d, sum(c) AS c FROM rolled
  GROUP BY 1, 2),
expected AS (
  SELECT account_id, period, d, c,
         sum(d - c) OVER (PARTITION BY account_id ORDER BY period) AS closing
  FROM turnover)
SELECT coalesce(x.account_id, b.account_id), coalesce(x.period, b.period),
       coalesce(x.closing, 0), coalesce(b.closing_fen, 0)
FROM expected x FULL JOIN balance_period b ON b.account_id = x.account_id AND b.period = x.period
WHERE coalesce(x.d, 0) <> coalesce(b.debit_fen, 0) OR coalesce(x.c, 0) <> coalesce(b.credit_fen, 0)
   OR coalesce(x.closing, 0) <> coalesce(b.closing_fen, 0)
LIMIT 100)sql";

}  // namespace

VerifyReport Books::verify(const Progress& progress) const {
  Impl& d = *impl_;
  VerifyReport report;
  auto problem = [&](std::string text) {
    if (report.problems.size() < kMaxProblems)
      report.problems.push_back(std::move(text));
  };
  const std::int64_t total = entry_count();
  crypto::merkle::Frontier rebuilt;
  std::vector<crypto::merkle::SubtreeNode> completed;
  std::int64_t expected_seq = 0;

  d.scan_entries([&](const RecordedEntry& e) {
    const std::string at = "entry " + std::to_string(e.seq) + ": ";
    if (e.seq != expected_seq)
      problem(at + "sequence gap (expected " + std::to_string(expected_seq) + ")");
    expected_seq = e.seq + 1;
    ++report.entries;
    report.postings += static_cast<std::int64_t>(e.postings.size());

    std::array<money::Amount, 3> sums{};
    for (const PostingInput& p : e.postings) {
      if (const Account* a = d.chart.find(p.account)) {
        sums[static_cast<std::size_t>(a->fund)] += p.amount;
      }
    }
    for (std::size_t f = 0; f < sums.size(); ++f) {
      if (!sums[f].is_zero()) {
        problem(at + "does not balance in fund " + fund_code(static_cast<Fund>(f)));
      }
    }
    if (canonical_entry(e, d.estate_id) != e.canonical) {
      problem(at + "canonical bytes do not match the entry's rows");
    }
    const crypto::Digest leaf = crypto::merkle::leaf_hash(e.canonical);
    if (leaf != e.leaf_hash)
      problem(at + "stored leaf hash does not match its canonical bytes");
    completed.clear();
    rebuilt.append(leaf, &completed);
    for (const auto& node : completed) {
      if (node.level % kStoredLevelStep != 0)
        continue;
      store::Statement& st =
          d.statement("SELECT hash FROM merkle_node WHERE level = ?1 AND idx = ?2");
      st.bind(1, static_cast<std::int64_t>(node.level))
          .bind(2, static_cast<std::int64_t>(node.index));
      const bool same = st.step() && st.blob(0).size() == 32 &&
                        std::equal(node.hash.begin(), node.hash.end(), st.blob(0).begin());
      if (!same) {
        problem("Merkle node level " + std::to_string(node.level) + " index " +
                std::to_string(node.index) + " differs from the recomputed tree");
      }
    }
    if (progress && report.entries % 10000 == 0)
      progress(report.entries, total);
  });
  if (report.entries != total) {
    problem("the journal holds " + std::to_string(report.entries) +
            " entries with postings, the log " + std::to_string(total));
  }
  report.root = rebuilt.root();
  if (report.root != d.frontier.root())
    problem("the Merkle root differs from the recomputed root");

  {
    store::Statement st = d.db.prepare(std::string(kAncestry) + kDayCheck);
    while (st.step()) {
      problem("running balance of " + d.chart.by_id(st.int64(0)).code + " on " + st.text(1) +
              ": postings give debit " + money::Amount::from_fen(st.int64(2)).to_string() +
              " credit " + money::Amount::from_fen(st.int64(3)).to_string() + ", stored debit " +
              money::Amount::from_fen(st.int64(4)).to_string() + " credit " +
              money::Amount::from_fen(st.int64(5)).to_string());
    }
  }
  {
    store::Statement st = d.db.prepare(std::string(kAncestry) + kPeriodCheck);
    while (st.step()) {
      problem("period balance of " + d.chart.by_id(st.int64(0)).code + " for " + st.text(1) +
              ": recomputed closing " + money::Amount::from_fen(st.int64(2)).to_string() +
              ", stored " + money::Amount::from_fen(st.int64(3)).to_string());
    }
  }
  if (progress)
    progress(report.entries, total);
  return report;
}

}  // namespace trustfund::ledger
