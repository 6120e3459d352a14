#include "trustfund/crypto/custodian_key.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>
#include <utility>

#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/openssl_error.h"
#include "trustfund/crypto/random.h"

namespace trustfund::crypto {
namespace {

// Largest key file or certificate text read (real ones are well under 2 KiB).
constexpr std::size_t kMaxPemBytes = 64 * 1024;
// Longest passphrase or PIN handed to OpenSSL.
constexpr std::size_t kMaxSecretBytes = 1024;
constexpr int kScryptR = 8;
constexpr int kScryptP = 1;
constexpr std::int64_t kSecondsPerDay = 24 * 3600;
// Most certificates a custodian may ask for at once: 20 years.
constexpr int kMaxCertificateDays = 20 * 366;

struct BioDeleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct X509Deleter {
  void operator()(X509* cert) const noexcept { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
struct ReqDeleter {
  void operator()(X509_REQ* req) const noexcept { X509_REQ_free(req); }
};
struct SigDeleter {
  void operator()(X509_SIG* sig) const noexcept { X509_SIG_free(sig); }
};
struct P8Deleter {
  void operator()(PKCS8_PRIV_KEY_INFO* p8) const noexcept { PKCS8_PRIV_KEY_INFO_free(p8); }
};
using P8 = std::unique_ptr<PKCS8_PRIV_KEY_INFO, P8Deleter>;
struct AlgorDeleter {
  void operator()(X509_ALGOR* algor) const noexcept { X509_ALGOR_free(algor); }
};
struct ExtensionDeleter {
  void operator()(X509_EXTENSION* ext) const noexcept { X509_EXTENSION_free(ext); }
};
struct StoreDeleter {
  void operator()(OSSL_STORE_CTX* store) const noexcept { OSSL_STORE_close(store); }
};
struct StoreInfoDeleter {
  void operator()(OSSL_STORE_INFO* info) const noexcept { OSSL_STORE_INFO_free(info); }
};
struct UiMethodDeleter {
  void operator()(UI_METHOD* method) const noexcept { UI_destroy_method(method); }
};
struct NameDeleter {
  void operator()(X509_NAME* name) const noexcept { X509_NAME_free(name); }
};

// The first error OpenSSL queued, as text for a message (empty if none); the queue is emptied.
std::string openssl_reason() {
  std::string reason;
  if (const unsigned long first = ERR_peek_error(); first != 0) {
    char text[256];
    ERR_error_string_n(first, text, sizeof text);
    reason = text;
  }
  ERR_clear_error();
  return reason;
}

Bio memory_bio() {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) {
    throw_openssl_error("memory BIO allocation");
  }
  return bio;
}

// A read-only BIO over `bytes`, which must outlive it.
Bio read_bio(std::string_view bytes) {
  Bio bio(BIO_new_mem_buf(bytes.empty() ? "" : bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) {
    throw_openssl_error("memory BIO allocation");
  }
  return bio;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length < 0) {
    throw_openssl_error("memory BIO read");
  }
  return {data, static_cast<std::size_t>(length)};
}

// The DER SubjectPublicKeyInfo of `key` (which may live in the pkcs11 provider).
std::string spki_der(EVP_PKEY* key) {
  const int length = i2d_PUBKEY(key, nullptr);
  if (length <= 0) {
    throw_openssl_error("public key encoding");
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_PUBKEY(key, &out) != length) {
    throw_openssl_error("public key encoding");
  }
  return der;
}

// Whether the SubjectPublicKeyInfo `der` is an EC key on the named curve P-256. Decoding it again
// with the default provider answers the same way for a file key and for a token's key.
bool is_p256_spki(std::string_view der) {
  const auto* in = reinterpret_cast<const unsigned char*>(der.data());
  const Pkey key(d2i_PUBKEY(nullptr, &in, static_cast<long>(der.size())));
  if (!key || EVP_PKEY_is_a(key.get(), "EC") != 1) {
    ERR_clear_error();
    return false;
  }
  char group[64] = {};
  char encoding[32] = {};
  const bool p256 = EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group,
                                                   sizeof group, nullptr) == 1 &&
                    std::strcmp(group, SN_X9_62_prime256v1) == 0;
  // An explicitly spelled-out curve is refused even if it is P-256: only the named curve is used.
  const bool named = EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_EC_ENCODING,
                                                    encoding, sizeof encoding, nullptr) != 1 ||
                     std::strcmp(encoding, OSSL_PKEY_EC_ENCODING_GROUP) == 0;
  ERR_clear_error();
  return p256 && named;
}

void require_p256(EVP_PKEY* key, const char* field) {
  if (!is_p256_spki(spki_der(key))) {
    throw Error::invalid("key-type", field, "the key is not an ECDSA P-256 key");
  }
}

// The UI method through which the pkcs11 provider asks for the PIN: it answers every prompt with
// the std::string_view passed as the UI's user data, and never falls back to the terminal.
int pin_reader(UI* ui, UI_STRING* uis) {
  switch (UI_get_string_type(uis)) {
    case UIT_PROMPT:
    case UIT_VERIFY: {
      const auto* pin = static_cast<const std::string_view*>(UI_get0_user_data(ui));
      if (pin == nullptr) {
        return 0;
      }
      return UI_set_result_ex(ui, uis, pin->empty() ? "" : pin->data(),
                              static_cast<int>(pin->size())) >= 0
                 ? 1
                 : 0;
    }
    default:
      return 1;
  }
}

const char* secret_pointer(std::string_view secret) {
  return secret.empty() ? "" : secret.data();
}

// The pkcs11 provider and the default provider beside it, loaded once per process and kept: the
// keys they hand out refer to them. Explicitly loading one provider turns off the implicit
// default provider, hence both.
const std::string& pkcs11_provider_error() {
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    if (OSSL_PROVIDER_load(nullptr, "default") == nullptr) {
      error = "the OpenSSL default provider does not load: " + openssl_reason();
      return;
    }
    if (OSSL_PROVIDER_load(nullptr, "pkcs11") == nullptr) {
      error = "the OpenSSL pkcs11 provider does not load (is pkcs11-provider installed?): " +
              openssl_reason();
    }
  });
  return error;
}

