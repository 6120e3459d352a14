// The charts of the statement page: their geometry, as view models of the templates
// reports/statement/bar-chart.html and rate-chart.html (inline SVG with a <title> and a <desc>;
// every number is also in a table next to the chart).
//
// Every coordinate is an integer: bars are scaled from fen, the rate line from hundredths of a
// percent, with page::scale() and integer division.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trustfund/core/json.h"

namespace trustfund::statements::page {

struct Bar {
  std::string label;     // plain text
  std::int64_t fen = 0;  // drawn as max(0, fen)
  std::string value;     // the amount as shown after the bar
};

// A horizontal bar chart, one bar per row, the longest 246 px.
json::Value bar_chart(const std::string& id, const std::string& title, const std::vector<Bar>& bars,
                      const std::string& color);

struct RatePoint {
  std::string month;                                // "2026-01"
  std::optional<std::int64_t> by_amount, by_count;  // hundredths of a percent
};

// A line chart of the collection rate per month, by amount (solid) and by count (dashed);
// null if no month has a rate.
json::Value rate_chart(const std::string& id, const std::vector<RatePoint>& points);

}  // namespace trustfund::statements::page
