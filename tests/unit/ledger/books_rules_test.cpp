// The rules of the books: balance per fund, accounts, closed periods, append-only, idempotency,
// reversals, running balances, all-or-nothing writes, the Merkle log, verification.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>

#include <map>
#include <random>

#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/merkle.h"

using namespace trustfund;
using ledger::Books;
using ledger::EntryInput;
using money::Amount;
using testing::error_of;
using testing::TempEstate;

namespace {

EntryInput entry(const char* date, std::vector<ledger::PostingInput> postings,
                 const char* kind = "general") {
  EntryInput e;
  e.date = Date::parse(date);
  e.kind = kind;
  e.memo = "test";
  e.postings = std::move(postings);
  return e;
}

Amount yuan(const char* text) {
  return Amount::parse(text);
}

// Everything a refused write must leave unchanged.
struct Snapshot {
  std::int64_t entries;
  crypto::Digest root;
  std::int64_t balance_rows;
  explicit Snapshot(Books& b)
      : entries(b.entry_count()),
        root(b.root(b.entry_count())),
        balance_rows(b.database().query_int64(
            "SELECT (SELECT count(*) FROM balance_day) + (SELECT count(*) FROM balance_period)"
            " + (SELECT total(closing_fen) FROM balance_period)")) {}
  bool operator==(const Snapshot&) const = default;
};

}  // namespace

TEST_CASE("the standard chart keeps three funds and the nine cost heads") {
  TempEstate estate("chart", 2);
  Books books = estate.open();
  const auto& chart = books.chart();
  for (int head = 1; head <= 9; ++head) {
    std::string code = "OP.6601.0";
    code += static_cast<char>('0' + head);
    REQUIRE(chart.find(code) != nullptr);
    CHECK(chart.find(code)->type == ledger::AccountType::expense);
  }
  for (const char* bank : {"OP.1002", "PR.1002", "RF.1002"})
    CHECK(chart.find(bank) != nullptr);
  for (const char* control : {"OP.1122", "OP.2203", "RF.3001"}) {
    CHECK_FALSE(chart.find(control)->postable);
    const ledger::Account* sub = chart.find(TempEstate::sub(control, 2));
    REQUIRE(sub != nullptr);
    CHECK(sub->postable);
    CHECK(sub->fund == chart.find(control)->fund);
  }
}

TEST_CASE("an entry that does not balance within each fund is refused and nothing is written") {
  TempEstate estate("unbalanced");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  const Snapshot before(books);
  // Balanced overall, but money would move between funds.
  CHECK(error_of([&] {
          books.post(entry("2026-10-02", {{"OP.1002", yuan("10")}, {"PR.1002", yuan("-10")}}), "t");
        }).type() == "entry-unbalanced");
  CHECK(
      error_of([&] {
        books.post(entry("2026-10-02", {{"OP.1002", yuan("10")}, {"OP.3101", yuan("-9.99")}}), "t");
      }).type() == "entry-unbalanced");
  CHECK(Snapshot(books) == before);
}

TEST_CASE("unknown accounts, control accounts and closed periods are refused, nothing written") {
  TempEstate estate("refusals");
  Books books = estate.open();
  books.post(entry("2026-09-30", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  books.close_period(Period::parse("2026-09"), "t");
  const Snapshot before(books);
  const Error unknown = error_of([&] {
    books.post(entry("2026-10-02", {{"OP.9999", yuan("1")}, {"OP.1002", yuan("-1")}}), "t");
  });
  CHECK(unknown.type() == "account-unknown");
  CHECK(unknown.field() == "postings[0].account");
  CHECK(error_of([&] {
          books.post(entry("2026-10-02", {{"OP.1122", yuan("1")}, {"OP.1002", yuan("-1")}}), "t");
        }).type() == "account-not-postable");
  const Error closed = error_of([&] {
    books.post(entry("2026-09-15", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}}), "t");
  });
  CHECK(closed.kind() == ErrorKind::rule_violation);
  CHECK(closed.type() == "period-closed");
  CHECK(error_of([&] { books.close_period(Period::parse("2026-09"), "t"); }).kind() ==
        ErrorKind::conflict);
  CHECK(Snapshot(books) == before);
}

