// A small strict parser for `--name value`, `--name=value` and `--flag` options.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trustfund::cli {

class Args {
 public:
  static constexpr std::int64_t kNoMin = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::max();

  // `flags` are the options that take no value. Every other `--name` takes one.
  Args(const std::vector<std::string>& words, const std::set<std::string>& flags);

  const std::vector<std::string>& positionals() const noexcept { return positionals_; }
  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  // The option's value; throws a usage error naming the option when it is missing.
  std::string require(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  // The option's value as a whole number from `min` to `max`, or `fallback` when it is not given.
  // Throws a usage error naming the option for anything else ("--days must be a whole number
  // from 1 to 730"; without bounds, "--seq must be a whole number").
  std::int64_t integer_or(const std::string& name, std::int64_t fallback, std::int64_t min = kNoMin,
                          std::int64_t max = kNoMax) const;
  // The same for an option that must be given.
  std::int64_t integer(const std::string& name, std::int64_t min = kNoMin,
                       std::int64_t max = kNoMax) const;
  // Every value of an option that may be given more than once, in order.
  std::vector<std::string> get_all(const std::string& name) const;
  // Throws a usage error for any option not in `allowed` (so typos never pass silently), then
  // for any option given without its value.
  void allow_only(const std::set<std::string>& allowed) const;

 private:
  std::vector<std::string> positionals_;
  std::vector<std::pair<std::string, std::optional<std::string>>>
      options_;  // nullopt: value missing
};

}  // namespace trustfund::cli
