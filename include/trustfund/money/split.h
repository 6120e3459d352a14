// Split: exact apportionment of an amount over shares by weight (largest-remainder method).
//
// Used wherever one amount becomes many: a repair's final cost charged to the units in scope by
// area, interest allocated over unit sub-accounts, a bill shared by entrances. The parts always
// add up to the whole to the fen, and the result depends only on the input, never on hashing,
// threads or binary fractions, so a published split can be recomputed and checked by anyone.
//
// Thread-safety: stateless function; safe from any thread. split() copies nothing it keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trustfund/money/amount.h"

namespace trustfund::money {

// One recipient of a split.
struct SplitShare {
  std::string key;      // stable tie-breaker, e.g. the unit code "3-2-1502"; may repeat
  std::int64_t weight;  // >= 0, e.g. the unit's area in hundredths of m²
};

// Upper bound on the number of shares in one split (the largest estates have a few thousand
// units); it also keeps every intermediate product inside 128 bits.
inline constexpr std::size_t kMaxSplitShares = 1'000'000;

// Splits `total` over `shares` in proportion to their weights and returns one part per share,
// in input order. With W the sum of weights, share i's exact share is total × weight_i / W:
//   - the parts sum exactly to `total`;
//   - each part is its exact share rounded down or up to a whole fen (never a fen or more off);
//   - the fen left over after rounding every exact share toward zero go one each to the shares
//     with the largest remainders; ties go to the smaller key (byte order), then to the earlier
//     position in `shares`;
//   - a negative total splits as the negation of the split of -total;
//   - a share of weight 0 gets 0.
// Example: 100.00 over three equal weights keyed "A", "B", "C" gives 33.34, 33.33, 33.33.
// Throws Error::invalid (field "shares"): "split-no-weights" if `shares` is empty or every
// weight is 0, "split-negative-weight" if a weight is negative, "split-too-many-shares" beyond
// kMaxSplitShares.
[[nodiscard]] std::vector<Amount> split(Amount total, std::span<const SplitShare> shares);

}  // namespace trustfund::money