// `uri` with any pin-value left out, for messages.
std::string redacted_uri(std::string_view uri) {
  std::string out(uri);
  const std::size_t at = out.find("pin-value=");
  if (at != std::string::npos) {
    std::size_t end = out.find_first_of(";&", at);
    out.replace(at, (end == std::string::npos ? out.size() : end) - at, "pin-value=...");
  }
  return out;
}

void check_subject_text(const std::string& text, const char* field, const char* what) {
  if (text.empty() || text.size() > 64) {
    throw Error::invalid("certificate-subject", field,
                         std::string(what) + " must have 1 to 64 bytes");
  }
  if (find_invalid_utf8(text) != std::string_view::npos) {
    throw Error::invalid("certificate-subject", field, std::string(what) + " is not valid UTF-8");
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw Error::invalid("certificate-subject", field,
                           std::string(what) + " contains a control character");
    }
  }
}

void check_subject(const CertificateSubject& subject) {
  check_subject_text(subject.common_name, "name", "the name");
  check_subject_text(subject.organization, "organization", "the organization");
  if (subject.organizational_unit != "owners_committee" &&
      subject.organizational_unit != "manager" && subject.organizational_unit != "supervisor") {
    throw Error::invalid("certificate-subject", "role",
                         "the role must be owners_committee, manager or supervisor");
  }
  if (subject.country.size() != 2 || subject.country[0] < 'A' || subject.country[0] > 'Z' ||
      subject.country[1] < 'A' || subject.country[1] > 'Z') {
    throw Error::invalid("certificate-subject", "country",
                         "the country must be two capital letters, e.g. CN");
  }
}

