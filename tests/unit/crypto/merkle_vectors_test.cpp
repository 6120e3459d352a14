// Published RFC 6962 test vectors and the RFC's own example tree.
//
// The eight leaves, the roots of sizes 0..8 and the proofs below are the reference vectors of the
// certificate-transparency implementation, google/certificate-transparency
// cpp/merkletree/merkle_tree_test.cc (kInputs, kSHA256Roots, kSHA256Paths, kSHA256Proofs), reused
// by transparency-dev/merkle proof/verify_test.go (which adds the 6 -> 7 consistency proof).
// Both number leaves from 1; here leaf indices are 0-based, as in RFC 9162.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/merkle.h"

using trustfund::Error;
using trustfund::crypto::Digest;
using trustfund::crypto::digest_from_hex;
using trustfund::crypto::from_hex;
using trustfund::crypto::to_hex;
namespace merkle = trustfund::crypto::merkle;

namespace {

const char* const kLeavesHex[8] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

// kRootsHex[n] is the root of the first n leaves.
const char* const kRootsHex[9] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct InclusionVector {
  std::uint64_t leaf_index;
  std::uint64_t tree_size;
  std::vector<const char*> proof;
};

const InclusionVector kInclusionVectors[] = {
    {0, 1, {}},
    {0,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5,
     8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1,
     5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

struct ConsistencyVector {
  std::uint64_t old_size;
  std::uint64_t new_size;
  std::vector<const char*> proof;
};

const ConsistencyVector kConsistencyVectors[] = {
    {1, 1, {}},
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

std::string leaf_bytes(int i) {
  const auto bytes = from_hex(kLeavesHex[i]);
  return {bytes.begin(), bytes.end()};
}

merkle::MemoryTree reference_tree() {
  merkle::MemoryTree tree;
  for (int i = 0; i < 8; ++i)
    tree.append_leaf(leaf_bytes(i));
  return tree;
}

std::vector<Digest> digests(const std::vector<const char*>& hex) {
  std::vector<Digest> out;
  out.reserve(hex.size());
  for (const char* h : hex)
    out.push_back(digest_from_hex(h));
  return out;
}

std::vector<std::string> hexes(const std::vector<Digest>& proof) {
  std::vector<std::string> out;
  out.reserve(proof.size());
  for (const Digest& d : proof)
    out.push_back(to_hex(d));
  return out;
}

}  // namespace

TEST_CASE("leaf and node hashes are domain-separated SHA-256") {
  CHECK(to_hex(merkle::empty_root()) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(merkle::leaf_hash("")) == kRootsHex[1]);
  // The leaf hash of 0x00 and the node hash of the first two leaves, as `openssl dgst` computes
  // them in docs/tamper-evidence.md.
  CHECK(to_hex(merkle::leaf_hash(std::string(1, '\0'))) ==
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  CHECK(to_hex(merkle::node_hash(merkle::leaf_hash(""), merkle::leaf_hash(std::string(1, '\0')))) ==
        kRootsHex[2]);
  CHECK(to_hex(merkle::leaf_hash(R"({"a":1})")) ==
        "c7261463ebd776f4650b6d0fe942d9cc38c925d90f77d440ab6df8d5dd258c5f");
}

TEST_CASE("the reference tree has the published root at every size from 0 to 8") {
  merkle::MemoryTree tree;
  merkle::Frontier frontier;
  CHECK(to_hex(tree.root()) == kRootsHex[0]);
  CHECK(to_hex(frontier.root()) == kRootsHex[0]);
  for (int i = 0; i < 8; ++i) {
    tree.append_leaf(leaf_bytes(i));
    frontier.append(merkle::leaf_hash(leaf_bytes(i)));
    CHECK(to_hex(tree.root()) == kRootsHex[i + 1]);
    CHECK(to_hex(frontier.root()) == kRootsHex[i + 1]);
  }
  for (std::uint64_t size = 0; size <= 8; ++size) {
    CHECK(to_hex(merkle::root(size, tree.subtree_fn())) == kRootsHex[size]);
    CHECK(to_hex(tree.root(size)) == kRootsHex[size]);
  }
}

TEST_CASE("inclusion proofs of the reference tree equal the published ones and verify") {
  const merkle::MemoryTree tree = reference_tree();
  for (const InclusionVector& v : kInclusionVectors) {
    CAPTURE(v.leaf_index, v.tree_size);
    const auto proof = merkle::inclusion_proof(v.leaf_index, v.tree_size, tree.subtree_fn());
    CHECK(hexes(proof) == hexes(digests(v.proof)));
    const Digest leaf = merkle::leaf_hash(leaf_bytes(static_cast<int>(v.leaf_index)));
    const Digest root = digest_from_hex(kRootsHex[v.tree_size]);
    CHECK(merkle::verify_inclusion(leaf, v.leaf_index, v.tree_size, digests(v.proof), root));
    CHECK_FALSE(
        merkle::verify_inclusion(leaf, v.leaf_index + 1, v.tree_size, digests(v.proof), root));
  }
}

TEST_CASE("consistency proofs of the reference tree equal the published ones and verify") {
  const merkle::MemoryTree tree = reference_tree();
  for (const ConsistencyVector& v : kConsistencyVectors) {
    CAPTURE(v.old_size, v.new_size);
    const auto proof = merkle::consistency_proof(v.old_size, v.new_size, tree.subtree_fn());
    CHECK(hexes(proof) == hexes(digests(v.proof)));
    const Digest old_root = digest_from_hex(kRootsHex[v.old_size]);
    const Digest new_root = digest_from_hex(kRootsHex[v.new_size]);
    CHECK(merkle::verify_consistency(v.old_size, v.new_size, old_root, new_root, digests(v.proof)));
    if (!v.proof.empty()) {
      CHECK_FALSE(
          merkle::verify_consistency(v.old_size, v.new_size, new_root, old_root, digests(v.proof)));
    }
  }
}

TEST_CASE("degenerate inclusion claims never verify") {
  // From transparency-dev/merkle TestVerifyInclusion: (index, size) = (0,0), (0,1), (1,0), (2,1)
  // with an empty proof against an unrelated leaf or root.
  const Digest some =
      digest_from_hex("abacaba000000000000000000000000000000000000000000060061e00123456");
  const Digest empty = merkle::empty_root();
  for (auto [index, size] :
       {std::pair<std::uint64_t, std::uint64_t>{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
    CHECK_FALSE(merkle::verify_inclusion(some, index, size, {}, empty));
  }
  // A one-leaf tree: the root is the leaf hash and the proof is empty.
  const Digest leaf = merkle::leaf_hash("data");
  CHECK(merkle::verify_inclusion(leaf, 0, 1, {}, leaf));
  CHECK_FALSE(merkle::verify_inclusion(leaf, 0, 1, {}, some));
}

TEST_CASE("degenerate consistency claims follow the sizes") {
  const Digest a = merkle::leaf_hash("a");
  const Digest b = merkle::leaf_hash("b");
  const Digest empty = merkle::empty_root();
  CHECK(merkle::verify_consistency(0, 0, empty, empty, {}));
  CHECK(merkle::verify_consistency(0, 1, empty, a, {}));
  CHECK(merkle::verify_consistency(1, 1, a, a, {}));
  CHECK_FALSE(merkle::verify_consistency(0, 1, a, a, {}));  // a non-empty root for the empty tree
  CHECK_FALSE(merkle::verify_consistency(1, 1, a, b, {}));  // same size, different roots
  CHECK_FALSE(merkle::verify_consistency(1, 0, a, empty, {}));  // time travel
  CHECK_FALSE(merkle::verify_consistency(2, 1, a, b, {}));
  CHECK_FALSE(merkle::verify_consistency(1, 2, a, b, {}));  // growth needs a proof
  const Digest proof[] = {empty};
  CHECK_FALSE(merkle::verify_consistency(0, 0, empty, empty, proof));
  CHECK_FALSE(merkle::verify_consistency(0, 1, empty, a, proof));
  CHECK_FALSE(merkle::verify_consistency(1, 1, a, a, proof));
}

TEST_CASE("proofs are refused for leaves or sizes outside the tree") {
  const merkle::MemoryTree tree = reference_tree();
  CHECK_THROWS_AS(merkle::inclusion_proof(8, 8, tree.subtree_fn()), Error);
  CHECK_THROWS_AS(merkle::inclusion_proof(0, 0, tree.subtree_fn()), Error);
  CHECK_THROWS_AS(merkle::consistency_proof(5, 4, tree.subtree_fn()), Error);
  CHECK_THROWS_AS(tree.root(9), Error);
  CHECK(merkle::consistency_proof(0, 8, tree.subtree_fn()).empty());
  CHECK(merkle::consistency_proof(8, 8, tree.subtree_fn()).empty());
}

// RFC 6962 2.1.3: the example tree of seven leaves d0..d6, with the RFC's names for its nodes:
// a..f are the leaf hashes of d0..d5 and j that of d6; g = (a, b), h = (c, d), i = (e, f),
// k = (g, h), l = (i, j), and the root is (k, l).
TEST_CASE("the RFC 6962 example tree of seven leaves has the documented proofs") {
  merkle::MemoryTree tree;
  Digest leaf[7];
  for (int i = 0; i < 7; ++i) {
    std::string data = "d";
    data += std::to_string(i);
    tree.append_leaf(data);
    leaf[i] = merkle::leaf_hash(data);
  }
  const Digest& a = leaf[0];
  const Digest& b = leaf[1];
  const Digest& c = leaf[2];
  const Digest& d = leaf[3];
  const Digest& e = leaf[4];
  const Digest& f = leaf[5];
  const Digest& j = leaf[6];
  const Digest g = merkle::node_hash(a, b);
  const Digest h = merkle::node_hash(c, d);
  const Digest i = merkle::node_hash(e, f);
  const Digest k = merkle::node_hash(g, h);
  const Digest l = merkle::node_hash(i, j);
  const Digest root = merkle::node_hash(k, l);
  REQUIRE(tree.root() == root);
  const auto fn = tree.subtree_fn();

  // "The audit path for d0 is [b, h, l]." "The audit path for d3 is [c, g, l]."
  // "The audit path for d4 is [f, j, k]." "The audit path for d6 is [i, k]."
  CHECK(merkle::inclusion_proof(0, 7, fn) == std::vector<Digest>{b, h, l});
  CHECK(merkle::inclusion_proof(3, 7, fn) == std::vector<Digest>{c, g, l});
  CHECK(merkle::inclusion_proof(4, 7, fn) == std::vector<Digest>{f, j, k});
  CHECK(merkle::inclusion_proof(6, 7, fn) == std::vector<Digest>{i, k});

  // "The consistency proof between hash0 and hash is PROOF(3, D[7]) = [c, d, g, l]."
  // "The consistency proof between hash1 and hash is PROOF(4, D[7]) = [l]."
  // "The consistency proof between hash2 and hash is PROOF(6, D[7]) = [i, j, k]."
  CHECK(merkle::consistency_proof(3, 7, fn) == std::vector<Digest>{c, d, g, l});
  CHECK(merkle::consistency_proof(4, 7, fn) == std::vector<Digest>{l});
  CHECK(merkle::consistency_proof(6, 7, fn) == std::vector<Digest>{i, j, k});

  CHECK(merkle::verify_consistency(3, 7, tree.root(3), root, std::vector<Digest>{c, d, g, l}));
  CHECK(merkle::verify_consistency(4, 7, k, root, std::vector<Digest>{l}));
  CHECK(merkle::verify_consistency(6, 7, merkle::node_hash(k, i), root,
                                   std::vector<Digest>{i, j, k}));
  for (std::uint64_t index : {0, 3, 4, 6}) {
    CHECK(merkle::verify_inclusion(leaf[index], index, 7, merkle::inclusion_proof(index, 7, fn),
                                   root));
  }
}
