// statement.json as statement.html; see statement_html.h and docs/statements.md.
//
// The page is built as one string, section by section in the order of domain.md. Every text
// from the JSON goes through escape(); everything else written here is fixed markup. Money is
// decimal text: it is parsed to whole fen (money::Amount) to format it and to scale the bars,
// and rates ("94.73%") to hundredths of a percent; every coordinate is an integer.
#include "trustfund/statements/statement_html.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trustfund/core/error.h"
#include "trustfund/core/html.h"
#include "trustfund/money/amount.h"

namespace trustfund::statements {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kDash = "—";

// ---------------------------------------------------------------------------------------------
// Text

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 if it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80)
    return 1;
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size())
    return 0;
  std::uint32_t cp = b & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

// `s` as HTML text or attribute value: the five special characters as references, control
// characters other than tab and newline dropped, malformed UTF-8 as U+FFFD.
std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      if (const char* ref = html::reference(c))
        out += ref;
      else if (c == '\t' || c == '\n' || (b >= 0x20 && b != 0x7F))
        out += c;
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

// `s` cut to about `max_width` columns (CJK counting two), with "…" if cut; for chart labels,
// whose full text is in the table next to the chart.
std::string shorten(std::string_view s, std::size_t max_width) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8_length(s, i));
    const std::size_t w = n >= 3 ? 2 : 1;
    if (width + w > max_width)
      return std::string(s.substr(0, i)) + "…";
    width += w;
    i += n;
  }
  return std::string(s);
}

// Text or "—" when empty.
std::string escape_or_dash(std::string_view s) {
  return s.empty() ? std::string(kDash) : escape(s);
}

// An identifier ("DO-000101"), kept on one line.
std::string id_html(std::string_view s) {
  return "<span class=\"id\">" + escape_or_dash(s) + "</span>";
}

// ---------------------------------------------------------------------------------------------
// Numbers, integers only

// Whole fen of decimal yuan text, or nullopt if the text is not an amount.
std::optional<std::int64_t> fen_of(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  try {
    return money::Amount::parse(text).fen();
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string group_digits(std::int64_t whole) {
  std::string digits = std::to_string(whole);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

// Fen as yuan with thousands separators: "1,234,567.89", "-0.01".
std::string format_fen(std::int64_t fen) {
  const bool negative = fen < 0;
  const std::int64_t a = negative ? -fen : fen;  // |fen| <= kMaxFen, so this cannot overflow
  const std::int64_t cents = a % 100;
  return std::string(negative ? "-" : "") + group_digits(a / 100) + "." +
         static_cast<char>('0' + cents / 10) + static_cast<char>('0' + cents % 10);
}

// Money text for a cell: formatted if it is an amount, else the text as given, "—" if empty.
std::string money_html(std::string_view text) {
  if (text.empty())
    return std::string(kDash);
  if (const auto fen = fen_of(text))
    return format_fen(*fen);
  return escape(text);
}

// Hundredths of a percent of "94.73%" (also "94.7%", "100%", "94.73"); nullopt if not a rate.
// Digits after the second decimal are dropped.
std::optional<std::int64_t> hundredths_of_percent(std::string_view s) {
  if (!s.empty() && s.back() == '%')
    s.remove_suffix(1);
  std::size_t i = 0;
  std::int64_t whole = 0;
  int digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (++digits > 6)
      return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
    ++i;
  }
  if (digits == 0)
    return std::nullopt;
  std::int64_t frac = 0;
  if (i < s.size()) {
    if (s[i] != '.')
      return std::nullopt;
    ++i;
    int frac_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (frac_digits < 2)
        frac = frac * 10 + (s[i] - '0');
      ++frac_digits;
      ++i;
    }
    if (frac_digits == 0 || i != s.size())
      return std::nullopt;
    if (frac_digits == 1)
      frac *= 10;
  }
  return whole * 100 + frac;
}

// Hundredths of a percent as "94.73%".
std::string format_percent(std::int64_t hundredths) {
  const bool negative = hundredths < 0;
  const std::int64_t a = negative ? -hundredths : hundredths;
  const std::int64_t f = a % 100;
  return std::string(negative ? "-" : "") + std::to_string(a / 100) + "." +
         static_cast<char>('0' + f / 10) + static_cast<char>('0' + f % 10) + "%";
}

// Hundredths of a percent as a point label, without the sign: "94.73".
std::string value_label(std::int64_t hundredths) {
  std::string s = format_percent(hundredths);
  s.pop_back();
  return s;
}

// Hundredths of a percent without trailing zeros, for axis labels: "90%", "92.5%".
std::string format_percent_short(std::int64_t hundredths) {
  std::string s = std::to_string(hundredths / 100);
  const std::int64_t f = hundredths % 100;
  if (f != 0) {
    s += '.';
    s += static_cast<char>('0' + f / 10);
    if (f % 10 != 0)
      s += static_cast<char>('0' + f % 10);
  }
  return s + "%";
}

// floor(a * m / d) for a >= 0, 0 < m <= 10^6, d > 0, saturating; exact unless a % d times m
// would overflow, where it is within one part in 10^6 (enough to draw or show a share).
std::int64_t scale(std::int64_t a, std::int64_t m, std::int64_t d) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (a <= 0 || d <= 0)
    return 0;
  const std::int64_t q = a / d;
  const std::int64_t r = a % d;
  if (q > kMax / m)
    return kMax;
  std::int64_t part = 0;
  if (r <= kMax / m)
    part = r * m / d;
  else
    part = std::min(m - 1, r / (d / m));
  return q * m + part;
}

// A fraction as a percent, by moving the decimal point: "0.08" -> "8%", "0.085" -> "8.5%".
std::optional<std::string> fraction_as_percent(std::string_view s) {
  const std::size_t dot = s.find('.');
  std::string whole(s.substr(0, dot));
  std::string frac(dot == std::string_view::npos ? "" : s.substr(dot + 1));
  if (whole.empty() || whole.size() > 12 || (dot != std::string_view::npos && frac.empty()))
    return std::nullopt;
  for (const char c : whole + frac)
    if (c < '0' || c > '9')
      return std::nullopt;
  while (frac.size() < 2)
    frac += '0';
  std::string digits = whole + frac.substr(0, 2);
  std::string rest = frac.substr(2);
  while (!rest.empty() && rest.back() == '0')
    rest.pop_back();
  const std::size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  return digits + (rest.empty() ? "" : "." + rest) + "%";
}

// ---------------------------------------------------------------------------------------------
// Lenient JSON access: a missing member, null or a member of another type reads as empty.

Object::Ptr object_of(const Var& v) {
  if (v.type() == typeid(Object::Ptr))
    return v.extract<Object::Ptr>();
  return nullptr;
}

Object::Ptr object_at(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) ? object_of(o->get(key)) : nullptr;
}

Array::Ptr array_at(const Object::Ptr& o, const std::string& key) {
  if (o && o->has(key) && o->get(key).type() == typeid(Array::Ptr))
    return o->get(key).extract<Array::Ptr>();
  return nullptr;
}

// The objects of an array (other elements skipped).
std::vector<Object::Ptr> objects_at(const Object::Ptr& o, const std::string& key) {
  std::vector<Object::Ptr> out;
  if (const Array::Ptr a = array_at(o, key))
    for (std::size_t i = 0; i < a->size(); ++i)
      if (Object::Ptr item = object_of(a->get(static_cast<unsigned>(i))))
        out.push_back(std::move(item));
  return out;
}

std::string scalar_text(const Var& v) {
  if (v.isEmpty() || v.type() == typeid(Object::Ptr) || v.type() == typeid(Array::Ptr))
    return "";
  try {
    if (v.isBoolean())
      return v.extract<bool>() ? "true" : "false";
    return v.convert<std::string>();
  } catch (const Poco::Exception&) {
    return "";
  }
}

// A member as text: strings as they are, numbers in decimal, "" if absent.
std::string text_at(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) ? scalar_text(o->get(key)) : "";
}

// A member as a flag: true, a non-zero number, or a non-empty string other than "false"/"0".
bool flag_at(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key))
    return false;
  const Var& v = o->get(key);
  try {
    if (v.isBoolean())
      return v.extract<bool>();
  } catch (const Poco::Exception&) {
    return false;
  }
  const std::string t = scalar_text(v);
  return !t.empty() && t != "false" && t != "0";
}

// ---------------------------------------------------------------------------------------------
// Fixed labels, Chinese first with English

struct Label {
  std::string_view key, zh, en;
};

