// The one "amount-overflow" check shared by Amount arithmetic and rounding (private to money/).
//
// Thread-safety: stateless functions.
#pragma once

#include <string>

#include "trustfund/money/amount.h"

namespace trustfund::money::detail {

// Throws Error::invalid "amount-overflow" saying that `what` (e.g. "the sum of 3 amounts") is
// beyond the range of Amount.
[[noreturn]] void throw_amount_overflow(const std::string& what);

// Returns `fen` as an Amount if it is within [-kMaxFen, kMaxFen]; otherwise throws
// "amount-overflow" with the text describe() returns. `Integer` is an int64 or a Boost
// multiprecision integer; describe() runs only on failure, so the happy path builds no string.
template <class Integer, class Describe>
Amount checked_amount(const Integer& fen, Describe&& describe) {
  if (fen > Amount::kMaxFen || fen < -Amount::kMaxFen) {
    throw_amount_overflow(describe());
  }
  return Amount::from_fen(static_cast<std::int64_t>(fen));
}

}  // namespace trustfund::money::detail
