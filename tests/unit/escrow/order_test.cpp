// Disbursement orders: two custodians' signatures over the order's own bytes move money, and
// nothing less does.
#include <catch2/catch_test_macros.hpp>

#include "escrow_fixture.h"
#include "support/actors.h"
#include "trustfund/escrow/bank_file.h"
#include "trustfund/escrow/project_orders.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/audited_write.h"

using namespace trustfund;
using testing::error_of;
using testing::EscrowEstate;

namespace {

money::Amount yuan(const char* s) {
  return money::Amount::parse(s);
}

}  // namespace

TEST_CASE("an order signed by the committee and the manager is approved and executes") {
  EscrowEstate t("escrow-happy");
  escrow::Order o =
      escrow::create_order(t.books, EscrowEstate::staff_order(), "user:treasurer"_actor);
  CHECK(o.order_id == "DO-000001");
  CHECK(o.state == escrow::OrderState::draft);
  o = escrow::submit_order(t.books, o.order_id, "user:treasurer"_actor);
  CHECK(o.state == escrow::OrderState::awaiting_signatures);

  const std::string first = t.committee.sign(o.canonical);
  o = escrow::add_signature(t.books, o.order_id, first, "user:custodian-a"_actor);
  CHECK(o.state == escrow::OrderState::awaiting_signatures);
  REQUIRE(o.signature);
  CHECK(o.signature->review.committee);
  CHECK_FALSE(o.signature->review.manager);

  o = escrow::add_signature(t.books, o.order_id, t.manager.cosign(first, o.canonical),
                            "user:custodian-b"_actor);
  CHECK(o.state == escrow::OrderState::approved);
  REQUIRE(o.signature->review.signers.size() == 2);

  o = escrow::execute_order(t.books, o.order_id, Date::parse("2026-10-31"), "user:treasurer"_actor);
  CHECK(o.state == escrow::OrderState::executed);
  REQUIRE(o.entry_seq);
  const ledger::RecordedEntry e = t.books.entry(*o.entry_seq);
  CHECK(e.kind == "expense");
  CHECK(t.books.balance("OP.1002", Date::parse("2026-10-31")) == yuan("88000.00"));
  CHECK(t.books.balance("OP.6601.01", Date::parse("2026-10-31")) == yuan("12000.00"));
  REQUIRE(o.bank_files.size() == 2);
  const escrow::BankFile xml = escrow::bank_file(t.books, o.order_id, "DO-000001.pain.001.xml");
  CHECK(xml.content.find("<EndToEndId>DO-000001</EndToEndId>") != std::string::npos);
  CHECK(xml.content.find("<InstdAmt Ccy=\"CNY\">12000.00</InstdAmt>") != std::string::npos);
  CHECK(xml.content.find("<MmbId>105651000017</MmbId>") != std::string::npos);
  const escrow::BankFile csv = escrow::bank_file(t.books, o.order_id, "DO-000001.csv");
  CHECK(csv.content.find(",12000.00,CNY,DO-000001,") != std::string::npos);
  std::vector<std::string> events;
  for (const auto& ev : o.events)
    events.push_back(ev.event);
  CHECK(events == std::vector<std::string>{"created", "submitted", "signed", "signed", "approved",
                                           "executed"});
  // Each step is in the action log, by whom it was made, as the API has always logged it.
  std::vector<std::string> logged;
  for (const auto& a : ledger::list_actions(t.books.database(), -1, 1000)) {
    if (a.record.target.rfind("order:", 0) == 0)
      logged.push_back(a.record.actor + " " + a.record.action + " " + a.record.target + " " +
                       a.record.detail);
  }
  CHECK(logged == std::vector<std::string>{
                      "user:treasurer create_order order:new 12000.00 OP",
                      "user:treasurer submit_order order:DO-000001 ",
                      "user:custodian-a sign_order order:DO-000001 ",
                      "user:custodian-b sign_order order:DO-000001 ",
                      "user:treasurer execute_order order:DO-000001 ",
                  });
}