constexpr Label kKinds[] = {{"month", "月度", "Monthly"},
                            {"quarter", "季度", "Quarterly"},
                            {"half", "半年度", "Half-yearly"},
                            {"year", "年度", "Yearly"}};
constexpr Label kFunds[] = {{"OP", "物业服务资金", "Operating fund"},
                            {"PR", "公共收益", "Public revenue fund"},
                            {"RF", "专项维修资金", "Repair fund"}};
constexpr Label kRevenueClasses[] = {{"parking", "停车", "Parking"},
                                     {"advertising", "广告", "Advertising"},
                                     {"venue", "场地租用", "Venue rental"},
                                     {"telecom", "通信设施", "Telecom sites"},
                                     {"compensation", "赔偿", "Compensation"},
                                     {"interest", "利息", "Interest"},
                                     {"other", "其他", "Other"}};
constexpr Label kRoles[] = {{"owners_committee", "业主委员会", "Owners' committee"},
                            {"manager", "物业服务人", "Manager"},
                            {"supervisor", "监督方", "Supervisor"}};
constexpr Label kBases[] = {
    {"fixed", "固定金额", "Fixed amount"},
    {"percent_of_collected", "按实收物业费计提", "Percent of fees collected"},
    {"fees_collected", "按实收物业费计提", "Percent of fees collected"},
    {"percent_of_billed", "按应收物业费计提", "Percent of fees billed"},
    {"fees_billed", "按应收物业费计提", "Percent of fees billed"},
    {"percent_of_costs", "按成本计提", "Percent of costs"},
    {"tiered_by_collection_rate", "按收缴率分档计提", "Tiered by collection rate"}};
constexpr Label kCategories[] = {{"lift", "电梯", "Lift"},
                                 {"roof", "屋面", "Roof"},
                                 {"roof_leak", "屋面漏水", "Roof leak"},
                                 {"facade", "外墙", "Facade"},
                                 {"water", "供水", "Water supply"},
                                 {"drainage", "排水", "Drainage"},
                                 {"fire_system", "消防设施", "Fire system"},
                                 {"other", "其他", "Other"}};
constexpr Label kStates[] = {
    {"proposed", "已提议", "Proposed"}, {"voting", "表决中", "Voting"},
    {"emergency", "应急", "Emergency"}, {"approved", "已批准", "Approved"},
    {"rejected", "已否决", "Rejected"}, {"contracted", "已签约", "Contracted"},
    {"in_works", "施工中", "In works"}, {"accepted", "已验收", "Accepted"},
    {"settled", "已结算", "Settled"},   {"warranty", "质保期", "Warranty"},
    {"closed", "已关闭", "Closed"}};
constexpr Label kMatters[] = {{"use_fund", "使用维修资金", "Use of the repair fund"},
                              {"raise_fund", "筹集维修资金", "Raising the repair fund"},
                              {"change_use", "改建或改变用途", "Rebuilding or change of use"},
                              {"ordinary", "一般事项", "Ordinary matter"}};
constexpr Label kThresholds[] = {
    {"participation_area", "参与表决面积", "Participation by area"},
    {"participation_headcount", "参与表决人数", "Participation by headcount"},
    {"approval_area", "同意面积", "Approval by area"},
    {"approval_headcount", "同意人数", "Approval by headcount"}};
constexpr Label kScopes[] = {{"estate", "全小区", "Whole estate"},
                             {"buildings", "楼栋", "Buildings"},
                             {"entrances", "单元", "Entrances"},
                             {"units", "房屋", "Units"}};

template <std::size_t N>
const Label* find_label(const Label (&labels)[N], std::string_view key) {
  for (const Label& l : labels)
    if (l.key == key)
      return &l;
  return nullptr;
}

// "停车 Parking" for a known key, the key itself otherwise, "—" for none.
template <std::size_t N>
std::string label_html(const Label (&labels)[N], std::string_view key) {
  if (const Label* l = find_label(labels, key))
    return std::string(l->zh) + " " + std::string(l->en);
  return escape_or_dash(key);
}

// ---------------------------------------------------------------------------------------------
// Markup pieces

std::string bilingual(std::string_view zh, std::string_view en) {
  return std::string(zh) + " <span class=\"en\">" + std::string(en) + "</span>";
}

std::string badge(std::string_view cls, std::string_view html) {
  return "<span class=\"badge " + std::string(cls) + "\">" + std::string(html) + "</span>";
}

std::string emergency_badge() {
  return badge("emergency", "应急 Emergency");
}

struct Column {
  std::string_view zh, en;
  bool numeric = false;  // right-aligned, never wrapped
  bool wide = false;     // a longer text (a title, a purpose): given room before it wraps
};

void table_begin(std::string& out, const std::vector<Column>& columns,
                 std::string_view caption = {}) {
  out += "<div class=\"scroll\"><table>";
  if (!caption.empty())
    out += "<caption>" + std::string(caption) + "</caption>";
  out += "<thead><tr>";
  for (const Column& c : columns)
    out += std::string(c.numeric ? "<th scope=\"col\" class=\"n\">"
                       : c.wide  ? "<th scope=\"col\" class=\"w\">"
                                 : "<th scope=\"col\">") +
           bilingual(c.zh, c.en) + "</th>";
  out += "</tr></thead><tbody>";
}

// One row of already escaped cells; the first cell is the row's header. `row_class`: "total",
// "emergency" or none.
void table_row(std::string& out, const std::vector<Column>& columns,
               const std::vector<std::string>& cells, std::string_view row_class = {}) {
  out += row_class.empty() ? "<tr>" : "<tr class=\"" + std::string(row_class) + "\">";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const bool numeric = i < columns.size() && columns[i].numeric;
    const bool wide = i < columns.size() && columns[i].wide;
    const char* tag = i == 0 ? "th scope=\"row\"" : "td";
    out += std::string("<") + tag +
           (numeric ? " class=\"n\">"
            : wide  ? " class=\"w\">"
                    : ">") +
           cells[i] + (i == 0 ? "</th>" : "</td>");
  }
  out += "</tr>";
}

void table_end(std::string& out) {
  out += "</tbody></table></div>";
}

void nothing(std::string& out, std::string_view zh, std::string_view en) {
  out += "<p class=\"none\">" + std::string(zh) + " <span class=\"en\">" + std::string(en) +
         "</span></p>";
}

void section_begin(std::string& out, std::string_view id, std::string_view zh,
                   std::string_view en) {
  out += "<section id=\"" + std::string(id) + "\" aria-labelledby=\"h-" + std::string(id) +
         "\"><h2 id=\"h-" + std::string(id) + "\">" + std::string(zh) + " " + std::string(en) +
         "</h2>";
}

void section_end(std::string& out) {
  out += "</section>";
}

// A definition list of (label html, value html).
// `long_values`: the values are texts that may wrap (a payee, a question), shown under their label
// on a phone.
void facts(std::string& out, const std::vector<std::pair<std::string, std::string>>& items,
           bool long_values = false) {
  out += long_values ? "<dl class=\"facts long\">" : "<dl class=\"facts\">";
  for (const auto& [label, value] : items)
    out += "<div><dt>" + label + "</dt><dd>" + value + "</dd></div>";
  out += "</dl>";
}

// ---------------------------------------------------------------------------------------------
// Charts: inline SVG, integer coordinates, a <title> and the numbers also in a table

constexpr int kChartWidth = 360;

struct Bar {
  std::string label;       // plain text
  std::int64_t fen = 0;    // drawn as max(0, fen)
  std::string value_html;  // shown after the bar
};

