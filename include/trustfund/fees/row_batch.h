// Writing many rows of one table with multi-row INSERT statements (for the fee module's bulk
// writers: payment imports and billing runs).
//
// A RowBatch buffers rows and writes them kRowsPerStatement to a statement
// (`INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4), ...`), the rest one by one. The fee tables'
// inserts need a statement journal (a trigger that can abort, a foreign key, a CHECK that calls a
// function): before a statement changes a page, SQLite copies the page into the journal, to undo
// that statement alone if it fails. With one statement per row that is a copy of every page the
// row touches, and a statement's start and end, per row; with eight rows to a statement pages
// they share are copied once. Eight rows change about a dozen pages, which keeps the journal in
// memory: past 64 KiB (15 pages) SQLite moves it to a temporary file.
//
// Rows are written in the order added. Values are copied into the batch, so nothing needs to
// outlive add(). flush() writes what is left; the destructor does not (an exception may be in
// flight), so a writer calls flush() before it commits. A failing statement throws; the caller's
// transaction (an audited write) rolls back, so nothing of the batch stays.
//
// Thread-safety: as the connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trustfund/store/database.h"

namespace trustfund::fees {

class RowBatch {
 public:
  static constexpr std::size_t kRowsPerStatement = 8;

  // `head` is "INSERT INTO t (a, b, c)"; every row has `columns` values.
  RowBatch(store::Database& db, const std::string& head, std::size_t columns,
           std::size_t rows_per_statement);
  RowBatch(const RowBatch&) = delete;
  RowBatch& operator=(const RowBatch&) = delete;

  // The next row, value by value: exactly `columns` calls, then end_row().
  RowBatch& value(std::int64_t v);
  RowBatch& value(std::string_view text);
  RowBatch& blob(std::span<const std::uint8_t> bytes);
  RowBatch& null();
  RowBatch& value(const std::optional<std::int64_t>& v) { return v ? value(*v) : null(); }
  void end_row();  // writes a full batch

  void flush();  // writes the buffered rows

 private:
  struct Value {
    enum class Kind : std::uint8_t { null, integer, text, blob } kind = Kind::null;
    std::int64_t integer = 0;
    std::string bytes;
  };
  void write(std::size_t rows);

  store::Database& db_;
  std::size_t columns_;
  std::size_t rows_per_statement_;
  std::string full_sql_, one_sql_;
  std::vector<Value> values_;  // rows_per_statement_ rows of `columns` values, reused
  std::size_t used_ = 0;       // values added
};

}  // namespace trustfund::fees
