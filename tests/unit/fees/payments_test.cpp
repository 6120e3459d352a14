// Payments: oldest bill first, prepayments, one payment per channel reference, refusals.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/fees/unit_account.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

namespace {

// Units 1-1-0101.. (80.38, 80.75 m²...) at 2.00 a m²: 160.76, 161.50 ... a month.
void bill(ledger::Books& books, std::initializer_list<const char*> months) {
  for (const char* m : months)
    fees::bill_month(books, Period::parse(m), "user:t"_actor);
}

ledger::Books estate_with_rate(TempEstate& estate) {
  ledger::Books books = estate.open();
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  return books;
}

}  // namespace

TEST_CASE("a payment settles the oldest open bill first") {
  TempEstate estate("fees-oldest-first", 2);
  ledger::Books books = estate_with_rate(estate);
  const std::string unit = TempEstate::unit(1);
  bill(books, {"2026-08", "2026-09", "2026-10"});
  const fees::PaymentResult r =
      testing::record(books, testing::pay(unit, "200.00", "2026-10-05", "wx-1"));
  REQUIRE(r.settled.size() == 2);
  CHECK(r.settled[0].period == Period::parse("2026-08"));
  CHECK(r.settled[0].amount == yuan("160.76"));
  CHECK(r.settled[1].period == Period::parse("2026-09"));
  CHECK(r.settled[1].amount == yuan("39.24"));
  CHECK(r.prepayment == money::Amount());
  CHECK_FALSE(r.replayed);
  const ledger::RecordedEntry e = books.entry(r.entry_seq);
  CHECK(e.kind == "payment");
  CHECK(e.date == Date::parse("2026-10-05"));
  REQUIRE(e.postings.size() == 2);
  CHECK(e.postings[0].account == "OP.1002");
  CHECK(e.postings[0].amount == yuan("200.00"));
  CHECK(e.postings[1].account == "OP.1122@" + unit);
  CHECK(e.postings[1].amount == yuan("-200.00"));

  // The next payment goes on with September, then October.
  const fees::PaymentResult r2 =
      testing::record(books, testing::pay(unit, "130.00", "2026-10-20", "wx-2"));
  REQUIRE(r2.settled.size() == 2);
  CHECK(r2.settled[0].period == Period::parse("2026-09"));
  CHECK(r2.settled[0].amount == yuan("121.52"));
  CHECK(r2.settled[1].period == Period::parse("2026-10"));
  CHECK(r2.settled[1].amount == yuan("8.48"));
  CHECK(testing::sub_balance(books, "OP.1122", unit) == yuan("152.28"));
  testing::check_reconciled(books);
}

TEST_CASE("money beyond the open bills is a prepayment, applied at the next billing runs") {
  TempEstate estate("fees-prepayment", 2);
  ledger::Books books = estate_with_rate(estate);
  const std::string unit = TempEstate::unit(1);
  bill(books, {"2026-10"});
  const fees::PaymentResult r =
      testing::record(books, testing::pay(unit, "500.00", "2026-10-05", "wx-1"));
  REQUIRE(r.settled.size() == 1);
  CHECK(r.prepayment == yuan("339.24"));
  const ledger::RecordedEntry e = books.entry(r.entry_seq);
  REQUIRE(e.postings.size() == 3);
  CHECK(e.postings[1].account == "OP.1122@" + unit);
  CHECK(e.postings[1].amount == yuan("-160.76"));
  CHECK(e.postings[2].account == "OP.2203@" + unit);
  CHECK(e.postings[2].amount == yuan("-339.24"));
  CHECK(testing::sub_balance(books, "OP.2203", unit) == yuan("-339.24"));

  const fees::BillingResult nov = fees::bill_month(books, Period::parse("2026-11"), "user:t"_actor);
  CHECK(nov.prepayment_applied == yuan("160.76"));
  CHECK(nov.prepayment_units == 1);
  REQUIRE(nov.prepayment_entries.size() == 1);
  const ledger::RecordedEntry applied = books.entry(nov.prepayment_entries[0]);
  CHECK(applied.kind == "prepayment");
  CHECK(applied.date == Date::parse("2026-11-01"));
  REQUIRE(applied.postings.size() == 2);
  CHECK(applied.postings[0].account == "OP.2203@" + unit);
  CHECK(applied.postings[0].amount == yuan("160.76"));
  CHECK(applied.postings[1].account == "OP.1122@" + unit);
  CHECK(applied.postings[1].amount == yuan("-160.76"));

  bill(books, {"2026-12"});
  const fees::BillingResult jan = fees::bill_month(books, Period::parse("2027-01"), "user:t"_actor);
  CHECK(jan.prepayment_applied == yuan("17.72"));  // 339.24 - 2 x 160.76: what is left
  const fees::UnitAccount a = fees::unit_account(books, unit, Date::parse("2027-01-31"));
  REQUIRE(a.bills.size() == 4);
  CHECK(a.bills[1].settled_on == Date::parse("2026-11-01"));
  CHECK(a.bills[3].open == yuan("143.04"));
  CHECK(a.prepayment == money::Amount());
  CHECK(testing::sub_balance(books, "OP.1122", unit) == yuan("143.04"));
  testing::check_reconciled(books);
}

