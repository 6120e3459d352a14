// Text written into the HTML pages the service makes (the statement page, the printable receipt),
// through the templates of reports/ (core/template.h escapes every HTML value with escape()).
//
// The five characters that mean something in markup (& < > " ') become character references, so a
// value from the books can stand in a text node or a quoted attribute. Control characters other
// than tab and line feed (C0, DEL) are dropped: they have no place on a page and some browsers
// refuse the document or show them as boxes. Malformed UTF-8 becomes U+FFFD, so a page is always
// valid UTF-8. C1 characters are well-formed UTF-8 and kept, as the pages published so far kept
// them (the books refuse them on input). Text the books can hold passes as it is apart from the
// five references.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace trustfund::html {

// The character reference for `c` if it is one of & < > " ' ("&amp;", "&lt;", "&gt;", "&quot;",
// "&#39;"), else nullptr.
const char* reference(char c) noexcept;

// Appends `text` to `out` as HTML text or attribute value (see the file comment).
void append_escaped(std::string& out, std::string_view text);

// `text` as append_escaped() writes it.
std::string escape(std::string_view text);

}  // namespace trustfund::html
