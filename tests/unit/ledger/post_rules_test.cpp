// What Books::post refuses, and that a refused entry writes nothing: no entry, no balance, no
// Merkle node, in memory or on disk.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "fixture.h"
#include "support/errors.h"
#include "trustfund/core/error.h"

using namespace trustfund;
using ledger::Books;
using ledger::EntryInput;
using money::Amount;
using testing::error_of;
using testing::fen;
using testing::fingerprint;
using testing::make_entry;
using testing::TempEstate;
using testing::yuan;

namespace {

struct Refused {
  const char* what;
  EntryInput entry;
  std::string type;
  std::string field;  // empty: not checked
  ErrorKind kind;
};

// An estate with 3 units and a little history in August (then closed), September and October.
struct EstateWithHistory : TempEstate {
  EstateWithHistory() : TempEstate("post-rules", 3) {
    Books books = open();
    books.post(make_entry("2026-08-20", {{"OP.1002", yuan("100")}, {"OP.3101", yuan("-100")}}),
               "t");
    books.post(make_entry("2026-09-03",
                          {{sub("OP.1122", 1), yuan("210.02")}, {"OP.6001", yuan("-210.02")}}),
               "t");
    books.post(
        make_entry("2026-10-01", {{"RF.1002", yuan("5000")}, {sub("RF.3001", 2), yuan("-5000")}}),
        "t");
    books.close_period(Period::parse("2026-08"), "t");
  }
};

void check_refused_without_trace(EstateWithHistory& estate, Books& books, const Refused& r) {
  INFO(r.what);
  const auto before = fingerprint(books);
  const Error e = error_of([&] { books.post(r.entry, "treasurer"); });
  CHECK(e.type() == r.type);
  CHECK(e.kind() == r.kind);
  if (!r.field.empty())
    CHECK(e.field() == r.field);
  CHECK(fingerprint(books) == before);
  Books reopened = estate.open();
  CHECK(fingerprint(reopened) == before);
}

}  // namespace

TEST_CASE("entries that break a rule of the books are refused and nothing is written") {
  EstateWithHistory estate;
  Books books = estate.open();
  const Amount max = Amount::from_fen(Amount::kMaxFen);
  const std::string u1 = TempEstate::sub("OP.1122", 1), u2 = TempEstate::sub("OP.1122", 2);
  const std::vector<Refused> cases = {
      {"unknown account",
       make_entry("2026-10-02", {{"OP.1002", yuan("1")}, {"OP.9999", yuan("-1")}}),
       "account-unknown", "postings[1].account", ErrorKind::invalid_input},
      {"sub-account of a unit that does not exist",
       make_entry("2026-10-02", {{"OP.1122@9-9-9999", yuan("1")}, {"OP.6001", yuan("-1")}}),
       "account-unknown", "postings[0].account", ErrorKind::invalid_input},
      {"account code in the wrong case",
       make_entry("2026-10-02", {{"op.1002", yuan("1")}, {"OP.3101", yuan("-1")}}),
       "account-unknown", "postings[0].account", ErrorKind::invalid_input},
      {"per-unit control account",
       make_entry("2026-10-02", {{"OP.1122", yuan("1")}, {"OP.6001", yuan("-1")}}),
       "account-not-postable", "postings[0].account", ErrorKind::rule_violation},
      {"repair fund control account",
       make_entry("2026-10-02", {{"RF.1002", yuan("1")}, {"RF.3001", yuan("-1")}}),
       "account-not-postable", "postings[1].account", ErrorKind::rule_violation},
      {"cost heads control account",
       make_entry("2026-10-02", {{"OP.6601", yuan("1")}, {"OP.1002", yuan("-1")}}),
       "account-not-postable", "postings[0].account", ErrorKind::rule_violation},
      {"public revenue control account",
       make_entry("2026-10-02", {{"PR.1002", yuan("1")}, {"PR.6051", yuan("-1")}}),
       "account-not-postable", "postings[1].account", ErrorKind::rule_violation},
      {"balanced over all funds, not within each: OP +10, PR -10",
       make_entry("2026-10-02", {{"OP.1002", yuan("10")}, {"PR.1002", yuan("-10")}}),
       "entry-unbalanced", "postings", ErrorKind::invalid_input},
      {"OP +10, PR -5, RF -5",
       make_entry("2026-10-02",
                  {{"OP.1002", yuan("10")}, {"PR.1002", yuan("-5")}, {"RF.1002", yuan("-5")}}),
       "entry-unbalanced", "postings", ErrorKind::invalid_input},
      {"one fund balanced, the other off by one fen",
       make_entry("2026-10-02", {{"OP.1002", yuan("10")},
                                 {"OP.3101", yuan("-10")},
                                 {"PR.1002", yuan("0.01")},
                                 {"PR.3101", yuan("-0.02")}}),
       "entry-unbalanced", "postings", ErrorKind::invalid_input},
      {"dated in the closed period",
       make_entry("2026-08-31", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}}), "period-closed",
       "date", ErrorKind::rule_violation},
      {"first day of the closed period",
       make_entry("2026-08-01", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}}), "period-closed",
       "date", ErrorKind::rule_violation},
      {"a single posting", make_entry("2026-10-02", {{"OP.1002", yuan("1")}}), "entry-postings",
       "postings", ErrorKind::invalid_input},
      {"no postings", make_entry("2026-10-02", {}), "entry-postings", "postings",
       ErrorKind::invalid_input},
      {"a zero posting",
       make_entry("2026-10-02",
                  {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}, {"OP.1221", yuan("0")}}),
       "posting-zero", "postings[2].amount", ErrorKind::invalid_input},
      {"the fund's sum leaves the amount range",
       make_entry("2026-10-02",
                  {{"OP.1002", max}, {"OP.1221", max}, {"OP.3101", -max}, {"OP.3101", -max}}),
       "amount-overflow", "", ErrorKind::invalid_input},
      {"one account's turnover in the entry leaves the amount range",
       make_entry("2026-10-02",
                  {{"OP.1002", max}, {"OP.3101", -max}, {"OP.1002", max}, {"OP.3101", -max}}),
       "amount-overflow", "", ErrorKind::invalid_input},
      {"a control account's rolled-up turnover leaves the amount range",
       make_entry("2026-10-02", {{u1, max}, {"OP.2202", -max}, {u2, max}, {"OP.2241", -max}}),
       "amount-overflow", "", ErrorKind::invalid_input},
      {"kind reversal without the entry it reverses",
       make_entry("2026-10-02", {{"OP.1002", yuan("-100")}, {"OP.3101", yuan("100")}}, "reversal"),
       "reversal-target", "reverses", ErrorKind::invalid_input},
  };
  for (const auto& r : cases)
    check_refused_without_trace(estate, books, r);

  // The books are still usable, and the next entry takes the next seq.
  const auto recorded =
      books.post(make_entry("2026-10-02", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}}), "t");
  CHECK(recorded.seq == 3);
  CHECK(books.verify().ok());
}

