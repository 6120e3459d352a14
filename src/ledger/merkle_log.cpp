// The Merkle log over journal entries, read from the estate file.
#include "books_impl.h"
#include "trustfund/core/error.h"

namespace trustfund::ledger {
namespace {

crypto::Digest to_digest(std::span<const std::uint8_t> bytes, const char* what) {
  if (bytes.size() != 32) {
    throw Error(ErrorKind::integrity, "merkle-node", "",
                std::string("stored ") + what + " is not a 32-byte hash");
  }
  crypto::Digest d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

void check_size(std::int64_t tree_size, std::int64_t committed, const char* field) {
  if (tree_size < 0 || tree_size > committed) {
    throw Error::invalid("tree-size", field,
                         std::string(field) + " must be between 0 and the number of entries (" +
                             std::to_string(committed) + ")");
  }
}

}  // namespace

crypto::Digest Books::Impl::subtree_hash(unsigned level, std::uint64_t index) {
  if (level == 0) {
    store::Statement& st = statement("SELECT leaf_hash FROM journal_entry WHERE seq = ?1");
    st.bind(1, static_cast<std::int64_t>(index));
    if (!st.step())
      throw Error(ErrorKind::integrity, "merkle-leaf", "", "missing journal leaf");
    return to_digest(st.blob(0), "leaf hash");
  }
  if (level % kStoredLevelStep == 0) {
    store::Statement& st = statement("SELECT hash FROM merkle_node WHERE level = ?1 AND idx = ?2");
    st.bind(1, static_cast<std::int64_t>(level)).bind(2, static_cast<std::int64_t>(index));
    if (!st.step())
      throw Error(ErrorKind::integrity, "merkle-node", "", "missing Merkle node");
    return to_digest(st.blob(0), "Merkle node");
  }
  // Not stored: hash the (at most 8) nodes of the stored level below, pairwise up.
  const unsigned base = level - level % kStoredLevelStep;
  const std::uint64_t width = std::uint64_t{1} << (level - base);
  std::vector<crypto::Digest> row;
  row.reserve(width);
  for (std::uint64_t i = 0; i < width; ++i)
    row.push_back(subtree_hash(base, index * width + i));
  while (row.size() > 1) {
    for (std::size_t i = 0; i < row.size() / 2; ++i) {
      row[i] = crypto::merkle::node_hash(row[2 * i], row[2 * i + 1]);
    }
    row.resize(row.size() / 2);
  }
  return row.front();
}

crypto::merkle::SubtreeHashFn Books::Impl::subtree_fn() {
  return [this](unsigned level, std::uint64_t index) { return subtree_hash(level, index); };
}

crypto::Digest Books::root(std::int64_t tree_size) const {
  check_size(tree_size, entry_count(), "tree_size");
  if (tree_size == entry_count())
    return impl_->frontier.root();
  return crypto::merkle::root(static_cast<std::uint64_t>(tree_size), impl_->subtree_fn());
}

std::vector<crypto::Digest> Books::inclusion_proof(std::int64_t seq, std::int64_t tree_size) const {
  check_size(tree_size, entry_count(), "tree_size");
  if (seq < 0 || seq >= tree_size) {
    throw Error::invalid("seq", "seq", "seq must be an entry inside the tree (0 to tree_size - 1)");
  }
  return crypto::merkle::inclusion_proof(
      static_cast<std::uint64_t>(seq), static_cast<std::uint64_t>(tree_size), impl_->subtree_fn());
}

std::vector<crypto::Digest> Books::consistency_proof(std::int64_t old_size,
                                                     std::int64_t new_size) const {
  check_size(new_size, entry_count(), "new_size");
  check_size(old_size, new_size, "old_size");
  return crypto::merkle::consistency_proof(static_cast<std::uint64_t>(old_size),
                                           static_cast<std::uint64_t>(new_size),
                                           impl_->subtree_fn());
}

}  // namespace trustfund::ledger