TEST_CASE("an order with one custodian's signature cannot be executed") {
  EscrowEstate t("escrow-one");
  escrow::Order o = t.submitted(EscrowEstate::staff_order());
  o = escrow::add_signature(t.books, o.order_id, t.manager.sign(o.canonical),
                            "user:custodian-b"_actor);
  CHECK(o.state == escrow::OrderState::awaiting_signatures);
  const Error e = error_of([&] {
    escrow::execute_order(t.books, o.order_id, Date::parse("2026-10-31"), "user:t"_actor);
  });
  CHECK(e.type() == "order-state");
  CHECK(t.books.balance("OP.1002", Date::parse("2026-12-31")) == yuan("100000.00"));
}

TEST_CASE("the same custodian signing twice does not approve an order") {
  EscrowEstate t("escrow-twice");
  escrow::Order o = t.submitted(EscrowEstate::staff_order());
  const std::string first = t.committee.sign(o.canonical);
  escrow::add_signature(t.books, o.order_id, first, "user:custodian-a"_actor);
  const Error dup = error_of([&] { (void)t.committee.cosign(first, o.canonical); });
  CHECK(dup.type() == "signature-duplicate-signer");
  o = escrow::add_signature(t.books, o.order_id, t.committee.sign(o.canonical),
                            "user:custodian-a"_actor);
  CHECK(o.state == escrow::OrderState::awaiting_signatures);
}

TEST_CASE("a supervisor's signature does not count as an approval") {
  EscrowEstate t("escrow-supervisor");
  const escrow::Order o = t.submitted(EscrowEstate::staff_order());
  const std::string first = t.committee.sign(o.canonical);
  const Error e = error_of([&] {
    escrow::add_signature(t.books, o.order_id, t.supervisor.cosign(first, o.canonical),
                          "user:supervisor"_actor);
  });
  CHECK(e.type() == "signature-supervisor");
}

TEST_CASE("a signature by someone who is not a custodian is refused") {
  EscrowEstate t("escrow-stranger");
  const escrow::Order o = t.submitted(EscrowEstate::staff_order());
  const testing::TestCustodian stranger =
      testing::TestCustodian::make(escrow::CustodianRole::manager, "Stranger");
  const Error e = error_of([&] {
    escrow::add_signature(t.books, o.order_id, stranger.sign(o.canonical), "user:x"_actor);
  });
  CHECK(e.type() == "signature-unknown-signer");
  CHECK(e.field() == "signature");
}

TEST_CASE("a signature from a replaced custodian is refused") {
  EscrowEstate t("escrow-revoked");
  const testing::TestCustodian next =
      testing::TestCustodian::make(escrow::CustodianRole::owners_committee, "Chen Jie");
  const std::vector<escrow::CustodianInput> set = {next.input(), t.manager.input()};
  const std::string doc = escrow::custodian_change_document(t.books, set, "committee re-elected");
  const std::string sig = t.manager.cosign(t.committee.sign(doc), doc);
  const escrow::CustodianSet v2 =
      escrow::change_custodians(t.books, set, "committee re-elected", sig, "user:admin"_actor);
  CHECK(v2.version == 2);
  const escrow::Order o = t.submitted(EscrowEstate::staff_order());
  const Error e = error_of([&] {
    escrow::add_signature(t.books, o.order_id, t.committee.sign(o.canonical),
                          "user:custodian-a"_actor);
  });
  CHECK(e.type() == "signature-revoked-custodian");
  // The new committee custodian and the manager approve it.
  const std::string first = next.sign(o.canonical);
  escrow::add_signature(t.books, o.order_id, first, "user:custodian-c"_actor);
  CHECK(escrow::add_signature(t.books, o.order_id, t.manager.cosign(first, o.canonical),
                              "user:m"_actor)
            .state == escrow::OrderState::approved);
}

