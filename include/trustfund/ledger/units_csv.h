// Bulk unit import from CSV: parses the body of `POST /api/v1/estates/{estate}/units/import`
// (text/csv) into UnitInputs, collecting every bad row's error so the file is fixed in one go.
//
// The format: UTF-8 (a leading BOM is skipped), lines ending in \n or \r\n (the last one may
// lack it), blank lines skipped. The first non-blank line is the header naming the columns
// `code`, `area_m2`, `owner_ref` (required) and `kind` (optional; default "residential", also
// for an empty cell), in any order, trimmed and case-insensitive. Fields follow RFC 4180: commas
// between them, double quotes around a field that holds commas or quotes ("" for a literal
// quote); unquoted fields are trimmed of spaces and tabs. Line breaks inside quotes are not
// supported. Each row is checked as Books::add_unit checks a unit, and codes must be unique
// within the file.
//
// Error types (CsvRowError::type), with `field` the canonical column name where one is at fault:
//   csv-encoding          the line is not valid UTF-8
//   csv-syntax            a quote out of place, a quote left open at the end of the line, a lone \r
//   csv-empty             no header line at all
//   csv-unknown-column    header: a column not listed above (field: the name as written, trimmed)
//   csv-duplicate-column  header: the same column twice
//   csv-missing-column    header: a required column is absent (field: that column)
//   csv-columns           a row with more or fewer fields than the header
//   unit-code, unit-kind, unit-area, unit-owner, area-*   a bad cell (area-* from Area::parse)
//   unit-duplicate        a code already used on an earlier line (the detail names that line)
//   csv-too-many-rows     more than kMaxCsvUnits rows; parsing stops there
//   csv-too-many-errors   follows kMaxCsvErrors errors: "more errors not shown"; parsing stops
// Header errors carry the header's line; after any, no row is parsed. A row with a csv-* error
// gets no cell checks.
//
// Thread-safety: parse_units_csv is a pure function; call it from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/core/csv.h"
#include "trustfund/ledger/books.h"

namespace trustfund::ledger {

// An error against a line: `field` is the column at fault ("code", "kind", "area_m2",
// "owner_ref") or empty, `type` a stable slug (see above), `detail` a human-readable message.
using CsvRowError = csv::RowError;

struct UnitsCsv {
  std::vector<UnitInput> units;     // the good rows in file order; incomplete if there are errors
  std::vector<std::int64_t> lines;  // lines[i]: the line of units[i] (for errors found later)
  std::vector<CsvRowError> errors;
};

inline constexpr std::size_t kMaxCsvUnits = 100'000;  // rows at most
inline constexpr std::size_t kMaxCsvErrors = 1'000;   // errors reported at most, then one more
                                                      // (csv-too-many-errors)

// Parses a whole CSV file. Never throws trustfund::Error: every problem is in `errors`, in line
// order. Callers must write nothing when `errors` is non-empty.
UnitsCsv parse_units_csv(std::string_view text);

}  // namespace trustfund::ledger
