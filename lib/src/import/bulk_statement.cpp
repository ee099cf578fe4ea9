// SPDX-License-Identifier: MIT
#include "import/bulk_statement.hpp"

#include "storage/backend.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback::import {

BulkStatement::BulkStatement(Database& db, std::string_view sql)
    : m_statement(db, sql, k_bulk_statement)
{
}

void
BulkStatement::text(int index, std::string_view value)
{
  m_statement.bind(index, value);
}

void
BulkStatement::integer(int index, std::int64_t value)
{
  m_statement.bind(index, value);
}

void
BulkStatement::null(int index)
{
  m_statement.bind_null(index);
}

void
BulkStatement::run()
{
  m_statement.run();
}

RelaxedConstraints::RelaxedConstraints(Database& db) : m_db(db)
{
  detail::DatabaseAccess::connection(db).relax_constraints();
}

RelaxedConstraints::~RelaxedConstraints()
{
  detail::DatabaseAccess::connection(m_db).restore_constraints();
}

BatchInsert::BatchInsert(Database& db, std::string head, int columns, int batch)
    : m_db(db), m_head(std::move(head)), m_columns(columns),
      m_batch(static_cast<std::size_t>(batch))
{
  m_values.resize(m_batch * static_cast<std::size_t>(m_columns));
}

void
BatchInsert::row()
{
  if (m_rows == m_batch) {
    flush();
  }
  ++m_rows;
}

void
BatchInsert::text(int column, std::string_view value)
{
  auto& v = m_values[(m_rows - 1) * static_cast<std::size_t>(m_columns) +
                     static_cast<std::size_t>(column)];
  v.kind = Value::Kind::text;
  v.number = static_cast<std::int64_t>(m_arena.size());
  v.size = value.size();
  m_arena.append(value);
}

void
BatchInsert::integer(int column, std::int64_t value)
{
  auto& v = m_values[(m_rows - 1) * static_cast<std::size_t>(m_columns) +
                     static_cast<std::size_t>(column)];
  v.kind = Value::Kind::integer;
  v.number = value;
}

void
BatchInsert::null(int column)
{
  auto& v = m_values[(m_rows - 1) * static_cast<std::size_t>(m_columns) +
                     static_cast<std::size_t>(column)];
  v.kind = Value::Kind::null;
}

BulkStatement&
BatchInsert::statement(std::size_t rows)
{
  auto make = [&] {
    std::string sql = m_head + " VALUES ";
    int parameter = 1;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (int c = 0; c < m_columns; ++c) {
        sql += fmt::format("{}?{}", c == 0 ? "" : ", ", parameter++);
      }
      sql += ")";
    }
    return std::make_unique<BulkStatement>(m_db, sql);
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
  for (std::size_t i = 0; i < count; ++i) {
    const auto& v = m_values[i];
    const int parameter = static_cast<int>(i) + 1;
    switch (v.kind) {
    case Value::Kind::null:
      st.null(parameter);
      break;
    case Value::Kind::integer:
      st.integer(parameter, v.number);
      break;
    case Value::Kind::text:
      st.text(parameter, std::string_view(m_arena.data() + v.number, v.size));
      break;
    }
  }
  st.run();
  m_rows = 0;
  m_arena.clear();
}

} // namespace feedback::import
