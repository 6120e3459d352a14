// Properties of the Merkle code over many tree shapes, against a direct transcription of the
// RFC 6962 2.1 definitions (MTH, PATH, PROOF) as the reference. Random choices use a fixed seed,
// so a failure reproduces.
#include <catch2/catch_test_macros.hpp>

#include <bit>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "trustfund/crypto/merkle.h"

using trustfund::crypto::Digest;
namespace merkle = trustfund::crypto::merkle;

namespace {

constexpr std::uint64_t kSeed = 0x7275'7374'6675'6e64;  // "rustfund"

// --- The reference: RFC 6962 2.1, 2.1.1 and 2.1.2 written as recursions over leaf hashes. ---

std::size_t largest_power_of_two_below(std::size_t n) {
  std::size_t k = 1;
  while (k * 2 < n)
    k *= 2;
  return k;
}

Digest reference_mth(std::span<const Digest> leaves) {
  if (leaves.empty())
    return merkle::empty_root();
  if (leaves.size() == 1)
    return leaves[0];
  const std::size_t k = largest_power_of_two_below(leaves.size());
  return merkle::node_hash(reference_mth(leaves.first(k)), reference_mth(leaves.subspan(k)));
}

std::vector<Digest> reference_path(std::size_t m, std::span<const Digest> leaves) {
  if (leaves.size() == 1)
    return {};
  const std::size_t k = largest_power_of_two_below(leaves.size());
  std::vector<Digest> path;
  if (m < k) {
    path = reference_path(m, leaves.first(k));
    path.push_back(reference_mth(leaves.subspan(k)));
  } else {
    path = reference_path(m - k, leaves.subspan(k));
    path.push_back(reference_mth(leaves.first(k)));
  }
  return path;
}

std::vector<Digest> reference_subproof(std::size_t m, std::span<const Digest> leaves, bool b) {
  const std::size_t n = leaves.size();
  if (m == n)
    return b ? std::vector<Digest>{} : std::vector<Digest>{reference_mth(leaves)};
  const std::size_t k = largest_power_of_two_below(n);
  std::vector<Digest> proof;
  if (m <= k) {
    proof = reference_subproof(m, leaves.first(k), b);
    proof.push_back(reference_mth(leaves.subspan(k)));
  } else {
    proof = reference_subproof(m - k, leaves.subspan(k), false);
    proof.push_back(reference_mth(leaves.first(k)));
  }
  return proof;
}

// --- Helpers. ---

Digest flipped(Digest d, std::size_t bit = 0) {
  d[bit / 8 % d.size()] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return d;
}

// A SubtreeHashFn that counts its calls.
struct CountingSource {
  merkle::SubtreeHashFn inner;
  mutable std::size_t calls = 0;
  merkle::SubtreeHashFn fn() const {
    return [this](unsigned level, std::uint64_t index) {
      ++calls;
      return inner(level, index);
    };
  }
};

// 2 * ceil(log2 n) + 2: comfortably O(log n), and far below n for the sizes used.
std::size_t call_budget(std::uint64_t n) {
  return 2 * std::bit_width(n) + 2;
}

struct Tree {
  std::vector<Digest> leaves;
  merkle::MemoryTree memory;
};

Tree make_tree(std::size_t size, std::mt19937_64& rng) {
  Tree tree;
  for (std::size_t i = 0; i < size; ++i) {
    std::string data = "entry-";
    data += std::to_string(i);
    data += '-';
    data += std::to_string(rng());
    tree.leaves.push_back(merkle::leaf_hash(data));
    tree.memory.append_leaf(data);
  }
  return tree;
}

// Every way of spoiling a valid inclusion proof must be refused. (Not every other tree size: a
// proof checks the path's shape, and neighbouring sizes can share it; the size is bound to the
// root by the signed statement, not by the proof.)
void check_inclusion_tampering(const Digest& leaf, std::uint64_t index, std::uint64_t size,
                               const std::vector<Digest>& proof, const Digest& root) {
  CHECK_FALSE(merkle::verify_inclusion(flipped(leaf), index, size, proof, root));
  CHECK_FALSE(merkle::verify_inclusion(leaf, index, size, proof, flipped(root, 77)));
  CHECK_FALSE(merkle::verify_inclusion(leaf, index + 1, size, proof, root));
  if (index > 0)
    CHECK_FALSE(merkle::verify_inclusion(leaf, index - 1, size, proof, root));
  CHECK_FALSE(merkle::verify_inclusion(leaf, index ^ 2, size, proof, root));
  CHECK_FALSE(merkle::verify_inclusion(leaf, index, size * 2, proof, root));
  CHECK_FALSE(merkle::verify_inclusion(leaf, index, size / 2, proof, root));
  for (std::size_t i = 0; i < proof.size(); ++i) {
    auto bad = proof;
    bad[i] = flipped(bad[i], 3 + 8 * i);
    CHECK_FALSE(merkle::verify_inclusion(leaf, index, size, bad, root));
  }
  auto longer = proof;
  longer.push_back(root);
  CHECK_FALSE(merkle::verify_inclusion(leaf, index, size, longer, root));
  auto prefixed = proof;
  prefixed.insert(prefixed.begin(), Digest{});
  CHECK_FALSE(merkle::verify_inclusion(leaf, index, size, prefixed, root));
  if (!proof.empty()) {
    const std::vector<Digest> shorter(proof.begin(), proof.end() - 1);
    CHECK_FALSE(merkle::verify_inclusion(leaf, index, size, shorter, root));
  }
}

// Every way of spoiling a valid, non-trivial consistency proof must be refused.
void check_consistency_tampering(std::uint64_t m, std::uint64_t n, const Digest& old_root,
                                 const Digest& new_root, const std::vector<Digest>& proof) {
  CHECK_FALSE(merkle::verify_consistency(m, n, new_root, old_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m, n, flipped(old_root), new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m, n, old_root, flipped(new_root), proof));
  CHECK_FALSE(merkle::verify_consistency(m - 1, n, old_root, new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m + 1, n, old_root, new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m ^ 2, n, old_root, new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m, n * 2, old_root, new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m, n / 2, old_root, new_root, proof));
  CHECK_FALSE(merkle::verify_consistency(m, n, old_root, new_root, {}));
  for (std::size_t i = 0; i < proof.size(); ++i) {
    auto bad = proof;
    bad[i] = flipped(bad[i], 4 + 8 * i);
    CHECK_FALSE(merkle::verify_consistency(m, n, old_root, new_root, bad));
  }
  for (const Digest& extra : {old_root, new_root, Digest{}}) {
    auto longer = proof;
    longer.push_back(extra);
    CHECK_FALSE(merkle::verify_consistency(m, n, old_root, new_root, longer));
    auto prefixed = proof;
    prefixed.insert(prefixed.begin(), extra);
    CHECK_FALSE(merkle::verify_consistency(m, n, old_root, new_root, prefixed));
  }
  const std::vector<Digest> shorter(proof.begin(), proof.end() - 1);
  CHECK_FALSE(merkle::verify_consistency(m, n, old_root, new_root, shorter));
}

}  // namespace