void bar_chart(std::string& out, const std::string& id, std::string_view title_html,
               const std::vector<Bar>& bars, std::string_view color) {
  constexpr std::int64_t kRow = 42, kTop = 6, kMaxBar = 246, kLeft = 2;
  std::int64_t max_fen = 0;
  for (const Bar& b : bars)
    max_fen = std::max(max_fen, b.fen);
  const std::int64_t height = kTop + static_cast<std::int64_t>(bars.size()) * kRow + 4;
  out += "<figure class=\"chart\"><figcaption id=\"" + id + "-t\">" + std::string(title_html) +
         "</figcaption>";
  out += "<svg role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\" viewBox=\"0 0 " +
         std::to_string(kChartWidth) + " " + std::to_string(height) + "\" width=\"" +
         std::to_string(kChartWidth) + "\" height=\"" + std::to_string(height) +
         "\" font-size=\"13\"><title id=\"" + id + "-title\">" + std::string(title_html) +
         "</title><desc id=\"" + id + "-desc\">";
  for (std::size_t i = 0; i < bars.size(); ++i)
    out += (i ? "; " : "") + escape(bars[i].label) + ": " + bars[i].value_html;
  out += "</desc>";
  std::int64_t y = kTop;
  for (const Bar& b : bars) {
    std::int64_t len = max_fen > 0 ? scale(b.fen, kMaxBar, max_fen) : 0;
    if (b.fen > 0 && len < 1)
      len = 1;
    out += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 13) +
           "\" fill=\"#333\">" + escape(shorten(b.label, 46)) + "</text>";
    out += "<rect x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(y + 19) +
           "\" width=\"" + std::to_string(len) + "\" height=\"16\" rx=\"2\" fill=\"" +
           std::string(color) + "\"/>";
    out += "<text x=\"" + std::to_string(kLeft + len + 5) + "\" y=\"" + std::to_string(y + 32) +
           "\" fill=\"#111\" font-size=\"12\">" + b.value_html + "</text>";
    y += kRow;
  }
  out += "</svg></figure>";
}

struct RatePoint {
  std::string month;  // "2026-01"
  std::optional<std::int64_t> by_amount, by_count;
};

// A line chart of the collection rate per month, by amount (solid) and by count (dashed).
void rate_chart(std::string& out, const std::string& id, const std::vector<RatePoint>& points) {
  constexpr int kHeight = 236, kLeft = 44, kRight = 336, kTop = 30, kBottom = 196;
  std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
  for (const RatePoint& p : points)
    for (const auto& v : {p.by_amount, p.by_count})
      if (v) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
  if (hi == 0 && lo == std::numeric_limits<std::int64_t>::max())
    return;
  lo = std::max<std::int64_t>(0, (lo - 1) / 1000 * 1000);
  hi = std::max<std::int64_t>(10000, (hi + 999) / 1000 * 1000);
  const std::int64_t span = hi - lo;  // a multiple of 1000, so a quarter of it is whole
  const auto n = static_cast<std::int64_t>(points.size());
  auto x_of = [&](std::int64_t i) {
    return n == 1 ? (kLeft + kRight) / 2 : kLeft + i * (kRight - kLeft) / (n - 1);
  };
  auto y_of = [&](std::int64_t v) { return kBottom - (v - lo) * (kBottom - kTop) / span; };

  const std::string title = "月度收缴率 Collection rate by month";
  out += "<figure class=\"chart\"><figcaption>" + title + "</figcaption>";
  out += "<svg role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\" viewBox=\"0 0 " +
         std::to_string(kChartWidth) + " " + std::to_string(kHeight) + "\" width=\"" +
         std::to_string(kChartWidth) + "\" height=\"" + std::to_string(kHeight) +
         "\" font-size=\"11\"><title id=\"" + id + "-title\">" + title + "</title><desc id=\"" +
         id + "-desc\">";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const RatePoint& p = points[i];
    out += (i ? "; " : "") + escape(p.month) + ": " +
           (p.by_amount ? format_percent(*p.by_amount) : std::string(kDash)) + " / " +
           (p.by_count ? format_percent(*p.by_count) : std::string(kDash));
  }
  out += "</desc>";
  // Legend.
  out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"10\" x2=\"" + std::to_string(kLeft + 20) +
         "\" y2=\"10\" stroke=\"#1f5fa8\" stroke-width=\"2\"/><text x=\"" +
         std::to_string(kLeft + 24) + "\" y=\"14\" fill=\"#333\">按金额 By amount</text>";
  out += "<line x1=\"" + std::to_string(kLeft + 150) + "\" y1=\"10\" x2=\"" +
         std::to_string(kLeft + 170) +
         "\" y2=\"10\" stroke=\"#c8641e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"" +
         std::to_string(kLeft + 174) + "\" y=\"14\" fill=\"#333\">按户数 By count</text>";
  // Grid and axis labels.
  for (int k = 0; k <= 4; ++k) {
    const std::int64_t v = lo + k * (span / 4);
    const std::string y = std::to_string(y_of(v));
    out += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + y + "\" x2=\"" +
           std::to_string(kRight) + "\" y2=\"" + y + "\" stroke=\"" + (k == 0 ? "#888" : "#ddd") +
           "\" stroke-width=\"1\"/><text x=\"" + std::to_string(kLeft - 4) + "\" y=\"" +
           std::to_string(y_of(v) + 4) + "\" text-anchor=\"end\" fill=\"#555\">" +
           format_percent_short(v) + "</text>";
  }
  const std::int64_t every = (n + 11) / 12;
  for (std::int64_t i = 0; i < n; ++i) {
    if (i % every != 0 && i != n - 1)
      continue;
    const std::string& m = points[static_cast<std::size_t>(i)].month;
    const std::string label = m.size() == 7 && m[4] == '-' ? m.substr(5) : shorten(m, 8);
    out += "<text x=\"" + std::to_string(x_of(i)) + "\" y=\"" + std::to_string(kBottom + 16) +
           "\" text-anchor=\"middle\" fill=\"#555\">" + escape(label) + "</text>";
  }
  out += "<text x=\"" + std::to_string((kLeft + kRight) / 2) + "\" y=\"" +
         std::to_string(kBottom + 34) + "\" text-anchor=\"middle\" fill=\"#555\">月份 Month</text>";
  // Series.
  auto series = [&](bool amount, std::string_view color, std::string_view dash) {
    std::string points_attr;
    auto flush = [&] {
      if (points_attr.find(' ') != std::string::npos)
        out += "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"2\"" +
               std::string(dash) + " points=\"" + points_attr + "\"/>";
      points_attr.clear();
    };
    for (std::int64_t i = 0; i < n; ++i) {
      const RatePoint& p = points[static_cast<std::size_t>(i)];
      const auto& v = amount ? p.by_amount : p.by_count;
      if (!v) {
        flush();
        continue;
      }
      if (!points_attr.empty())
        points_attr += ' ';
      points_attr += std::to_string(x_of(i)) + "," + std::to_string(y_of(*v));
    }
    flush();
    for (std::int64_t i = 0; i < n; ++i) {
      const RatePoint& p = points[static_cast<std::size_t>(i)];
      const auto& v = amount ? p.by_amount : p.by_count;
      if (!v)
        continue;
      out += "<circle cx=\"" + std::to_string(x_of(i)) + "\" cy=\"" + std::to_string(y_of(*v)) +
             "\" r=\"3\" fill=\"" + std::string(color) + "\"/>";
      if (amount && n <= 12)
        out += "<text x=\"" + std::to_string(x_of(i)) + "\" y=\"" + std::to_string(y_of(*v) - 7) +
               "\" text-anchor=\"middle\" font-size=\"9\" fill=\"" + std::string(color) + "\">" +
               value_label(*v) + "</text>";
    }
  };
  series(false, "#c8641e", " stroke-dasharray=\"4 3\"");
  series(true, "#1f5fa8", "");
  out += "</svg></figure>";
}

// ---------------------------------------------------------------------------------------------
// The page

