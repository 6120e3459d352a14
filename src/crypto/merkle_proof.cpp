// Roots and proofs computed from perfect-subtree hashes.
//
// RFC 6962 defines MTH, PATH and PROOF recursively over the leaves. Every left part in that
// recursion is a perfect subtree, and every right part is a run of leaves whose decomposition into
// perfect subtrees (one per set bit of its length, largest first) is aligned, so each part's hash
// is a fold of O(log n) perfect-subtree hashes. The recursions are walked top-down with a loop;
// proofs list the node nearest the leaf first, so they are collected top-down and reversed.
#include "trustfund/crypto/merkle.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <string>

#include "trustfund/core/error.h"

namespace trustfund::crypto::merkle {
namespace {

unsigned level_of(std::uint64_t power_of_two) {
  assert(std::has_single_bit(power_of_two));
  return static_cast<unsigned>(std::countr_zero(power_of_two));
}

// The hash of the perfect subtree of `size` (a power of two) leaves starting at leaf `start`.
Digest perfect(std::uint64_t start, std::uint64_t size, const SubtreeHashFn& subtree) {
  const unsigned level = level_of(size);
  assert(start % size == 0);
  return subtree(level, start >> level);
}

// MTH(D[start:start+count]) for count >= 1, where start is a multiple of the largest perfect
// subtree in the range (always true of the ranges RFC 6962's recursion produces). Folds the
// perfect subtrees from the right: MTH = node(p1, node(p2, ... node(pk-1, pk))).
Digest range_root(std::uint64_t start, std::uint64_t count, const SubtreeHashFn& subtree) {
  assert(count > 0);
  std::uint64_t remaining = count;  // leaves in the subtrees not yet folded, all to the left
  const std::uint64_t lowest = remaining & (~remaining + 1);
  remaining -= lowest;
  Digest acc = perfect(start + remaining, lowest, subtree);
  while (remaining != 0) {  // at most 63 more subtrees: one per remaining set bit
    const std::uint64_t size = remaining & (~remaining + 1);
    remaining -= size;
    acc = node_hash(perfect(start + remaining, size, subtree), acc);
  }
  return acc;
}

// The number of leaves in the left part of a tree of n > 1 leaves: the largest power of two < n.
std::uint64_t split_point(std::uint64_t n) {
  assert(n > 1);
  return std::bit_floor(n - 1);
}

}  // namespace

Digest root(std::uint64_t tree_size, const SubtreeHashFn& subtree) {
  return tree_size == 0 ? empty_root() : range_root(0, tree_size, subtree);
}

std::vector<Digest> inclusion_proof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                    const SubtreeHashFn& subtree) {
  if (leaf_index >= tree_size) {
    throw Error::invalid("merkle-index-out-of-range", "leaf_index",
                         "leaf " + std::to_string(leaf_index) + " is not in a tree of " +
                             std::to_string(tree_size) + " leaves");
  }
  std::vector<Digest> proof;
  std::uint64_t start = 0;           // first leaf of the current subtree
  std::uint64_t size = tree_size;    // its leaf count
  std::uint64_t index = leaf_index;  // the leaf's position within it
  while (size > 1) {                 // at most 64 rounds: size at least halves each round
    const std::uint64_t k = split_point(size);
    if (index < k) {
      proof.push_back(range_root(start + k, size - k, subtree));
      size = k;
    } else {
      proof.push_back(perfect(start, k, subtree));
      start += k;
      index -= k;
      size -= k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  assert(proof.size() <= kMaxInclusionProofLength);
  return proof;
}

std::vector<Digest> consistency_proof(std::uint64_t old_size, std::uint64_t new_size,
                                      const SubtreeHashFn& subtree) {
  if (old_size > new_size) {
    throw Error::invalid("merkle-size-out-of-range", "old_size",
                         "a tree of " + std::to_string(old_size) +
                             " leaves cannot be a prefix of one of " + std::to_string(new_size));
  }
  std::vector<Digest> proof;
  if (old_size == 0 || old_size == new_size) {
    return proof;
  }
  // SUBPROOF(m, D[start:start+size], whole_old_tree) of RFC 6962 2.1.2.
  std::uint64_t start = 0;
  std::uint64_t size = new_size;
  std::uint64_t m = old_size;
  bool whole_old_tree = true;  // the current subtree's first m leaves are the entire old tree
  while (m != size) {          // at most 64 rounds: size at least halves each round
    const std::uint64_t k = split_point(size);
    if (m <= k) {
      proof.push_back(range_root(start + k, size - k, subtree));
      size = k;
    } else {
      proof.push_back(perfect(start, k, subtree));
      start += k;
      m -= k;
      size -= k;
      whole_old_tree = false;
    }
  }
  // The old tree's own root is known to the verifier; any other subtree's hash is not.
  if (!whole_old_tree) {
    proof.push_back(range_root(start, m, subtree));
  }
  std::reverse(proof.begin(), proof.end());
  assert(proof.size() <= kMaxConsistencyProofLength);
  return proof;
}

}  // namespace trustfund::crypto::merkle