TEST_CASE("roots and proofs equal the RFC 6962 definitions for every tree of up to 64 leaves") {
  std::mt19937_64 rng(kSeed);
  const Tree tree = make_tree(64, rng);
  CountingSource source{tree.memory.subtree_fn()};
  const auto fn = source.fn();
  for (std::uint64_t n = 0; n <= 64; ++n) {
    const std::span<const Digest> leaves(tree.leaves.data(), n);
    const Digest root = reference_mth(leaves);
    source.calls = 0;
    REQUIRE(merkle::root(n, fn) == root);
    CHECK(source.calls == static_cast<std::size_t>(std::popcount(n)));

    for (std::uint64_t i = 0; i < n; ++i) {
      source.calls = 0;
      const auto proof = merkle::inclusion_proof(i, n, fn);
      CHECK(source.calls <= call_budget(n));
      REQUIRE(proof == reference_path(i, leaves));
      REQUIRE(merkle::verify_inclusion(tree.leaves[i], i, n, proof, root));
      check_inclusion_tampering(tree.leaves[i], i, n, proof, root);
    }

    for (std::uint64_t m = 0; m <= n; ++m) {
      source.calls = 0;
      const auto proof = merkle::consistency_proof(m, n, fn);
      CHECK(source.calls <= call_budget(n));
      const auto expected =
          (m == 0 || m == n) ? std::vector<Digest>{} : reference_subproof(m, leaves, true);
      REQUIRE(proof == expected);
      const Digest old_root = reference_mth(leaves.first(m));
      REQUIRE(merkle::verify_consistency(m, n, old_root, root, proof));
      if (0 < m && m < n) {
        check_consistency_tampering(m, n, old_root, root, proof);
      }
    }
  }
}

