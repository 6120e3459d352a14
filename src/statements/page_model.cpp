// Lenient reading of statement.json and the page's labels; see page_model.h.
#include "page_model.h"

#include "page_numbers.h"
#include "trustfund/core/reports.h"

namespace trustfund::statements::page {
namespace {

// labels.json: table -> key -> "zh en", parsed once.
const json::Value& labels() {
  static const json::Value all = [] {
    const json::Value file = json::parse(reports::text("statement/labels.json"));
    json::Value tables = json::Value::Object();
    for (const json::Member& table : file.object()) {
      json::Value& joined = tables.add(table.name, json::Value::Object());
      for (const json::Member& l : table.value.object())
        joined.add(l.name, l.value.find("zh")->string() + " " + l.value.find("en")->string());
    }
    return tables;
  }();
  return all;
}

}  // namespace

const json::Value* member(const json::Value* o, std::string_view key) {
  return o != nullptr ? o->find(key) : nullptr;
}

const json::Value* object_at(const json::Value* o, std::string_view key) {
  const json::Value* v = member(o, key);
  return v != nullptr && v->is_object() ? v : nullptr;
}

std::vector<const json::Value*> objects_at(const json::Value* o, std::string_view key) {
  std::vector<const json::Value*> out;
  const json::Value* a = member(o, key);
  if (a != nullptr && a->is_array())
    for (const json::Value& item : a->array())
      if (item.is_object())
        out.push_back(&item);
  return out;
}

std::string scalar_text(const json::Value* v) {
  if (v == nullptr)
    return "";
  switch (v->type()) {
    case json::Value::Type::string:
      return v->string();
    case json::Value::Type::integer:
      return std::to_string(v->integer());
    case json::Value::Type::boolean:
      return v->boolean() ? "true" : "false";
    default:
      return "";
  }
}

std::string text_at(const json::Value* o, std::string_view key) {
  return scalar_text(member(o, key));
}

bool flag_at(const json::Value* o, std::string_view key) {
  const json::Value* v = member(o, key);
  if (v != nullptr && v->is_boolean())
    return v->boolean();
  const std::string t = scalar_text(v);
  return !t.empty() && t != "false" && t != "0";
}

void add_texts(json::Value& v, const json::Value* o, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    v.add(key, or_dash(text_at(o, key)));
}

void add_amounts(json::Value& v, const json::Value* o, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    v.add(key, money_text(text_at(o, key)));
}

const std::string* find_label(std::string_view table, std::string_view key) {
  const json::Value* l = member(labels().find(table), key);
  return l != nullptr ? &l->string() : nullptr;
}

json::Value text_label(std::string text) {
  json::Value v;
  v.add("text", std::move(text));
  return v;
}

json::Value label(std::string_view table, std::string_view key) {
  if (const std::string* l = find_label(table, key)) {
    json::Value v;
    v.add("html", *l);
    return v;
  }
  return text_label(or_dash(key));
}

std::vector<std::string> label_keys(std::string_view table) {
  std::vector<std::string> keys;
  for (const json::Member& l : labels().find(table)->object())
    keys.push_back(l.name);
  return keys;
}

PageContext::PageContext(const json::Value& root) : root_(root) {
  for (const json::Value* f : objects_at(&root_, "funds"))
    funds_.push_back({text_at(f, "fund"), text_at(f, "name_zh"), text_at(f, "name_en")});
}

json::Value PageContext::fund_label(std::string_view code) const {
  for (const FundName& f : funds_)
    if (f.code == code && (!f.zh.empty() || !f.en.empty()))
      return text_label(f.zh + (f.zh.empty() || f.en.empty() ? "" : " ") + f.en);
  return label("funds", code);
}

std::string PageContext::next_chart_id(std::string_view stem) {
  return "chart-" + std::string(stem) + "-" + std::to_string(++charts_);
}

}  // namespace trustfund::statements::page