TEST_CASE("a sum beyond the amount range is refused, never wrapped") {
  TempEstate estate("overflow");
  Books books = estate.open();
  const Amount big = Amount::from_fen(Amount::kMaxFen);
  CHECK_THROWS_AS(
      books.post(entry("2026-10-02",
                       {{"OP.1002", big}, {"OP.1221", big}, {"OP.3101", -big}, {"OP.3101", -big}}),
                 "t"),
      Error);
  CHECK(books.entry_count() == 0);
}

TEST_CASE("the database refuses to change or delete recorded entries") {
  TempEstate estate("appendonly");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  auto& db = books.database();
  for (const char* sql : {"UPDATE journal_entry SET memo = 'x'", "DELETE FROM journal_entry",
                          "UPDATE posting SET amount_fen = 1", "DELETE FROM posting"}) {
    CHECK(error_of([&] { db.exec(sql); }).kind() == ErrorKind::rule_violation);
  }
  // An unbalanced entry written with raw SQL is refused by the database itself.
  const Error raw = error_of([&] {
    db.exec(
        "BEGIN;"
        "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (1, 0,"
        " (SELECT account_id FROM account WHERE code='OP.1002'), '2026-10-02', 100);"
        "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (1, 1,"
        " (SELECT account_id FROM account WHERE code='OP.3101'), '2026-10-02', -99);"
        "INSERT INTO journal_entry (seq, accounting_date, period, kind, memo, actor, recorded_at,"
        " canonical, leaf_hash) VALUES (1, '2026-10-02', '2026-10', 'general', '', 'x', 'x', x'00',"
        " zeroblob(32));"
        "COMMIT;");
  });
  db.exec("ROLLBACK");
  CHECK(raw.kind() == ErrorKind::rule_violation);
  CHECK(books.entry_count() == 1);
}

TEST_CASE("the database refuses a posting to a control account, even in raw SQL") {
  TempEstate estate("control-raw");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  auto& db = books.database();
  const std::int64_t control = db.query_int64(
      "SELECT account_id FROM account WHERE postable = 0 ORDER BY account_id LIMIT 1");
  const std::string sql =
      "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (0, 2, " +
      std::to_string(control) + ", '2026-10-01', 5)";
  CHECK_THROWS_AS(db.exec(sql), Error);
  // Nor can postable be given as anything but 1.
  CHECK_THROWS_AS(db.exec("INSERT INTO posting (seq, line, account_id, day, amount_fen, postable)"
                          " VALUES (0, 2, " +
                          std::to_string(control) + ", '2026-10-01', 5, 0)"),
                  Error);
  CHECK(db.query_int64("SELECT count(*) FROM posting") == 2);
  // And an account that has postings cannot become a control account.
  CHECK_THROWS_AS(db.exec("UPDATE account SET postable = 0 WHERE code = 'OP.1002'"), Error);
}

TEST_CASE("a posting slipped into a recorded entry by raw SQL is found by verify") {
  TempEstate estate("posting-added");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  CHECK(books.verify().ok());
  // The posting path never does this (an entry's postings and row go in together, checked by the
  // entry's trigger); the database lets raw SQL do it, and verify names the entry.
  books.database().exec(
      "INSERT INTO posting (seq, line, account_id, day, amount_fen) VALUES (0, 2,"
      " (SELECT account_id FROM account WHERE code='OP.1002'), '2026-10-01', 5)");
  const ledger::VerifyReport report = estate.open().verify();
  REQUIRE_FALSE(report.ok());
  const auto names_entry = [](const std::string& p) {
    return p.find("canonical bytes do not match the entry's rows") != std::string::npos;
  };
  CHECK(std::any_of(report.problems.begin(), report.problems.end(), names_entry));
}

TEST_CASE("an idempotent retry returns the first result; another body with the key conflicts") {
  TempEstate estate("idempotency");
  Books books = estate.open();
  EntryInput e =
      entry("2026-10-05", {{"OP.1002", yuan("1.5")}, {TempEstate::sub("OP.2203", 1), yuan("-1.5")}},
            "payment");
  e.idempotency_key = "wx-1";
  const auto first = books.post(e, "t");
  EntryInput same = e;
  same.postings = {{"OP.1002", yuan("1.50")}, {TempEstate::sub("OP.2203", 1), yuan("-1.50")}};
  const auto again = books.post(same, "t");
  CHECK(again.replayed);
  CHECK(again.seq == first.seq);
  CHECK(books.entry_count() == 1);
  EntryInput other = e;
  other.memo = "different";
  CHECK(error_of([&] { books.post(other, "t"); }).kind() == ErrorKind::conflict);
  CHECK(books.entry_count() == 1);
}

