// An estate's payment policy and trust bank accounts.
//
// The policy is configuration with an effective date (domain.md): a new one applies to orders
// submitted on or after its date, and the old ones are kept. It sets the amount above which an
// order needs an owners' resolution, a floor per fund below which no order may take the bank
// balance, the cap on emergency repair use (a share of the repair fund), and how long an order
// may stay open for signatures. Without any policy the defaults below apply.
//
// Writes are audited writes (ledger/audited_write.h), logged as "set_escrow_policy" (target
// policy:<date>) and "set_bank_account" (fund:<OP|PR|RF>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/rate.h"

namespace trustfund::escrow {

struct EscrowPolicy {
  Date effective_from = Date::from_ymd(2000, 1, 1);
  money::Amount resolution_threshold = money::Amount::from_fen(5'000'000);  // 50,000.00 yuan
  money::Amount floor_operating;                                      // OP.1002 may not go below
  money::Amount floor_public_revenue;                                 // PR.1002
  money::Amount floor_repair;                                         // RF.1002
  money::Rate emergency_cap = money::Rate::from_millionths(100'000);  // 10% of the repair fund
  int max_validity_days = 90;  // an order expires at most this long after it is created
  std::string set_at, set_by;  // empty for the defaults
};

// The policy in force on `day` (the defaults if none was set by then).
EscrowPolicy policy_on(ledger::Books& books, Date day);
// Every policy set, oldest first.
std::vector<EscrowPolicy> policy_history(ledger::Books& books);
// Adds a policy. Error::invalid for out-of-range values (field named), Error::conflict
// ("policy-exists") for a second policy with the same date, Error::rule ("policy-backdated") for
// a date before today.
EscrowPolicy set_policy(ledger::Books& books, const EscrowPolicy& policy,
                        const ledger::Actor& actor);

// A trust account at the bank.
struct BankAccount {
  ledger::Fund fund = ledger::Fund::operating;
  std::string holder_name;  // the account's name at the bank, 1-140 bytes
  std::string account_no;   // 4-34 letters and digits
  std::string bank_name;    // 1-140 bytes
  std::string bank_code;    // CNAPS bank code, 12 digits, or empty
};
// Checks the fields (Error::invalid naming the field) and records the account of its fund.
void set_bank_account(ledger::Books& books, const BankAccount& account, const ledger::Actor& actor);
// The fund's account; Error::rule("bank-account-missing", "fund") if none was set.
BankAccount bank_account(ledger::Books& books, ledger::Fund fund);
std::vector<BankAccount> bank_accounts(ledger::Books& books);

// "OP", "PR", "RF" -> Fund; Error::invalid("fund", field) otherwise.
ledger::Fund parse_fund(std::string_view text, std::string_view field = "fund");

}  // namespace trustfund::escrow
