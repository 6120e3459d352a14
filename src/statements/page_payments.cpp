// The payments of the statement page: by budget line, each disbursement order, and spending by
// head of cost (reports/statement/budget.html, payments.html, spending.html); see page_model.h.
#include <optional>
#include <string>
#include <vector>

#include "page_charts.h"
#include "page_model.h"
#include "page_numbers.h"
#include "trustfund/core/error.h"
#include "trustfund/money/amount.h"

namespace trustfund::statements::page {
namespace {

json::Value budget_lines_view(const PageContext& page) {
  json::Value lines = json::Value::Array();
  for (const json::Value* l : objects_at(object_at(page.root(), "payments"), "by_budget_line")) {
    const std::string budget = text_at(l, "budget"), ytd = text_at(l, "year_to_date");
    json::Value& line = lines.push({});
    add_texts(line, l, {"budget_line"});
    line.add("fund", page.fund_label(text_at(l, "fund")));
    add_amounts(line, l, {"budget", "actual", "variance", "year_to_date"});
    line.add("used", share_text(fen_of(ytd), fen_of(budget)));
  }
  return lines;
}

json::Value order_view(const PageContext& page, const json::Value* o) {
  const std::string emergency = text_at(o, "emergency");
  const bool is_emergency = flag_at(o, "emergency");
  json::Value v;
  v.add("emergency", is_emergency);
  add_texts(v, o, {"order_id", "date", "payee", "purpose", "budget_line", "account"});
  add_amounts(v, o, {"amount"});
  v.add("fund", page.fund_label(text_at(o, "fund")));
  // The emergency's category, unless the order only says that it is one.
  v.add("category",
        is_emergency && emergency != "true" ? label("categories", emergency) : json::Value());
  json::Value& vouchers = v.add("vouchers", json::Value::Array());
  for (const json::Value* voucher : objects_at(o, "vouchers")) {
    add_texts(vouchers.push({}), voucher, {"name", "sha256"});
  }
  v.add("has_vouchers", !v.find("vouchers")->array().empty());
  const std::vector<const json::Value*> approvers = objects_at(o, "approvers");
  json::Value& who = v.add("approvers", json::Value::Array());
  for (const json::Value* a : approvers) {
    json::Value& item = who.push({});
    item.add("role", label("roles", text_at(a, "role")));
    item.add("subject", or_dash(text_at(a, "subject")));
    item.add("signing_time", text_at(a, "signing_time"));
  }
  v.add("two_approvers", approvers.size() == 2);
  return v;
}

}  // namespace

void payments_view(const PageContext& page, json::Value& v) {
  json::Value lines = budget_lines_view(page);
  v.add("has_budget_lines", !lines.array().empty());
  v.add("budget_lines", std::move(lines));
  json::Value orders = json::Value::Array();
  for (const json::Value* o : objects_at(object_at(page.root(), "payments"), "orders"))
    orders.push(order_view(page, o));
  v.add("has_orders", !orders.array().empty());
  v.add("orders", std::move(orders));
}

void spending_view(PageContext& page, json::Value& v) {
  const std::vector<const json::Value*> heads = objects_at(page.root(), "spending_by_head");
  // The total, if every amount is one and the sum is in range.
  std::optional<money::Amount> sum = money::Amount();
  for (const json::Value* h : heads) {
    const auto fen = fen_of(text_at(h, "amount"));
    try {
      if (fen && sum)
        *sum += money::Amount::from_fen(*fen);
      else
        sum.reset();
    } catch (const Error&) {
      sum.reset();
    }
  }
  const std::int64_t total = sum ? sum->fen() : 0;
  json::Value& rows = v.add("heads", json::Value::Array());
  std::vector<Bar> bars;
  for (const json::Value* h : heads) {
    const std::string zh = text_at(h, "name_zh"), en = text_at(h, "name_en");
    const std::string name = zh + (zh.empty() || en.empty() ? "" : " ") + en;
    const std::string amount = text_at(h, "amount");
    const std::optional<std::int64_t> fen = fen_of(amount);
    json::Value& row = rows.push({});
    row.add("name", or_dash(name));
    row.add("account", or_dash(text_at(h, "account")));
    row.add("amount", money_text(amount));
    row.add("share", share_text(fen, total));
    bars.push_back(
        {name.empty() ? text_at(h, "account") : name, fen.value_or(0), money_text(amount)});
  }
  v.add("has_heads", !heads.empty());
  json::Value total_row;
  if (sum) {
    total_row.add("amount", format_fen(total));
    total_row.add("share", total > 0 ? "100.00%" : "");
  }
  v.add("total", std::move(total_row));
  v.add("spending_chart", heads.empty() ? json::Value()
                                        : bar_chart(page.next_chart_id("spending"),
                                                    "分项支出 Spending by head", bars, "#1f5fa8"));
}

}  // namespace trustfund::statements::page
