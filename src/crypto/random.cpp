#include "trustfund/crypto/random.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstddef>

#include "trustfund/crypto/openssl_error.h"

namespace trustfund::crypto {

void random_bytes(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int length; larger requests go in pieces.
  constexpr std::size_t kChunk = std::size_t{1} << 30;
  static_assert(kChunk <= INT_MAX);
  while (!out.empty()) {
    const std::size_t n = std::min(out.size(), kChunk);
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
      throw_openssl_error("random number generation");
    }
    out = out.subspan(n);
  }
}

}  // namespace trustfund::crypto
