// Repair projects: the owners decide, two custodians sign every payment, the retention waits for
// the warranty, an overrun waits for the owners, and the final cost is split by area exactly.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>

#include <boost/multiprecision/cpp_int.hpp>

#include "repair_fixture.h"
#include "support/actors.h"
#include "trustfund/ledger/action_log.h"

using namespace trustfund;
using testing::error_of;
using testing::RepairEstate;
using testing::yuan;

namespace {

std::string last_order(const repairfund::Project& p) {
  REQUIRE_FALSE(p.payments.empty());
  return p.payments.back().order_id;
}

void deposit_building_2(RepairEstate& t) {
  std::vector<repairfund::DepositInput> d;
  for (int i = 1; i <= 4; ++i) {
    d.push_back({"2-1-010" + std::to_string(i), repairfund::DepositKind::first, yuan("10000.00"),
                 Date::parse("2026-01-02")});
  }
  repairfund::record_deposits(t.books, d, "user:treasurer"_actor);
}

}  // namespace

TEST_CASE("a lift repair voted by its building is paid in stages and split by area") {
  RepairEstate t("repair-lift");
  deposit_building_2(t);
  repairfund::Project p = t.in_works();
  CHECK(p.vote_ref == "V-0001");
  const repairfund::Vote v = repairfund::vote(t.books, *p.vote_ref);
  CHECK(v.voters.size() == 4);  // building 2 only
  CHECK(v.tally.approved);

  // Advance: at most 30% of 28,000.00.
  const Error big = error_of([&] {
    repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::advance,
                                yuan("8400.01"), Date::today_utc().plus_days(30), "user:m"_actor);
  });
  CHECK(big.type() == "payment-over-limit");
  const std::int64_t actions_before = ledger::action_count(t.books.database());
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::advance,
                                  yuan("8400.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  // The payment's order is made and submitted inside the step: one action row, the step's.
  CHECK(ledger::action_count(t.books.database()) == actions_before + 1);
  CHECK(ledger::list_actions(t.books.database(), actions_before - 1, 1)[0].record.action ==
        "request_repair_payment");
  const escrow::Order advance = escrow::order(t.books, last_order(p));
  CHECK(advance.state == escrow::OrderState::awaiting_signatures);
  CHECK(advance.input.debit_account == "RF.1701");
  CHECK(advance.input.repair_project == p.project_ref);
  t.pay(advance.order_id, "2026-03-06");

  // Progress: before acceptance the retention (3% of the price) stays unpaid.
  const Error progress = error_of([&] {
    repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::progress,
                                yuan("18760.01"), Date::today_utc().plus_days(30), "user:m"_actor);
  });
  CHECK(progress.type() == "payment-over-limit");
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::progress,
                                  yuan("10000.00"), Date::today_utc().plus_days(30),
                                  "user:m"_actor);
  t.pay(last_order(p), "2026-04-01");

  // Accepted at 28,600.00 (within the 10% margin); the balance is the final cost less 3%.
  p = repairfund::accept_works(t.books, p.project_ref, Date::parse("2026-05-01"), yuan("28600.00"),
                               "user:committee"_actor);
  CHECK(p.warranty_end == Date::parse("2028-05-01"));
  CHECK(p.retention == yuan("858.00"));
  const Error early = error_of([&] {
    repairfund::settle(t.books, p.project_ref, Date::parse("2026-05-10"), "user:t"_actor);
  });
  CHECK(early.type() == "settle-unpaid");
  const Error too_much = error_of([&] {
    repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::balance,
                                yuan("9342.01"), Date::today_utc().plus_days(30), "user:m"_actor);
  });
  CHECK(too_much.type() == "payment-over-limit");
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::balance,
                                  yuan("9342.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  t.pay(last_order(p), "2026-05-05");

  p = repairfund::settle(t.books, p.project_ref, Date::parse("2026-05-10"), "user:treasurer"_actor);
  CHECK(p.state == repairfund::ProjectState::warranty);
  const auto split = repairfund::unit_split(t.books, p.project_ref);
  REQUIRE(split.size() == 4);
  money::Amount total;
  for (const auto& c : split)
    total += c.amount;
  CHECK(total == yuan("28600.00"));
  // Areas 91.00, 92.00, 93.00, 94.00 (370.00): 28600 x 91/370 = 7034.054... -> 7034.05.
  CHECK(split[0].amount == yuan("7034.05"));
  CHECK(repairfund::reconcile(t.books, Date::parse("2026-12-31")).balanced);
  const auto subs = repairfund::sub_accounts(t.books, Date::parse("2026-12-31"));
  for (const auto& s : subs) {
    if (s.unit_code == "2-1-0101") {
      CHECK(s.charged == yuan("7034.05"));
      CHECK(s.balance == yuan("2965.95"));
      CHECK(s.needs_top_up);  // 29.66% of its first deposit: below 30%
    }
  }

  // The retention waits for the warranty to end (2028-05-01).
  const Error held = error_of([&] {
    repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::retention,
                                yuan("858.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  });
  CHECK(held.type() == "retention-before-warranty-end");
  const Error close =
      error_of([&] { repairfund::close_project(t.books, p.project_ref, "user:t"_actor); });
  CHECK(close.type() == "retention-held");
}

TEST_CASE("a project the owners reject pays nothing") {
  RepairEstate t("repair-rejected");
  repairfund::Project p =
      repairfund::propose_project(t.books, RepairEstate::lift(), "user:m"_actor);
  p = repairfund::put_to_vote(t.books, p.project_ref, "Repair lift 2?", Date::parse("2026-02-01"),
                              Date::parse("2026-02-20"), "user:committee"_actor);
  t.all_vote(*p.vote_ref, repairfund::Choice::no);
  p = repairfund::decide(t.books, p.project_ref, "user:committee"_actor);
  CHECK(p.state == repairfund::ProjectState::rejected);
  const Error e = error_of([&] {
    repairfund::sign_contract(t.books, p.project_ref, RepairEstate::contract(), "user:m"_actor);
  });
  CHECK(e.type() == "project-state");
  // One action row per step, as the API has always logged it: the vote the project opens and
  // closes is part of its step's row, not a row of its own.
  std::vector<std::string> logged;
  for (const auto& a : ledger::list_actions(t.books.database(), -1, 1000)) {
    if (a.record.target.rfind("project:", 0) == 0 || a.record.target.rfind("vote:", 0) == 0)
      logged.push_back(a.record.actor + " " + a.record.action + " " + a.record.target);
  }
  CHECK(logged == std::vector<std::string>{
                      "user:m propose_repair_project project:new",
                      "user:committee put_repair_project_to_vote project:" + p.project_ref,
                      "user:committee cast_ballot vote:" + *p.vote_ref,
                      "user:committee cast_ballot vote:" + *p.vote_ref,
                      "user:committee cast_ballot vote:" + *p.vote_ref,
                      "user:committee cast_ballot vote:" + *p.vote_ref,
                      "user:committee decide_repair_project project:" + p.project_ref,
                  });
}

TEST_CASE("repair fund payments for works cannot bypass their project") {
  RepairEstate t("repair-bypass");
  escrow::OrderInput in = RepairEstate::staff_order("100.00");
  in.fund = ledger::Fund::repair;
  in.debit_account = "RF.1701";
  const Error e = error_of([&] { escrow::create_order(t.books, in, "user:treasurer"_actor); });
  CHECK(e.type() == "order-repair-project");
}

TEST_CASE("a final cost over the budget by more than the margin waits for a new approval") {
  RepairEstate t("repair-overrun");
  deposit_building_2(t);
  repairfund::Project p = t.in_works("30000.00", "28000.00");
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::progress,
                                  yuan("20000.00"), Date::today_utc().plus_days(30),
                                  "user:m"_actor);
  t.pay(last_order(p), "2026-04-01");
  // 30,000.00 approved; the margin is max(10%, 10,000.00) = 10,000.00: 40,000.01 is over it.
  p = repairfund::accept_works(t.books, p.project_ref, Date::parse("2026-05-01"), yuan("40000.01"),
                               "user:committee"_actor);
  const money::Amount retention = p.retention;  // 1,200.00
  CHECK(retention == yuan("1200.00"));
  // Up to the approved 30,000.00 less the retention may be paid: 8,800.00 more.
  const Error over = error_of([&] {
    repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::balance,
                                yuan("8800.01"), Date::today_utc().plus_days(30), "user:m"_actor);
  });
  CHECK(over.type() == "overrun-needs-approval");
  CHECK(error_of([&] {
          repairfund::settle(t.books, p.project_ref, Date::parse("2026-05-10"), "user:t"_actor);
        }).type() == "overrun-needs-approval");
  // The vote that approved the budget does not approve the overrun.
  CHECK(error_of([&] {
          repairfund::approve_overrun(t.books, p.project_ref, *p.vote_ref, "user:c"_actor);
        }).type() == "overrun-vote-before-acceptance");
  // The owners of building 2 approve the new cost.
  repairfund::VoteInput vi;
  vi.question = "Approve the final cost of 40,000.01 for lift 2?";
  vi.matter = repairfund::Matter::use_fund;
  vi.scope = repairfund::parse_scope("buildings", {"2"});
  vi.opened_on = Date::parse("2026-05-02");
  vi.closes_on = Date::parse("2026-05-09");
  repairfund::Vote v = repairfund::open_vote(t.books, vi, "user:committee"_actor);
  for (int i = 1; i <= 4; ++i)
    repairfund::cast_ballot(t.books, v.vote_ref, "b2-" + std::to_string(i), repairfund::Choice::yes,
                            Date::parse("2026-05-03"), "user:committee"_actor);
  v = repairfund::close_vote(t.books, v.vote_ref, "user:committee"_actor);
  p = repairfund::approve_overrun(t.books, p.project_ref, v.vote_ref, "user:committee"_actor);
  CHECK(p.approved == yuan("40000.01"));
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::balance,
                                  yuan("18800.01"), Date::today_utc().plus_days(30),
                                  "user:m"_actor);
  t.pay(last_order(p), "2026-05-06");
  CHECK(
      repairfund::settle(t.books, p.project_ref, Date::parse("2026-05-10"), "user:t"_actor).state ==
      repairfund::ProjectState::warranty);
}