TEST_CASE("a custodian change needs both outgoing custodians' signatures") {
  EscrowEstate t("escrow-change");
  const testing::TestCustodian next =
      testing::TestCustodian::make(escrow::CustodianRole::manager, "New Manager");
  const std::vector<escrow::CustodianInput> set = {t.committee.input(), next.input()};
  const std::string doc = escrow::custodian_change_document(t.books, set, "manager replaced");
  // The incoming manager cannot sign itself in.
  const Error in = error_of([&] {
    escrow::change_custodians(t.books, set, "manager replaced",
                              next.cosign(t.committee.sign(doc), doc), "user:admin"_actor);
  });
  CHECK(in.type() == "signature-unknown-signer");
  const Error one = error_of([&] {
    escrow::change_custodians(t.books, set, "manager replaced", t.committee.sign(doc),
                              "user:a"_actor);
  });
  CHECK(one.type() == "signature-incomplete");
  CHECK(escrow::current_custodians(t.books).version == 1);
  CHECK(escrow::custodian_history(t.books).size() == 1);
  // The reason is one line of text, signed as given.
  for (const char* reason : {"", "manager\nreplaced", "manager\xC2\x85replaced"}) {
    INFO(reason);
    const Error e = error_of([&] { escrow::custodian_change_document(t.books, set, reason); });
    CHECK(e.type() == "reason");
    CHECK(e.field() == "reason");
  }
}

TEST_CASE("a custodian set needs a committee and a manager with keys of their own") {
  testing::TempEstate t("escrow-register");
  ledger::Books books = t.open();
  const auto committee = testing::TestCustodian::make(escrow::CustodianRole::owners_committee, "A");
  const Error missing = error_of(
      [&] { escrow::register_custodians(books, {committee.input()}, "user:admin"_actor); });
  CHECK(missing.type() == "custodians-count");
  escrow::CustodianInput same = committee.input();
  same.role = escrow::CustodianRole::manager;
  const Error same_key = error_of([&] {
    escrow::register_custodians(books, {committee.input(), same}, "user:admin"_actor);
  });
  CHECK((same_key.type() == "custodians-same-key" || same_key.type() == "certificate-role"));
  const Error unregistered = error_of([&] { escrow::current_custodians(books); });
  CHECK(unregistered.type() == "custodians-unregistered");
  const Error no_set = error_of(
      [&] { escrow::create_order(books, EscrowEstate::staff_order(), "user:treasurer"_actor); });
  CHECK(no_set.type() == "custodians-unregistered");
}

TEST_CASE("a signature made before the amount was altered is refused") {
  EscrowEstate t("escrow-altered");
  const escrow::Order o = t.submitted(EscrowEstate::staff_order("12000.00"));
  const std::string signed_first = t.committee.sign(o.canonical);
  escrow::Order changed = escrow::amend_order(
      t.books, o.order_id, EscrowEstate::staff_order("21000.00"), "user:t"_actor);
  CHECK(changed.revision == 2);
  CHECK(changed.state == escrow::OrderState::draft);
  changed = escrow::submit_order(t.books, o.order_id, "user:treasurer"_actor);
  const Error e =
      error_of([&] { escrow::add_signature(t.books, o.order_id, signed_first, "user:a"_actor); });
  CHECK(e.type() == "signature-invalid");
}

TEST_CASE("an approved order changed behind the service's back does not execute") {
  EscrowEstate t("escrow-tampered");
  const escrow::Order o = t.approved(EscrowEstate::staff_order("12000.00"));
  store::Database& db = t.books.database();
  db.exec("DROP TRIGGER disbursement_order_frozen");
  db.exec(
      "UPDATE disbursement_order SET amount_fen = 9000000,"
      " body = replace(body, '\"amount\":\"12000.00\"', '\"amount\":\"90000.00\"')");
  const Error e = error_of([&] {
    escrow::execute_order(t.books, o.order_id, Date::parse("2026-10-31"), "user:t"_actor);
  });
  CHECK(e.type() == "order-tampered");
  CHECK(t.books.balance("OP.1002", Date::parse("2026-12-31")) == yuan("100000.00"));
}

TEST_CASE("a signature made for one order does not sign another") {
  EscrowEstate t("escrow-replay");
  const escrow::Order a = t.submitted(EscrowEstate::staff_order());
  const escrow::Order b = t.submitted(EscrowEstate::staff_order());
  const std::string for_a = t.manager.cosign(t.committee.sign(a.canonical), a.canonical);
  const Error e =
      error_of([&] { escrow::add_signature(t.books, b.order_id, for_a, "user:x"_actor); });
  CHECK(e.type() == "signature-invalid");
  CHECK(escrow::order(t.books, b.order_id).state == escrow::OrderState::awaiting_signatures);
}

