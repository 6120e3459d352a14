// Text written into the HTML pages the service makes (the statement page, the printable receipt).
//
// The five characters that mean something in markup (& < > " ') become character references, so a
// value from the books can stand in a text node or a quoted attribute. What else a page does to
// its text (the statement page drops control characters and replaces malformed UTF-8) is the
// page's own rule, written on top of reference().
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace trustfund::html {

// The character reference for `c` if it is one of & < > " ' ("&amp;", "&lt;", "&gt;", "&quot;",
// "&#39;"), else nullptr.
const char* reference(char c) noexcept;

// `text` with those five characters as references and every other byte as it is.
std::string escape(std::string_view text);

}  // namespace trustfund::html