TEST_CASE("the retention is released only after the warranty ends") {
  RepairEstate t("repair-retention");
  deposit_building_2(t);
  repairfund::Project p = t.in_works("30000.00", "10000.00");
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::progress,
                                  yuan("9700.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  t.pay(last_order(p), "2026-04-01");
  // Accepted with a 12-month warranty long enough ago that it has ended: 2025-06-01 + 12 months.
  store::Database& db = t.books.database();
  p = repairfund::accept_works(t.books, p.project_ref, Date::parse("2025-06-01"), yuan("10000.00"),
                               "user:committee"_actor);
  CHECK(p.warranty_end == Date::parse("2027-06-01"));  // 24 months
  db.exec("UPDATE repair_project SET warranty_end = '" + Date::today_utc().to_string() +
          "' WHERE project_ref = '" + p.project_ref + "'");
  p = repairfund::settle(t.books, p.project_ref, Date::parse("2026-05-10"), "user:t"_actor);
  // Warranty ends today: still held today.
  CHECK(error_of([&] {
          repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::retention,
                                      yuan("300.00"), Date::today_utc().plus_days(30),
                                      "user:m"_actor);
        }).type() == "retention-before-warranty-end");
  db.exec("UPDATE repair_project SET warranty_end = '" +
          Date::today_utc().plus_days(-1).to_string() + "' WHERE project_ref = '" + p.project_ref +
          "'");
  CHECK(error_of([&] {
          repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::retention,
                                      yuan("300.01"), Date::today_utc().plus_days(30),
                                      "user:m"_actor);
        }).type() == "payment-over-limit");
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::retention,
                                  yuan("300.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  CHECK(escrow::order(t.books, last_order(p)).input.debit_account == "RF.2241");
  t.pay(last_order(p), "2026-11-30");
  p = repairfund::close_project(t.books, p.project_ref, "user:t"_actor);
  CHECK(p.state == repairfund::ProjectState::closed);
  const auto r = repairfund::reconcile(t.books, Date::parse("2026-12-31"));
  CHECK(r.retention.is_zero());
  CHECK(r.works_in_progress.is_zero());
  CHECK(r.balanced);
}