TEST_CASE("an order cannot be executed after its expiry day") {
  EscrowEstate t("escrow-expiry");
  const escrow::Order o = t.approved(EscrowEstate::staff_order());
  const Date late = o.input.expires_on.plus_days(1);
  const Error e =
      error_of([&] { escrow::execute_order(t.books, o.order_id, late, "user:treasurer"_actor); });
  CHECK(e.type() == "order-expired");
  // Past its expiry day an open order is expired: it can no longer be signed or executed.
  store::Database& db = t.books.database();
  db.exec("DROP TRIGGER disbursement_order_frozen");
  const std::string old_day = o.input.expires_on.to_string();
  const std::string past = Date::today_utc().plus_days(-1).to_string();
  db.exec("UPDATE disbursement_order SET body = replace(body, '" + old_day + "', '" + past +
          "'), canonical = replace(canonical, '" + old_day + "', '" + past + "'), expires_on = '" +
          past + "'");
  CHECK(escrow::order(t.books, o.order_id).state == escrow::OrderState::expired);
  const Error expired = error_of([&] {
    escrow::execute_order(t.books, o.order_id, Date::today_utc().plus_days(-1), "user:t"_actor);
  });
  CHECK(expired.type() == "order-state");
  CHECK(escrow::list_orders(t.books, escrow::OrderState::expired, 0, 10).size() == 1);
  CHECK(escrow::list_orders(t.books, escrow::OrderState::approved, 0, 10).empty());
}

TEST_CASE("an order that would overdraw its fund or pass its floor is refused") {
  EscrowEstate t("escrow-funds");
  escrow::OrderInput in = EscrowEstate::staff_order("100000.01");
  in.resolution = "OC-2026-07";
  const escrow::Order big = t.approved(in);
  const Error e = error_of([&] {
    escrow::execute_order(t.books, big.order_id, Date::parse("2026-10-31"), "user:t"_actor);
  });
  CHECK(e.type() == "fund-insufficient");
  CHECK(e.field() == "amount");

  escrow::EscrowPolicy p;
  p.effective_from = Date::today_utc();
  p.floor_operating = yuan("95000.00");
  escrow::set_policy(t.books, p, "user:admin"_actor);
  const escrow::Order small = t.approved(EscrowEstate::staff_order("5000.01"));
  const Error floor = error_of([&] {
    escrow::execute_order(t.books, small.order_id, Date::today_utc(), "user:treasurer"_actor);
  });
  CHECK(floor.type() == "fund-insufficient");
  const escrow::Order exact = t.approved(EscrowEstate::staff_order("5000.00"));
  CHECK(escrow::execute_order(t.books, exact.order_id, Date::today_utc(), "user:t"_actor).state ==
        escrow::OrderState::executed);
}

TEST_CASE("an order above the threshold needs an owners' resolution") {
  EscrowEstate t("escrow-resolution");
  const escrow::Order o =
      escrow::create_order(t.books, EscrowEstate::staff_order("50000.01"), "user:treasurer"_actor);
  const Error e =
      error_of([&] { escrow::submit_order(t.books, o.order_id, "user:treasurer"_actor); });
  CHECK(e.type() == "resolution-required");
  const escrow::Order at = t.submitted(EscrowEstate::staff_order("50000.00"));
  CHECK(at.state == escrow::OrderState::awaiting_signatures);
}

