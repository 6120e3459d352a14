#include "measure.h"

#include <algorithm>
#include <cassert>
#include <ostream>

namespace trustfund::bench {
namespace {

// "12.3" from a non-negative value in tenths (scale 10); "12.34" from hundredths (scale 100).
std::string fixed_text(std::int64_t scaled, std::int64_t scale) {
  assert(scaled >= 0 && (scale == 10 || scale == 100));
  const std::int64_t whole = scaled / scale;
  std::string frac = std::to_string(scaled % scale);
  const std::size_t digits = scale == 10 ? 1 : 2;
  frac.insert(0, digits - frac.size(), '0');
  return count_text(whole) + "." + frac;
}

// Display width of UTF-8 text: continuation bytes take no column ("µ", "x", "≥").
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

const std::vector<std::string> kHeader = {"measure", "ours",   "baseline",
                                          "ratio",   "target", "result"};

}  // namespace

Percentiles percentiles(std::vector<std::int64_t> samples_ns) {
  assert(!samples_ns.empty());
  std::sort(samples_ns.begin(), samples_ns.end());
  const std::size_t n = samples_ns.size();
  const auto rank = [n](std::size_t percent) {
    const std::size_t r = (percent * n + 99) / 100;  // ceil(p/100 * n), 1-based
    return std::max<std::size_t>(r, 1) - 1;
  };
  return {samples_ns[rank(50)], samples_ns[rank(99)], samples_ns.back()};
}

std::string count_text(std::int64_t n) {
  const std::string digits = std::to_string(n);
  const std::size_t sign = n < 0 ? 1 : 0;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const std::size_t from_end = digits.size() - i;
    if (i > sign && from_end % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration_text(std::int64_t ns) {
  if (ns < 1'000'000)
    return fixed_text(ns / 100, 10) + " µs";
  if (ns < 1'000'000'000)
    return fixed_text(ns / 100'000, 10) + " ms";
  return fixed_text(ns / 10'000'000, 100) + " s";
}

std::int64_t per_second(std::int64_t items, std::int64_t ns) {
  assert(items >= 0 && items <= 1'000'000'000);  // so items * 10^9 fits
  if (ns <= 0)
    return 0;
  return items * 1'000'000'000 / ns;
}

std::string rate_text(std::int64_t items, std::int64_t ns) {
  return count_text(per_second(items, ns)) + "/s";
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole <= 0)
    return "-";
  assert(part >= 0 && part < (std::int64_t{1} << 53));
  return fixed_text(part * 1000 / whole, 10) + "%";
}

std::string times_text(std::int64_t slow_ns, std::int64_t fast_ns) {
  if (fast_ns <= 0)
    return "-";
  assert(slow_ns >= 0 && slow_ns < (std::int64_t{1} << 59));  // about 18 years
  const std::int64_t tenths = slow_ns * 10 / fast_ns;
  if (tenths >= 1000)
    return count_text(tenths / 10) + "x";
  return fixed_text(tenths, 10) + "x";
}

std::string size_text(std::int64_t bytes) {
  return fixed_text(bytes * 10 / (1024 * 1024), 10) + " MiB";
}

void ResultTable::add(std::string measure, std::string ours, std::string baseline,
                      std::string ratio, std::string target, std::string verdict) {
  rows_.push_back({std::move(measure), std::move(ours), std::move(baseline), std::move(ratio),
                   std::move(target), std::move(verdict)});
}

void ResultTable::print(std::ostream& out) const {
  std::vector<std::size_t> widths(kHeader.size());
  for (std::size_t c = 0; c < kHeader.size(); ++c)
    widths[c] = width(kHeader[c]);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c)
      widths[c] = std::max(widths[c], width(row[c]));
  }
  const auto print_row = [&](const std::vector<std::string>& row) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += ' ';
      line += row[c];
      if (c + 1 < row.size())
        line.append(widths[c] - width(row[c]) + 2, ' ');
    }
    out << line << '\n';
  };
  out << '\n' << title_ << '\n';
  print_row(kHeader);
  std::size_t total = 1;
  for (const std::size_t w : widths)
    total += w + 3;
  out << "  " << std::string(total - 4, '-') << '\n';
  for (const auto& row : rows_)
    print_row(row);
  for (const auto& n : notes_)
    out << "  " << n << '\n';
  out.flush();
}

int ResultTable::misses() const {
  return static_cast<int>(
      std::count_if(rows_.begin(), rows_.end(), [](const auto& r) { return r[5] == "MISS"; }));
}

int ResultTable::mismatches() const {
  return static_cast<int>(
      std::count_if(rows_.begin(), rows_.end(), [](const auto& r) { return r[5] == "MISMATCH"; }));
}

}  // namespace trustfund::bench
