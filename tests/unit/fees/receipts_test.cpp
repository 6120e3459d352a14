// Receipts: numbered without gaps, sealed by the SHA-256 of their canonical JSON.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "support/actors.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/fees/receipts.h"
#include "trustfund/store/database.h"

using namespace trustfund;
using testing::TempEstate;
using testing::yuan;

TEST_CASE("every payment gets the next receipt number, without gaps") {
  TempEstate estate("fees-receipt-numbers", 2);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);
  CHECK(testing::record(books, testing::pay(unit, "1.00", "2026-10-05", "a")).receipt_no == 1);
  CHECK(testing::record(books, testing::pay(unit, "2.00", "2026-10-05", "b")).receipt_no == 2);
  // A refused payment takes no number.
  CHECK_THROWS(testing::record(books, testing::pay("0-0-0000", "2.00", "2026-10-05", "c")));
  CHECK(testing::record(books, testing::pay(unit, "3.00", "2026-10-05", "c")).receipt_no == 3);
  CHECK(fees::receipt(books, 3).amount == yuan("3.00"));
  const Error e = testing::error_of([&] { fees::receipt(books, 4); });
  CHECK(e.kind() == ErrorKind::not_found);
  CHECK(e.type() == "receipt-unknown");
  // The schema refuses a gap and any change.
  CHECK_THROWS_AS(books.database().exec("DELETE FROM fee_payment WHERE payment_id = 3"), Error);
  CHECK_THROWS_AS(books.database().exec("UPDATE fee_payment SET receipt_sha256 = zeroblob(32)"),
                  Error);
}

namespace {

// A hand-written payment row (what SQL outside trustfund could try), for `id` as payment and
// receipt number `no`, naming `previous` as the payment before it (0: NULL).
std::string payment_row_sql(std::int64_t id, std::int64_t no, const char* reference,
                            std::int64_t previous) {
  return "INSERT INTO fee_payment (payment_id, unit_code, amount_fen, channel, reference,"
         " received_on, memo, prepaid_fen, entry_seq, recorded_at, recorded_by, receipt_no,"
         " receipt_sha256, previous_id) SELECT " +
         std::to_string(id) + ", unit_code, 1, 'cash', '" + reference +
         "', received_on, '', 1, entry_seq, recorded_at, recorded_by, " + std::to_string(no) +
         ", zeroblob(32), " + (previous == 0 ? std::string("NULL") : std::to_string(previous)) +
         " FROM fee_payment WHERE payment_id = 1";
}

}  // namespace

TEST_CASE("the schema keeps receipt numbers gapless and equal to the payment ids") {
  TempEstate estate("fees-receipt-gapless", 1);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);
  testing::record(books, testing::pay(unit, "1.00", "2026-10-05", "a"));
  testing::record(books, testing::pay(unit, "2.00", "2026-10-05", "b"));
  store::Database& db = books.database();
  const auto rule = [&](const std::string& sql) {
    INFO(sql);
    const Error e = testing::error_of([&] { db.exec(sql); });
    CHECK(e.kind() == ErrorKind::rule_violation);
  };
  const auto refused = [&](const std::string& sql) {
    INFO(sql);
    CHECK_THROWS_AS(db.exec(sql), Error);
  };
  refused(payment_row_sql(4, 4, "gap", 3));       // 3 is next: no payment 3 to follow
  rule(payment_row_sql(4, 4, "gap-named", 2));    // the one before 4 is 3
  rule(payment_row_sql(3, 3, "first-again", 0));  // only payment 1 follows none
  refused(payment_row_sql(2, 2, "again", 1));     // taken
  rule(payment_row_sql(3, 4, "other-no", 2));     // the receipt number is the payment id
  CHECK(db.query_int64("SELECT count(*) FROM fee_payment") == 2);
  // Several rows in one statement are checked row by row, and a gap refuses the statement.
  const std::string next = payment_row_sql(5, 5, "e", 4);
  refused(payment_row_sql(3, 3, "c", 2) + " UNION ALL " + next.substr(next.find("SELECT")));
  CHECK(db.query_int64("SELECT max(payment_id) FROM fee_payment") == 2);
  CHECK(testing::record(books, testing::pay(unit, "3.00", "2026-10-05", "c")).receipt_no == 3);
}

TEST_CASE("a receipt is the payment's canonical JSON and its SHA-256") {
  TempEstate estate("fees-receipt-json", 1);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);  // 80.38 m² x 2.00 = 160.76
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-09"), "user:t"_actor);
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);
  auto p = testing::pay(unit, "400.00", "2026-10-05", "wx-42");
  p.memo = "王先生 转账";
  const fees::PaymentResult paid = testing::record(books, p);

  const fees::Receipt r = fees::receipt(books, paid.receipt_no);
  const std::string expected =
      "{\"amount\":\"400.00\",\"channel\":\"wechat_pay\",\"entry_seq\":" +
      std::to_string(paid.entry_seq) +
      ",\"estate\":\"t\",\"format\":\"trustfund-receipt/1\",\"memo\":\"王先生 转账\","
      "\"payment_id\":1,\"prepayment\":\"78.48\",\"receipt_no\":1,\"received_on\":\"2026-10-05\","
      "\"reference\":\"wx-42\",\"settled\":[{\"amount\":\"160.76\",\"period\":\"2026-09\"},"
      "{\"amount\":\"160.76\",\"period\":\"2026-10\"}],\"unit\":\"1-1-0101\"}";
  CHECK(r.canonical_json == expected);
  CHECK(crypto::canonicalize_json(r.canonical_json) == r.canonical_json);
  CHECK(r.sha256_hex == crypto::to_hex(crypto::sha256(expected)));
  CHECK(r.sha256_hex.size() == 64);
  CHECK(r.payment_id == paid.payment_id);
  CHECK(r.prepayment == yuan("78.48"));
  REQUIRE(r.settled.size() == 2);
  CHECK(r.settled[1].period == Period::parse("2026-10"));

  // The books keep the hash, not the JSON: the receipt is rebuilt from the payment and its
  // settlements, byte for byte what was issued.
  CHECK(books.database().query_int64("SELECT count(*) FROM fee_payment WHERE receipt_no = 1 AND"
                                     " length(receipt_sha256) = 32") == 1);
  CHECK(fees::receipt(books, 1).canonical_json == expected);
}