TEST_CASE("an emergency repair skips the vote, is flagged and stays within the cap") {
  RepairEstate t("repair-emergency");
  repairfund::ProjectInput in = RepairEstate::lift("9000.00");
  in.title = "Roof leak over 1-1-0104";
  in.category = "roof";
  in.quotes = {{"Quick Roofing", yuan("8000.00"), testing::hex64('6')}};
  in.scope = repairfund::parse_scope("estate", {});
  const Error no_category =
      error_of([&] { repairfund::propose_project(t.books, in, "user:manager"_actor); });
  CHECK(no_category.type() == "project-quotes");  // one quote is enough only in an emergency
  in.emergency_category = "roof_leak";
  const Error no_certificate =
      error_of([&] { repairfund::propose_project(t.books, in, "user:manager"_actor); });
  CHECK(no_certificate.field() == "emergency_certificate_sha256");
  in.emergency_certificate_sha256 = testing::hex64('7');
  in.emergency_notice_sha256 = testing::hex64('8');
  repairfund::Project p = repairfund::propose_project(t.books, in, "user:manager"_actor);
  CHECK(error_of([&] {
          repairfund::put_to_vote(t.books, p.project_ref, "q", Date::parse("2026-02-01"),
                                  Date::parse("2026-02-02"), "user:c"_actor);
        }).type() == "project-emergency");
  p = repairfund::declare_emergency(t.books, p.project_ref, Date::parse("2026-06-01"),
                                    "user:m"_actor);
  CHECK(p.state == repairfund::ProjectState::emergency);
  p = repairfund::sign_contract(t.books, p.project_ref, RepairEstate::contract("8000.00"),
                                "user:m"_actor);
  p = repairfund::start_works(t.books, p.project_ref, Date::parse("2026-06-02"), "user:m"_actor);
  p = repairfund::request_payment(t.books, p.project_ref, repairfund::PaymentStage::advance,
                                  yuan("2400.00"), Date::today_utc().plus_days(30), "user:m"_actor);
  const escrow::Order o = escrow::order(t.books, last_order(p));
  CHECK(o.input.emergency_category == "roof_leak");
  t.pay(o.order_id, "2026-06-03");
  CHECK(t.books.entry(*escrow::order(t.books, o.order_id).entry_seq).memo.find("emergency") !=
        std::string::npos);
}

