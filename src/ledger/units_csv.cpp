// Bulk unit import from CSV: splits the text into physical lines, reads the header, then checks
// each row on its own so that every bad row is reported (see units_csv.h for the format).
#include "trustfund/ledger/units_csv.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

#include "trustfund/core/error.h"

namespace trustfund::ledger {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

constexpr std::size_t kMaxOwnerBytes = 200;
constexpr std::size_t kMaxExcerptBytes = 40;  // of user text repeated in a message

enum Column : std::size_t { kCode, kKind, kArea, kOwner, kColumns };
constexpr std::array<std::string_view, kColumns> kColumnNames = {"code", "kind", "area_m2",
                                                                 "owner_ref"};
constexpr std::array<bool, kColumns> kRequired = {true, false, true, true};

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

bool is_blank(std::string_view line) {
  return trim(line).empty();
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0)
        lo = 0xA0;
      if (b == 0xED)
        hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0)
        lo = 0x90;
      if (b == 0xF4)
        hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i < len)
      return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF))
        return false;
    }
    i += len;
  }
  return true;
}

// `s` in double quotes, cut at a character boundary after kMaxExcerptBytes. `s` is valid UTF-8.
std::string excerpt(std::string_view s) {
  std::size_t end = s.size();
  if (end > kMaxExcerptBytes) {
    end = kMaxExcerptBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
      --end;
  }
  std::string out;
  out.reserve(end + 5);
  out += '"';
  out.append(s.substr(0, end));
  if (end < s.size())
    out += "…";
  out += '"';
  return out;
}

bool valid_unit_kind(std::string_view kind) {
  return kind == "residential" || kind == "commercial" || kind == "parking";
}

