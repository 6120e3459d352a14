// Receipts (收据): every payment gets one, numbered 1, 2, 3, ... per estate without gaps (the
// schema refuses a gap; a payment's receipt number is its payment_id), sealed by the SHA-256 of
// its canonical JSON (RFC 8785):
//   {"amount":"300.00","channel":"wechat_pay","entry_seq":7,"estate":"t",
//    "format":"trustfund-receipt/1","memo":"","payment_id":3,"prepayment":"89.98",
//    "receipt_no":3,"received_on":"2026-10-05","reference":"wx-42",
//    "settled":[{"amount":"210.02","period":"2026-10"}],"unit":"3-2-1502"}
// Money is a decimal string of yuan; `settled` lists the bills the payment settled, oldest first.
// The books keep the SHA-256 with the payment, not the JSON: every member of the JSON is in the
// payment and its settlements, so receipt() rebuilds the JSON from them and checks it against
// the stored hash. A receipt handed to an owner can always be checked against the books, and a
// change to the payment, its settlements or the hash shows as a tampered receipt.
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/fees/payments.h"
#include "trustfund/fees/settlement.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {

struct Receipt {
  std::int64_t no = 0;
  std::int64_t payment_id = 0;
  std::string estate_id;
  std::string unit_code;
  money::Amount amount;
  PaymentChannel channel = PaymentChannel::bank_transfer;
  std::string reference;
  Date received_on;
  std::string memo;
  std::vector<BillSettlement> settled;  // bill_id and completes_on are not part of the receipt
  money::Amount prepayment;
  std::int64_t entry_seq = 0;
  std::string issued_at;
  std::string canonical_json;  // as issued (rebuilt from the books, checked against the hash)
  std::string sha256_hex;      // of canonical_json, lower-case hex
};

// The canonical JSON of `r` (every member above from its fields; not issued_at, canonical_json
// or sha256_hex).
std::string receipt_json(const Receipt& r);

// The receipt numbered `no`. Throws Error::not_found("receipt-unknown", field "receipt_no"), and
// Error(integrity, "receipt-tampered") if the JSON rebuilt from its payment and settlements does
// not match the stored hash.
Receipt receipt(ledger::Books& books, std::int64_t no);

// For the fee module's writers: the number the next receipt (and payment) gets, and sealing a
// receipt: sets r.canonical_json and r.sha256_hex from its fields and returns the digest, which
// the payment row stores.
std::int64_t next_receipt_no(store::Database& db);
crypto::Digest seal_receipt(Receipt& r);

}  // namespace trustfund::fees
