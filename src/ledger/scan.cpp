// Reading the whole journal once, in order: for verification and export.
#include "books_impl.h"

namespace trustfund::ledger {

void Books::Impl::scan_entries(const std::function<void(const RecordedEntry&)>& visit) {
  // A dedicated statement (not the cache): visitors may run cached queries meanwhile.
  store::Statement st = db.prepare(
      "SELECT e.seq, e.accounting_date, e.kind, e.memo, e.actor, e.recorded_at, e.reverses,"
      " e.canonical, e.leaf_hash, a.code, p.amount_fen"
      " FROM journal_entry e JOIN posting p ON p.seq = e.seq"
      " JOIN account a ON a.account_id = p.account_id ORDER BY e.seq, p.line");
  RecordedEntry current;
  bool have = false;
  while (st.step()) {
    const std::int64_t seq = st.int64(0);
    if (!have || seq != current.seq) {
      if (have)
        visit(current);
      have = true;
      current = RecordedEntry{};
      current.seq = seq;
      current.date = Date::parse(st.text_view(1));
      current.kind = st.text(2);
      current.memo = st.text(3);
      current.actor = st.text(4);
      current.recorded_at = st.text(5);
      if (!st.is_null(6))
        current.reverses = st.int64(6);
      const auto canonical = st.blob(7);
      current.canonical.assign(canonical.begin(), canonical.end());
      const auto leaf = st.blob(8);
      std::copy_n(leaf.begin(), std::min<std::size_t>(leaf.size(), 32), current.leaf_hash.begin());
    }
    current.postings.push_back({st.text(9), money::Amount::from_fen(st.int64(10))});
  }
  if (have)
    visit(current);
}

}  // namespace trustfund::ledger
