// statement.json as statement.html; see statement_html.h and docs/statements.md.
//
// The layout is reports/statement/page.html with a partial per section. This file builds the
// page's view model from statement.json, section by section in the order of domain.md: texts as
// given ("—" when empty), amounts and rates formatted (page_numbers.h), labels chosen and the
// JSON read leniently (page_model.h), chart geometry (page_charts.h); the repair fund is in
// page_payments.cpp and page_repair_fund.cpp. Nothing here writes markup or escapes: the template
// escapes every text. Every member a template asks for is set in its object (null or false when
// there is nothing), so a name never resolves to a member of an enclosing object by accident.
#include "trustfund/statements/statement_html.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "page_charts.h"
#include "page_model.h"
#include "page_numbers.h"
#include "trustfund/core/error.h"
#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"

namespace trustfund::statements {
namespace {

using page::fen_of;
using page::label;
using page::money_text;
using page::objects_at;
using page::or_dash;
using page::PageContext;
using page::text_at;

// {"given": false} for a section whose object the statement lacks; else {"given": true}.
json::Value section(const json::Value* given) {
  json::Value v;
  v.add("given", given != nullptr);
  return v;
}

// A row of a table of amounts: its label (a label object), amount and share, and whether it is
// a total (or public revenue, in the receipts).
json::Value amount_row(json::Value row_label, std::string amount, std::string share = {},
                       bool total = false, bool public_revenue = false) {
  json::Value row;
  row.add("label", std::move(row_label));
  row.add("amount", std::move(amount));
  row.add("share", std::move(share));
  row.add("total", total);
  row.add("public_revenue", public_revenue);
  return row;
}

json::Value months_view(const PageContext& page) {
  const std::vector<const json::Value*> months = objects_at(page.root(), "months");
  if (months.empty())
    return {};
  const std::string focus = text_at(page.root(), "focus");
  json::Value v;
  v.add("focus_public_revenue", focus == "public_revenue");
  v.add("focus_repair_fund", focus == "repair_fund");
  v.add("focus_units", focus == "units");
  json::Value& rows = v.add("rows", json::Value::Array());
  for (const json::Value* m : months) {
    page::add_texts(rows.push({}), m, {"period", "manifest_sha256"});
  }
  return v;
}

json::Value funds_view(const PageContext& page) {
  json::Value v;
  json::Value& cards = v.add("cards", json::Value::Array());
  for (const json::Value* f : objects_at(page.root(), "funds")) {
    const std::optional<std::int64_t> bank_fen = fen_of(text_at(f, "bank_closing")),
                                      book_fen = fen_of(text_at(f, "book_closing"));
    json::Value& card = cards.push({});
    card.add("name", page.fund_label(text_at(f, "fund")));
    card.add("last4", text_at(f, "bank_account_last4"));
    page::add_amounts(card, f,
                      {"bank_opening", "receipts", "payments", "bank_closing", "book_closing"});
    card.add("agrees", bank_fen && book_fen && *bank_fen == *book_fen);
    card.add("differs", bank_fen && book_fen && *bank_fen != *book_fen);
    card.add("unchecked", !bank_fen || !book_fen);
  }
  v.add("has_cards", !v.find("cards")->array().empty());
  return v;
}

// Public revenue classes in their fixed order, then any others by name: (key, amount text).
std::vector<std::pair<std::string, std::string>> revenue_classes(const json::Value* o) {
  std::vector<std::pair<std::string, std::string>> out;
  if (o == nullptr)
    return out;
  for (const std::string& key : page::label_keys("revenue_classes"))
    if (o->find(key) != nullptr)
      out.emplace_back(key, text_at(o, key));
  std::vector<std::string> others;
  for (const json::Member& m : o->object())
    if (page::find_label("revenue_classes", m.name) == nullptr)
      others.push_back(m.name);
  std::sort(others.begin(), others.end());
  for (const std::string& key : others)
    out.emplace_back(key, text_at(o, key));
  return out;
}

// "停车 Parking" for a known class, the key itself otherwise.
std::string revenue_class_text(const std::string& key) {
  const std::string* l = page::find_label("revenue_classes", key);
  return l != nullptr ? *l : key;
}

json::Value receipts_view(PageContext& page) {
  const json::Value* r = page::object_at(page.root(), "receipts");
  json::Value v = section(r);
  if (r == nullptr)
    return v;
  json::Value& rows = v.add("rows", json::Value::Array());
  std::vector<page::Bar> bars;
  const auto add = [&](json::Value row_label, const std::string& bar_label,
                       const std::string& amount, bool total = false, bool revenue = false) {
    rows.push(amount_row(std::move(row_label), money_text(amount), {}, total, revenue));
    if (const auto fen = fen_of(amount); fen && *fen != 0 && !total)
      bars.push_back({bar_label, *fen, money_text(amount)});
  };
  const json::Value* fees = page::object_at(r, "fees");
  for (const char* key : {"current", "arrears_recovered", "prepaid"})
    add(label("receipt_rows", key), *page::find_label("receipt_rows", key), text_at(fees, key));
  add(label("receipt_rows", "total"), "", text_at(fees, "total"), true);
  for (const auto& [key, amount] : revenue_classes(page::object_at(r, "public_revenue")))
    add(page::text_label(revenue_class_text(key)), "公共收益·" + revenue_class_text(key), amount,
        false, true);
  for (const char* key : {"repair_deposits", "interest", "other"})
    add(label("receipt_rows", key), *page::find_label("receipt_rows", key), text_at(r, key));
  v.add("chart", bars.empty() ? json::Value()
                              : page::bar_chart(page.next_chart_id("receipts"),
                                                "按类别收入 Receipts by class", bars, "#2e7d4f"));
  return v;
}

// The collection figures of one period (a month, a view's period, the year to date).
json::Value collection_row(const std::string& key, const json::Value* o) {
  json::Value row;
  row.add("label", label("collection_rows", key));
  page::add_amounts(row, o, {"billed", "settled"});
  page::add_texts(row, o, {"bills", "bills_settled", "rate_by_amount", "rate_by_count"});
  return row;
}

json::Value collection_view(PageContext& page) {
  const json::Value* c = page::object_at(page.root(), "collection");
  json::Value v = section(c);
  if (c == nullptr)
    return v;
  // A month has its own figures; a view those of its period (the months' bills summed).
  json::Value& rows = v.add("rows", json::Value::Array());
  const bool view = c->find("period") != nullptr;
  for (const char* key : {"month", "period", "year_to_date"})
    if (std::string_view(key) != (view ? "month" : "period"))
      rows.push(collection_row(key, page::object_at(c, key)));
  const std::vector<const json::Value*> history = objects_at(c, "history");
  v.add("has_history", !history.empty());
  json::Value& months = v.add("history", json::Value::Array());
  std::vector<page::RatePoint> points;
  for (const json::Value* h : history) {
    points.push_back({text_at(h, "month"),
                      page::hundredths_of_percent(text_at(h, "rate_by_amount")),
                      page::hundredths_of_percent(text_at(h, "rate_by_count"))});
    page::add_texts(months.push({}), h, {"month", "rate_by_amount", "rate_by_count"});
  }
  v.add("chart", history.empty() ? json::Value()
                                 : page::rate_chart(page.next_chart_id("collection"), points));
  return v;
}

json::Value arrears_view(PageContext& page) {
  const json::Value* a = page::object_at(page.root(), "arrears");
  json::Value v = section(a);
  if (a == nullptr)
    return v;
  const std::string total = text_at(a, "total");
  const std::optional<std::int64_t> total_fen = fen_of(total);
  json::Value& rows = v.add("rows", json::Value::Array());
  std::vector<page::Bar> bars;
  for (const char* key : {"0-30", "31-90", "91-180", "over-180"}) {
    const std::string amount = text_at(a, key);
    const std::optional<std::int64_t> fen = fen_of(amount);
    rows.push(amount_row(label("arrears_rows", key), money_text(amount),
                         page::share_text(fen, total_fen)));
    if (fen)
      bars.push_back({*page::find_label("arrears_rows", key), *fen, money_text(amount)});
  }
  rows.push(amount_row(label("arrears_rows", "total"), money_text(total),
                       total_fen ? "100.00%" : "", true));
  page::add_texts(v, a, {"as_of", "open_bills", "units"});
  v.add("chart", total_fen && *total_fen > 0
                     ? page::bar_chart(page.next_chart_id("arrears"), "欠费账龄 Arrears by age",
                                       bars, "#b3261e")
                     : json::Value());
  return v;
}

json::Value remuneration_view(const PageContext& page) {
  const json::Value* r = page::object_at(page.root(), "remuneration");
  json::Value v = section(r);
  if (r == nullptr)
    return v;
  const std::string rate = text_at(r, "rate");
  page::add_texts(v, r, {"month", "rate"});
  v.add("basis", label("bases", text_at(r, "basis")));
  page::add_amounts(v, r, {"base", "deductions", "amount"});
  v.add("percent", page::fraction_as_percent(rate).value_or(""));
  v.add("tier", text_at(r, "tier"));
  v.add("collection_rate", text_at(r, "collection_rate"));
  v.add("explanation", text_at(r, "explanation"));
  return v;
}

json::Value public_revenue_view(const PageContext& page) {
  const json::Value* p = page::object_at(page.root(), "public_revenue");
  json::Value v = section(p);
  if (p == nullptr)
    return v;
  json::Value& classes = v.add("classes", json::Value::Array());
  for (const auto& [key, amount] : revenue_classes(page::object_at(p, "by_class"))) {
    json::Value& row = classes.push({});
    row.add("label", revenue_class_text(key));
    row.add("amount", money_text(amount));
  }
  page::add_amounts(v, p, {"gross", "costs", "net", "transferred_to_repair_fund"});
  return v;
}

json::Value journal_view(const PageContext& page) {
  const json::Value* j = page::object_at(page.root(), "journal");
  json::Value v = section(j);
  if (j == nullptr)
    return v;
  page::add_texts(v, j, {"tree_size", "entries_in_period", "root"});
  v.add("has_previous", page.root()->find("previous_manifest_sha256") != nullptr);
  v.add("previous", text_at(page.root(), "previous_manifest_sha256"));
  return v;
}

// The header, the sections in page order and the footer's values.
json::Value page_view(PageContext& page) {
  const json::Value* estate = page::object_at(page.root(), "estate");
  std::string name = text_at(estate, "name");
  if (name.empty())
    name = text_at(estate, "id");
  const std::string period = text_at(page.root(), "period");
  const std::string kind = text_at(page.root(), "kind");
  const std::string from = text_at(page.root(), "from"), to = text_at(page.root(), "to");
  json::Value v;
  v.add("title_name", name);
  v.add("name", or_dash(name));
  v.add("period", period);
  v.add("period_shown", or_dash(period));
  v.add("kind", kind.empty() ? json::Value() : label("kinds", kind));
  json::Value range;
  if (!from.empty() || !to.empty()) {
    range.add("from", or_dash(from));
    range.add("to", or_dash(to));
  }
  v.add("range", std::move(range));
  v.add("estate_id", text_at(estate, "id"));
  v.add("is_view", page.is_view());
  v.add("months", months_view(page));
  v.add("funds", funds_view(page));
  v.add("receipts", receipts_view(page));
  v.add("collection", collection_view(page));
  v.add("arrears", arrears_view(page));
  page::payments_view(page, v);
  page::spending_view(page, v);
  v.add("remuneration", remuneration_view(page));
  v.add("public_revenue", public_revenue_view(page));
  v.add("repair_fund", page::repair_fund_view(page));
  v.add("journal", journal_view(page));
  v.add("units_published", or_dash(text_at(page.root(), "units_published")));
  v.add("format", text_at(page.root(), "format"));
  return v;
}

json::Value parse(std::string_view statement_json) {
  json::Value root;
  try {
    root = json::parse(statement_json);
  } catch (const Error& e) {
    throw Error::invalid("statement-json", "statement",
                         std::string("statement.json is not valid JSON: ") + e.what());
  }
  if (!root.is_object())
    throw Error::invalid("statement-json", "statement", "statement.json must be a JSON object");
  return root;
}

}  // namespace

std::string statement_html(std::string_view statement_json) {
  const json::Value root = parse(statement_json);
  PageContext page(root);
  return reports::render("statement/page.html", page_view(page));
}

}  // namespace trustfund::statements
