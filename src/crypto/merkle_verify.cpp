// Proof verification, following RFC 9162 2.1.3.2 and 2.1.4.2 step by step. The verifier trusts
// nothing it is given: every input combination yields true or false, and the loops are bounded by
// the (already bounded) proof length.
#include "trustfund/crypto/merkle.h"

#include <bit>

namespace trustfund::crypto::merkle {

bool verify_inclusion(const Digest& leaf_hash, std::uint64_t leaf_index, std::uint64_t tree_size,
                      std::span<const Digest> proof, const Digest& root) {
  if (leaf_index >= tree_size || proof.size() > kMaxInclusionProofLength) {
    return false;
  }
  std::uint64_t fn = leaf_index;
  std::uint64_t sn = tree_size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) {
      return false;  // the proof is longer than the path to the root
    }
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      // The node is the last on its level with no right sibling: it moves up unchanged until it
      // becomes a right child (or reaches the root's level).
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                        const Digest& new_root, std::span<const Digest> proof) {
  if (old_size > new_size || proof.size() > kMaxConsistencyProofLength) {
    return false;
  }
  if (old_size == new_size) {
    return proof.empty() && old_root == new_root;
  }
  if (old_size == 0) {
    return proof.empty() && old_root == empty_root();
  }
  if (proof.empty()) {
    return false;
  }
  // When the old tree is perfect, its root is a node of the new tree and the proof omits it:
  // RFC 9162 prepends old_root; starting from it and consuming the whole proof is the same.
  std::size_t next = 0;
  Digest fr;
  if (std::has_single_bit(old_size)) {
    fr = old_root;
  } else {
    fr = proof[0];
    next = 1;
  }
  Digest sr = fr;
  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {  // at most 64 shifts
    fn >>= 1;
    sn >>= 1;
  }
  for (; next < proof.size(); ++next) {
    const Digest& c = proof[next];
    if (sn == 0) {
      return false;
    }
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == old_root && sr == new_root;
}

}  // namespace trustfund::crypto::merkle