std::unique_ptr<X509_NAME, NameDeleter> make_name(const CertificateSubject& subject) {
  std::unique_ptr<X509_NAME, NameDeleter> name(X509_NAME_new());
  if (!name) {
    throw_openssl_error("certificate name allocation");
  }
  const auto add = [&](const char* field, int type, const std::string& value) {
    if (X509_NAME_add_entry_by_txt(name.get(), field, type,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      throw_openssl_error(std::string("certificate name ") + field, ErrorKind::invalid_input);
    }
  };
  add("C", MBSTRING_ASC, subject.country);
  add("O", MBSTRING_UTF8, subject.organization);
  add("OU", MBSTRING_UTF8, subject.organizational_unit);
  add("CN", MBSTRING_UTF8, subject.common_name);
  return name;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  const std::unique_ptr<X509_EXTENSION, ExtensionDeleter> ext(
      X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    throw_openssl_error("certificate extension");
  }
}

void set_time(ASN1_TIME* field, std::int64_t unix_seconds) {
  if (ASN1_TIME_set(field, static_cast<time_t>(unix_seconds)) == nullptr) {
    throw_openssl_error("certificate validity");
  }
}

Date date_of(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    throw_openssl_error("certificate validity", ErrorKind::invalid_input);
  }
  return Date::from_ymd(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                        static_cast<unsigned>(tm.tm_mday));
}

std::string name_entry(const X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) {
    return {};
  }
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    throw_openssl_error("certificate name", ErrorKind::invalid_input);
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

}  // namespace

// --- PrivateKey ---------------------------------------------------------------------------------

void PrivateKey::Deleter::operator()(EVP_PKEY* key) const noexcept {
  EVP_PKEY_free(key);
}

PrivateKey::~PrivateKey() = default;

PrivateKey PrivateKey::generate_p256() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", SN_X9_62_prime256v1);
  if (key == nullptr) {
    throw_openssl_error("P-256 key generation");
  }
  return PrivateKey(key);
}

PrivateKey PrivateKey::from_encrypted_pem(std::string_view pem, std::string_view passphrase) {
  if (pem.size() > kMaxPemBytes) {
    throw Error::invalid("key-file", "key", "not a key file: it is too large");
  }
  if (passphrase.size() > kMaxSecretBytes) {
    throw Error::invalid("key-passphrase", "passphrase", "the passphrase does not open the key");
  }
  const Bio in = read_bio(pem);
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  if (PEM_read_bio(in.get(), &name, &header, &data, &length) != 1) {
    ERR_clear_error();
    throw Error::invalid("key-file", "key", "not a key file (no PEM block)");
  }
  const std::string label(name);
  const bool legacy_encrypted = header != nullptr && std::strstr(header, "ENCRYPTED") != nullptr;
  OPENSSL_free(name);
  OPENSSL_free(header);
  // An unencrypted key's bytes are secret: wipe them as they are freed.
  struct DataDeleter {
    long length;
    void operator()(unsigned char* p) const noexcept {
      OPENSSL_clear_free(p, static_cast<std::size_t>(length));
    }
  };
  const std::unique_ptr<unsigned char, DataDeleter> der(data, DataDeleter{length});

  if (label != PEM_STRING_PKCS8) {
    if ((label == PEM_STRING_PKCS8INF || label == PEM_STRING_ECPRIVATEKEY ||
         label == PEM_STRING_RSA || label == PEM_STRING_DSA) &&
        !legacy_encrypted) {
      throw Error::invalid("key-unencrypted", "key",
                           "the key file is not encrypted; only passphrase-protected PKCS#8 key "
                           "files are accepted");
    }
    throw Error::invalid(
        "key-file", "key",
        "not an encrypted PKCS#8 key file (\"" + label + "\"; expected \"ENCRYPTED PRIVATE KEY\")");
  }
  const unsigned char* p = der.get();
  const std::unique_ptr<X509_SIG, SigDeleter> sig(d2i_X509_SIG(nullptr, &p, length));
  if (!sig || p != der.get() + length) {
    ERR_clear_error();
    throw Error::invalid("key-file", "key", "the key file is damaged");
  }
  const P8 info(
      PKCS8_decrypt(sig.get(), secret_pointer(passphrase), static_cast<int>(passphrase.size())));
  if (!info) {
    ERR_clear_error();
    throw Error::invalid("key-passphrase", "passphrase", "the passphrase does not open the key");
  }
  Pkey key(EVP_PKCS82PKEY(info.get()));
  if (!key) {
    ERR_clear_error();
    throw Error::invalid("key-type", "key", "the key file holds a key of an unknown type");
  }
  require_p256(key.get(), "key");
  return PrivateKey(key.release());
}

