// SPDX-License-Identifier: MIT
// Private to the library: writing many rows fast (the importer, the case writer's batch mode).
#pragma once

#include "storage/backend.hpp"

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// For the length of an import: foreign keys not enforced and CHECK constraints not evaluated,
// restored on destruction (after the import's transaction has ended: SQLite's PRAGMA
// foreign_keys does nothing inside one). Why: SQLite 3.40 evaluates each `x IN ('a', 'b', 'c')`
// CHECK by building a temporary b-tree every time (case_record has five), which made a row cost
// six times as much; and the foreign-key lookups were another 15 %. The importer checks every
// word against the same vocabulary and every reference itself before inserting
// (docs/import.md), and `feedback-admin check` (PRAGMA integrity_check, which checks CHECK
// constraints, and foreign_key_check) verifies a database after an import. Triggers do not fire
// either: every one is a guard of the audit trail that refuses an UPDATE, a DELETE or a REPLACE
// (test_storage checks that each only refuses), and the bulk writes only insert new rows; the
// triggers' subprogram ran for every event and text and was a quarter of an import's time.
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

// For the length of an import into a database that holds no case yet, from before its
// transaction to after it: the engine's bulk-load mode (Connection::begin_bulk_load; SQLite: a
// rollback journal instead of the write-ahead log). A database with cases keeps its mode: its
// readers go on while a newer export is imported, and the journal would hold a copy of each
// page changed.
class BulkLoad
{
public:
  explicit BulkLoad(Database& db);
  ~BulkLoad();
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

private:
  Database& m_db;
  bool m_on = false;
};

// Rows for one table, written `batch` at a time with one multi-row INSERT statement, so that
// the statement's setup (opening a cursor on the table and each of its indexes, and closing
// them) is paid once per batch instead of once per row. Values are copied into the batch, so a
// value need live only until it is set; flush() writes what is pending (a short last batch with
// a statement of its own size). With a batch of 1 each row is written by flush() alone.
class BatchInsert
{
public:
  // `head` is "INSERT INTO t (a, b, c)", a constant that outlives the BatchInsert; each row has
  // `columns` values. Nothing is allocated or prepared until the first row.
  BatchInsert(Database& db, std::string_view head, int columns, int batch);
  // `head` in the text of `db`'s engine (SQLite's INSERT OR FAIL, PostgreSQL's INSERT).
  BatchInsert(Database& db, const EngineSql& head, int columns, int batch)
      : BatchInsert(db, db.sql_for(head), columns, batch)
  {
  }

  // Starts a row, flushing a full batch first; then set each of its columns once, in any order
  // (0-based).
  void row();
  void text(int column, std::string_view value);
  void integer(int column, std::int64_t value);
  void null(int column);
  void text_or_null(int column, const std::optional<std::string_view>& value);
  void integer_or_null(int column, const std::optional<std::int64_t>& value);

  // Writes the pending rows.
  void flush();
  std::size_t pending() const noexcept { return m_rows; }

private:
  BoundValue& cell(int column) noexcept
  {
    return m_values[(m_rows - 1) * static_cast<std::size_t>(m_columns) +
                    static_cast<std::size_t>(column)];
  }
  Statement& statement(std::size_t rows);

  Database& m_db;
  std::string_view m_head;
  int m_columns;
  std::size_t m_batch;
  std::vector<BoundValue> m_values;
  std::string m_arena; // the text values, end to end
  std::size_t m_rows = 0;
  std::unique_ptr<Statement> m_full;
  std::unique_ptr<Statement> m_short;
  std::size_t m_short_rows = 0;
};

} // namespace feedback::detail