TEST_CASE("a proposal needs the configured number of quotes and a valid scope") {
  RepairEstate t("repair-proposal");
  repairfund::ProjectInput in = RepairEstate::lift();
  in.quotes.pop_back();
  CHECK(error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); }).field() ==
        "quotes");
  in = RepairEstate::lift();
  in.scope = repairfund::parse_scope("buildings", {"9"});
  CHECK(error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); }).type() ==
        "scope-empty");
  in = RepairEstate::lift();
  in.chosen_quote = 3;
  CHECK(error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); }).field() ==
        "chosen_quote");
  CHECK(repairfund::list_projects(t.books).empty());
}

TEST_CASE("a proposal's title is one line of text; its reason may run over lines") {
  RepairEstate t("repair-text");
  // C0 (a tab), DEL and C1 (U+0085 NEXT LINE, U+009B CSI) are refused; the reason allows only
  // line feeds besides.
  for (const char* bad :
       {"Lift\trepair", "Lift\x7Frepair", "Lift\xC2\x85repair", "Lift\xC2\x9Brepair"}) {
    INFO(bad);
    repairfund::ProjectInput in = RepairEstate::lift();
    in.title = bad;
    const Error title = error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); });
    CHECK(title.type() == "project-text");
    CHECK(title.field() == "title");
    in = RepairEstate::lift();
    in.reason = std::string("The doors jam.\n") + bad;
    CHECK(error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); }).field() ==
          "reason");
  }
  repairfund::ProjectInput in = RepairEstate::lift();
  in.title = "Lift\nrepair";
  CHECK(error_of([&] { repairfund::propose_project(t.books, in, "user:m"_actor); }).field() ==
        "title");
  CHECK(repairfund::list_projects(t.books).empty());
  in = RepairEstate::lift();
  in.reason = "The doors jam.\nThe controls are 20 years old.";
  CHECK(repairfund::propose_project(t.books, in, "user:m"_actor).input.reason == in.reason);
}

TEST_CASE("a project's cost split over thousands of awkward areas is exact") {
  std::vector<ledger::Unit> units;
  std::int64_t total_area = 0;
  for (int i = 0; i < 5000; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "%d-1-%04d", i / 1000 + 1, i % 1000);
    const std::int64_t area = 3001 + (i * 7919) % 17333;  // 30.01 .. 203.33 m²
    units.push_back({code, "residential", money::Area::from_hundredths_m2(area), "o"});
    total_area += area;
  }
  const money::Amount cost = yuan("1234567.89");
  const auto split = repairfund::split_by_area(cost, units);
  money::Amount sum;
  for (std::size_t i = 0; i < split.size(); ++i) {
    sum += split[i].amount;
    // Within one fen of the exact share cost x area / total.
    using boost::multiprecision::checked_int128_t;
    const checked_int128_t exact_num = checked_int128_t(cost.fen()) * units[i].area.hundredths_m2();
    const std::int64_t low = static_cast<std::int64_t>(exact_num / total_area);
    CHECK((split[i].amount.fen() == low || split[i].amount.fen() == low + 1));
  }
  CHECK(sum == cost);
}

