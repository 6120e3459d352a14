// HTML text; see html.h.
#include "trustfund/core/html.h"

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

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (const char* ref = reference(c))
      out.append(ref);
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace trustfund::html
