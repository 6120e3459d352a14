// The view model of the statement page (statement_html.cpp): reading statement.json leniently
// and the labels of reports/statement/labels.json.
//
// The page renders whatever statement.json holds: a member that is missing, null or of another
// type reads as empty (an absent object, "", no elements), so an odd file still gives a page
// that says what is missing. Labels are the layout's own HTML text; a key with no label is shown
// as the key, escaped. In the view model a label is an object with one of two members, "html"
// (the label, written raw: {{&x.html}}) or "text" (escaped: {{x.text}}).
//
// Thread-safety: pure functions; the labels are parsed once, at first use (thread-safe).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/json.h"

namespace trustfund::statements::page {

// The member `key` of `o` if `o` is an object that has it, else nullptr (also for a null `o`).
const json::Value* member(const json::Value* o, std::string_view key);

// The member `key` if it is an object, else nullptr.
const json::Value* object_at(const json::Value* o, std::string_view key);

// The objects of the array `key` (other elements skipped); empty if it is no array.
std::vector<const json::Value*> objects_at(const json::Value* o, std::string_view key);

// A scalar as text: strings as they are, integers in decimal, booleans as true/false; "" for
// null, arrays and objects.
std::string scalar_text(const json::Value* v);

// The member `key` as text (see scalar_text); "" if absent.
std::string text_at(const json::Value* o, std::string_view key);

// The member `key` as a flag: true, a non-zero number, or a non-empty string other than
// "false" and "0".
bool flag_at(const json::Value* o, std::string_view key);

// Adds each member `key` of `o` to `v` under the same name: as text, "—" when empty
// (add_texts), or as money (add_amounts, see money_text in page_numbers.h).
void add_texts(json::Value& v, const json::Value* o, std::initializer_list<const char*> keys);
void add_amounts(json::Value& v, const json::Value* o, std::initializer_list<const char*> keys);

// The label of `key` in the table `table` of labels.json ("categories", "roles", …) as
// "zh en" HTML, or nullptr.
const std::string* find_label(std::string_view table, std::string_view key);

// The label object of `key` (see the file comment): its label, or the key as text, "—" if empty.
json::Value label(std::string_view table, std::string_view key);

// A label object holding text: {"text": text}.
json::Value text_label(std::string text);

// The keys of a label table, in the order of labels.json.
std::vector<std::string> label_keys(std::string_view table);

// What the sections share while the page is built.
class PageContext {
 public:
  explicit PageContext(const json::Value& root);

  const json::Value* root() const noexcept { return &root_; }
  // A view (quarter, half, year) names the months it is derived from.
  bool is_view() const { return !objects_at(&root_, "months").empty(); }
  // The fund `code` as the statement names it, else its label, else the code ("—" if empty).
  json::Value fund_label(std::string_view code) const;
  // A new id for a chart, unique on the page: "chart-<stem>-<n>".
  std::string next_chart_id(std::string_view stem);

 private:
  struct FundName {
    std::string code, zh, en;
  };
  const json::Value& root_;
  std::vector<FundName> funds_;
  int charts_ = 0;
};

// The sections' view models that have a file of their own. payments_view adds the budget lines
// and the orders to the page's view model `v`, spending_view the heads of cost and their chart
// (page_payments.cpp); repair_fund_view is the repair fund section (page_repair_fund.cpp).
void payments_view(const PageContext& page, json::Value& v);
void spending_view(PageContext& page, json::Value& v);
json::Value repair_fund_view(const PageContext& page);

}  // namespace trustfund::statements::page
