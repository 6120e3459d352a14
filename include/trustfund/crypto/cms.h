// Detached CMS signatures (RFC 5652 SignedData, DER): how custodians sign disbursement orders,
// statement manifests and custodian set changes.
//
// Every SignerInfo is ECDSA P-256 over SHA-256 with signed attributes (content type, message
// digest, signing time) and the signer's certificate included in the SignedData, so that
//   openssl cms -verify -binary -inform DER -in X.p7s -content X -CAfile custodians.pem -purpose
//   any
// accepts the file. A second custodian co-signs by adding a SignerInfo over the same digest
// (CMS_add1_signer with CMS_REUSE_DIGEST), after checking every signature already there and that
// the content's hash is the one signed.
//
// These functions check signatures only; they do not decide whose signature counts. OpenSSL
// accepts a file with one signer, or with signers nobody trusts: the caller (escrow, statements,
// `trustfund verify`) must compare the signers' key ids with the custodian set in force.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trustfund/crypto/custodian_key.h"

namespace trustfund::crypto {

// Largest CMS accepted (Error::invalid("signature-too-large", "signature", ...) beyond).
inline constexpr std::size_t kMaxCmsBytes = 64 * 1024;
// Most SignerInfos accepted in one SignedData.
inline constexpr std::size_t kMaxCmsSigners = 8;

// One verified SignerInfo.
struct CmsSigner {
  Certificate certificate;   // the signer's certificate, as carried in the SignedData
  std::string signing_time;  // the signingTime attribute, "2026-10-05T08:30:00Z"
};

// Signs `content` as custodian `certificate` with `key` (the certificate's key; else
// Error::invalid("key-mismatch", "key", ...)). Returns the DER of a SignedData with one SignerInfo
// and no encapsulated content.
std::string cms_sign(std::string_view content, const PrivateKey& key,
                     const Certificate& certificate);

// Verifies `cms_der` over `content` (as cms_verify), then adds a SignerInfo by `key` and
// `certificate` reusing the message digest, and returns the new DER. Throws
// Error::rule("signature-duplicate-signer", "signature", ...) if that key has signed already, and
// Error::rule("signature-too-many-signers", "signature", ...) if kMaxCmsSigners have signed.
std::string cms_cosign(std::string_view cms_der, std::string_view content, const PrivateKey& key,
                       const Certificate& certificate);

// Verifies every SignerInfo of the detached SignedData `cms_der` over `content`: the message
// digest attribute equals SHA-256(content), each signature verifies with the public key of the
// certificate it names (carried in the SignedData), each uses SHA-256 and ECDSA P-256. Returns the
// signers in the order of their SignerInfos (a DER SET, sorted by encoding when written: not the
// order of signing; signing_time tells that). Certificate chains and validity are not checked
// here. Throws
//   Error::invalid("signature-malformed", "signature", ...): not DER SignedData, encapsulated
//     content present, no SignerInfo, more than kMaxCmsSigners, a signer certificate missing;
//   Error::invalid("signature-too-large", "signature", ...);
//   Error::rule("signature-invalid", "signature", ...): a digest or signature does not verify
//     (the content was changed, or the signature was made over something else), or a SignerInfo
//     does not use SHA-256 and ECDSA P-256;
//   Error::rule("signature-duplicate-signer", "signature", ...): two SignerInfos by one key.
std::vector<CmsSigner> cms_verify(std::string_view cms_der, std::string_view content);

}  // namespace trustfund::crypto
