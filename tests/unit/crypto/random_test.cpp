#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstdint>

#include "trustfund/crypto/random.h"

using trustfund::crypto::random_bytes;

TEST_CASE("random bytes fill the whole buffer and differ between calls") {
  std::array<std::uint8_t, 64> a{};
  std::array<std::uint8_t, 64> b{};
  random_bytes(a);
  random_bytes(b);
  CHECK(a != b);
  // 64 zero bytes from a working generator has probability 2^-512.
  CHECK(a != std::array<std::uint8_t, 64>{});
  random_bytes({});  // an empty request is fine
}
