// SPDX-License-Identifier: MIT
// Private to the library: writing many rows fast (the importer, the case writer's batch mode).
#pragma once

#include "storage/backend.hpp"

#include <feedback/storage/database.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
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

// For the length of an import into SQLite: the batches of every BatchInsert on `db` are run by a
// second thread, in the order they were handed over, while this one reads and checks the next
// records. Half of an import's time was SQLite's, half reading, mapping and hashing, one after
// the other on one core. Any other use of the connection (a Statement, Database::exec, a
// Transaction's end) waits until the batches handed over have run (Connection::settle), so what
// it reads or writes is what it would have been, and the engine is never used by two threads at
// once. A batch that fails makes the next such use, or the next batch handed over, throw its
// error (a BatchInsert's own failure, later); the batches after it are not run. On destruction,
// what was not run is dropped (the transaction is then rolled back: a committed one waited for
// all of it). Only one at a time on a connection. PostgreSQL: nothing changes (not measured).
class WriteBehind final : public Connection::Behind
{
public:
  explicit WriteBehind(Database& db);
  ~WriteBehind() override;
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  void hand_over(PreparedStatement& statement, std::vector<BoundValue>& values, std::size_t count,
                 std::string& text) override;
  void wait() override;
  void wait_quietly() noexcept override;

private:
  struct Batch
  {
    PreparedStatement* statement = nullptr;
    std::vector<BoundValue> values;
    std::size_t count = 0;
    std::string text;
  };
  void work();

  Connection* m_connection = nullptr;
  std::mutex m_mutex;
  std::condition_variable m_work; // the writer waits for batches
  std::condition_variable m_room; // this thread waits for room, or for the writer to finish
  std::deque<Batch> m_queue;
  std::vector<Batch> m_free;                 // run batches, their buffers kept for reuse
  std::atomic<std::size_t> m_outstanding{0}; // batches queued or running
  bool m_urgent = false;                     // this thread waits: run even a short queue
  bool m_stop = false;
  bool m_failed = false;      // a batch failed: the rest are dropped
  std::exception_ptr m_error; // its error, until thrown
  std::thread m_writer;
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
