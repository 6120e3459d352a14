// The CSV reader behind the bulk imports: line iteration, RFC 4180 splitting, the header's
// column mapping and the error cap (see csv.h for the format).
#include "trustfund/core/csv.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

#include "trustfund/core/utf8.h"

namespace trustfund::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxExcerptBytes = 40;  // of user text repeated in a message

bool is_blank_char(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank_char(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_blank_char(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "a, b (optional) and c": the columns for a message.
std::string column_list(std::span<const Column> columns) {
  std::string out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0)
      out.append(c + 1 == columns.size() ? " and " : ", ");
    out.append(columns[c].name);
    if (!columns[c].required)
      out.append(" (optional)");
  }
  return out;
}

}  // namespace

void Errors::add(std::int64_t line, std::string_view field, std::string type, std::string detail) {
  if (stopped_)
    return;
  if (list_.size() == max_) {
    std::string more = "more than ";
    more.append(std::to_string(max_)).append(" errors; more errors not shown");
    list_.push_back({line, "", "csv-too-many-errors", std::move(more)});
    stopped_ = true;
    return;
  }
  list_.push_back({line, std::string(field), std::move(type), std::move(detail)});
}

Header::Header(std::span<const std::string> fields, std::span<const Column> columns,
               std::int64_t line, Errors& errors)
    : index_(columns.size()), width_(fields.size()), line_(line) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view written = trim(fields[i]);
    const std::string name = lower_ascii(written);
    std::size_t c = 0;
    while (c < columns.size() && columns[c].name != name)
      ++c;
    if (c == columns.size()) {
      std::string detail = "unknown column ";
      detail.append(excerpt(written)).append("; the columns are ").append(column_list(columns));
      errors.add(line, written, "csv-unknown-column", std::move(detail));
      ok_ = false;
    } else if (index_[c]) {
      std::string detail = "column ";
      detail.append(columns[c].name).append(" appears twice in the header");
      errors.add(line, columns[c].name, "csv-duplicate-column", std::move(detail));
      ok_ = false;
    } else {
      index_[c] = i;
    }
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].required && !index_[c]) {
      std::string detail = "the header has no column ";
      detail.append(columns[c].name);
      errors.add(line, columns[c].name, "csv-missing-column", std::move(detail));
      ok_ = false;
    }
  }
}

std::string describe(const SyntaxError& error) {
  std::string out = "field ";
  out.append(std::to_string(error.field)).append(": ");
  switch (error.kind) {
    case SyntaxError::unclosed_quote:
      return out.append(
          "a quote is not closed on this line (line breaks inside quoted fields are not "
          "supported)");
    case SyntaxError::carriage_return:
      return out.append("a carriage return; lines must end in \\n or \\r\\n");
    case SyntaxError::text_after_quote:
      return out.append("text after the closing quote; write \"\" for a quote");
    case SyntaxError::quote_in_unquoted:
      return out.append("a quote inside an unquoted field; quote the whole field and write \"\"");
  }
  return out.append("bad quoting");
}

std::optional<SyntaxError> split(std::string_view line, std::vector<std::string>& fields,
                                 std::size_t& count) {
  count = 0;
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (true) {
    if (count == fields.size())
      fields.emplace_back();
    std::string& value = fields[count++];
    value.clear();
    std::size_t j = i;
    while (j < n && is_blank_char(line[j]))
      ++j;
    if (j < n && line[j] == '"') {
      for (++j;; ++j) {
        if (j >= n)
          return SyntaxError{SyntaxError::unclosed_quote, count};
        if (line[j] == '\r')
          return SyntaxError{SyntaxError::carriage_return, count};
        if (line[j] == '"') {
          if (j + 1 < n && line[j + 1] == '"') {
            value += '"';
            ++j;
            continue;
          }
          ++j;
          break;
        }
        value += line[j];
      }
      while (j < n && is_blank_char(line[j]))
        ++j;
      if (j < n && line[j] != ',')
        return SyntaxError{SyntaxError::text_after_quote, count};
    } else {
      j = std::min(line.find(',', i), n);
      const std::string_view raw = line.substr(i, j - i);
      if (raw.find('"') != std::string_view::npos)
        return SyntaxError{SyntaxError::quote_in_unquoted, count};
      if (raw.find('\r') != std::string_view::npos)
        return SyntaxError{SyntaxError::carriage_return, count};
      value.assign(trim(raw));
    }
    if (j >= n)
      return std::nullopt;
    i = j + 1;  // past the ','
  }
}

std::string excerpt(std::string_view text) {
  std::size_t end = text.size();
  if (end > kMaxExcerptBytes) {
    end = kMaxExcerptBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
  }
  std::string out;
  out.reserve(end + 5);
  out += '"';
  out.append(text.substr(0, end));
  if (end < text.size())
    out.append("…");
  out += '"';
  return out;
}

Reader::Reader(std::string_view text, const Format& format, Errors& errors)
    : text_(text), format_(format), errors_(errors) {
  if (text_.starts_with(kBom))
    text_.remove_prefix(kBom.size());
}

bool Reader::next_line() {
  while (!text_.empty()) {
    ++line_no_;
    const std::size_t nl = text_.find('\n');
    line_ = text_.substr(0, nl);
    text_.remove_prefix(nl == std::string_view::npos ? text_.size() : nl + 1);
    if (line_.ends_with('\r'))
      line_.remove_suffix(1);
    if (!trim(line_).empty())
      return true;
  }
  return false;
}

bool Reader::split_line() {
  if (!utf8::is_valid(line_)) {
    errors_.add(line_no_, "", "csv-encoding",
                "the line is not valid UTF-8; save the file as UTF-8");
    return false;
  }
  if (const auto error = split(line_, fields_, count_)) {
    errors_.add(line_no_, "", "csv-syntax", format_.describe_syntax(*error));
    return false;
  }
  return true;
}

const Header* Reader::header() {
  assert(!header_ && line_no_ == 0);  // called once, first
  if (!next_line()) {
    std::string detail = "the file is empty; the first line must be the header, e.g. ";
    for (std::size_t c = 0; c < format_.columns.size(); ++c)
      detail.append(c == 0 ? "" : ",").append(format_.columns[c].name);
    errors_.add(1, "", "csv-empty", std::move(detail));
    return nullptr;
  }
  if (!split_line())
    return nullptr;
  header_.emplace(std::span<const std::string>(fields_.data(), count_), format_.columns, line_no_,
                  errors_);
  return &*header_;
}

std::optional<Record> Reader::next() {
  if (!header_)
    return std::nullopt;
  while (!errors_.stopped() && next_line()) {
    if (++rows_ > format_.max_rows) {
      std::string detail = "the file has more than ";
      detail.append(std::to_string(format_.max_rows))
          .append(" ")
          .append(format_.rows_name)
          .append("; split it into several imports");
      errors_.add(line_no_, "", "csv-too-many-rows", std::move(detail));
      text_ = {};
      return std::nullopt;
    }
    if (!split_line())
      continue;
    if (count_ != header_->width()) {
      std::string detail = "the line has ";
      detail.append(std::to_string(count_))
          .append(" fields but the header has ")
          .append(std::to_string(header_->width()));
      errors_.add(line_no_, "", "csv-columns", std::move(detail));
      continue;
    }
    return Record{line_no_, std::span<const std::string>(fields_.data(), count_)};
  }
  return std::nullopt;
}

}  // namespace trustfund::csv
