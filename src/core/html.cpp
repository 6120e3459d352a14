// HTML text; see html.h.
#include "trustfund/core/html.h"

#include "trustfund/core/utf8.h"

namespace trustfund::html {

const char* reference(char c) noexcept {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      if (const char* ref = reference(c))
        out += ref;
      else if (c == '\t' || c == '\n' || (b >= 0x20 && b != 0x7F))
        out += c;
      ++i;
      continue;
    }
    const std::size_t start = i;
    char32_t ignored = 0;
    if (utf8::decode(text, i, ignored)) {
      out.append(text.substr(start, i - start));
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER, for the one byte that is not UTF-8
      ++i;
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  append_escaped(out, text);
  return out;
}

}  // namespace trustfund::html
