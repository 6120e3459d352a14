#include <catch2/catch_test_macros.hpp>

#include <string>

#include "trustfund/core/html.h"

namespace html = trustfund::html;

TEST_CASE("the five markup characters become character references in page text") {
  CHECK(html::escape("a & b < c > d \"e\" 'f'") ==
        "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;");
  CHECK(html::escape("<script>") == "&lt;script&gt;");
  CHECK(html::escape("&amp;") == "&amp;amp;");
}

TEST_CASE("well-formed page text without control characters is kept as it is") {
  const std::string text = "收据 No. 42\t\n\u00e9\U0001F600 \u0085";
  CHECK(html::escape(text) == text);
  CHECK(html::escape("").empty());
  CHECK(html::reference('a') == nullptr);
  CHECK(html::reference('\0') == nullptr);
  CHECK(std::string(html::reference('\'')) == "&#39;");
}

TEST_CASE("control characters other than tab and line feed are dropped from page text") {
  CHECK(html::escape("a\x01"
                     "b\rc\x7F\x1B"
                     "d") == "abcd");
  CHECK(html::escape(std::string("nul\0here", 8)) == "nulhere");
}

TEST_CASE("malformed UTF-8 becomes U+FFFD, one for each byte that is not part of a character") {
  CHECK(html::escape("a\xFF"
                     "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(html::escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(html::escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(html::escape("x\xE6\x94") == "x\xEF\xBF\xBD\xEF\xBF\xBD");                // cut short
}
