// Helpers for the ledger tests: entry builders, a fingerprint of everything a write could change,
// an independent brute-force model of the balances, and a seeded random history.
//
// The model deliberately shares no code with src/ledger: it keeps every posting in a vector and
// sums them on request, and finds a control account's sub-accounts by their codes.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_estate.h"
#include "trustfund/core/date.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::testing {

inline money::Amount yuan(std::string_view text) {
  return money::Amount::parse(text);
}

inline money::Amount fen(std::int64_t amount_fen) {
  return money::Amount::from_fen(amount_fen);
}

inline ledger::EntryInput make_entry(std::string_view date,
                                     std::vector<ledger::PostingInput> postings,
                                     std::string kind = "general", std::string memo = "test") {
  ledger::EntryInput e;
  e.date = Date::parse(date);
  e.kind = std::move(kind);
  e.memo = std::move(memo);
  e.postings = std::move(postings);
  return e;
}

// The exact reverse of `original` (same accounts in the same order, opposite signs).
inline ledger::EntryInput reversal_of(const ledger::RecordedEntry& original,
                                      std::string_view date) {
  ledger::EntryInput e;
  e.date = Date::parse(date);
  e.kind = "reversal";
  e.memo = "reverses " + std::to_string(original.seq);
  e.reverses = original.seq;
  for (const auto& p : original.postings)
    e.postings.push_back({p.account, -p.amount});
  return e;
}

// Every row a write may add or change, as text, plus the in-memory log size and root. Two equal
// fingerprints mean nothing was written.
struct BooksFingerprint {
  std::int64_t entries = 0;
  crypto::Digest root{};
  std::vector<std::string> tables;
  bool operator==(const BooksFingerprint&) const = default;
};

inline BooksFingerprint fingerprint(ledger::Books& books) {
  static const char* const kQueries[] = {
      "SELECT group_concat(r, ';') FROM (SELECT seq || ',' || accounting_date || ',' || kind ||"
      " ',' || memo || ',' || hex(canonical) || ',' || hex(leaf_hash) AS r FROM journal_entry"
      " ORDER BY seq)",
      "SELECT group_concat(r, ';') FROM (SELECT seq || ',' || line || ',' || account_id || ',' ||"
      " day || ',' || amount_fen AS r FROM posting ORDER BY seq, line)",
      "SELECT group_concat(r, ';') FROM (SELECT account_id || ',' || day || ',' || debit_fen ||"
      " ',' || credit_fen AS r FROM balance_day ORDER BY account_id, day)",
      "SELECT group_concat(r, ';') FROM (SELECT account_id || ',' || period || ',' || debit_fen"
      " || ',' || credit_fen || ',' || closing_fen AS r FROM balance_period"
      " ORDER BY account_id, period)",
      "SELECT group_concat(r, ';') FROM (SELECT level || ',' || idx || ',' || hex(hash) AS r"
      " FROM merkle_node ORDER BY level, idx)",
      "SELECT group_concat(period, ';') FROM (SELECT period FROM closed_period ORDER BY period)",
      "SELECT group_concat(code, ';') FROM (SELECT code FROM account ORDER BY account_id)",
  };
  BooksFingerprint f;
  f.entries = books.entry_count();
  f.root = books.root(f.entries);
  for (const char* sql : kQueries) {
    store::Statement st = books.database().prepare(sql);
    REQUIRE(st.step());
    f.tables.push_back(st.text(0));
  }
  return f;
}

// Brute-force balances: every posting kept, summed on request.
class PostingModel {
 public:
  struct Posted {
    Date date;
    std::string account;
    std::int64_t amount_fen;
  };

  void record(const ledger::EntryInput& entry) {
    for (const auto& p : entry.postings)
      posted_.push_back({entry.date, p.account, p.amount.fen()});
  }

  // True if `account` is `code` or lies below it ("OP.1122@1-1-0101" and "OP.6601.03" are below
  // "OP.1122" and "OP.6601").
  static bool counts_for(std::string_view account, std::string_view code) {
    if (account == code)
      return true;
    return account.size() > code.size() && account.substr(0, code.size()) == code &&
           (account[code.size()] == '@' || account[code.size()] == '.');
  }

