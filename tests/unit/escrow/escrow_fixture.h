// An estate with two custodians (and a supervisor), bank accounts and money in its funds, for
// the escrow tests. Keys are made in memory; nothing is written to key files.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <string>

#include "support/actors.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/crypto/cms.h"
#include "trustfund/escrow/custodians.h"
#include "trustfund/escrow/order.h"
#include "trustfund/escrow/policy.h"

namespace trustfund::testing {

struct TestCustodian {
  crypto::PrivateKey key;
  crypto::Certificate cert;
  escrow::CustodianRole role;

  static TestCustodian make(escrow::CustodianRole role, const char* name) {
    crypto::PrivateKey key = crypto::PrivateKey::generate_p256();
    crypto::Certificate cert = crypto::Certificate::self_signed(
        key, {name, "Sunrise Gardens", escrow::to_string(role), "CN"},
        Date::today_utc().plus_days(-1), 730);
    return {std::move(key), std::move(cert), role};
  }
  escrow::CustodianInput input() const { return {role, cert.to_pem()}; }
  std::string sign(const std::string& bytes) const { return crypto::cms_sign(bytes, key, cert); }
  std::string cosign(const std::string& cms, const std::string& bytes) const {
    return crypto::cms_cosign(cms, bytes, key, cert);
  }
};

struct EscrowEstate : TempEstate {
  TestCustodian committee = TestCustodian::make(escrow::CustodianRole::owners_committee, "Li Wei");
  TestCustodian manager = TestCustodian::make(escrow::CustodianRole::manager, "Wang Fang");
  TestCustodian supervisor = TestCustodian::make(escrow::CustodianRole::supervisor, "Zhao Min");
  ledger::Books books;

  explicit EscrowEstate(const char* tag) : TempEstate(tag), books(open()) {
    escrow::register_custodians(books, {committee.input(), manager.input(), supervisor.input()},
                                "user:admin"_actor);
    for (const ledger::Fund f :
         {ledger::Fund::operating, ledger::Fund::public_revenue, ledger::Fund::repair}) {
      escrow::set_bank_account(books,
                               {f, std::string("Sunrise Gardens ") + ledger::fund_code(f),
                                "6222020200112233", "ICBC Chengdu", "102651000123"},
                               "user:admin"_actor);
    }
    // 100,000.00 in each fund's bank account.
    ledger::EntryInput e;
    e.date = Date::parse("2026-01-01");
    e.kind = "opening";
    e.memo = "Opening balances";
    e.postings = {{"OP.1002", money::Amount::parse("100000.00")},
                  {"OP.3101", money::Amount::parse("-100000.00")},
                  {"PR.1002", money::Amount::parse("100000.00")},
                  {"PR.3101", money::Amount::parse("-100000.00")},
                  {"RF.1002", money::Amount::parse("100000.00")},
                  {"RF.3001@" + unit(1), money::Amount::parse("-100000.00")}};
    books.post(e, "user:treasurer");
  }

  static escrow::OrderInput staff_order(const char* amount = "12000.00") {
    escrow::OrderInput in;
    in.fund = ledger::Fund::operating;
    in.amount = money::Amount::parse(amount);
    in.payee = {"Chengdu Staffing Co.", "6217001234567890", "CCB Chengdu", "105651000017"};
    in.debit_account = "OP.6601.01";
    in.budget_line = "2026 staff";
    in.purpose = "Staff wages, October 2026";
    in.vouchers = {{"payroll-2026-10.pdf", std::string(64, 'a')}};
    in.expires_on = Date::today_utc().plus_days(30);
    return in;
  }

  escrow::Order submitted(const escrow::OrderInput& in) {
    const escrow::Order o = escrow::create_order(books, in, "user:treasurer"_actor);
    return escrow::submit_order(books, o.order_id, "user:treasurer"_actor);
  }

  // Submitted, signed by the committee and co-signed by the manager.
  escrow::Order approved(const escrow::OrderInput& in) {
    const escrow::Order o = submitted(in);
    const std::string first = committee.sign(o.canonical);
    escrow::add_signature(books, o.order_id, first, "user:custodian-a"_actor);
    return escrow::add_signature(books, o.order_id, manager.cosign(first, o.canonical),
                                 "user:custodian-b"_actor);
  }
};

}  // namespace trustfund::testing
