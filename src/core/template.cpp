// The template language of reports/; see template.h and reports/README.md.
//
// Parsing turns the text into a flat list of nodes (literal text, values, sections that know
// where they end), with partials inlined and standalone tag lines removed, so rendering is one
// loop over the nodes with a stack of the values in scope and never looks at the text again.
#include "trustfund/core/template.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstring>

#include "trustfund/core/error.h"

namespace trustfund::templates {
namespace {

constexpr int kMaxPartialDepth = 16;

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

Error syntax(std::string_view name, const std::string& message) {
  return Error::invalid("template-syntax", std::string(name),
                        "template " + std::string(name) + ": " + message);
}

// The text with continued lines joined (a line ending in an odd number of backslashes).
std::string join_continued_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find('\n', i);
    const bool has_end = end != std::string_view::npos;
    if (!has_end)
      end = text.size();
    const std::string_view line = text.substr(i, end - i);
    std::size_t slashes = 0;
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\')
      ++slashes;
    out.append(line.substr(0, line.size() - slashes)).append(slashes / 2, '\\');
    i = has_end ? end + 1 : end;
    if (slashes % 2 == 1) {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    } else if (has_end) {
      out += '\n';
    }
  }
  return out;
}

std::vector<std::string> split_name(std::string_view template_name, std::string_view name) {
  std::vector<std::string> path;
  if (name == ".")
    return path;
  std::size_t i = 0;
  while (true) {
    const std::size_t dot = name.find('.', i);
    const std::string_view part = name.substr(i, dot == std::string_view::npos ? dot : dot - i);
    if (part.empty() || part.find_first_of(" {}") != std::string_view::npos)
      throw syntax(template_name, "\"" + std::string(name) + "\" is not a name");
    path.emplace_back(part);
    if (dot == std::string_view::npos)
      return path;
    i = dot + 1;
  }
}

bool is_true(const json::Value* v) {
  if (v == nullptr)
    return false;
  switch (v->type()) {
    case json::Value::Type::null:
      return false;
    case json::Value::Type::boolean:
      return v->boolean();
    case json::Value::Type::string:
      return !v->string().empty();
    case json::Value::Type::array:
      return !v->array().empty();
    default:
      return true;
  }
}

}  // namespace

// Builds a template's nodes from its text and the texts of its partials.
class Template::Parser {
 public:
  Parser(Template& t, const PartialSource& partials) : t_(t), partials_(partials) {}

  void parse(std::string_view name, std::string_view raw_text, int depth) {
    const std::string text = join_continued_lines(raw_text);
    std::vector<std::size_t> open;  // the sections not yet closed, by node index
    std::size_t pos = 0;
    while (true) {
      const std::size_t at = text.find("{{", pos);
      const std::string_view literal =
          std::string_view(text).substr(pos, at == std::string::npos ? at : at - pos);
      pending_.append(literal);
      if (at == std::string::npos)
        break;
      const std::size_t close = text.find("}}", at + 2);
      if (close == std::string::npos)
        throw syntax(name, "the tag at byte " + std::to_string(at) + " is not closed");
      std::string_view tag = trim(std::string_view(text).substr(at + 2, close - at - 2));
      pos = close + 2;
      char sigil = tag.empty() ? '\0' : tag.front();
      if (std::strchr("#^/!>&", sigil) != nullptr && sigil != '\0')
        tag = trim(tag.substr(1));
      else
        sigil = '\0';
      if (sigil != '!' && tag.empty())
        throw syntax(name, "an empty tag at byte " + std::to_string(at));
      indent_.clear();
      if (sigil != '\0' && sigil != '&' && standalone(text, at, pos))
        pos = skip_line(text, pos);
      tag_node(name, sigil, tag, open, depth);
    }
    if (!open.empty())
      throw syntax(name, "{{#" + t_.nodes_[open.back()].text + "}} is not closed");
  }

  void flush() {
    if (pending_.empty())
      return;
    Node node;
    if (t_.language_ == Language::csv) {
      for (const char c : pending_) {
        if (c == '\n')
          node.text += '\r';
        node.text += c;
      }
    } else {
      node.text = std::move(pending_);
    }
    pending_.clear();
    t_.nodes_.push_back(std::move(node));
  }

 private:
  // True if the tag from `at` to `after` is alone on its line of the (joined) text; then the
  // line's indentation is moved from the pending text to indent_.
  bool standalone(std::string_view text, std::size_t at, std::size_t after) {
    const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const std::size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
    const std::size_t end = text.find('\n', after);
    const std::string_view before = text.substr(line_start, at - line_start);
    if (!blank(before) ||
        !blank(text.substr(after, end == std::string_view::npos ? end : end - after)))
      return false;
    // The indentation is the end of the pending text: no tag stands between it and the line start.
    indent_ = before;
    pending_.resize(pending_.size() - before.size());
    return true;
  }

  static std::size_t skip_line(std::string_view text, std::size_t after) {
    const std::size_t end = text.find('\n', after);
    return end == std::string_view::npos ? text.size() : end + 1;
  }

