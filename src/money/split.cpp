#include "trustfund/money/split.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cassert>
#include <string>
#include <utility>

#include "decimal_text.h"
#include "trustfund/core/error.h"

namespace trustfund::money {
namespace {

// |total| < 2^57, each weight < 2^63, and at most kMaxSplitShares < 2^20 weights: the sum of
// weights stays below 2^83 and every product |total| × weight below 2^120, so 128 bits are
// enough. The checked type turns a broken assumption into an exception, never a wrong split.
using Wide = boost::multiprecision::checked_int128_t;
static_assert(Amount::kMaxFen < (std::int64_t{1} << 57));
static_assert(kMaxSplitShares < (std::size_t{1} << 20));

[[noreturn]] void reject(std::string type, const std::string& message) {
  throw Error::invalid(std::move(type), "shares", message);
}

// Checks the shares and returns the sum of their weights (> 0).
Wide total_weight(std::span<const SplitShare> shares) {
  if (shares.empty()) {
    reject("split-no-weights", "cannot split an amount over no shares");
  }
  if (shares.size() > kMaxSplitShares) {
    reject("split-too-many-shares", "cannot split an amount over " + std::to_string(shares.size()) +
                                        " shares; at most " + std::to_string(kMaxSplitShares) +
                                        " are allowed");
  }
  Wide sum = 0;
  for (const SplitShare& share : shares) {
    if (share.weight < 0) {
      reject("split-negative-weight", "share " + detail::quote_for_message(share.key) +
                                          " has a negative weight (" +
                                          std::to_string(share.weight) + ")");
    }
    sum += share.weight;
  }
  if (sum == 0) {
    reject("split-no-weights", "cannot split an amount when every share has weight zero");
  }
  return sum;
}

}  // namespace

std::vector<Amount> split(Amount total, std::span<const SplitShare> shares) {
  const Wide weight_sum = total_weight(shares);
  const std::int64_t total_fen = total.abs().fen();
  const std::size_t count = shares.size();

  // Round every exact share toward zero and keep the remainders (in units of 1/weight_sum fen;
  // comparing them compares the fractions, as all share the denominator).
  std::vector<std::int64_t> parts_fen(count);
  std::vector<Wide> remainders(count);
  std::int64_t floors_sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Wide quotient;
    boost::multiprecision::divide_qr(Wide(total_fen) * shares[i].weight, weight_sum, quotient,
                                     remainders[i]);
    parts_fen[i] = quotient.convert_to<std::int64_t>();
    floors_sum += parts_fen[i];
  }

  // The remainders add up to leftover × weight_sum and each is below weight_sum, so fewer than
  // `count` fen are left over and at least `leftover` shares have a positive remainder: every
  // fen goes to a share with a positive remainder, i.e. never to a share of weight 0.
  const std::int64_t leftover = total_fen - floors_sum;
  assert(leftover >= 0 && static_cast<std::uint64_t>(leftover) < count);
  if (leftover > 0) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < count; ++i) {
      if (remainders[i] > 0) {
        candidates.push_back(i);
      }
    }
    assert(candidates.size() >= static_cast<std::size_t>(leftover));
    const auto ranks_before = [&](std::size_t a, std::size_t b) {
      if (remainders[a] != remainders[b]) {
        return remainders[a] > remainders[b];
      }
      if (shares[a].key != shares[b].key) {
        return shares[a].key < shares[b].key;  // std::string compares bytes as unsigned
      }
      return a < b;
    };
    // A strict total order, so the first `leftover` candidates are the same set every time.
    const auto winners_end = candidates.begin() + leftover;
    std::nth_element(candidates.begin(), winners_end, candidates.end(), ranks_before);
    for (auto it = candidates.begin(); it != winners_end; ++it) {
      ++parts_fen[*it];
    }
  }

  std::vector<Amount> parts;
  parts.reserve(count);
  const bool negative = total.is_negative();
  for (const std::int64_t part_fen : parts_fen) {
    parts.push_back(Amount::from_fen(negative ? -part_fen : part_fen));
  }
  assert(sum(parts) == total);
  return parts;
}

}  // namespace trustfund::money
