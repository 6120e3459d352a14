// Timing and reporting for the benchmarks: a steady-clock stopwatch, percentiles of samples, and
// the result table every benchmark prints (measure, ours, baseline, ratio, target, result).
//
// Durations are integer nanoseconds throughout; text is made with integer arithmetic so that a
// printed figure is exactly what was measured, rounded down.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace trustfund::bench {

using Clock = std::chrono::steady_clock;

// Nanoseconds since `start`.
inline std::int64_t elapsed_ns(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

inline std::int64_t ns_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

// Summary of a set of timings. The percentile is the nearest-rank one: the smallest sample that
// at least p% of the samples do not exceed.
struct Percentiles {
  std::int64_t median_ns = 0;
  std::int64_t p99_ns = 0;
  std::int64_t max_ns = 0;
};
Percentiles percentiles(std::vector<std::int64_t> samples_ns);  // samples must not be empty

// "1,234,567"
std::string count_text(std::int64_t n);
// "812.3 µs", "12.4 ms", "3.21 s": the unit that keeps the number readable.
std::string duration_text(std::int64_t ns);
// Items per second as "1,234,567/s".
std::string rate_text(std::int64_t items, std::int64_t ns);
std::int64_t per_second(std::int64_t items, std::int64_t ns);
// `part` as a percentage of `whole`: "71.3%".
std::string percent_text(std::int64_t part, std::int64_t whole);
// How many times `slow_ns` is `fast_ns`: "1,234x" (one decimal below 100x).
std::string times_text(std::int64_t slow_ns, std::int64_t fast_ns);
// Bytes as "123.4 MiB".
std::string size_text(std::int64_t bytes);

// One printed table per benchmark. Verdicts: "PASS" / "MISS" for a target, "OK" / "MISMATCH"
// for a sanity check, empty for a figure shown for information.
class ResultTable {
 public:
  explicit ResultTable(std::string title) : title_(std::move(title)) {}

  void add(std::string measure, std::string ours, std::string baseline, std::string ratio,
           std::string target, std::string verdict);
  // A line printed under the table (sizes, breakdowns, how the baseline was taken).
  void note(std::string text) { notes_.push_back(std::move(text)); }

  void print(std::ostream& out) const;
  int misses() const;      // rows with MISS
  int mismatches() const;  // rows with MISMATCH

 private:
  std::string title_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::string> notes_;
};

}  // namespace trustfund::bench
