// Payment instructions for the bank: an ISO 20022 customer credit transfer initiation
// (pain.001.001.09, one payment, one transfer) and the same as a one-line CSV for banks' bulk
// upload screens. Pure functions of their input: the same instruction gives the same bytes. The
// layouts are reports/bank/pain001.xml and reports/bank/payment.csv.
//
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "trustfund/core/date.h"
#include "trustfund/escrow/order.h"

namespace trustfund::escrow {

struct PaymentInstruction {
  std::string message_id;     // unique per file: "<order id>-<revision>"; at most 35 characters
  std::string created_at;     // "2026-10-05T08:30:00Z"
  Date execution_date;        // requested execution date
  std::string initiator;      // the estate's name
  BankAccount debtor;         // the fund's trust account
  std::string end_to_end_id;  // the order id
  money::Amount amount;
  Payee creditor;
  std::string remittance;  // purpose, cut to 140 characters (whole UTF-8 characters)
};

std::string pain001_xml(const PaymentInstruction& instruction);
// Header line, then one line: message_id, execution_date, debtor account, debtor bank code,
// creditor name, creditor account, creditor bank, creditor bank code, amount, currency,
// end_to_end_id, remittance. Fields quoted as RFC 4180 when needed.
std::string payment_csv(const PaymentInstruction& instruction);

}  // namespace trustfund::escrow
