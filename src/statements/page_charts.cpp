// Chart geometry of the statement page; see page_charts.h.
#include "page_charts.h"

#include <algorithm>
#include <limits>

#include "page_numbers.h"

namespace trustfund::statements::page {

json::Value bar_chart(const std::string& id, const std::string& title, const std::vector<Bar>& bars,
                      const std::string& color) {
  constexpr std::int64_t kRow = 42, kTop = 6, kMaxBar = 246, kLeft = 2;
  std::int64_t max_fen = 0;
  for (const Bar& b : bars)
    max_fen = std::max(max_fen, b.fen);
  json::Value chart;
  chart.add("id", id);
  chart.add("title", title);
  chart.add("color", color);
  chart.add("height", kTop + static_cast<std::int64_t>(bars.size()) * kRow + 4);
  json::Value& rows = chart.add("bars", json::Value::Array());
  std::int64_t y = kTop;
  for (const Bar& b : bars) {
    std::int64_t length = max_fen > 0 ? scale(b.fen, kMaxBar, max_fen) : 0;
    if (b.fen > 0 && length < 1)
      length = 1;
    json::Value& row = rows.push({});
    row.add("first", &b == &bars.front());
    row.add("label", b.label);
    row.add("short_label", shorten(b.label, 46));
    row.add("value", b.value);
    row.add("x", kLeft);
    row.add("label_y", y + 13);
    row.add("bar_y", y + 19);
    row.add("length", length);
    row.add("value_x", kLeft + length + 5);
    row.add("value_y", y + 32);
    y += kRow;
  }
  return chart;
}

namespace {

constexpr std::int64_t kLeft = 44, kRight = 336, kTop = 30, kBottom = 196;

// Where the rate chart puts month i of n and a rate, between the axis bounds lo and hi.
struct RateAxes {
  std::int64_t n, lo, hi;
  std::int64_t x(std::int64_t i) const {
    return n == 1 ? (kLeft + kRight) / 2 : kLeft + i * (kRight - kLeft) / (n - 1);
  }
  std::int64_t y(std::int64_t v) const { return kBottom - (v - lo) * (kBottom - kTop) / (hi - lo); }
};

json::Value rate_series(const RateAxes& axes, const std::vector<RatePoint>& points, bool amount) {
  json::Value lines = json::Value::Array(), dots = json::Value::Array();
  std::string line;
  const auto flush = [&] {
    if (line.find(' ') != std::string::npos)  // two points at least
      lines.push({}).add("points", line);
    line.clear();
  };
  for (std::int64_t i = 0; i < axes.n; ++i) {
    const RatePoint& p = points[static_cast<std::size_t>(i)];
    const std::optional<std::int64_t>& v = amount ? p.by_amount : p.by_count;
    if (!v) {
      flush();
      continue;
    }
    if (!line.empty())
      line += ' ';
    line.append(std::to_string(axes.x(i))).append(",").append(std::to_string(axes.y(*v)));
    json::Value& dot = dots.push({});
    dot.add("x", axes.x(i));
    dot.add("y", axes.y(*v));
    // The values too, while there is room; null, not absent, so the name is not looked up above.
    const bool labelled = amount && axes.n <= 12;
    dot.add("label", labelled ? json::Value(value_label(*v)) : json::Value());
    dot.add("label_y", axes.y(*v) - 7);
  }
  flush();
  json::Value series;
  series.add("color", amount ? "#1f5fa8" : "#c8641e");
  series.add("dashed", !amount);
  series.add("polylines", std::move(lines));
  series.add("points", std::move(dots));
  return series;
}

}  // namespace

json::Value rate_chart(const std::string& id, const std::vector<RatePoint>& points) {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = 0;
  for (const RatePoint& p : points)
    for (const auto& v : {p.by_amount, p.by_count})
      if (v) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
  if (hi == 0 && lo == std::numeric_limits<std::int64_t>::max())
    return {};
  // Whole tens of percent around the rates, 100% at least: a quarter of the span is whole.
  const RateAxes axes{static_cast<std::int64_t>(points.size()),
                      std::max<std::int64_t>(0, (lo - 1) / 1000 * 1000),
                      std::max<std::int64_t>(10000, (hi + 999) / 1000 * 1000)};
  json::Value chart;
  chart.add("id", id);
  json::Value& desc = chart.add("desc", json::Value::Array());
  for (const RatePoint& p : points) {
    json::Value& d = desc.push({});
    d.add("first", &p == &points.front());
    d.add("month", p.month);
    d.add("by_amount", p.by_amount ? format_percent(*p.by_amount) : std::string(kDash));
    d.add("by_count", p.by_count ? format_percent(*p.by_count) : std::string(kDash));
  }
  chart.add("left", kLeft);
  chart.add("right", kRight);
  chart.add("tick_x", kLeft - 4);
  json::Value& grid = chart.add("grid", json::Value::Array());
  for (std::int64_t k = 0; k <= 4; ++k) {
    const std::int64_t v = axes.lo + k * ((axes.hi - axes.lo) / 4);
    json::Value& g = grid.push({});
    g.add("y", axes.y(v));
    g.add("tick_y", axes.y(v) + 4);
    g.add("stroke", k == 0 ? "#888" : "#ddd");
    g.add("label", format_percent_short(v));
  }
  json::Value& months = chart.add("months", json::Value::Array());
  const std::int64_t every = (axes.n + 11) / 12;  // twelve labels at most
  for (std::int64_t i = 0; i < axes.n; ++i) {
    if (i % every != 0 && i != axes.n - 1)
      continue;
    const std::string& m = points[static_cast<std::size_t>(i)].month;
    json::Value& label = months.push({});
    label.add("x", axes.x(i));
    label.add("label", m.size() == 7 && m[4] == '-' ? m.substr(5) : shorten(m, 8));
  }
  chart.add("month_y", kBottom + 16);
  chart.add("axis_x", (kLeft + kRight) / 2);
  chart.add("axis_y", kBottom + 34);
  json::Value& series = chart.add("series", json::Value::Array());
  series.push(rate_series(axes, points, false));
  series.push(rate_series(axes, points, true));
  return chart;
}

}  // namespace trustfund::statements::page