TEST_CASE("a reversal mirrors its original exactly, once, and the pair nets to zero") {
  TempEstate estate("reversal");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.6601.03", yuan("80")}, {"OP.1002", yuan("-80")}}), "t");
  EntryInput wrong =
      entry("2026-10-02", {{"OP.6601.03", yuan("-70")}, {"OP.1002", yuan("70")}}, "reversal");
  wrong.reverses = 0;
  CHECK(error_of([&] { books.post(wrong, "t"); }).type() == "reversal-mismatch");
  EntryInput right =
      entry("2026-10-02", {{"OP.6601.03", yuan("-80")}, {"OP.1002", yuan("80")}}, "reversal");
  right.reverses = 0;
  books.post(right, "t");
  CHECK(error_of([&] { books.post(right, "t"); }).type() == "already-reversed");
  EntryInput of_reversal =
      entry("2026-10-03", {{"OP.6601.03", yuan("80")}, {"OP.1002", yuan("-80")}}, "reversal");
  of_reversal.reverses = 1;
  CHECK(error_of([&] { books.post(of_reversal, "t"); }).type() == "reversal-of-reversal");
  CHECK(books.balance("OP.6601.03", Date::parse("2026-10-31")).is_zero());
  CHECK(books.balance("OP.1002", Date::parse("2026-10-31")).is_zero());
}

TEST_CASE("running balances equal a brute-force sum of postings at every date, back-dated too") {
  TempEstate estate("balances", 6);
  Books books = estate.open();
  std::mt19937_64 rng(7);
  struct Posted {
    Date date;
    std::string account;
    std::int64_t fen;
  };
  std::vector<Posted> posted;
  const Date start = Date::parse("2025-11-20");
  std::vector<std::string> accounts = {"OP.1002", "OP.6001", "OP.6601.01", "PR.1002", "PR.6051.01"};
  for (int u = 1; u <= 6; ++u)
    accounts.push_back(TempEstate::sub("OP.1122", u));
  // Later periods first, then back-dated entries into earlier (still open) periods.
  for (int i = 0; i < 400; ++i) {
    const Date d = i < 250 ? start.plus_days(60 + static_cast<std::int64_t>(rng() % 120))
                           : start.plus_days(static_cast<std::int64_t>(rng() % 90));
    std::string a = accounts[rng() % accounts.size()];
    std::string b = accounts[rng() % accounts.size()];
    const bool a_pr = a.rfind("PR", 0) == 0, b_pr = b.rfind("PR", 0) == 0;
    if (a_pr != b_pr || a == b)
      continue;
    const std::int64_t fen = static_cast<std::int64_t>(rng() % 1000000) + 1;
    books.post(
        entry(d.to_string().c_str(), {{a, Amount::from_fen(fen)}, {b, Amount::from_fen(-fen)}}),
        "t");
    posted.push_back({d, a, fen});
    posted.push_back({d, b, -fen});
  }
  accounts.push_back("OP.1122");  // a control account: the sum of its unit sub-accounts
  for (int step = 0; step < 200; step += 7) {
    const Date as_of = start.plus_days(step);
    for (const auto& code : accounts) {
      std::int64_t expected = 0;
      for (const auto& p : posted) {
        const bool counts = p.account == code || p.account.rfind(code + "@", 0) == 0;
        if (counts && p.date <= as_of)
          expected += p.fen;
      }
      INFO(code << " as of " << as_of.to_string());
      CHECK(books.balance(code, as_of).fen() == expected);
    }
  }
  for (Period p = Period::parse("2025-11"); p <= Period::parse("2026-05"); p = p.next()) {
    for (const auto& b : books.period_balances(p)) {
      CHECK(b.opening + b.debit - b.credit == b.closing);
      CHECK(b.closing == books.balance(b.account->code, p.last_day()));
    }
  }
  CHECK(books.verify().ok());
}