TEST_CASE("proofs in random trees of up to 10000 leaves verify and resist tampering") {
  std::mt19937_64 rng(kSeed + 1);
  const Tree tree = make_tree(10000, rng);
  CountingSource source{tree.memory.subtree_fn()};
  const auto fn = source.fn();
  // Roots of every prefix, from an independent computation (the frontier, checked elsewhere
  // against the RFC definition).
  std::vector<Digest> roots{merkle::empty_root()};
  merkle::Frontier frontier;
  for (const Digest& leaf : tree.leaves) {
    frontier.append(leaf);
    roots.push_back(frontier.root());
  }
  std::uniform_int_distribution<std::uint64_t> size_of(1, tree.leaves.size());
  for (int round = 0; round < 300; ++round) {
    const std::uint64_t n = size_of(rng);
    const std::uint64_t i = std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng);
    const std::uint64_t m = std::uniform_int_distribution<std::uint64_t>(1, n)(rng);
    CAPTURE(n, i, m);
    source.calls = 0;
    REQUIRE(merkle::root(n, fn) == roots[n]);

    source.calls = 0;
    const auto inclusion = merkle::inclusion_proof(i, n, fn);
    CHECK(source.calls <= call_budget(n));
    REQUIRE(merkle::verify_inclusion(tree.leaves[i], i, n, inclusion, roots[n]));
    check_inclusion_tampering(tree.leaves[i], i, n, inclusion, roots[n]);

    source.calls = 0;
    const auto consistency = merkle::consistency_proof(m, n, fn);
    CHECK(source.calls <= call_budget(n));
    REQUIRE(merkle::verify_consistency(m, n, roots[m], roots[n], consistency));
    if (m < n) {
      check_consistency_tampering(m, n, roots[m], roots[n], consistency);
    }
  }
}

TEST_CASE("a frontier's root, restoration and completed subtrees match the whole tree") {
  std::mt19937_64 rng(kSeed + 2);
  const Tree tree = make_tree(1100, rng);
  const auto fn = tree.memory.subtree_fn();
  merkle::Frontier frontier;
  std::vector<merkle::SubtreeNode> all_completed;
  for (std::uint64_t n = 1; n <= tree.leaves.size(); ++n) {
    std::vector<merkle::SubtreeNode> completed;
    frontier.append(tree.leaves[n - 1], &completed);
    CHECK(frontier.size() == n);
    // Appending leaf n-1 completes one subtree per trailing one bit of n-1, lowest first.
    REQUIRE(completed.size() == static_cast<std::size_t>(std::countr_one(n - 1)));
    for (std::size_t k = 0; k < completed.size(); ++k) {
      CHECK(completed[k].level == k + 1);
      CHECK(completed[k].hash == fn(completed[k].level, completed[k].index));
    }
    all_completed.insert(all_completed.end(), completed.begin(), completed.end());
    REQUIRE(frontier.root() == merkle::root(n, fn));
    if (n <= 300 || n % 97 == 0) {
      REQUIRE(merkle::Frontier::restore(n, fn) == frontier);
    }
  }
  // Every perfect subtree of level >= 1 was reported exactly once: n - popcount(n) of them.
  const std::uint64_t n = tree.leaves.size();
  CHECK(all_completed.size() == n - static_cast<std::uint64_t>(std::popcount(n)));
  CHECK(frontier.peaks().size() == static_cast<std::size_t>(std::popcount(n)));
}