PrivateKey PrivateKey::from_uri(std::string_view uri, std::string_view pin) {
  if (uri.rfind("pkcs11:", 0) != 0 || uri.size() > 2048 ||
      uri.find('\0') != std::string_view::npos) {
    throw Error::invalid("key-uri", "key",
                         "a token key is named by a pkcs11: URI, e.g. "
                         "pkcs11:token=tf;object=custodian;type=private");
  }
  if (pin.size() > kMaxSecretBytes) {
    throw Error::invalid("key-uri", "pin", "the PIN is too long");
  }
  if (const std::string& error = pkcs11_provider_error(); !error.empty()) {
    throw Error::invalid("key-uri", "key", error);
  }
  const std::unique_ptr<UI_METHOD, UiMethodDeleter> ui(UI_create_method("trustfund PIN"));
  if (!ui || UI_method_set_reader(ui.get(), pin_reader) != 0) {
    throw_openssl_error("PIN prompt setup");
  }
  const std::string uri_text(uri);
  const std::string shown = redacted_uri(uri);
  std::string_view pin_view = pin;
  const std::unique_ptr<OSSL_STORE_CTX, StoreDeleter> store(OSSL_STORE_open_ex(
      uri_text.c_str(), nullptr, nullptr, ui.get(), &pin_view, nullptr, nullptr, nullptr));
  if (!store) {
    throw Error::invalid("key-uri", "key", "cannot open " + shown + ": " + openssl_reason());
  }
  if (OSSL_STORE_expect(store.get(), OSSL_STORE_INFO_PKEY) != 1) {
    throw_openssl_error("key store");
  }
  Pkey found;
  // A store returns its objects one by one; a bound keeps a misbehaving one from looping.
  for (int i = 0; i < 256 && OSSL_STORE_eof(store.get()) == 0; ++i) {
    const std::unique_ptr<OSSL_STORE_INFO, StoreInfoDeleter> info(OSSL_STORE_load(store.get()));
    if (!info) {
      if (OSSL_STORE_error(store.get()) != 0) {
        break;
      }
      continue;
    }
    if (OSSL_STORE_INFO_get_type(info.get()) != OSSL_STORE_INFO_PKEY) {
      continue;
    }
    if (found) {
      throw Error::invalid("key-uri", "key",
                           shown + " names more than one private key; add object= or id=");
    }
    found.reset(OSSL_STORE_INFO_get1_PKEY(info.get()));
    if (!found) {
      throw_openssl_error("key store");
    }
  }
  if (!found) {
    std::string reason = openssl_reason();
    throw Error::invalid("key-uri", "key",
                         "no private key at " + shown +
                             " (no such token or object, or a wrong PIN)" +
                             (reason.empty() ? "" : ": " + reason));
  }
  ERR_clear_error();
  require_p256(found.get(), "key");
  return PrivateKey(found.release());
}

