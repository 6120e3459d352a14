// The embedded reports/ and its templates, parsed once each; see reports.h.
#include "trustfund/core/reports.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "trustfund/core/error.h"

namespace trustfund::reports {
namespace {

// The index of `name` in files(), or files().size() if there is none.
std::size_t find(std::string_view name) noexcept {
  const std::span<const File> all = files();
  const auto it = std::lower_bound(all.begin(), all.end(), name,
                                   [](const File& f, std::string_view n) { return f.name < n; });
  return it != all.end() && it->name == name ? static_cast<std::size_t>(it - all.begin())
                                             : all.size();
}

struct Slot {
  std::once_flag parsed;
  std::unique_ptr<const templates::Template> layout;
};

}  // namespace

std::string_view text(std::string_view name) {
  const std::size_t i = find(name);
  if (i == files().size())
    throw Error::not_found("report-unknown", "name",
                           "reports/" + std::string(name) + " is not compiled in");
  return files()[i].text;
}

const templates::Template& layout(std::string_view name) {
  static const std::unique_ptr<Slot[]> slots = std::make_unique<Slot[]>(files().size());
  const std::string_view source = text(name);
  Slot& slot = slots[find(name)];
  std::call_once(slot.parsed, [&] {
    const templates::PartialSource partials =
        [](std::string_view partial) -> std::optional<std::string_view> {
      const std::size_t i = find(partial);
      return i == files().size() ? std::nullopt : std::optional(files()[i].text);
    };
    slot.layout = std::make_unique<const templates::Template>(std::string(name), source, partials);
  });
  return *slot.layout;
}

std::string render(std::string_view name, const json::Value& data) {
  return layout(name).render(data);
}

}  // namespace trustfund::reports
