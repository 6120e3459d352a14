// reports/ compiled into the binary: every layout that leaves trustfund (pages, bank files,
// exports) as a template, and the JSON Schemas of the published files, looked up by their path
// under reports/ ("statement/page.html"). reports/README.md says what lives where.
//
// The files are embedded when trustfund is built (cmake/embed_text.cmake), so the bytes a layout
// produces depend only on its view model and the source tree, never on files beside the
// executable. A template is parsed at its first use and kept for the life of the process.
//
// Thread-safety: every function may be called from any thread; the first use of a template
// parses it once (std::call_once) while other callers wait.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "trustfund/core/json.h"
#include "trustfund/core/template.h"

namespace trustfund::reports {

struct File {
  std::string_view name;  // the path under reports/, with '/' separators
  std::string_view text;
};

// Every file of reports/ except its documentation (*.md), sorted by name. Defined by the source
// cmake/embed_text.cmake generates.
std::span<const File> files() noexcept;

// The bytes of reports/`name`; Error::not_found("report-unknown", "name") if there is none.
std::string_view text(std::string_view name);

// The template reports/`name`, its partials taken from reports/ too. Throws as text() does, or
// the parse error of a faulty template (which the reports tests parse every template to catch).
const templates::Template& layout(std::string_view name);

// layout(name) rendered with `data`.
std::string render(std::string_view name, const json::Value& data);

}  // namespace trustfund::reports
