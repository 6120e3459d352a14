#include "args.h"

#include <charconv>

#include "trustfund/core/error.h"

namespace trustfund::cli {

Args::Args(const std::vector<std::string>& words, const std::set<std::string>& flags) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) != 0 || w == "--") {
      positionals_.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> value = std::string();
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (!flags.contains(name)) {
      if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        value.reset();  // reported by allow_only, after unknown options
      }
    }
    options_.emplace_back(name, value);
  }
}

bool Args::has(const std::string& name) const {
  return get(name).has_value();
}

std::optional<std::string> Args::get(const std::string& name) const {
  std::optional<std::string> found;
  for (const auto& [n, v] : options_) {
    if (n == name)
      found = v.value_or("");  // the last one wins, as in most tools
  }
  return found;
}

std::vector<std::string> Args::get_all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : options_) {
    if (n == name)
      out.push_back(v.value_or(""));
  }
  return out;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v || v->empty())
    throw Error::invalid("usage", name, "option --" + name + " is required");
  return *v;
}

std::int64_t Args::integer_or(const std::string& name, std::int64_t fallback, std::int64_t min,
                              std::int64_t max) const {
  const auto text = get(name);
  if (!text)
    return fallback;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || v < min ||
      v > max) {
    std::string message = "--" + name + " must be a whole number";
    if (min != kNoMin || max != kNoMax)
      message += " from " + std::to_string(min) + " to " + std::to_string(max);
    throw Error::invalid("usage", name, message);
  }
  return v;
}

std::int64_t Args::integer(const std::string& name, std::int64_t min, std::int64_t max) const {
  require(name);
  return integer_or(name, 0, min, max);
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

void Args::allow_only(const std::set<std::string>& allowed) const {
  for (const auto& [n, v] : options_) {
    if (!allowed.contains(n)) {
      throw Error::invalid("usage", n, "unknown option --" + n + " (see --help)");
    }
  }
  for (const auto& [n, v] : options_) {
    if (!v)
      throw Error::invalid("usage", n, "option --" + n + " needs a value");
  }
}

}  // namespace trustfund::cli
