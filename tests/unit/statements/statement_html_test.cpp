// statement.html from statement.json: the sample renders with every section and its figures,
// text from the JSON is escaped, missing or odd members still render, bad JSON is refused, the
// output is deterministic and self-contained, and the charts are drawn on integer coordinates.
#include "trustfund/statements/statement_html.h"

#include <catch2/catch_test_macros.hpp>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/page_out.h"
#include "trustfund/core/error.h"

namespace trustfund::statements {
namespace {

std::string sample_json() {
  const std::filesystem::path path =
      std::filesystem::path(TRUSTFUND_SOURCE_DIR) / "tests" / "data" / "statement_sample.json";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The sample with `from` replaced by `to` (which must occur exactly once).
std::string sample_with(std::string_view from, std::string_view to) {
  std::string json = sample_json();
  const std::size_t at = json.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(json.find(from, at + 1) == std::string::npos);
  json.replace(at, from.size(), to);
  return json;
}

bool has(const std::string& html, std::string_view text) {
  return html.find(text) != std::string::npos;
}

std::size_t count(const std::string& html, std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = html.find(text); at != std::string::npos; at = html.find(text, at + 1))
    ++n;
  return n;
}

// The section headings, in the order of domain.md.
const std::vector<std::string> kHeadings = {"资金概况 Funds",
                                            "收入 Receipts",
                                            "收缴率 Collection rate",
                                            "欠费账龄 Arrears ageing",
                                            "预算执行 Payments by budget line",
                                            "支出明细 Payments",
                                            "分项支出 Spending by head",
                                            "管理酬金 Remuneration",
                                            "公共收益 Public revenue",
                                            "专项维修资金 Repair fund",
                                            "账本摘要 Journal digest",
                                            "公示单元 Units published",
                                            "如何核验 How to verify"};

void check_headings_in_order(const std::string& html) {
  std::size_t last = 0;
  for (const std::string& heading : kHeadings) {
    INFO(heading);
    const std::size_t at = html.find("\">" + heading + "</h2>");
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
}

// Every coordinate attribute inside the page's <svg> elements holds digits only.
void check_integer_coordinates(const std::string& html) {
  std::size_t svgs = 0;
  for (std::size_t start = html.find("<svg"); start != std::string::npos;
       start = html.find("<svg", start + 1)) {
    ++svgs;
    const std::size_t end = html.find("</svg>", start);
    REQUIRE(end != std::string::npos);
    const std::string svg = html.substr(start, end - start);
    for (const char* attr : {" x=\"", " y=\"", " x1=\"", " x2=\"", " y1=\"", " y2=\"", " width=\"",
                             " height=\"", " cx=\"", " cy=\"", " points=\"", " viewBox=\""}) {
      for (std::size_t at = svg.find(attr); at != std::string::npos; at = svg.find(attr, at + 1)) {
        const std::size_t from = at + std::string_view(attr).size();
        const std::string value = svg.substr(from, svg.find('"', from) - from);
        INFO(attr << value);
        CHECK(value.find_first_not_of("0123456789, -") == std::string::npos);
      }
    }
  }
  CHECK(svgs > 0);
}

TEST_CASE("the sample statement renders as one HTML5 page for phones and A4",
          "[statements][html]") {
  const std::string html = statement_html(sample_json());
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(has(html, "<meta charset=\"utf-8\">"));
  CHECK(has(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
  CHECK(has(html, "@page{size:A4"));
  CHECK(has(html, "@media print"));
  CHECK(has(html, "overflow-x:auto"));
  CHECK(html.substr(html.size() - 8) == "</html>\n");
  check_headings_in_order(html);
}

TEST_CASE("the sample's figures appear on the page", "[statements][html]") {
  const std::string html = statement_html(sample_json());
  // Header and funds.
  CHECK(has(html, "<h1>阳光花园 Sunrise Garden"));
  CHECK(has(html, "2026-10-01"));
  CHECK(has(html, "2026-10-31"));
  CHECK(has(html, "月度 Monthly"));
  CHECK(has(html, "尾号 ···2345"));
  CHECK(has(html, "尾号 ···2347"));
  CHECK(has(html, "498,120.31"));
  CHECK(has(html, "13,390,218.64"));
  CHECK(has(html, "物业服务资金 Operating fund"));
  CHECK(count(html, "✓ 一致 Agrees") == 3);
  // Receipts, collection, arrears.
  CHECK(has(html, "245,120.37"));
  CHECK(has(html, "20,311.00"));
  CHECK(has(html, "停车 Parking"));
  CHECK(has(html, "19,338.00"));
  CHECK(has(html, "94.73%"));
  CHECK(has(html, "2,984,620.00"));
  CHECK(has(html, "<td class=\"n\">11172</td>"));
  CHECK(has(html, "54,397.51"));
  CHECK(has(html, "187,741.56"));
  CHECK(has(html, "<dd>121</dd>"));
  // Payments: budget lines and the order with its voucher and both approvers.
  CHECK(has(html, "2026 Staff wages (payroll)"));
  CHECK(has(html, "1,540,000.00"));
  CHECK(has(html, "1,411,660.34"));
  CHECK(has(html, "1,283,396.60"));
  CHECK(has(html, "83.33%"));  // year to date used of the budget, truncated
  CHECK(has(html, "DO-000100"));
  CHECK(has(html, "128,339.66"));
  CHECK(has(html, "payroll 2026-10.pdf"));
  std::string voucher_sha256;
  for (int i = 0; i < 16; ++i)
    voucher_sha256 += "aa11";
  CHECK(has(html, "SHA-256 " + voucher_sha256));
  CHECK(has(html, "<strong>业主委员会 Owners' committee</strong>"));
  CHECK(has(html, "CN=Li Wei 李伟,OU=owners_committee,O=阳光花园业主委员会 Owners&#39; Committee"));
  CHECK(has(html, "CN=Wang Fang 王芳"));
  CHECK(has(html, "2026-11-02T09:31:00Z"));
  // Spending, remuneration, public revenue.
  CHECK(has(html, "人员费用 Staff"));
  CHECK(has(html, "清洁卫生费 Cleaning"));
  CHECK(has(html, "164,155.10"));  // total of the two heads
  CHECK(has(html, "21,902.11"));
  CHECK(has(html, "8%"));
  CHECK(has(html, "按实收物业费计提"));
  CHECK(has(html, "17,404.20"));
  CHECK(has(html, "1,933.80"));
  // Repair fund: projects, emergency use flagged, retention.
  CHECK(has(html, "RP-0001"));
  CHECK(has(html, "2号楼电梯曳引机更换 Lift traction machines, building 2"));
  CHECK(has(html, "质保期 Warranty"));
  CHECK(has(html, "<tr class=\"emergency\"><th scope=\"row\"><span class=\"id\">RP-0002"));
  CHECK(has(html, "DO-000101"));
  CHECK(has(html, "7,200.00"));
  CHECK(count(html, "应急 Emergency") >= 3);
  CHECK(has(html, "6,180.00"));
  CHECK(has(html, "本期无结束的表决。"));
  // Journal, units, verification.
  CHECK(has(html, "9d5b0c7c43b0e3a1c0a6f4e3b1b7d1f0c7a5e2d4b6a8c0e2f4a6b8d0e2f4a6b8"));
  CHECK(has(html, "<dd>431</dd>"));
  CHECK(has(html, "<dd>38</dd>"));
  CHECK(has(html, "<strong>1200</strong>"));
  CHECK(
      has(html, "openssl cms -verify -binary -inform DER -in manifest.p7s -content manifest.json"));
  CHECK(has(html, "-CAfile custodians.pem -purpose any -out /dev/null"));
  CHECK(has(html, "trustfund verify DIR [--previous PREVIOUS_DIR] [--proof unit-proof.json]"));
  CHECK(has(html, "<code>trustfund-statement/1</code>"));
}

TEST_CASE("the charts are SVG with titles, on integer coordinates", "[statements][html]") {
  const std::string html = statement_html(sample_json());
  // Receipts, collection history, arrears, spending.
  CHECK(count(html, "<svg role=\"img\"") == 4);
  CHECK(count(html, "<title id=\"chart-") == 4);
  CHECK(has(html, "<title id=\"chart-spending-4-title\">分项支出 Spending by head</title>"));
  CHECK(has(html, "月度收缴率 Collection rate by month</title>"));
  CHECK(!has(html, "xmlns"));  // inline SVG needs none, and it would be a URL
  check_integer_coordinates(html);
  // Spending: the largest head is the full 246 px; cleaning 35815.44 / 128339.66 of it, truncated.
  const std::size_t spending = html.find("chart-spending-4");
  REQUIRE(spending != std::string::npos);
  const std::string chart = html.substr(spending, html.find("</svg>", spending) - spending);
  CHECK(has(chart, "width=\"246\""));
  CHECK(has(chart, "width=\"68\""));
  // Collection: ten months, two series, a point each; the rates are in a table as well.
  const std::size_t rates = html.find("chart-collection-2");
  REQUIRE(rates != std::string::npos);
  const std::string line = html.substr(rates, html.find("</svg>", rates) - rates);
  CHECK(count(line, "<circle") == 20);
  CHECK(count(line, "<polyline") == 2);
  // 80% at the bottom (the lowest rate is 90.00%), 100% at the top.
  CHECK(has(line, ">80%</text>"));
  CHECK(has(line, ">100%</text>"));
  CHECK(has(html, "<td class=\"n\">96.01%</td>"));
}

TEST_CASE("text from the JSON is HTML-escaped everywhere", "[statements][html]") {
  std::string json = sample_with("\"payee\":\"Staff wages (payroll)\"",
                                 "\"payee\":\"<script>alert('x')</script> & \\\"Co\\\"\"");
  const std::size_t name = json.find("\"name\":\"阳光花园 Sunrise Garden\"");
  REQUIRE(name != std::string::npos);
  json.replace(name, std::string_view("\"name\":\"阳光花园 Sunrise Garden\"").size(),
               "\"name\":\"<b>Evil</b> Garden\"");
  const std::size_t head = json.find("\"name_en\":\"Cleaning\"");
  REQUIRE(head != std::string::npos);
  json.replace(head, std::string_view("\"name_en\":\"Cleaning\"").size(),
               "\"name_en\":\"<img src=x onerror=alert(1)>\"");
  const std::string html = statement_html(json);
  CHECK(!has(html, "<script"));
  CHECK(!has(html, "<b>"));
  CHECK(!has(html, "<img"));
  CHECK(has(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"));
  CHECK(has(html, "<title>&lt;b&gt;Evil&lt;/b&gt; Garden"));
  CHECK(has(html, "<h1>&lt;b&gt;Evil&lt;/b&gt; Garden"));
  // In the table, and in the chart's label and description.
  CHECK(count(html, "&lt;img src=x onerror=alert(1)&gt;") >= 3);
}

TEST_CASE("votes show their tally and each threshold", "[statements][html]") {
  // As repairfund::vote_to_json writes them.
  const std::string votes = R"("votes":[
    {"allow_change":true,"ballots":98,"closed":true,"closes_on":"2026-10-15","matter":"use_fund",
     "opened_on":"2026-09-01","question":"Replace the lift machines of building 2 <now>?",
     "rule_set":"CN-civil-code-2021","scope":{"items":["2"],"kind":"buildings"},
     "tally":{"abstain_area":"400.00","abstain_headcount":6,"approved":true,"matter":"use_fund",
       "no_area":"1500.50","no_headcount":15,"participating_area":"8900.50",
       "participating_headcount":98,"rule_set":"CN-civil-code-2021",
       "thresholds":[
         {"denominator":"10800.00","name":"participation_area","numerator":"8900.50",
          "passed":true,"required":"at least 2/3"},
         {"denominator":"120","name":"participation_headcount","numerator":"98","passed":true,
          "required":"at least 2/3"},
         {"denominator":"8900.50","name":"approval_area","numerator":"7000.00","passed":true,
          "required":"more than 1/2"},
         {"denominator":"98","name":"approval_headcount","numerator":"77","passed":true,
          "required":"more than 1/2"}],
       "total_area":"10800.00","total_headcount":120,"yes_area":"7000.00","yes_headcount":77},
     "vote":"V-0003","voters":120},
    {"vote":"V-0004","question":"Facade","matter":"use_fund","tally":{"approved":false,
     "thresholds":[{"name":"participation_headcount","numerator":"50","denominator":"120",
     "passed":false,"required":"at least 2/3"}]}}])";
  const std::string html = statement_html(sample_with("\"votes\":[]", votes));
  CHECK(has(html, "V-0003"));
  CHECK(has(html, "Replace the lift machines of building 2 &lt;now&gt;?"));
  CHECK(has(html, "使用维修资金 Use of the repair fund"));
  CHECK(has(html, "楼栋 Buildings: 2"));
  CHECK(has(html, "2026-09-01 – 2026-10-15"));
  CHECK(has(html, "CN-civil-code-2021"));
  CHECK(has(html, "120 / 98"));
  CHECK(has(html, "参与表决面积 Participation by area"));
  CHECK(has(html, "同意人数 Approval by headcount"));
  CHECK(has(html, "8900.50 / 10800.00"));
  CHECK(has(html, "不少于 at least 2/3"));
  CHECK(has(html, "超过 more than 1/2"));
  CHECK(count(html, "✓ 达到 Met") == 4);
  CHECK(has(html, "✓ 通过 Approved"));
  CHECK(has(html, "✗ 未通过 Not approved"));
  CHECK(count(html, "✗ 未达到 Not met") == 1);
  CHECK(has(html, "<td class=\"n\">1500.50</td><td class=\"n\">15</td>"));
  CHECK(!has(html, "本期无结束的表决。"));
}

TEST_CASE("a minimal or oddly shaped statement still renders", "[statements][html]") {
  const std::string minimal =
      statement_html(R"({"format":"trustfund-statement/1","period":"2026-10"})");
  check_headings_in_order(minimal);
  CHECK(has(minimal, "<strong>2026-10</strong>"));
  CHECK(has(minimal, "本期无支付。"));
  CHECK(!has(minimal, "<svg"));

  const std::string empty = statement_html("{}");
  check_headings_in_order(empty);

  // Members of the wrong type, empty texts, figures that are not amounts or rates.
  const std::string odd = statement_html(R"({
    "estate": "x", "funds": [1, "a", {}, {"fund": "OP", "bank_closing": "1.00",
      "book_closing": "2.00"}],
    "receipts": {"fees": {"current": "lots", "total": ""}, "public_revenue": {"moon": "1.00"}},
    "collection": {"month": [], "history": [{"month": "2026-01", "rate_by_amount": "n/a"},
      {"month": "2026-02", "rate_by_amount": "101.5%", "rate_by_count": 7}, "x"]},
    "arrears": {"total": "0.00", "0-30": "0.00"},
    "payments": {"by_budget_line": [{}], "orders": [1, {}, {"emergency": "lift stuck",
      "approvers": [{}], "vouchers": [{"name": null}]}]},
    "spending_by_head": [{"amount": "-5.00"}, {"amount": "x"}],
    "remuneration": {"rate": "0.085"},
    "repair_fund": {"projects": [{"emergency": "yes"}], "votes": [{"vote": "V-1"}, 3],
      "emergency_uses": [{}]},
    "journal": {"tree_size": 0}, "units_published": null})");
  check_headings_in_order(odd);
  CHECK(has(odd, "✗ 不一致 Differs"));
  CHECK(has(odd, "lots"));
  CHECK(has(odd, "moon"));
  CHECK(has(odd, "8.5%"));
  CHECK(has(odd, "lift stuck"));  // an emergency category the page has no name for
  CHECK(has(odd, "审批人不足两名 Not two approvers"));
  CHECK(has(odd, "V-1"));
  CHECK(has(odd, "<dd>0</dd>"));
  // The chart shows the one month with rates; 101.5% raises the top to 110%.
  CHECK(count(odd, "<circle") == 2);
  CHECK(has(odd, ">110%</text>"));
  check_integer_coordinates(odd);
}

TEST_CASE("JSON that cannot be read is refused", "[statements][html]") {
  for (const char* bad :
       {"", "{", "not json", "[1, 2]", "\"text\"", "42", "null", "{\"period\": \"2026-10\",}"}) {
    INFO(bad);
    try {
      static_cast<void>(statement_html(bad));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::invalid_input);
      CHECK(e.type() == "statement-json");
      CHECK(e.field() == "statement");
    }
  }
}

TEST_CASE("the same statement gives the same bytes", "[statements][html]") {
  const std::string json = sample_json();
  const std::string first = statement_html(json);
  CHECK(statement_html(json) == first);
  // Whitespace and member order do not matter: it is the same statement.
  CHECK(statement_html(R"({ "period" : "2026-10" ,"format":"trustfund-statement/1" })") ==
        statement_html(R"({"format":"trustfund-statement/1","period":"2026-10"})"));
}

TEST_CASE("the page is self-contained: no scripts, no external references", "[statements][html]") {
  for (const std::string& html :
       {statement_html(sample_json()),
        statement_html(R"({"format":"trustfund-statement/1","period":"2026-10"})")}) {
    CHECK(!has(html, "http://"));
    CHECK(!has(html, "https://"));
    CHECK(!has(html, "<script"));
    CHECK(!has(html, "<link"));
    CHECK(!has(html, "<img"));
    CHECK(!has(html, " src="));
    CHECK(!has(html, "url("));
    CHECK(!has(html, "@import"));
    CHECK(!has(html, "@font-face"));
  }
}

// Used by tests/integration/browser_statement.sh: writes the sample page to the file named by
// TRUSTFUND_HTML_OUT, for headless Chromium to load. Without the variable it only renders.
TEST_CASE("writes the sample page", "[statements][html]") {
  testing::write_page_for_browser("TRUSTFUND_HTML_OUT", statement_html(sample_json()));
}

}  // namespace
}  // namespace trustfund::statements
