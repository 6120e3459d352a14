// Remuneration (酬金): what the property manager earns for one month under its contract.
//
// Under the fee-plus-remuneration model the manager takes an agreed remuneration and everything
// else in the operating fund belongs to the owners, so the amount must be reproducible from the
// contract's terms and the month's figures, and shown on the statement as base, rate,
// deductions and amount. A contract pays one of:
//   fixed                      a fixed amount per month;
//   percent_of_collected       rate × fees collected in the month;
//   percent_of_billed          rate × fees billed for the month;
//   percent_of_costs           rate × the month's costs;
//   tiered_by_collection_rate  rate × fees collected, the rate chosen by the month's collection
//                              rate (fees collected / fees billed), e.g. below 80%: 5%,
//                              80% up to 90%: 8%, 90% and above: 12%.
// and then penalties agreed under the contract are deducted; the amount is never below zero.
//
// Exactness: the product is taken exactly and rounded once to the fen, half away from zero
// (money::times). The collection rate is compared with the tier bounds exactly, by
// cross-multiplication of whole fen; nothing is rounded before the tier is chosen.
//
// Rates are fractions: money::Rate "0.08" is 8%, "0.085" is 8.5%, within 0 and 1 inclusive.
//
// Thread-safety: pure functions over values; call them from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trustfund/core/date.h"
#include "trustfund/money/amount.h"
#include "trustfund/money/rate.h"

namespace trustfund::fees {

enum class RemunerationBasis {
  fixed,
  percent_of_collected,
  percent_of_billed,
  percent_of_costs,
  tiered_by_collection_rate,
};

// Bounds on terms, so that a contract is a small, checkable thing.
inline constexpr std::size_t kMaxRemunerationTiers = 16;
inline constexpr std::int64_t kBasisPointsPerWhole = 10'000;  // 100.00% = 10,000 bp
inline constexpr std::size_t kMaxDeductionReasonBytes = 200;

// One tier of a tiered contract. A tier applies from its lower bound inclusive up to the next
// tier's lower bound exclusive; the last tier has no upper bound (a month collecting more than
// it billed, e.g. through arrears recovered, is in the last tier). With tiers {0: 5%},
// {8000: 8%}, {9000: 12%}, a collection rate of exactly 80.00% is in the 8% tier, 89.99...% is
// in the 8% tier, and 90.00% is in the 12% tier.
struct RemunerationTier {
  // Lower bound of the collection rate in basis points (hundredths of a percent): 8000 is
  // 80.00%. Within 0..kBasisPointsPerWhole; the first tier's is 0.
  std::int64_t from_collection_rate_bp = 0;
  money::Rate rate;  // a fraction within 0..1: "0.08" is 8%
};

// A contract's remuneration terms. Fields the basis does not use must be zero or empty, so that
// a mistyped configuration is refused instead of silently ignored (see validate).
struct RemunerationTerms {
  RemunerationBasis basis = RemunerationBasis::fixed;
  money::Amount fixed_per_month;        // fixed only: >= 0
  money::Rate rate;                     // percent_* only: a fraction within 0..1
  std::vector<RemunerationTier> tiers;  // tiered only: 1..kMaxRemunerationTiers tiers, the first
                                        // from 0 bp, lower bounds strictly ascending
  // The terms are in force from this day, which must be the first of a month: remuneration is
  // computed per month, and each month is under one set of terms.
  Date effective_from;
};

// The month's figures. All amounts are >= 0.
struct RemunerationInputs {
  Period period;                 // the month; must not be before the terms' effective_from
  money::Amount fees_collected;  // fees received in the month (the base of percent_of_collected
                                 // and tiered_by_collection_rate)
  money::Amount fees_billed;     // fees billed for the month (the base of percent_of_billed and
                                 // the denominator of the collection rate)
  money::Amount costs;           // the month's costs (the base of percent_of_costs)
  money::Amount deductions;      // penalties under the contract
  // Why there are deductions: required when deductions > 0, at most kMaxDeductionReasonBytes
  // bytes, no control characters (it is shown in the one-line explanation).
  std::string deduction_reason;
};

// How the month's remuneration was reached, for the statement. Invariants:
// gross = base × rate_applied rounded once (base itself for fixed);
// amount = gross - deductions_applied >= 0; deductions_applied = min(deductions, gross).
struct RemunerationComputation {
  RemunerationBasis basis = RemunerationBasis::fixed;
  money::Amount base;           // what the rate applies to; for fixed, the fixed amount
  money::Rate rate_applied;     // the rate used; 1 ("1.00", i.e. 100%) for fixed
  std::string tier;             // tiered only: the tier applied, e.g. "80.00%-90.00%: 8%",
                                // "90.00%-: 12%"; otherwise empty
  std::string collection_rate;  // tiered only: fees collected / fees billed as a percent with two
                                // decimals, truncated (so "79.99%" never shows as "80.00%" and
                                // the shown rate always falls in the shown tier): "93.41%"
  money::Amount gross;          // before deductions
  money::Amount deductions;     // as given in the inputs
  money::Amount deductions_applied;      // min(deductions, gross)
  bool deductions_exceed_gross = false;  // then amount is 0 and the rest is not deducted
  money::Amount amount;                  // payable: gross - deductions_applied
  // One line, Chinese and English, showing base × rate − deductions = amount, e.g.
  // "实收物业费 fees collected 1234.57 × 8% = 98.77 − 扣减 deductions 0.00 = 98.77".
  std::string explanation;
};

// Checks `terms`. Throws Error::invalid naming the field at fault:
//   remuneration-rate            rate (or tiers[i].rate) not within 0..1
//   remuneration-fixed-amount    fixed_per_month < 0
//   remuneration-tiers           tiered with no tiers or more than kMaxRemunerationTiers (field
//                                tiers); a lower bound outside 0..kBasisPointsPerWhole, a first
//                                bound other than 0, or bounds not strictly ascending (field
//                                tiers[i].from_collection_rate_bp)
//   remuneration-unused-field    a field the basis does not use is not zero or empty
//   remuneration-effective-from  effective_from is not the first day of a month
void validate(const RemunerationTerms& terms);

// Computes one month's remuneration under `terms`. Validates the terms first (as validate), then
// throws Error::invalid "remuneration-input" naming the field for a negative amount in `inputs`,
// "remuneration-deduction-reason" for a missing, too long or multi-line reason;
// Error::rule "remuneration-not-in-force" (field period) if the month is before the terms'
// effective_from, and "remuneration-nothing-billed" (field fees_billed) for a tiered contract in
// a month that billed nothing, whose collection rate is undefined.
[[nodiscard]] RemunerationComputation compute_remuneration(const RemunerationTerms& terms,
                                                           const RemunerationInputs& inputs);

// Returns the stable name of `basis`, e.g. "percent_of_collected".
[[nodiscard]] const char* to_string(RemunerationBasis basis) noexcept;

}  // namespace trustfund::fees
