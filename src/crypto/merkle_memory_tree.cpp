#include "trustfund/crypto/merkle.h"

#include <string>

#include "trustfund/core/error.h"

namespace trustfund::crypto::merkle {

void MemoryTree::append_leaf(std::string_view leaf_bytes) {
  append_hash(leaf_hash(leaf_bytes));
}

void MemoryTree::append_hash(const Digest& hash) {
  if (levels_.empty()) {
    levels_.emplace_back();
  }
  levels_[0].push_back(hash);
  // Each level with an even count has just completed a pair: hash it into the level above.
  for (std::size_t level = 0; levels_[level].size() % 2 == 0; ++level) {  // at most 63 levels
    const std::vector<Digest>& nodes = levels_[level];
    const Digest parent = node_hash(nodes[nodes.size() - 2], nodes.back());
    if (level + 1 == levels_.size()) {
      levels_.emplace_back();  // may move the inner vectors: `nodes` is not used after this
    }
    levels_[level + 1].push_back(parent);
  }
}

std::uint64_t MemoryTree::size() const noexcept {
  return levels_.empty() ? 0 : levels_[0].size();
}

Digest MemoryTree::root() const {
  return root(size());
}

Digest MemoryTree::root(std::uint64_t tree_size) const {
  if (tree_size > size()) {
    throw Error::invalid("merkle-size-out-of-range", "tree_size",
                         "the tree has only " + std::to_string(size()) + " leaves, not " +
                             std::to_string(tree_size));
  }
  return merkle::root(tree_size, subtree_fn());
}

SubtreeHashFn MemoryTree::subtree_fn() const {
  return
      [this](unsigned level, std::uint64_t index) -> Digest { return levels_.at(level).at(index); };
}

}  // namespace trustfund::crypto::merkle