std::string PrivateKey::to_encrypted_pem(std::string_view passphrase) const {
  if (passphrase.size() < kMinPassphraseBytes) {
    throw Error::invalid(
        "passphrase-too-short", "passphrase",
        "a key file passphrase has at least " + std::to_string(kMinPassphraseBytes) + " bytes");
  }
  if (passphrase.size() > kMaxSecretBytes) {
    throw Error::invalid(
        "passphrase-too-long", "passphrase",
        "a key file passphrase has at most " + std::to_string(kMaxSecretBytes) + " bytes");
  }
  std::unique_ptr<X509_ALGOR, AlgorDeleter> pbe(PKCS5_pbe2_set_scrypt(
      EVP_aes_256_cbc(), nullptr, 0, nullptr, kKeyFileScryptN, kScryptR, kScryptP));
  if (!pbe) {
    throw_openssl_error("scrypt parameters");
  }
  const P8 info(EVP_PKEY2PKCS8(key_.get()));
  if (!info) {
    throw_openssl_error("private key export (a token key never leaves its token)");
  }
  const std::unique_ptr<X509_SIG, SigDeleter> sig(PKCS8_set0_pbe(
      secret_pointer(passphrase), static_cast<int>(passphrase.size()), info.get(), pbe.get()));
  if (!sig) {
    throw_openssl_error("key encryption");
  }
  pbe.release();  // now owned by sig
  const Bio out = memory_bio();
  if (PEM_write_bio_PKCS8(out.get(), sig.get()) != 1) {
    throw_openssl_error("key file encoding");
  }
  return bio_text(out.get());
}

Digest PrivateKey::key_id() const {
  return sha256(spki_der(key_.get()));
}

// --- Certificate --------------------------------------------------------------------------------

void Certificate::Deleter::operator()(X509* cert) const noexcept {
  X509_free(cert);
}

Certificate::~Certificate() = default;

Certificate::Certificate(const Certificate& other) : cert_(nullptr) {
  if (other.cert_) {
    if (X509_up_ref(other.cert_.get()) != 1) {
      throw_openssl_error("certificate copy");
    }
    cert_.reset(other.cert_.get());
  }
}

Certificate& Certificate::operator=(const Certificate& other) {
  if (this != &other) {
    Certificate copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Certificate Certificate::parse(std::string_view pem_or_der) {
  if (pem_or_der.empty() || pem_or_der.size() > kMaxPemBytes) {
    throw Error::invalid("certificate", "certificate", "not a certificate (empty or too large)");
  }
  X509Ptr cert;
  const std::size_t begin = pem_or_der.find("-----BEGIN");
  if (begin != std::string_view::npos) {
    if (pem_or_der.find("-----BEGIN", begin + 1) != std::string_view::npos) {
      throw Error::invalid("certificate", "certificate",
                           "more than one PEM block: give exactly one certificate");
    }
    const Bio in = read_bio(pem_or_der);
    cert.reset(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(pem_or_der.data());
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(pem_or_der.size())));
    if (cert &&
        p != reinterpret_cast<const unsigned char*>(pem_or_der.data()) + pem_or_der.size()) {
      cert.reset();
    }
  }
  if (!cert) {
    ERR_clear_error();
    throw Error::invalid("certificate", "certificate", "not an X.509 certificate (PEM or DER)");
  }
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  if (key == nullptr) {
    ERR_clear_error();
    throw Error::invalid("key-type", "certificate", "the certificate's key cannot be read");
  }
  require_p256(key, "certificate");
  return Certificate(cert.release());
}

Certificate Certificate::self_signed(const PrivateKey& key, const CertificateSubject& subject,
                                     Date not_before, int days) {
  check_subject(subject);
  if (days < 1 || days > kMaxCertificateDays) {
    throw Error::invalid(
        "certificate-days", "days",
        "a certificate is valid for 1 to " + std::to_string(kMaxCertificateDays) + " days");
  }
  X509Ptr cert(X509_new());
  if (!cert) {
    throw_openssl_error("certificate allocation");
  }
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    throw_openssl_error("certificate version");
  }
  // A positive 128-bit serial whose first byte is never zero, so its DER is always 16 bytes.
  std::uint8_t serial_bytes[16];
  random_bytes(serial_bytes);
  serial_bytes[0] = static_cast<std::uint8_t>((serial_bytes[0] & 0x7f) | 0x40);
  BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  if (serial == nullptr ||
      BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert.get())) == nullptr) {
    BN_free(serial);
    throw_openssl_error("certificate serial");
  }
  BN_free(serial);
  const std::int64_t start = not_before.days_since_epoch() * kSecondsPerDay;
  set_time(X509_getm_notBefore(cert.get()), start);
  set_time(X509_getm_notAfter(cert.get()), start + std::int64_t{days} * kSecondsPerDay);
  const auto name = make_name(subject);
  if (X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), name.get()) != 1) {
    throw_openssl_error("certificate name");
  }
  if (X509_set_pubkey(cert.get(), key.get()) != 1) {
    throw_openssl_error("certificate public key");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation");
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    throw_openssl_error("certificate signature");
  }
  return Certificate(cert.release());
}

