// The repair fund section of the statement page: movements, projects, votes, emergency uses,
// retention (reports/statement/repair-fund.html and vote.html); see page_model.h.
#include <string>
#include <vector>

#include "page_model.h"
#include "page_numbers.h"

namespace trustfund::statements::page {
namespace {

json::Value project_view(const json::Value* p) {
  json::Value v;
  v.add("emergency", flag_at(p, "emergency"));
  add_texts(v, p, {"project", "title"});
  v.add("category", label("categories", text_at(p, "category")));
  v.add("state", label("states", text_at(p, "state")));
  add_amounts(v, p, {"approved_budget", "final_cost", "paid", "retention_held"});
  return v;
}

json::Value emergency_use_view(const json::Value* u) {
  json::Value v;
  add_texts(v, u, {"date", "order_id", "project"});
  v.add("category", label("categories", text_at(u, "category")));
  add_amounts(v, u, {"amount"});
  return v;
}

json::Value threshold_view(const json::Value* th) {
  const std::string required = text_at(th, "required");
  const bool has_result = th->find("passed") != nullptr;
  json::Value v;
  v.add("name", label("thresholds", text_at(th, "name")));
  v.add("required", or_dash(required));
  v.add("at_least", required.rfind("at least ", 0) == 0);
  v.add("more_than", required.rfind("more than ", 0) == 0);
  add_texts(v, th, {"numerator", "denominator"});
  v.add("met", has_result && flag_at(th, "passed"));
  v.add("not_met", has_result && !flag_at(th, "passed"));
  v.add("no_result", !has_result);
  return v;
}

// The vote's scope: its kind's label, or the scope as text when it is no object.
void scope_view(const json::Value* vote, json::Value& v) {
  const json::Value* scope = object_at(vote, "scope");
  if (scope == nullptr) {
    v.add("scope", text_label(or_dash(text_at(vote, "scope"))));
    v.add("scope_items", "");
    return;
  }
  std::string items;
  const json::Value* list = member(scope, "items");
  if (list != nullptr && list->is_array())
    for (const json::Value& item : list->array())
      items += (items.empty() ? "" : ", ") + scalar_text(&item);
  v.add("scope", label("scopes", text_at(scope, "kind")));
  v.add("scope_items", items);
}

json::Value vote_view(const json::Value* vote) {
  const json::Value* tally = object_at(vote, "tally");
  if (tally == nullptr)
    tally = vote;  // a tally given inline
  const bool has_result = tally->find("approved") != nullptr;
  json::Value v;
  add_texts(v, vote, {"vote"});
  v.add("approved", has_result && flag_at(tally, "approved"));
  v.add("rejected", has_result && !flag_at(tally, "approved"));
  std::string matter = text_at(vote, "matter");
  if (matter.empty())
    matter = text_at(tally, "matter");
  v.add("matter", label("matters", matter));
  scope_view(vote, v);
  add_texts(v, vote, {"question", "opened_on", "closes_on", "voters", "ballots"});
  std::string rule = text_at(vote, "rule_set");
  if (rule.empty())
    rule = text_at(tally, "rule_set");
  v.add("rule_set", or_dash(rule));
  for (const char* count : {"yes", "no", "abstain", "participating", "total"})
    for (const char* measure : {"_area", "_headcount"}) {
      const std::string key = std::string(count) + measure;
      v.add(key, or_dash(text_at(tally, key)));
    }
  json::Value& thresholds = v.add("thresholds", json::Value::Array());
  for (const json::Value* th : objects_at(tally, "thresholds"))
    thresholds.push(threshold_view(th));
  v.add("has_thresholds", !thresholds.array().empty());
  return v;
}

}  // namespace

json::Value repair_fund_view(const PageContext& page) {
  const json::Value* r = object_at(page.root(), "repair_fund");
  json::Value v;
  v.add("given", r != nullptr);
  if (r == nullptr)
    return v;
  add_amounts(
      v, r,
      {"opening", "deposits", "interest", "transfers_in", "uses", "closing", "retention_held"});
  add_texts(v, r, {"units_below_top_up"});
  json::Value& projects = v.add("projects", json::Value::Array());
  for (const json::Value* p : objects_at(r, "projects"))
    projects.push(project_view(p));
  v.add("has_projects", !projects.array().empty());
  json::Value& votes = v.add("votes", json::Value::Array());
  for (const json::Value* vote : objects_at(r, "votes"))
    votes.push(vote_view(vote));
  json::Value& uses = v.add("emergency_uses", json::Value::Array());
  for (const json::Value* u : objects_at(r, "emergency_uses"))
    uses.push(emergency_use_view(u));
  v.add("has_emergency_uses", !uses.array().empty());
  return v;
}

}  // namespace trustfund::statements::page