TEST_CASE("emergency repair use is capped at its share of the repair fund") {
  EscrowEstate t("escrow-emergency");
  escrow::OrderInput in = EscrowEstate::staff_order("10000.01");
  in.fund = ledger::Fund::repair;
  in.debit_account = "RF.1701";
  in.emergency_category = "roof_leak";
  in.repair_project = "RP-0001";
  const Error generic =
      error_of([&] { escrow::create_order(t.books, in, "user:treasurer"_actor); });
  CHECK(generic.type() == "order-repair-project");
  // A project's order is made and submitted inside the project's own audited write.
  const auto project_order = [&](const escrow::OrderInput& input) {
    ledger::AuditedWrite write(t.books, "user:treasurer"_actor);
    const escrow::Order o = escrow::create_project_order(t.books, input, "user:treasurer"_actor);
    write.commit("request_repair_payment", "project:" + input.repair_project);
    return o;
  };
  const Error e = error_of([&] { project_order(in); });
  CHECK(e.type() == "emergency-cap");  // 10% of 100,000.00
  in.amount = yuan("6000.00");
  const auto approve = [&](const escrow::OrderInput& input) {
    const escrow::Order o = project_order(input);
    CHECK(o.state == escrow::OrderState::awaiting_signatures);
    const std::string first = t.committee.sign(o.canonical);
    escrow::add_signature(t.books, o.order_id, first, "user:a"_actor);
    return escrow::add_signature(t.books, o.order_id, t.manager.cosign(first, o.canonical),
                                 "user:b"_actor);
  };
  const escrow::Order first = approve(in);
  escrow::execute_order(t.books, first.order_id, Date::today_utc(), "user:treasurer"_actor);
  // 6,000.00 used; the cap is 10% of the fund before it: 4,000.00 left.
  in.amount = yuan("4000.01");
  CHECK(error_of([&] { project_order(in); }).type() == "emergency-cap");
  in.amount = yuan("4000.00");
  CHECK(project_order(in).state == escrow::OrderState::awaiting_signatures);
  in.fund = ledger::Fund::operating;
  in.repair_project.clear();
  in.debit_account = "OP.6601.02";
  const Error fund = error_of([&] { escrow::create_order(t.books, in, "user:treasurer"_actor); });
  CHECK(fund.type() == "emergency-fund");
}

TEST_CASE("bad order fields are refused with the field named and nothing written") {
  EscrowEstate t("escrow-bad");
  const auto field_of = [&](escrow::OrderInput in) {
    return error_of([&] { escrow::create_order(t.books, in, "user:treasurer"_actor); }).field();
  };
  escrow::OrderInput in = EscrowEstate::staff_order();
  in.amount = yuan("0.00");
  CHECK(field_of(in) == "amount");
  in = EscrowEstate::staff_order();
  in.debit_account = "PR.6601";
  CHECK(field_of(in) == "debit_account");
  in = EscrowEstate::staff_order();
  in.debit_account = "OP.1002";
  CHECK(field_of(in) == "debit_account");
  in = EscrowEstate::staff_order();
  in.payee.account_no = "12";
  CHECK(field_of(in) == "payee.account_no");
  in = EscrowEstate::staff_order();
  in.payee.bank_code = "12345";
  CHECK(field_of(in) == "payee.bank_code");
  in = EscrowEstate::staff_order();
  in.vouchers.clear();
  CHECK(field_of(in) == "vouchers");
  in = EscrowEstate::staff_order();
  in.vouchers[0].sha256 = "ABC";
  CHECK(field_of(in) == "vouchers[0].sha256");
  in = EscrowEstate::staff_order();
  in.expires_on = Date::today_utc().plus_days(91);
  CHECK(field_of(in) == "expires_on");
  in = EscrowEstate::staff_order();
  in.expires_on = Date::today_utc().plus_days(-1);
  CHECK(field_of(in) == "expires_on");
  // Names and texts are one line: C0, DEL and C1 controls (U+0085 NEXT LINE) are refused.
  for (const char* text : {"Chengdu\tLift", "Chengdu\x7FLift", "Chengdu\xC2\x85Lift"}) {
    INFO(text);
    in = EscrowEstate::staff_order();
    in.payee.name = text;
    CHECK(field_of(in) == "payee.name");
    in = EscrowEstate::staff_order();
    in.payee.bank_name = text;
    CHECK(field_of(in) == "payee.bank_name");
    in = EscrowEstate::staff_order();
    in.purpose = text;
    CHECK(field_of(in) == "purpose");
  }
  CHECK(escrow::list_orders(t.books, std::nullopt, 0, 100).empty());
}

TEST_CASE("an order in JSON is read strictly") {
  const std::string good =
      R"({"amount":"12.50","fund":"OP","payee":{"name":"A","account_no":"1234","bank_name":"B"},)"
      R"("debit_account":"OP.6601.03","budget_line":"cleaning","purpose":"October",)"
      R"("vouchers":[{"name":"inv.pdf","sha256":")" +
      std::string(64, '0') + R"("}],"expires_on":"2027-01-31"})";
  const escrow::OrderInput in = escrow::parse_order_json(good);
  CHECK(in.amount == yuan("12.50"));
  CHECK(in.payee.bank_code.empty());
  const std::string extra = good.substr(0, good.size() - 1) + R"(,"approved":true})";
  CHECK(error_of([&] { escrow::parse_order_json(extra); }).field() == "approved");
  CHECK(error_of([&] { escrow::parse_order_json(R"({"amount":12})"); }).field() == "amount");
  // A member given twice is refused, naming it: which one would count is not for a parser to pick.
  const std::string twice = good.substr(0, good.size() - 1) + R"(,"amount":"99999.00"})";
  const Error e = error_of([&] { escrow::parse_order_json(twice); });
  CHECK(e.type() == "duplicate-member");
  CHECK(e.field() == "amount");
}

