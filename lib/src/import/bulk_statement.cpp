// SPDX-License-Identifier: MIT
#include "import/bulk_statement.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <sqlite3.h>

namespace feedback::import {

BulkStatement::BulkStatement(Database& db, std::string_view sql) : m_db(db)
{
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    db.fail(rc, fmt::format("cannot prepare SQL '{}'", sql.substr(0, 60)));
  }
}

BulkStatement::~BulkStatement() { sqlite3_finalize(m_stmt); }

void
BulkStatement::text(int index, std::string_view value)
{
  // An empty view may have no data pointer, which SQLite would bind as NULL, not ''.
  const int rc = sqlite3_bind_text(m_stmt, index, value.data() ? value.data() : "",
                                   static_cast<int>(value.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) {
    m_db.fail(rc, "bind");
  }
}

void
BulkStatement::integer(int index, std::int64_t value)
{
  const int rc = sqlite3_bind_int64(m_stmt, index, value);
  if (rc != SQLITE_OK) {
    m_db.fail(rc, "bind");
  }
}

void
BulkStatement::null(int index)
{
  const int rc = sqlite3_bind_null(m_stmt, index);
  if (rc != SQLITE_OK) {
    m_db.fail(rc, "bind");
  }
}

void
BulkStatement::run()
{
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(m_stmt);
    return;
  }
  const int err = sqlite3_extended_errcode(m_db.handle());
  sqlite3_reset(m_stmt);
  if (rc == SQLITE_ROW) {
    throw Error(ExitCode::software, "statement returned rows where none were expected");
  }
  m_db.fail(err ? err : rc, "SQL error");
}

RelaxedConstraints::RelaxedConstraints(Database& db) : m_db(db)
{
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec("PRAGMA ignore_check_constraints = ON");
}

RelaxedConstraints::~RelaxedConstraints()
{
  // Never throw from a destructor: a failure here leaves only this connection, which is about
  // to be closed, without the checks.
  sqlite3_exec(m_db.handle(), "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON",
               nullptr, nullptr, nullptr);
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
