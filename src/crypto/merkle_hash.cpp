#include "trustfund/crypto/merkle.h"

#include <cstring>

namespace trustfund::crypto::merkle {

Digest leaf_hash(std::string_view leaf_bytes) {
  constexpr char kLeafPrefix = 0x00;
  return sha256_concat({std::string_view(&kLeafPrefix, 1), leaf_bytes});
}

Digest node_hash(const Digest& left, const Digest& right) {
  // One contiguous 65-byte message on the stack: a single hash call, no allocation.
  std::uint8_t message[1 + 2 * sizeof(Digest)];
  message[0] = 0x01;
  std::memcpy(message + 1, left.data(), left.size());
  std::memcpy(message + 1 + left.size(), right.data(), right.size());
  return sha256(std::span<const std::uint8_t>(message));
}

Digest empty_root() {
  static const Digest kEmptyRoot = sha256(std::string_view());
  return kEmptyRoot;
}

}  // namespace trustfund::crypto::merkle