  void tag_node(std::string_view name, char sigil, std::string_view tag,
                std::vector<std::size_t>& open, int depth) {
    std::vector<Node>& nodes = t_.nodes_;
    switch (sigil) {
      case '!':
        return;
      case '>':
        return partial(name, tag, depth);
      case '/':
        if (open.empty() || nodes[open.back()].text != tag)
          throw syntax(name, "{{/" + std::string(tag) + "}} closes no open section");
        flush();
        nodes[open.back()].end = nodes.size();
        open.pop_back();
        return;
      default:
        break;
    }
    flush();
    const Op op = sigil == '#'   ? Op::section
                  : sigil == '^' ? Op::inverted
                  : sigil == '&' ? Op::raw
                                 : Op::value;
    if (op == Op::section || op == Op::inverted)
      open.push_back(nodes.size());
    nodes.push_back({op, std::string(tag), split_name(name, tag), 0});
  }

  void partial(std::string_view name, std::string_view partial_name, int depth) {
    if (depth >= kMaxPartialDepth)
      throw syntax(name, "partials nested deeper than " + std::to_string(kMaxPartialDepth) +
                             " (a partial that includes itself?)");
    const std::optional<std::string_view> text = partials_ ? partials_(partial_name) : std::nullopt;
    if (!text)
      throw syntax(name, "no partial named " + std::string(partial_name));
    if (indent_.empty())
      return parse(partial_name, *text, depth + 1);
    // A partial alone on its line is indented as its tag was, line by line.
    std::string indented;
    for (std::size_t i = 0; i < text->size();) {
      const std::size_t end = std::min(text->find('\n', i), text->size() - 1);
      indented.append(indent_).append(text->substr(i, end + 1 - i));
      i = end + 1;
    }
    parse(partial_name, indented, depth + 1);
  }

  Template& t_;
  const PartialSource& partials_;
  std::string pending_;  // literal text not yet in a node
  std::string indent_;   // the indentation of the standalone tag being handled
};

Template::Template(std::string name, std::string_view text, const PartialSource& partials)
    : name_(std::move(name)), language_(language_of(name_)) {
  Parser parser(*this, partials);
  parser.parse(name_, text, 0);
  parser.flush();
  check_depth();
}

void Template::check_depth() const {
  std::vector<std::size_t> ends;  // of the sections open at a node
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    while (!ends.empty() && ends.back() <= i)
      ends.pop_back();
    if (nodes_[i].op != Op::section)
      continue;
    ends.push_back(nodes_[i].end);
    if (ends.size() > kMaxSectionDepth)
      throw syntax(name_, "sections nested deeper than " + std::to_string(kMaxSectionDepth));
  }
}

// A fixed stack: rendering allocates nothing but its output (the ledger export renders a
// template once per journal entry).
struct Template::Scopes {
  std::array<const json::Value*, kMaxSectionDepth + 1> values{};
  std::size_t size = 0;
  void push(const json::Value* v) noexcept {
    assert(size < values.size());
    values[size++] = v;
  }
  void pop() noexcept { --size; }
};

namespace {

const json::Value* lookup(const std::vector<std::string>& path, const json::Value* const* scopes,
                          std::size_t size) {
  if (path.empty())
    return scopes[size - 1];
  const json::Value* v = nullptr;
  for (std::size_t i = size; i > 0 && v == nullptr; --i)
    v = scopes[i - 1]->find(path.front());
  for (std::size_t k = 1; k < path.size() && v != nullptr; ++k)
    v = v->find(path[k]);
  return v;
}

}  // namespace

void Template::render_nodes(std::size_t begin, std::size_t end, Scopes& scopes,
                            std::string& out) const {
  for (std::size_t i = begin; i < end; ++i) {
    const Node& n = nodes_[i];
    if (n.op == Op::text) {
      out += n.text;
      continue;
    }
    const json::Value* v = lookup(n.path, scopes.values.data(), scopes.size);
    switch (n.op) {
      case Op::value:
      case Op::raw: {
        if (v == nullptr || v->is_null())
          break;
        const Language language = n.op == Op::raw ? Language::text : language_;
        if (v->is_string()) {
          append_escaped(out, v->string(), language);
        } else if (v->is_integer()) {
          char digits[24];
          const auto r = std::to_chars(digits, digits + sizeof digits, v->integer());
          append_escaped(out, std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)),
                         language);
        } else if (v->is_boolean()) {
          append_escaped(out, v->boolean() ? "true" : "false", language);
        } else {
          throw Error::invalid("template-value", name_,
                               "template " + name_ + ": {{" + n.text + "}} is an " +
                                   json::to_string(v->type()) + ", not a value");
        }
        break;
      }
      case Op::section:
        if (v != nullptr && v->is_array()) {
          for (const json::Value& element : v->array()) {
            scopes.push(&element);
            render_nodes(i + 1, n.end, scopes, out);
            scopes.pop();
          }
        } else if (is_true(v)) {
          scopes.push(v);
          render_nodes(i + 1, n.end, scopes, out);
          scopes.pop();
        }
        i = n.end - 1;
        break;
      case Op::inverted:
        if (!is_true(v))
          render_nodes(i + 1, n.end, scopes, out);
        i = n.end - 1;
        break;
      case Op::text:
        break;
    }
  }
}

void Template::render(const json::Value& data, std::string& out) const {
  Scopes scopes;
  scopes.push(&data);
  render_nodes(0, nodes_.size(), scopes, out);
}

std::string Template::render(const json::Value& data) const {
  std::string out;
  render(data, out);
  return out;
}

}  // namespace trustfund::templates
