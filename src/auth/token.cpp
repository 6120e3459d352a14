#include "token.h"

#include <array>
#include <cstdint>

#include "trustfund/auth/password.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/random.h"
#include "trustfund/crypto/secure_bytes.h"

namespace trustfund::auth {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kPrefixChars = 4;
constexpr std::size_t kTokenChars = kPrefixChars + 2 * kTokenBytes;

const char* prefix_of(Credential kind) {
  return kind == Credential::session ? "tfs_" : "tft_";
}

}  // namespace

std::string new_token(Credential kind) {
  crypto::SecureBytes secret(kTokenBytes);
  crypto::random_bytes(secret.span());
  std::string hex = crypto::to_hex(secret.span());
  std::string token = prefix_of(kind);
  token += hex;
  wipe(hex);
  return token;
}

std::optional<Credential> token_kind(std::string_view token) {
  if (token.size() != kTokenChars)
    return std::nullopt;
  for (const char c : token.substr(kPrefixChars)) {
    // Lower case only, as new_token writes it: one token has one spelling, hence one hash.
    if (crypto::hex_digit_value(c) < 0 || (c >= 'A' && c <= 'F'))
      return std::nullopt;
  }
  for (const Credential kind : {Credential::session, Credential::api_token}) {
    if (token.substr(0, kPrefixChars) == prefix_of(kind))
      return kind;
  }
  return std::nullopt;
}

crypto::Digest token_hash(std::string_view token) {
  return crypto::sha256(token);
}

}  // namespace trustfund::auth
