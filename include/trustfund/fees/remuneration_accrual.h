// The manager's remuneration month by month: the contract's terms (versioned by the month they
// start) and the monthly accrual, posted as an expense of the operating fund and a payable to
// the manager (Dr OP.6602, Cr OP.2211), with the computation kept for the statement.
//
// The month's figures come from the journal, so they are the ones the statement shows:
//   fees billed     = debits to the units' fee receivables (OP.1122@…) dated in the month;
//   fees collected  = credits to them dated in the month: what was earned by settling bills,
//                     from payments or from prepayments applied (a prepayment not yet applied
//                     earns nothing);
//   costs           = debits to the service costs (OP.6601.01-09) dated in the month.
// Paying the remuneration is an outflow like any other: two custodian signatures (escrow).
//
// Writes are audited writes (ledger/audited_write.h), logged as "set_remuneration_terms" (target
// from:<YYYY-MM>, detail the basis) and "accrue_remuneration" (period:<YYYY-MM>).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trustfund/fees/remuneration.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::fees {

// Records `terms` (checked by validate) from terms.effective_from's month on. Error::conflict
// "remuneration-terms-exist" if terms already start that month; Error::rule
// "remuneration-rewrites-accruals" if a month at or after it is already accrued.
void set_remuneration_terms(ledger::Books& books, const RemunerationTerms& terms,
                            const ledger::Actor& actor);

// The terms in force for `month` (the latest that started in or before it), if any.
std::optional<RemunerationTerms> remuneration_terms_in_force(ledger::Books& books, Period month);

struct RemunerationAccrual {
  Period period;
  RemunerationInputs inputs;
  RemunerationComputation computation;
  std::optional<std::int64_t> entry_seq;  // none when the amount is 0
};

// The month's figures from the journal (see the file comment).
RemunerationInputs remuneration_inputs(ledger::Books& books, Period month);

// Computes and posts `month`'s remuneration (dated its last day). Error::not_found
// "remuneration-no-terms" without terms in force; Error::conflict "remuneration-accrued" if the
// month is accrued already; Error::rule "period-closed" for a closed month. Deductions need a
// reason (see RemunerationInputs).
RemunerationAccrual accrue_remuneration(ledger::Books& books, Period month,
                                        money::Amount deductions,
                                        const std::string& deduction_reason,
                                        const ledger::Actor& actor);

// Every accrual, by month.
std::vector<RemunerationAccrual> remuneration_accruals(ledger::Books& books);

}  // namespace trustfund::fees
