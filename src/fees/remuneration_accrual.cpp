#include "trustfund/fees/remuneration_accrual.h"

#include <charconv>

#include "trustfund/core/error.h"
#include "trustfund/ledger/audited_write.h"
#include "trustfund/store/database.h"

namespace trustfund::fees {

namespace accounts = ledger::accounts;
namespace {

RemunerationBasis parse_basis(std::string_view text) {
  for (const auto basis :
       {RemunerationBasis::fixed, RemunerationBasis::percent_of_collected,
        RemunerationBasis::percent_of_billed, RemunerationBasis::percent_of_costs,
        RemunerationBasis::tiered_by_collection_rate}) {
    if (text == to_string(basis))
      return basis;
  }
  throw Error(ErrorKind::integrity, "remuneration-terms-corrupt", "basis",
              "stored remuneration terms name an unknown basis");
}

std::string tiers_text(const std::vector<RemunerationTier>& tiers) {
  std::string out;
  for (const auto& t : tiers) {
    if (!out.empty())
      out += ',';
    out.append(std::to_string(t.from_collection_rate_bp))
        .append(":")
        .append(std::to_string(t.rate.millionths()));
  }
  return out;
}

std::int64_t to_int(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw Error(ErrorKind::integrity, "remuneration-terms-corrupt", "tiers",
                "stored remuneration tiers are malformed");
  }
  return v;
}

std::vector<RemunerationTier> parse_tiers(std::string_view text) {
  std::vector<RemunerationTier> tiers;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos)
      return parse_tiers("x");  // reports the corruption below
    tiers.push_back({to_int(item.substr(0, colon)),
                     money::Rate::from_millionths(to_int(item.substr(colon + 1)))});
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return tiers;
}

RemunerationTerms read_terms(const store::Statement& st) {
  RemunerationTerms t;
  t.effective_from = Period::parse(st.text_view(0)).first_day();
  t.basis = parse_basis(st.text_view(1));
  t.fixed_per_month = money::Amount::from_fen(st.int64(2));
  t.rate = money::Rate::from_millionths(st.int64(3));
  t.tiers = parse_tiers(st.text_view(4));
  return t;
}

std::optional<std::int64_t> terms_id_in_force(store::Database& db, Period month) {
  store::Statement& st = db.cached(
      "SELECT terms_id FROM remuneration_terms WHERE effective_from <= ?1 "
      "ORDER BY effective_from DESC LIMIT 1");
  st.bind(1, month.to_string());
  std::optional<std::int64_t> id;
  if (st.step())
    id = st.int64(0);
  st.reset();
  return id;
}

}  // namespace

