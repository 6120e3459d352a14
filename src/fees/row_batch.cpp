// Multi-row INSERTs; see row_batch.h.
#include "trustfund/fees/row_batch.h"

#include <cassert>

namespace trustfund::fees {
namespace {

std::string insert_sql(const std::string& head, std::size_t columns, std::size_t rows) {
  std::string sql = head;
  sql.append(" VALUES ");
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    sql.append(r == 0 ? "(" : ", (");
    for (std::size_t c = 0; c < columns; ++c) {
      if (c != 0)
        sql.append(", ");
      sql.push_back('?');
      sql.append(std::to_string(++n));
    }
    sql.push_back(')');
  }
  return sql;
}

}  // namespace

RowBatch::RowBatch(store::Database& db, const std::string& head, std::size_t columns,
                   std::size_t rows_per_statement)
    : db_(db),
      columns_(columns),
      rows_per_statement_(rows_per_statement),
      full_sql_(insert_sql(head, columns, rows_per_statement)),
      one_sql_(insert_sql(head, columns, 1)),
      values_(columns * rows_per_statement) {}

RowBatch& RowBatch::value(std::int64_t v) {
  assert(used_ < values_.size());
  Value& x = values_[used_++];
  x.kind = Value::Kind::integer;
  x.integer = v;
  return *this;
}

RowBatch& RowBatch::value(std::string_view text) {
  assert(used_ < values_.size());
  Value& x = values_[used_++];
  x.kind = Value::Kind::text;
  x.bytes.assign(text);
  return *this;
}

RowBatch& RowBatch::blob(std::span<const std::uint8_t> bytes) {
  assert(used_ < values_.size());
  Value& x = values_[used_++];
  x.kind = Value::Kind::blob;
  x.bytes.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return *this;
}

RowBatch& RowBatch::null() {
  assert(used_ < values_.size());
  values_[used_++].kind = Value::Kind::null;
  return *this;
}

void RowBatch::end_row() {
  assert(used_ % columns_ == 0);
  if (used_ == values_.size())
    write(rows_per_statement_);
}

void RowBatch::flush() {
  assert(used_ % columns_ == 0);
  write(used_ / columns_);
}

void RowBatch::write(std::size_t rows) {
  if (rows == 0)
    return;
  // A full batch in one statement; a partial one row by row (one statement for each size would
  // be prepared once per size and kept for the connection's life).
  const std::size_t per_statement = rows == rows_per_statement_ ? rows_per_statement_ : 1;
  std::size_t at = 0;
  for (std::size_t done = 0; done < rows; done += per_statement) {
    store::Statement& st = db_.cached(per_statement == 1 ? one_sql_ : full_sql_);
    for (std::size_t i = 0; i < per_statement * columns_; ++i, ++at) {
      const Value& x = values_[at];
      const int param = static_cast<int>(i) + 1;
      switch (x.kind) {
        case Value::Kind::null:
          st.bind_null(param);
          break;
        case Value::Kind::integer:
          st.bind(param, x.integer);
          break;
        case Value::Kind::text:
          st.bind_static(param, x.bytes);
          break;
        case Value::Kind::blob:
          st.bind_blob(param, std::span(reinterpret_cast<const std::uint8_t*>(x.bytes.data()),
                                        x.bytes.size()));
          break;
      }
    }
    st.run();
  }
  used_ = 0;
}

}  // namespace trustfund::fees
