#include "trustfund/crypto/cms.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <climits>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/openssl_error.h"

namespace trustfund::crypto {
namespace {

struct CmsDeleter {
  void operator()(CMS_ContentInfo* cms) const noexcept { CMS_ContentInfo_free(cms); }
};
using Cms = std::unique_ptr<CMS_ContentInfo, CmsDeleter>;
struct BioDeleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

// What cms_sign and cms_cosign set besides their own flags: binary content (no MIME newline
// conversion), and no S/MIME capabilities attribute (the signed attributes are content type,
// message digest and signing time).
constexpr unsigned int kSignFlags = CMS_BINARY | CMS_NOSMIMECAP;

[[noreturn]] void throw_malformed(const std::string& message) {
  ERR_clear_error();
  throw Error::invalid("signature-malformed", "signature", message);
}

[[noreturn]] void throw_invalid(const std::string& message) {
  ERR_clear_error();
  throw Error::rule("signature-invalid", "signature", message);
}

// A read-only BIO over `bytes`, which must outlive it.
Bio read_bio(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw Error::invalid("content-too-large", "content", "the document is too large to sign");
  }
  Bio bio(BIO_new_mem_buf(bytes.empty() ? "" : bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) {
    throw_openssl_error("memory BIO allocation");
  }
  return bio;
}

std::string to_der(CMS_ContentInfo* cms) {
  const int length = i2d_CMS_ContentInfo(cms, nullptr);
  if (length <= 0) {
    throw_openssl_error("CMS encoding");
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_CMS_ContentInfo(cms, &out) != length) {
    throw_openssl_error("CMS encoding");
  }
  return der;
}

std::string certificate_der(X509* cert) {
  const int length = i2d_X509(cert, nullptr);
  if (length <= 0) {
    throw_openssl_error("certificate DER encoding");
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509(cert, &out) != length) {
    throw_openssl_error("certificate DER encoding");
  }
  return der;
}

// Parses `der` as a detached SignedData over id-data with 1..kMaxCmsSigners SignerInfos, each
// matched with its certificate from the SignedData.
Cms parse_detached(std::string_view der) {
  if (der.size() > kMaxCmsBytes) {
    throw Error::invalid("signature-too-large", "signature",
                         "a signature file has at most " + std::to_string(kMaxCmsBytes) + " bytes");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Cms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  if (!cms) {
    throw_malformed("not a CMS signature file (DER)");
  }
  if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    throw_malformed("bytes follow the CMS structure");
  }
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    throw_malformed("not a CMS SignedData");
  }
  if (CMS_is_detached(cms.get()) != 1) {
    throw_malformed(
        "the signature file carries the signed content inside it; a detached signature is "
        "expected");
  }
  if (OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_pkcs7_data) {
    throw_malformed("the signed content is not of type id-data");
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  const int count = infos == nullptr ? 0 : sk_CMS_SignerInfo_num(infos);
  if (count <= 0) {
    throw_malformed("the signature file has no signature");
  }
  if (static_cast<std::size_t>(count) > kMaxCmsSigners) {
    throw_malformed("the signature file has more than " + std::to_string(kMaxCmsSigners) +
                    " signatures");
  }
  if (CMS_set1_signers_certs(cms.get(), nullptr, 0) < 0) {
    throw_malformed("the signers' certificates cannot be matched");
  }
  for (int i = 0; i < count; ++i) {
    X509* signer = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(infos, i), nullptr, &signer, nullptr, nullptr);
    if (signer == nullptr) {
      throw_malformed("signature " + std::to_string(i + 1) +
                      " names a certificate the file does not carry");
    }
  }
  ERR_clear_error();
  return cms;
}

std::string signing_time(CMS_SignerInfo* si, int index) {
  const std::string which = "signature " + std::to_string(index + 1);
  const int at = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (at < 0) {
    throw_malformed(which + " has no signing time");
  }
  if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, at) >= 0) {
    throw_malformed(which + " has two signing times");
  }
  X509_ATTRIBUTE* attr = CMS_signed_get_attr(si, at);
  ASN1_TYPE* value = attr == nullptr ? nullptr : X509_ATTRIBUTE_get0_type(attr, 0);
  if (value == nullptr || X509_ATTRIBUTE_count(attr) != 1 ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    throw_malformed(which + " has a malformed signing time");
  }
  std::tm tm{};
  // UTCTime and GeneralizedTime are both ASN1_TIME.
  if (ASN1_TIME_to_tm(value->value.utctime, &tm) != 1) {
    throw_malformed(which + " has a malformed signing time");
  }
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    throw_malformed(which + " has a malformed signing time");
  }
  return text;
}