void set_remuneration_terms(ledger::Books& books, const RemunerationTerms& terms,
                            const ledger::Actor& actor) {
  validate(terms);
  const Period from = Period::of(terms.effective_from);
  store::Database& db = books.database();
  ledger::AuditedWrite write(books, actor);
  {
    store::Statement st = db.prepare("SELECT 1 FROM remuneration_terms WHERE effective_from = ?1");
    st.bind(1, from.to_string());
    if (st.step()) {
      throw Error::conflict("remuneration-terms-exist", "effective_from",
                            "remuneration terms already start in " + from.to_string());
    }
  }
  {
    store::Statement st = db.prepare("SELECT max(period) FROM remuneration_accrual");
    if (st.step() && !st.is_null(0) && st.text(0) >= from.to_string()) {
      throw Error::rule("remuneration-rewrites-accruals", "effective_from",
                        "remuneration up to " + st.text(0) +
                            " is accrued: new terms can start in a later month only");
    }
  }
  db.prepare(
        "INSERT INTO remuneration_terms (effective_from, basis, fixed_fen, rate_millionths, tiers,"
        " created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, from.to_string())
      .bind(2, to_string(terms.basis))
      .bind(3, terms.fixed_per_month.fen())
      .bind(4, terms.rate.millionths())
      .bind(5, tiers_text(terms.tiers))
      .bind(6, utc_timestamp_now())
      .bind(7, actor.name())
      .run();
  write.commit("set_remuneration_terms", "from:" + from.to_string(), to_string(terms.basis));
}

std::optional<RemunerationTerms> remuneration_terms_in_force(ledger::Books& books, Period month) {
  store::Database& db = books.database();
  const auto id = terms_id_in_force(db, month);
  if (!id)
    return std::nullopt;
  store::Statement st = db.prepare(
      "SELECT effective_from, basis, fixed_fen, rate_millionths, tiers FROM remuneration_terms "
      "WHERE terms_id = ?1");
  st.bind(1, *id);
  st.step();
  return read_terms(st);
}

RemunerationInputs remuneration_inputs(ledger::Books& books, Period month) {
  RemunerationInputs in;
  in.period = month;
  for (const ledger::AccountBalance& b : books.period_balances(month)) {
    const std::string& code = b.account->code;
    if (ledger::is_unit_account_of(code, accounts::kFeesReceivable)) {
      in.fees_billed += b.debit;
      in.fees_collected += b.credit;
    } else if (ledger::is_head_of(code, accounts::kServiceCosts)) {
      in.costs += b.debit - b.credit;
    }
  }
  if (in.costs.fen() < 0)
    in.costs = money::Amount();
  return in;
}

RemunerationAccrual accrue_remuneration(ledger::Books& books, Period month,
                                        money::Amount deductions,
                                        const std::string& deduction_reason,
                                        const ledger::Actor& actor) {
  if (books.is_closed(month)) {
    throw Error::rule("period-closed", "month",
                      "period " + month.to_string() + " is closed: nothing can be accrued in it");
  }
  store::Database& db = books.database();
  const auto terms_id = terms_id_in_force(db, month);
  if (!terms_id) {
    throw Error::not_found("remuneration-no-terms", "month",
                           "no remuneration terms are in force for " + month.to_string());
  }
  {
    store::Statement st = db.prepare("SELECT 1 FROM remuneration_accrual WHERE period = ?1");
    st.bind(1, month.to_string());
    if (st.step()) {
      throw Error::conflict("remuneration-accrued", "month",
                            "the remuneration of " + month.to_string() + " is accrued already");
    }
  }
  const RemunerationTerms terms = *remuneration_terms_in_force(books, month);
  RemunerationAccrual accrual;
  accrual.period = month;
  accrual.inputs = remuneration_inputs(books, month);
  accrual.inputs.deductions = deductions;
  accrual.inputs.deduction_reason = deduction_reason;
  accrual.computation = compute_remuneration(terms, accrual.inputs);
  const RemunerationComputation& c = accrual.computation;

  ledger::AuditedWrite write(books,
                             actor);  // the entry and its accrual row commit together or not at all
  if (!c.amount.is_zero()) {
    ledger::EntryInput e;
    e.date = month.last_day();
    e.kind = "remuneration";
    e.memo = "酬金 Remuneration " + month.to_string() + ": " + c.explanation;
    if (e.memo.size() > ledger::kMaxMemoBytes)
      e.memo = "酬金 Remuneration " + month.to_string();
    e.postings = {{accounts::kRemuneration, c.amount}, {accounts::kRemunerationPayable, -c.amount}};
    ledger::Books::Writer writer(books);
    accrual.entry_seq = writer.add(e, actor.name()).seq;
    writer.commit();
  }
  store::Statement insert = db.prepare(
      "INSERT INTO remuneration_accrual (period, terms_id, entry_seq, base_fen, rate_millionths,"
      " tier, collection_rate, gross_fen, deductions_fen, deduction_reason, amount_fen,"
      " explanation, created_at, created_by)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  insert.bind(1, month.to_string()).bind(2, *terms_id);
  if (accrual.entry_seq)
    insert.bind(3, *accrual.entry_seq);
  else
    insert.bind_null(3);
  insert.bind(4, c.base.fen())
      .bind(5, c.rate_applied.millionths())
      .bind(6, c.tier)
      .bind(7, c.collection_rate)
      .bind(8, c.gross.fen())
      .bind(9, c.deductions.fen())
      .bind(10, deduction_reason)
      .bind(11, c.amount.fen())
      .bind(12, c.explanation)
      .bind(13, utc_timestamp_now())
      .bind(14, actor.name())
      .run();
  write.commit("accrue_remuneration", "period:" + month.to_string());
  return accrual;
}

std::vector<RemunerationAccrual> remuneration_accruals(ledger::Books& books) {
  store::Statement st = books.database().prepare(
      "SELECT a.period, a.entry_seq, a.base_fen, a.rate_millionths, a.tier, a.collection_rate,"
      " a.gross_fen, a.deductions_fen, a.deduction_reason, a.amount_fen, a.explanation, t.basis"
      " FROM remuneration_accrual a JOIN remuneration_terms t ON t.terms_id = a.terms_id"
      " ORDER BY a.period");
  std::vector<RemunerationAccrual> out;
  while (st.step()) {
    RemunerationAccrual a;
    a.period = Period::parse(st.text_view(0));
    if (!st.is_null(1))
      a.entry_seq = st.int64(1);
    RemunerationComputation& c = a.computation;
    c.basis = parse_basis(st.text_view(11));
    c.base = money::Amount::from_fen(st.int64(2));
    c.rate_applied = money::Rate::from_millionths(st.int64(3));
    c.tier = st.text(4);
    c.collection_rate = st.text(5);
    c.gross = money::Amount::from_fen(st.int64(6));
    c.deductions = money::Amount::from_fen(st.int64(7));
    c.amount = money::Amount::from_fen(st.int64(9));
    c.deductions_applied = c.gross - c.amount;
    c.deductions_exceed_gross = c.deductions.fen() > c.gross.fen();
    c.explanation = st.text(10);
    a.inputs.period = a.period;
    a.inputs.deductions = c.deductions;
    a.inputs.deduction_reason = st.text(8);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace trustfund::fees
