// Counters and latency histograms for /metrics (Prometheus text exposition format 0.0.4).
//
// Thread-safety: every method may be called from any thread; updates take a short lock.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace trustfund::api {

class Metrics {
 public:
  // Records one request on `route` (the route pattern, never the raw path: bounded labels).
  void observe_request(const std::string& method, const std::string& route, int status,
                       std::int64_t latency_us);
  // Sets counters, gauges and histograms reported by other parts (commit batches, fsyncs).
  void set_counter(const std::string& name, const std::string& help, std::uint64_t value);
  void set_gauge(const std::string& name, const std::string& help, std::uint64_t value);
  // `counts[i]` observations fell at or below `bounds[i]` (and above the bound before); the last
  // count also takes those above every bound.
  void set_histogram(const std::string& name, const std::string& help,
                     const std::vector<std::uint64_t>& bounds,
                     const std::vector<std::uint64_t>& counts, std::uint64_t sum);
  // The whole exposition.
  std::string render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> buckets;  // cumulative at render time; per bucket here
    std::uint64_t count = 0;
    std::int64_t sum_us = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::uint64_t> requests_;  // "method|route|status"
  std::map<std::string, Histogram> latency_;       // "method|route"
  struct Series {
    std::string help;
    std::string type;  // counter | gauge | histogram
    std::uint64_t value = 0;
    std::vector<std::uint64_t> bounds, counts;  // histograms
  };
  std::map<std::string, Series> series_;
};

}  // namespace trustfund::api
