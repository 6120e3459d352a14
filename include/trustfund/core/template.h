// The templates of reports/: a small logic-less language (a subset of Mustache) that lays out the
// files trustfund publishes, from a view model given as a json::Value. reports/README.md is the
// reference for template authors; in short:
//
//   {{name}}          the value, escaped for the template's language; dotted names (a.b.c) look
//                     into objects, {{.}} is the current value. A missing name renders nothing.
//   {{&name}}         the value as it is: only for markup the view model made itself (SVG
//                     geometry) and for the layout's own label texts.
//   {{#name}}…{{/name}}  over an array: once per element, the element being the current value;
//                     over any other true value: once, that value current. False are: a missing
//                     name, null, false, "" and []. Everything else is true (0 and {} too).
//   {{^name}}…{{/name}}  once if the value is false.
//   {{>name}}         the template `name` (a partial), inlined when the template is parsed and
//                     escaped in the including template's language; alone on its line, each of
//                     its lines is indented as the tag was.
//   {{! text }}       a comment.
//
// Layout of the template text: a line that holds nothing but a section, inverted, closing,
// partial or comment tag (and white space) is left out whole, as in Mustache. A line ending in
// one backslash continues on the next line: the backslash, the line end and the next line's
// leading spaces and tabs are left out, so markup can be indented without the indentation
// reaching the output; two backslashes at a line end are one backslash and the line end is kept.
// (A partial used inside a line ends in a backslash, so that its last line end is left out.)
// In a CSV template every line end is written as CR LF (RFC 4180).
//
// Escaping depends only on the template's language, taken from its name: ".html" (html::escape),
// ".xml" (the five XML references, &apos; for '), ".csv" (a field quoted as RFC 4180 when it holds
// , " CR or LF) and anything else plain text (as it is). Integers are written in decimal, booleans
// as true/false; an array or object where a value belongs is a fault of the template or the view
// model (Error::invalid "template-value").
//
// A Template is parsed once and immutable; render() may run on many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/json.h"

namespace trustfund::templates {

enum class Language { html, xml, csv, text };

// The language of the template named `name`, by its extension (see the file comment).
Language language_of(std::string_view name) noexcept;

// Appends `text` to `out` escaped for `language`: the one place that decides escaping.
void append_escaped(std::string& out, std::string_view text, Language language);

// Finds the text of a partial by name; nullopt if there is no such template.
using PartialSource = std::function<std::optional<std::string_view>(std::string_view name)>;

class Template {
 public:
  static constexpr std::size_t kMaxSectionDepth = 32;

  // Parses `text`, the template called `name`, inlining its partials from `partials`. Throws
  // Error::invalid("template-syntax", name, …) for an unclosed or mismatched tag, an unknown
  // partial, partials nested deeper than 16 (a cycle), or sections nested deeper than
  // kMaxSectionDepth (rendering keeps the values in scope on the stack).
  Template(std::string name, std::string_view text, const PartialSource& partials = {});

  const std::string& name() const noexcept { return name_; }
  Language language() const noexcept { return language_; }

  // Appends the template rendered with `data` as the outermost value to `out`.
  void render(const json::Value& data, std::string& out) const;
  std::string render(const json::Value& data) const;

 private:
  enum class Op : std::uint8_t { text, value, raw, section, inverted };
  struct Node {
    Op op = Op::text;
    std::string text;               // Op::text: the bytes; otherwise the tag's name, for errors
    std::vector<std::string> path;  // the name split at dots; empty for "."
    std::size_t end = 0;            // sections: the index after the section's last node
  };
  class Parser;
  struct Scopes;  // the values in scope while rendering, innermost last

  void check_depth() const;
  void render_nodes(std::size_t begin, std::size_t end, Scopes& scopes, std::string& out) const;

  std::string name_;
  Language language_;
  std::vector<Node> nodes_;
};

}  // namespace trustfund::templates
