// Payments from a bank or payment-channel export (CSV): parses the file into PaymentInputs for
// record_payments, collecting every bad row's error so the file is fixed in one go before
// anything is recorded.
//
// The format is that of ledger/units_csv.h: UTF-8 (a leading BOM is skipped), lines ending in
// \n or \r\n (the last one may lack it), blank lines skipped, RFC 4180 fields on one line
// (double quotes around a field holding commas or quotes, "" for a literal quote; unquoted
// fields trimmed of spaces and tabs; no line breaks inside quotes). The first non-blank line is
// the header; its names are trimmed and case-insensitive, in any order:
//   unit       required  the unit code, e.g. 3-2-1502 (syntax only; the caller checks it exists)
//   amount     required  decimal yuan, "210.02" (money::Amount::parse), more than 0
//   reference  required  the channel's own reference, 1-100 bytes, no control characters
//   date       required  the day received, YYYY-MM-DD
//   channel    optional  bank_transfer, wechat_pay, alipay, cash or other; an absent column or an
//                        empty cell means default_channel, which then must be given
//   memo       optional  at most 200 bytes, no control characters
// The rules on each cell are record_payment's (payments.h), so a file that parses without errors
// fails in record_payments only on what needs the books (an unknown unit, a closed period, a
// reference already recorded).
// The same (channel, reference) twice in a file is one payment listed twice, which in an export
// means a broken file: the later line is an error (record_payments would take it as a replay).
// References are compared exactly (case-sensitive).
//
// Error types (CsvRowError::type), with `field` the canonical column name where one is at fault:
//   csv-encoding, csv-syntax, csv-empty, csv-unknown-column, csv-duplicate-column,
//   csv-missing-column, csv-columns, csv-too-many-errors   as in units_csv.h (a file with no
//                       channel column and no default_channel is csv-missing-column "channel")
//   payment-unit        not a unit code
//   amount-*            from Amount::parse (e.g. amount-syntax, amount-too-many-decimals)
//   payment-amount      an amount of 0 or less
//   payment-reference   empty, longer than 100 bytes or with control characters
//   date-syntax         from Date::parse
//   payment-channel     a channel not listed above, or none (no cell and no default); for a bad
//                       default_channel, an error on the header line and no row is parsed
//   payment-memo        longer than 200 bytes or with control characters
//   payment-duplicate-reference  (channel, reference) already on an earlier line, which the
//                       detail names; the earlier line counts even if it had other errors
//   csv-too-many-rows   more than kMaxPaymentCsvRows rows; parsing stops there
// Header errors carry the header's line; after any, no row is parsed. A row with a csv-* error
// gets no cell checks.
//
// Thread-safety: parse_payments_csv is a pure function; call it from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "trustfund/fees/payments.h"
#include "trustfund/ledger/units_csv.h"

namespace trustfund::fees {

inline constexpr std::size_t kMaxPaymentCsvRows = 200'000;  // rows at most per file
// Errors reported at most: ledger::kMaxCsvErrors, then one csv-too-many-errors. Reference and
// memo limits: kMaxReferenceBytes and kMaxPaymentMemoBytes (payments.h).

// The parsed file, shaped for record_payments (payments.h): pass `payments` as its rows, and
// map a PaymentRowError's `row` back to the file through `lines`.
struct PaymentsCsv {
  std::vector<PaymentInput> payments;       // the good rows in file order; incomplete if errors
  std::vector<std::int64_t> lines;          // lines[i]: the 1-based line of payments[i]
  std::vector<ledger::CsvRowError> errors;  // in line order
};

// Parses a whole CSV file. `default_channel` ("" for none) is the channel of rows that name
// none, spelled as in the file ("wechat_pay"). Never throws trustfund::Error: every problem is
// in `errors`. Callers must record nothing when `errors` is non-empty.
[[nodiscard]] PaymentsCsv parse_payments_csv(std::string_view text,
                                             std::string_view default_channel = "");

}  // namespace trustfund::fees
