// Bulk unit import from CSV: the shared reader (core/csv.h) splits the file into a header and
// rows, then each row is checked on its own so that every bad row is reported (see units_csv.h
// for the format).
#include "trustfund/ledger/units_csv.h"

#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

#include "trustfund/core/csv.h"
#include "trustfund/core/error.h"

namespace trustfund::ledger {
namespace {

constexpr std::size_t kMaxOwnerBytes = 200;

enum Column : std::size_t { kCode, kKind, kArea, kOwner, kColumns };
constexpr std::array<csv::Column, kColumns> kCsvColumns = {
    {{"code"}, {"kind", false}, {"area_m2"}, {"owner_ref"}}};

constexpr std::string_view name(Column c) {
  return kCsvColumns[c].name;
}

// The details of csv-syntax errors as unit imports have always worded them (payments use
// csv::describe).
std::string describe_syntax(const csv::SyntaxError& error) {
  const std::string field = std::to_string(error.field);
  std::string out;
  switch (error.kind) {
    case csv::SyntaxError::unclosed_quote:
      out.append("field ").append(field).append(
          " opens a quote that is not closed on this line (line breaks inside quoted fields are "
          "not supported)");
      break;
    case csv::SyntaxError::carriage_return:
      out.append("a carriage return inside field ")
          .append(field)
          .append("; lines must end in \\n or \\r\\n");
      break;
    case csv::SyntaxError::text_after_quote:
      out.append("text after the closing quote of field ")
          .append(field)
          .append("; write \"\" for a quote");
      break;
    case csv::SyntaxError::quote_in_unquoted:
      out.append("a quote inside unquoted field ")
          .append(field)
          .append("; quote the whole field and write \"\" for the quote");
      break;
  }
  return out;
}

constexpr csv::Format kFormat{kCsvColumns, kMaxCsvUnits, "units", &describe_syntax};

bool valid_unit_kind(std::string_view kind) {
  return kind == "residential" || kind == "commercial" || kind == "parking";
}

class Parser {
 public:
  UnitsCsv run(std::string_view text) {
    csv::Reader reader(text, kFormat, errors_);
    header_ = reader.header();
    if (header_ && header_->ok()) {
      while (const std::optional<csv::Record> record = reader.next())
        row(*record);
    }
    out_.errors = std::move(errors_).take();
    return std::move(out_);
  }

 private:
  const std::string& cell(const csv::Record& record, Column c) const {
    return record.fields[*header_->index(c)];
  }

  void row(const csv::Record& record) {
    const std::int64_t line_no = record.line;
    bool ok = true;
    UnitInput unit;
    unit.code = cell(record, kCode);
    if (!valid_unit_code(unit.code)) {
      errors_.add(line_no, name(kCode), "unit-code",
                  "unit code " + csv::excerpt(unit.code) +
                      " must be 1-32 letters, digits and single '-' between them, e.g. 3-2-1502");
      ok = false;
    } else if (const auto [it, inserted] = first_line_.try_emplace(unit.code, line_no); !inserted) {
      errors_.add(line_no, name(kCode), "unit-duplicate",
                  "unit code " + unit.code + " is already on line " + std::to_string(it->second));
      ok = false;
    }

    unit.kind = header_->index(kKind) ? cell(record, kKind) : "";
    if (unit.kind.empty()) {
      unit.kind = "residential";
    } else if (!valid_unit_kind(unit.kind)) {
      errors_.add(
          line_no, name(kKind), "unit-kind",
          "unit kind " + csv::excerpt(unit.kind) + " must be residential, commercial or parking");
      ok = false;
    }

    try {
      unit.area = money::Area::parse(cell(record, kArea), name(kArea));
      if (unit.area.hundredths_m2() <= 0) {
        errors_.add(line_no, name(kArea), "unit-area", "a unit's area must be more than 0 m²");
        ok = false;
      }
    } catch (const Error& e) {
      errors_.add(line_no, name(kArea), e.type(), e.what());
      ok = false;
    }

    unit.owner_ref = cell(record, kOwner);
    if (unit.owner_ref.empty() || unit.owner_ref.size() > kMaxOwnerBytes) {
      errors_.add(line_no, name(kOwner), "unit-owner",
                  "owner reference must be 1-" + std::to_string(kMaxOwnerBytes) + " bytes, not " +
                      std::to_string(unit.owner_ref.size()));
      ok = false;
    }

    if (ok) {
      out_.units.push_back(std::move(unit));
      out_.lines.push_back(line_no);
    }
  }

  UnitsCsv out_;
  csv::Errors errors_{kMaxCsvErrors};
  const csv::Header* header_ = nullptr;                       // of the reader in run()
  std::unordered_map<std::string, std::int64_t> first_line_;  // line of each code seen
};

}  // namespace

UnitsCsv parse_units_csv(std::string_view text) {
  return Parser().run(text);
}

}  // namespace trustfund::ledger
