// A month's figures for its statement; see figures.h and docs/statements.md.
//
// Everything comes from the journal and the modules that own each figure (fees, escrow,
// repairfund); one pass over the month's entries gives the receipts by class, the entries file
// and each unit's billed and paid amounts.
#include "figures.h"

#include <algorithm>
#include <map>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/escrow/order.h"
#include "trustfund/escrow/policy.h"
#include "trustfund/fees/arrears.h"
#include "trustfund/fees/collection.h"
#include "trustfund/fees/public_revenue.h"
#include "trustfund/fees/remuneration_accrual.h"
#include "trustfund/repairfund/project.h"
#include "trustfund/repairfund/subaccounts.h"

namespace trustfund::statements {

namespace accounts = ledger::accounts;
namespace {

using money::Amount;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr int kPage = 1000;
constexpr int kMaxPages = 100'000;

Object::Ptr figures_object(const fees::CollectionFigures& f) {
  Object::Ptr o = new Object;
  o->set("billed", f.billed.to_string());
  o->set("settled", f.settled.to_string());
  o->set("bills", f.bills);
  o->set("bills_settled", f.bills_settled);
  o->set("rate_by_amount", f.rate_by_amount);
  o->set("rate_by_count", f.rate_by_count);
  return o;
}

// The view model of one entry in entries.csv (reports/statement/entries-rows.csv).
json::Value entry_rows_view(const ledger::RecordedEntry& e) {
  json::Value v;
  v.add("seq", e.seq);
  v.add("date", e.date.to_string());
  v.add("kind", e.kind);
  v.add("memo", e.memo);
  json::Value& postings = v.add("postings", json::Value::Array());
  for (const ledger::PostingInput& p : e.postings) {
    json::Value& posting = postings.push({});
    posting.add("account", p.account);
    posting.add("amount", p.amount.to_string());
  }
  return v;
}

}  // namespace

MonthFigures month_figures(ledger::Books& books, Period month, std::int64_t tree_size,
                           const std::string& root_hex,
                           const std::string& previous_manifest_sha256) {
  MonthFigures out;
  const Date from = month.first_day(), to = month.last_day();

  // One pass over the month's entries.
  Amount fees_received, fees_prepaid, deposits, rf_interest, rf_transfers;
  std::map<std::string, Amount> billed, paid;
  std::int64_t entries = 0;
  out.entries_csv = reports::render("statement/entries.csv", json::Value::Object());
  const templates::Template& entry_rows = reports::layout("statement/entries-rows.csv");
  std::int64_t after = -1;
  for (int page = 0; page < kMaxPages; ++page) {
    ledger::Books::EntryFilter filter;
    filter.from = from;
    filter.to = to;
    const std::vector<ledger::RecordedEntry> list = books.list_entries(filter, after, kPage);
    for (const ledger::RecordedEntry& e : list) {
      ++entries;
      entry_rows.render(entry_rows_view(e), out.entries_csv);
      for (const ledger::PostingInput& p : e.postings) {
        const std::size_t at = p.account.find('@');
        const std::string unit = at == std::string::npos ? "" : p.account.substr(at + 1);
        if (e.kind == "fee_bill" &&
            ledger::is_unit_account_of(p.account, accounts::kFeesReceivable))
          billed[unit] += p.amount;
        if (e.kind == "payment") {
          if (p.account == accounts::kOperatingBank)
            fees_received += p.amount;
          if (ledger::is_unit_account_of(p.account, accounts::kFeesReceivable) ||
              ledger::is_unit_account_of(p.account, accounts::kFeePrepayments))
            paid[unit] -= p.amount;
          if (ledger::is_unit_account_of(p.account, accounts::kFeePrepayments))
            fees_prepaid -= p.amount;
          if (p.account == accounts::kRepairBank)
            deposits += p.amount;
        }
        if (e.kind == "interest" && p.account == accounts::kRepairBank)
          rf_interest += p.amount;
        if (e.kind == "transfer" && p.account == accounts::kRepairBank)
          rf_transfers += p.amount;
      }
    }
    if (list.size() < static_cast<std::size_t>(kPage))
      break;
    after = list.back().seq;
  }

  Object::Ptr s = new Object;
  s->set("format", std::string("trustfund-statement/1"));
  Object::Ptr estate = new Object;
  estate->set("id", books.estate_id());
  estate->set("name", books.estate_name());
  s->set("estate", estate);
  s->set("period", month.to_string());
  s->set("kind", std::string("month"));
  s->set("from", from.to_string());
  s->set("to", to.to_string());

  // Funds: each bank account over the month, with the last 4 digits of the account at the bank.
  // The month's balances are read once: the public revenue and the repair sub-accounts use them.
  const std::vector<ledger::AccountBalance> balances = books.period_balances(month);
  std::map<std::string, const ledger::AccountBalance*> by_code;
  for (const ledger::AccountBalance& b : balances)
    by_code[b.account->code] = &b;
  const auto closing = [&](const std::string& code) {
    const auto it = by_code.find(code);
    return it == by_code.end() ? Amount() : it->second->closing;
  };
  const std::vector<escrow::BankAccount> banks = escrow::bank_accounts(books);
  Array::Ptr funds = new Array;
  const std::pair<ledger::Fund, std::pair<const char*, const char*>> fund_names[] = {
      {ledger::Fund::operating, {"物业服务资金", "Operating fund"}},
      {ledger::Fund::public_revenue, {"公共收益", "Public revenue fund"}},
      {ledger::Fund::repair, {"专项维修资金", "Repair fund"}}};
  for (const auto& [fund, names] : fund_names) {
    const std::string code = std::string(ledger::fund_code(fund)) + ".1002";
    Object::Ptr f = new Object;
    f->set("fund", std::string(ledger::fund_code(fund)));
    f->set("name_zh", std::string(names.first));
    f->set("name_en", std::string(names.second));
    std::string last4;
    for (const escrow::BankAccount& b : banks) {
      if (b.fund == fund)
        last4 = b.account_no.substr(b.account_no.size() - 4);
    }
    f->set("bank_account_last4", last4);
    const auto it = by_code.find(code);
    const Amount opening = it == by_code.end() ? closing(code) : it->second->opening;
    f->set("bank_opening", opening.to_string());
    f->set("receipts", (it == by_code.end() ? Amount() : it->second->debit).to_string());
    f->set("payments", (it == by_code.end() ? Amount() : it->second->credit).to_string());
    f->set("bank_closing", closing(code).to_string());
    f->set("book_closing", closing(code).to_string());
    funds->add(f);
  }
  s->set("funds", funds);

  // Receipts by class.
  const fees::PublicRevenueSummary pr = fees::public_revenue_summary(month, balances);
  Object::Ptr pr_classes = new Object;
  for (std::size_t i = 0; i < fees::kRevenueClasses.size(); ++i)
    pr_classes->set(fees::to_string(fees::kRevenueClasses[i]), pr.gross_by_class[i].to_string());
  const fees::CollectionRate rate = fees::collection_rate(books, month);
  Object::Ptr receipts = new Object;
  Object::Ptr fee_receipts = new Object;
  // Bills settled by the month's payments: this month's are current, earlier months' are
  // arrears recovered (prepayments applied at billing are not receipts of this month).
  Amount current, recovered;
  {
    store::Statement& st = books.database().cached(
        "SELECT sum(CASE WHEN b.period = ?3 THEN s.amount_fen ELSE 0 END),"
        " sum(CASE WHEN b.period < ?3 THEN s.amount_fen ELSE 0 END)"
        " FROM fee_settlement s JOIN fee_bill b ON b.bill_id = s.bill_id"
        " WHERE s.payment_id IS NOT NULL AND s.settled_on BETWEEN ?1 AND ?2");
    st.bind(1, from.to_string()).bind(2, to.to_string()).bind(3, month.to_string());
    if (st.step()) {
      current = Amount::from_fen(st.is_null(0) ? 0 : st.int64(0));
      recovered = Amount::from_fen(st.is_null(1) ? 0 : st.int64(1));
    }
    st.reset();
  }
  fee_receipts->set("current", current.to_string());
  fee_receipts->set("arrears_recovered", recovered.to_string());
  fee_receipts->set("prepaid", fees_prepaid.to_string());
  fee_receipts->set("total", fees_received.to_string());
  receipts->set("fees", fee_receipts);
  receipts->set("public_revenue", pr_classes);
  receipts->set("repair_deposits", deposits.to_string());
  receipts->set("interest", rf_interest.to_string());
  receipts->set("other", Amount().to_string());
  s->set("receipts", receipts);

  // Collection rate and arrears.
  Object::Ptr collection = new Object;
  collection->set("month", figures_object(rate.month_figures));
  collection->set("year_to_date", figures_object(rate.year_to_date));
  Array::Ptr history = new Array;
  // Each month's own figures (its settlements to its last day); no year to date for them.
  for (Period m = Period::from_ym(month.year(), 1); m <= month; m = m.next()) {
    const fees::CollectionFigures f =
        m == month ? rate.month_figures : fees::collection_figures(books, m, m, m.last_day());
    Object::Ptr h = new Object;
    h->set("month", m.to_string());
    h->set("rate_by_amount", f.rate_by_amount);
    h->set("rate_by_count", f.rate_by_count);
    history->add(h);
  }
  collection->set("history", history);
  s->set("collection", collection);
  const fees::ArrearsReport arrears = fees::arrears(books, to);
  Object::Ptr ar = new Object;
  ar->set("as_of", to.to_string());
  ar->set("total", arrears.total.total().to_string());
  for (const auto bucket : {fees::AgingBucket::days_0_30, fees::AgingBucket::days_31_90,
                            fees::AgingBucket::days_91_180, fees::AgingBucket::over_180})
    ar->set(fees::to_string(bucket), arrears.total[bucket].to_string());
  ar->set("open_bills", arrears.total.open_bills);
  ar->set("units", static_cast<std::int64_t>(arrears.units.size()));
  s->set("arrears", ar);

  // Payments: every executed order of the month with its approvers, and by budget line.
  Array::Ptr orders = new Array;
  struct Line {
    std::string fund;
    Amount actual, ytd;
  };
  std::map<std::string, Line> lines;
  Array::Ptr emergency = new Array;
  std::int64_t after_order = 0;
  for (int page = 0; page < kMaxPages; ++page) {
    const std::vector<escrow::Order> list =
        escrow::list_orders(books, escrow::OrderState::executed, after_order, kPage);
    for (const escrow::Order& o : list) {
      if (!o.executed_on || o.executed_on->year() != month.year() || *o.executed_on > to)
        continue;
      Line& line = lines[o.input.budget_line];
      line.fund = ledger::fund_code(o.input.fund);
      line.ytd += o.input.amount;
      if (*o.executed_on < from)
        continue;
      line.actual += o.input.amount;
      Object::Ptr j = new Object;
      j->set("order_id", o.order_id);
      j->set("date", o.executed_on->to_string());
      j->set("fund", std::string(ledger::fund_code(o.input.fund)));
      j->set("account", o.input.debit_account);
      j->set("budget_line", o.input.budget_line);
      j->set("payee", o.input.payee.name);
      j->set("amount", o.input.amount.to_string());
      j->set("purpose", o.input.purpose);
      j->set("emergency", o.input.emergency_category);
      Array::Ptr vouchers = new Array;
      for (const escrow::Voucher& v : o.input.vouchers) {
        Object::Ptr vj = new Object;
        vj->set("name", v.name);
        vj->set("sha256", v.sha256);
        vouchers->add(vj);
      }
      j->set("vouchers", vouchers);
      Array::Ptr approvers = new Array;
      if (o.signature) {
        for (const escrow::SignatureReview::Signer& sg : o.signature->review.signers) {
          Object::Ptr a = new Object;
          a->set("role", std::string(escrow::to_string(sg.role)));
          a->set("subject", sg.subject);
          a->set("signing_time", sg.signing_time);
          approvers->add(a);
        }
      }
      j->set("approvers", approvers);
      orders->add(j);
      if (!o.input.emergency_category.empty()) {
        Object::Ptr em = new Object;
        em->set("order_id", o.order_id);
        em->set("project", o.input.repair_project);
        em->set("category", o.input.emergency_category);
        em->set("amount", o.input.amount.to_string());
        em->set("date", o.executed_on->to_string());
        emergency->add(em);
      }
    }
    if (list.size() < static_cast<std::size_t>(kPage))
      break;
    after_order = list.back().order_no;
  }
  Array::Ptr by_line = new Array;
  for (const auto& [name, line] : lines) {
    store::Statement& st = books.database().cached(
        "SELECT amount_fen FROM statement_budget WHERE year = ?1 AND budget_line = ?2"
        " ORDER BY budget_id DESC LIMIT 1");
    st.bind(1, std::int64_t{month.year()}).bind(2, name);
    const Amount budget = st.step() ? Amount::from_fen(st.int64(0)) : Amount();
    st.reset();
    Object::Ptr j = new Object;
    j->set("budget_line", name);
    j->set("fund", line.fund);
    j->set("budget", budget.to_string());
    j->set("actual", line.actual.to_string());
    j->set("year_to_date", line.ytd.to_string());
    j->set("variance", (budget - line.ytd).to_string());
    by_line->add(j);
  }
  Object::Ptr payments = new Object;
  payments->set("orders", orders);
  payments->set("by_budget_line", by_line);
  s->set("payments", payments);

  Array::Ptr heads = new Array;
  for (const ledger::AccountBalance& b : balances) {
    const ledger::Account& a = *b.account;
    if (a.type != ledger::AccountType::expense || !a.postable || !a.unit_code.empty())
      continue;
    const Amount spent = b.debit - b.credit;
    if (spent.is_zero())
      continue;
    Object::Ptr h = new Object;
    h->set("account", a.code);
    h->set("name_zh", a.name_zh);
    h->set("name_en", a.name_en);
    h->set("amount", spent.to_string());
    heads->add(h);
  }
  s->set("spending_by_head", heads);

  // Remuneration accrued for the month, with its computation.
  Poco::Dynamic::Var remuneration;
  for (const fees::RemunerationAccrual& r : fees::remuneration_accruals(books)) {
    if (r.period != month)
      continue;
    Object::Ptr j = new Object;
    j->set("month", month.to_string());
    j->set("basis", std::string(fees::to_string(r.computation.basis)));
    j->set("base", r.computation.base.to_string());
    j->set("rate", r.computation.rate_applied.to_string());
    j->set("tier", r.computation.tier);
    j->set("deductions", r.computation.deductions_applied.to_string());
    j->set("amount", r.computation.amount.to_string());
    j->set("explanation", r.computation.explanation);
    remuneration = j;
  }
  s->set("remuneration", remuneration);

  Object::Ptr pro = new Object;
  pro->set("by_class", pr_classes);
  pro->set("gross", pr.gross.to_string());
  pro->set("costs", pr.costs.to_string());
  pro->set("net", pr.net.to_string());
  pro->set("transferred_to_repair_fund", pr.transferred.to_string());
  s->set("public_revenue", pro);

  // Repair fund: movements, projects, votes closed in the month, emergency uses.
  Object::Ptr rf = new Object;
  const auto rf_bank = by_code.find(accounts::kRepairBank);
  rf->set("opening",
          (rf_bank == by_code.end() ? closing(accounts::kRepairBank) : rf_bank->second->opening)
              .to_string());
  rf->set("deposits", deposits.to_string());
  rf->set("interest", rf_interest.to_string());
  rf->set("transfers_in", rf_transfers.to_string());
  rf->set("uses", (rf_bank == by_code.end() ? Amount() : rf_bank->second->credit).to_string());
  rf->set("closing", closing(accounts::kRepairBank).to_string());
  rf->set("retention_held", (-closing(accounts::kRepairRetention)).to_string());
  std::int64_t below = 0;
  std::map<std::string, Amount> repair_balance;
  for (const repairfund::SubAccount& a : repairfund::sub_accounts(books, to, balances)) {
    below += a.needs_top_up ? 1 : 0;
    repair_balance[a.unit_code] = a.balance;
  }
  rf->set("units_below_top_up", below);
  Array::Ptr projects = new Array;
  Array::Ptr votes = new Array;
  for (const repairfund::Project& p : repairfund::list_projects(books)) {
    Object::Ptr j = new Object;
    j->set("project", p.project_ref);
    j->set("title", p.input.title);
    j->set("category", p.input.category);
    j->set("state", std::string(repairfund::to_string(p.state)));
    j->set("emergency", p.emergency());
    j->set("approved_budget", p.approved.to_string());
    j->set("paid", p.paid.to_string());
    if (p.final_cost)
      j->set("final_cost", p.final_cost->to_string());
    j->set("retention_held", (p.retention - p.retention_released).to_string());
    projects->add(j);
    if (p.vote_ref) {
      const repairfund::Vote v = repairfund::vote(books, *p.vote_ref);
      if (v.input.closes_on >= from && v.input.closes_on <= to)
        votes->add(repairfund::vote_object(v));
    }
  }
  rf->set("projects", projects);
  rf->set("votes", votes);
  rf->set("emergency_uses", emergency);
  s->set("repair_fund", rf);

  Object::Ptr journal = new Object;
  journal->set("tree_size", tree_size);
  journal->set("root", root_hex);
  journal->set("entries_in_period", entries);
  s->set("journal", journal);
  s->set("previous_manifest_sha256", previous_manifest_sha256);

  // Each unit's month, for its resident leaf.
  const std::vector<ledger::Unit> units = books.units();
  for (const ledger::Unit& u : units) {
    ResidentFigures r;
    r.unit_code = u.code;
    if (const auto it = billed.find(u.code); it != billed.end())
      r.billed = it->second;
    if (const auto it = paid.find(u.code); it != paid.end())
      r.paid = it->second;
    r.balance = closing(ledger::unit_account_code(accounts::kFeesReceivable, u.code)) +
                closing(ledger::unit_account_code(accounts::kFeePrepayments, u.code));
    if (const auto it = repair_balance.find(u.code); it != repair_balance.end())
      r.repair_balance = it->second;
    out.residents.push_back(std::move(r));
  }
  std::sort(out.residents.begin(), out.residents.end(),
            [](const auto& a, const auto& b) { return a.unit_code < b.unit_code; });
  s->set("units_published", static_cast<std::int64_t>(out.residents.size()));
  out.statement_json = crypto::canonicalize(s);
  return out;
}

}  // namespace trustfund::statements
