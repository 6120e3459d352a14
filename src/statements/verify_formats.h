// The published formats as `trustfund verify` reads them (verify.h gives them): manifest.json of
// a month or a view, custodians.json, the members of statement.json the checks compare, a
// resident proof and its leaf, and custodians.pem. Each parser checks the shape and throws Bad
// (verify_check.h) saying what is wrong; what the files say of each other is for the checks.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trustfund/crypto/custodian_key.h"
#include "trustfund/crypto/sha256.h"

namespace trustfund::statements::verifier {

inline constexpr std::string_view kManifestJson = "manifest.json";
inline constexpr std::string_view kManifestP7s = "manifest.p7s";
inline constexpr std::string_view kCustodiansPem = "custodians.pem";
inline constexpr std::string_view kCustodiansJson = "custodians.json";
inline constexpr std::string_view kStatementJson = "statement.json";

struct Manifest {
  std::int64_t custodian_set_version = 0;
  std::string estate;
  std::vector<std::pair<std::string, crypto::Digest>> files;
  std::vector<crypto::Digest> consistency_proof;
  crypto::Digest previous_root{};
  std::int64_t previous_tree_size = 0;
  crypto::Digest root{};
  std::int64_t tree_size = 0;
  std::string kind;
  std::string period;
  std::string previous_manifest_sha256;  // "" for the first statement
  std::int64_t leaf_count = 0;
  crypto::Digest residents_root{};
  std::vector<std::pair<std::string, crypto::Digest>> months;  // a view's: (month, manifest)

  bool view() const { return kind != "month"; }
};

struct Custodian {
  std::string role;
  std::string certificate_pem;
  crypto::Digest key_id{};
};

struct CustodianSet {
  std::string estate;
  std::int64_t version = 0;
  std::vector<Custodian> custodians;
};

// What the checks compare of statement.json.
struct StatementSummary {
  std::string estate;
  std::string period;
  std::string kind;
  std::int64_t units_published = 0;
};

struct ResidentProof {
  std::string estate;
  std::string leaf;
  std::int64_t leaf_count = 0;
  std::int64_t leaf_index = 0;
  std::string period;
  std::vector<crypto::Digest> proof;
  crypto::Digest root{};
};

// The content files a month's (or a view's) manifest names with their SHA-256.
std::vector<std::string> content_files(bool view);
// manifest.json, manifest.p7s and custodians.pem: the files no manifest names.
bool is_reserved_name(std::string_view name);

Manifest parse_manifest(const std::string& text);
CustodianSet parse_custodians(const std::string& text);     // canonical JSON
StatementSummary parse_statement(const std::string& text);  // canonical JSON
// `name`: the proof file's name, for a proof that is not JSON.
ResidentProof parse_proof(const std::string& text, const std::string& name);
// Checks that `text` is a leaf of the resident tree of `m`: canonical JSON of the leaf format of
// a month (or a view), for the manifest's estate and period. Returns the leaf's unit.
std::string check_leaf(const std::string& text, const Manifest& m);
std::vector<crypto::Certificate> parse_pem_bundle(const std::string& text);

}  // namespace trustfund::statements::verifier
