// SHA-256: the one hash of trustfund (Merkle leaves and nodes, file digests in manifests).
//
// The free functions hash a message held in memory; they allocate nothing and are the ones to use
// on hot paths (millions of Merkle hashes). `Sha256` hashes a message that arrives in pieces, e.g.
// a published file read in blocks; it owns an OpenSSL EVP_MD_CTX.
//
// Ownership: a `Digest` is a plain value. `Sha256` owns its context; it is movable, not copyable.
// Thread-safety: the free functions are thread-safe. A `Sha256` object must not be used from two
// threads at once; distinct objects are independent.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include <openssl/types.h>

namespace trustfund::crypto {

// A SHA-256 digest: 32 bytes.
using Digest = std::array<std::uint8_t, 32>;

// Returns SHA-256(bytes).
Digest sha256(std::string_view bytes);
Digest sha256(std::span<const std::uint8_t> bytes);

// Returns SHA-256 of the concatenation of `parts`, without copying them into one buffer. Used for
// domain-separated hashes such as SHA-256(0x00 || entry bytes).
Digest sha256_concat(std::initializer_list<std::string_view> parts);

// Incremental SHA-256 over an OpenSSL EVP_MD_CTX. Throws Error(storage, "openssl-failure") if
// OpenSSL cannot allocate or run the digest.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Feeds more of the message.
  void update(std::string_view bytes);
  void update(std::span<const std::uint8_t> bytes);

  // Returns the digest of everything fed since construction (or since the previous finish()), and
  // starts a new, empty message, so one object can hash many messages in turn.
  Digest finish();

 private:
  struct ContextDeleter {
    void operator()(EVP_MD_CTX* ctx) const noexcept;
  };
  // Null only in a moved-from object, which may only be destroyed or assigned to.
  std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx_;
};

}  // namespace trustfund::crypto
