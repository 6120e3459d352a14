// reports/ as compiled in: every template parses (an unclosed section or a missing partial is
// found here, not when a month is published), every JSON file is JSON, and names are found.
#include <catch2/catch_test_macros.hpp>

#include <string>

#include "support/errors.h"
#include "trustfund/core/json.h"
#include "trustfund/core/reports.h"

using namespace trustfund;

TEST_CASE("every template of reports/ parses and every JSON file of it is JSON", "[reports]") {
  std::size_t templates = 0;
  for (const reports::File& f : reports::files()) {
    INFO(f.name);
    if (f.name.ends_with(".json")) {
      CHECK_NOTHROW(json::parse(f.text));
    } else {
      CHECK_NOTHROW(reports::layout(f.name));
      ++templates;
    }
  }
  CHECK(templates >= 8);
}

TEST_CASE("reports/ is sorted by name and a name that is not there is refused", "[reports]") {
  const auto all = reports::files();
  for (std::size_t i = 1; i < all.size(); ++i)
    CHECK(all[i - 1].name < all[i].name);
  CHECK(reports::text("bank/pain001.xml").find("pain.001.001.09") != std::string_view::npos);
  const Error e = testing::error_of([] { reports::layout("bank/missing.xml"); });
  CHECK(e.type() == "report-unknown");
  CHECK(e.kind() == ErrorKind::not_found);
}

TEST_CASE("a template writes raw only the labels of labels.json, never a value from the books",
          "[reports]") {
  // {{&x.html}} is a label object's HTML (page_model.h); anything else is escaped.
  for (const reports::File& f : reports::files()) {
    for (std::size_t at = f.text.find("{{&"); at != std::string_view::npos;
         at = f.text.find("{{&", at + 1)) {
      const std::string_view tag = f.text.substr(at, f.text.find("}}", at) + 2 - at);
      INFO(f.name << ": " << tag);
      CHECK(tag.ends_with(".html}}"));
    }
  }
}