TEST_CASE("a rejected or cancelled order is final") {
  EscrowEstate t("escrow-final");
  const escrow::Order o = t.submitted(EscrowEstate::staff_order());
  CHECK(escrow::reject_order(t.books, o.order_id, "not in the budget", "user:custodian-a"_actor)
            .state == escrow::OrderState::rejected);
  const std::string sig = t.committee.sign(o.canonical);
  CHECK(error_of([&] { escrow::add_signature(t.books, o.order_id, sig, "user:a"_actor); }).type() ==
        "order-state");
  CHECK(error_of([&] { escrow::cancel_order(t.books, o.order_id, "x", "user:t"_actor); }).type() ==
        "order-state");
  const Error sql = error_of(
      [&] { t.books.database().exec("UPDATE disbursement_order SET state = 'approved'"); });
  CHECK(sql.kind() == ErrorKind::rule_violation);
}

TEST_CASE("a payment file names the payee, the amount and the order") {
  escrow::PaymentInstruction p;
  p.message_id = "DO-000007-1";
  p.created_at = "2026-10-31T08:00:00Z";
  p.execution_date = Date::parse("2026-10-31");
  p.initiator = "Sunrise & Sons <Estate>";
  p.debtor = {ledger::Fund::operating, "Sunrise OP", "6222020200112233", "ICBC", ""};
  p.end_to_end_id = "DO-000007";
  p.amount = yuan("1234.50");
  p.creditor = {"Clean, \"Quick\" Ltd", "6217001234567890", "CCB", "105651000017"};
  p.remittance = std::string(150, 'x');
  const std::string xml = escrow::pain001_xml(p);
  CHECK(xml.find("<Nm>Sunrise &amp; Sons &lt;Estate&gt;</Nm>") != std::string::npos);
  CHECK(xml.find("<Ustrd>" + std::string(140, 'x') + "</Ustrd>") != std::string::npos);
  CHECK(xml.find("<Id>NOTPROVIDED</Id>") != std::string::npos);
  CHECK(xml.find("<CtrlSum>1234.50</CtrlSum>") != std::string::npos);
  const std::string csv = escrow::payment_csv(p);
  CHECK(csv.find("\"Clean, \"\"Quick\"\" Ltd\"") != std::string::npos);
}

TEST_CASE("a prepayment refund is an order and cannot exceed the unit's prepayment") {
  EscrowEstate t("escrow-refund");
  const std::string unit = testing::TempEstate::unit(2);
  ledger::EntryInput e;
  e.date = Date::parse("2026-10-05");
  e.kind = "payment";
  e.memo = "prepaid";
  e.postings = {{"OP.1002", yuan("300.00")}, {"OP.2203@" + unit, yuan("-300.00")}};
  t.books.post(e, "user:treasurer");
  escrow::OrderInput in = EscrowEstate::staff_order("300.01");
  in.debit_account = "OP.2203@" + unit;
  in.purpose = "Refund of the prepayment, unit sold";
  const escrow::Order o = escrow::create_order(t.books, in, "user:treasurer"_actor);
  const Error over = error_of([&] { escrow::submit_order(t.books, o.order_id, "user:t"_actor); });
  CHECK(over.type() == "refund-exceeds-prepayment");
  in.amount = yuan("300.00");
  const escrow::Order ok = t.approved(in);
  const escrow::Order paid = escrow::execute_order(t.books, ok.order_id, Date::parse("2026-10-20"),
                                                   "user:treasurer"_actor);
  CHECK(t.books.entry(*paid.entry_seq).kind == "refund");
  CHECK(t.books.balance("OP.2203@" + unit, Date::parse("2026-12-31")).is_zero());
}
