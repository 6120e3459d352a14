// A resident's account (分户账, fees): one unit's bills, payments, prepayment and arrears — what
// its owner sees, and nobody else.
//
// Thread-safety: as the Books (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/payments.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"

namespace trustfund::fees {

struct UnitBill {
  Period month;
  money::Amount amount;
  money::Amount settled;  // by every settlement recorded
  money::Amount open;     // amount - settled
  std::int64_t days_billed = 0;
  std::int64_t days_in_month = 0;  // days_billed < days_in_month: a prorated first month
  std::optional<Date> settled_on;  // when fully settled
};

struct UnitPayment {
  std::int64_t payment_id = 0;
  Date received_on;
  PaymentChannel channel = PaymentChannel::bank_transfer;
  std::string reference;
  money::Amount amount;
  money::Amount prepayment;  // the part that became a prepayment
  std::int64_t receipt_no = 0;
};

struct UnitAccount {
  std::string unit_code;
  Date as_of;
  std::vector<UnitBill> bills;        // every bill, oldest first
  std::vector<UnitPayment> payments;  // every payment, by date received
  money::Amount prepayment;           // credit balance of OP.2203@unit at the end of as_of
  AgedAmounts arrears;                // as of as_of
};

// The account of `unit_code`. Throws Error::not_found("unit-unknown", field "unit").
UnitAccount unit_account(ledger::Books& books, const std::string& unit_code, Date as_of);

}  // namespace trustfund::fees
