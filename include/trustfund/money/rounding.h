// Rounding: how an exact fraction of a fen becomes a whole fen, and the products that need it.
//
// The rule of the books: compute exactly, then round once. A fee is area × rate taken exactly
// (an area in hundredths of m² times a rate in millionths can reach 10^26, so the arithmetic is
// wide fixed-size checked integers, never binary fractions) and only the final value is rounded,
// half away from zero (四舍五入) unless an estate's configuration names another Rounding.
// Rounding intermediate values (a daily fee, then × days) can be off by a fen; to combine
// several factors, pass them all to round_fen in one call.
//
// Thread-safety: stateless functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "trustfund/money/amount.h"
#include "trustfund/money/area.h"
#include "trustfund/money/rate.h"

namespace trustfund::money {

// How a value between two whole fen is rounded. Ties are values exactly halfway.
enum class Rounding {
  half_away_from_zero,  // 四舍五入, the default: 0.5 -> 1, -0.5 -> -1, 1.49 -> 1
  half_even,            // banker's rounding: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2
  toward_zero,          // truncation: 1.9 -> 1, -1.9 -> -1
  floor,                // toward minus infinity: 1.9 -> 1, -1.1 -> -2
  ceiling,              // toward plus infinity: 1.1 -> 2, -1.9 -> -1
};

// Returns the Rounding named `name` exactly as to_string() spells it ("half_away_from_zero",
// "half_even", "toward_zero", "floor", "ceiling"). Throws Error::invalid with type
// "rounding-unknown" (field "rounding") for any other text.
[[nodiscard]] Rounding parse_rounding(std::string_view name);

// Returns the stable name of `mode`, e.g. "half_away_from_zero".
[[nodiscard]] const char* to_string(Rounding mode) noexcept;

// At most this many factors on either side of round_fen's fraction.
inline constexpr std::size_t kMaxRoundingFactors = 4;

// Returns the exact value (product of numerator_factors) / (product of denominator_factors)
// fen, rounded once to a whole fen by `mode`. An empty list is the product 1. For example, a
// monthly fee of 89.37 m² at 2.35 yuan/m² prorated for 17 of 31 days is
//   round_fen({8937, 2'350'000, 17}, {1'000'000, 31}, mode)
// (hundredths of m² × millionths of a yuan / 10^6 is fen). Each list holds at most
// kMaxRoundingFactors factors (asserted); the arithmetic is exact for any int64 factors.
// Throws Error::invalid with type "rounding-denominator-not-positive" (field "denominator") if
// a denominator factor is <= 0, and "amount-overflow" if the rounded result is beyond
// Amount::kMaxFen.
[[nodiscard]] Amount round_fen(std::initializer_list<std::int64_t> numerator_factors,
                               std::initializer_list<std::int64_t> denominator_factors,
                               Rounding mode);

// Returns the fee for `area` at `rate_yuan_per_m2` (a signed rate gives a signed fee):
// area × rate exactly, rounded once. 89.37 m² × 2.35 = 210.0195 yuan -> 210.02.
// Throws Error "amount-overflow" if the fee is beyond Amount::kMaxFen.
[[nodiscard]] Amount fee_for_area(Area area, Rate rate_yuan_per_m2,
                                  Rounding mode = Rounding::half_away_from_zero);

// Returns base × rate exactly, rounded once: 8% of the fees collected is
// times(collected, Rate::parse("0.08")). Throws Error "amount-overflow" if the result is beyond
// Amount::kMaxFen.
[[nodiscard]] Amount times(Amount base, Rate rate, Rounding mode = Rounding::half_away_from_zero);

// Returns base × numerator / denominator exactly, rounded once: 17 of 31 days of a monthly
// fee is prorate(monthly, 17, 31). Throws Error::invalid "rounding-denominator-not-positive" if
// denominator <= 0, and "amount-overflow" if the result is beyond Amount::kMaxFen (possible
// only when numerator > denominator).
[[nodiscard]] Amount prorate(Amount base, std::int64_t numerator, std::int64_t denominator,
                             Rounding mode = Rounding::half_away_from_zero);

}  // namespace trustfund::money
