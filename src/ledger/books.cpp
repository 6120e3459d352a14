#include "trustfund/ledger/books.h"

#include "books_impl.h"
#include "trustfund/core/error.h"

namespace trustfund::ledger {
bool valid_unit_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxUnitCodeBytes || code.front() == '-' || code.back() == '-')
    return false;
  char prev = 0;
  for (const char c : code) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && !(c == '-' && prev != '-'))
      return false;
    prev = c;
  }
  return true;
}

RecordedEntry read_entry_row(const store::Statement& st) {
  RecordedEntry e;
  e.seq = st.int64(0);
  e.date = Date::parse(st.text_view(1));
  e.kind = st.text(2);
  e.memo = st.text(3);
  e.actor = st.text(4);
  e.recorded_at = st.text(5);
  if (!st.is_null(6))
    e.reverses = st.int64(6);
  const auto canonical = st.blob(7);
  e.canonical.assign(canonical.begin(), canonical.end());
  const auto leaf = st.blob(8);
  if (leaf.size() != e.leaf_hash.size()) {
    throw Error(ErrorKind::integrity, "leaf-hash", "",
                "entry " + std::to_string(e.seq) + " has a damaged leaf hash");
  }
  std::copy(leaf.begin(), leaf.end(), e.leaf_hash.begin());
  return e;
}

void Books::Impl::load_state() {
  {
    store::Statement st = db.prepare("SELECT estate_id, name FROM estate");
    if (!st.step()) {
      throw Error(ErrorKind::integrity, "estate-missing", "",
                  db.path().string() + " has no estate record");
    }
    estate_id = st.text(0);
    estate_name = st.text(1);
  }
  chart = Chart::load(db);
  closed_periods.clear();
  {
    store::Statement st = db.prepare("SELECT period FROM closed_period");
    while (st.step())
      closed_periods.insert(Period::parse(st.text_view(0)));
  }
  const auto size = db.query_int64("SELECT coalesce(max(seq) + 1, 0) FROM journal_entry");
  frontier = crypto::merkle::Frontier::restore(static_cast<std::uint64_t>(size), subtree_fn());
}