TEST_CASE("a vote opened before 2021 is judged by the older rule") {
  RepairEstate t("repair-old-rule");
  repairfund::VoteInput vi;
  vi.question = "Use the fund for the roof?";
  vi.scope = repairfund::parse_scope("buildings", {"2"});
  vi.opened_on = Date::parse("2020-06-01");
  vi.closes_on = Date::parse("2020-06-30");
  CHECK(repairfund::open_vote(t.books, vi, "user:c"_actor).rule_set_id == "CN-property-law-2007");
  vi.opened_on = Date::parse("2021-01-01");
  vi.closes_on = Date::parse("2021-01-30");
  CHECK(repairfund::open_vote(t.books, vi, "user:c"_actor).rule_set_id == "CN-civil-code-2021");
}

TEST_CASE("a vote's question is one line of text") {
  RepairEstate t("repair-question");
  repairfund::VoteInput vi;
  vi.scope = repairfund::parse_scope("buildings", {"2"});
  vi.opened_on = Date::parse("2026-06-01");
  vi.closes_on = Date::parse("2026-06-30");
  for (const char* bad : {"", "Roof?\nYes", "Roof\xC2\x85?", "Roof\xFF?"}) {
    INFO(bad);
    vi.question = bad;
    const Error e = error_of([&] { repairfund::open_vote(t.books, vi, "user:c"_actor); });
    CHECK(e.type() == "vote-question");
    CHECK(e.field() == "question");
  }
}

TEST_CASE("deposits keep one first deposit per unit and list units below the top-up share") {
  RepairEstate t("repair-deposits");
  deposit_building_2(t);
  const Error twice = error_of([&] {
    repairfund::record_deposits(
        t.books,
        {{"2-1-0101", repairfund::DepositKind::first, yuan("1.00"), Date::parse("2026-01-03")}},
        "user:t"_actor);
  });
  CHECK(twice.type() == "deposit-first-twice");
  const Error top_up = error_of([&] {
    repairfund::record_deposits(
        t.books,
        {{"1-1-0102", repairfund::DepositKind::top_up, yuan("1.00"), Date::parse("2026-01-03")}},
        "user:t"_actor);
  });
  CHECK(top_up.type() == "deposit-top-up-first");
  // Interest by area: 370.00 over 91, 92, 93, 94 m² ... over every unit of the estate.
  const auto alloc =
      repairfund::allocate_interest(t.books, yuan("100.00"), Date::parse("2026-03-31"),
                                    repairfund::InterestBasis::balance, "user:t"_actor);
  money::Amount sum;
  for (const auto& [unit, amount] : alloc.by_unit)
    sum += amount;
  CHECK(sum == yuan("100.00"));
  CHECK(repairfund::reconcile(t.books, Date::parse("2026-12-31")).balanced);

  // At a month end, the sub-accounts from the month's balances (as a statement reads them) are
  // the ones the books give.
  const Date end = Date::parse("2026-03-31");
  const std::vector<repairfund::SubAccount> read = repairfund::sub_accounts(t.books, end);
  const std::vector<repairfund::SubAccount> given =
      repairfund::sub_accounts(t.books, end, t.books.period_balances(Period::of(end)));
  REQUIRE(given.size() == read.size());
  for (std::size_t i = 0; i < read.size(); ++i) {
    INFO(read[i].unit_code);
    CHECK(given[i].unit_code == read[i].unit_code);
    CHECK(given[i].balance == read[i].balance);
    CHECK(given[i].first_deposit == read[i].first_deposit);
    CHECK(given[i].top_ups == read[i].top_ups);
    CHECK(given[i].charged == read[i].charged);
    CHECK(given[i].needs_top_up == read[i].needs_top_up);
  }
  CHECK(
      std::any_of(read.begin(), read.end(), [](const auto& a) { return a.balance.is_positive(); }));
}
