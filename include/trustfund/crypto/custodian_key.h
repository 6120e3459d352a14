// Custodian keys and certificates: ECDSA P-256 only.
//
// A custodian (the owners' committee's, the manager's, a supervisor's) holds a private key that the
// server never sees: an encrypted PKCS#8 file made by `trustfund custodian keygen` (PBES2 with
// scrypt and AES-256-CBC), or a key on a PKCS#11 token reached through OpenSSL 3's pkcs11
// provider. The server and the books hold only certificates: X.509, P-256, self-signed by the
// custodian's key (or issued from the CSR by a CA the estate trusts). A custodian is identified by
// the SHA-256 of its certificate's SubjectPublicKeyInfo (`key_id`), so a re-issued certificate for
// the same key is the same custodian.
//
// Ownership: PrivateKey and Certificate own their OpenSSL objects; movable, not copyable.
// Thread-safety: const methods may be called from several threads; the static factories are
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/types.h>

#include "trustfund/core/date.h"
#include "trustfund/crypto/sha256.h"

namespace trustfund::crypto {

// Who a certificate names. organization is the custodian's organisation (e.g. the committee's or
// the company's name); organizational_unit its role in the custodian set.
struct CertificateSubject {
  std::string common_name;          // the person, e.g. "Li Wei"; 1-64 bytes of UTF-8
  std::string organization;         // 1-64 bytes of UTF-8
  std::string organizational_unit;  // "owners_committee", "manager" or "supervisor"
  std::string country = "CN";       // two letters
};

// scrypt cost of a new key file (N = 2^14, r = 8, p = 1: 16 MiB and about 0.05 s to open;
// OpenSSL's own `pkcs8 -scrypt` default). Not 2^15: with r = 8 that needs 32 MiB + 1 KiB, over
// the 32 MiB that OpenSSL 3.0 allows when it opens a PKCS#8 file, so nothing could read it.
inline constexpr std::uint64_t kKeyFileScryptN = std::uint64_t{1} << 14;
// Shortest passphrase keygen accepts.
inline constexpr std::size_t kMinPassphraseBytes = 12;

class PrivateKey {
 public:
  // A fresh P-256 key from OpenSSL's default random generator.
  static PrivateKey generate_p256();

  // Opens an encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY"). Throws
  //   Error::invalid("key-file", "key", ...) when the text is not such a PEM;
  //   Error::invalid("key-passphrase", "passphrase", ...) when the passphrase does not open it;
  //   Error::invalid("key-type", "key", ...) when the key is not P-256.
  // Unencrypted keys are refused (Error::invalid("key-unencrypted", "key", ...)).
  static PrivateKey from_encrypted_pem(std::string_view pem, std::string_view passphrase);

  // Opens a key on a PKCS#11 token by its RFC 7512 URI ("pkcs11:token=...;object=...;type=private")
  // through OpenSSL's store API and the pkcs11 provider (loaded on first use, with the default
  // provider beside it; the module comes from the provider's configuration or
  // PKCS11_PROVIDER_MODULE). `pin` is the token's user PIN (may be empty if the URI carries
  // pin-value). Throws Error::invalid("key-uri", "key", ...) when nothing can be loaded (no such
  // token or key, a wrong PIN), and "key-type" as above. A PKCS#11 login lasts as long as the
  // process: once a token is open, later calls for its keys succeed whatever `pin` says.
  static PrivateKey from_uri(std::string_view uri, std::string_view pin);

  // The key as encrypted PKCS#8 PEM (PBES2, scrypt with kKeyFileScryptN, AES-256-CBC). Throws
  // Error::invalid("passphrase-too-short", "passphrase", ...) below kMinPassphraseBytes.
  std::string to_encrypted_pem(std::string_view passphrase) const;

  // SHA-256 of the public key's SubjectPublicKeyInfo DER (the custodian's key id).
  Digest key_id() const;

  EVP_PKEY* get() const noexcept { return key_.get(); }

  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  ~PrivateKey();

 private:
  struct Deleter {
    void operator()(EVP_PKEY* key) const noexcept;
  };
  explicit PrivateKey(EVP_PKEY* key) noexcept : key_(key) {}
  std::unique_ptr<EVP_PKEY, Deleter> key_;
};

class Certificate {
 public:
  // Parses one certificate, PEM ("CERTIFICATE") or DER. Throws Error::invalid("certificate",
  // "certificate", ...) when it is neither, and Error::invalid("key-type", "certificate", ...) when
  // its key is not P-256.
  static Certificate parse(std::string_view pem_or_der);

  // A self-signed certificate for `key`, valid from `not_before` for `days` days, with a random
  // 128-bit serial, basicConstraints CA:FALSE, keyUsage digitalSignature + nonRepudiation, and a
  // subjectKeyIdentifier. Signed ECDSA with SHA-256.
  static Certificate self_signed(const PrivateKey& key, const CertificateSubject& subject,
                                 Date not_before, int days);

  std::string to_pem() const;
  std::string to_der() const;

  // SHA-256 of the public key's SubjectPublicKeyInfo DER; equals PrivateKey::key_id() of its key.
  Digest key_id() const;
  // SHA-256 of the whole certificate DER (what `openssl x509 -fingerprint -sha256` prints).
  Digest fingerprint() const;
  // The subject, RFC 2253 form (e.g. "CN=Wang Fang,OU=manager,O=Sunrise PM,C=CN"), UTF-8 as is.
  std::string subject_text() const;
  // The subject's common name, organization and organizational unit.
  CertificateSubject subject() const;
  // Validity, as dates (UTC).
  Date not_before() const;
  Date not_after() const;

  X509* get() const noexcept { return cert_.get(); }

  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept = default;
  Certificate& operator=(Certificate&&) noexcept = default;
  ~Certificate();

 private:
  struct Deleter {
    void operator()(X509* cert) const noexcept;
  };
  explicit Certificate(X509* cert) noexcept : cert_(cert) {}
  std::unique_ptr<X509, Deleter> cert_;
};

// A PKCS#10 certificate request (PEM) for `key`, for estates whose custodian certificates are
// issued by a CA. Signed ECDSA with SHA-256.
std::string certificate_request_pem(const PrivateKey& key, const CertificateSubject& subject);

}  // namespace trustfund::crypto