Books::Books(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Books::Books(Books&&) noexcept = default;
Books& Books::operator=(Books&&) noexcept = default;
Books::~Books() = default;

Books Books::create(store::Database db, const std::string& estate_id, const std::string& name) {
  {
    store::Transaction tx(db);
    db.prepare("INSERT INTO estate (singleton, estate_id, name, created_at) VALUES (1, ?1, ?2, ?3)")
        .bind(1, estate_id)
        .bind(2, name)
        .bind(3, utc_timestamp_now())
        .run();
    create_standard_chart(db);
    tx.commit();
  }
  return open(std::move(db));
}

Books Books::open(store::Database db) {
  auto impl = std::make_unique<Impl>(std::move(db));
  impl->load_state();
  return Books(std::move(impl));
}

const std::string& Books::estate_id() const noexcept {
  return impl_->estate_id;
}
const std::string& Books::estate_name() const noexcept {
  return impl_->estate_name;
}
const Chart& Books::chart() const noexcept {
  return impl_->chart;
}
store::Database& Books::database() noexcept {
  return impl_->db;
}

void Books::add_unit(const UnitInput& unit) {
  if (!valid_unit_code(unit.code)) {
    throw Error::invalid("unit-code", "code",
                         "unit code \"" + unit.code +
                             "\" must be up to 32 letters, digits and single '-', e.g. 3-2-1502");
  }
  if (unit.kind != "residential" && unit.kind != "commercial" && unit.kind != "parking") {
    throw Error::invalid(
        "unit-kind", "kind",
        "unit kind \"" + unit.kind + "\" must be residential, commercial or parking");
  }
  if (unit.area.hundredths_m2() <= 0) {
    throw Error::invalid("unit-area", "area", "a unit's area must be more than 0 m²");
  }
  if (unit.owner_ref.empty() || unit.owner_ref.size() > 200) {
    throw Error::invalid("unit-owner", "owner", "owner reference must be 1-200 characters");
  }
  if (impl_->writer_open) {
    throw Error::rule("writer-open", "", "cannot add a unit while a write is in progress");
  }
  Impl& d = *impl_;
  {
    store::Statement& st = d.statement("SELECT 1 FROM unit WHERE code = ?1");
    st.bind(1, unit.code);
    if (st.step()) {
      throw Error::conflict("unit-exists", "code", "unit " + unit.code + " already exists");
    }
  }
  std::vector<Account> added;
  {
    store::Transaction tx(d.db);
    d.statement(
         "INSERT INTO unit (code, kind, area_hundredths_m2, owner_ref, created_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, unit.code)
        .bind(2, unit.kind)
        .bind(3, unit.area.hundredths_m2())
        .bind(4, unit.owner_ref)
        .bind(5, utc_timestamp_now())
        .run();
    store::Statement& insert = d.statement(
        "INSERT INTO account (code, fund, type, name_zh, name_en, parent_id, unit_code)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const Account& control : d.chart.accounts()) {
      if (!control.per_unit)
        continue;
      Account a;
      a.code = unit_account_code(control.code, unit.code);
      a.fund = control.fund;
      a.type = control.type;
      a.name_zh = control.name_zh + "—" + unit.code;
      a.name_en = control.name_en + ": " + unit.code;
      a.parent_id = control.id;
      a.unit_code = unit.code;
      insert.bind(1, a.code)
          .bind(2, std::string_view(fund_code(a.fund)))
          .bind(3, std::string_view(to_string(a.type)))
          .bind(4, a.name_zh)
          .bind(5, a.name_en)
          .bind(6, control.id)
          .bind(7, unit.code)
          .run();
      a.id = d.db.last_insert_rowid();
      added.push_back(std::move(a));
    }
    tx.commit();
  }
  for (Account& a : added)
    d.chart.add(std::move(a));
}

std::vector<Unit> Books::units() const {
  std::vector<Unit> out;
  store::Statement& st =
      impl_->statement("SELECT code, kind, area_hundredths_m2, owner_ref FROM unit ORDER BY code");
  while (st.step()) {
    out.push_back(
        {st.text(0), st.text(1), money::Area::from_hundredths_m2(st.int64(2)), st.text(3)});
  }
  return out;
}

RecordedEntry Books::post(const EntryInput& entry, const std::string& actor) {
  Writer writer(*this);
  RecordedEntry recorded = writer.add(entry, actor);
  writer.commit();
  return recorded;
}

void Books::close_period(Period period, const std::string& actor) {
  if (impl_->writer_open) {
    throw Error::rule("writer-open", "", "cannot close a period while a write is in progress");
  }
  if (is_closed(period)) {
    throw Error::conflict("period-closed", "period",
                          "period " + period.to_string() + " is already closed");
  }
  store::Transaction tx(impl_->db);
  impl_->statement("INSERT INTO closed_period (period, closed_at, closed_by) VALUES (?1, ?2, ?3)")
      .bind(1, period.to_string())
      .bind(2, utc_timestamp_now())
      .bind(3, actor)
      .run();
  tx.commit();
  impl_->closed_periods.insert(period);
}

bool Books::is_closed(Period period) const {
  return impl_->closed_periods.contains(period);
}

void Books::refresh() {
  Impl& d = *impl_;
  if (d.writer_open)
    return;  // the writer's own view is current
  // A cached statement left on a row keeps the connection's read snapshot open (WAL), and every
  // read below would see the books as they were then: let go of all of them first.
  d.db.reset_cached();
  const auto size = d.db.query_int64("SELECT coalesce(max(seq) + 1, 0) FROM journal_entry");
  const auto accounts = d.db.query_int64("SELECT count(*) FROM account");
  if (static_cast<std::size_t>(accounts) != d.chart.accounts().size()) {
    d.chart = Chart::load(d.db);
  }
  if (static_cast<std::uint64_t>(size) != d.frontier.size()) {
    d.frontier =
        crypto::merkle::Frontier::restore(static_cast<std::uint64_t>(size), d.subtree_fn());
  }
  d.closed_periods.clear();
  store::Statement& st = d.statement("SELECT period FROM closed_period");
  while (st.step())
    d.closed_periods.insert(Period::parse(st.text_view(0)));
}

std::int64_t Books::entry_count() const {
  return static_cast<std::int64_t>(impl_->frontier.size());
}

RecordedEntry Books::entry(std::int64_t seq) const {
  return impl_->load_entry(seq);
}

RecordedEntry Books::Impl::load_entry(std::int64_t seq) {
  store::Statement& st =
      statement(std::string("SELECT seq, ") + kEntryColumns + " FROM journal_entry WHERE seq = ?1");
  st.bind(1, seq);
  if (!st.step()) {
    throw Error::not_found("entry-unknown", "seq", "no entry with seq " + std::to_string(seq));
  }
  RecordedEntry e = read_entry_row(st);
  load_postings(e);
  return e;
}

void Books::Impl::load_postings(RecordedEntry& e) {
  store::Statement& ps = statement(
      "SELECT a.code, p.amount_fen FROM posting p JOIN account a ON a.account_id = p.account_id"
      " WHERE p.seq = ?1 ORDER BY p.line");
  ps.bind(1, e.seq);
  while (ps.step())
    e.postings.push_back({ps.text(0), money::Amount::from_fen(ps.int64(1))});
}

}  // namespace trustfund::ledger
