// SPDX-License-Identifier: MIT
#include <feedback/storage/database.hpp>
#include <feedback/util/error.hpp>

#include <fcntl.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace feedback {

void
Database::Close::operator()(sqlite3* db) const noexcept
{
  sqlite3_close_v2(db);
}

Database::Database(std::unique_ptr<sqlite3, Close> db, std::string path)
    : m_db(std::move(db)), m_path(std::move(path))
{
}

namespace {

// Creates `path` empty with mode 0600 so that SQLite (which gives its -wal and -shm files the
// database file's mode) never leaves personal data readable by others. Returns false if it
// already existed.
bool
create_private_file(const std::string& path)
{
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return false;
    }
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create database {}: {}", path, std::strerror(errno)));
  }
  ::close(fd);
  return true;
}

} // namespace

Database
Database::open(const std::string& path, OpenMode mode, int busy_timeout_ms)
{
  std::string target = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::memory) {
    target = ":memory:";
  } else {
    struct stat st
    {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if (mode == OpenMode::existing && !exists) {
      throw Error(
          ExitCode::no_input,
          fmt::format("database does not exist: {} (create it with 'feedback-admin init')", path));
    }
    if (mode == OpenMode::create_new && exists) {
      throw Error(ExitCode::cant_create,
                  fmt::format("database already exists, not overwriting it: {}", path));
    }
    if (!exists) {
      create_private_file(path);
    }
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(target.c_str(), &raw, flags, nullptr);
  // sqlite3_open_v2 allocates a handle even when it fails: own it before checking.
  std::unique_ptr<sqlite3, Close> handle(raw);
  if (rc != SQLITE_OK) {
    const char* msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    const ExitCode code =
        (rc & 0xff) == SQLITE_CANTOPEN ? ExitCode::cant_create : exit_code_for_sqlite(rc);
    throw Error(code, fmt::format("cannot open database {}: {}", path, msg));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  Database db(std::move(handle), path);
  // Outside any transaction: inside one this PRAGMA is silently ignored.
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

void
Database::fail(int rc, std::string_view what) const
{
  const char* msg = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(rc);
  ExitCode code = exit_code_for_sqlite(rc);
  if (code == ExitCode::temp_failure) {
    throw Error(code, fmt::format("database {} is busy (another program is writing to it); "
                                  "try again: {}",
                                  m_path, msg));
  }
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
    throw Error(code, fmt::format("{}: not a usable feedback database: {}", m_path, msg));
  }
  throw Error(code, fmt::format("{}: {}", what, msg));
}

void
Database::exec(std::string_view sql)
{
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    fail(rc, "SQL error");
  }
}

std::int64_t
Database::last_insert_rowid() const noexcept
{
  return sqlite3_last_insert_rowid(m_db.get());
}

int
Database::changes() const noexcept
{
  return sqlite3_changes(m_db.get());
}

void
Statement::Finalize::operator()(sqlite3_stmt* stmt) const noexcept
{
  sqlite3_finalize(stmt);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(&db)
{
  sqlite3_stmt* raw = nullptr;
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  m_stmt.reset(raw);
  if (rc != SQLITE_OK) {
    db.fail(rc, fmt::format("cannot prepare SQL '{}'", sql.substr(0, 60)));
  }
}

Statement&
Statement::bind(int index, std::int64_t value)
{
  const int rc = sqlite3_bind_int64(m_stmt.get(), index, value);
  if (rc != SQLITE_OK) {
    m_db->fail(rc, "bind");
  }
  return *this;
}

Statement&
Statement::bind(int index, std::string_view value)
{
  // An empty string_view may have data() == nullptr, which SQLite would bind as NULL.
  const int rc = sqlite3_bind_text(m_stmt.get(), index, value.data() ? value.data() : "",
                                   static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) {
    m_db->fail(rc, "bind");
  }
  return *this;
}

Statement&
Statement::bind(int index, const std::optional<std::string>& value)
{
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement&
Statement::bind(int index, const std::optional<std::int64_t>& value)
{
  return value ? bind(index, *value) : bind_null(index);
}

Statement&
Statement::bind_null(int index)
{
  const int rc = sqlite3_bind_null(m_stmt.get(), index);
  if (rc != SQLITE_OK) {
    m_db->fail(rc, "bind");
  }
  return *this;
}

bool
Statement::step()
{
  const int rc = sqlite3_step(m_stmt.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const int err = sqlite3_extended_errcode(m_db->handle());
  sqlite3_reset(m_stmt.get());
  m_db->fail(err ? err : rc, "SQL error");
}

int
Statement::run()
{
  if (step()) {
    throw Error(ExitCode::software, "statement returned rows where none were expected");
  }
  return sqlite3_changes(m_db->handle());
}

void
Statement::reset() noexcept
{
  sqlite3_reset(m_stmt.get());
  sqlite3_clear_bindings(m_stmt.get());
}

bool
Statement::column_is_null(int column) const
{
  return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

std::int64_t
Statement::column_int64(int column) const
{
  return sqlite3_column_int64(m_stmt.get(), column);
}

int
Statement::column_int(int column) const
{
  return sqlite3_column_int(m_stmt.get(), column);
}

double
Statement::column_double(int column) const
{
  return sqlite3_column_double(m_stmt.get(), column);
}

std::optional<std::string>
Statement::column_text(int column) const
{
  const auto* text = sqlite3_column_text(m_stmt.get(), column);
  if (text == nullptr) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::string_view
Statement::column_view(int column) const
{
  const auto* text = sqlite3_column_text(m_stmt.get(), column);
  if (text == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column))};
}

Transaction::Transaction(Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
  if (!m_done) {
    // Never throw from a destructor: the result of the rollback is ignored.
    sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void
Transaction::commit()
{
  m_db.exec("COMMIT");
  m_done = true;
}

} // namespace feedback
