// The ledger's own writes as users make them; see writes.h.
#include "trustfund/ledger/writes.h"

#include "trustfund/ledger/audited_write.h"

namespace trustfund::ledger {
Books create_estate(store::DataDir& dir, const std::string& estate_id, const std::string& name,
                    const Actor& actor) {
  Books books = Books::create(dir.create_estate(estate_id, name), estate_id, name);
  AuditedWrite(books, actor).commit("create_estate", "estate:" + estate_id);
  return books;
}

void add_unit(Books& books, const UnitInput& unit, const Actor& actor) {
  AuditedWrite write(books, actor);
  books.add_unit(unit);
  write.commit("add_unit", "unit:" + unit.code, unit.kind + " " + unit.area.to_string() + " m2");
}

void import_units(Books& books, const std::vector<UnitInput>& units, const Actor& actor) {
  AuditedWrite write(books, actor);
  for (const UnitInput& unit : units)
    books.add_unit(unit);
  write.commit("import_units", "estate:" + books.estate_id(),
               std::to_string(units.size()) + " units");
}

ActionRecord posted_entry_record(const Actor& actor, const RecordedEntry& entry) {
  return actor.record("post_entry", "entry:" + std::to_string(entry.seq), entry.kind);
}

RecordedEntry post_entry(Books& books, const EntryInput& entry, const Actor& actor) {
  AuditedWrite write(books, actor);
  const RecordedEntry recorded = books.post(entry, actor.name());
  if (recorded.replayed)
    return recorded;  // nothing written: the write rolls back an empty transaction
  const ActionRecord row = posted_entry_record(actor, recorded);
  write.commit(row.action, row.target, row.detail);
  return recorded;
}

RecordedEntry reverse_entry(Books& books, std::int64_t seq, Date date, std::string memo,
                            const Actor& actor) {
  const RecordedEntry original = books.entry(seq);
  EntryInput e;
  e.date = date;
  e.kind = "reversal";
  e.memo = memo.empty() ? "reversal of entry " + std::to_string(seq) : std::move(memo);
  e.reverses = seq;
  for (const PostingInput& p : original.postings)
    e.postings.push_back({p.account, -p.amount});
  AuditedWrite write(books, actor);
  const RecordedEntry recorded = books.post(e, actor.name());
  write.commit("reverse_entry", "entry:" + std::to_string(recorded.seq),
               "reverses " + std::to_string(seq));
  return recorded;
}

void close_period(Books& books, Period period, const Actor& actor) {
  AuditedWrite write(books, actor);
  books.close_period(period, actor.name());
  write.commit("close_period", "period:" + period.to_string());
}

}  // namespace trustfund::ledger