// Splits one physical line (without its line end) into RFC 4180 fields. Returns a message on a
// syntax error, with `fields` then incomplete.
std::optional<std::string> split_fields(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (true) {
    const std::string field_no = std::to_string(fields.size() + 1);
    std::size_t j = i;
    while (j < n && is_blank_char(line[j]))
      ++j;
    if (j < n && line[j] == '"') {
      std::string value;
      for (++j;; ++j) {
        if (j >= n) {
          return "field " + field_no +
                 " opens a quote that is not closed on this line (line breaks inside quoted "
                 "fields are not supported)";
        }
        if (line[j] == '\r')
          return "a carriage return inside field " + field_no + "; lines must end in \\n or \\r\\n";
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
        return "text after the closing quote of field " + field_no + "; write \"\" for a quote";
      fields.push_back(std::move(value));
    } else {
      j = std::min(line.find(',', i), n);
      const std::string_view raw = line.substr(i, j - i);
      if (raw.find('"') != std::string_view::npos) {
        return "a quote inside unquoted field " + field_no +
               "; quote the whole field and write \"\" for the quote";
      }
      if (raw.find('\r') != std::string_view::npos)
        return "a carriage return inside field " + field_no + "; lines must end in \\n or \\r\\n";
      fields.emplace_back(trim(raw));
    }
    if (j >= n)
      return std::nullopt;
    i = j + 1;  // past the ','
  }
}

class Parser {
 public:
  UnitsCsv run(std::string_view text) {
    if (text.starts_with(kBom))
      text.remove_prefix(kBom.size());
    std::int64_t line_no = 0;
    bool have_header = false;
    std::size_t rows = 0;
    std::size_t pos = 0;
    while (pos < text.size() && !stopped_) {
      ++line_no;
      const std::size_t nl = text.find('\n', pos);
      std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      if (line.ends_with('\r'))
        line.remove_suffix(1);
      if (is_blank(line))
        continue;
      if (!have_header) {
        have_header = true;
        if (!header(line_no, line))
          return std::move(out_);
        continue;
      }
      if (++rows > kMaxCsvUnits) {
        add(line_no, "", "csv-too-many-rows",
            "the file has more than " + std::to_string(kMaxCsvUnits) +
                " units; split it into several imports");
        break;
      }
      row(line_no, line);
    }
    if (!have_header) {
      add(1, "", "csv-empty",
          "the file is empty; the first line must be the header, e.g. code,kind,area_m2,owner_ref");
    }
    return std::move(out_);
  }

 private:
  // Records an error; once kMaxCsvErrors are recorded, records one more saying so and stops.
  void add(std::int64_t line, std::string_view field, std::string type, std::string detail) {
    if (stopped_)
      return;
    if (out_.errors.size() == kMaxCsvErrors) {
      out_.errors.push_back(
          {line, "", "csv-too-many-errors",
           "more than " + std::to_string(kMaxCsvErrors) + " errors; more errors not shown"});
      stopped_ = true;
      return;
    }
    out_.errors.push_back({line, std::string(field), std::move(type), std::move(detail)});
  }

  // Checks one line as UTF-8 and splits it; false (with the error recorded) if it cannot be.
  bool split(std::int64_t line_no, std::string_view line) {
    if (!valid_utf8(line)) {
      add(line_no, "", "csv-encoding", "the line is not valid UTF-8; save the file as UTF-8");
      return false;
    }
    if (auto message = split_fields(line, fields_)) {
      add(line_no, "", "csv-syntax", std::move(*message));
      return false;
    }
    return true;
  }

  // Reads the header; false if it has any error (then no row is read).
  bool header(std::int64_t line_no, std::string_view line) {
    if (!split(line_no, line))
      return false;
    bool ok = true;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::string name = lower_ascii(trim(fields_[i]));
      std::size_t c = 0;
      while (c < kColumns && kColumnNames[c] != name)
        ++c;
      if (c == kColumns) {
        add(line_no, trim(fields_[i]), "csv-unknown-column",
            "unknown column " + excerpt(trim(fields_[i])) +
                "; the columns are code, kind (optional), area_m2 and owner_ref");
        ok = false;
      } else if (index_[c]) {
        add(line_no, kColumnNames[c], "csv-duplicate-column",
            "column " + std::string(kColumnNames[c]) + " appears twice in the header");
        ok = false;
      } else {
        index_[c] = i;
      }
    }
    for (std::size_t c = 0; c < kColumns; ++c) {
      if (kRequired[c] && !index_[c]) {
        add(line_no, kColumnNames[c], "csv-missing-column",
            "the header has no column " + std::string(kColumnNames[c]));
        ok = false;
      }
    }
    width_ = fields_.size();
    return ok;
  }

  void row(std::int64_t line_no, std::string_view line) {
    if (!split(line_no, line))
      return;
    if (fields_.size() != width_) {
      add(line_no, "", "csv-columns",
          "the line has " + std::to_string(fields_.size()) + " fields but the header has " +
              std::to_string(width_));
      return;
    }
    bool ok = true;
    UnitInput unit;
    unit.code = fields_[*index_[kCode]];
    if (!valid_unit_code(unit.code)) {
      add(line_no, kColumnNames[kCode], "unit-code",
          "unit code " + excerpt(unit.code) +
              " must be 1-32 letters, digits and single '-' between them, e.g. 3-2-1502");
      ok = false;
    } else if (const auto [it, inserted] = first_line_.try_emplace(unit.code, line_no); !inserted) {
      add(line_no, kColumnNames[kCode], "unit-duplicate",
          "unit code " + unit.code + " is already on line " + std::to_string(it->second));
      ok = false;
    }

    unit.kind = index_[kKind] ? fields_[*index_[kKind]] : "";
    if (unit.kind.empty()) {
      unit.kind = "residential";
    } else if (!valid_unit_kind(unit.kind)) {
      add(line_no, kColumnNames[kKind], "unit-kind",
          "unit kind " + excerpt(unit.kind) + " must be residential, commercial or parking");
      ok = false;
    }

    try {
      unit.area = money::Area::parse(fields_[*index_[kArea]], kColumnNames[kArea]);
      if (unit.area.hundredths_m2() <= 0) {
        add(line_no, kColumnNames[kArea], "unit-area", "a unit's area must be more than 0 m²");
        ok = false;
      }
    } catch (const Error& e) {
      add(line_no, kColumnNames[kArea], e.type(), e.what());
      ok = false;
    }

    unit.owner_ref = fields_[*index_[kOwner]];
    if (unit.owner_ref.empty() || unit.owner_ref.size() > kMaxOwnerBytes) {
      add(line_no, kColumnNames[kOwner], "unit-owner",
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
  bool stopped_ = false;
  std::array<std::optional<std::size_t>, kColumns> index_{};  // field of each column
  std::size_t width_ = 0;                                     // fields per line
  std::vector<std::string> fields_;                           // of the current line
  std::unordered_map<std::string, std::int64_t> first_line_;  // line of each code seen
};

}  // namespace

UnitsCsv parse_units_csv(std::string_view text) {
  return Parser().run(text);
}

}  // namespace trustfund::ledger
