// AES-256-GCM sealing, used to wrap each database file's key under the master key.
//
// A sealed message is nonce (12 bytes) || ciphertext || tag (16 bytes). The nonce is fresh random
// bytes for every call, so sealing the same key twice gives different output; with random
// nonces a single master key may seal up to about 2^32 messages (NIST SP 800-38D 8.3), far beyond
// the number of files trustfund wraps. `aad` (associated data) is authenticated but not stored:
// the opener must supply the same context, e.g. the file name, so a wrapped key moved to another
// file no longer opens.
//
// Ownership: the caller owns keys and results; wipe keys after use (see secure_bytes.h).
// Thread-safety: thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace trustfund::crypto {

// A 256-bit symmetric key.
using Key256 = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kAeadNonceBytes = 12;
inline constexpr std::size_t kAeadTagBytes = 16;
// Upper bound on the plaintext and on the associated data of one seal/open (64 MiB): these wrap
// keys and small records, never bulk data.
inline constexpr std::size_t kAeadMaxBytes = std::size_t{64} << 20;

// Encrypts and authenticates `plaintext`, binding it to `aad`. Returns nonce || ciphertext || tag.
// Throws Error::invalid("aead-too-large") beyond kAeadMaxBytes, Error(storage, "openssl-failure")
// if OpenSSL fails.
std::vector<std::uint8_t> seal(const Key256& key, std::span<const std::uint8_t> plaintext,
                               std::string_view aad);

// Inverse of seal. Throws Error(access_denied, "key-unwrap-failed", "", "wrong key or not a
// trustfund file") when the input is too short or the tag does not verify (wrong key, other aad,
// any altered byte); no partial plaintext is ever returned.
std::vector<std::uint8_t> open(const Key256& key, std::span<const std::uint8_t> sealed,
                               std::string_view aad);

}  // namespace trustfund::crypto