TEST_CASE("a restored frontier keeps growing exactly like the original") {
  std::mt19937_64 rng(kSeed + 3);
  const Tree tree = make_tree(700, rng);
  merkle::MemoryTree prefix;
  for (std::size_t i = 0; i < 333; ++i)
    prefix.append_hash(tree.leaves[i]);
  merkle::Frontier restored = merkle::Frontier::restore(333, prefix.subtree_fn());
  for (std::size_t i = 333; i < tree.leaves.size(); ++i) {
    restored.append(tree.leaves[i]);
    REQUIRE(restored.root() == tree.memory.root(i + 1));
  }
  CHECK(merkle::Frontier().root() == merkle::empty_root());
  CHECK(merkle::Frontier::restore(0, prefix.subtree_fn()) == merkle::Frontier());
}

TEST_CASE("verifiers refuse proofs longer than any tree can need") {
  const Digest leaf = merkle::leaf_hash("x");
  const std::vector<Digest> too_long(merkle::kMaxInclusionProofLength + 1, leaf);
  CHECK_FALSE(merkle::verify_inclusion(leaf, 0, ~std::uint64_t{0}, too_long, leaf));
  const std::vector<Digest> too_long_c(merkle::kMaxConsistencyProofLength + 1, leaf);
  CHECK_FALSE(merkle::verify_consistency(3, ~std::uint64_t{0}, leaf, leaf, too_long_c));
}

TEST_CASE("proofs reach the largest tree sizes without overflow") {
  // A tree of 2^64 - 1 identical leaves: the hash of a perfect subtree depends only on its level,
  // so such a tree can be asked about without storing it.
  std::vector<Digest> by_level{merkle::leaf_hash("same")};
  for (unsigned level = 1; level < 64; ++level) {
    by_level.push_back(merkle::node_hash(by_level.back(), by_level.back()));
  }
  const merkle::SubtreeHashFn uniform = [&by_level](unsigned level, std::uint64_t) {
    return by_level.at(level);
  };
  const std::uint64_t n = ~std::uint64_t{0};
  const Digest root = merkle::root(n, uniform);
  for (std::uint64_t i : {std::uint64_t{0}, n / 3, n - 1}) {
    const auto proof = merkle::inclusion_proof(i, n, uniform);
    CHECK(proof.size() <= merkle::kMaxInclusionProofLength);
    CHECK(merkle::verify_inclusion(by_level[0], i, n, proof, root));
  }
  for (std::uint64_t m : {std::uint64_t{1}, std::uint64_t{3}, std::uint64_t{1} << 63, n - 1}) {
    const auto proof = merkle::consistency_proof(m, n, uniform);
    CHECK(proof.size() <= merkle::kMaxConsistencyProofLength);
    CHECK(merkle::verify_consistency(m, n, merkle::root(m, uniform), root, proof));
  }
  CHECK(merkle::Frontier::restore(n, uniform).root() == root);
}

TEST_CASE("a failing subtree source fails the proof instead of producing one") {
  const merkle::SubtreeHashFn broken = [](unsigned, std::uint64_t) -> Digest {
    throw std::runtime_error("storage unavailable");
  };
  CHECK_THROWS_AS(merkle::root(5, broken), std::runtime_error);
  CHECK_THROWS_AS(merkle::inclusion_proof(1, 5, broken), std::runtime_error);
  CHECK_THROWS_AS(merkle::consistency_proof(3, 5, broken), std::runtime_error);
  merkle::MemoryTree small;
  small.append_leaf("only");
  CHECK_THROWS_AS(small.subtree_fn()(1, 0), std::out_of_range);
}
