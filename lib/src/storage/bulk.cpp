// SPDX-License-Identifier: MIT
#include "storage/bulk.hpp"

#include "storage/backend.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <system_error>
#include <utility>

namespace feedback::detail {

namespace {

// Batches queued before the writer is woken, and at most queued before this thread waits for
// room (until half of them have run): a wake-up is a system call, and a batch is some 32 rows.
constexpr std::size_t k_wake = 8;
constexpr std::size_t k_most = 64;

} // namespace

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

WriteBehind::WriteBehind(Database& db)
{
  auto& connection = DatabaseAccess::connection(db);
  if (connection.engine() != Engine::sqlite || connection.behind != nullptr) {
    return;
  }
  try {
    m_writer = std::thread([this] { work(); });
  } catch (const std::system_error&) {
    return; // no thread to be had: the batches are run here, as without a WriteBehind
  }
  m_connection = &connection;
  connection.behind = this;
}

WriteBehind::~WriteBehind()
{
  if (m_connection == nullptr) {
    return;
  }
  {
    const std::lock_guard lock(m_mutex);
    m_stop = true;
    m_outstanding -= m_queue.size();
    m_queue.clear();
  }
  m_work.notify_one();
  m_writer.join();
  m_connection->behind = nullptr;
}

void
WriteBehind::hand_over(PreparedStatement& statement, std::vector<BoundValue>& values,
                       std::size_t count, std::string& text)
{
  std::unique_lock lock(m_mutex);
  m_room.wait(lock, [&] { return m_queue.size() < k_most || m_failed; });
  if (m_failed) {
    std::rethrow_exception(m_error);
  }
  Batch batch;
  if (!m_free.empty()) {
    batch = std::move(m_free.back());
    m_free.pop_back();
  }
  batch.statement = &statement;
  batch.count = count;
  std::swap(batch.values, values);
  std::swap(batch.text, text);
  m_queue.push_back(std::move(batch));
  ++m_outstanding;
  const bool wake = m_queue.size() >= k_wake;
  lock.unlock();
  if (wake) {
    m_work.notify_one();
  }
}

void
WriteBehind::wait()
{
  if (m_outstanding.load() == 0) {
    return; // nothing queued or running, and nothing failed (a failure keeps it above 0)
  }
  std::unique_lock lock(m_mutex);
  m_urgent = true;
  m_work.notify_one();
  m_room.wait(lock, [&] { return m_outstanding.load() == 0 || m_failed; });
  m_urgent = false;
  if (m_failed) {
    std::rethrow_exception(m_error);
  }
}

void
WriteBehind::wait_quietly() noexcept
{
  try {
    wait();
  } catch (...) { // NOLINT(bugprone-empty-catch): the failure stays, for the next wait()
  }
}

void
WriteBehind::work()
{
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_work.wait(
        lock, [&] { return m_stop || m_queue.size() >= k_wake || (m_urgent && !m_queue.empty()); });
    if (m_stop) {
      return;
    }
    while (!m_queue.empty() && !m_stop) {
      Batch batch = std::move(m_queue.front());
      m_queue.pop_front();
      const bool room = m_queue.size() == k_most / 2;
      lock.unlock();
      if (room) {
        m_room.notify_one();
      }
      std::exception_ptr error;
      try {
        auto& st = *batch.statement;
        st.bind_all(std::span<const BoundValue>(batch.values.data(), batch.count),
                    batch.text.data());
        if (st.step()) {
          st.rewind();
          throw Error(ExitCode::software, "statement returned rows where none were expected");
        }
        st.rewind();
      } catch (...) {
        error = std::current_exception();
      }
      batch.text.clear();
      lock.lock();
      m_free.push_back(std::move(batch));
      if (error) {
        // Kept above 0 for good: wait() never returns quietly again.
        m_failed = true;
        m_error = error;
        m_outstanding -= m_queue.size();
        m_queue.clear();
        m_room.notify_all();
        break;
      }
      if (--m_outstanding == 0) {
        m_room.notify_all();
      }
    }
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
  if (auto* behind = DatabaseAccess::connection(m_db).behind) {
    // Run by the writer thread; this one goes on with buffers of a batch it has run.
    behind->hand_over(DatabaseAccess::statement(st), m_values, count, m_arena);
    m_values.resize(m_batch * static_cast<std::size_t>(m_columns));
    m_arena.clear();
    m_rows = 0;
    return;
  }
  // One call binds the batch: text borrowed from the arena, which stays put until it has run (or,
  // on PostgreSQL, been copied to be sent).
  DatabaseAccess::statement(st).bind_all(std::span<const BoundValue>(m_values.data(), count),
                                         m_arena.data());
  st.run_unanswered();
  m_rows = 0;
  m_arena.clear();
}

} // namespace feedback::detail
