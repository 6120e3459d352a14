// A view's figures, derived from its months' statements; see figures.h and docs/statements.md
// ("Views").
//
// A view publishes nothing the months did not: flows are the sums of the months' flows, an
// opening is the first month's, a closing (and anything "as at" the end: arrears, projects,
// retention, the journal tree) the last month's, and lists (orders, votes, emergency uses) are
// the months' lists joined in month order. Only the per-unit arrears and prepayment, which the
// monthly leaves hold as one balance, are read from the books at the last month's end.
#include <algorithm>
#include <cassert>
#include <map>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "figures.h"
#include "trustfund/core/error.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/fees/collection.h"

namespace trustfund::statements {

namespace accounts = ledger::accounts;
namespace {

using money::Amount;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr parse_object(const std::string& json) {
  Poco::JSON::Parser parser;
  Object::Ptr o = parser.parse(json).extract<Object::Ptr>();
  assert(o);
  return o;
}

// The member `key` of `o` as an object; an empty one if absent (a month with nothing to show).
Object::Ptr child(const Object::Ptr& o, const std::string& key) {
  Object::Ptr c = o ? o->getObject(key) : nullptr;
  return c ? c : Object::Ptr(new Object);
}

Array::Ptr list(const Object::Ptr& o, const std::string& key) {
  Array::Ptr a = o ? o->getArray(key) : nullptr;
  return a ? a : Array::Ptr(new Array);
}

Amount amount(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->isNull(key))
    return Amount();
  return Amount::parse(o->getValue<std::string>(key), key);
}

std::int64_t count(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) ? o->getValue<std::int64_t>(key) : 0;
}

// The months' objects at `path` (each `child` in turn), in month order.
std::vector<Object::Ptr> at_each(const std::vector<Object::Ptr>& months,
                                 std::initializer_list<const char*> path) {
  std::vector<Object::Ptr> out;
  for (Object::Ptr o : months) {
    for (const char* key : path)
      o = child(o, key);
    out.push_back(o);
  }
  return out;
}

// Sets each of `keys` in `out` to the sum of that member over `objects`.
void set_sums(Object::Ptr out, const std::vector<Object::Ptr>& objects,
              std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    Amount sum;
    for (const Object::Ptr& o : objects)
      sum += amount(o, key);
    out->set(key, sum.to_string());
  }
}

// The sum of every member of `objects` (classes of public revenue: any class any month has).
Object::Ptr sum_by_member(const std::vector<Object::Ptr>& objects) {
  std::map<std::string, Amount> sums;
  for (const Object::Ptr& o : objects) {
    for (const auto& [key, value] : *o)
      sums[key] += amount(o, key);
  }
  Object::Ptr out = new Object;
  for (const auto& [key, sum] : sums)
    out->set(key, sum.to_string());
  return out;
}

Array::Ptr joined(const std::vector<Object::Ptr>& objects, const std::string& key) {
  Array::Ptr out = new Array;
  for (const Object::Ptr& o : objects) {
    const Array::Ptr a = list(o, key);
    for (std::size_t i = 0; i < a->size(); ++i)
      out->add(a->get(static_cast<unsigned>(i)));
  }
  return out;
}

Array::Ptr funds(const std::vector<Object::Ptr>& months) {
  Array::Ptr out = new Array;
  const Array::Ptr last = list(months.back(), "funds");
  for (std::size_t i = 0; i < last->size(); ++i) {
    const Object::Ptr l = last->getObject(static_cast<unsigned>(i));
    const std::string code = l->getValue<std::string>("fund");
    std::vector<Object::Ptr> each;
    for (const Object::Ptr& m : months) {
      const Array::Ptr a = list(m, "funds");
      for (std::size_t j = 0; j < a->size(); ++j) {
        const Object::Ptr f = a->getObject(static_cast<unsigned>(j));
        if (f->getValue<std::string>("fund") == code)
          each.push_back(f);
      }
    }
    Object::Ptr f = new Object;
    for (const char* key :
         {"fund", "name_zh", "name_en", "bank_account_last4", "bank_closing", "book_closing"})
      f->set(key, l->get(key));
    f->set("bank_opening", each.front()->get("bank_opening"));
    set_sums(f, each, {"receipts", "payments"});
    out->add(f);
  }
  return out;
}

Object::Ptr receipts(const std::vector<Object::Ptr>& months) {
  Object::Ptr r = new Object;
  Object::Ptr fees = new Object;
  set_sums(fees, at_each(months, {"receipts", "fees"}),
           {"current", "arrears_recovered", "prepaid", "total"});
  r->set("fees", fees);
  r->set("public_revenue", sum_by_member(at_each(months, {"receipts", "public_revenue"})));
  set_sums(r, at_each(months, {"receipts"}), {"repair_deposits", "interest", "other"});
  return r;
}

