// The one-shot functions use OpenSSL's low-level SHA256_* API: in OpenSSL 3.0 the EVP interface
// and even the SHA256() convenience function allocate on every call (SHA256() also fetches the
// algorithm by name each time), which costs 3-4x on the millions of 65-byte Merkle node hashes.
// The low-level API is deprecated in 3.0 but present and uses the same assembly; should a build of
// OpenSSL leave it out, the EVP path below is used instead.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "trustfund/crypto/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cassert>
#include <stdexcept>

#include "trustfund/crypto/openssl_error.h"

namespace trustfund::crypto {
namespace {

// The SHA-256 implementation, fetched once rather than on every EVP_DigestInit_ex.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) {
      throw_openssl_error("SHA-256 fetch");
    }
    return fetched;
  }();
  return md;
}

// A moved-from Sha256 has no context; using one is a programmer error, reported rather than
// handed to OpenSSL as a null pointer.
EVP_MD_CTX* checked(EVP_MD_CTX* ctx) {
  if (ctx == nullptr) {
    throw std::logic_error("use of a moved-from crypto::Sha256");
  }
  return ctx;
}

void init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1) {
    throw_openssl_error("SHA-256 init");
  }
}

}  // namespace

Digest sha256_concat(std::initializer_list<std::string_view> parts) {
  Digest digest;
#if defined(OPENSSL_NO_DEPRECATED_3_0)
  Sha256 hasher;
  for (const std::string_view part : parts) {
    hasher.update(part);
  }
  digest = hasher.finish();
#else
  SHA256_CTX ctx;
  bool ok = SHA256_Init(&ctx) == 1;
  for (const std::string_view part : parts) {
    ok = ok && SHA256_Update(&ctx, part.data(), part.size()) == 1;
  }
  ok = ok && SHA256_Final(digest.data(), &ctx) == 1;
  if (!ok) {
    throw_openssl_error("SHA-256");
  }
#endif
  return digest;
}

Digest sha256(std::string_view bytes) {
  return sha256_concat({bytes});
}

Digest sha256(std::span<const std::uint8_t> bytes) {
  return sha256_concat({{reinterpret_cast<const char*>(bytes.data()), bytes.size()}});
}

void Sha256::ContextDeleter::operator()(EVP_MD_CTX* ctx) const noexcept {
  EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) {
    throw_openssl_error("SHA-256 context allocation");
  }
  init(ctx_.get());
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&& other) noexcept = default;
Sha256& Sha256::operator=(Sha256&& other) noexcept = default;

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(checked(ctx_.get()), bytes.data(), bytes.size()) != 1) {
    throw_openssl_error("SHA-256 update");
  }
}

void Sha256::update(std::span<const std::uint8_t> bytes) {
  update(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Digest Sha256::finish() {
  Digest digest;
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(checked(ctx_.get()), digest.data(), &length) != 1) {
    throw_openssl_error("SHA-256 final");
  }
  assert(length == digest.size());
  init(ctx_.get());
  return digest;
}

}  // namespace trustfund::crypto
