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

#include "figures.h"
#include "trustfund/core/error.h"
#include "trustfund/core/json_reader.h"
#include "trustfund/crypto/jcs.h"
#include "trustfund/fees/collection.h"

namespace trustfund::statements {

namespace accounts = ledger::accounts;
namespace {

using json::Value;
using money::Amount;

// The months' documents are stored as the months closed them; a fault is damage.
[[noreturn]] void damaged(std::string_view key, const char* what) {
  throw Error(ErrorKind::integrity, "stored-json", std::string(key),
              "a published month's " + std::string(key) + " is not " + what);
}

const Value& empty_object() {
  static const Value empty{Value::Object{}};
  return empty;
}

const Value& empty_array() {
  static const Value empty{Value::Array{}};
  return empty;
}

// The member `key` of `o` as an object; an empty one if absent (a month with nothing to show).
const Value& child(const Value& o, std::string_view key) {
  const Value* c = o.find(key);
  return c != nullptr && c->is_object() ? *c : empty_object();
}

const Value& list(const Value& o, std::string_view key) {
  const Value* a = o.find(key);
  return a != nullptr && a->is_array() ? *a : empty_array();
}

// The member `key` of `o`, null if absent.
Value get(const Value& o, std::string_view key) {
  const Value* v = o.find(key);
  return v != nullptr ? *v : Value();
}

// Sets the member `key` of the object `o`, replacing one of that name.
void set(Value& o, std::string_view key, Value value) {
  for (json::Member& m : o.object()) {
    if (m.name == key) {
      m.value = std::move(value);
      return;
    }
  }
  o.add(std::string(key), std::move(value));
}

const std::string& text(const Value& o, std::string_view key) {
  const Value* v = o.find(key);
  if (v == nullptr || !v->is_string())
    damaged(key, "a string");
  return v->string();
}

Amount amount(const Value& o, std::string_view key) {
  const Value* v = o.find(key);
  if (v == nullptr || v->is_null())
    return Amount();
  if (!v->is_string())
    damaged(key, "a decimal string");
  return Amount::parse(v->string(), key);
}

std::int64_t count(const Value& o, std::string_view key) {
  const Value* v = o.find(key);
  if (v == nullptr)
    return 0;
  if (!v->is_integer())
    damaged(key, "a whole number");
  return v->integer();
}

// The months' objects at `path` (each `child` in turn), in month order.
std::vector<const Value*> at_each(const std::vector<Value>& months,
                                  std::initializer_list<const char*> path) {
  std::vector<const Value*> out;
  for (const Value& m : months) {
    const Value* o = &m;
    for (const char* key : path)
      o = &child(*o, key);
    out.push_back(o);
  }
  return out;
}

// Sets each of `keys` in `out` to the sum of that member over `objects`.
void set_sums(Value& out, const std::vector<const Value*>& objects,
              std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    Amount sum;
    for (const Value* o : objects)
      sum += amount(*o, key);
    set(out, key, sum.to_string());
  }
}

// The sum of every member of `objects` (classes of public revenue: any class any month has).
Value sum_by_member(const std::vector<const Value*>& objects) {
  std::map<std::string, Amount> sums;
  for (const Value* o : objects) {
    for (const json::Member& m : o->object())
      sums[m.name] += amount(*o, m.name);
  }
  Value out{Value::Object{}};
  for (const auto& [key, sum] : sums)
    out.add(key, sum.to_string());
  return out;
}

Value joined(const std::vector<const Value*>& objects, std::string_view key) {
  Value out{Value::Array{}};
  for (const Value* o : objects) {
    for (const Value& element : list(*o, key).array())
      out.push(element);
  }
  return out;
}

Value funds(const std::vector<Value>& months) {
  Value out{Value::Array{}};
  for (const Value& l : list(months.back(), "funds").array()) {
    const std::string& code = text(l, "fund");
    std::vector<const Value*> each;
    for (const Value& m : months) {
      for (const Value& f : list(m, "funds").array()) {
        if (text(f, "fund") == code)
          each.push_back(&f);
      }
    }
    Value f{Value::Object{}};
    for (const char* key :
         {"fund", "name_zh", "name_en", "bank_account_last4", "bank_closing", "book_closing"})
      f.add(key, get(l, key));
    f.add("bank_opening", get(*each.front(), "bank_opening"));
    set_sums(f, each, {"receipts", "payments"});
    out.push(std::move(f));
  }
  return out;
}

Value receipts(const std::vector<Value>& months) {
  Value r{Value::Object{}};
  Value fees{Value::Object{}};
  set_sums(fees, at_each(months, {"receipts", "fees"}),
           {"current", "arrears_recovered", "prepaid", "total"});
  r.add("fees", std::move(fees));
  r.add("public_revenue", sum_by_member(at_each(months, {"receipts", "public_revenue"})));
  set_sums(r, at_each(months, {"receipts"}), {"repair_deposits", "interest", "other"});
  return r;
}

// The period's bills (each month's bills settled by its month end), the year to date and the
// year's months as at the last month.
Value collection(const std::vector<Value>& months) {
  Amount billed, settled;
  std::int64_t bills = 0, bills_settled = 0;
  for (const Value* m : at_each(months, {"collection", "month"})) {
    billed += amount(*m, "billed");
    settled += amount(*m, "settled");
    bills += count(*m, "bills");
    bills_settled += count(*m, "bills_settled");
  }
  Value period{Value::Object{}};
  period.add("billed", billed.to_string());
  period.add("settled", settled.to_string());
  period.add("bills", bills);
  period.add("bills_settled", bills_settled);
  period.add("rate_by_amount", fees::percent(std::max<std::int64_t>(settled.fen(), 0),
                                             std::max<std::int64_t>(billed.fen(), 0)));
  period.add("rate_by_count", fees::percent(bills_settled, bills));
  const Value& last = child(months.back(), "collection");
  Value c{Value::Object{}};
  c.add("period", std::move(period));
  c.add("year_to_date", child(last, "year_to_date"));
  c.add("history", list(last, "history"));
  return c;
}

// Budget lines as at the last month (budget, year to date, variance), with the period's actual.
Value payments(const std::vector<Value>& months) {
  const std::vector<const Value*> each = at_each(months, {"payments"});
  std::map<std::string, Amount> actual;
  for (const Value* p : each) {
    for (const Value& l : list(*p, "by_budget_line").array())
      actual[text(l, "budget_line")] += amount(l, "actual");
  }
  Value by_line{Value::Array{}};
  for (const Value& l : list(*each.back(), "by_budget_line").array()) {
    if (!l.is_object())
      damaged("by_budget_line", "a list of objects");
    Value j = l;
    set(j, "actual", actual[text(l, "budget_line")].to_string());
    by_line.push(std::move(j));
  }
  Value out{Value::Object{}};
  out.add("orders", joined(each, "orders"));
  out.add("by_budget_line", std::move(by_line));
  return out;
}

Value spending_by_head(const std::vector<Value>& months) {
  std::map<std::string, std::pair<const Value*, Amount>> heads;
  for (const Value& m : months) {
    for (const Value& h : list(m, "spending_by_head").array()) {
      auto& [names, sum] = heads[text(h, "account")];
      names = &h;
      sum += amount(h, "amount");
    }
  }
  Value out{Value::Array{}};
  for (const auto& [account, head] : heads) {
    Value h{Value::Object{}};
    h.add("account", account);
    h.add("name_zh", get(*head.first, "name_zh"));
    h.add("name_en", get(*head.first, "name_en"));
    h.add("amount", head.second.to_string());
    out.push(std::move(h));
  }
  return out;
}

// The months' accruals, with their sums; null if no month accrued any.
Value remuneration(const std::vector<Value>& months) {
  std::vector<const Value*> accrued;
  Value list_of{Value::Array{}};
  for (const Value& m : months) {
    const Value* r = m.find("remuneration");
    if (r != nullptr && r->is_object()) {
      accrued.push_back(r);
      list_of.push(*r);
    }
  }
  if (accrued.empty())
    return Value();
  Value r{Value::Object{}};
  set_sums(r, accrued, {"base", "deductions", "amount"});
  r.add("months", std::move(list_of));
  return r;
}

Value public_revenue(const std::vector<Value>& months) {
  Value pr{Value::Object{}};
  pr.add("by_class", sum_by_member(at_each(months, {"public_revenue", "by_class"})));
  set_sums(pr, at_each(months, {"public_revenue"}),
           {"gross", "costs", "net", "transferred_to_repair_fund"});
  return pr;
}

Value repair_fund(const std::vector<Value>& months) {
  const std::vector<const Value*> each = at_each(months, {"repair_fund"});
  const Value& last = *each.back();
  Value rf{Value::Object{}};
  rf.add("opening", get(*each.front(), "opening"));
  set_sums(rf, each, {"deposits", "interest", "transfers_in", "uses"});
  for (const char* key : {"closing", "retention_held", "units_below_top_up", "projects"})
    rf.add(key, get(last, key));
  rf.add("votes", joined(each, "votes"));
  rf.add("emergency_uses", joined(each, "emergency_uses"));
  return rf;
}

// Each unit of the last month: the period's billed and paid summed over the months' leaves, the
// balances of the last month's leaf, and the arrears and prepayment from the books at its end.
std::vector<ResidentFigures> residents(ledger::Books& books,
                                       const std::vector<MonthSource>& months) {
  const json::ErrorFaults faults = json::ErrorFaults::stored("leaf");
  std::map<std::string, std::pair<Amount, Amount>> flows;
  for (const MonthSource& m : months) {
    for (const std::string& leaf : m.leaves) {
      const json::Document doc(leaf, faults);
      const Value& o = doc.object().value();
      auto& [billed, paid] = flows[text(o, "unit")];
      billed += amount(o, "billed");
      paid += amount(o, "paid");
    }
  }
  std::map<std::string, Amount> closing;
  for (const ledger::AccountBalance& b : books.period_balances(months.back().month))
    closing[b.account->code] = b.closing;
  std::vector<ResidentFigures> out;
  for (const std::string& leaf : months.back().leaves) {
    const json::Document doc(leaf, faults);
    const Value& o = doc.object().value();
    ResidentFigures r;
    r.unit_code = text(o, "unit");
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

// A month's statement.json as stored when it closed.
Value statement_of(const MonthSource& month) {
  const json::ErrorFaults faults = json::ErrorFaults::stored("statement");
  const json::Document doc(month.statement_json, faults, {.max_bytes = crypto::kJcsMaxTextBytes});
  return doc.object().value();
}

}  // namespace

MonthFigures view_figures(ledger::Books& books, const std::string& key, const std::string& kind,
                          const std::vector<MonthSource>& months,
                          const std::string& previous_manifest_sha256) {
  assert(!months.empty());
  std::vector<Value> each;
  for (const MonthSource& m : months)
    each.push_back(statement_of(m));
  const Value& first = each.front();
  const Value& last = each.back();

  Value s{Value::Object{}};
  s.add("format", get(first, "format"));
  s.add("estate", get(last, "estate"));
  s.add("period", key);
  s.add("kind", kind);
  s.add("focus", kind == "quarter" ? "public_revenue" : kind == "half" ? "repair_fund" : "units");
  s.add("from", get(first, "from"));
  s.add("to", get(last, "to"));
  Value sources{Value::Array{}};
  for (const MonthSource& m : months) {
    Value o{Value::Object{}};
    o.add("period", m.month.to_string());
    o.add("manifest_sha256", m.manifest_sha256_hex);
    sources.push(std::move(o));
  }
  s.add("months", std::move(sources));
  s.add("funds", funds(each));
  s.add("receipts", receipts(each));
  s.add("collection", collection(each));
  s.add("arrears", get(last, "arrears"));
  s.add("payments", payments(each));
  s.add("spending_by_head", spending_by_head(each));
  s.add("remuneration", remuneration(each));
  s.add("public_revenue", public_revenue(each));
  s.add("repair_fund", repair_fund(each));
  Value journal{Value::Object{}};
  const Value& last_journal = child(last, "journal");
  journal.add("tree_size", get(last_journal, "tree_size"));
  journal.add("root", get(last_journal, "root"));
  std::int64_t entries = 0;
  for (const Value* j : at_each(each, {"journal"}))
    entries += count(*j, "entries_in_period");
  journal.add("entries_in_period", entries);
  s.add("journal", std::move(journal));
  s.add("previous_manifest_sha256", previous_manifest_sha256);

  MonthFigures out;
  out.residents = residents(books, months);
  s.add("units_published", static_cast<std::int64_t>(out.residents.size()));
  out.statement_json = crypto::canonicalize_value(s);
  return out;
}

}  // namespace trustfund::statements
