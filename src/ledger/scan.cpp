// Reading the whole journal once, in order: for verification and export.
#include "books_impl.h"

namespace trustfund::ledger {

void Books::Impl::scan_entries(const std::function<void(const RecordedEntry&)>& visit) {
  // A dedicated statement (not the cache): visitors may run cached queries meanwhile. The first
  // nine columns are those read_entry_row expects.
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
      current = read_entry_row(st);
    }
    current.postings.push_back({st.text(9), money::Amount::from_fen(st.int64(10))});
  }
  if (have)
    visit(current);
}

}  // namespace trustfund::ledger
