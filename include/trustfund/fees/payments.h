// Fee payments (收款): money received for a unit, settling its oldest open bills first; the rest
// becomes a prepayment (a liability to that owner).
//
// A payment is identified by its channel and the channel's own reference: the same pair again
// with the same unit, amount and date is the same payment (the first result comes back with
// `replayed`, nothing is written); with anything else different it is refused. Each payment gets
// a receipt (receipts.h). Journal: one `payment` entry dated the day received:
//   Dr OP.1002 amount; Cr OP.1122@unit the part settling bills; Cr OP.2203@unit the prepayment.
//
// Bulk import (record_payments) is all or nothing: every row is checked first and every bad row
// reported; only when none is bad is anything written, in one transaction, with one journal
// entry per received date and chunk of up to kPaymentsPerEntry payments (OP.1002 once with their
// sum, and one posting per unit and account).
//
// Each call is one audited write (ledger/audited_write.h), logged as "record_payment" (target
// unit:<code>, detail "<channel> <reference>") or "import_payments" (estate:<id>, "<n>
// payments"); when nothing is written (every row a replay, or a bad row) nothing is logged.
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/core/error.h"
#include "trustfund/fees/settlement.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::fees {

enum class PaymentChannel { bank_transfer, wechat_pay, alipay, cash, other };
const char* to_string(PaymentChannel channel) noexcept;  // "bank_transfer", "wechat_pay", ...
// Throws Error::invalid("payment-channel", field "channel") for any other text.
PaymentChannel parse_payment_channel(std::string_view text);

inline constexpr std::size_t kMaxReferenceBytes = 100;
inline constexpr std::size_t kMaxPaymentMemoBytes = 200;
inline constexpr std::size_t kPaymentsPerEntry = 1'000;
inline constexpr std::size_t kMaxPaymentsPerImport = 1'000'000;

struct PaymentInput {
  std::string unit_code;
  money::Amount amount;  // > 0
  PaymentChannel channel = PaymentChannel::bank_transfer;
  std::string reference;  // the channel's reference: 1-100 bytes of UTF-8, no control characters
  Date received_on;
  std::string memo;  // up to 200 bytes, no control characters; printed on the receipt
};

struct PaymentResult {
  std::int64_t payment_id = 0;
  std::int64_t receipt_no = 0;
  std::int64_t entry_seq = 0;
  std::vector<BillSettlement> settled;  // oldest bill first
  money::Amount prepayment;             // the part beyond the open bills
  bool replayed = false;                // the same payment was recorded before
};

// Records one payment (see the file comment). Throws Error::invalid ("payment-amount" field
// "amount", "payment-reference" field "reference", "payment-memo" field "memo"),
// Error::not_found("unit-unknown", field "unit"), Error::conflict("payment-reference-reused",
// field "reference"), Error::rule("period-closed", field "received_on").
PaymentResult record_payment(ledger::Books& books, const PaymentInput& payment,
                             const ledger::Actor& actor);

// One bad row of a bulk import.
struct PaymentRowError {
  std::size_t row = 0;  // index into the input
  ErrorKind kind = ErrorKind::invalid_input;
  std::string type;
  std::string field;
  std::string message;
};

struct PaymentImportResult {
  std::vector<PaymentResult> payments;  // one per row, in input order; empty if any row is bad
  std::vector<PaymentRowError> errors;  // every bad row; when not empty nothing was written
  std::vector<std::int64_t> entries;    // seqs of the payment entries written
  bool ok() const noexcept { return errors.empty(); }
};

// Records many payments, all or nothing (see the file comment). A row repeating an earlier
// row's channel and reference is a replay of it (or a conflict, as for record_payment). Throws
// Error::invalid("import-too-large") beyond kMaxPaymentsPerImport rows.
PaymentImportResult record_payments(ledger::Books& books, const std::vector<PaymentInput>& rows,
                                    const ledger::Actor& actor);

}  // namespace trustfund::fees