// Checks every SignerInfo of the parsed `cms` over `content` and returns the signers.
std::vector<CmsSigner> verify_parsed(CMS_ContentInfo* cms, std::string_view content) {
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
  const int count = sk_CMS_SignerInfo_num(infos);
  // First the rules CMS_verify does not enforce: signed attributes, SHA-256, ECDSA P-256.
  for (int i = 0; i < count; ++i) {
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, i);
    const std::string which = "signature " + std::to_string(i + 1);
    if (CMS_signed_get_attr_count(si) <= 0) {
      throw_malformed(which + " has no signed attributes");
    }
    X509_ALGOR* digest = nullptr;
    X509_ALGOR* signature = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, &signature);
    const ASN1_OBJECT* digest_oid = nullptr;
    const ASN1_OBJECT* signature_oid = nullptr;
    X509_ALGOR_get0(&digest_oid, nullptr, nullptr, digest);
    X509_ALGOR_get0(&signature_oid, nullptr, nullptr, signature);
    if (OBJ_obj2nid(digest_oid) != NID_sha256) {
      throw_invalid(which + " does not use SHA-256");
    }
    // RFC 5753 allows the bare key algorithm in place of ecdsa-with-SHA256.
    const int signature_nid = OBJ_obj2nid(signature_oid);
    if (signature_nid != NID_ecdsa_with_SHA256 && signature_nid != NID_X9_62_id_ecPublicKey) {
      throw_invalid(which + " is not an ECDSA signature with SHA-256");
    }
  }
  // Then every signature over its signed attributes, and every message digest over the content.
  const Bio data = read_bio(content);
  if (CMS_verify(cms, nullptr, nullptr, data.get(), nullptr,
                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    throw_invalid(
        "the signature does not verify: the document was changed, or the signature was made over "
        "another document");
  }
  ERR_clear_error();

  std::vector<CmsSigner> signers;
  signers.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, i);
    X509* cert = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, &cert, nullptr, nullptr);
    std::optional<Certificate> certificate;
    try {
      certificate.emplace(Certificate::parse(certificate_der(cert)));
    } catch (const Error& e) {
      if (e.type() == "key-type") {
        throw_invalid("signature " + std::to_string(i + 1) + " is not by an ECDSA P-256 key");
      }
      throw_malformed("signature " + std::to_string(i + 1) + ": " + e.what());
    }
    for (const CmsSigner& earlier : signers) {
      if (earlier.certificate.key_id() == certificate->key_id()) {
        throw Error::rule("signature-duplicate-signer", "signature",
                          "the key " + to_hex(certificate->key_id()) + " signed twice");
      }
    }
    signers.push_back({std::move(*certificate), signing_time(si, i)});
  }
  return signers;
}

// A freshly made signature file is checked before it is handed out: a token that signed with
// another key than the certificate's, or a re-encoding that broke an earlier signature, is caught
// here rather than by the next custodian.
void self_check(const std::string& der, std::string_view content, std::size_t signers) {
  try {
    if (cms_verify(der, content).size() != signers) {
      throw Error::rule("signature-invalid", "signature", "wrong number of signers");
    }
  } catch (const Error& e) {
    throw Error::rule("signature-invalid", "signature",
                      std::string("the new signature file does not verify: ") + e.what());
  }
}

void require_matching(const PrivateKey& key, const Certificate& certificate) {
  if (key.key_id() != certificate.key_id()) {
    throw Error::invalid("key-mismatch", "key", "the key is not the key of the certificate");
  }
}

}  // namespace

std::string cms_sign(std::string_view content, const PrivateKey& key,
                     const Certificate& certificate) {
  require_matching(key, certificate);
  const Bio data = read_bio(content);
  const Cms cms(
      CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_DETACHED | CMS_PARTIAL | kSignFlags));
  if (!cms) {
    throw_openssl_error("CMS SignedData");
  }
  if (CMS_add1_signer(cms.get(), certificate.get(), key.get(), EVP_sha256(), kSignFlags) ==
      nullptr) {
    throw_openssl_error("CMS signer");
  }
  if (CMS_final(cms.get(), data.get(), nullptr, CMS_DETACHED | kSignFlags) != 1) {
    throw_openssl_error("CMS signature");
  }
  std::string der = to_der(cms.get());
  self_check(der, content, 1);
  return der;
}

std::string cms_cosign(std::string_view cms_der, std::string_view content, const PrivateKey& key,
                       const Certificate& certificate) {
  require_matching(key, certificate);
  const std::vector<CmsSigner> signers = cms_verify(cms_der, content);
  for (const CmsSigner& signer : signers) {
    if (signer.certificate.key_id() == key.key_id()) {
      throw Error::rule("signature-duplicate-signer", "signature",
                        "this key has signed the document already");
    }
  }
  if (signers.size() >= kMaxCmsSigners) {
    throw Error::rule("signature-too-many-signers", "signature",
                      "the document has " + std::to_string(signers.size()) +
                          " signatures already, the most a signature file may have");
  }
  const Cms cms = parse_detached(cms_der);
  // As `openssl cms -resign`: the new SignerInfo copies the messageDigest attribute of an
  // existing SHA-256 SignerInfo (verified above) and is signed at once; no CMS_final.
  if (CMS_add1_signer(cms.get(), certificate.get(), key.get(), EVP_sha256(),
                      CMS_REUSE_DIGEST | kSignFlags) == nullptr) {
    throw_openssl_error("CMS co-signature");
  }
  std::string der = to_der(cms.get());
  if (der.size() > kMaxCmsBytes) {
    throw Error::invalid(
        "signature-too-large", "signature",
        "the co-signed file would exceed " + std::to_string(kMaxCmsBytes) + " bytes");
  }
  self_check(der, content, signers.size() + 1);
  return der;
}

std::vector<CmsSigner> cms_verify(std::string_view cms_der, std::string_view content) {
  const Cms cms = parse_detached(cms_der);
  return verify_parsed(cms.get(), content);
}

}  // namespace trustfund::crypto
