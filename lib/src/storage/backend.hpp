// SPDX-License-Identifier: MIT
// Private to the storage layer: what an engine provides behind Database, Statement and
// Transaction. SQLite's implementation is in sqlite_backend.cpp, PostgreSQL's (libpq) in
// postgresql_backend.cpp, which rewrites the `?N` placeholders to `$N`.
#pragma once

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace feedback::detail {

// One value of a run, for binding many at once: an integer in `number`, or text of `size` bytes
// at offset `number` of the text area bind_all is given (one area for all of a batch's text).
struct BoundValue
{
  enum class Kind : unsigned char
  {
    null,
    integer,
    text
  };
  Kind kind = Kind::null;
  std::int64_t number = 0;
  std::size_t size = 0;
};

// A read sent ahead (Connection::read_ahead): its text with ?N placeholders, and the values it
// will be run with (NULL, an integer or a text), in order. A `kept` one's answer stays valid
// while its transaction writes (the audit chain's tail: chain_tail_reads); the others' answers
// are dropped by the first write, or the first statement that is none of those sent ahead.
struct AheadStatement
{
  using Value = std::variant<std::monostate, std::int64_t, std::string_view>;
  std::string_view sql;
  std::vector<Value> values;
  bool kept = false;
};

// A prepared statement of one engine. Every failure throws Error with the mapped exit code.
class PreparedStatement
{
public:
  virtual ~PreparedStatement() = default;

  virtual void bind_int64(int index, std::int64_t value) = 0;
  // Copies or borrows `value` as the statement's options say. An empty value is '', not NULL.
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  // Binds `values` to parameters 1, 2, ... in one call, their text in `text_area` (bound as the
  // options say).
  virtual void bind_all(std::span<const BoundValue> values, const char* text_area) = 0;

  // True when a row is ready, false when done.
  virtual bool step() = 0;
  // Ready to run again; clears the bindings unless the options keep them.
  virtual void reset() noexcept = 0;
  // Ready to run again, bindings kept (after a run).
  virtual void rewind() noexcept = 0;
  // Sends a statement that returns no rows without waiting for its answer, where the engine
  // can (PostgreSQL, inside a transaction): the answer is read with the next statement that
  // must wait, and a failure fails that one. False when it cannot: the caller runs it.
  virtual bool send() { return false; }

  virtual bool column_is_null(int column) const = 0;
  virtual std::int64_t column_int64(int column) const = 0;
  virtual double column_double(int column) const = 0;
  // The text of `column`, or nullopt for NULL; valid until the next step or reset.
  virtual std::optional<std::string_view> column_text(int column) const = 0;
};

// One connection of one engine.
class Connection
{
public:
  virtual ~Connection() = default;

  virtual Engine engine() const noexcept = 0;
  virtual std::unique_ptr<PreparedStatement> prepare(std::string_view sql,
                                                     const StatementOptions& options) = 0;
  // Runs statements that take no parameters.
  virtual void exec(std::string_view sql) = 0;
  virtual std::int64_t last_insert_id() const noexcept = 0;
  virtual int changes() const noexcept = 0;
  // How long a writer waits for another's lock before failing busy; 0: not at all.
  virtual void set_busy_timeout(int ms) = 0;

  // Reads the caller is about to run: sent in one round trip where the engine has round trips
  // (PostgreSQL's pipeline mode), each result kept for the statement that then runs the same
  // text with the same values, in any order. A statement that is none of them, a transaction's
  // start or end, and any exec drop all that is left, so that no result kept is older than a
  // change this connection made or a lock it took. Only a matter of speed: by default (SQLite,
  // which has no round trips) nothing.
  virtual void read_ahead(std::span<const AheadStatement> statements)
  {
    static_cast<void>(statements);
  }

  // A write transaction: begun, committed, or rolled back (never throwing).
  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;

  // Until allowed again, a statement that reads a personal column (is_personal_column) fails to
  // prepare. Allowing never throws.
  virtual void refuse_personal_reads() = 0;
  virtual void allow_personal_reads() noexcept = 0;
  // Foreign keys and CHECK constraints not enforced until restored (see RelaxedConstraints);
  // outside a transaction. Restoring never throws.
  virtual void relax_constraints() = 0;
  virtual void restore_constraints() noexcept = 0;
  // For one large load into a database that holds nothing yet, outside a transaction (see
  // BulkLoad): the engine may write each page once at the price of other connections' reads
  // while the load runs. Ending puts back what beginning changed and never throws. By default
  // neither does anything.
  virtual void begin_bulk_load() {}
  virtual void end_bulk_load() noexcept {}
  // The nightly run's lock (ExclusiveRun): false when another connection holds it. Released by
  // unlock_run, or when the connection closes. By default (SQLite, whose run is its file's one
  // writer while its transaction lasts) always had.
  virtual bool try_lock_run() { return true; }
  virtual void unlock_run() noexcept {}

  // Replaces the whole content of `destination` (a connection of the same engine) with this
  // database's, as one consistent snapshot taken while other connections keep writing, written
  // in one step that `destination`'s other connections see whole. Throws Error(temp_failure) if
  // either stayed busy. (SQLite: the online backup API. PostgreSQL will not copy between
  // connections: backup.cpp dumps it with pg_dump instead.)
  virtual void copy_into(Connection& destination) = 0;

  // The number of PersonalDataGuards alive on this connection.
  int personal_guards = 0;
  // While a guard is alive, the one table whose personal columns SQLite's authorizer still lets
  // a statement being prepared read, because it only counts its rows (privacy_store.cpp); else
  // empty. PostgreSQL has no need of it: the count is a function of the server (schema 17).
  std::string_view aggregate_table;

  // Whether a Transaction is open on this connection.
  bool in_transaction = false;
  // The end of the audit chain as this transaction has written it (storage/audit_chain.cpp):
  // known only inside a write transaction, forgotten when it ends.
  struct ChainTail
  {
    std::int64_t next_event_id = 1;
    std::int64_t next_text_id = 1;
    std::string last_hash;
  };
  std::optional<ChainTail> chain_tail;

  // Batches of rows being written by a second thread (WriteBehind, storage/bulk.hpp): while
  // there are any, no other call may reach the engine, so every Statement, exec and Transaction
  // waits first (settle). Null when there is none.
  class Behind
  {
  public:
    virtual ~Behind() = default;
    // Queues `statement` to run once with `values` bound (the first `count`), their text in
    // `text`; takes the buffers, and leaves emptied ones of earlier batches in their place.
    virtual void hand_over(PreparedStatement& statement, std::vector<BoundValue>& values,
                           std::size_t count, std::string& text) = 0;
    // Returns once every batch handed over has run; throws the error of one that failed (once).
    virtual void wait() = 0;
    // The same without throwing, for destructors.
    virtual void wait_quietly() noexcept = 0;
  };
  Behind* behind = nullptr;

  void settle()
  {
    if (behind != nullptr) {
      behind->wait();
    }
  }
  void settle_quietly() noexcept
  {
    if (behind != nullptr) {
      behind->wait_quietly();
    }
  }
};

// Opens a SQLite connection (sqlite_backend.cpp).
std::unique_ptr<Connection> open_sqlite(const std::string& path, OpenMode mode,
                                        int busy_timeout_ms);

// PostgreSQL (postgresql_backend.cpp). Whether `name` names a PostgreSQL database: a libpq URI
// (postgresql://, postgres://) or a libpq keyword string with service=, dbname= or host=.
bool is_postgresql_name(std::string_view name) noexcept;
// `name` without any password in it, for messages.
std::string postgresql_display_name(std::string_view name);
// `sql` with its `?N` placeholders written `$N`, except inside literals, quoted names and
// comments; the highest N in `*highest` when given (0 for none).
std::string postgresql_placeholders(std::string_view sql, int* highest = nullptr);
// Opens a PostgreSQL connection. Error(no_input) when an existing database holds no feedback
// schema, Error(cant_create) when a new one already does, Error(temp_failure) when the server
// cannot be reached.
std::unique_ptr<Connection> open_postgresql(const std::string& name, OpenMode mode,
                                            int busy_timeout_ms);

// The storage layer's own way in to a Database's connection and a Statement's engine statement.
struct DatabaseAccess
{
  static Connection& connection(Database& db) noexcept { return *db.m_connection; }
  static PreparedStatement& statement(Statement& st) noexcept { return *st.m_statement; }
};

// Sends `statements` ahead on `db`'s connection (Connection::read_ahead), once any rows being
// written behind are written.
void read_ahead(Database& db, std::span<const AheadStatement> statements);
inline void
read_ahead(Database& db, std::initializer_list<AheadStatement> statements)
{
  read_ahead(db, std::span<const AheadStatement>(statements.begin(), statements.size()));
}

// Text is stored as UTF-8 on both engines: PostgreSQL refuses anything else, and SQLite, which
// would keep any bytes, is refused it here before it is bound, with one message naming the
// value (Error(data_error)). Every text bound passes here: Statement::bind and BatchInsert.
void require_utf8(std::string_view value);

} // namespace feedback::detail
