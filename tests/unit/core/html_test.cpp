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

TEST_CASE("every other byte of page text is kept as it is") {
  const std::string text = "收据 No. 42\t\r\n\x01\xFF";
  CHECK(html::escape(text) == text);
  CHECK(html::escape("").empty());
  CHECK(html::reference('a') == nullptr);
  CHECK(html::reference('\0') == nullptr);
  CHECK(std::string(html::reference('\'')) == "&#39;");
}