// The period's bills (each month's bills settled by its month end), the year to date and the
// year's months as at the last month.
Object::Ptr collection(const std::vector<Object::Ptr>& months) {
  const std::vector<Object::Ptr> each = at_each(months, {"collection", "month"});
  Amount billed, settled;
  std::int64_t bills = 0, bills_settled = 0;
  for (const Object::Ptr& m : each) {
    billed += amount(m, "billed");
    settled += amount(m, "settled");
    bills += count(m, "bills");
    bills_settled += count(m, "bills_settled");
  }
  Object::Ptr period = new Object;
  period->set("billed", billed.to_string());
  period->set("settled", settled.to_string());
  period->set("bills", bills);
  period->set("bills_settled", bills_settled);
  period->set("rate_by_amount", fees::percent(std::max<std::int64_t>(settled.fen(), 0),
                                              std::max<std::int64_t>(billed.fen(), 0)));
  period->set("rate_by_count", fees::percent(bills_settled, bills));
  const Object::Ptr last = child(months.back(), "collection");
  Object::Ptr c = new Object;
  c->set("period", period);
  c->set("year_to_date", child(last, "year_to_date"));
  c->set("history", list(last, "history"));
  return c;
}

// Budget lines as at the last month (budget, year to date, variance), with the period's actual.
Object::Ptr payments(const std::vector<Object::Ptr>& months) {
  const std::vector<Object::Ptr> each = at_each(months, {"payments"});
  std::map<std::string, Amount> actual;
  for (const Object::Ptr& p : each) {
    const Array::Ptr lines = list(p, "by_budget_line");
    for (std::size_t i = 0; i < lines->size(); ++i) {
      const Object::Ptr l = lines->getObject(static_cast<unsigned>(i));
      actual[l->getValue<std::string>("budget_line")] += amount(l, "actual");
    }
  }
  Array::Ptr by_line = new Array;
  const Array::Ptr last = list(each.back(), "by_budget_line");
  for (std::size_t i = 0; i < last->size(); ++i) {
    const Object::Ptr l = last->getObject(static_cast<unsigned>(i));
    Object::Ptr j = new Object;
    for (const auto& [key, value] : *l)
      j->set(key, value);
    j->set("actual", actual[l->getValue<std::string>("budget_line")].to_string());
    by_line->add(j);
  }
  Object::Ptr out = new Object;
  out->set("orders", joined(each, "orders"));
  out->set("by_budget_line", by_line);
  return out;
}

Array::Ptr spending_by_head(const std::vector<Object::Ptr>& months) {
  std::map<std::string, std::pair<Object::Ptr, Amount>> heads;
  for (const Object::Ptr& m : months) {
    const Array::Ptr a = list(m, "spending_by_head");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const Object::Ptr h = a->getObject(static_cast<unsigned>(i));
      auto& [names, sum] = heads[h->getValue<std::string>("account")];
      names = h;
      sum += amount(h, "amount");
    }
  }
  Array::Ptr out = new Array;
  for (const auto& [account, head] : heads) {
    Object::Ptr h = new Object;
    h->set("account", account);
    h->set("name_zh", head.first->get("name_zh"));
    h->set("name_en", head.first->get("name_en"));
    h->set("amount", head.second.to_string());
    out->add(h);
  }
  return out;
}

// The months' accruals, with their sums; null if no month accrued any.
Poco::Dynamic::Var remuneration(const std::vector<Object::Ptr>& months) {
  std::vector<Object::Ptr> accrued;
  Array::Ptr list_of = new Array;
  for (const Object::Ptr& m : months) {
    if (Object::Ptr r = m->getObject("remuneration")) {
      accrued.push_back(r);
      list_of->add(r);
    }
  }
  if (accrued.empty())
    return {};
  Object::Ptr r = new Object;
  set_sums(r, accrued, {"base", "deductions", "amount"});
  r->set("months", list_of);
  return r;
}

Object::Ptr public_revenue(const std::vector<Object::Ptr>& months) {
  const std::vector<Object::Ptr> each = at_each(months, {"public_revenue"});
  Object::Ptr pr = new Object;
  pr->set("by_class", sum_by_member(at_each(months, {"public_revenue", "by_class"})));
  set_sums(pr, each, {"gross", "costs", "net", "transferred_to_repair_fund"});
  return pr;
}

