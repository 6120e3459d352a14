// Closing a month and publishing its statement; see statement.h and docs/statements.md.
#include "trustfund/statements/statement.h"

#include <algorithm>
#include <array>
#include <fstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "figures.h"
#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/core/utf8.h"
#include "trustfund/crypto/hex.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/crypto/merkle.h"
#include "trustfund/crypto/random.h"
#include "trustfund/crypto/sha256.h"
#include "trustfund/fees/schedule.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/repairfund/subaccounts.h"
#include "trustfund/statements/statement_html.h"
#include "trustfund/statements/verify.h"

namespace trustfund::statements {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string blob_text(std::span<const std::uint8_t> b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

// The month may close: in order, billed, orders whole, the repair fund reconciled.
void check_can_close(ledger::Books& books, Period month) {
  store::Database& db = books.database();
  {
    store::Statement& st =
        db.cached("SELECT count(*) FROM journal_entry WHERE accounting_date < ?1");
    st.bind(1, month.first_day().to_string());
    st.step();
    const bool earlier = st.int64(0) > 0;
    st.reset();
    if (earlier && !books.is_closed(month.previous())) {
      throw Error::rule("close-in-order", "period",
                        "close " + month.previous().to_string() + " first: months close in order");
    }
  }
  const bool schedule = [&] {
    for (const fees::Schedule& s : fees::list_schedules(books)) {
      if (s.effective_from <= month)
        return true;
    }
    return false;
  }();
  if (schedule && !books.units().empty()) {
    store::Statement& st = db.cached("SELECT count(*) FROM fee_bill WHERE period = ?1");
    st.bind(1, month.to_string());
    st.step();
    const bool billed = st.int64(0) > 0;
    st.reset();
    if (!billed) {
      throw Error::rule("close-not-billed", "period",
                        "the billing run of " + month.to_string() + " is not done");
    }
  }
  {
    store::Statement& st = db.cached(
        "SELECT count(*) FROM disbursement_order o WHERE o.state = 'executed'"
        " AND (o.entry_seq NOT IN (SELECT seq FROM journal_entry)"
        "      OR (SELECT count(*) FROM order_bank_file f WHERE f.order_no = o.order_no) < 2)");
    st.step();
    const std::int64_t broken = st.int64(0);
    st.reset();
    if (broken > 0) {
      throw Error(ErrorKind::integrity, "close-order-incomplete", "period",
                  std::to_string(broken) + " executed orders lack their entry or bank files");
    }
  }
  if (!repairfund::reconcile(books, month.last_day()).balanced) {
    throw Error(ErrorKind::integrity, "close-repair-fund", "period",
                "the repair fund does not reconcile with its unit sub-accounts at month end");
  }
}

std::string custodians_json(const ledger::Books& books, const escrow::CustodianSet& set) {
  Array::Ptr list = new Array;
  for (const escrow::Custodian& c : set.custodians) {
    Object::Ptr o = new Object;
    o->set("certificate", c.certificate.to_pem());
    o->set("key_id", c.key_id_hex);
    o->set("role", std::string(escrow::to_string(c.role)));
    list->add(o);
  }
  Object::Ptr o = new Object;
  o->set("custodians", list);
  o->set("estate", books.estate_id());
  o->set("format", std::string(kCustodiansFormat));
  o->set("version", set.version);
  return crypto::canonicalize(o);
}

// A month's leaf (trustfund-resident-leaf/1), or a view's with the arrears and prepayment at its
// end (trustfund-resident-view-leaf/1).
std::string leaf_json(const ledger::Books& books, const std::string& key, const ResidentFigures& r,
                      const std::string& salt_hex) {
  Object::Ptr o = new Object;
  if (r.arrears)
    o->set("arrears", r.arrears->to_string());
  o->set("balance", r.balance.to_string());
  o->set("billed", r.billed.to_string());
  o->set("estate", books.estate_id());
  o->set("format", std::string(r.arrears ? kResidentViewLeafFormat : kResidentLeafFormat));
  o->set("paid", r.paid.to_string());
  o->set("period", key);
  if (r.prepaid)
    o->set("prepaid", r.prepaid->to_string());
  o->set("repair_balance", r.repair_balance.to_string());
  o->set("salt", salt_hex);
  o->set("unit", r.unit_code);
  return crypto::canonicalize(o);
}

void insert_file(store::Database& db, const std::string& key, const std::string& name,
                 const char* media_type, const std::string& content) {
  db.cached(
        "INSERT INTO statement_file (period_key, name, media_type, content, sha256)"
        " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, key)
      .bind(2, name)
      .bind(3, media_type)
      .bind_blob(4, bytes(content))
      .bind_blob(5, crypto::sha256(content))
      .run();
}

std::optional<Statement> load(store::Database& db, const std::string& key) {
  store::Statement& st = db.cached(
      "SELECT kind, state, manifest, manifest_sha256, custodian_set_version, tree_size,"
      " closed_at, closed_by, coalesce(published_at, '') FROM statement WHERE period_key = ?1");
  st.bind(1, key);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  Statement s;
  s.period_key = key;
  s.kind = st.text(0);
  s.state = st.text_view(1) == "published" ? StatementState::published
                                           : StatementState::awaiting_signatures;
  s.manifest = st.text(2);
  s.manifest_sha256_hex = crypto::to_hex(st.blob(3));
  s.custodian_set_version = st.int64(4);
  s.tree_size = st.int64(5);
  s.closed_at = st.text(6);
  s.closed_by = st.text(7);
  s.published_at = st.text(8);
  st.reset();
  {
    store::Statement& f = db.cached(
        "SELECT name, media_type, sha256 FROM statement_file WHERE period_key = ?1 ORDER BY name");
    f.bind(1, key);
    while (f.step())
      s.files.push_back({f.text(0), f.text(1), crypto::to_hex(f.blob(2)), ""});
    f.reset();
  }
  {
    store::Statement& g = db.cached(
        "SELECT signers FROM statement_signature WHERE period_key = ?1"
        " ORDER BY signature_id DESC LIMIT 1");
    g.bind(1, key);
    if (g.step())
      s.signature = escrow::signers_from_json(g.text_view(0));
    g.reset();
  }
  store::Statement& n = db.cached(
      "SELECT note_id, kind, answers, text, coalesce(unit_code, ''), by_actor, at"
      " FROM statement_note WHERE period_key = ?1 ORDER BY note_id");
  n.bind(1, key);
  while (n.step()) {
    StatementNote note;
    note.id = n.int64(0);
    note.kind = n.text(1);
    if (!n.is_null(2))
      note.answers = n.int64(2);
    note.text = n.text(3);
    note.unit_code = n.text(4);
    note.by = n.text(5);
    note.at = n.text(6);
    s.notes.push_back(std::move(note));
  }
  n.reset();
  return s;
}

Statement require(store::Database& db, const std::string& key) {
  std::optional<Statement> s = load(db, key);
  if (!s)
    throw Error::not_found("statement-unknown", "period", "no statement for " + key);
  return std::move(*s);
}

// The resident leaves of a statement in leaf order: (unit code, leaf).
std::vector<std::pair<std::string, std::string>> load_leaves(store::Database& db,
                                                             const std::string& key) {
  std::vector<std::pair<std::string, std::string>> out;
  store::Statement& st = db.cached(
      "SELECT unit_code, leaf FROM resident_leaf WHERE period_key = ?1 ORDER BY leaf_index");
  st.bind(1, key);
  while (st.step())
    out.emplace_back(st.text(0), st.text(1));
  st.reset();
  return out;
}

// What a statement publishes, month or view.
struct Build {
  std::string key, kind;
  MonthFigures fig;
  std::int64_t previous_tree_size = 0, tree_size = 0;
  std::string previous_manifest_sha256;
  std::vector<std::pair<std::string, std::string>> months;  // a view's: (month, manifest SHA-256)
};

// Writes the statement `b` awaiting its signatures: the salted resident tree, the files and the
// manifest naming them. Inside the caller's transaction.
void insert_statement(ledger::Books& books, const escrow::CustodianSet& set, const Build& b,
                      const std::string& actor) {
  store::Database& db = books.database();
  const bool month = b.kind == "month";
  // Resident tree: one salted leaf per unit, in unit-code order.
  crypto::merkle::MemoryTree tree;
  std::vector<std::string> leaves;
  leaves.reserve(b.fig.residents.size());
  for (const ResidentFigures& r : b.fig.residents) {
    std::array<std::uint8_t, 16> salt{};
    crypto::random_bytes(salt);
    leaves.push_back(leaf_json(books, b.key, r, crypto::to_hex(salt)));
    tree.append_hash(crypto::merkle::leaf_hash(leaves.back()));
  }

  const std::string html = statement_html(b.fig.statement_json);
  const std::string custodians = custodians_json(books, set);
  std::string pem;
  for (const escrow::Custodian& c : set.custodians)
    pem += c.certificate.to_pem();

  Object::Ptr manifest = new Object;
  manifest->set("custodian_set_version", set.version);
  manifest->set("estate", books.estate_id());
  Array::Ptr files = new Array;
  std::vector<std::pair<const char*, const std::string*>> named = {
      {"custodians.json", &custodians},
      {"entries.csv", &b.fig.entries_csv},
      {"statement.html", &html},
      {"statement.json", &b.fig.statement_json}};
  if (!month)  // a view's entries are its months'
    named.erase(named.begin() + 1);
  for (const auto& [name, content] : named) {
    Object::Ptr f = new Object;
    f->set("name", std::string(name));
    f->set("sha256", crypto::to_hex(crypto::sha256(*content)));
    files->add(f);
  }
  manifest->set("files", files);
  manifest->set("format", std::string(month ? kManifestFormat : kViewManifestFormat));
  Object::Ptr journal = new Object;
  Array::Ptr proof = new Array;
  for (const crypto::Digest& d : books.consistency_proof(b.previous_tree_size, b.tree_size))
    proof->add(crypto::to_hex(d));
  journal->set("consistency_proof", proof);
  journal->set("previous_root",
               crypto::to_hex(b.previous_tree_size == 0 ? crypto::merkle::empty_root()
                                                        : books.root(b.previous_tree_size)));
  journal->set("previous_tree_size", b.previous_tree_size);
  journal->set("root", crypto::to_hex(books.root(b.tree_size)));
  journal->set("tree_size", b.tree_size);
  manifest->set("journal", journal);
  manifest->set("kind", b.kind);
  if (!month) {
    Array::Ptr months = new Array;
    for (const auto& [period, sha] : b.months) {
      Object::Ptr m = new Object;
      m->set("manifest_sha256", sha);
      m->set("period", period);
      months->add(m);
    }
    manifest->set("months", months);
  }
  manifest->set("period", b.key);
  manifest->set("previous_manifest_sha256", b.previous_manifest_sha256);
  Object::Ptr residents = new Object;
  residents->set("leaf_count", static_cast<std::int64_t>(b.fig.residents.size()));
  residents->set("root", crypto::to_hex(tree.root()));
  manifest->set("residents", residents);
  const std::string manifest_json = crypto::canonicalize(manifest);

  db.cached(
        "INSERT INTO statement (period_key, kind, state, manifest, manifest_sha256,"
        " custodian_set_version, tree_size, closed_at, closed_by)"
        " VALUES (?1, ?2, 'awaiting_signatures', ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(1, b.key)
      .bind(2, b.kind)
      .bind(3, manifest_json)
      .bind_blob(4, crypto::sha256(manifest_json))
      .bind(5, set.version)
      .bind(6, b.tree_size)
      .bind(7, utc_timestamp_now())
      .bind(8, actor)
      .run();
  store::Statement& leaf_ins = db.cached(
      "INSERT INTO resident_leaf (period_key, unit_code, leaf_index, leaf) VALUES (?1, ?2, ?3, "
      "?4)");
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    leaf_ins.bind(1, b.key)
        .bind(2, b.fig.residents[i].unit_code)
        .bind(3, static_cast<std::int64_t>(i))
        .bind(4, leaves[i])
        .run();
  }
  insert_file(db, b.key, "statement.json", "application/json", b.fig.statement_json);
  insert_file(db, b.key, "statement.html", "text/html", html);
  if (month)
    insert_file(db, b.key, "entries.csv", "text/csv", b.fig.entries_csv);
  insert_file(db, b.key, "custodians.json", "application/json", custodians);
  insert_file(db, b.key, "custodians.pem", "application/x-pem-file", pem);
}

std::string two_digits(unsigned n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

// The key of the statement of `kind` that covers `month`.
std::string key_of(const std::string& kind, Period month) {
  std::string key = std::to_string(month.year());
  if (kind == "month")
    key.append("-").append(two_digits(month.month()));
  else if (kind == "quarter")
    key.append("-Q").append(std::to_string((month.month() - 1) / 3 + 1));
  else if (kind == "half")
    key.append("-H").append(std::to_string((month.month() - 1) / 6 + 1));
  return key;
}

// `why`: what to do instead ("corrections go in a later month").
void require_new(store::Database& db, const std::string& key, std::string_view why) {
  if (load(db, key)) {
    std::string message = "the statement of ";
    message.append(key).append(" exists; ").append(why);
    throw Error::conflict("statement-exists", "period", message);
  }
}

// The action a note of `kind` is logged as: the supervisor's attestation or objection, a
// resident's objection, the treasurer's answer.
const char* note_action(const std::string& kind) {
  if (kind == "resident_objection")
    return "object_to_statement";
  if (kind == "answer")
    return "answer_statement_note";
  return "attest_statement";
}

}  // namespace

StatementPeriod statement_period(std::string_view text, std::string_view field) {
  const auto digits = [&](std::size_t from, std::size_t n) {
    return text.size() >= from + n &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (text.size() == 7 && digits(0, 4) && text[4] == '-' && digits(5, 2)) {
    const Period m = Period::parse(text, field);
    return {m.to_string(), "month", {m}};
  }
  const int year = digits(0, 4) ? std::stoi(std::string(text.substr(0, 4))) : 0;
  StatementPeriod p;
  unsigned first = 0, count = 0;
  if (year >= 1900 && text.size() == 4) {
    p.kind = "year";
    first = 1;
    count = 12;
  } else if (year >= 1900 && text.size() == 7 && text[4] == '-' && text[6] >= '1') {
    const unsigned n = static_cast<unsigned>(text[6] - '0');
    if (text[5] == 'Q' && n <= 4) {
      p.kind = "quarter";
      first = 3 * n - 2;
      count = 3;
    } else if (text[5] == 'H' && n <= 2) {
      p.kind = "half";
      first = 6 * n - 5;
      count = 6;
    }
  }
  if (p.kind.empty()) {
    std::string why(field);
    why.append(" \"").append(text).append(
        "\" is not a statement period; write a month 2026-10, a quarter 2026-Q3, a half 2026-H2 "
        "or a year 2026");
    throw Error::invalid("period-syntax", std::string(field), why);
  }
  p.key = std::string(text);
  for (unsigned m = first; m < first + count; ++m)
    p.months.push_back(Period::from_ym(year, m));
  return p;
}

std::vector<StatementPeriod> views_ending(Period month) {
  std::vector<StatementPeriod> out;
  for (const char* kind : {"quarter", "half", "year"}) {
    StatementPeriod p = statement_period(key_of(kind, month));
    if (p.months.back() == month)
      out.push_back(std::move(p));
  }
  return out;
}

const char* to_string(StatementState state) noexcept {
  return state == StatementState::published ? "published" : "awaiting_signatures";
}

Statement close_month(ledger::Books& books, Period month, const ledger::Actor& actor) {
  books.refresh();
  store::Database& db = books.database();
  const std::string key = month.to_string();
  require_new(db, key, "corrections go in a later month");
  check_can_close(books, month);
  const escrow::CustodianSet set = escrow::current_custodians(books);
  ledger::AuditedWrite write(books, actor);
  if (!books.is_closed(month))  // closed already by `period close`: the statement is built now
    books.close_period(month, actor.name());

  // The previous statement: its manifest's hash and journal tree, for the chain.
  Build b;
  b.key = key;
  b.kind = "month";
  {
    store::Statement& st = db.cached(
        "SELECT manifest_sha256, tree_size FROM statement WHERE kind = 'month' AND period_key < ?1"
        " ORDER BY period_key DESC LIMIT 1");
    st.bind(1, key);
    if (st.step()) {
      b.previous_manifest_sha256 = crypto::to_hex(st.blob(0));
      b.previous_tree_size = st.int64(1);
    }
    st.reset();
  }
  b.tree_size = books.entry_count();
  b.fig = month_figures(books, month, b.tree_size, crypto::to_hex(books.root(b.tree_size)),
                        b.previous_manifest_sha256);
  insert_statement(books, set, b, actor.name());
  write.commit("close_month", "statement:" + key);
  return statement(books, key);
}

Statement build_view(ledger::Books& books, const std::string& period_key,
                     const ledger::Actor& actor) {
  const StatementPeriod p = statement_period(period_key);
  if (p.kind == "month") {
    throw Error::invalid("period-syntax", "period",
                         "a view is a quarter (2026-Q3), a half (2026-H2) or a year (2026); a "
                         "month's statement is made by closing the month");
  }
  books.refresh();
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  require_new(db, p.key, "a view is built once, from its months as they were published");
  Build b;
  b.key = p.key;
  b.kind = p.kind;
  std::vector<MonthSource> months;
  for (const Period m : p.months) {
    const std::string month_key = m.to_string();
    const std::optional<Statement> s = load(db, month_key);
    if (!s || s->state != StatementState::published) {
      std::string why = "the view ";
      why.append(p.key).append(" is built from published months: ").append(month_key);
      why.append(!s ? " is not closed yet" : " waits for both custodians' signatures");
      throw Error::rule("view-month-unpublished", "period", why);
    }
    MonthSource src{
        m, statement_file(books, month_key, "statement.json").content, s->manifest_sha256_hex, {}};
    for (auto& [unit, leaf] : load_leaves(db, month_key))
      src.leaves.push_back(std::move(leaf));
    if (months.empty()) {
      const json::ErrorFaults faults = json::ErrorFaults::stored("manifest");
      const json::Document manifest(s->manifest, faults);
      b.previous_tree_size = manifest.object().object("journal").integer("previous_tree_size", 0);
    }
    b.tree_size = s->tree_size;
    b.months.emplace_back(month_key, s->manifest_sha256_hex);
    months.push_back(std::move(src));
  }
  // The chain: the view of the same kind just before this one, if it was built.
  if (const std::optional<Statement> before = load(db, key_of(p.kind, p.months.front().previous())))
    b.previous_manifest_sha256 = before->manifest_sha256_hex;
  b.fig = view_figures(books, b.key, b.kind, months, b.previous_manifest_sha256);
  insert_statement(books, escrow::current_custodians(books), b, actor.name());
  write.commit("build_view", "statement:" + p.key);
  return statement(books, p.key);
}

Statement add_signature(ledger::Books& books, const std::string& key, std::string_view cms_der,
                        const ledger::Actor& actor) {
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Statement s = require(db, key);
  if (s.state == StatementState::published)
    throw Error::conflict("statement-published", "period", "the statement is published");
  const escrow::CustodianSet set = escrow::custodian_set(books, s.custodian_set_version);
  const escrow::SignatureReview review = escrow::review_signature(books, set, cms_der, s.manifest);
  if (s.signature)
    escrow::require_keeps_signers(*s.signature, review);

  const std::string now = utc_timestamp_now();
  db.cached(
        "INSERT INTO statement_signature (period_key, cms, signers, uploaded_at, uploaded_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, key)
      .bind_blob(2, bytes(cms_der))
      .bind(3, escrow::signers_to_json(review))
      .bind(4, now)
      .bind(5, actor.name())
      .run();
  if (review.approved()) {
    insert_file(db, key, "manifest.p7s", "application/pkcs7-signature", std::string(cms_der));
    db.cached("UPDATE statement SET state = 'published', published_at = ?2 WHERE period_key = ?1")
        .bind(1, key)
        .bind(2, now)
        .run();
  }
  write.commit("sign_statement", "statement:" + key);
  return statement(books, key);
}

Statement add_note(ledger::Books& books, const std::string& key, const std::string& kind,
                   const std::string& text, const std::string& unit_code,
                   std::optional<std::int64_t> answers, const ledger::Actor& actor) {
  if (kind != "attestation" && kind != "objection" && kind != "resident_objection" &&
      kind != "answer")
    throw Error::invalid("note-kind", "kind",
                         "a note is an attestation, objection, resident_objection or answer");
  // A note may run over several lines (line feeds); no other control character.
  if (text.empty() || text.size() > 4000 || !utf8::is_clean(text, utf8::Lines::multiple))
    throw Error::invalid("note-text", "text", "1-4000 bytes of text");
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  const Statement s = require(db, key);
  if (kind == "answer") {
    const bool found = answers && std::any_of(s.notes.begin(), s.notes.end(), [&](const auto& n) {
                         return n.id == *answers && n.kind != "answer";
                       });
    if (!found)
      throw Error::invalid("note-answers", "answers", "an answer names a note of this statement");
  }
  store::Statement& st = db.cached(
      "INSERT INTO statement_note (period_key, kind, answers, text, unit_code, by_actor, at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  st.bind(1, key).bind(2, kind);
  if (kind == "answer")
    st.bind(3, *answers);
  else
    st.bind_null(3);
  st.bind(4, text);
  if (unit_code.empty())
    st.bind_null(5);
  else
    st.bind(5, unit_code);
  st.bind(6, actor.name()).bind(7, utc_timestamp_now()).run();
  write.commit(note_action(kind), "statement:" + key);
  return statement(books, key);
}

Statement statement(ledger::Books& books, const std::string& key) {
  return require(books.database(), key);
}

std::vector<Statement> list_statements(ledger::Books& books) {
  store::Statement& st =
      books.database().cached("SELECT period_key FROM statement ORDER BY period_key");
  std::vector<std::string> keys;
  while (st.step())
    keys.push_back(st.text(0));
  st.reset();
  std::vector<Statement> out;
  for (const std::string& k : keys)
    out.push_back(statement(books, k));
  return out;
}

StatementFile statement_file(ledger::Books& books, const std::string& key,
                             const std::string& name) {
  store::Database& db = books.database();
  const Statement s = require(db, key);
  if (name == "manifest.json") {
    return {name, "application/json", s.manifest_sha256_hex, s.manifest};
  }
  store::Statement& st = db.cached(
      "SELECT media_type, content, sha256 FROM statement_file WHERE period_key = ?1 AND name = ?2");
  st.bind(1, key).bind(2, name);
  if (!st.step()) {
    st.reset();
    throw Error::not_found("statement-file-unknown", "name",
                           "statement " + key + " has no file " + name);
  }
  StatementFile f{name, st.text(0), crypto::to_hex(st.blob(2)), blob_text(st.blob(1))};
  st.reset();
  return f;
}

std::vector<StatementFile> published_files(ledger::Books& books, const std::string& key) {
  const Statement s = statement(books, key);
  if (s.state != StatementState::published) {
    throw Error::rule("statement-unpublished", "period",
                      "the statement of " + key + " waits for both custodians' signatures");
  }
  std::vector<StatementFile> files = {statement_file(books, key, "manifest.json")};
  for (const StatementFile& f : s.files)
    files.push_back(statement_file(books, key, f.name));
  return files;
}

void export_statement(ledger::Books& books, const std::string& key,
                      const std::filesystem::path& dir) {
  const std::vector<StatementFile> files = published_files(books, key);
  std::filesystem::create_directories(dir);
  for (const StatementFile& f : files) {
    const std::filesystem::path path = dir / f.name;
    if (std::filesystem::exists(path))
      throw Error::conflict("file-exists", "out", path.string() + " exists; nothing overwritten");
    std::ofstream out(path, std::ios::binary);
    out << f.content;
    out.close();
    if (!out)
      throw Error(ErrorKind::storage, "file-write", "out", "cannot write " + path.string());
  }
}

std::string resident_proof(ledger::Books& books, const std::string& key,
                           const std::string& unit_code) {
  store::Database& db = books.database();
  const Statement s = require(db, key);
  std::vector<crypto::Digest> leaves;
  std::string leaf;
  std::int64_t index = -1;
  for (const auto& [unit, text] : load_leaves(db, key)) {
    leaves.push_back(crypto::merkle::leaf_hash(text));
    if (unit == unit_code) {
      index = static_cast<std::int64_t>(leaves.size()) - 1;
      leaf = text;
    }
  }
  if (index < 0)
    throw Error::not_found("unit-unknown", "unit", "no unit " + unit_code + " in " + key);
  crypto::merkle::MemoryTree tree;
  for (const crypto::Digest& d : leaves)
    tree.append_hash(d);
  Object::Ptr o = new Object;
  o->set("estate", books.estate_id());
  o->set("format", std::string(kResidentProofFormat));
  o->set("leaf", leaf);
  o->set("leaf_count", static_cast<std::int64_t>(leaves.size()));
  o->set("leaf_index", index);
  o->set("period", key);
  Array::Ptr proof = new Array;
  for (const crypto::Digest& d : crypto::merkle::inclusion_proof(static_cast<std::uint64_t>(index),
                                                                 tree.size(), tree.subtree_fn()))
    proof->add(crypto::to_hex(d));
  o->set("proof", proof);
  o->set("root", crypto::to_hex(tree.root()));
  return crypto::canonicalize(o);
}

void set_budget(ledger::Books& books, int year, const std::string& line, money::Amount amount,
                const ledger::Actor& actor) {
  if (year < 2000 || year > 9999)
    throw Error::invalid("budget-year", "year", "a year from 2000 to 9999");
  if (line.empty() || line.size() > 100 || !utf8::is_clean(line))
    throw Error::invalid("budget-line", "budget_line", "a budget line of 1-100 bytes of text");
  if (amount.is_negative())
    throw Error::invalid("budget-amount", "amount", "a budget is not negative");
  ledger::AuditedWrite write(books, actor);
  books.database()
      .cached(
          "INSERT INTO statement_budget (year, budget_line, amount_fen, set_at, set_by)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, std::int64_t{year})
      .bind(2, line)
      .bind(3, amount.fen())
      .bind(4, utc_timestamp_now())
      .bind(5, actor.name())
      .run();
  write.commit("set_budget", "budget:" + std::to_string(year));
}

}  // namespace trustfund::statements