std::string Certificate::to_pem() const {
  const Bio out = memory_bio();
  if (PEM_write_bio_X509(out.get(), cert_.get()) != 1) {
    throw_openssl_error("certificate PEM encoding");
  }
  return bio_text(out.get());
}

std::string Certificate::to_der() const {
  const int length = i2d_X509(cert_.get(), nullptr);
  if (length <= 0) {
    throw_openssl_error("certificate DER encoding");
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509(cert_.get(), &out) != length) {
    throw_openssl_error("certificate DER encoding");
  }
  return der;
}

Digest Certificate::key_id() const {
  const X509_PUBKEY* spki = X509_get_X509_PUBKEY(cert_.get());
  unsigned char* der = nullptr;
  const int length = i2d_X509_PUBKEY(spki, &der);
  if (length <= 0) {
    throw_openssl_error("certificate public key encoding");
  }
  const Digest id = sha256(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length)));
  OPENSSL_free(der);
  return id;
}

Digest Certificate::fingerprint() const {
  return sha256(to_der());
}

std::string Certificate::subject_text() const {
  const Bio out = memory_bio();
  // RFC 2253, but with UTF-8 written as is rather than as \XX escapes.
  constexpr unsigned long kFlags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
  if (X509_NAME_print_ex(out.get(), X509_get_subject_name(cert_.get()), 0, kFlags) < 0) {
    throw_openssl_error("certificate subject");
  }
  return bio_text(out.get());
}

CertificateSubject Certificate::subject() const {
  const X509_NAME* name = X509_get_subject_name(cert_.get());
  CertificateSubject s;
  s.common_name = name_entry(name, NID_commonName);
  s.organization = name_entry(name, NID_organizationName);
  s.organizational_unit = name_entry(name, NID_organizationalUnitName);
  s.country = name_entry(name, NID_countryName);
  return s;
}

Date Certificate::not_before() const {
  return date_of(X509_get0_notBefore(cert_.get()));
}

Date Certificate::not_after() const {
  return date_of(X509_get0_notAfter(cert_.get()));
}

std::string certificate_request_pem(const PrivateKey& key, const CertificateSubject& subject) {
  check_subject(subject);
  const std::unique_ptr<X509_REQ, ReqDeleter> req(X509_REQ_new());
  if (!req) {
    throw_openssl_error("certificate request allocation");
  }
  const auto name = make_name(subject);
  if (X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(req.get(), name.get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), key.get()) != 1) {
    throw_openssl_error("certificate request");
  }
  if (X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0) {
    throw_openssl_error("certificate request signature");
  }
  const Bio out = memory_bio();
  if (PEM_write_bio_X509_REQ(out.get(), req.get()) != 1) {
    throw_openssl_error("certificate request encoding");
  }
  return bio_text(out.get());
}

}  // namespace trustfund::crypto
