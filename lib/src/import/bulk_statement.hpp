// SPDX-License-Identifier: MIT
// Private to the importer: a prepared statement for a million executions.
#pragma once

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// Like Statement, but text is bound without a copy (SQLITE_STATIC) and bindings are not cleared
// between runs: the importer rebinds every parameter of every row, and the copy and the clearing
// were a quarter of the work of a row (measured with callgrind). The caller keeps each bound
// text alive until run() returns.
class BulkStatement
{
public:
  BulkStatement(Database& db, std::string_view sql);
  BulkStatement(const BulkStatement&) = delete;
  BulkStatement& operator=(const BulkStatement&) = delete;

  void text(int index, std::string_view value);
  void integer(int index, std::int64_t value);
  void null(int index);
  // Steps once (no row expected), then resets. Throws Error as Statement does.
  void run();

private:
  Statement m_statement;
};

// For the length of an import: foreign keys not enforced and CHECK constraints not evaluated,
// restored on destruction (after the import's transaction has ended: PRAGMA foreign_keys does
// nothing inside one). Why: SQLite 3.40 evaluates each `x IN ('a', 'b', 'c')` CHECK by building
// a temporary b-tree every time (case_record has five), which made a row cost six times as much;
// and the foreign-key lookups were another 15 %. The importer checks every word against the
// same vocabulary and every reference itself before inserting (docs/import.md), and
// `feedback-admin check` (PRAGMA integrity_check, which checks CHECK constraints, and
// foreign_key_check) verifies a database after an import.
class RelaxedConstraints
{
public:
  explicit RelaxedConstraints(Database& db);
  ~RelaxedConstraints();
  RelaxedConstraints(const RelaxedConstraints&) = delete;
  RelaxedConstraints& operator=(const RelaxedConstraints&) = delete;

private:
  Database& m_db;
};

// Rows for one table, written `batch` at a time with one multi-row INSERT statement, so that
// the statement's setup (opening a cursor on the table and each of its indexes, and closing
// them) is paid once per batch instead of once per row. Values are copied into the batch;
// flush() writes what is pending (a short last batch with a statement of its own size).
class BatchInsert
{
public:
  // `head` is "INSERT INTO t (a, b, c)"; each row has `columns` values.
  BatchInsert(Database& db, std::string head, int columns, int batch);

  // Starts a row; then set each of its columns once, in any order.
  void row();
  void text(int column, std::string_view value);
  void integer(int column, std::int64_t value);
  void null(int column);

  // Writes the pending rows.
  void flush();
  std::size_t pending() const noexcept { return m_rows; }

private:
  struct Value
  {
    enum class Kind : unsigned char
    {
      null,
      integer,
      text
    } kind = Kind::null;
    std::int64_t number = 0; // the integer, or the text's offset in m_arena
    std::size_t size = 0;
  };
  BulkStatement& statement(std::size_t rows);

  Database& m_db;
  std::string m_head;
  int m_columns;
  std::size_t m_batch;
  std::vector<Value> m_values;
  std::string m_arena;
  std::size_t m_rows = 0;
  std::unique_ptr<BulkStatement> m_full;
  std::unique_ptr<BulkStatement> m_short;
  std::size_t m_short_rows = 0;
};

} // namespace feedback::import
