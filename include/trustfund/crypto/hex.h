// Hexadecimal text for bytes: digests, wrapped keys and proofs in JSON, files and logs.
//
// Output is lower case. Input may use either case, has no prefix, separators or whitespace, and
// must have an even number of digits.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/crypto/sha256.h"

namespace trustfund::crypto {

// The value (0..15) of the hex digit `c` in either case, or -1 if `c` is not a hex digit.
int hex_digit_value(char c) noexcept;

// Returns `bytes` as lower-case hex, two characters per byte.
std::string to_hex(std::span<const std::uint8_t> bytes);

// Parses hex text. Throws Error::invalid("hex-syntax", field, ...) on an odd length or a character
// that is not a hex digit; `field` names the input in the error.
std::vector<std::uint8_t> from_hex(std::string_view hex, std::string_view field = "hex");

// Parses a SHA-256 digest: exactly 64 hex digits. Throws Error::invalid("hex-syntax", field, ...).
Digest digest_from_hex(std::string_view hex, std::string_view field = "hash");

}  // namespace trustfund::crypto
