// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace feedback {

enum class OpenMode
{
  existing,   // the file must exist (Error no_input otherwise)
  create,     // create the file (mode 0600) if it does not exist
  create_new, // the file must not exist yet (Error cant_create if it does)
  memory,     // a private in-memory database; `path` is ignored
};

// One SQLite connection: extended result codes, a busy timeout and foreign keys on.
class Database
{
public:
  // Opens `path`. New files are created readable and writable by their owner only.
  // Throws Error(no_input) for a missing file with OpenMode::existing, Error(cant_create)
  // when the file cannot be created, and the mapped SQLite error otherwise.
  static Database open(const std::string& path, OpenMode mode, int busy_timeout_ms = 5000);

  // Runs one or more statements that take no parameters (schema text, PRAGMAs of constants).
  void exec(std::string_view sql);

  // The row id of the last INSERT on this connection.
  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  const std::string& path() const noexcept { return m_path; }
  sqlite3* handle() const noexcept { return m_db.get(); }

  // Throws the Error that `rc` maps to, with `what` and SQLite's message.
  [[noreturn]] void fail(int rc, std::string_view what) const;

private:
  struct Close
  {
    void operator()(sqlite3* db) const noexcept;
  };
  Database(std::unique_ptr<sqlite3, Close> db, std::string path);
  std::unique_ptr<sqlite3, Close> m_db;
  std::string m_path;
};

// A prepared statement, finalized on destruction. Parameters are 1-based (`?1`, `?2`, ...).
class Statement
{
public:
  Statement(Database& db, std::string_view sql);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value)
  {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind_null(int index);

  // Steps once: true when a row is ready, false when done. Throws Error on failure.
  bool step();
  // Runs a statement that returns no rows; returns the number of rows changed.
  int run();
  // Resets the statement and clears its bindings, ready for reuse.
  void reset() noexcept;

  bool column_is_null(int column) const;
  std::int64_t column_int64(int column) const;
  int column_int(int column) const;
  double column_double(int column) const;
  // Text of `column`, or nullopt for NULL.
  std::optional<std::string> column_text(int column) const;
  // Text of `column`, or "" for NULL; valid until the next step/reset.
  std::string_view column_view(int column) const;

private:
  struct Finalize
  {
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };
  const Database* m_db;
  std::unique_ptr<sqlite3_stmt, Finalize> m_stmt;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
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
