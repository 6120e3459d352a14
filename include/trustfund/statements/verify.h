// Checking a published statement directory with no server and no database: what
// `trustfund verify DIR [--previous DIR] [--proof FILE] [--month DIR]...` runs
// (docs/statements.md, "Checking a statement" and "Views").
//
// The directory holds statement.json, statement.html, entries.csv, custodians.json (the four
// content files, each named with its SHA-256 by the manifest), manifest.json, manifest.p7s (the
// custodians' detached CMS signatures over manifest.json) and custodians.pem (the certificates, for
// `openssl cms -verify -CAfile`). A view (a quarter, half or year; manifest format
// trustfund-view-manifest/1) has no entries.csv: its months have them.
//
// custodians.json, canonical JSON (RFC 8785):
//   {"custodians":[{"certificate":"-----BEGIN CERTIFICATE-----\n...","key_id":"<hex>",
//                   "role":"owners_committee"}, ...],
//    "estate":"sunrise-garden","format":"trustfund-custodians/1","version":1}
// key_id is the lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo; role is
// owners_committee, manager or supervisor; exactly one owners_committee and one manager, at most
// one supervisor, no key twice; version is a positive integer.
//
// A resident proof file (what an owner downloads; JSON, not necessarily canonical):
//   {"estate":"...","format":"trustfund-resident-proof/1","leaf":"<the leaf's canonical JSON>",
//    "leaf_count":1200,"leaf_index":17,"period":"2026-10","proof":["<hex>",...],"root":"<hex>"}
//
// verify_statement never throws for missing, malformed or tampered input: every problem is a
// failed VerifyCheck whose detail says what is wrong. A check that cannot be made because what it
// needs is missing or unreadable is failed too, its detail starting "not checked:". A file in the
// directory that the manifest does not name (other than manifest.json, manifest.p7s and
// custodians.pem) is not covered by the signatures: it is reported in the detail of a passing
// check ("no files beyond the signed ones") and otherwise ignored.
//
// Thread-safety: verify_statement is thread-safe (it only reads the files it is given).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trustfund::statements {

// Format names a verifier accepts.
inline constexpr const char* kManifestFormat = "trustfund-statement-manifest/1";
// A view's manifest: a month's members and `months`, the SHA-256 of each month's manifest.
inline constexpr const char* kViewManifestFormat = "trustfund-view-manifest/1";
inline constexpr const char* kStatementFormat = "trustfund-statement/1";
inline constexpr const char* kCustodiansFormat = "trustfund-custodians/1";
inline constexpr const char* kResidentProofFormat = "trustfund-resident-proof/1";
inline constexpr const char* kResidentLeafFormat = "trustfund-resident-leaf/1";
// A view's leaf: a month's members and the unit's arrears and prepayment at the period's end.
inline constexpr const char* kResidentViewLeafFormat = "trustfund-resident-view-leaf/1";

// Largest content file hashed (entries.csv of a big estate's year is far below this).
inline constexpr std::uintmax_t kMaxStatementFileBytes = std::uintmax_t{1} << 30;

// One check: a short name (stable, e.g. "manifest.p7s signatures verify over manifest.json"),
// whether it passed, and why not (or, for a passing check, an optional note).
struct VerifyCheck {
  std::string what;
  bool ok = false;
  std::string detail;
};

struct VerifyOptions {
  std::filesystem::path dir;                          // the statement directory
  std::optional<std::filesystem::path> previous_dir;  // the previous statement's directory
  std::optional<std::filesystem::path> proof_file;    // a resident proof file
  // A view's months: the directories of the monthly statements it names (any order).
  std::vector<std::filesystem::path> month_dirs = {};
};

// Runs every check, in order:
//   files present; manifest.json is canonical JSON; manifest names a known format (and its
//   members are well formed); each file's SHA-256 equals the manifest's (one check per file,
//   named after it); no files beyond the signed ones (passes, noting any); statement.json is
//   canonical and names the manifest's estate, period and kind, with units_published equal to
//   residents.leaf_count; custodians.json is a custodian set for the estate; its version is the
//   manifest's custodian_set_version; each certificate's key id is the key_id given; custodians.pem
//   holds the certificates of custodians.json; manifest.p7s verifies over manifest.json; the
//   signers are exactly the owners_committee and the manager custodians; the journal consistency
//   proof verifies from previous_tree_size/previous_root to tree_size/root.
//   With previous_dir: the previous statement's own checks (named "previous: ..."; not its own
//   previous), the same estate and an earlier period, previous_manifest_sha256 is the SHA-256 of
//   the previous manifest.json, previous_tree_size/previous_root are the previous manifest's
//   journal tree_size/root, and the custodian set version is the previous one's or later.
//   With proof_file: the proof file is well formed, for this estate and period; its leaf_count is
//   the manifest's residents.leaf_count and statement.json's units_published; its root is the
//   manifest's residents.root; the leaf is canonical JSON of format trustfund-resident-leaf/1 for
//   this estate and period; the inclusion proof verifies.
std::vector<VerifyCheck> verify_statement(const VerifyOptions& options);

}  // namespace trustfund::statements