const char kStyle[] = R"css(
:root{color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1b1b1b;line-height:1.55;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:16px}
header.top,main,footer{max-width:60rem;margin:0 auto;padding:0 .5rem}
header.top{padding-top:1rem}
h1{font-size:1.45rem;line-height:1.3;margin:.25rem 0}
h1 .sub{display:block;font-size:1rem;font-weight:normal;color:#444}
h2{font-size:1.2rem;margin:0 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid #1f5fa8;color:#123a66}
h3{font-size:1.02rem;margin:1rem 0 .4rem;color:#123a66}
.en{color:#555;font-weight:normal}
thead th .en{display:block;font-size:.78em}
.meta{margin:.2rem 0 .8rem;color:#333}
nav.toc{margin:0 0 1rem;font-size:.9rem}
nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.35rem}
nav.toc a{display:inline-block;padding:.15rem .5rem;border:1px solid #c9d3e0;border-radius:1rem;background:#fff;color:#123a66;text-decoration:none}
section{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:.8rem .65rem;margin:0 0 1rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.3rem 0 .6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.2rem 0;color:#333}
th,td{padding:.35rem .45rem;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
thead th{background:#eef2f7;font-size:.85rem;white-space:nowrap}
tbody th{font-weight:normal;min-width:6em}
td{min-width:4.5em}
.w{min-width:11em}
.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.total th,tr.total td{font-weight:bold;border-top:2px solid #b8c2cf}
code,.hash{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.82em}
code{white-space:nowrap}
.hash{word-break:break-all;overflow-wrap:anywhere}
pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:.6rem;overflow-x:auto;font-size:.8rem;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{white-space:inherit;font-size:1em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.7rem}
.card{border:1px solid #e1e4e8;border-radius:8px;padding:.6rem;background:#fbfcfd}
.card h3{margin:0 0 .3rem}
dl.facts{margin:.3rem 0;display:grid;grid-template-columns:1fr;gap:.1rem}
dl.facts div{display:flex;justify-content:space-between;gap:.8rem;border-bottom:1px dotted #d5d9de;padding:.15rem 0}
dl.facts dt{color:#333;min-width:0}
dl.facts dd{margin:0;text-align:right;font-variant-numeric:tabular-nums;max-width:65%}
dl.facts.long div{display:block}
dl.facts.long dd{text-align:left;max-width:none;overflow-wrap:anywhere}
.id{white-space:nowrap}
.order ul,.order ol{margin:.1rem 0;padding-left:1.1rem}
.order h3{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.3rem}
.amount{font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.8rem;font-weight:bold;line-height:1.5;white-space:nowrap}
.badge.emergency{background:#b3261e;color:#fff}
.badge.ok{background:#e3f1e7;color:#1d6b3a}
.badge.bad{background:#fde7e5;color:#9c1d14}
tr.emergency th,tr.emergency td{background:#fff4f3}
.card.emergency{border-color:#b3261e;border-width:2px}
.none{color:#666;font-style:italic}
.note{font-size:.85rem;color:#444}
figure.chart{margin:.5rem 0 .8rem}
figure.chart figcaption{font-weight:bold;font-size:.9rem;margin-bottom:.2rem}
figure.chart svg{display:block;width:100%;max-width:34rem;height:auto}
footer{padding-bottom:2rem;font-size:.9rem}
footer section{background:#fff}
@media (min-width:48rem){body{font-size:17px}header.top,main,footer{padding:0 1rem}section{padding:1rem 1.2rem}dl.facts.long div{display:flex}dl.facts.long dd{text-align:right;max-width:70%}}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{background:#fff;font-size:10pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
header.top,main,footer{max-width:none;padding:0}
nav.toc{display:none}
section{border:none;border-radius:0;padding:0;margin:0 0 6mm}
.scroll{overflow:visible}
table{font-size:8.5pt;page-break-inside:auto}
thead{display:table-header-group}
thead th{white-space:normal}
tr,.card,figure.chart,dl.facts div{break-inside:avoid;page-break-inside:avoid}
h2,h3,caption,figcaption{break-after:avoid;page-break-after:avoid}
.n{white-space:nowrap}
.cards{grid-template-columns:repeat(3,1fr)}
figure.chart svg{max-width:120mm}
pre{white-space:pre-wrap}
}
)css";

class Page {
 public:
  explicit Page(Object::Ptr root) : root_(std::move(root)) {
    for (const Object::Ptr& f : objects_at(root_, "funds"))
      funds_.push_back({text_at(f, "fund"), text_at(f, "name_zh"), text_at(f, "name_en")});
  }

  std::string render() {
    const Object::Ptr estate = object_at(root_, "estate");
    std::string name = text_at(estate, "name");
    if (name.empty())
      name = text_at(estate, "id");
    const std::string period = text_at(root_, "period");

    out_ +=
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"format-detection\" content=\"telephone=no\">\n<title>";
    out_ += escape(name.empty() ? "" : name + " · ") + escape(period.empty() ? "" : period + " ") +
            "财务公示 Statement</title>\n<style>" + std::string(kStyle) +
            "</style>\n</head>\n<body>\n";
    header(name, period);
    out_ += "<main>\n";
    view_months();
    funds();
    receipts();
    collection();
    arrears();
    budget_lines();
    orders();
    spending();
    remuneration();
    public_revenue();
    repair_fund();
    journal();
    units();
    out_ += "</main>\n";
    footer();
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  struct FundName {
    std::string code, zh, en;
  };

  std::string fund_html(std::string_view code) const {
    for (const FundName& f : funds_)
      if (f.code == code && (!f.zh.empty() || !f.en.empty()))
        return escape(f.zh) + (f.zh.empty() || f.en.empty() ? "" : " ") + escape(f.en);
    if (const Label* l = find_label(kFunds, code))
      return std::string(l->zh) + " " + std::string(l->en);
    return escape_or_dash(code);
  }

  std::string next_id(std::string_view stem) {
    return "chart-" + std::string(stem) + "-" + std::to_string(++charts_);
  }

  void header(const std::string& name, const std::string& period) {
    const Object::Ptr estate = object_at(root_, "estate");
    const std::string kind = text_at(root_, "kind");
    const std::string from = text_at(root_, "from"), to = text_at(root_, "to");
    out_ += "<header class=\"top\">\n<h1>" + escape_or_dash(name) +
            "<span class=\"sub\">财务收支公示 Statement of the estate's accounts</span></h1>\n";
    out_ += "<p class=\"meta\">期间 <span class=\"en\">Period</span> <strong>" +
            escape_or_dash(period) + "</strong>";
    if (const Label* l = find_label(kKinds, kind))
      out_ += " · " + std::string(l->zh) + " " + std::string(l->en);
    else if (!kind.empty())
      out_ += " · " + escape(kind);
    if (!from.empty() || !to.empty())
      out_ += " · " + id_html(from) + " 至 <span class=\"en\">to</span> " + id_html(to);
    const std::string id = text_at(estate, "id");
    if (!id.empty())
      out_ += "<br>小区编号 <span class=\"en\">Estate</span> <code>" + escape(id) + "</code>";
    out_ += "</p>\n";
    out_ += "<nav class=\"toc\" aria-label=\"目录 Contents\"><ol>";
    if (is_view())
      out_ += "<li><a href=\"#months\">月份 Months</a></li>";
    out_ +=
        "<li><a href=\"#funds\">资金 Funds</a></li>"
        "<li><a href=\"#receipts\">收入 Receipts</a></li>"
        "<li><a href=\"#collection\">收缴率 Collection</a></li>"
        "<li><a href=\"#arrears\">欠费 Arrears</a></li>"
        "<li><a href=\"#budget\">预算 Budget</a></li>"
        "<li><a href=\"#payments\">支出 Payments</a></li>"
        "<li><a href=\"#spending\">分项 By head</a></li>"
        "<li><a href=\"#remuneration\">酬金 Remuneration</a></li>"
        "<li><a href=\"#public-revenue\">公共收益 Public revenue</a></li>"
        "<li><a href=\"#repair-fund\">维修资金 Repair fund</a></li>"
        "<li><a href=\"#journal\">账本 Journal</a></li>"
        "<li><a href=\"#verify\">核验 Verify</a></li>"
        "</ol></nav>\n</header>\n";
  }

  // A view (quarter, half, year) names the months it is derived from.
  bool is_view() const { return !objects_at(root_, "months").empty(); }

  // A view: what it shows first, and the months it is derived from.
  void view_months() {
    const std::vector<Object::Ptr> months = objects_at(root_, "months");
    if (months.empty())
      return;
    section_begin(out_, "months", "本期所含月度公示", "The months of this view");
    const std::string focus = text_at(root_, "focus");
    if (focus == "public_revenue")
      out_ +=
          "<p>季度公示重点：<a "
          "href=\"#public-revenue\">公共收益</a>的收入、成本、净收益及转入维修资金。 "
          "<span class=\"en\">The quarter's view: <a href=\"#public-revenue\">public "
          "revenue</a>, its costs, net and the transfer to the repair fund.</span></p>";
    else if (focus == "repair_fund")
      out_ +=
          "<p>半年度公示重点：<a href=\"#repair-fund\">专项维修资金</a>的缴存、使用、利息与余额。 "
          "<span class=\"en\">The half-year's view: the <a href=\"#repair-fund\">repair "
          "fund</a>, its deposits, uses, interest and balance.</span></p>";
    else if (focus == "units")
      out_ +=
          "<p>年度公示重点：每户的全年应缴、实缴、年末余额、欠费、预缴及维修资金分户余额，"
          "业主凭本户证明核对。 <span class=\"en\">The year's view: each unit's billed and paid "
          "for the year and, at its end, balance, arrears, prepayment and repair fund "
          "sub-account, which each owner checks with their unit proof.</span></p>";
    out_ +=
        "<p "
        "class=\"note\">本期数字由下列已签名月度公示汇总：收支为各月之和，期初取首月，期末取末月。 "
        "<span class=\"en\">Derived from the signed monthly statements below: flows are the "
        "months' sums, openings the first month's, closings the last month's.</span></p>";
    const std::vector<Column> cols = {{"月份", "Month"},
                                      {"月度 manifest.json SHA-256", "Its manifest"}};
    table_begin(out_, cols);
    for (const Object::Ptr& m : months)
      table_row(
          out_, cols,
          {escape_or_dash(text_at(m, "period")),
           "<span class=\"hash\">" + escape_or_dash(text_at(m, "manifest_sha256")) + "</span>"});
    table_end(out_);
    section_end(out_);
  }

  void funds() {
    section_begin(out_, "funds", "资金概况", "Funds");
    const std::vector<Object::Ptr> funds = objects_at(root_, "funds");
    if (funds.empty()) {
      nothing(out_, "本期未列示资金。", "No funds are given in this statement.");
    } else {
      out_ += "<div class=\"cards\">";
      for (const Object::Ptr& f : funds) {
        const std::string last4 = text_at(f, "bank_account_last4");
        const std::string bank = text_at(f, "bank_closing"), book = text_at(f, "book_closing");
        out_ += "<div class=\"card\"><h3>" + fund_html(text_at(f, "fund")) + "</h3>";
        std::string check = std::string(kDash);
        if (fen_of(bank) && fen_of(book))
          check = *fen_of(bank) == *fen_of(book) ? badge("ok", "✓ 一致 Agrees")
                                                 : badge("bad", "✗ 不一致 Differs");
        facts(
            out_,
            {{bilingual("银行账户", "Bank account"),
              last4.empty() ? std::string(kDash) : "尾号 ···" + escape(last4)},
             {bilingual("期初余额", "Opening (bank)"), money_html(text_at(f, "bank_opening"))},
             {bilingual("本期收入", "Receipts"), money_html(text_at(f, "receipts"))},
             {bilingual("本期支出", "Payments"), money_html(text_at(f, "payments"))},
             {bilingual("期末余额", "Closing (bank)"), "<strong>" + money_html(bank) + "</strong>"},
             {bilingual("账面余额", "Book balance"), money_html(book)},
             {bilingual("银行与账面", "Bank vs books"), check}});
        out_ += "</div>";
      }
      out_ += "</div>";
      out_ +=
          "<p class=\"note\">金额单位：元（人民币）。 <span class=\"en\">Amounts in yuan "
          "(CNY).</span></p>";
    }
    section_end(out_);
  }

  // Public revenue classes in their fixed order, then any others by name.
  static std::vector<std::pair<std::string, std::string>> revenue_classes(const Object::Ptr& o) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!o)
      return out;
    for (const Label& l : kRevenueClasses)
      if (o->has(std::string(l.key)))
        out.emplace_back(std::string(l.key), text_at(o, std::string(l.key)));
    std::vector<std::string> others;
    for (const auto& [key, value] : *o)
      if (!find_label(kRevenueClasses, key))
        others.push_back(key);
    std::sort(others.begin(), others.end());
    for (const std::string& key : others)
      out.emplace_back(key, text_at(o, key));
    return out;
  }

  static std::string revenue_class_text(const std::string& key) {
    if (const Label* l = find_label(kRevenueClasses, key))
      return std::string(l->zh) + " " + std::string(l->en);
    return key;
  }

  void receipts() {
    section_begin(out_, "receipts", "收入", "Receipts");
    const Object::Ptr r = object_at(root_, "receipts");
    if (!r) {
      nothing(out_, "本期未列示收入。", "No receipts are given in this statement.");
      section_end(out_);
      return;
    }
    const std::vector<Column> cols = {{"类别", "Class"}, {"金额", "Amount", true}};
    std::vector<Bar> bars;
    auto add_bar = [&](const std::string& label, const std::string& amount) {
      if (const auto fen = fen_of(amount); fen && *fen != 0)
        bars.push_back({label, *fen, money_html(amount)});
    };
    table_begin(out_, cols);
    const Object::Ptr fees = object_at(r, "fees");
    const std::pair<const char*, const char*> fee_rows[] = {
        {"current", "物业费（本期） Fees, current"},
        {"arrears_recovered", "物业费（追缴欠费） Fees, arrears recovered"},
        {"prepaid", "物业费（预收） Fees, prepaid"}};
    for (const auto& [key, label] : fee_rows) {
      const std::string amount = text_at(fees, key);
      table_row(out_, cols, {label, money_html(amount)});
      add_bar(label, amount);
    }
    table_row(out_, cols, {"物业费合计 Fees, total", money_html(text_at(fees, "total"))}, "total");
    for (const auto& [key, amount] : revenue_classes(object_at(r, "public_revenue"))) {
      const std::string label = "公共收益·" + revenue_class_text(key);
      table_row(
          out_, cols,
          {"公共收益 <span class=\"en\">Public revenue</span>: " + escape(revenue_class_text(key)),
           money_html(amount)});
      add_bar(label, amount);
    }
    const std::pair<const char*, const char*> other_rows[] = {
        {"repair_deposits", "维修资金缴存 Repair fund deposits"},
        {"interest", "利息 Interest"},
        {"other", "其他 Other"}};
    for (const auto& [key, label] : other_rows) {
      const std::string amount = text_at(r, key);
      table_row(out_, cols, {label, money_html(amount)});
      add_bar(label, amount);
    }
    table_end(out_);
    if (!bars.empty())
      bar_chart(out_, next_id("receipts"), "按类别收入 Receipts by class", bars, "#2e7d4f");
    section_end(out_);
  }

  void collection() {
    section_begin(out_, "collection", "收缴率", "Collection rate");
    const Object::Ptr c = object_at(root_, "collection");
    if (!c) {
      nothing(out_, "本期未列示收缴情况。", "No collection figures are given.");
      section_end(out_);
      return;
    }
    const std::vector<Column> cols = {{"期间", "Period"},
                                      {"应收", "Billed", true},
                                      {"实收", "Settled", true},
                                      {"账单数", "Bills", true},
                                      {"已结清", "Bills settled", true},
                                      {"收缴率(金额)", "Rate by amount", true},
                                      {"收缴率(户次)", "Rate by count", true}};
    table_begin(out_, cols);
    // A month has its own figures; a view those of its period (the months' bills summed).
    const std::pair<const char*, const char*> rows[] = {{"month", "本月 This month"},
                                                        {"period", "本期 This period"},
                                                        {"year_to_date", "本年累计 Year to date"}};
    for (const auto& [key, label] : rows) {
      if (std::string_view(key) == "period" ? !c->has(key)
                                            : std::string_view(key) == "month" && c->has("period"))
        continue;
      const Object::Ptr o = object_at(c, key);
      table_row(out_, cols,
                {label, money_html(text_at(o, "billed")), money_html(text_at(o, "settled")),
                 escape_or_dash(text_at(o, "bills")), escape_or_dash(text_at(o, "bills_settled")),
                 escape_or_dash(text_at(o, "rate_by_amount")),
                 escape_or_dash(text_at(o, "rate_by_count"))});
    }
    table_end(out_);

    const std::vector<Object::Ptr> history = objects_at(c, "history");
    if (!history.empty()) {
      std::vector<RatePoint> points;
      for (const Object::Ptr& h : history)
        points.push_back({text_at(h, "month"), hundredths_of_percent(text_at(h, "rate_by_amount")),
                          hundredths_of_percent(text_at(h, "rate_by_count"))});
      rate_chart(out_, next_id("collection"), points);
      const std::vector<Column> hcols = {
          {"月份", "Month"}, {"按金额", "By amount", true}, {"按户次", "By count", true}};
      table_begin(out_, hcols, "本年各月收缴率 <span class=\"en\">Each month of the year</span>");
      for (const Object::Ptr& h : history)
        table_row(
            out_, hcols,
            {escape_or_dash(text_at(h, "month")), escape_or_dash(text_at(h, "rate_by_amount")),
             escape_or_dash(text_at(h, "rate_by_count"))});
      table_end(out_);
    }
    section_end(out_);
  }

  void arrears() {
    section_begin(out_, "arrears", "欠费账龄", "Arrears ageing");
    const Object::Ptr a = object_at(root_, "arrears");
    if (!a) {
      nothing(out_, "本期未列示欠费。", "No arrears figures are given.");
      section_end(out_);
      return;
    }
    const std::string total = text_at(a, "total");
    const std::optional<std::int64_t> total_fen = fen_of(total);
    const std::vector<Column> cols = {
        {"账龄", "Age"}, {"欠费金额", "Amount owed", true}, {"占比", "Share", true}};
    const std::pair<const char*, const char*> buckets[] = {
        {"0-30", "0–30 天 days"},
        {"31-90", "31–90 天 days"},
        {"91-180", "91–180 天 days"},
        {"over-180", "180 天以上 Over 180 days"}};
    std::vector<Bar> bars;
    table_begin(out_, cols);
    for (const auto& [key, label] : buckets) {
      const std::string amount = text_at(a, key);
      const std::optional<std::int64_t> fen = fen_of(amount);
      std::string share = std::string(kDash);
      if (fen && total_fen && *total_fen > 0 && *fen >= 0)
        share = format_percent(scale(*fen, 10000, *total_fen));
      table_row(out_, cols, {label, money_html(amount), share});
      if (fen)
        bars.push_back({label, *fen, money_html(amount)});
    }
    table_row(out_, cols, {"合计 Total", money_html(total), total_fen ? "100.00%" : ""}, "total");
    table_end(out_);
    facts(out_, {{bilingual("统计日", "As of"), escape_or_dash(text_at(a, "as_of"))},
                 {bilingual("未结清账单", "Open bills"), escape_or_dash(text_at(a, "open_bills"))},
                 {bilingual("欠费户数", "Units in arrears"), escape_or_dash(text_at(a, "units"))}});
    if (total_fen && *total_fen > 0)
      bar_chart(out_, next_id("arrears"), "欠费账龄 Arrears by age", bars, "#b3261e");
    section_end(out_);
  }

  void budget_lines() {
    section_begin(out_, "budget", "预算执行", "Payments by budget line");
    const std::vector<Object::Ptr> lines =
        objects_at(object_at(root_, "payments"), "by_budget_line");
    if (lines.empty()) {
      nothing(out_, "本期无预算支出。", "No payments against budget lines this period.");
      section_end(out_);
      return;
    }
    const std::vector<Column> cols = {{"预算项目", "Budget line", false, true},
                                      {"资金", "Fund"},
                                      {"年度预算", "Budget", true},
                                      {"本期实际", "Actual", true},
                                      {"差异", "Variance", true},
                                      {"本年累计", "Year to date", true},
                                      {"累计执行", "YTD used", true}};
    table_begin(out_, cols);
    for (const Object::Ptr& l : lines) {
      const std::string budget = text_at(l, "budget"), ytd = text_at(l, "year_to_date");
      std::string used = std::string(kDash);
      if (const auto b = fen_of(budget), y = fen_of(ytd); b && y && *b > 0 && *y >= 0)
        used = format_percent(scale(*y, 10000, *b));
      table_row(out_, cols,
                {escape_or_dash(text_at(l, "budget_line")), fund_html(text_at(l, "fund")),
                 money_html(budget), money_html(text_at(l, "actual")),
                 money_html(text_at(l, "variance")), money_html(ytd), used});
    }
    table_end(out_);
    section_end(out_);
  }

  void orders() {
    section_begin(out_, "payments", "支出明细", "Payments");
    const std::vector<Object::Ptr> orders = objects_at(object_at(root_, "payments"), "orders");
    if (orders.empty()) {
      nothing(out_, "本期无支付。", "No payments were made this period.");
      section_end(out_);
      return;
    }
    out_ +=
        "<p class=\"note\">每笔支付均经两名共管人审批。 <span class=\"en\">Each payment was "
        "approved by two custodians.</span></p>";
    for (const Object::Ptr& o : orders) {
      const std::string emergency = text_at(o, "emergency");
      const bool is_emergency = flag_at(o, "emergency");
      out_ += is_emergency ? "<article class=\"card order emergency\">"
                           : "<article class=\"card order\">";
      out_ += "<h3><span>" + escape_or_dash(text_at(o, "order_id")) + " · " +
              escape_or_dash(text_at(o, "date")) + (is_emergency ? " " + emergency_badge() : "") +
              "</span><span class=\"amount\">" + money_html(text_at(o, "amount")) +
              " 元</span></h3>";
      std::vector<std::pair<std::string, std::string>> items = {
          {bilingual("收款人", "Payee"), escape_or_dash(text_at(o, "payee"))},
          {bilingual("用途", "Purpose"), escape_or_dash(text_at(o, "purpose"))},
          {bilingual("预算项目", "Budget line"), escape_or_dash(text_at(o, "budget_line"))},
          {bilingual("资金 / 科目", "Fund / account"), fund_html(text_at(o, "fund")) + " · <code>" +
                                                           escape_or_dash(text_at(o, "account")) +
                                                           "</code>"}};
      if (is_emergency && emergency != "true")
        items.push_back(
            {bilingual("应急类别", "Emergency category"), label_html(kCategories, emergency)});
      std::string vouchers;
      for (const Object::Ptr& v : objects_at(o, "vouchers"))
        vouchers += "<li>" + escape_or_dash(text_at(v, "name")) +
                    "<br><span class=\"hash\">SHA-256 " + escape_or_dash(text_at(v, "sha256")) +
                    "</span></li>";
      items.push_back({bilingual("凭证", "Vouchers"),
                       vouchers.empty() ? std::string(kDash) : "<ul>" + vouchers + "</ul>"});
      const std::vector<Object::Ptr> approvers = objects_at(o, "approvers");
      std::string who;
      for (const Object::Ptr& a : approvers) {
        const std::string time = text_at(a, "signing_time");
        who += "<li><strong>" + label_html(kRoles, text_at(a, "role")) + "</strong><br>" +
               escape_or_dash(text_at(a, "subject")) +
               (time.empty() ? ""
                             : "<br><span class=\"note\">签署 Signed " + escape(time) + "</span>") +
               "</li>";
      }
      if (approvers.size() != 2)
        who += "<li>" + badge("bad", "审批人不足两名 Not two approvers") + "</li>";
      items.push_back({bilingual("审批人", "Approvers"), "<ol>" + who + "</ol>"});
      facts(out_, items, true);
      out_ += "</article>";
    }
    section_end(out_);
  }

  void spending() {
    section_begin(out_, "spending", "分项支出", "Spending by head");
    const std::vector<Object::Ptr> heads = objects_at(root_, "spending_by_head");
    if (heads.empty()) {
      nothing(out_, "本期无支出。", "No spending this period.");
      section_end(out_);
      return;
    }
    // The total, if every amount is one and the sum is in range.
    std::optional<money::Amount> sum = money::Amount();
    for (const Object::Ptr& h : heads) {
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
    const std::vector<Column> cols = {
        {"支出项目 / 科目", "Head / account"}, {"金额", "Amount", true}, {"占比", "Share", true}};
    std::vector<Bar> bars;
    table_begin(out_, cols);
    for (const Object::Ptr& h : heads) {
      const std::string zh = text_at(h, "name_zh"), en = text_at(h, "name_en");
      const std::string label = zh + (zh.empty() || en.empty() ? "" : " ") + en;
      const std::string amount = text_at(h, "amount");
      const auto fen = fen_of(amount);
      std::string share = std::string(kDash);
      if (fen && *fen >= 0 && total > 0)
        share = format_percent(scale(*fen, 10000, total));
      table_row(
          out_, cols,
          {escape_or_dash(label) + "<br><code>" + escape_or_dash(text_at(h, "account")) + "</code>",
           money_html(amount), share});
      bars.push_back(
          {label.empty() ? text_at(h, "account") : label, fen.value_or(0), money_html(amount)});
    }
    if (sum)
      table_row(out_, cols, {"合计 Total", format_fen(total), total > 0 ? "100.00%" : ""}, "total");
    table_end(out_);
    bar_chart(out_, next_id("spending"), "分项支出 Spending by head", bars, "#1f5fa8");
    section_end(out_);
  }

  void remuneration() {
    section_begin(out_, "remuneration", "管理酬金", "Remuneration");
    const Object::Ptr r = object_at(root_, "remuneration");
    if (!r) {
      nothing(out_, "本期未列示酬金。", "No remuneration is given in this statement.");
      section_end(out_);
      return;
    }
    const std::string rate = text_at(r, "rate");
    std::string rate_html = escape_or_dash(rate);
    if (const auto percent = fraction_as_percent(rate))
      rate_html = escape(*percent) + " <span class=\"note\">(" + escape(rate) + ")</span>";
    std::vector<std::pair<std::string, std::string>> items = {
        {bilingual("月份", "Month"), escape_or_dash(text_at(r, "month"))},
        {bilingual("计提方式", "Basis"), label_html(kBases, text_at(r, "basis"))},
        {bilingual("计提基数", "Base"), money_html(text_at(r, "base"))},
        {bilingual("比例", "Rate"), rate_html}};
    const std::string tier = text_at(r, "tier");
    if (!tier.empty())
      items.push_back({bilingual("档位", "Tier"), escape(tier)});
    const std::string rate_of_collection = text_at(r, "collection_rate");
    if (!rate_of_collection.empty())
      items.push_back({bilingual("收缴率", "Collection rate"), escape(rate_of_collection)});
    items.push_back({bilingual("扣减", "Deductions"), money_html(text_at(r, "deductions"))});
    items.push_back(
        {bilingual("酬金", "Amount"), "<strong>" + money_html(text_at(r, "amount")) + "</strong>"});
    facts(out_, items);
    const std::string explanation = text_at(r, "explanation");
    if (!explanation.empty())
      out_ +=
          "<p class=\"note\">计算 <span class=\"en\">Computation</span>: " + escape(explanation) +
          "</p>";
    section_end(out_);
  }

  void public_revenue() {
    section_begin(out_, "public-revenue", "公共收益", "Public revenue");
    const Object::Ptr p = object_at(root_, "public_revenue");
    if (!p) {
      nothing(out_, "本期未列示公共收益。", "No public revenue is given in this statement.");
      section_end(out_);
      return;
    }
    const std::vector<Column> cols = {{"类别", "Class"}, {"金额", "Amount", true}};
    table_begin(out_, cols);
    for (const auto& [key, amount] : revenue_classes(object_at(p, "by_class")))
      table_row(out_, cols, {escape(revenue_class_text(key)), money_html(amount)});
    table_row(out_, cols, {"总收入 Gross", money_html(text_at(p, "gross"))}, "total");
    table_row(out_, cols, {"成本 Costs", money_html(text_at(p, "costs"))});
    table_row(out_, cols, {"净收益 Net", money_html(text_at(p, "net"))}, "total");
    table_row(out_, cols,
              {"转入维修资金 Transferred to the repair fund",
               money_html(text_at(p, "transferred_to_repair_fund"))});
    table_end(out_);
    out_ +=
        "<p class=\"note\">公共收益属全体业主所有。 <span class=\"en\">Public revenue belongs "
        "to all owners.</span></p>";
    section_end(out_);
  }

  void repair_fund() {
    section_begin(out_, "repair-fund", "专项维修资金", "Repair fund");
    const Object::Ptr r = object_at(root_, "repair_fund");
    if (!r) {
      nothing(out_, "本期未列示维修资金。", "No repair fund figures are given.");
      section_end(out_);
      return;
    }
    // Movements.
    out_ += "<h3>资金变动 Movements</h3>";
    const std::vector<Column> cols = {{"项目", "Item"}, {"金额", "Amount", true}};
    table_begin(out_, cols);
    table_row(out_, cols, {"期初余额 Opening", money_html(text_at(r, "opening"))});
    table_row(out_, cols, {"缴存 Deposits", money_html(text_at(r, "deposits"))});
    table_row(out_, cols, {"利息 Interest", money_html(text_at(r, "interest"))});
    table_row(out_, cols, {"转入 Transfers in", money_html(text_at(r, "transfers_in"))});
    table_row(out_, cols, {"使用 Uses", money_html(text_at(r, "uses"))});
    table_row(out_, cols, {"期末余额 Closing", money_html(text_at(r, "closing"))}, "total");
    table_end(out_);
    facts(out_, {{bilingual("质保金（暂扣）", "Retention held"),
                  money_html(text_at(r, "retention_held"))},
                 {bilingual("低于续筹线的房屋", "Units below the top-up share"),
                  escape_or_dash(text_at(r, "units_below_top_up"))}});

    // Projects.
    out_ += "<h3>维修项目 Projects</h3>";
    const std::vector<Object::Ptr> projects = objects_at(r, "projects");
    if (projects.empty()) {
      nothing(out_, "无维修项目。", "No projects.");
    } else {
      const std::vector<Column> pcols = {
          {"项目", "Project"},    {"名称", "Title", false, true}, {"类别", "Category"},
          {"状态", "State"},      {"批准预算", "Approved", true}, {"决算", "Final cost", true},
          {"已付", "Paid", true}, {"质保金", "Retention", true}};
      table_begin(out_, pcols);
      for (const Object::Ptr& p : projects) {
        const bool emergency = flag_at(p, "emergency");
        std::vector<std::string> cells = {
            id_html(text_at(p, "project")) + (emergency ? "<br>" + emergency_badge() : ""),
            escape_or_dash(text_at(p, "title")),
            label_html(kCategories, text_at(p, "category")),
            label_html(kStates, text_at(p, "state")),
            money_html(text_at(p, "approved_budget")),
            money_html(text_at(p, "final_cost")),
            money_html(text_at(p, "paid")),
            money_html(text_at(p, "retention_held"))};
        table_row(out_, pcols, cells, emergency ? "emergency" : "");
      }
      table_end(out_);
    }

    // Votes.
    out_ += "<h3>业主表决 Owners' votes</h3>";
    const std::vector<Object::Ptr> votes = objects_at(r, "votes");
    if (votes.empty())
      nothing(out_, "本期无结束的表决。", "No votes closed this period.");
    for (const Object::Ptr& v : votes)
      vote(v);

    // Emergency uses.
    out_ += "<h3>" + emergency_badge() + " 应急使用 Emergency uses</h3>";
    const std::vector<Object::Ptr> uses = objects_at(r, "emergency_uses");
    if (uses.empty()) {
      nothing(out_, "无应急使用。", "No emergency uses.");
    } else {
      out_ +=
          "<p class=\"note\">应急使用未经事先表决，事后公示。 <span class=\"en\">Emergency "
          "uses are made without a prior vote and shown afterwards.</span></p>";
      const std::vector<Column> ecols = {{"日期", "Date"},
                                         {"支付单", "Order"},
                                         {"项目", "Project"},
                                         {"类别", "Category"},
                                         {"金额", "Amount", true}};
      table_begin(out_, ecols);
      for (const Object::Ptr& u : uses) {
        table_row(
            out_, ecols,
            {escape_or_dash(text_at(u, "date")) + "<br>" + emergency_badge(),
             id_html(text_at(u, "order_id")), id_html(text_at(u, "project")),
             label_html(kCategories, text_at(u, "category")), money_html(text_at(u, "amount"))},
            "emergency");
      }
      table_end(out_);
    }

    // Retention.
    out_ += "<h3>质保金 Retention held</h3>";
    out_ += "<p>暂扣质保金合计 <span class=\"en\">Retention held in total</span>: <strong>" +
            money_html(text_at(r, "retention_held")) +
            "</strong> 元 <span class=\"note\">（质保期满验收后支付 paid when the warranty "
            "ends）</span></p>";
    section_end(out_);
  }

  void vote(const Object::Ptr& v) {
    Object::Ptr t = object_at(v, "tally");
    if (!t)
      t = v;  // a tally given inline
    const bool approved = flag_at(t, "approved");
    const bool has_result = t->has("approved");
    out_ += "<div class=\"card vote\"><h3>" + escape_or_dash(text_at(v, "vote")) + " " +
            (has_result ? (approved ? badge("ok", "✓ 通过 Approved")
                                    : badge("bad", "✗ 未通过 Not approved"))
                        : "") +
            "</h3>";
    const Object::Ptr scope = object_at(v, "scope");
    std::string scope_html = label_html(kScopes, text_at(scope, "kind"));
    std::string items;
    for (const std::string& s : [&] {
           std::vector<std::string> out;
           if (const Array::Ptr a = array_at(scope, "items"))
             for (std::size_t i = 0; i < a->size(); ++i)
               out.push_back(scalar_text(a->get(static_cast<unsigned>(i))));
           return out;
         }())
      items += (items.empty() ? "" : ", ") + escape(s);
    if (!items.empty())
      scope_html += ": " + items;
    if (!scope)
      scope_html = escape_or_dash(text_at(v, "scope"));
    std::string rule = text_at(v, "rule_set");
    if (rule.empty())
      rule = text_at(t, "rule_set");
    std::string matter = text_at(v, "matter");
    if (matter.empty())
      matter = text_at(t, "matter");
    facts(out_,
          {{bilingual("表决事项", "Question"), escape_or_dash(text_at(v, "question"))},
           {bilingual("事项类别", "Matter"), label_html(kMatters, matter)},
           {bilingual("范围", "Scope"), scope_html},
           {bilingual("表决期", "Open"), escape_or_dash(text_at(v, "opened_on")) + " – " +
                                             escape_or_dash(text_at(v, "closes_on"))},
           {bilingual("规则", "Rules"), escape_or_dash(rule)},
           {bilingual("投票人 / 已投", "Voters / ballots"),
            escape_or_dash(text_at(v, "voters")) + " / " + escape_or_dash(text_at(v, "ballots"))}},
          true);
    const std::vector<Column> ccols = {
        {"计票", "Count"}, {"面积 m²", "Area", true}, {"人数", "Headcount", true}};
    table_begin(out_, ccols, "计票 <span class=\"en\">Tally</span>");
    const std::pair<const char*, const char*> rows[] = {{"yes", "同意 Yes"},
                                                        {"no", "反对 No"},
                                                        {"abstain", "弃权 Abstain"},
                                                        {"participating", "参与 Participating"},
                                                        {"total", "范围内合计 In scope"}};
    for (const auto& [key, label] : rows)
      table_row(out_, ccols,
                {label, escape_or_dash(text_at(t, std::string(key) + "_area")),
                 escape_or_dash(text_at(t, std::string(key) + "_headcount"))});
    table_end(out_);
    const std::vector<Object::Ptr> thresholds = objects_at(t, "thresholds");
    if (!thresholds.empty()) {
      const std::vector<Column> tcols = {
          {"门槛", "Threshold"}, {"实得 / 基数", "Value / base"}, {"结果", "Result"}};
      table_begin(out_, tcols, "各项门槛 <span class=\"en\">Each threshold</span>");
      for (const Object::Ptr& th : thresholds) {
        std::string required = text_at(th, "required");
        std::string required_html = escape_or_dash(required);
        if (required.rfind("at least ", 0) == 0)
          required_html = "不少于 " + required_html;
        else if (required.rfind("more than ", 0) == 0)
          required_html = "超过 " + required_html;
        table_row(out_, tcols,
                  {label_html(kThresholds, text_at(th, "name")) +
                       "<br><span class=\"note\">要求 Required: " + required_html + "</span>",
                   escape_or_dash(text_at(th, "numerator")) + " / " +
                       escape_or_dash(text_at(th, "denominator")),
                   !th->has("passed")      ? std::string(kDash)
                   : flag_at(th, "passed") ? badge("ok", "✓ 达到 Met")
                                           : badge("bad", "✗ 未达到 Not met")});
      }
      table_end(out_);
    }
    out_ += "</div>";
  }

  void journal() {
    section_begin(out_, "journal", "账本摘要", "Journal digest");
    const Object::Ptr j = object_at(root_, "journal");
    if (!j) {
      nothing(out_, "本期未列示账本摘要。", "No journal digest is given.");
      section_end(out_);
      return;
    }
    facts(out_, {{bilingual("账本条目总数", "Tree size"), escape_or_dash(text_at(j, "tree_size"))},
                 {bilingual("本期分录", "Entries this period"),
                  escape_or_dash(text_at(j, "entries_in_period"))}});
    out_ +=
        "<p>根哈希 <span class=\"en\">Root (RFC 6962, SHA-256)</span><br><span class=\"hash\">" +
        escape_or_dash(text_at(j, "root")) + "</span></p>";
    if (root_->has("previous_manifest_sha256")) {
      const std::string previous = text_at(root_, "previous_manifest_sha256");
      out_ +=
          "<p>上期公示 <span class=\"en\">Previous statement (SHA-256 of its "
          "manifest.json)</span><br>" +
          (previous.empty() ? std::string("首期公示，无上期 <span class=\"en\">The first "
                                          "statement: none before it</span>")
                            : "<span class=\"hash\">" + escape(previous) + "</span>") +
          "</p>";
    }
    out_ += is_view() ? "<p class=\"note\">本期末月月结时整个账本的默克尔树摘要；manifest.json "
                        "用一致性证明把它与本期首月之前的账本相连。 "
                        "<span class=\"en\">The Merkle tree of the whole journal when the "
                        "period's last month was closed; manifest.json links it by a consistency "
                        "proof to the journal before the period's first month.</span></p>"
                      : "<p class=\"note\">月结时整个账本的默克尔树摘要；manifest.json "
                        "用一致性证明把它与上期公示相连。 "
                        "<span class=\"en\">The Merkle tree of the whole journal when the month "
                        "was closed; manifest.json links it to the previous statement by a "
                        "consistency proof.</span></p>";
    section_end(out_);
  }

  void units() {
    section_begin(out_, "units", "公示单元", "Units published");
    out_ += "<p>本期公示房屋 <span class=\"en\">Units in this statement</span>: <strong>" +
            escape_or_dash(text_at(root_, "units_published")) + "</strong></p>";
    out_ +=
        "<p class=\"note\">公示不含业主姓名或个人信息。每户业主可凭本户证明核对本户数据。 "
        "<span class=\"en\">No owner's name or personal data is published. Each owner can "
        "check their own unit with their unit proof.</span></p>";
    section_end(out_);
  }

  void footer() {
    out_ += "<footer>\n";
    section_begin(out_, "verify", "如何核验", "How to verify");
    out_ +=
        "<p>本公示由业主委员会与物业服务人两名共管人签名。文件 manifest.json 列出每个文件的 "
        "SHA-256，manifest.p7s 是两人的签名。 <span class=\"en\">This statement is signed by two "
        "custodians, the owners' committee and the manager. manifest.json names every file by "
        "SHA-256; manifest.p7s holds both signatures.</span></p>"
        "<p>1. 用 OpenSSL 核验签名 <span class=\"en\">Check the signatures with OpenSSL</span>:</p>"
        "<pre><code>openssl cms -verify -binary -inform DER -in manifest.p7s -content "
        "manifest.json \\\n    -CAfile custodians.pem -purpose any -out /dev/null\n";
    // A view has no entries.csv (its months have them) and is checked with its months.
    out_ += is_view() ? "sha256sum statement.json statement.html custodians.json"
                      : "sha256sum statement.json statement.html entries.csv custodians.json";
    out_ +=
        "   # 与 manifest.json 对照 compare with manifest.json</code></pre>"
        "<p>2. 用 trustfund 全面核验（无需服务器或数据库） <span class=\"en\">Check everything "
        "with trustfund (no server, no database)</span>:</p>"
        "<pre><code>trustfund verify DIR [--previous PREVIOUS_DIR] [--proof "
        "unit-proof.json]";
    if (is_view())
      out_ += " \\\n    [--month MONTH_DIR]...";
    out_ +=
        "</code></pre>"
        "<p class=\"note\">每项检查输出 ok 或 FAILED，全部通过才返回 0。--previous "
        "核对与上期公示的衔接，"
        "--proof 核对本户数据。 <span class=\"en\">It prints ok or FAILED for each check and exits "
        "0 only if all passed; --previous checks the chain to the previous statement, --proof your "
        "own unit.</span></p>";
    if (is_view())
      out_ +=
          "<p class=\"note\">--month（每月一次）核对本期所依据的各月公示及其 manifest.json 的 "
          "SHA-256。 <span class=\"en\">--month (once for each month) checks the monthly "
          "statements this view is derived from, by the SHA-256 of their manifest.json.</span></p>";
    out_ +=
        "<p class=\"note\">本页由 statement.json 生成，数字以 statement.json 为准。 <span "
        "class=\"en\">This page is generated from statement.json, whose figures prevail.</span>";
    const std::string format = text_at(root_, "format");
    if (!format.empty())
      out_ += " 格式 <span class=\"en\">Format</span> <code>" + escape(format) + "</code>";
    out_ += "</p>";
    section_end(out_);
    out_ += "\n</footer>\n";
  }

  Object::Ptr root_;
  std::vector<FundName> funds_;
  std::string out_;
  int charts_ = 0;
};

Object::Ptr parse(std::string_view json) {
  try {
    Poco::JSON::Parser parser;
    const Var v = parser.parse(std::string(json));
    if (Object::Ptr o = object_of(v))
      return o;
  } catch (const Poco::Exception& e) {
    throw Error::invalid("statement-json", "statement",
                         "statement.json is not valid JSON: " + e.message());
  } catch (const std::exception& e) {
    throw Error::invalid("statement-json", "statement",
                         std::string("statement.json is not valid JSON: ") + e.what());
  }
  throw Error::invalid("statement-json", "statement", "statement.json must be a JSON object");
}

}  // namespace

std::string statement_html(std::string_view statement_json) {
  return Page(parse(statement_json)).render();
}

}  // namespace trustfund::statements
