// SPDX-License-Identifier: MIT
// The SQLite engine behind Database and Statement: the only file that includes <sqlite3.h>,
// beside util/error.cpp's mapping of its result codes.
#include "storage/backend.hpp"

#include <feedback/storage/personal_data.hpp>
#include <feedback/util/error.hpp>

#include <fcntl.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

namespace feedback::detail {

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

// Why a connection to an existing database can only read: its file, or the directory where
// SQLite keeps the journal beside it, is not writable by this process. nullopt: writable.
struct ReadOnly
{
  ExitCode code;           // io_error for the file, cant_create for the directory
  std::string reason;      // "the file is not writable", "its directory /x is not writable..."
  bool no_journal = false; // the directory cannot take a journal (or WAL's -shm file)
};

std::string
directory_of(const std::string& path)
{
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::optional<ReadOnly>
read_only_reason(const std::string& path)
{
  const auto dir = directory_of(path);
  const bool no_journal = ::access(dir.c_str(), W_OK) != 0;
  if (::access(path.c_str(), W_OK) != 0) {
    return ReadOnly{ExitCode::io_error, "the file is not writable", no_journal};
  }
  if (no_journal) {
    return ReadOnly{ExitCode::cant_create,
                    fmt::format("its directory {} is not writable, so no journal can be made", dir),
                    true};
  }
  return std::nullopt;
}

bool
exists_non_empty(const std::string& path)
{
  struct stat st
  {};
  return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

// SQLite's URI for `path` ("file:" and the path with '%', '?' and '#' escaped) with `query`.
std::string
file_uri(const std::string& path, std::string_view query)
{
  std::string uri = "file:";
  for (const char ch : path) {
    if (ch == '%' || ch == '?' || ch == '#') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(ch));
    } else {
      uri += ch;
    }
  }
  uri += '?';
  uri += query;
  return uri;
}

int
refuse_personal(void* self, int action, const char* table, const char* column, const char*,
                const char*)
{
  if (action == SQLITE_READ && table != nullptr &&
      is_personal_column(table, column != nullptr ? column : "") &&
      static_cast<const Connection*>(self)->aggregate_table != table) {
    return SQLITE_DENY;
  }
  return SQLITE_OK;
}

struct Close
{
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

class SqliteConnection;

class SqliteStatement final : public PreparedStatement
{
public:
  SqliteStatement(SqliteConnection& connection, sqlite3_stmt* stmt,
                  const StatementOptions& options) noexcept
      : m_connection(connection), m_stmt(stmt),
        m_text_lifetime(options.text == TextBinding::borrow ? SQLITE_STATIC : SQLITE_TRANSIENT),
        m_clear_on_reset(options.on_reset == OnReset::clear_bindings)
  {
  }
  ~SqliteStatement() override { sqlite3_finalize(m_stmt); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_int64(int index, std::int64_t value) override
  {
    check_bind(sqlite3_bind_int64(m_stmt, index, value));
  }

  void bind_text(int index, std::string_view value) override
  {
    // An empty string_view may have data() == nullptr, which SQLite would bind as NULL.
    check_bind(sqlite3_bind_text(m_stmt, index, value.data() ? value.data() : "",
                                 static_cast<int>(value.size()), m_text_lifetime));
  }

  void bind_null(int index) override { check_bind(sqlite3_bind_null(m_stmt, index)); }

  void bind_all(std::span<const BoundValue> values, const char* text_area) override
  {
    int index = 1;
    for (const auto& v : values) {
      int rc = SQLITE_OK;
      switch (v.kind) {
      case BoundValue::Kind::null:
        rc = sqlite3_bind_null(m_stmt, index);
        break;
      case BoundValue::Kind::integer:
        rc = sqlite3_bind_int64(m_stmt, index, v.number);
        break;
      case BoundValue::Kind::text:
        // Never a null pointer, which SQLite would bind as NULL: an empty area is "".
        rc = sqlite3_bind_text(m_stmt, index, text_area ? text_area + v.number : "",
                               static_cast<int>(v.size), m_text_lifetime);
        break;
      }
      check_bind(rc);
      ++index;
    }
  }

  bool step() override;

  void reset() noexcept override
  {
    sqlite3_reset(m_stmt);
    if (m_clear_on_reset) {
      sqlite3_clear_bindings(m_stmt);
    }
  }

  void rewind() noexcept override { sqlite3_reset(m_stmt); }

  bool column_is_null(int column) const override
  {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
  }

  std::int64_t column_int64(int column) const override
  {
    return sqlite3_column_int64(m_stmt, column);
  }

  double column_double(int column) const override { return sqlite3_column_double(m_stmt, column); }

  std::optional<std::string_view> column_text(int column) const override
  {
    const auto* text = sqlite3_column_text(m_stmt, column);
    if (text == nullptr) {
      return std::nullopt;
    }
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
  }

private:
  void check_bind(int rc);

  SqliteConnection& m_connection;
  sqlite3_stmt* m_stmt;
  sqlite3_destructor_type m_text_lifetime;
  bool m_clear_on_reset;
};

class SqliteConnection final : public Connection
{
public:
  SqliteConnection(std::unique_ptr<sqlite3, Close> db, std::string path,
                   std::optional<ReadOnly> read_only)
      : m_db(std::move(db)), m_path(std::move(path)), m_read_only(std::move(read_only))
  {
  }

