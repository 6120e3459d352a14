// A resident proof file against a statement; see verify_checks.h.
#include "trustfund/crypto/merkle.h"
#include "verify_checks.h"
#include "verify_files.h"

namespace trustfund::statements::verifier {

void check_proof(const DirectoryState& cur, const std::filesystem::path& proof_file,
                 std::vector<VerifyCheck>& out) {
  Checks checks(out, "");
  std::optional<ResidentProof> p;
  const std::string name = proof_file.filename().string();
  checks.run("resident proof file is well formed", [&]() -> std::string {
    p = parse_proof(read_file(proof_file, kMaxProofFileBytes), name);
    return "unit leaf " + std::to_string(p->leaf_index) + " of " + std::to_string(p->leaf_count);
  });
  const std::string for_what = "resident proof is for this estate and period";
  const std::string count_what =
      "resident proof's leaf_count is the manifest's and statement.json's units_published";
  const std::string root_what = "resident proof's root is the manifest's residents root";
  const std::string leaf_what = "resident leaf is canonical JSON for this estate and period";
  const std::string incl_what = "resident leaf is included in the resident tree";
  const Manifest* m = cur.manifest ? &*cur.manifest : nullptr;
  if (!p || !m) {
    const std::string why = !p ? "the resident proof file is not well formed"
                               : "manifest.json cannot be read or is not well formed";
    for (const std::string& what : {for_what, count_what, root_what, leaf_what, incl_what})
      checks.not_checked(what, why);
    return;
  }
  checks.run(for_what, [&]() -> std::string {
    if (p->estate != m->estate)
      throw Bad{"the proof is for estate " + json_quoted(p->estate) + ", the statement for " +
                json_quoted(m->estate)};
    if (p->period != m->period)
      throw Bad{"the proof is for period " + json_quoted(p->period) + ", the statement for " +
                json_quoted(m->period)};
    return "";
  });
  checks.run(count_what, [&]() -> std::string {
    if (p->leaf_count != m->leaf_count)
      throw Bad{"the proof's leaf_count is " + std::to_string(p->leaf_count) +
                ", the manifest's residents.leaf_count " + std::to_string(m->leaf_count)};
    if (!cur.statement)
      throw Bad{"statement.json cannot be read or does not match the manifest"};
    if (p->leaf_count != cur.statement->units_published)
      throw Bad{"the proof's leaf_count is " + std::to_string(p->leaf_count) +
                ", statement.json's units_published " +
                std::to_string(cur.statement->units_published)};
    return "";
  });
  checks.run(root_what, [&]() -> std::string {
    if (p->root != m->residents_root)
      throw Bad{"the proof's root is " + hex(p->root) + ", the manifest's residents.root " +
                hex(m->residents_root)};
    return "";
  });
  checks.run(leaf_what, [&]() -> std::string { return "unit " + check_leaf(p->leaf, *m); });
  checks.run(incl_what, [&]() -> std::string {
    const crypto::Digest leaf_hash = crypto::merkle::leaf_hash(p->leaf);
    if (!crypto::merkle::verify_inclusion(leaf_hash, static_cast<std::uint64_t>(p->leaf_index),
                                          static_cast<std::uint64_t>(m->leaf_count), p->proof,
                                          m->residents_root))
      throw Bad{"the proof does not show the leaf (hash " + hex(leaf_hash) + ") at index " +
                std::to_string(p->leaf_index) + " of the manifest's resident tree of " +
                std::to_string(m->leaf_count) + " leaves (root " + hex(m->residents_root) + ")"};
    return "index " + std::to_string(p->leaf_index) + " of " + std::to_string(m->leaf_count);
  });
}

}  // namespace trustfund::statements::verifier
