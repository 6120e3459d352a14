// Unit sub-accounts of the repair fund (分户账): RF.3001@unit.
//
// Money comes in as each unit's first deposit and later top-ups (Dr RF.1002, Cr RF.3001@unit),
// as interest allocated over the units by balance or by area, and as the owners' share of public
// revenue (revenue_transfer.h, by area); it goes out as each unit's share of a settled
// repair project (project.h). Every split is exact (largest remainder, ties by unit code), so the
// sub-accounts always add up to the fund.
//
// Writes are audited writes (ledger/audited_write.h), logged as "record_repair_deposits" (target
// deposits:<count>) and "allocate_repair_interest" (interest:<date>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::repairfund {

enum class DepositKind { first, top_up };
const char* to_string(DepositKind kind) noexcept;
DepositKind parse_deposit_kind(std::string_view text, std::string_view field = "kind");

struct DepositInput {
  std::string unit_code;
  DepositKind kind = DepositKind::first;
  money::Amount amount;  // > 0
  Date received_on;
};
// Records deposits (all or nothing, one entry per received date). A unit has one first deposit;
// a top-up needs a first deposit before it. Returns the entries' seqs.
std::vector<std::int64_t> record_deposits(ledger::Books& books,
                                          const std::vector<DepositInput>& deposits,
                                          const ledger::Actor& actor);

enum class InterestBasis { balance, area };
const char* to_string(InterestBasis basis) noexcept;
InterestBasis parse_interest_basis(std::string_view text, std::string_view field = "basis");

struct InterestAllocation {
  money::Amount amount;
  InterestBasis basis = InterestBasis::balance;
  Date date;
  std::int64_t entry_seq = 0;
  std::vector<std::pair<std::string, money::Amount>> by_unit;  // by unit code
};
// Allocates interest the bank paid into the repair fund account over every unit, by its
// sub-account balance at `date` (units with none get none) or by area.
InterestAllocation allocate_interest(ledger::Books& books, money::Amount amount, Date date,
                                     InterestBasis basis, const ledger::Actor& actor);

struct SubAccount {
  std::string unit_code;
  money::Area area;
  money::Amount first_deposit;
  money::Amount top_ups;
  money::Amount charged;      // project costs charged to it, as a positive amount
  money::Amount balance;      // the RF.3001@unit credit balance
  bool needs_top_up = false;  // balance below the top-up share of the first deposit
};
// Every unit's sub-account at the end of `as_of`, by unit code.
std::vector<SubAccount> sub_accounts(ledger::Books& books, Date as_of);
// The same from balances the caller has read already: `balances` must hold the closing balances
// at the end of `as_of`: books.balances_as_of(as_of), or books.period_balances(month) when
// `as_of` is the month's last day (a statement). Only the closings of RF.3001@unit are used.
std::vector<SubAccount> sub_accounts(ledger::Books& books, Date as_of,
                                     const std::vector<ledger::AccountBalance>& balances);

// The fund reconciled at the end of `as_of`: the bank holds the owners' sub-accounts plus what
// the fund owes (payables, retention) less what it has paid for works not yet charged to units.
struct RepairFundReconciliation {
  money::Amount bank;               // RF.1002
  money::Amount works_in_progress;  // RF.1701
  money::Amount payables;           // RF.2202
  money::Amount retention;          // RF.2241
  money::Amount sub_accounts;       // sum of RF.3001@unit
  money::Amount control;            // RF.3001 (the control account)
  bool balanced = false;  // control == sub_accounts and bank == sub + payables + retention - WIP
};
RepairFundReconciliation reconcile(ledger::Books& books, Date as_of);

}  // namespace trustfund::repairfund