  Engine engine() const noexcept override { return Engine::sqlite; }

  std::unique_ptr<PreparedStatement> prepare(std::string_view sql,
                                             const StatementOptions& options) override
  {
    sqlite3_stmt* raw = nullptr;
    const unsigned flags = options.lifetime == Lifetime::long_lived ? SQLITE_PREPARE_PERSISTENT : 0;
    const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()), flags,
                                      &raw, nullptr);
    if (rc != SQLITE_OK) {
      // `raw` is null on failure: nothing to finalize.
      fail(rc, fmt::format("cannot prepare SQL '{}'", sql.substr(0, 60)));
    }
    return std::make_unique<SqliteStatement>(*this, raw, options);
  }

  void exec(std::string_view sql) override
  {
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      sqlite3_free(err);
      fail(rc, "SQL error");
    }
  }

  std::int64_t last_insert_id() const noexcept override
  {
    return sqlite3_last_insert_rowid(m_db.get());
  }

  int changes() const noexcept override { return sqlite3_changes(m_db.get()); }

  void set_busy_timeout(int ms) override { sqlite3_busy_timeout(m_db.get(), ms); }

  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override
  {
    // Never throw from a destructor: the result of the rollback is ignored.
    sqlite3_exec(m_db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  void refuse_personal_reads() override
  {
    const int rc =
        sqlite3_set_authorizer(m_db.get(), refuse_personal, static_cast<Connection*>(this));
    if (rc != SQLITE_OK) {
      fail(rc, "cannot guard personal data");
    }
  }

  void allow_personal_reads() noexcept override
  {
    sqlite3_set_authorizer(m_db.get(), nullptr, nullptr);
  }

  // SQLite 3.40 evaluates each `x IN ('a', 'b', 'c')` CHECK by building a temporary b-tree every
  // time (case_record has five); PRAGMA foreign_keys does nothing inside a transaction. The
  // triggers are the audit trail's guards (each only RAISEs: test_storage checks that every
  // trigger of the schema is one), and their subprogram ran for every event and text inserted:
  // a quarter of an import's time. Changing the setting makes SQLite prepare its statements
  // again, so none prepared meanwhile runs without the triggers once they are back.
  void relax_constraints() override
  {
    exec("PRAGMA foreign_keys = OFF");
    exec("PRAGMA ignore_check_constraints = ON");
    set_triggers(false);
  }

  void restore_constraints() noexcept override
  {
    // Never throw from a destructor: a failure here leaves only this connection, which is about
    // to be closed, without the checks.
    sqlite3_exec(m_db.get(), "PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON",
                 nullptr, nullptr, nullptr);
    set_triggers(true);
  }

  // The write-ahead log writes every page of a load twice, to the log and back into the file at
  // the checkpoint, and a transaction larger than the page cache spills into the log and reads
  // its pages back from there: a fifth of an import's CPU time. A rollback journal writes the
  // pages of a file that had none of them once (the journal keeps only the pages the file had
  // before). Atomic all the same: a failed or killed load is rolled back from the journal. The
  // price: while the load runs (once it has spilled a page), other connections cannot read.
  // SQLite leaves the log only when no other connection has the file open; else the load goes
  // on in the log. A file in rollback mode already (a load killed part-way leaves it so) is
  // loaded as it is. Either way the load ends in the log, the mode of a feedback database.
  void begin_bulk_load() override
  {
    const auto mode = journal_mode();
    if (mode == "wal") {
      m_bulk_load = sqlite3_exec(m_db.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr,
                                 nullptr) == SQLITE_OK &&
                    journal_mode() == "delete";
    } else {
      m_bulk_load = mode == "delete";
    }
  }

  void end_bulk_load() noexcept override
  {
    if (!m_bulk_load) {
      return;
    }
    m_bulk_load = false;
    // Waits for readers as any writer does; should it fail, the file stays in rollback mode,
    // which is as safe, and `feedback-admin check` shows the mode.
    sqlite3_exec(m_db.get(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
  }

  std::string journal_mode()
  {
    sqlite3_stmt* raw = nullptr;
    std::string mode;
    if (sqlite3_prepare_v2(m_db.get(), "PRAGMA journal_mode", -1, &raw, nullptr) == SQLITE_OK &&
        sqlite3_step(raw) == SQLITE_ROW) {
      if (const auto* text = sqlite3_column_text(raw, 0)) {
        mode = reinterpret_cast<const char*>(text);
      }
    }
    sqlite3_finalize(raw);
    return mode;
  }

  void set_triggers(bool on) noexcept
  {
    int now = 0;
    sqlite3_db_config(m_db.get(), SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, &now);
  }

  void copy_into(Connection& destination) override;

  // Throws the Error that `rc` maps to, with `what` and SQLite's message.
  [[noreturn]] void fail(int rc, std::string_view what) const
  {
    const char* msg = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(rc);
    ExitCode code = exit_code_for_sqlite(rc);
    if (code == ExitCode::temp_failure) {
      throw Error(code, fmt::format("database {} is busy (another program is writing to it); "
                                    "try again: {}",
                                    m_path, msg));
    }
    if ((rc & 0xff) == SQLITE_READONLY) {
      // Said in words: "attempt to write a readonly database" reads like a program fault.
      const auto why = m_read_only ? m_read_only->reason
                                   : std::string("the file or its directory is not writable");
      throw Error(m_read_only ? m_read_only->code : ExitCode::io_error,
                  fmt::format("database {} is read-only ({}): it can be read but not changed",
                              m_path, why));
    }
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
      throw Error(code, fmt::format("{}: not a usable feedback database: {}", m_path, msg));
    }
    throw Error(code, fmt::format("{}: {}", what, msg));
  }

  sqlite3* handle() const noexcept { return m_db.get(); }

private:
  std::unique_ptr<sqlite3, Close> m_db;
  std::string m_path;
  std::optional<ReadOnly> m_read_only;
  bool m_bulk_load = false;
};

void
SqliteConnection::copy_into(Connection& destination)
{
  auto* dest = dynamic_cast<SqliteConnection*>(&destination);
  if (dest == nullptr) {
    throw Error(ExitCode::software, "a SQLite database copies only into another");
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest->handle(), "main", m_db.get(), "main");
  if (backup == nullptr) {
    dest->fail(sqlite3_extended_errcode(dest->handle()), "cannot start the copy");
  }
  // One step copies every page inside one read transaction on the source: a consistent
  // snapshot, which in WAL mode never stops the writers. Steps of a few pages would restart
  // whenever another connection wrote, and might never finish while officers work. A busy
  // source or destination (a checkpoint, another writer) is waited for as the busy timeout
  // would, in 100 ms sleeps up to 10 s.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
      break;
    }
    sqlite3_sleep(100);
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    fail(rc, "cannot copy the database");
  }
  if (finished != SQLITE_OK) {
    dest->fail(finished, "cannot copy the database");
  }
}

void
SqliteStatement::check_bind(int rc)
{
  if (rc != SQLITE_OK) {
    m_connection.fail(rc, "bind");
  }
}

bool
SqliteStatement::step()
{
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const int err = sqlite3_extended_errcode(m_connection.handle());
  sqlite3_reset(m_stmt);
  m_connection.fail(err ? err : rc, "SQL error");
}

} // namespace

