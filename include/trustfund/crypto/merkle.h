// RFC 6962 Merkle trees (hashing as in RFC 9162 2.1): the journal log and the resident trees.
//
// A tree over n leaves D[0:n] has the root MTH(D[0:n]): SHA-256("") for n = 0, the leaf hash
// SHA-256(0x00 || d) for one leaf, and SHA-256(0x01 || MTH(left) || MTH(right)) otherwise, where
// the left part holds the largest power of two of leaves that is smaller than n. The 0x00/0x01
// prefixes keep a leaf from ever being taken for a node. docs/tamper-evidence.md explains the
// proofs and how a third party recomputes them.
//
// Storage stays with the caller. The proof builders read the hashes of complete ("perfect")
// subtrees through a SubtreeHashFn, so a store can keep them in its database and answer each
// proof with O(log n) reads; Frontier keeps just the right edge needed to append; MemoryTree keeps
// everything in memory for tests and small trees.
//
// Leaf indices are 0-based. Tree sizes are at most 2^64 - 1, so a tree is at most 64 levels tall.
//
// Thread-safety: the free functions are thread-safe if the SubtreeHashFn they are given is.
// Frontier and MemoryTree are values without internal locking: const use from many threads is
// safe, mutation needs exclusive access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "trustfund/crypto/sha256.h"

namespace trustfund::crypto::merkle {

// Longest valid proofs: an inclusion proof has one hash per level below the root (at most 64); a
// consistency proof may have one more. Verifiers reject anything longer outright.
inline constexpr std::size_t kMaxInclusionProofLength = 64;
inline constexpr std::size_t kMaxConsistencyProofLength = 65;

// SHA-256(0x00 || leaf_bytes). No heap allocation.
Digest leaf_hash(std::string_view leaf_bytes);

// SHA-256(0x01 || left || right). No heap allocation.
Digest node_hash(const Digest& left, const Digest& right);

// The root of the empty tree: SHA-256("").
Digest empty_root();

// Source of the hash of a perfect subtree. `level` 0 is the leaf hash of leaf `index`; level L
// covers leaves [index * 2^L, (index + 1) * 2^L). Only ever called for subtrees lying wholly inside
// the tree being worked on. May throw; the exception passes through unchanged.
using SubtreeHashFn = std::function<Digest(unsigned level, std::uint64_t index)>;

// MTH(D[0:tree_size]). Calls `subtree` once per set bit of tree_size (at most 64 times).
Digest root(std::uint64_t tree_size, const SubtreeHashFn& subtree);

// PATH(leaf_index, D[0:tree_size]) of RFC 6962 2.1.1: the sibling hashes from the leaf up to the
// root, nearest the leaf first. At most 128 calls to `subtree`. Throws
// Error::invalid("merkle-index-out-of-range", "leaf_index") unless leaf_index < tree_size.
std::vector<Digest> inclusion_proof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                    const SubtreeHashFn& subtree);

// PROOF(old_size, D[0:new_size]) of RFC 6962 2.1.2; empty when old_size is 0 or equals new_size.
// At most 130 calls to `subtree`. Throws Error::invalid("merkle-size-out-of-range", "old_size")
// when old_size > new_size.
std::vector<Digest> consistency_proof(std::uint64_t old_size, std::uint64_t new_size,
                                      const SubtreeHashFn& subtree);

// Checks an inclusion proof with the algorithm of RFC 9162 2.1.3.2: true iff `proof` shows that
// the leaf whose hash is `leaf_hash` sits at `leaf_index` of the tree of `tree_size` leaves whose
// root is `root`. False (never an exception) for any malformed input, e.g. leaf_index >= tree_size
// or a proof of the wrong length.
bool verify_inclusion(const Digest& leaf_hash, std::uint64_t leaf_index, std::uint64_t tree_size,
                      std::span<const Digest> proof, const Digest& root);

// Checks a consistency proof with the algorithm of RFC 9162 2.1.4.2: true iff `proof` shows that
// the tree of `old_size` leaves with root `old_root` is a prefix of the tree of `new_size` leaves
// with root `new_root`. Edge cases: old_size > new_size is false; old_size == new_size needs an
// empty proof and equal roots; old_size == 0 needs an empty proof and old_root == empty_root()
// (any new tree extends the empty one).
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                        const Digest& new_root, std::span<const Digest> proof);

// A perfect subtree: its level, its index among the subtrees of that level, and its hash.
struct SubtreeNode {
  unsigned level = 0;
  std::uint64_t index = 0;
  Digest hash{};

  bool operator==(const SubtreeNode&) const = default;
};

// The right edge of a growing tree: one perfect subtree ("peak") per set bit of the size, largest
// first. Enough to append leaves and to compute the root without reading old leaves; at most 64
// peaks, so copying one is cheap.
class Frontier {
 public:
  // The empty tree.
  Frontier() = default;

  // The frontier of an existing tree of `size` leaves; reads one subtree hash per set bit of size.
  static Frontier restore(std::uint64_t size, const SubtreeHashFn& subtree);

  // Appends a leaf, given its leaf hash. If `completed` is not null, appends to it every perfect
  // subtree of level >= 1 that this leaf completes, lowest first, so a store can persist the ones
  // it keeps. Amortised O(1) hashes; no allocation once the frontier has grown to its height.
  void append(const Digest& leaf_hash, std::vector<SubtreeNode>* completed = nullptr);

  // Number of leaves.
  std::uint64_t size() const noexcept { return size_; }

  // The current root; equals merkle::root(size(), ...) of the same tree. At most 63 hashes.
  Digest root() const;

  // The peaks, largest (leftmost) first.
  std::span<const SubtreeNode> peaks() const noexcept { return peaks_; }

  bool operator==(const Frontier&) const = default;

 private:
  std::uint64_t size_ = 0;
  std::vector<SubtreeNode> peaks_;
};

// A whole tree in memory, every level kept (about 2 * 32 bytes per leaf): for tests, verification
// tools and small trees such as a month's resident tree. Proofs come from the free functions
// through subtree_fn().
class MemoryTree {
 public:
  // Appends a leaf given its bytes (hashed with leaf_hash).
  void append_leaf(std::string_view leaf_bytes);
  // Appends a leaf given its leaf hash.
  void append_hash(const Digest& leaf_hash);

  // Number of leaves.
  std::uint64_t size() const noexcept;

  // The root of the whole tree.
  Digest root() const;
  // The root of the first `size` leaves (an earlier state of the log). Throws
  // Error::invalid("merkle-size-out-of-range", "tree_size") when size > size().
  Digest root(std::uint64_t size) const;

  // Reads this tree's perfect subtrees. The function refers to this object: it must not outlive it
  // and sees later appends. Asking for a subtree that is not complete throws std::out_of_range.
  SubtreeHashFn subtree_fn() const;

 private:
  // levels_[L][i] is the hash of perfect subtree (L, i); only complete subtrees are stored.
  std::vector<std::vector<Digest>> levels_;
};

}  // namespace trustfund::crypto::merkle
