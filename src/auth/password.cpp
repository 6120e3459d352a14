#include "trustfund/auth/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <span>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/openssl_error.h"
#include "trustfund/crypto/random.h"
#include "trustfund/crypto/secure_bytes.h"

namespace trustfund::auth {
namespace {

constexpr std::string_view kScheme = "scrypt";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Bounds on what a stored hash may ask for, so a corrupt or hostile row cannot make verification
// allocate without limit or compare against a trivially short hash.
constexpr std::size_t kMinStoredBytes = 16;
constexpr std::size_t kMaxStoredBytes = 64;
constexpr std::uint64_t kMaxMemoryBytes = std::uint64_t{1} << 30;

bool params_in_range(const ScryptParams& p) {
  return p.log2_n >= 1 && p.log2_n <= 20 && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16;
}

// The memory OpenSSL's scrypt needs for `p` (its own formula: B is p*128*r bytes, V is
// 128*r*(N+2) bytes). OpenSSL refuses anything above `maxmem`, whose default (32 MiB) is just
// below what N = 2^15, r = 8 needs, so the limit is always passed explicitly.
std::uint64_t scrypt_memory_bytes(const ScryptParams& p) {
  const std::uint64_t n = std::uint64_t{1} << p.log2_n;
  const auto r = static_cast<std::uint64_t>(p.r);
  return 128 * r * static_cast<std::uint64_t>(p.p) + 128 * r * (n + 2);
}

void derive(std::string_view password, std::span<const std::uint8_t> salt, const ScryptParams& p,
            std::span<std::uint8_t> out) {
  assert(params_in_range(p));
  const std::uint64_t memory = scrypt_memory_bytes(p);
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(),
                     std::uint64_t{1} << p.log2_n, static_cast<std::uint64_t>(p.r),
                     static_cast<std::uint64_t>(p.p), memory, out.data(), out.size()) != 1) {
    crypto::throw_openssl_error("scrypt password hashing");
  }
}

[[noreturn]] void bad_format() {
  // The stored text is not quoted: it is a secret.
  throw Error(ErrorKind::integrity, "password-hash-format", "",
              "a stored password hash is malformed (the registry may be damaged)");
}

int parse_small_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.size() > 3 || ec != std::errc() || end != text.data() + text.size() ||
      text[0] == '0') {
    bad_format();
  }
  return value;
}

std::vector<std::uint8_t> parse_hex_field(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() < 2 * kMinStoredBytes || hex.size() > 2 * kMaxStoredBytes)
    bad_format();
  for (const char c : hex) {
    if (crypto::hex_digit_value(c) < 0)
      bad_format();
  }
  return crypto::from_hex(hex);
}

struct StoredHash {
  ScryptParams params;
  std::vector<std::uint8_t> salt;
  crypto::SecureBytes hash{0};
};

StoredHash parse(std::string_view stored) {
  std::array<std::string_view, 6> fields;
  std::size_t n = 0;
  while (true) {
    const std::size_t dollar = stored.find('$');
    if (n == fields.size())
      bad_format();
    fields[n++] = stored.substr(0, dollar);
    if (dollar == std::string_view::npos)
      break;
    stored.remove_prefix(dollar + 1);
  }
  if (n != fields.size() || fields[0] != kScheme)
    bad_format();
  StoredHash h;
  h.params = {parse_small_int(fields[1]), parse_small_int(fields[2]), parse_small_int(fields[3])};
  if (!params_in_range(h.params) || scrypt_memory_bytes(h.params) > kMaxMemoryBytes)
    bad_format();
  h.salt = parse_hex_field(fields[4]);
  h.hash = crypto::SecureBytes(parse_hex_field(fields[5]));
  return h;
}

std::string format(const ScryptParams& p, std::span<const std::uint8_t> salt,
                   std::span<const std::uint8_t> hash) {
  std::string out(kScheme);
  out.append("$").append(std::to_string(p.log2_n));
  out.append("$").append(std::to_string(p.r));
  out.append("$").append(std::to_string(p.p));
  out.append("$").append(crypto::to_hex(salt));
  out.append("$").append(crypto::to_hex(hash));
  return out;
}

}  // namespace

void check_password_rules(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    throw Error::invalid(
        "password-too-long", "password",
        "a password may have at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  // Count code points, not bytes: UTF-8 continuation bytes are 10xxxxxx.
  std::size_t chars = 0;
  for (const char c : password) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++chars;
  }
  if (chars < kMinPasswordChars) {
    throw Error::invalid(
        "password-too-short", "password",
        "a password needs at least " + std::to_string(kMinPasswordChars) + " characters");
  }
}

std::string hash_password(std::string_view password, const ScryptParams& params) {
  assert(params_in_range(params));
  std::array<std::uint8_t, kSaltBytes> salt{};
  crypto::random_bytes(salt);
  crypto::SecureBytes hash(kHashBytes);
  derive(password, salt, params, hash.span());
  return format(params, salt, hash.span());
}

bool verify_password(std::string_view password, std::string_view stored) {
  const StoredHash h = parse(stored);
  crypto::SecureBytes computed(h.hash.size());
  derive(password, h.salt, h.params, computed.span());
  return CRYPTO_memcmp(computed.data(), h.hash.data(), computed.size()) == 0;
}

ScryptParams params_of(std::string_view stored) {
  return parse(stored).params;
}

std::string unmatchable_hash(const ScryptParams& params) {
  assert(params_in_range(params));
  // Random bytes for the "hash": no password is known to produce them.
  std::array<std::uint8_t, kSaltBytes> salt{};
  std::array<std::uint8_t, kHashBytes> hash{};
  crypto::random_bytes(salt);
  crypto::random_bytes(hash);
  return format(params, salt, hash);
}

void wipe(std::string& secret) noexcept {
  crypto::cleanse(
      std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(secret.data()), secret.size()));
  secret.clear();
}

}  // namespace trustfund::auth
