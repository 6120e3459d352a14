// Escaping by a template's output language: the one place that decides how a value from a view
// model is written into a page, a bank file or an export; see template.h and reports/README.md.
#include <string>
#include <string_view>

#include "trustfund/core/html.h"
#include "trustfund/core/template.h"

namespace trustfund::templates {
namespace {

// The five XML references, &apos; for ': the bytes the bank files have always had (they are
// hashed and kept with their orders).
void append_xml(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
}

// A CSV field as RFC 4180 quotes it, when it must be.
void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out += '"';
  for (const char c : field) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

Language language_of(std::string_view name) noexcept {
  if (name.ends_with(".html"))
    return Language::html;
  if (name.ends_with(".xml"))
    return Language::xml;
  if (name.ends_with(".csv"))
    return Language::csv;
  return Language::text;
}

void append_escaped(std::string& out, std::string_view text, Language language) {
  switch (language) {
    case Language::html:
      html::append_escaped(out, text);
      return;
    case Language::xml:
      append_xml(out, text);
      return;
    case Language::csv:
      append_csv_field(out, text);
      return;
    case Language::text:
      out.append(text);
      return;
  }
}

}  // namespace trustfund::templates
