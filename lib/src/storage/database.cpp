// SPDX-License-Identifier: MIT
// Database, Statement and Transaction: the engine-neutral front of the storage layer, each call
// handed to the engine behind it (backend.hpp).
#include "storage/backend.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/text.hpp>

#include <fmt/format.h>

namespace feedback {

using detail::Connection;

Database::Database(std::unique_ptr<Connection> connection, std::string path)
    : m_connection(std::move(connection)), m_path(std::move(path))
{
}

Database::Database(Database&& other) noexcept = default;
Database& Database::operator=(Database&& other) noexcept = default;
Database::~Database() = default;

Database
Database::open(const std::string& path, OpenMode mode, int busy_timeout_ms)
{
  if (detail::is_postgresql_name(path)) {
    // The name kept for messages never holds the password.
    return Database(detail::open_postgresql(path, mode, busy_timeout_ms),
                    detail::postgresql_display_name(path));
  }
  return Database(detail::open_sqlite(path, mode, busy_timeout_ms), path);
}

void
Database::exec(std::string_view sql)
{
  m_connection->settle();
  m_connection->exec(sql);
}

std::int64_t
Database::last_insert_rowid() const noexcept
{
  m_connection->settle_quietly();
  return m_connection->last_insert_id();
}

int
Database::changes() const noexcept
{
  m_connection->settle_quietly();
  return m_connection->changes();
}

void
detail::read_ahead(Database& db, std::span<const AheadStatement> statements)
{
  auto& connection = DatabaseAccess::connection(db);
  connection.settle();
  connection.read_ahead(statements);
}

void
Database::set_busy_timeout(int ms)
{
  m_connection->settle();
  m_connection->set_busy_timeout(ms);
}

Engine
Database::engine() const noexcept
{
  return m_connection->engine();
}

std::string_view
Database::sql_for(const EngineSql& sql) const noexcept
{
  return engine() == Engine::postgresql ? sql.postgresql : sql.sqlite;
}

namespace {

// Batches still being written by a second thread finish before anything else reaches the engine
// (Connection::behind).
std::unique_ptr<detail::PreparedStatement>
prepare_settled(Connection& connection, std::string_view sql, const StatementOptions& options)
{
  connection.settle();
  return connection.prepare(sql, options);
}

} // namespace

Statement::Statement(Database& db, std::string_view sql, StatementOptions options)
    : m_connection(&detail::DatabaseAccess::connection(db)),
      m_statement(prepare_settled(*m_connection, sql, options))
{
}

Statement::Statement(Database& db, const EngineSql& sql, StatementOptions options)
    : Statement(db, db.sql_for(sql), options)
{
}

Statement::Statement(Statement&& other) noexcept = default;
Statement&
Statement::operator=(Statement&& other) noexcept
{
  if (m_statement) {
    m_connection->settle_quietly();
  }
  m_connection = other.m_connection;
  m_statement = std::move(other.m_statement);
  return *this;
}

Statement::~Statement()
{
  if (m_statement) {
    m_connection->settle_quietly();
  }
}

Statement&
Statement::bind(int index, std::int64_t value)
{
  m_connection->settle();
  m_statement->bind_int64(index, value);
  return *this;
}

Statement&
Statement::bind(int index, std::string_view value)
{
  detail::require_utf8(value);
  m_connection->settle();
  m_statement->bind_text(index, value);
  return *this;
}

Statement&
Statement::bind(int index, const std::optional<std::string>& value)
{
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement&
Statement::bind(int index, const std::optional<std::string_view>& value)
{
  return value ? bind(index, *value) : bind_null(index);
}

Statement&
Statement::bind(int index, const std::optional<std::int64_t>& value)
{
  return value ? bind(index, *value) : bind_null(index);
}

Statement&
Statement::bind(int index, const std::optional<int>& value)
{
  return value ? bind(index, static_cast<std::int64_t>(*value)) : bind_null(index);
}

Statement&
Statement::bind_null(int index)
{
  m_connection->settle();
  m_statement->bind_null(index);
  return *this;
}

bool
Statement::step()
{
  m_connection->settle();
  return m_statement->step();
}

int
Statement::run()
{
  m_connection->settle();
  if (m_statement->step()) {
    m_statement->rewind();
    throw Error(ExitCode::software, "statement returned rows where none were expected");
  }
  const int changed = m_connection->changes();
  m_statement->rewind();
  return changed;
}

void
Statement::run_unanswered()
{
  m_connection->settle();
  if (!m_statement->send()) {
    run();
    return;
  }
  m_statement->rewind();
}

void
Statement::reset() noexcept
{
  m_connection->settle_quietly();
  m_statement->reset();
}

bool
Statement::column_is_null(int column) const
{
  m_connection->settle();
  return m_statement->column_is_null(column);
}

std::int64_t
Statement::column_int64(int column) const
{
  m_connection->settle();
  return m_statement->column_int64(column);
}

int
Statement::column_int(int column) const
{
  m_connection->settle();
  return static_cast<int>(m_statement->column_int64(column));
}

double
Statement::column_double(int column) const
{
  m_connection->settle();
  return m_statement->column_double(column);
}

std::optional<std::string>
Statement::column_text(int column) const
{
  m_connection->settle();
  const auto text = m_statement->column_text(column);
  if (!text) {
    return std::nullopt;
  }
  return std::string(*text);
}

std::string_view
Statement::column_view(int column) const
{
  m_connection->settle();
  return m_statement->column_text(column).value_or(std::string_view());
}

std::optional<std::string_view>
Statement::column_optional_view(int column) const
{
  m_connection->settle();
  return m_statement->column_text(column);
}

// The audit chain's tail is known only inside a transaction: another program may append
// events between two.
Transaction::Transaction(Database& db) : m_db(db)
{
  auto& connection = detail::DatabaseAccess::connection(m_db);
  connection.settle();
  connection.begin_write();
  connection.in_transaction = true;
  connection.chain_tail.reset();
}

Transaction::~Transaction()
{
  if (!m_done) {
    auto& connection = detail::DatabaseAccess::connection(m_db);
    connection.settle_quietly();
    connection.rollback();
    connection.in_transaction = false;
    connection.chain_tail.reset();
  }
}

void
Transaction::commit()
{
  auto& connection = detail::DatabaseAccess::connection(m_db);
  connection.settle();
  connection.commit();
  m_done = true;
  connection.in_transaction = false;
  connection.chain_tail.reset();
}

} // namespace feedback

namespace feedback::detail {

void
require_utf8(std::string_view value)
{
  if (!valid_utf8(value)) {
    throw Error(ExitCode::data_error,
                fmt::format("text that is not valid UTF-8 cannot be stored: '{}' (write it as "
                            "UTF-8)",
                            escaped_bytes(value)));
  }
}

} // namespace feedback::detail
