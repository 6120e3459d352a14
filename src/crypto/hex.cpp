#include "trustfund/crypto/hex.h"

#include <string>

#include "trustfund/core/error.h"

namespace trustfund::crypto {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

// Decodes hex.size() / 2 bytes into `out`; hex.size() must be even.
void decode(std::string_view hex, std::uint8_t* out, std::string_view field) {
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit_value(hex[i]);
    const int low = hex_digit_value(hex[i + 1]);
    if (high < 0 || low < 0) {
      const std::size_t at = high < 0 ? i : i + 1;
      throw Error::invalid("hex-syntax", std::string(field),
                           "not a hex digit at position " + std::to_string(at));
    }
    out[i / 2] = static_cast<std::uint8_t>(high << 4 | low);
  }
}

}  // namespace

int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string hex(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

std::vector<std::uint8_t> from_hex(std::string_view hex, std::string_view field) {
  if (hex.size() % 2 != 0) {
    throw Error::invalid("hex-syntax", std::string(field), "odd number of hex digits");
  }
  std::vector<std::uint8_t> bytes(hex.size() / 2);
  decode(hex, bytes.data(), field);
  return bytes;
}

Digest digest_from_hex(std::string_view hex, std::string_view field) {
  Digest digest{};
  if (hex.size() != 2 * digest.size()) {
    throw Error::invalid("hex-syntax", std::string(field),
                         "a SHA-256 hash is 64 hex digits, got " + std::to_string(hex.size()));
  }
  decode(hex, digest.data(), field);
  return digest;
}

}  // namespace trustfund::crypto
