// Password rules and password hashes (scrypt through OpenSSL).
//
// A stored hash describes itself: "scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>", e.g.
// "scrypt$15$8$1$<32 hex digits>$<64 hex digits>". The parameters travel with each hash, so they
// can be raised later: old hashes still verify, and Directory re-hashes a password with the new
// parameters at the user's next successful login.
//
// Passwords and hashes are secrets: never log them, never put them in an Error message. The
// functions here copy a password nowhere; callers wipe the buffers they own (see `wipe`).
//
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace trustfund::auth {

// scrypt cost. The default (N = 2^15, r = 8, p = 1; 32 MiB, tens of milliseconds) is the one for
// real users; tests lower log2_n to stay fast.
struct ScryptParams {
  int log2_n = 15;  // 1..20
  int r = 8;        // 1..32
  int p = 1;        // 1..16

  bool operator==(const ScryptParams&) const = default;
};

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Throws Error::invalid("password-too-short" | "password-too-long", "password") unless `password`
// has at least 12 characters (UTF-8 code points) and at most 1024 bytes.
void check_password_rules(std::string_view password);

// Returns the self-describing scrypt hash of `password` under a fresh 16-byte random salt.
// `params` must be in range (asserted). Throws Error(storage, "openssl-failure") if OpenSSL fails.
std::string hash_password(std::string_view password, const ScryptParams& params);

// True if `password` matches `stored`, compared in constant time. Throws Error(integrity,
// "password-hash-format") if `stored` is not a hash this module wrote (parameters out of range
// included, so a corrupt row cannot make scrypt ask for unbounded memory).
bool verify_password(std::string_view password, std::string_view stored);

// The parameters `stored` was made with. Throws like verify_password.
ScryptParams params_of(std::string_view stored);

// A hash that matches no password, made with `params`: verifying against it costs the same as
// verifying against a real user's hash (used for unknown usernames).
std::string unmatchable_hash(const ScryptParams& params);

// Overwrites `secret`'s bytes (OPENSSL_cleanse) and empties it.
void wipe(std::string& secret) noexcept;

}  // namespace trustfund::auth
