// A small strict parser for `--name value`, `--name=value` and `--flag` options.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trustfund::cli {

class Args {
 public:
  // `flags` are the options that take no value. Every other `--name` takes one.
  Args(const std::vector<std::string>& words, const std::set<std::string>& flags);

  const std::vector<std::string>& positionals() const noexcept { return positionals_; }
  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  // The option's value; throws a usage error naming the option when it is missing.
  std::string require(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
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
