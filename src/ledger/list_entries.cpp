// Paged listing of journal entries with filters, for the API and reports.
#include "books_impl.h"
#include "trustfund/core/error.h"

namespace trustfund::ledger {

std::vector<RecordedEntry> Books::list_entries(const EntryFilter& filter, std::int64_t after,
                                               int limit) const {
  if (limit < 1 || limit > 1000) {
    throw Error::invalid("page-size", "limit", "limit must be between 1 and 1000");
  }
  Impl& d = *impl_;
  std::int64_t account_id = 0;
  if (!filter.account.empty())
    account_id = d.chart.require(filter.account, "account").id;
  // One statement text per filter shape keeps the statement cache small (at most 16 shapes).
  std::string sql =
      std::string("SELECT seq, ") + kEntryColumns + " FROM journal_entry WHERE seq > ?1";
  if (!filter.kind.empty())
    sql += " AND kind = ?2";
  if (filter.from)
    sql += " AND accounting_date >= ?3";
  if (filter.to)
    sql += " AND accounting_date <= ?4";
  if (account_id)
    sql += " AND seq IN (SELECT seq FROM posting WHERE account_id = ?5 AND seq > ?1)";
  sql += " ORDER BY seq LIMIT ?6";
  std::vector<RecordedEntry> out;
  {
    store::Statement& st = d.statement(sql);
    st.bind(1, after);
    if (!filter.kind.empty())
      st.bind(2, filter.kind);
    if (filter.from)
      st.bind(3, filter.from->to_string());
    if (filter.to)
      st.bind(4, filter.to->to_string());
    if (account_id)
      st.bind(5, account_id);
    st.bind(6, static_cast<std::int64_t>(limit));
    while (st.step())
      out.push_back(read_entry_row(st));
  }
  for (RecordedEntry& e : out)
    d.load_postings(e);
  return out;
}

}  // namespace trustfund::ledger