TEST_CASE("the same channel reference twice is one payment") {
  TempEstate estate("fees-replay", 2);
  ledger::Books books = estate_with_rate(estate);
  bill(books, {"2026-10"});
  const auto p = testing::pay(TempEstate::unit(1), "100.00", "2026-10-05", "4200001234");
  const fees::PaymentResult first = testing::record(books, p);
  const auto logged = ledger::list_actions(books.database(), -1, 100);
  REQUIRE_FALSE(logged.empty());
  CHECK(logged.back().record.actor == "user:treasurer");
  CHECK(logged.back().record.action == "record_payment");
  CHECK(logged.back().record.target == "unit:" + TempEstate::unit(1));
  CHECK(logged.back().record.detail == "wechat_pay 4200001234");
  // The replay writes nothing, its action row neither (the fingerprint counts the rows).
  const auto before = testing::fingerprint(books);
  const fees::PaymentResult again = testing::record(books, p);
  CHECK(again.replayed);
  CHECK(again.payment_id == first.payment_id);
  CHECK(again.receipt_no == first.receipt_no);
  CHECK(again.entry_seq == first.entry_seq);
  REQUIRE(again.settled.size() == 1);
  CHECK(again.settled[0].amount == yuan("100.00"));
  CHECK(testing::fingerprint(books) == before);
}

TEST_CASE("the same channel reference for another unit, amount or date is refused") {
  TempEstate estate("fees-reference-reused", 2);
  ledger::Books books = estate_with_rate(estate);
  testing::record(books, testing::pay(TempEstate::unit(1), "100.00", "2026-10-05", "ref-1"));
  const auto before = testing::fingerprint(books);
  for (const auto& p : {testing::pay(TempEstate::unit(2), "100.00", "2026-10-05", "ref-1"),
                        testing::pay(TempEstate::unit(1), "100.01", "2026-10-05", "ref-1"),
                        testing::pay(TempEstate::unit(1), "100.00", "2026-10-06", "ref-1")}) {
    const Error e = testing::error_of([&] { testing::record(books, p); });
    CHECK(e.kind() == ErrorKind::conflict);
    CHECK(e.type() == "payment-reference-reused");
    CHECK(e.field() == "reference");
  }
  CHECK(testing::fingerprint(books) == before);
  // Another channel's reference space is its own.
  const auto alipay = testing::pay(TempEstate::unit(2), "50.00", "2026-10-05", "ref-1",
                                   fees::PaymentChannel::alipay);
  CHECK_FALSE(testing::record(books, alipay).replayed);
}

TEST_CASE("a payment of zero or less is refused") {
  TempEstate estate("fees-amount", 1);
  ledger::Books books = estate_with_rate(estate);
  const auto before = testing::fingerprint(books);
  for (const char* amount : {"0", "-10.00"}) {
    const Error e = testing::error_of([&] {
      testing::record(books, testing::pay(TempEstate::unit(1), amount, "2026-10-05", "x"));
    });
    CHECK(e.kind() == ErrorKind::invalid_input);
    CHECK(e.type() == "payment-amount");
    CHECK(e.field() == "amount");
  }
  CHECK(testing::fingerprint(books) == before);
}

TEST_CASE("a payment for an unknown unit is refused") {
  TempEstate estate("fees-unknown-unit", 1);
  ledger::Books books = estate_with_rate(estate);
  const auto before = testing::fingerprint(books);
  const Error e = testing::error_of(
      [&] { testing::record(books, testing::pay("9-9-9999", "10.00", "2026-10-05", "x")); });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.type() == "unit-unknown");
  CHECK(e.field() == "unit");
  CHECK(testing::fingerprint(books) == before);
}

TEST_CASE(
    "a payment needs a channel reference of 1-100 bytes of text and a date in an open month") {
  TempEstate estate("fees-reference", 1);
  ledger::Books books = estate_with_rate(estate);
  const std::string unit = TempEstate::unit(1);
  books.close_period(Period::parse("2026-09"), "user:t");
  const auto before = testing::fingerprint(books);
  for (const std::string& ref : {std::string(), std::string(101, 'x'), std::string("a\nb"),
                                 std::string("a\xC2\x85"
                                             "b"),
                                 std::string("a\xC2\x9B"
                                             "b")}) {
    const Error e = testing::error_of(
        [&] { testing::record(books, testing::pay(unit, "10.00", "2026-10-05", ref)); });
    CHECK(e.type() == "payment-reference");
    CHECK(e.field() == "reference");
  }
  const Error closed = testing::error_of(
      [&] { testing::record(books, testing::pay(unit, "10.00", "2026-09-30", "late")); });
  CHECK(closed.kind() == ErrorKind::rule_violation);
  CHECK(closed.type() == "period-closed");
  CHECK(closed.field() == "received_on");
  CHECK(testing::fingerprint(books) == before);
  CHECK_NOTHROW(
      testing::record(books, testing::pay(unit, "10.00", "2026-10-05", std::string(100, 'x'))));
  CHECK(fees::parse_payment_channel("alipay") == fees::PaymentChannel::alipay);
  CHECK(testing::error_of([] { fees::parse_payment_channel("paypal"); }).field() == "channel");
}