  std::int64_t balance_fen(std::string_view code, Date as_of) const {
    std::int64_t total = 0;
    for (const auto& p : posted_) {
      if (p.date <= as_of && counts_for(p.account, code))
        total += p.amount_fen;
    }
    return total;
  }

  struct Movement {
    std::int64_t opening = 0, debit = 0, credit = 0, closing = 0;
  };
  Movement movement(std::string_view code, Period period) const {
    Movement m;
    for (const auto& p : posted_) {
      if (!counts_for(p.account, code))
        continue;
      if (p.date < period.first_day()) {
        m.opening += p.amount_fen;
      } else if (p.date <= period.last_day()) {
        (p.amount_fen > 0 ? m.debit : m.credit) += p.amount_fen > 0 ? p.amount_fen : -p.amount_fen;
      }
    }
    m.closing = m.opening + m.debit - m.credit;
    return m;
  }

  const std::vector<Posted>& posted() const { return posted_; }

 private:
  std::vector<Posted> posted_;
};

// Random balanced entries for an estate made by TempEstate with `units` units. Each entry moves
// money within one or two funds and balances in each; amounts are 0.01 to 50,000.00 yuan.
class HistoryGenerator {
 public:
  HistoryGenerator(std::uint64_t seed, int units) : rng_(seed) {
    funds_ = {
        {"OP.1002", "OP.1221", "OP.2202", "OP.3101", "OP.6001", "OP.6051", "OP.6111", "OP.6602",
         "OP.6601.01", "OP.6601.02", "OP.6601.03", "OP.6601.04", "OP.6601.05", "OP.6601.06",
         "OP.6601.07", "OP.6601.08", "OP.6601.09"},
        {"PR.1002", "PR.1221", "PR.2202", "PR.3101", "PR.3201", "PR.6051.01", "PR.6051.02",
         "PR.6051.06", "PR.6601"},
        {"RF.1002", "RF.1701", "RF.2202", "RF.2241"},
    };
    for (int u = 1; u <= units; ++u) {
      funds_[0].push_back(TempEstate::sub("OP.1122", u));
      funds_[0].push_back(TempEstate::sub("OP.2203", u));
      funds_[2].push_back(TempEstate::sub("RF.3001", u));
    }
  }

  // A balanced entry dated `date`.
  ledger::EntryInput next(Date date) {
    ledger::EntryInput e;
    e.date = date;
    e.kind = "general";
    e.memo = "generated  entry\t" + std::to_string(counter_++);
    const int fund_count = pick(4) == 0 ? 2 : 1;
    const std::size_t first_fund = pick(3);
    for (int f = 0; f < fund_count; ++f) {
      const auto& accounts = funds_[(first_fund + static_cast<std::size_t>(f)) % 3];
      const std::size_t lines = 2 + pick(3);
      std::int64_t rest = 0;
      for (std::size_t i = 0; i + 1 < lines; ++i) {
        std::int64_t amount = 1 + static_cast<std::int64_t>(rng_() % 5'000'000);
        if (pick(2) == 0)
          amount = -amount;
        e.postings.push_back({accounts[pick(accounts.size())], money::Amount::from_fen(amount)});
        rest -= amount;
      }
      if (rest == 0) {  // keep every posting non-zero: move the last one away from zero
        money::Amount& last = e.postings.back().amount;
        const std::int64_t delta = last.is_negative() ? -1 : 1;
        last = last + money::Amount::from_fen(delta);
        rest = -delta;
      }
      e.postings.push_back({accounts[pick(accounts.size())], money::Amount::from_fen(rest)});
    }
    return e;
  }

  // A date in [first, first + days).
  Date date_in(Date first, int days) {
    return first.plus_days(static_cast<std::int64_t>(pick(static_cast<std::size_t>(days))));
  }

  // Every account the history can touch, plus the control accounts above them.
  std::vector<std::string> accounts_and_controls() const {
    std::vector<std::string> out = {"OP.1122", "OP.2203", "RF.3001", "OP.6601", "PR.6051"};
    for (const auto& fund : funds_)
      out.insert(out.end(), fund.begin(), fund.end());
    return out;
  }

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

 private:
  std::mt19937_64 rng_;
  std::vector<std::vector<std::string>> funds_;
  int counter_ = 0;
};

}  // namespace trustfund::testing
