// Reading the files of a statement directory for `trustfund verify`, within limits: each must be
// a regular file no larger than its limit, and a file that changes while it is read is refused.
// Every problem throws Bad (verify_check.h) naming the file.
//
// Thread-safety: the functions only read the files they are given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "trustfund/crypto/sha256.h"

namespace trustfund::statements::verifier {

// Largest resident proof file read.
inline constexpr std::uintmax_t kMaxProofFileBytes = std::uintmax_t{1} << 20;
// Largest custodians.pem read.
inline constexpr std::uintmax_t kMaxPemBytes = std::uintmax_t{1} << 20;

// The bytes of `path`, at most `max_bytes` of them.
std::string read_file(const std::filesystem::path& path, std::uintmax_t max_bytes);

// The SHA-256 of `path` (at most kMaxStatementFileBytes, verify.h), read in blocks.
crypto::Digest file_sha256(const std::filesystem::path& path);

}  // namespace trustfund::statements::verifier