Object::Ptr repair_fund(const std::vector<Object::Ptr>& months) {
  const std::vector<Object::Ptr> each = at_each(months, {"repair_fund"});
  const Object::Ptr last = each.back();
  Object::Ptr rf = new Object;
  rf->set("opening", each.front()->get("opening"));
  set_sums(rf, each, {"deposits", "interest", "transfers_in", "uses"});
  for (const char* key : {"closing", "retention_held", "units_below_top_up", "projects"})
    rf->set(key, last->get(key));
  rf->set("votes", joined(each, "votes"));
  rf->set("emergency_uses", joined(each, "emergency_uses"));
  return rf;
}

// Each unit of the last month: the period's billed and paid summed over the months' leaves, the
// balances of the last month's leaf, and the arrears and prepayment from the books at its end.
std::vector<ResidentFigures> residents(ledger::Books& books,
                                       const std::vector<MonthSource>& months) {
  std::map<std::string, std::pair<Amount, Amount>> flows;
  for (const MonthSource& m : months) {
    for (const std::string& leaf : m.leaves) {
      const Object::Ptr o = parse_object(leaf);
      auto& [billed, paid] = flows[o->getValue<std::string>("unit")];
      billed += amount(o, "billed");
      paid += amount(o, "paid");
    }
  }
  std::map<std::string, Amount> closing;
  for (const ledger::AccountBalance& b : books.period_balances(months.back().month))
    closing[b.account->code] = b.closing;
  std::vector<ResidentFigures> out;
  for (const std::string& leaf : months.back().leaves) {
    const Object::Ptr o = parse_object(leaf);
    ResidentFigures r;
    r.unit_code = o->getValue<std::string>("unit");
    r.billed = flows[r.unit_code].first;
    r.paid = flows[r.unit_code].second;
    r.balance = amount(o, "balance");
    r.repair_balance = amount(o, "repair_balance");
    r.arrears = closing[ledger::unit_account_code(accounts::kFeesReceivable, r.unit_code)];
    r.prepaid = -closing[ledger::unit_account_code(accounts::kFeePrepayments, r.unit_code)];
    if (*r.arrears - *r.prepaid != r.balance) {
      std::string why = "unit ";
      why.append(r.unit_code)
          .append(": arrears less prepayment in the books is not the balance of the ")
          .append(months.back().month.to_string())
          .append(" statement");
      throw Error(ErrorKind::integrity, "view-unit-balance", "period", why);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

MonthFigures view_figures(ledger::Books& books, const std::string& key, const std::string& kind,
                          const std::vector<MonthSource>& months,
                          const std::string& previous_manifest_sha256) {
  assert(!months.empty());
  std::vector<Object::Ptr> each;
  for (const MonthSource& m : months)
    each.push_back(parse_object(m.statement_json));
  const Object::Ptr first = each.front(), last = each.back();

  Object::Ptr s = new Object;
  s->set("format", first->get("format"));
  s->set("estate", last->get("estate"));
  s->set("period", key);
  s->set("kind", kind);
  s->set("focus", std::string(kind == "quarter" ? "public_revenue"
                              : kind == "half"  ? "repair_fund"
                                                : "units"));
  s->set("from", first->get("from"));
  s->set("to", last->get("to"));
  Array::Ptr sources = new Array;
  for (const MonthSource& m : months) {
    Object::Ptr o = new Object;
    o->set("period", m.month.to_string());
    o->set("manifest_sha256", m.manifest_sha256_hex);
    sources->add(o);
  }
  s->set("months", sources);
  s->set("funds", funds(each));
  s->set("receipts", receipts(each));
  s->set("collection", collection(each));
  s->set("arrears", last->get("arrears"));
  s->set("payments", payments(each));
  s->set("spending_by_head", spending_by_head(each));
  s->set("remuneration", remuneration(each));
  s->set("public_revenue", public_revenue(each));
  s->set("repair_fund", repair_fund(each));
  Object::Ptr journal = new Object;
  const Object::Ptr last_journal = child(last, "journal");
  journal->set("tree_size", last_journal->get("tree_size"));
  journal->set("root", last_journal->get("root"));
  std::int64_t entries = 0;
  for (const Object::Ptr& j : at_each(each, {"journal"}))
    entries += count(j, "entries_in_period");
  journal->set("entries_in_period", entries);
  s->set("journal", journal);
  s->set("previous_manifest_sha256", previous_manifest_sha256);

  MonthFigures out;
  out.residents = residents(books, months);
  s->set("units_published", static_cast<std::int64_t>(out.residents.size()));
  out.statement_json = crypto::canonicalize(s);
  return out;
}

}  // namespace trustfund::statements
