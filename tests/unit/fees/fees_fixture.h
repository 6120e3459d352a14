// Helpers for the fees tests: an estate with fee schedules, and checks that the fund balances
// equal the unit sub-ledgers and the fee tables.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "support/actors.h"
#include "support/errors.h"
#include "support/temp_estate.h"
#include "trustfund/fees/billing.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/ledger/action_log.h"
#include "trustfund/ledger/books.h"

namespace trustfund::testing {

inline money::Amount yuan(std::string_view text) {
  return money::Amount::parse(text);
}

inline fees::Schedule per_m2(ledger::Books& books, const char* from, const char* rate,
                             const char* kind = "residential") {
  fees::ScheduleInput in;
  in.unit_kind = kind;
  in.effective_from = Period::parse(from);
  in.basis = fees::FeeBasis::per_m2;
  in.rate_yuan_per_m2_month = money::Rate::parse(rate);
  return fees::add_schedule(books, in, "user:treasurer"_actor);
}

inline fees::Schedule fixed(ledger::Books& books, const char* from, const char* amount,
                            const char* kind) {
  fees::ScheduleInput in;
  in.unit_kind = kind;
  in.effective_from = Period::parse(from);
  in.basis = fees::FeeBasis::fixed;
  in.fixed_per_unit_month = yuan(amount);
  return fees::add_schedule(books, in, "user:treasurer"_actor);
}

// Every unit's fees start on `date` (units are registered today, after the months billed).
inline void fees_start_on(ledger::Books& books, const char* date) {
  for (const ledger::Unit& u : books.units())
    fees::set_fee_start(books, u.code, Date::parse(date), "user:treasurer"_actor);
}

inline fees::PaymentInput pay(const std::string& unit, const char* amount, const char* date,
                              std::string reference,
                              fees::PaymentChannel channel = fees::PaymentChannel::wechat_pay) {
  return {unit, yuan(amount), channel, std::move(reference), Date::parse(date), ""};
}

inline fees::PaymentResult record(ledger::Books& books, const fees::PaymentInput& p) {
  return fees::record_payment(books, p, "user:treasurer"_actor);
}

inline money::Amount sub_balance(ledger::Books& books, const char* control,
                                 const std::string& unit) {
  return books.balance(ledger::unit_account_code(control, unit), Date::from_ymd(9999, 12, 31));
}

// Everything a fee write could change.
struct FeeFingerprint {
  std::int64_t entries = 0, actions = 0;
  std::int64_t schedules = 0, bills = 0, settled_bills = 0, starts = 0, payments = 0,
               settlements = 0, receipts = 0;
  friend bool operator==(const FeeFingerprint&, const FeeFingerprint&) = default;
};

inline FeeFingerprint fingerprint(ledger::Books& books) {
  store::Database& db = books.database();
  FeeFingerprint f;
  f.entries = db.query_int64("SELECT count(*) FROM journal_entry");
  CHECK(books.entry_count() == f.entries);
  f.actions = ledger::action_count(db);
  f.schedules = db.query_int64("SELECT count(*) FROM fee_schedule");
  f.bills = db.query_int64("SELECT count(*) FROM fee_bill");
  f.settled_bills = db.query_int64("SELECT count(*) FROM fee_bill WHERE settled_on IS NOT NULL");
  f.starts =
      db.query_int64("SELECT count(*) + coalesce(sum(length(start_date)), 0) FROM fee_start");
  f.payments = db.query_int64("SELECT count(*) FROM fee_payment");
  f.settlements = db.query_int64("SELECT count(*) FROM fee_settlement");
  f.receipts = db.query_int64("SELECT count(receipt_sha256) FROM fee_payment");
  return f;
}

// The books verify; each control account equals the sum of its unit sub-accounts; each unit's
// OP.1122 equals its open bills and its OP.2203 its unapplied prepayments, per the fee tables.
inline void check_reconciled(ledger::Books& books) {
  const auto report = books.verify();
  CHECK(report.ok());
  const Date end = Date::from_ymd(9999, 12, 31);
  store::Database& db = books.database();
  for (const char* control : {"OP.1122", "OP.2203"}) {
    money::Amount units;
    for (const ledger::Unit& u : books.units())
      units += sub_balance(books, control, u.code);
    CHECK(books.balance(control, end) == units);
  }
  for (const ledger::Unit& u : books.units()) {
    store::Statement open = db.prepare(
        "SELECT coalesce(sum(amount_fen), 0) - coalesce((SELECT sum(s.amount_fen) FROM"
        " fee_settlement s JOIN fee_bill b ON b.bill_id = s.bill_id WHERE b.unit_code = ?1), 0)"
        " FROM fee_bill WHERE unit_code = ?1");
    open.bind(1, u.code);
    open.step();
    CHECK(sub_balance(books, "OP.1122", u.code) == money::Amount::from_fen(open.int64(0)));
    store::Statement prepaid = db.prepare(
        "SELECT coalesce(sum(prepaid_fen), 0) - coalesce((SELECT sum(s.amount_fen) FROM"
        " fee_settlement s JOIN fee_bill b ON b.bill_id = s.bill_id WHERE b.unit_code = ?1"
        " AND s.payment_id IS NULL), 0) FROM fee_payment WHERE unit_code = ?1");
    prepaid.bind(1, u.code);
    prepaid.step();
    CHECK(-sub_balance(books, "OP.2203", u.code) == money::Amount::from_fen(prepaid.int64(0)));
  }
}

}  // namespace trustfund::testing