TEST_CASE("the actor who records an entry must be named, briefly") {
  EstateWithHistory estate;
  Books books = estate.open();
  const auto before = fingerprint(books);
  const auto e = make_entry("2026-10-02", {{"OP.1002", yuan("1")}, {"OP.3101", yuan("-1")}});
  CHECK(error_of([&] { books.post(e, ""); }).type() == "actor");
  CHECK(error_of([&] { books.post(e, std::string(101, 'a')); }).type() == "actor");
  CHECK(fingerprint(books) == before);
  CHECK(books.post(e, std::string(100, 'a')).actor == std::string(100, 'a'));
}

TEST_CASE(
    "a running balance beyond the amount range is refused at commit, even back-dated, and "
    "nothing is written") {
  TempEstate estate("balance-range", 2);
  Books books = estate.open();
  const Amount max = Amount::from_fen(Amount::kMaxFen);
  books.post(make_entry("2026-10-15", {{"OP.1221", max}, {"OP.3101", -max}}), "t");
  books.post(make_entry("2026-10-15", {{TempEstate::sub("OP.1122", 1), max}, {"OP.2202", -max}}),
             "t");
  struct Case {
    const char* what;
    EntryInput entry;
  };
  const Case cases[] = {
      {"same day", make_entry("2026-10-15", {{"OP.1221", fen(1)}, {"OP.2241", fen(-1)}})},
      {"a later day of the month",
       make_entry("2026-10-20", {{"OP.1221", fen(1)}, {"OP.2241", fen(-1)}})},
      {"a later period", make_entry("2027-01-02", {{"OP.1221", fen(1)}, {"OP.2241", fen(-1)}})},
      {"an earlier period (moves the later closing)",
       make_entry("2026-09-01", {{"OP.1221", fen(1)}, {"OP.2241", fen(-1)}})},
      {"a credit balance beyond the range",
       make_entry("2026-11-01", {{"OP.1002", fen(1)}, {"OP.3101", fen(-1)}})},
      {"the control account above two in-range unit sub-accounts",
       make_entry("2026-10-16", {{TempEstate::sub("OP.1122", 2), fen(1)}, {"OP.2241", fen(-1)}})},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto before = fingerprint(books);
    const Error e = error_of([&] { books.post(c.entry, "t"); });
    CHECK(e.kind() == ErrorKind::rule_violation);
    CHECK(e.type() == "balance-out-of-range");
    CHECK(fingerprint(books) == before);
    Books reopened = estate.open();
    CHECK(fingerprint(reopened) == before);
  }
  CHECK(books.balance("OP.1221", Date::parse("2027-12-31")) == max);
  CHECK(books.balance("OP.1122", Date::parse("2027-12-31")) == max);
  // Moving away from the limit is fine.
  books.post(make_entry("2026-10-20", {{"OP.1221", fen(-1)}, {"OP.2241", fen(1)}}), "t");
  CHECK(books.balance("OP.1221", Date::parse("2026-10-31")).fen() == Amount::kMaxFen - 1);
  CHECK(books.verify().ok());
}
