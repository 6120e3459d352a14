// The CSV reader behind the bulk imports (ledger/units_csv.h, fees/payments_csv.h): it turns the
// text of a file into a header and rows of fields, reporting every problem of the format itself
// as a RowError against its line, so that each import only checks its own cells.
//
// The format: UTF-8 (a leading BOM is skipped), lines ending in \n or \r\n (the last one may
// lack it), blank lines (only spaces and tabs) skipped but counted. The first non-blank line is
// the header; its names are trimmed and matched case-insensitively, in any order, against the
// import's Columns. Fields follow RFC 4180 on one line: commas between them, double quotes
// around a field that holds commas or quotes ("" for a literal quote), spaces and tabs outside
// the quotes ignored; unquoted fields are trimmed of spaces and tabs. Line breaks inside quotes
// are not supported: such a field is a syntax error on both of its lines.
//
// Error types (RowError::type) reported here, with `field` empty unless said:
//   csv-encoding          the line is not valid UTF-8 (strict: no overlong forms, no surrogates)
//   csv-syntax            a quote out of place, a quote left open at the end of the line, a lone \r
//   csv-empty             no header line at all (line 1)
//   csv-unknown-column    header: a name not among the Columns (field: the name as written,
//   trimmed) csv-duplicate-column  header: the same column twice (field: that column)
//   csv-missing-column    header: a required column is absent (field: that column)
//   csv-columns           a row with more or fewer fields than the header
//   csv-too-many-rows     more than Format::max_rows rows after the header; reading stops there
//   csv-too-many-errors   follows the cap of Errors: "more errors not shown"; reading stops
//
// Bounds: the text is read once, line by line; memory is that of the longest line's fields (the
// caller bounds the text, e.g. by the request body limit). Rows are capped by Format::max_rows
// and errors by Errors' cap. Column names are matched linearly, so a Format has a handful.
//
// Thread-safety: Errors, Header and Reader are plain objects for one thread at a time (a Reader
// uses the Errors it is given); the free functions are pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trustfund::csv {

// One problem found in a file, reported against its line.
struct RowError {
  std::int64_t line = 0;  // 1-based physical line number
  std::string field;      // canonical name of the column at fault, or empty
  std::string type;       // stable slug, e.g. "csv-syntax" (see above)
  std::string detail;     // human-readable message
};

// The errors of one file in the order found: at most `max`, then one csv-too-many-errors (on
// the line of the error that did not fit), after which stopped() is true and add does nothing.
class Errors {
 public:
  explicit Errors(std::size_t max) : max_(max) {}

  void add(std::int64_t line, std::string_view field, std::string type, std::string detail);
  bool stopped() const noexcept { return stopped_; }
  bool empty() const noexcept { return list_.empty(); }
  const std::vector<RowError>& list() const noexcept { return list_; }
  std::vector<RowError> take() && noexcept { return std::move(list_); }

 private:
  std::vector<RowError> list_;
  std::size_t max_;
  bool stopped_ = false;
};

// A column an import knows.
struct Column {
  std::string_view name;  // canonical, lower case, e.g. "area_m2"
  bool required = true;
};

// The header line mapped onto the Columns of an import.
class Header {
 public:
  // Maps each of `fields` (the header line's fields, trimmed here and lower-cased) to a column,
  // reporting on `line` to `errors`: first csv-unknown-column and csv-duplicate-column in field
  // order, then csv-missing-column in column order. Keeps every mapping it could make.
  Header(std::span<const std::string> fields, std::span<const Column> columns, std::int64_t line,
         Errors& errors);

  bool ok() const noexcept { return ok_; }  // no error was found
  std::int64_t line() const noexcept { return line_; }
  std::size_t width() const noexcept { return width_; }  // fields of the header line
  // The field index of columns[column] (column < columns.size()), or none if the header lacks
  // that column.
  std::optional<std::size_t> index(std::size_t column) const { return index_[column]; }

 private:
  std::vector<std::optional<std::size_t>> index_;  // one per column
  std::size_t width_ = 0;
  std::int64_t line_ = 0;
  bool ok_ = true;
};

// What is wrong with the quoting of a line (csv-syntax).
struct SyntaxError {
  enum Kind {
    unclosed_quote,     // a quote still open at the end of the line
    carriage_return,    // a \r that does not end the line
    text_after_quote,   // something other than a comma after a closing quote
    quote_in_unquoted,  // a quote inside a field that does not start with one
  };
  Kind kind = unclosed_quote;
  std::size_t field = 0;  // 1-based
};

// The standard detail of a csv-syntax error: "field 3: a quote is not closed on this line ...".
std::string describe(const SyntaxError& error);

// Splits one physical line (without its line end) into fields, reusing the strings already in
// `fields` so that a long file allocates little. On success `count` is the number of fields,
// the first `count` of `fields`; on a syntax error `fields` is incomplete.
std::optional<SyntaxError> split(std::string_view line, std::vector<std::string>& fields,
                                 std::size_t& count);

// `text` in double quotes, cut at a character boundary after 40 bytes (then "…" before the
// closing quote), for repeating user text in a message. `text` is valid UTF-8.
std::string excerpt(std::string_view text);

// What an import reads.
struct Format {
  std::span<const Column> columns;  // must outlive the Reader (a Reader copies the Format)
  std::size_t max_rows = 0;         // rows after the header, then csv-too-many-rows
  std::string_view rows_name;       // plural, for "the file has more than 5 units; ..."
  // The detail of each csv-syntax error.
  std::string (*describe_syntax)(const SyntaxError&) = &describe;
};

// A row: a non-blank line after the header that is valid UTF-8, splits, and has the header's
// width. `fields` is valid until the next call to Reader::next.
struct Record {
  std::int64_t line = 0;
  std::span<const std::string> fields;
};

// Reads one file: first header(), then next() until it returns none. Every problem of the
// format goes to `errors`; rows with one are skipped. `text` and `errors` must outlive it.
class Reader {
 public:
  Reader(std::string_view text, const Format& format, Errors& errors);

  // Reads up to the first non-blank line and maps it; call once, first. None if there is no
  // such line (csv-empty) or it does not split (csv-encoding, csv-syntax); else the Header
  // (which may have errors, see Header::ok), valid as long as the Reader.
  const Header* header();
  // The next good row, or none at the end of the text, once `errors` is stopped, or after the
  // row over Format::max_rows (csv-too-many-rows); always none unless header() returned a Header.
  std::optional<Record> next();

 private:
  bool next_line();        // to the next non-blank line; false at the end of the text
  bool split_line();       // checks and splits line_; false with the error reported
  std::string_view text_;  // what is left to read
  Format format_;
  Errors& errors_;
  std::optional<Header> header_;
  std::string_view line_;            // the current line, without its line end
  std::int64_t line_no_ = 0;         // its 1-based number
  std::size_t rows_ = 0;             // non-blank lines after the header so far
  std::vector<std::string> fields_;  // of the current line; the first count_ are its fields
  std::size_t count_ = 0;
};

}  // namespace trustfund::csv
