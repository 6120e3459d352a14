#include "trustfund/crypto/merkle.h"

#include <bit>
#include <cassert>
#include <limits>
#include <stdexcept>

namespace trustfund::crypto::merkle {

Frontier Frontier::restore(std::uint64_t size, const SubtreeHashFn& subtree) {
  Frontier frontier;
  frontier.size_ = size;
  std::uint64_t start = 0;
  for (int bit = 63; bit >= 0; --bit) {  // the peaks, largest first
    const std::uint64_t peak_size = std::uint64_t{1} << bit;
    if ((size & peak_size) == 0) {
      continue;
    }
    const auto level = static_cast<unsigned>(bit);
    const std::uint64_t index = start >> level;
    frontier.peaks_.push_back({level, index, subtree(level, index)});
    start += peak_size;
  }
  return frontier;
}

void Frontier::append(const Digest& leaf_hash, std::vector<SubtreeNode>* completed) {
  if (size_ == std::numeric_limits<std::uint64_t>::max()) {
    throw std::length_error("Merkle tree is full (2^64 - 1 leaves)");
  }
  // Like adding one to a binary counter: each carry merges two equal peaks into their parent.
  SubtreeNode node{0, size_, leaf_hash};
  while (!peaks_.empty() && peaks_.back().level == node.level) {  // at most 63 carries
    const SubtreeNode& left = peaks_.back();
    assert(left.index + 1 == node.index && node.index % 2 == 1);
    node = SubtreeNode{node.level + 1, node.index >> 1, node_hash(left.hash, node.hash)};
    peaks_.pop_back();
    if (completed != nullptr) {
      completed->push_back(node);
    }
  }
  peaks_.push_back(node);
  ++size_;
  assert(peaks_.size() == static_cast<std::size_t>(std::popcount(size_)));
}

Digest Frontier::root() const {
  if (peaks_.empty()) {
    return empty_root();
  }
  Digest acc = peaks_.back().hash;
  for (std::size_t i = peaks_.size() - 1; i-- > 0;) {
    acc = node_hash(peaks_[i].hash, acc);
  }
  return acc;
}

}  // namespace trustfund::crypto::merkle
