#include "trustfund/api/metrics.h"

#include <array>
#include <sstream>

namespace trustfund::api {
namespace {

// Bucket upper bounds in microseconds (printed in seconds, as Prometheus expects).
constexpr std::array<std::int64_t, 12> kBucketsUs = {
    500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 5000000};

std::string seconds(std::int64_t us) {
  std::ostringstream s;
  s << us / 1000000 << "." << std::string(6 - std::to_string(us % 1000000).size(), '0')
    << us % 1000000;
  return s.str();
}

std::string labels(const std::string& key, const char* const* names, std::size_t n) {
  std::string out = "{";
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t end = key.find('|', start);
    if (i)
      out += ",";
    out += names[i];
    out += "=\"" + key.substr(start, end == std::string::npos ? std::string::npos : end - start) +
           "\"";
    start = end + 1;
  }
  return out + "}";
}

}  // namespace

void Metrics::observe_request(const std::string& method, const std::string& route, int status,
                              std::int64_t latency_us) {
  std::lock_guard lock(mu_);
  ++requests_[method + "|" + route + "|" + std::to_string(status)];
  Histogram& h = latency_[method + "|" + route];
  if (h.buckets.empty())
    h.buckets.assign(kBucketsUs.size(), 0);
  for (std::size_t i = 0; i < kBucketsUs.size(); ++i) {
    if (latency_us <= kBucketsUs[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum_us += latency_us;
}

void Metrics::set_counter(const std::string& name, const std::string& help, std::uint64_t value) {
  std::lock_guard lock(mu_);
  series_[name] = {help, "counter", value, {}, {}};
}

void Metrics::set_gauge(const std::string& name, const std::string& help, std::uint64_t value) {
  std::lock_guard lock(mu_);
  series_[name] = {help, "gauge", value, {}, {}};
}

void Metrics::set_histogram(const std::string& name, const std::string& help,
                            const std::vector<std::uint64_t>& bounds,
                            const std::vector<std::uint64_t>& counts, std::uint64_t sum) {
  std::lock_guard lock(mu_);
  series_[name] = {help, "histogram", sum, bounds, counts};
}

std::string Metrics::render() const {
  static const char* const kReq[] = {"method", "route", "status"};
  static const char* const kLat[] = {"method", "route"};
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP trustfund_http_requests_total HTTP requests by route and status.\n"
         "# TYPE trustfund_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "trustfund_http_requests_total" << labels(key, kReq, 3) << " " << n << "\n";
  }
  out << "# HELP trustfund_http_request_duration_seconds Request latency by route.\n"
         "# TYPE trustfund_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string l = labels(key, kLat, 2);
    l.pop_back();
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBucketsUs.size(); ++i) {
      cumulative += h.buckets[i];
      out << "trustfund_http_request_duration_seconds_bucket" << l << ",le=\""
          << seconds(kBucketsUs[i]) << "\"} " << cumulative << "\n";
    }
    out << "trustfund_http_request_duration_seconds_bucket" << l << ",le=\"+Inf\"} " << h.count
        << "\n";
    out << "trustfund_http_request_duration_seconds_sum" << l << "} " << seconds(h.sum_us) << "\n";
    out << "trustfund_http_request_duration_seconds_count" << l << "} " << h.count << "\n";
  }
  for (const auto& [name, v] : series_) {
    out << "# HELP " << name << " " << v.help << "\n# TYPE " << name << " " << v.type << "\n";
    if (v.type != "histogram") {
      out << name << " " << v.value << "\n";
      continue;
    }
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < v.bounds.size() && i < v.counts.size(); ++i) {
      cumulative += v.counts[i];
      out << name << "_bucket{le=\"" << v.bounds[i] << "\"} " << cumulative << "\n";
    }
    out << name << "_bucket{le=\"+Inf\"} " << cumulative << "\n"
        << name << "_sum " << v.value << "\n"
        << name << "_count " << cumulative << "\n";
  }
  return out.str();
}

}  // namespace trustfund::api
