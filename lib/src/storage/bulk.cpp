// SPDX-License-Identifier: MIT
#include "storage/bulk.hpp"

#include "storage/backend.hpp"

#include <fmt/core.h>

namespace feedback::detail {

RelaxedConstraints::RelaxedConstraints(Database& db) : m_db(db)
{
  DatabaseAccess::connection(db).relax_constraints();
}

RelaxedConstraints::~RelaxedConstraints()
{
  DatabaseAccess::connection(m_db).restore_constraints();
}

BulkLoad::BulkLoad(Database& db) : m_db(db)
{
  bool empty = false;
  {
    // Finished before the mode changes: SQLite changes it only with no statement running.
    Statement any(db, "SELECT EXISTS (SELECT 1 FROM case_record)");
    empty = any.step() && any.column_int64(0) == 0;
  }
  if (empty) {
    DatabaseAccess::connection(db).begin_bulk_load();
    m_on = true;
  }
}

BulkLoad::~BulkLoad()
{
  if (m_on) {
    DatabaseAccess::connection(m_db).end_bulk_load();
  }
}

BatchInsert::BatchInsert(Database& db, std::string_view head, int columns, int batch)
    : m_db(db), m_head(head), m_columns(columns), m_batch(static_cast<std::size_t>(batch))
{
}

void
BatchInsert::row()
{
  if (m_values.empty()) {
    m_values.resize(m_batch * static_cast<std::size_t>(m_columns));
  }
  if (m_rows == m_batch) {
    flush();
  }
  ++m_rows;
}

void
BatchInsert::text(int column, std::string_view value)
{
  require_utf8(value);
  auto& v = cell(column);
  v.kind = BoundValue::Kind::text;
  v.number = static_cast<std::int64_t>(m_arena.size());
  v.size = value.size();
  m_arena.append(value);
}

void
BatchInsert::integer(int column, std::int64_t value)
{
  auto& v = cell(column);
  v.kind = BoundValue::Kind::integer;
  v.number = value;
}

void
BatchInsert::null(int column)
{
  cell(column).kind = BoundValue::Kind::null;
}

void
BatchInsert::text_or_null(int column, const std::optional<std::string_view>& value)
{
  if (value) {
    text(column, *value);
  } else {
    null(column);
  }
}

void
BatchInsert::integer_or_null(int column, const std::optional<std::int64_t>& value)
{
  if (value) {
    integer(column, *value);
  } else {
    null(column);
  }
}

Statement&
BatchInsert::statement(std::size_t rows)
{
  auto make = [&] {
    std::string sql(m_head);
    sql += " VALUES ";
    int parameter = 1;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (int c = 0; c < m_columns; ++c) {
        sql += fmt::format("{}?{}", c == 0 ? "" : ", ", parameter++);
      }
      sql += ")";
    }
    return std::make_unique<Statement>(m_db, sql, k_bulk_statement);
  };
  if (rows == m_batch) {
    if (!m_full) {
      m_full = make();
    }
    return *m_full;
  }
  if (!m_short || m_short_rows != rows) {
    m_short = make();
    m_short_rows = rows;
  }
  return *m_short;
}

void
BatchInsert::flush()
{
  if (m_rows == 0) {
    return;
  }
  auto& st = statement(m_rows);
  const std::size_t count = m_rows * static_cast<std::size_t>(m_columns);
  // One call binds the batch: text borrowed from the arena, which stays put until run() ends.
  DatabaseAccess::statement(st).bind_all(std::span<const BoundValue>(m_values.data(), count),
                                         m_arena.data());
  st.run();
  m_rows = 0;
  m_arena.clear();
}

} // namespace feedback::detail
