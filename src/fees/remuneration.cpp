// Remuneration (酬金): checks a contract's terms, picks the base and the rate, multiplies once
// and deducts penalties (see remuneration.h for the rules).
#include "trustfund/fees/remuneration.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cassert>
#include <string_view>

#include "trustfund/core/error.h"
#include "trustfund/core/utf8.h"
#include "trustfund/money/rounding.h"

namespace trustfund::fees {
namespace {

// Fen × basis points reaches 10^21, beyond int64; checked so a broken bound throws.
using Wide = boost::multiprecision::checked_int128_t;

constexpr std::int64_t kMillionthsPerWhole = 1'000'000;
constexpr std::int64_t kMillionthsPerPercent = 10'000;

std::string field_of_tier(std::size_t i, std::string_view member) {
  std::string out = "tiers[";
  out.append(std::to_string(i)).append("].").append(member);
  return out;
}

void check_rate(money::Rate rate, const std::string& field) {
  if (rate.millionths() < 0 || rate.millionths() > kMillionthsPerWhole) {
    std::string message = field;
    message.append(" ")
        .append(rate.to_string())
        .append(" is not a fraction within 0 and 1 (write 0.08 for 8%)");
    throw Error::invalid("remuneration-rate", field, message);
  }
}

void check_unused(bool unused_is_empty, std::string_view field, RemunerationBasis basis) {
  if (!unused_is_empty) {
    std::string message(field);
    message.append(" must be left empty for remuneration basis ").append(to_string(basis));
    throw Error::invalid("remuneration-unused-field", std::string(field), message);
  }
}

// A rate as a percent, exact and without trailing zeros: 0.08 -> "8%", 0.085 -> "8.5%".
std::string percent_text(money::Rate rate) {
  const std::int64_t m = rate.millionths();
  assert(m >= 0);
  std::string out = std::to_string(m / kMillionthsPerPercent);
  std::int64_t rest = m % kMillionthsPerPercent;
  if (rest != 0) {
    std::string decimals = std::to_string(kMillionthsPerPercent + rest).substr(1);  // 4 digits
    while (decimals.back() == '0')
      decimals.pop_back();
    out.append(".").append(decimals);
  }
  out += '%';
  return out;
}

// Basis points as a percent with two decimals: 8000 -> "80.00%". `bp` >= 0. (Digits are taken
// by hand: gcc 12 warns falsely, -Wrestrict, inside Boost's own str().)
std::string bp_text(Wide bp) {
  assert(bp >= 0);
  std::string out = "%";  // built backwards, least significant digit first
  for (int place = 0; place < 3 || bp != 0; ++place) {
    if (place == 2)
      out += '.';
    out += static_cast<char>('0' + static_cast<int>(bp % 10));
    bp /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string tier_text(const std::vector<RemunerationTier>& tiers, std::size_t i) {
  std::string out = bp_text(tiers[i].from_collection_rate_bp);
  out.append("-");
  if (i + 1 < tiers.size())
    out.append(bp_text(tiers[i + 1].from_collection_rate_bp));
  out.append(": ").append(percent_text(tiers[i].rate));
  return out;
}

void check_input(money::Amount amount, std::string_view field) {
  if (amount.is_negative()) {
    std::string message(field);
    message.append(" ").append(amount.to_string()).append(" must not be negative");
    throw Error::invalid("remuneration-input", std::string(field), message);
  }
}

void check_inputs(const RemunerationInputs& inputs) {
  check_input(inputs.fees_collected, "fees_collected");
  check_input(inputs.fees_billed, "fees_billed");
  check_input(inputs.costs, "costs");
  check_input(inputs.deductions, "deductions");
  const std::string& reason = inputs.deduction_reason;
  if (inputs.deductions.is_positive() && reason.empty()) {
    throw Error::invalid("remuneration-deduction-reason", "deduction_reason",
                         "deductions need a reason, e.g. the clause of the contract");
  }
  if (reason.size() > kMaxDeductionReasonBytes) {
    std::string message = "the deduction reason may be at most ";
    message.append(std::to_string(kMaxDeductionReasonBytes)).append(" bytes");
    throw Error::invalid("remuneration-deduction-reason", "deduction_reason", message);
  }
  if (!utf8::is_clean(reason)) {
    throw Error::invalid("remuneration-deduction-reason", "deduction_reason",
                         "the deduction reason must be one line without control characters");
  }
}

// The words for the base in the explanation, in Chinese and English.
const char* base_label(RemunerationBasis basis) {
  switch (basis) {
    case RemunerationBasis::fixed:
      return "固定酬金 fixed per month";
    case RemunerationBasis::percent_of_collected:
    case RemunerationBasis::tiered_by_collection_rate:
      return "实收物业费 fees collected";
    case RemunerationBasis::percent_of_billed:
      return "应收物业费 fees billed";
    case RemunerationBasis::percent_of_costs:
      return "成本 costs";
  }
  assert(false && "unknown RemunerationBasis");
  return "";
}

std::string explain(const RemunerationComputation& c, const std::string& reason) {
  std::string out = base_label(c.basis);
  out.append(" ").append(c.base.to_string());
  if (c.basis != RemunerationBasis::fixed) {
    out.append(" × ").append(percent_text(c.rate_applied));
    if (c.basis == RemunerationBasis::tiered_by_collection_rate) {
      out.append(" (收缴率 collection rate ")
          .append(c.collection_rate)
          .append(", 档位 tier ")
          .append(c.tier)
          .append(")");
    }
    out.append(" = ").append(c.gross.to_string());
  }
  out.append(" − 扣减 deductions ").append(c.deductions.to_string());
  if (!reason.empty())
    out.append(" (").append(reason).append(")");
  out.append(" = ").append(c.amount.to_string());
  if (c.deductions_exceed_gross) {
    out.append(
        "; 扣减超过应计酬金，酬金为 0 deductions exceed the gross remuneration, so the amount is "
        "0");
  }
  return out;
}

}  // namespace

const char* to_string(RemunerationBasis basis) noexcept {
  switch (basis) {
    case RemunerationBasis::fixed:
      return "fixed";
    case RemunerationBasis::percent_of_collected:
      return "percent_of_collected";
    case RemunerationBasis::percent_of_billed:
      return "percent_of_billed";
    case RemunerationBasis::percent_of_costs:
      return "percent_of_costs";
    case RemunerationBasis::tiered_by_collection_rate:
      return "tiered_by_collection_rate";
  }
  assert(false && "unknown RemunerationBasis");
  return "";
}

void validate(const RemunerationTerms& terms) {
  const RemunerationBasis basis = terms.basis;
  switch (basis) {
    case RemunerationBasis::fixed:
      check_unused(terms.rate.millionths() == 0, "rate", basis);
      check_unused(terms.tiers.empty(), "tiers", basis);
      if (terms.fixed_per_month.is_negative()) {
        std::string message = "fixed_per_month ";
        message.append(terms.fixed_per_month.to_string()).append(" must not be negative");
        throw Error::invalid("remuneration-fixed-amount", "fixed_per_month", message);
      }
      break;
    case RemunerationBasis::percent_of_collected:
    case RemunerationBasis::percent_of_billed:
    case RemunerationBasis::percent_of_costs:
      check_unused(terms.fixed_per_month.is_zero(), "fixed_per_month", basis);
      check_unused(terms.tiers.empty(), "tiers", basis);
      check_rate(terms.rate, "rate");
      break;
    case RemunerationBasis::tiered_by_collection_rate: {
      check_unused(terms.fixed_per_month.is_zero(), "fixed_per_month", basis);
      check_unused(terms.rate.millionths() == 0, "rate", basis);
      const std::vector<RemunerationTier>& tiers = terms.tiers;
      if (tiers.empty() || tiers.size() > kMaxRemunerationTiers) {
        std::string message = "a tiered contract needs 1 to ";
        message.append(std::to_string(kMaxRemunerationTiers))
            .append(" tiers, not ")
            .append(std::to_string(tiers.size()));
        throw Error::invalid("remuneration-tiers", "tiers", message);
      }
      for (std::size_t i = 0; i < tiers.size(); ++i) {
        const std::int64_t from_bp = tiers[i].from_collection_rate_bp;
        const std::string field = field_of_tier(i, "from_collection_rate_bp");
        if (from_bp < 0 || from_bp > kBasisPointsPerWhole) {
          std::string message = field;
          message.append(" must be within 0 and ")
              .append(std::to_string(kBasisPointsPerWhole))
              .append(" basis points (0% to 100%), not ")
              .append(std::to_string(from_bp));
          throw Error::invalid("remuneration-tiers", field, message);
        }
        if (i == 0 && from_bp != 0) {
          throw Error::invalid("remuneration-tiers", field,
                               "the first tier must start at a collection rate of 0 so that "
                               "every month falls in a tier");
        }
        if (i > 0 && from_bp <= tiers[i - 1].from_collection_rate_bp) {
          throw Error::invalid("remuneration-tiers", field,
                               "tiers must be sorted by collection rate, each starting above "
                               "the one before");
        }
        check_rate(tiers[i].rate, field_of_tier(i, "rate"));
      }
      break;
    }
  }
  if (terms.effective_from.day() != 1) {
    std::string message = "effective_from ";
    message.append(terms.effective_from.to_string())
        .append(" must be the first day of a month: each month is under one set of terms");
    throw Error::invalid("remuneration-effective-from", "effective_from", message);
  }
}

RemunerationComputation compute_remuneration(const RemunerationTerms& terms,
                                             const RemunerationInputs& inputs) {
  validate(terms);
  check_inputs(inputs);
  if (inputs.period < Period::of(terms.effective_from)) {
    std::string message = "the terms are in force from ";
    message.append(terms.effective_from.to_string())
        .append(", after the month ")
        .append(inputs.period.to_string());
    throw Error::rule("remuneration-not-in-force", "period", message);
  }

  RemunerationComputation c;
  c.basis = terms.basis;
  switch (terms.basis) {
    case RemunerationBasis::fixed:
      c.base = terms.fixed_per_month;
      c.rate_applied = money::Rate::from_millionths(kMillionthsPerWhole);
      break;
    case RemunerationBasis::percent_of_collected:
      c.base = inputs.fees_collected;
      c.rate_applied = terms.rate;
      break;
    case RemunerationBasis::percent_of_billed:
      c.base = inputs.fees_billed;
      c.rate_applied = terms.rate;
      break;
    case RemunerationBasis::percent_of_costs:
      c.base = inputs.costs;
      c.rate_applied = terms.rate;
      break;
    case RemunerationBasis::tiered_by_collection_rate: {
      if (inputs.fees_billed.is_zero()) {
        std::string message = "no fees were billed for ";
        message.append(inputs.period.to_string())
            .append(", so there is no collection rate to choose a tier by");
        throw Error::rule("remuneration-nothing-billed", "fees_billed", message);
      }
      const Wide collected_bp = Wide(inputs.fees_collected.fen()) * kBasisPointsPerWhole;
      const Wide billed = inputs.fees_billed.fen();
      // The last tier whose lower bound the rate reaches: collected / billed >= from_bp / 10^4.
      std::size_t tier = 0;
      for (std::size_t i = 1; i < terms.tiers.size(); ++i) {
        if (collected_bp >= Wide(terms.tiers[i].from_collection_rate_bp) * billed)
          tier = i;
      }
      c.base = inputs.fees_collected;
      c.rate_applied = terms.tiers[tier].rate;
      c.tier = tier_text(terms.tiers, tier);
      c.collection_rate = bp_text(collected_bp / billed);  // both >= 0: truncation is floor
      break;
    }
  }
  c.gross = terms.basis == RemunerationBasis::fixed ? c.base : money::times(c.base, c.rate_applied);
  c.deductions = inputs.deductions;
  c.deductions_exceed_gross = c.deductions > c.gross;
  c.deductions_applied = std::min(c.deductions, c.gross);
  c.amount = c.gross - c.deductions_applied;
  c.explanation = explain(c, inputs.deduction_reason);

  assert(!c.amount.is_negative());
  assert(c.amount + c.deductions_applied == c.gross);
  return c;
}

}  // namespace trustfund::fees
