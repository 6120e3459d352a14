// Cryptographically secure random bytes (OpenSSL RAND_bytes): keys, nonces, salts.
//
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace trustfund::crypto {

// Fills `out` with random bytes. Throws Error(storage, "openssl-failure") if the generator fails
// (for example, it cannot be seeded); never returns predictable bytes.
void random_bytes(std::span<std::uint8_t> out);

}  // namespace trustfund::crypto