std::unique_ptr<Connection>
open_sqlite(const std::string& path, OpenMode mode, int busy_timeout_ms)
{
  std::string target = path;
  int flags = (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
              SQLITE_OPEN_NOMUTEX;
  std::optional<ReadOnly> read_only;
  if (mode == OpenMode::memory) {
    target = ":memory:";
  } else {
    struct stat st
    {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    const bool must_exist = mode == OpenMode::existing || mode == OpenMode::read_only;
    if (must_exist && !exists) {
      throw Error(
          ExitCode::no_input,
          fmt::format("database does not exist: {} (create it with 'feedback-admin init')", path));
    }
    // A device, FIFO or directory is no database: SQLite would leave a journal beside it.
    if (exists && !S_ISREG(st.st_mode)) {
      throw Error(ExitCode::data_error,
                  fmt::format("not a regular file, so not a feedback database: {}", path));
    }
    // An empty file (a mistyped name touched, a copy that failed) is not adopted: SQLite would
    // build a database in it, with whatever permissions it has. A database whose pages are all
    // still in its -wal file is not empty.
    const bool empty = exists && st.st_size == 0 && !exists_non_empty(path + "-wal");
    if (must_exist && empty) {
      throw Error(ExitCode::data_error,
                  fmt::format("{} is an empty file, not a feedback database (make one there "
                              "with 'feedback-admin init')",
                              path));
    }
    if ((mode == OpenMode::create_new || mode == OpenMode::initialise) && exists &&
        !(mode == OpenMode::initialise && empty)) {
      throw Error(ExitCode::cant_create,
                  fmt::format("database already exists, not overwriting it: {}", path));
    }
    if (!exists) {
      create_private_file(path);
    } else if (mode == OpenMode::initialise && ::chmod(path.c_str(), 0600) != 0) {
      throw Error(ExitCode::cant_create, fmt::format("cannot make {} private (mode 0600): {}", path,
                                                     std::strerror(errno)));
    }
    if (exists && must_exist) {
      read_only = read_only_reason(path);
    }
    if (read_only) {
      flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
      // In WAL mode even a reader needs the -shm file beside the database; where it cannot be
      // made and there is no -wal file (no connection is writing), the file is read as it lies.
      if (read_only->no_journal && !exists_non_empty(path + "-wal")) {
        target = file_uri(path, "immutable=1");
        flags |= SQLITE_OPEN_URI;
      }
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
  if (mode == OpenMode::read_only && !read_only) {
    read_only = ReadOnly{ExitCode::io_error, "opened for reading only"};
  }
  auto connection =
      std::make_unique<SqliteConnection>(std::move(handle), path, std::move(read_only));
  // Outside any transaction: inside one this PRAGMA is silently ignored.
  connection->exec("PRAGMA foreign_keys = ON");
  return connection;
}

} // namespace feedback::detail
