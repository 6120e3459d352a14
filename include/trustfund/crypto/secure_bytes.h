// Secret bytes that are wiped (OPENSSL_cleanse) when no longer needed.
//
// Keys pass through ordinary buffers (a Key256, the result of crypto::open); the owner of such a
// buffer should wipe it with `cleanse` when done, or keep it in a `SecureBytes`, whose destructor
// does so. The size of a SecureBytes is fixed at construction, so it never reallocates and leaves
// no stale copy of the secret in freed memory.
//
// Ownership: a SecureBytes owns its bytes; movable, not copyable.
// Thread-safety: `cleanse` is thread-safe; a SecureBytes is not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace trustfund::crypto {

// Overwrites `bytes` with zeros in a way the compiler cannot optimise away.
void cleanse(std::span<std::uint8_t> bytes) noexcept;

class SecureBytes {
 public:
  // `size` zero bytes.
  explicit SecureBytes(std::size_t size);
  // Takes over `bytes` (no copy is made, so nothing is left behind to wipe).
  explicit SecureBytes(std::vector<std::uint8_t>&& bytes) noexcept;
  ~SecureBytes();
  SecureBytes(SecureBytes&& other) noexcept = default;
  SecureBytes& operator=(SecureBytes&& other) noexcept;
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;

  std::size_t size() const noexcept { return bytes_.size(); }
  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  std::span<std::uint8_t> span() noexcept { return bytes_; }
  std::span<const std::uint8_t> span() const noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace trustfund::crypto
