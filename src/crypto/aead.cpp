#include "trustfund/crypto/aead.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "trustfund/core/error.h"
#include "trustfund/crypto/openssl_error.h"
#include "trustfund/crypto/random.h"
#include "trustfund/crypto/secure_bytes.h"

namespace trustfund::crypto {
namespace {

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

// AES-256-GCM, fetched once rather than on every init.
const EVP_CIPHER* aes_256_gcm() {
  static const EVP_CIPHER* const cipher = [] {
    EVP_CIPHER* fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (fetched == nullptr) {
      throw_openssl_error("AES-256-GCM fetch");
    }
    return fetched;
  }();
  return cipher;
}

CipherContext new_context() {
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (!ctx) {
    throw_openssl_error("cipher context allocation");
  }
  return ctx;
}

[[noreturn]] void throw_unwrap_failed() {
  // Whatever OpenSSL queued about the failed tag check is expected, not an operator's concern.
  ERR_clear_error();
  throw Error(ErrorKind::access_denied, "key-unwrap-failed", "",
              "wrong key or not a trustfund file");
}

// The checks above keep every length within kAeadMaxBytes, hence within int.
static_assert(kAeadMaxBytes + kAeadNonceBytes + kAeadTagBytes < (std::size_t{1} << 31));

}  // namespace

std::vector<std::uint8_t> seal(const Key256& key, std::span<const std::uint8_t> plaintext,
                               std::string_view aad) {
  if (plaintext.size() > kAeadMaxBytes || aad.size() > kAeadMaxBytes) {
    throw Error::invalid("aead-too-large", "",
                         "at most " + std::to_string(kAeadMaxBytes) + " bytes can be sealed");
  }
  std::vector<std::uint8_t> sealed(kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  std::uint8_t* const nonce = sealed.data();
  std::uint8_t* const ciphertext = nonce + kAeadNonceBytes;
  std::uint8_t* const tag = ciphertext + plaintext.size();
  random_bytes({nonce, kAeadNonceBytes});

  // GCM's default nonce length is the 12 bytes used here.
  const CipherContext ctx = new_context();
  if (EVP_EncryptInit_ex2(ctx.get(), aes_256_gcm(), key.data(), nonce, nullptr) != 1) {
    throw_openssl_error("AES-256-GCM encrypt init");
  }
  int length = 0;
  if (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &length,
                                        reinterpret_cast<const unsigned char*>(aad.data()),
                                        static_cast<int>(aad.size())) != 1) {
    throw_openssl_error("AES-256-GCM associated data");
  }
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), ciphertext, &length, plaintext.data(),
                                              static_cast<int>(plaintext.size())) != 1) {
    throw_openssl_error("AES-256-GCM encrypt");
  }
  // GCM is a stream mode: Final writes no bytes, it only completes the tag.
  if (EVP_EncryptFinal_ex(ctx.get(), tag, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagBytes), tag) !=
          1) {
    throw_openssl_error("AES-256-GCM encrypt final");
  }
  return sealed;
}

std::vector<std::uint8_t> open(const Key256& key, std::span<const std::uint8_t> sealed,
                               std::string_view aad) {
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes ||
      sealed.size() > kAeadNonceBytes + kAeadMaxBytes + kAeadTagBytes ||
      aad.size() > kAeadMaxBytes) {
    throw_unwrap_failed();
  }
  const std::size_t ciphertext_size = sealed.size() - kAeadNonceBytes - kAeadTagBytes;
  const std::uint8_t* const nonce = sealed.data();
  const std::uint8_t* const ciphertext = nonce + kAeadNonceBytes;
  const std::uint8_t* const tag = ciphertext + ciphertext_size;

  const CipherContext ctx = new_context();
  if (EVP_DecryptInit_ex2(ctx.get(), aes_256_gcm(), key.data(), nonce, nullptr) != 1) {
    throw_openssl_error("AES-256-GCM decrypt init");
  }
  int length = 0;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &length,
                                        reinterpret_cast<const unsigned char*>(aad.data()),
                                        static_cast<int>(aad.size())) != 1) {
    throw_openssl_error("AES-256-GCM associated data");
  }
  // Decrypted bytes are not authentic until the tag verifies; until then they live in a buffer
  // that is wiped if it never gets that far.
  SecureBytes plaintext(ciphertext_size);
  if (ciphertext_size > 0 && EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, ciphertext,
                                               static_cast<int>(ciphertext_size)) != 1) {
    throw_openssl_error("AES-256-GCM decrypt");
  }
  // OpenSSL only reads the tag here; the cast is for the shared get/set ctrl signature.
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagBytes),
                          const_cast<std::uint8_t*>(tag)) != 1) {
    throw_openssl_error("AES-256-GCM set tag");
  }
  std::uint8_t no_output[kAeadTagBytes];  // GCM's Final writes nothing; OpenSSL wants a buffer.
  if (EVP_DecryptFinal_ex(ctx.get(), no_output, &length) != 1) {
    throw_unwrap_failed();
  }
  return {plaintext.data(), plaintext.data() + plaintext.size()};
}

}  // namespace trustfund::crypto
