#include "trustfund/crypto/secure_bytes.h"

#include <openssl/crypto.h>

#include <utility>

namespace trustfund::crypto {

void cleanse(std::span<std::uint8_t> bytes) noexcept {
  if (!bytes.empty()) {
    OPENSSL_cleanse(bytes.data(), bytes.size());
  }
}

SecureBytes::SecureBytes(std::size_t size) : bytes_(size) {}

SecureBytes::SecureBytes(std::vector<std::uint8_t>&& bytes) noexcept : bytes_(std::move(bytes)) {}

SecureBytes::~SecureBytes() {
  cleanse(bytes_);
}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
  if (this != &other) {
    cleanse(bytes_);
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

}  // namespace trustfund::crypto