TEST_CASE("a writer destroyed without commit leaves no trace") {
  TempEstate estate("rollback-writer");
  Books books = estate.open();
  books.post(entry("2026-10-01", {{"OP.1002", yuan("5")}, {"OP.3101", yuan("-5")}}), "t");
  const Snapshot before(books);
  {
    Books::Writer w(books);
    w.add(entry("2026-10-02", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}}), "t");
    CHECK_THROWS(
        w.add(entry("2026-10-02", {{"OP.1002", yuan("1")}, {"PR.1002", yuan("-1")}}), "t"));
  }
  CHECK(Snapshot(books) == before);
  CHECK(books.verify().ok());
}

TEST_CASE("the Merkle log matches an in-memory tree: roots, inclusion and consistency proofs") {
  TempEstate estate("merkle");
  Books books = estate.open();
  constexpr int kEntries = 300;  // crosses the stored levels 4 and 8 (16 and 256 leaves)
  {
    Books::Writer w(books);
    for (int i = 0; i < kEntries; ++i) {
      w.add(entry("2026-10-03",
                  {{"OP.1002", Amount::from_fen(i + 1)}, {"OP.3101", Amount::from_fen(-(i + 1))}}),
            "t");
    }
    w.commit();
  }
  crypto::merkle::MemoryTree tree;
  for (int i = 0; i < kEntries; ++i) {
    const auto e = books.entry(i);
    CHECK(crypto::canonicalize_json(e.canonical) == e.canonical);  // RFC 8785 canonical
    CHECK(crypto::merkle::leaf_hash(e.canonical) == e.leaf_hash);
    tree.append_leaf(e.canonical);
  }
  for (int n = 0; n <= kEntries; n += (n < 40 ? 1 : 13)) {
    REQUIRE(books.root(n) == tree.root(static_cast<std::uint64_t>(n)));
    for (int m = 0; m < n; m += 1 + n / 9) {
      const auto path = books.inclusion_proof(m, n);
      CHECK(crypto::merkle::verify_inclusion(books.entry(m).leaf_hash,
                                             static_cast<std::uint64_t>(m),
                                             static_cast<std::uint64_t>(n), path, books.root(n)));
      const auto proof = books.consistency_proof(m, n);
      CHECK(crypto::merkle::verify_consistency(static_cast<std::uint64_t>(m),
                                               static_cast<std::uint64_t>(n), books.root(m),
                                               books.root(n), proof));
    }
  }
  // Reopening restores the log from the stored nodes.
  Books reopened = estate.open();
  CHECK(reopened.root(kEntries) == tree.root());
}

TEST_CASE("verify reports tampered balances, Merkle nodes and entries") {
  TempEstate estate("tamper");
  {
    Books books = estate.open();
    Books::Writer w(books);
    for (int i = 0; i < 40; ++i) {
      w.add(entry("2026-10-03",
                  {{"OP.1002", Amount::from_fen(100 + i)},
                   {TempEstate::sub("OP.1122", 1 + i % 4), Amount::from_fen(-100 - i)}}),
            "t");
    }
    w.commit();
    CHECK(books.verify().ok());
  }
  SECTION("a running balance") {
    Books books = estate.open();
    books.database().exec(
        "UPDATE balance_day SET debit_fen = debit_fen + 1 WHERE (account_id, day) IN "
        "(SELECT account_id, day FROM balance_day LIMIT 1)");
    CHECK_FALSE(books.verify().ok());
  }
  SECTION("a period closing balance") {
    Books books = estate.open();
    books.database().exec("UPDATE balance_period SET closing_fen = closing_fen - 1");
    CHECK_FALSE(books.verify().ok());
  }
  SECTION("a stored Merkle node (an attacker with the key drops the guard first)") {
    Books books = estate.open();
    books.database().exec(
        "DROP TRIGGER merkle_node_append_only_update;"
        "UPDATE merkle_node SET hash = zeroblob(32) WHERE level = 4 AND idx = 0");
    CHECK_FALSE(Books::open(estate.dir.open_estate("t")).verify().ok());
  }
  SECTION("an entry's memo") {
    Books books = estate.open();
    books.database().exec(
        "DROP TRIGGER journal_entry_append_only_update;"
        "UPDATE journal_entry SET memo = 'changed' WHERE seq = 7");
    const auto report = books.verify();
    CHECK_FALSE(report.ok());
    CHECK(report.problems.front().find("entry 7") != std::string::npos);
  }
}
