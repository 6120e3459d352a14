// Receipts: numbered without gaps, sealed by the SHA-256 of their canonical JSON.
#include <catch2/catch_test_macros.hpp>

#include "fees_fixture.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/fees/receipts.h"

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
  CHECK_THROWS_AS(books.database().exec("INSERT INTO fee_receipt VALUES (5, 1, '{}', zeroblob(32),"
                                        " 'now')"),
                  Error);
  CHECK_THROWS_AS(books.database().exec("DELETE FROM fee_receipt WHERE receipt_no = 3"), Error);
  CHECK_THROWS_AS(books.database().exec("UPDATE fee_receipt SET canonical = '{}'"), Error);
}

TEST_CASE("a receipt is the payment's canonical JSON and its SHA-256") {
  TempEstate estate("fees-receipt-json", 1);
  ledger::Books books = estate.open();
  const std::string unit = TempEstate::unit(1);  // 80.38 m² x 2.00 = 160.76
  testing::per_m2(books, "2026-01", "2.00");
  testing::fees_start_on(books, "2026-01-01");
  fees::bill_month(books, Period::parse("2026-09"), "user:t");
  fees::bill_month(books, Period::parse("2026-10"), "user:t");
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

  // Someone with the key edits the stored JSON: the receipt no longer matches its seal.
  books.database().exec("DROP TRIGGER fee_receipt_append_only_update");
  books.database().exec("UPDATE fee_receipt SET canonical = replace(canonical, '400.00', '40.00')");
  const Error e = testing::error_of([&] { fees::receipt(books, 1); });
  CHECK(e.kind() == ErrorKind::integrity);
  CHECK(e.type() == "receipt-tampered");
}
