// Custodian sets: who holds the two keys of an estate's trust accounts.
//
// A set has one custodian for the owners' committee and one for the manager (the trustee), each
// known by an X.509 certificate of an ECDSA P-256 key that only the custodian holds, and may have a
// supervisor, who may attest or object but never approve. Sets are numbered 1, 2, 3, ...: the first
// is registered with the estate; every later set is a change document (canonical JSON naming the
// new custodians) signed by the outgoing committee and manager custodians, kept with the set.
//
// Writes are audited writes (ledger/audited_write.h), logged as "register_custodians" (target
// custodians:1) and "change_custodians" (custodians).
//
// Thread-safety: like Books, one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/crypto/custodian_key.h"
#include "trustfund/ledger/actor.h"
#include "trustfund/ledger/books.h"

namespace trustfund::escrow {

enum class CustodianRole { owners_committee, manager, supervisor };
const char* to_string(CustodianRole role) noexcept;  // "owners_committee", ...
// Error::invalid("custodian-role", field) for other text.
CustodianRole parse_custodian_role(std::string_view text, std::string_view field = "role");

struct Custodian {
  CustodianRole role = CustodianRole::owners_committee;
  crypto::Certificate certificate;
  std::string key_id_hex;  // SHA-256 of the certificate's public key, hex
  std::string subject;     // RFC 2253
};

struct CustodianSet {
  std::int64_t version = 0;
  std::string effective_at;           // UTC timestamp
  std::vector<Custodian> custodians;  // committee, manager, then supervisor if any
  std::string change_document;        // empty for version 1
  std::string registered_by;

  // The custodian with `role`, or nullptr.
  const Custodian* find(CustodianRole role) const;
  // The custodian whose key id is `key_id_hex`, or nullptr.
  const Custodian* find_key(std::string_view key_id_hex) const;
};

// A custodian named for a new set: role and certificate (PEM or DER).
struct CustodianInput {
  CustodianRole role = CustodianRole::owners_committee;
  std::string certificate;
};

// Registers the estate's first custodian set. Exactly one owners_committee and one manager, at
// most one supervisor, three distinct keys, P-256 certificates valid today; a certificate whose
// OU names a role must name this one. Error::conflict("custodians-registered") if a set exists.
CustodianSet register_custodians(ledger::Books& books,
                                 const std::vector<CustodianInput>& custodians,
                                 const ledger::Actor& actor);

// The set in force; Error::not_found("custodians-unregistered") if none was registered.
CustodianSet current_custodians(ledger::Books& books);
// Set `version`; Error::not_found("custodian-set-unknown").
CustodianSet custodian_set(ledger::Books& books, std::int64_t version);
// Every set, oldest first.
std::vector<CustodianSet> custodian_history(ledger::Books& books);

// The canonical bytes (RFC 8785) the outgoing custodians sign to replace the set in force with
// `custodians`: {"custodians":[{"certificate_sha256","key_id","role"}...],"estate","format":
// "trustfund-custodian-change/1","from_version","reason","to_version"}. Checks the new set as
// register_custodians does. `reason`: 1-500 bytes.
std::string custodian_change_document(ledger::Books& books,
                                      const std::vector<CustodianInput>& custodians,
                                      const std::string& reason);

// Replaces the set in force: `signature` (CMS DER) must carry the outgoing committee's and
// manager's signatures over custodian_change_document(books, custodians, reason).
CustodianSet change_custodians(ledger::Books& books, const std::vector<CustodianInput>& custodians,
                               const std::string& reason, std::string_view signature,
                               const ledger::Actor& actor);

// What a CMS signature says, judged against a custodian set.
struct SignatureReview {
  struct Signer {
    CustodianRole role = CustodianRole::owners_committee;
    std::string key_id_hex;
    std::string subject;
    std::string signing_time;
  };
  std::vector<Signer> signers;  // in SignerInfo order, each a custodian of the set
  bool committee = false;       // the owners' committee custodian signed
  bool manager = false;         // the manager's custodian signed
  bool approved() const noexcept { return committee && manager; }
};

// Verifies `cms_der` over `content` (crypto::cms_verify) and that every signer is a custodian of
// `set` able to approve. Throws what cms_verify throws, and Error::rule with field "signature":
//   "signature-revoked-custodian": a signer's key belonged to an earlier set, not this one;
//   "signature-unknown-signer": a signer's key is no custodian's;
//   "signature-supervisor": a supervisor signed (a supervisor attests, never approves);
//   "signature-same-custodian": one custodian's key appears twice (cms_verify already refuses a
//     file signed twice by one key, as "signature-duplicate-signer"; this stays as a second check).
SignatureReview review_signature(ledger::Books& books, const CustodianSet& set,
                                 std::string_view cms_der, std::string_view content);

// The signers of a review as JSON ([{role, key_id, subject, signing_time}], canonical), and
// back, for storing a review next to the signature it came from.
std::string signers_to_json(const SignatureReview& review);
SignatureReview signers_from_json(std::string_view json);

// A new signature file replaces the one in force only if it keeps every earlier signer (the
// second custodian co-signs the first one's file). Error::rule("signature-drops-signer").
void require_keeps_signers(const SignatureReview& earlier, const SignatureReview& now);

}  // namespace trustfund::escrow