TEST_CASE("a receipt whose payment, settlements or hash were changed is reported as tampered") {
  TempEstate estate("fees-receipt-tampered", 1);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-10"), "user:t"_actor);
  testing::record(books, testing::pay(unit, "400.00", "2026-10-05", "wx-42"));
  testing::record(books, testing::pay(unit, "5.00", "2026-10-06", "wx-43"));
  store::Database& db = books.database();
  // Someone with the key edits the rows behind the receipt, with the append-only triggers gone.
  db.exec(
      "DROP TRIGGER fee_payment_append_only_update;"
      "DROP TRIGGER fee_settlement_append_only_update;");
  const auto tampered = [&](std::int64_t no) {
    const Error e = testing::error_of([&] { fees::receipt(books, no); });
    CHECK(e.kind() == ErrorKind::integrity);
    CHECK(e.type() == "receipt-tampered");
  };
  const auto intact_second = [&] { CHECK(fees::receipt(books, 2).amount == yuan("5.00")); };
  CHECK(fees::receipt(books, 1).amount == yuan("400.00"));
  intact_second();
  for (const char* edit : {
           "UPDATE fee_payment SET amount_fen = 40000 - 1 WHERE payment_id = 1",
           "UPDATE fee_payment SET prepaid_fen = prepaid_fen - 1 WHERE payment_id = 1",
           "UPDATE fee_payment SET reference = 'wx-41' WHERE payment_id = 1",
           "UPDATE fee_payment SET memo = 'x' WHERE payment_id = 1",
           "UPDATE fee_payment SET received_on = '2026-10-04' WHERE payment_id = 1",
           "UPDATE fee_payment SET receipt_sha256 = zeroblob(32) WHERE payment_id = 1",
           "UPDATE fee_settlement SET amount_fen = amount_fen - 1 WHERE payment_id = 1",
       }) {
    INFO(edit);
    db.exec("SAVEPOINT edit");
    db.exec(edit);
    tampered(1);
    intact_second();  // the other receipt is untouched
    db.exec("ROLLBACK TO edit; RELEASE edit");
  }
  // A valid hash, of another receipt.
  db.exec(
      "UPDATE fee_payment SET receipt_sha256 = (SELECT o.receipt_sha256 FROM fee_payment o"
      " WHERE o.payment_id = 2) WHERE payment_id = 1");
  tampered(1);
  intact_second();
}

TEST_CASE("a receipt's JSON writes amounts and dates as their to_string does") {
  fees::Receipt r;
  r.estate_id = "t";
  r.unit_code = "1-1-0101";
  r.reference = "ref \"1\"";
  r.memo = "a\\b";
  for (const std::int64_t fen : {0LL, 1LL, 9LL, 10LL, 99LL, 100LL, 101LL, 12345LL, -1LL, -250LL,
                                 99999999999999999LL, -99999999999999999LL}) {
    for (const char* day : {"2026-10-05", "1900-01-01", "1999-12-31", "9999-12-31"}) {
      INFO(fen << " " << day);
      r.amount = money::Amount::from_fen(fen);
      r.prepayment = money::Amount::from_fen(fen / 3);
      r.received_on = Date::parse(day);
      r.settled = {{1, Period::of(r.received_on), money::Amount::from_fen(fen / 7), std::nullopt},
                   {2, Period::parse("2027-01"), money::Amount::from_fen(fen), std::nullopt}};
      std::string expected =
          "{\"amount\":\"" + r.amount.to_string() +
          "\",\"channel\":\"bank_transfer\",\"entry_seq\":0,\"estate\":\"t\","
          "\"format\":\"trustfund-receipt/1\",\"memo\":\"a\\\\b\",\"payment_id\":0,"
          "\"prepayment\":\"" +
          r.prepayment.to_string() + "\",\"receipt_no\":0,\"received_on\":\"" +
          r.received_on.to_string() + "\",\"reference\":\"ref \\\"1\\\"\",\"settled\":[";
      for (std::size_t i = 0; i < r.settled.size(); ++i) {
        expected += (i == 0 ? "{" : ",{");
        expected += "\"amount\":\"" + r.settled[i].amount.to_string() + "\",\"period\":\"" +
                    r.settled[i].period.to_string() + "\"}";
      }
      expected += "],\"unit\":\"1-1-0101\"}";
      CHECK(fees::receipt_json(r) == expected);
      CHECK(crypto::canonicalize_json(expected) == expected);
    }
  }
}
