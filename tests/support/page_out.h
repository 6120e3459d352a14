// For the browser tests (tests/integration/browser_statement.sh): writes a page a unit test
// rendered to the file named by an environment variable, for headless Chromium to load. Without
// the variable nothing is written.
#pragma once

#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

namespace trustfund::testing {

inline void write_page_for_browser(const char* variable, const std::string& html) {
  const char* out = std::getenv(variable);
  if (out == nullptr || *out == '\0') {
    SUCCEED(std::string(variable) + " not set: nothing written");
    return;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  REQUIRE(file.good());
  file << html;
  file.close();
  REQUIRE(file.good());
}

}  // namespace trustfund::testing
