// SPDX-License-Identifier: MIT
// The storage layer's door: a connection, its prepared statements and its write transactions.
// Nothing here names an engine's own types; SQLite sits behind it (lib/src/storage/), and a
// second engine plugs in behind the same classes. SQL is written once with numbered
// placeholders (`?1`, `?2`, ...), which an engine that spells them otherwise rewrites.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace feedback {

namespace detail {
class Connection;
class PreparedStatement;
struct DatabaseAccess;
} // namespace detail

enum class OpenMode
{
  // The file must exist (Error no_input otherwise) and not be empty (Error data_error). If the
  // file, or its directory (where the journal goes), is not writable by this process, it is
  // opened read-only: reads work, and a write fails with an Error saying the database is
  // read-only and why (io_error for the file, cant_create for the directory).
  existing,
  create,     // create the file (mode 0600) if it does not exist
  create_new, // the file must not exist yet (Error cant_create if it does)
  initialise, // a new database: the file must not exist yet, or be empty (made ready for
              // it); either way it ends with mode 0600. Error cant_create for a file that
              // holds anything.
  memory,     // a private in-memory database; `path` is ignored
  read_only,  // as `existing`, but never writes: a write fails with Error io_error
};

// The engine behind a Database.
enum class Engine
{
  sqlite,
  postgresql, // not built yet: named so that statements can keep its text beside SQLite's
};

// A statement whose text differs between engines: both texts side by side, in one statement
// family, so that no `if (postgresql)` spreads through the code. Rare: most SQL is the same.
struct EngineSql
{
  std::string_view sqlite;
  std::string_view postgresql;
};

// Whether bound text is copied, or borrowed from the caller.
enum class TextBinding
{
  copy,   // the statement keeps its own copy
  borrow, // no copy: the caller keeps the text alive and unchanged until the statement has run
          // (run() returned, or step() returned false) or is reset
};

// What reset() does to the values bound.
enum class OnReset
{
  clear_bindings, // every parameter is NULL again
  keep_bindings,  // the values stay: a caller that rebinds every parameter saves the clearing
};

// How long a statement is kept.
enum class Lifetime
{
  brief,     // prepared for a few runs
  long_lived // kept for the length of a long job: the engine may keep it out of its caches
};

// How a statement's rows reach the caller.
enum class Rows
{
  at_once,  // PostgreSQL sends them all before the first is read: the usual statement
  streamed, // a long read whose rows are used as the server finds them (libpq's single-row
            // mode), so that the caller's work on them overlaps the server's; SQLite's always
            // are. A statement run on the same connection before the last row is read makes
            // the rest wait in memory.
};

// How a statement treats its values. The defaults suit a statement run a few times.
struct StatementOptions
{
  TextBinding text = TextBinding::copy;
  OnReset on_reset = OnReset::clear_bindings;
  Lifetime lifetime = Lifetime::brief;
  Rows rows = Rows::at_once;
};

// For a statement run once for each of a million rows that rebinds every parameter each time:
// copying the text and clearing the bindings were a quarter of the work of an imported row
// (measured with callgrind).
inline constexpr StatementOptions k_bulk_statement{TextBinding::borrow, OnReset::keep_bindings,
                                                   Lifetime::long_lived};

// One connection. SQLite's has extended result codes, a busy timeout and foreign keys on.
class Database
{
public:
  // Opens `path`. New files are created readable and writable by their owner only.
  // Throws Error(no_input) for a missing file with OpenMode::existing, Error(cant_create)
  // when the file cannot be created, and the mapped engine error otherwise.
  static Database open(const std::string& path, OpenMode mode, int busy_timeout_ms = 5000);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  // Runs one or more statements that take no parameters (schema text, PRAGMAs of constants).
  void exec(std::string_view sql);

  // The row id of the last INSERT on this connection.
  std::int64_t last_insert_rowid() const noexcept;
  // The number of rows the last INSERT, UPDATE or DELETE changed.
  int changes() const noexcept;
  // How long a write transaction waits for another writer before failing busy (exit 75), as
  // given to open(); 0: not at all.
  void set_busy_timeout(int ms);
  const std::string& path() const noexcept { return m_path; }
  // The engine behind this connection, for the rare statement whose SQL differs.
  Engine engine() const noexcept;
  // The text of `sql` for this connection's engine.
  std::string_view sql_for(const EngineSql& sql) const noexcept;

private:
  friend struct detail::DatabaseAccess;
  Database(std::unique_ptr<detail::Connection> connection, std::string path);
  std::unique_ptr<detail::Connection> m_connection;
  std::string m_path;
};

// A prepared statement, finalized on destruction. Parameters are 1-based (`?1`, `?2`, ...);
// columns are 0-based. Throws Error when it cannot be prepared, bound or stepped.
class Statement
{
public:
  Statement(Database& db, std::string_view sql, StatementOptions options = {});
  // The text for `db`'s engine.
  Statement(Database& db, const EngineSql& sql, StatementOptions options = {});
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value)
  {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<std::string_view>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<int>& value);
  Statement& bind_null(int index);

  // Steps once: true when a row is ready, false when done. Throws Error on failure.
  bool step();
  // Runs a statement that returns no rows and makes it ready to run again (its bindings kept);
  // returns the number of rows changed.
  int run();
  // Runs a statement that returns no rows, whose count the caller does not need, and makes it
  // ready to run again. On PostgreSQL inside a transaction it goes out without waiting for the
  // server's answer (a round trip fewer), which comes with the next statement that waits: a
  // failure fails that one, or the commit, and so the transaction. Elsewhere as run().
  void run_unanswered();
  // Makes the statement ready to run again; clears its bindings unless the options keep them.
  void reset() noexcept;

  bool column_is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const;
  double column_double(int column) const;
  // Text of `column`, or nullopt for NULL.
  std::optional<std::string> column_text(int column) const;
  // Text of `column`, or "" for NULL; valid until the next step/reset.
  std::string_view column_view(int column) const;
  // Text of `column`, or nullopt for NULL, in one call (column_is_null and column_view make two);
  // valid until the next step/reset.
  std::optional<std::string_view> column_optional_view(int column) const;

private:
  friend struct detail::DatabaseAccess;
  detail::Connection* m_connection;
  std::unique_ptr<detail::PreparedStatement> m_statement;
};

// Starts a write transaction on construction (SQLite: BEGIN IMMEDIATE, so that it never meets a
// lock-upgrade busy error); rolls back on destruction unless commit() was called.
class Transaction
{
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

private:
  Database& m_db;
  bool m_done = false;
};

} // namespace feedback
