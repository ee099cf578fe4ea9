// SPDX-License-Identifier: MIT
// The PostgreSQL engine behind Database and Statement: libpq used directly, behind the same
// classes as SQLite (backend.hpp). The only file that includes <libpq-fe.h>.
//
// Statements: the `?N` placeholders become `$N` (outside literals, quoted names and comments),
// and each run goes out as one PQexecParams with its values in text format and their types
// (int8 for integers, text for text, unspecified for NULL, which the server infers from where
// it stands). Results come back in text format; column_int64 and column_double parse them.
//
// Write transactions: READ COMMITTED, and the first thing each takes is one transaction-level
// advisory lock for the whole database, so that writers take turns exactly as SQLite's
// BEGIN IMMEDIATE makes them (the audit chain's tail, the next case reference and the ids taken
// as max(id) + 1 are read inside the transaction and must not be read by two writers at once).
// Readers never wait for it (MVCC). A writer that cannot have the lock within the busy timeout
// (lock_timeout) fails with SQLSTATE 55P03: exit 75, as a busy SQLite file.
#include "storage/backend.hpp"
#include "storage/session_sql.hpp"

#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>

#include <dlfcn.h>
#include <fmt/core.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace feedback::detail {

namespace {

// libpq is loaded when a PostgreSQL database is first opened, not when a program starts: linked
// to the programs, it and the twenty libraries it brings (Kerberos, LDAP, ...) added about 3 ms
// to the start of every command, SQLite users' too (feedback-log --version: 7.2 against 4.2 ms).
// Its header still gives the types; these are the functions used, found by name once.
struct Libpq
{
#define FEEDBACK_LIBPQ_FUNCTIONS(X)                                                                \
  X(PQconnectdb)                                                                                   \
  X(PQconninfoParse)                                                                               \
  X(PQconninfoFree)                                                                                \
  X(PQfreemem)                                                                                     \
  X(PQstatus)                                                                                      \
  X(PQerrorMessage)                                                                                \
  X(PQsetNoticeProcessor)                                                                          \
  X(PQfinish)                                                                                      \
  X(PQexec)                                                                                        \
  X(PQexecParams)                                                                                  \
  X(PQresultStatus)                                                                                \
  X(PQresultErrorField)                                                                            \
  X(PQresultErrorMessage)                                                                          \
  X(PQntuples)                                                                                     \
  X(PQgetvalue)                                                                                    \
  X(PQgetlength)                                                                                   \
  X(PQgetisnull)                                                                                   \
  X(PQcmdTuples)                                                                                   \
  X(PQsendQueryParams)                                                                             \
  X(PQsetSingleRowMode)                                                                            \
  X(PQgetResult)                                                                                   \
  X(PQclear)
// Pipeline mode (libpq 14 and later), for reads sent ahead: without it they are not sent ahead.
#define FEEDBACK_LIBPQ_PIPELINE_FUNCTIONS(X)                                                       \
  X(PQenterPipelineMode)                                                                           \
  X(PQexitPipelineMode)                                                                            \
  X(PQpipelineSync)
#define FEEDBACK_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  FEEDBACK_LIBPQ_FUNCTIONS(FEEDBACK_LIBPQ_MEMBER)
  FEEDBACK_LIBPQ_PIPELINE_FUNCTIONS(FEEDBACK_LIBPQ_MEMBER)
#undef FEEDBACK_LIBPQ_MEMBER
  bool pipeline = false; // every pipeline function found
};

Libpq
load_libpq()
{
  constexpr const char* k_library = "libpq.so.5";
  void* handle = dlopen(k_library, RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw Error(ExitCode::software,
                fmt::format("PostgreSQL's client library {} cannot be loaded ({}): install "
                            "Debian's libpq5 to use a PostgreSQL database",
                            k_library, why != nullptr ? why : "not found"));
  }
  Libpq lib;
#define FEEDBACK_LIBPQ_FIND(name)                                                                  \
  lib.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));                            \
  if (lib.name == nullptr) {                                                                       \
    throw Error(ExitCode::software, fmt::format("{} lacks {}", k_library, #name));                 \
  }
  FEEDBACK_LIBPQ_FUNCTIONS(FEEDBACK_LIBPQ_FIND)
#undef FEEDBACK_LIBPQ_FIND
#undef FEEDBACK_LIBPQ_FUNCTIONS
  lib.pipeline = true;
#define FEEDBACK_LIBPQ_FIND_OPTIONAL(name)                                                         \
  lib.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));                            \
  lib.pipeline = lib.pipeline && lib.name != nullptr;
  FEEDBACK_LIBPQ_PIPELINE_FUNCTIONS(FEEDBACK_LIBPQ_FIND_OPTIONAL)
#undef FEEDBACK_LIBPQ_FIND_OPTIONAL
#undef FEEDBACK_LIBPQ_PIPELINE_FUNCTIONS
  return lib; // the handle stays open for the life of the process
}

// The functions, loaded at the first call (before any PostgreSQL connection exists, so every
// later call finds them loaded).
const Libpq&
libpq()
{
  static const Libpq lib = load_libpq();
  return lib;
}

// PostgreSQL's type ids (pg_type.oid) of the values bound.
constexpr Oid k_int8_oid = 20;
constexpr Oid k_text_oid = 25;

// The key of the writers' advisory lock: "feedback" in ASCII as a big-endian integer
// (7378415046338110315).
constexpr std::int64_t k_write_lock_key = 0x666565646261636B;
// The nightly run's session lock, keyed "feedrun!" in ASCII (0x6665656472756E21).
constexpr const char* k_try_run_lock = "SELECT pg_try_advisory_lock(7378415046607859233)";
constexpr const char* k_run_unlock = "SELECT pg_advisory_unlock(7378415046607859233)";

struct PgConnDeleter
{
  void operator()(PGconn* conn) const noexcept { libpq().PQfinish(conn); }
};

struct PgResultDeleter
{
  void operator()(PGresult* res) const noexcept { libpq().PQclear(res); }
};

using ResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

// The library never prints: the server's notices (e.g. "schema already exists, skipping") are
// dropped instead of going to stderr.
void
ignore_notice(void*, const char*) noexcept
{
}

// What a SQLSTATE means to the caller: busy, bad data, or a fault.
ExitCode
exit_code_for_sqlstate(std::string_view state) noexcept
{
  if (state.size() != 5) {
    return ExitCode::software;
  }
  const auto cls = state.substr(0, 2);
  if (state == "55P03" || state == "40001" || state == "40P01" || state == "57014" ||
      state == "57P03" || (cls == "08" && state != "08P01") || cls == "53") {
    // lock not available, serialization failure, deadlock, statement cancelled (by
    // lock_timeout or statement_timeout), server starting up, connection (but a protocol
    // violation, 08P01, is this program's fault), resources
    return ExitCode::temp_failure;
  }
  if (cls == "23" || cls == "22") {
    // integrity constraint violation, data exception (bad value for the column's type)
    return ExitCode::data_error;
  }
  if (state == "25006" || state == "42501") {
    // read-only transaction; a privilege the login's role lacks (as a SQLite file's permissions)
    return ExitCode::io_error;
  }
  return ExitCode::software;
}

// The first line of a libpq message, without its trailing newline.
std::string
first_line(const char* message)
{
  std::string text = message != nullptr ? message : "";
  const auto nl = text.find('\n');
  if (nl != std::string::npos) {
    text.resize(nl);
  }
  return text;
}

class PgConnection;

// A value as it goes to the server: text, with its type (int8, text, or 0: from where it stands).
struct PgValue
{
  std::string text;
  Oid type = k_text_oid;
  bool present = false; // false: NULL

  bool operator==(const PgValue& other) const noexcept
  {
    return present == other.present && (!present || (type == other.type && text == other.text));
  }

  static PgValue integer(std::int64_t value)
  {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return {std::string(buffer, end), k_int8_oid, true};
  }
  // libpq takes NUL-terminated text values: the text is always copied.
  static PgValue text_of(std::string_view value) { return {std::string(value), k_text_oid, true}; }
  // A NULL that takes its type from where it stands.
  static PgValue null() { return {{}, 0, false}; }
};

// `values` with a NULL for each parameter past the last given, up to `parameters`: libpq must
// send a value for each the statement names, and an unbound one is NULL, as in SQLite.
void
pad_values(std::vector<PgValue>& values, int parameters)
{
  if (values.size() < static_cast<std::size_t>(parameters)) {
    values.resize(static_cast<std::size_t>(parameters), PgValue::null());
  }
}

// `values` as libpq takes them: NUL-terminated texts (a null pointer for NULL) and type ids, a
// NULL's being `null_type` (0: the server takes it from where the NULL stands).
struct PgParameters
{
  std::vector<const char*> texts;
  std::vector<Oid> types;

  explicit PgParameters(const std::vector<PgValue>& values, Oid null_type = 0)
  {
    texts.reserve(values.size());
    types.reserve(values.size());
    for (const auto& v : values) {
      texts.push_back(v.present ? v.text.c_str() : nullptr);
      types.push_back(v.present ? v.type : null_type);
    }
  }
  int count() const noexcept { return static_cast<int>(texts.size()); }
};

class PgStatement final : public PreparedStatement
{
public:
  PgStatement(PgConnection& connection, std::string sql, int parameters,
              const StatementOptions& options)
      : m_connection(connection), m_sql(std::move(sql)), m_parameters(parameters),
        m_clear_on_reset(options.on_reset == OnReset::clear_bindings),
        m_streamed(options.rows == Rows::streamed)
  {
  }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;
  ~PgStatement() override { rewind(); }

  void bind_int64(int index, std::int64_t value) override { slot(index) = PgValue::integer(value); }

  void bind_text(int index, std::string_view value) override
  {
    slot(index) = PgValue::text_of(value);
  }

  // A NULL takes its type from where it stands (unspecified, 0); a parameter never bound is a
  // NULL of type text, so that one the statement does not use (a filter left out) needs none.
  void bind_null(int index) override { slot(index) = PgValue::null(); }

  void bind_all(std::span<const BoundValue> values, const char* text_area) override
  {
    int index = 1;
    for (const auto& v : values) {
      switch (v.kind) {
      case BoundValue::Kind::null:
        bind_null(index);
        break;
      case BoundValue::Kind::integer:
        bind_int64(index, v.number);
        break;
      case BoundValue::Kind::text:
        bind_text(index, text_area != nullptr ? std::string_view(text_area + v.number, v.size)
                                              : std::string_view());
        break;
      }
      ++index;
    }
  }

  bool step() override;
  bool send() override;

  void reset() noexcept override
  {
    rewind();
    if (m_clear_on_reset) {
      m_values.clear();
    }
  }

  void rewind() noexcept override
  {
    drop_stream();
    m_result.reset();
    m_row = -1;
  }

  // Rows::streamed, while rows are still coming: reads what the server has still to send into
  // memory, so that another statement can run (the connection calls it).
  void receive_rest() noexcept;

  bool column_is_null(int column) const override
  {
    return libpq().PQgetisnull(current(), m_row, column) != 0;
  }

  std::int64_t column_int64(int column) const override
  {
    const char* text = libpq().PQgetvalue(current(), m_row, column);
    const auto length = static_cast<std::size_t>(libpq().PQgetlength(current(), m_row, column));
    if (length == 1 && (text[0] == 't' || text[0] == 'f')) {
      return text[0] == 't' ? 1 : 0; // a boolean expression: 1 or 0, as SQLite gives
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text, text + length, value);
    if (ec == std::errc() && end == text + length) {
      return value;
    }
    // A numeric (sum() of bigint) or a double: truncated towards zero, as SQLite converts.
    return static_cast<std::int64_t>(std::strtod(text, nullptr));
  }

  double column_double(int column) const override
  {
    return std::strtod(libpq().PQgetvalue(current(), m_row, column), nullptr);
  }

  std::optional<std::string_view> column_text(int column) const override
  {
    if (libpq().PQgetisnull(current(), m_row, column) != 0) {
      return std::nullopt;
    }
    return std::string_view(
        libpq().PQgetvalue(current(), m_row, column),
        static_cast<std::size_t>(libpq().PQgetlength(current(), m_row, column)));
  }

private:
  using Value = PgValue;

  Value& slot(int index)
  {
    if (index < 1 || index > 32767) {
      throw Error(ExitCode::software, fmt::format("bind: no parameter {}", index));
    }
    if (m_values.size() < static_cast<std::size_t>(index)) {
      m_values.resize(static_cast<std::size_t>(index));
    }
    return m_values[static_cast<std::size_t>(index) - 1];
  }

  PGresult* current() const
  {
    if (!m_result || m_row < 0 || m_row >= libpq().PQntuples(m_result.get())) {
      throw Error(ExitCode::software, "column read with no row ready");
    }
    return m_result.get();
  }

  // Rows::streamed: sends the statement for its rows to come one at a time, a NULL going with
  // `null_type`; false when it could not be sent.
  bool open_stream(Oid null_type);
  // Rows::streamed: whether results are still to be read (from the wire or memory).
  bool streaming() const noexcept { return m_on_wire || !m_received.empty(); }
  // Rows::streamed: the next row, or the end (throwing the server's failure).
  bool next_streamed();
  // Rows::streamed: forgets the rows not read yet (reading those still coming).
  void drop_stream() noexcept;

  PgConnection& m_connection;
  std::string m_sql; // with $N placeholders
  int m_parameters;  // the highest N of them
  bool m_clear_on_reset;
  bool m_streamed;
  std::vector<Value> m_values;
  ResultPtr m_result;
  int m_row = -1;
  // Rows::streamed, once sent: a result per row, then the last (no row, or the failure).
  bool m_on_wire = false;           // some still to come from the server
  std::deque<ResultPtr> m_received; // taken off the wire by receive_rest, not read yet
  Oid m_null_type = 0;              // what a NULL was sent as
};

class PgConnection final : public Connection
{
public:
  PgConnection(std::unique_ptr<PGconn, PgConnDeleter> conn, std::string name, int busy_timeout_ms)
      : m_conn(std::move(conn)), m_name(std::move(name)), m_busy_timeout_ms(busy_timeout_ms)
  {
  }

  Engine engine() const noexcept override { return Engine::postgresql; }

  std::unique_ptr<PreparedStatement> prepare(std::string_view sql,
                                             const StatementOptions& options) override
  {
    int parameters = 0;
    auto text = postgresql_placeholders(sql, &parameters);
    return std::make_unique<PgStatement>(*this, std::move(text), parameters, options);
  }

  void exec(std::string_view sql) override
  {
    collect_sent();
    m_ahead.clear();
    const std::string text(sql);
    ResultPtr res(libpq().PQexec(m_conn.get(), text.c_str()));
    check(res.get(), "SQL error");
    m_changes = count_changed(res.get());
  }

  // The value the last INSERT gave an identity column (lastval(): this session's latest
  // sequence value). 0 when none was given yet.
  std::int64_t last_insert_id() const noexcept override
  {
    // The value follows the last INSERT, which may be waiting for its answer (no caller sends
    // one without waiting just before asking).
    const_cast<PgConnection*>(this)->end_pipeline_quietly();
    ResultPtr res(libpq().PQexec(m_conn.get(), "SELECT lastval()"));
    if (libpq().PQresultStatus(res.get()) != PGRES_TUPLES_OK || libpq().PQntuples(res.get()) != 1) {
      return 0;
    }
    return std::strtoll(libpq().PQgetvalue(res.get(), 0, 0), nullptr, 10);
  }

  int changes() const noexcept override { return m_changes; }

  void set_busy_timeout(int ms) override { m_busy_timeout_ms = ms; }

  // BEGIN, the lock timeout and the writers' lock, run in order. In pipeline mode they go without
  // waiting for their answers, so that the transaction's first statement goes with them: one
  // round trip for all, and a lock not had in time fails that statement (exit 75), as it would
  // have failed BEGIN; nothing of the transaction runs before the lock is had. Without pipeline
  // mode, one message. A busy timeout of 0 means no waiting, as SQLite's; PostgreSQL's
  // lock_timeout = 0 would wait for ever, so it waits 1 ms.
  void begin_write() override
  {
    const std::string begin = "BEGIN ISOLATION LEVEL READ COMMITTED";
    const auto timeout = fmt::format("SET LOCAL lock_timeout = {}", std::max(m_busy_timeout_ms, 1));
    const auto lock = fmt::format("SELECT pg_advisory_xact_lock({})", k_write_lock_key);
    collect_sent();
    m_ahead.clear();
    if (enter_pipeline()) {
      if (send_in_pipeline(begin, {}, 0) && send_in_pipeline(timeout, {}, 0) &&
          send_in_pipeline(lock, {}, 0)) {
        return;
      }
      // Not all could be sent: what was is answered and undone, and it goes as one message.
      leave_pipeline_if_unused();
      if (!m_sent.empty()) {
        rollback();
      }
    }
    try {
      exec(fmt::format("{}; {}; {}", begin, timeout, lock));
    } catch (...) {
      rollback();
      throw;
    }
  }

  // With writes sent without waiting, COMMIT goes after them in the same round trip. If one of
  // them failed, the server ends the transaction with a ROLLBACK instead, and that failure is
  // thrown.
  void commit() override
  {
    m_ahead.clear();
    if (!m_sent.empty()) {
      send_in_pipeline("COMMIT", {}, 0);
      collect_sent();
      return;
    }
    exec("COMMIT");
  }

  // A session-level advisory lock, tried without waiting: the second of two overlapping runs
  // stops at once instead of queueing behind the first's long transaction.
  bool try_lock_run() override
  {
    auto st = prepare(k_try_run_lock, StatementOptions{});
    return st->step() && st->column_int64(0) != 0;
  }
  void unlock_run() noexcept override
  {
    end_pipeline_quietly();
    libpq().PQclear(libpq().PQexec(m_conn.get(), k_run_unlock));
  }

  void rollback() noexcept override
  {
    end_pipeline_quietly();
    // Never throw from a destructor: the result of the rollback is ignored.
    libpq().PQclear(libpq().PQexec(m_conn.get(), "ROLLBACK"));
  }

  // The session's settings (each a SET statement), then `probe` (one row, one integer) and
  // `reads` sent ahead: one round trip in pipeline mode. Returns the probe's answer. A read that
  // fails ends the implicit transaction they all ran in, and with it the settings; they are then
  // made again, alone (a database with no schema yet), as they are where libpq has no pipeline.
  std::int64_t start_session(const std::vector<std::string>& settings, std::string_view probe,
                             std::span<const AheadStatement> reads)
  {
    bool sent = enter_pipeline();
    for (std::size_t i = 0; sent && i < settings.size(); ++i) {
      sent = send_in_pipeline(settings[i], {}, 0);
    }
    std::vector<AheadStatement> asked{{probe, {}}};
    asked.insert(asked.end(), reads.begin(), reads.end());
    if (sent) {
      read_ahead(asked);
    } else {
      end_pipeline_quietly();
    }
    const bool settings_kept = sent && m_ahead.size() == asked.size() &&
                               std::all_of(m_ahead.begin(), m_ahead.end(), [](const Ahead& a) {
                                 return libpq().PQresultStatus(a.result.get()) == PGRES_TUPLES_OK;
                               });
    auto result = take_ahead(std::string(probe), {});
    if (!settings_kept) {
      m_ahead.clear();
      std::string text;
      for (const auto& set : settings) {
        text += set + "; ";
      }
      check(ResultPtr(libpq().PQexec(m_conn.get(), text.c_str())).get(), "SQL error");
    }
    if (!result) {
      result.reset(libpq().PQexec(m_conn.get(), std::string(probe).c_str()));
    }
    check(result.get(), "SQL error");
    return std::strtoll(libpq().PQgetvalue(result.get(), 0, 0), nullptr, 10);
  }

  // Pipeline mode: every statement sent, then one Sync, then the results read in order. Outside
  // a transaction they run in one implicit transaction, so one that fails leaves the rest
  // unanswered (PGRES_PIPELINE_ABORTED): those are not kept, and run again when asked for. A
  // failure is kept, so that the statement that asks for it fails as it would have. Reads asked
  // for again while their answers wait (a command sent them earlier with others) are not sent
  // again: when all are waiting, nothing is.
  void read_ahead(std::span<const AheadStatement> statements) override
  {
    std::vector<Ahead> asked;
    asked.reserve(statements.size());
    for (const auto& statement : statements) {
      Ahead a;
      int parameters = 0;
      a.sql = postgresql_placeholders(statement.sql, &parameters);
      for (const auto& v : statement.values) {
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
          a.values.push_back(PgValue::integer(*n));
        } else if (const auto* t = std::get_if<std::string_view>(&v)) {
          a.values.push_back(PgValue::text_of(*t));
        } else {
          a.values.push_back(PgValue::null());
        }
      }
      pad_values(a.values, parameters);
      a.kept = statement.kept;
      asked.push_back(std::move(a));
    }
    if (!asked.empty() && std::all_of(asked.begin(), asked.end(), [this](const Ahead& a) {
          return waiting(a.sql, a.values) != m_ahead.end();
        })) {
      return;
    }
    m_ahead.clear();
    if (asked.empty() || !enter_pipeline()) {
      collect_sent();
      return;
    }
    // After any writes still waiting for their answers: one round trip for all. A NULL goes as
    // text: a NULL whose type the server cannot tell must not fail here.
    std::size_t sent = 0;
    while (sent < asked.size() &&
           send_in_pipeline(asked[sent].sql, asked[sent].values, k_text_oid)) {
      ++sent;
    }
    if (m_sent.empty()) {
      leave_pipeline_if_unused(); // nothing could be sent
      return;
    }
    auto results = collect_sent(sent);
    for (std::size_t i = 0; i < sent; ++i) {
      if (!results[i]) {
        break; // unanswered from here on
      }
      asked[i].result = std::move(results[i]);
      m_ahead.push_back(std::move(asked[i]));
    }
  }

  // Sends `sql` with `values` without waiting for the answer (PgStatement::send): inside a
  // transaction only, so that the answer is read, and a failure reported, before it ends. At
  // most 64 wait, so that neither side blocks writing to the other.
  bool send(const std::string& sql, const std::vector<PgValue>& values)
  {
    if (!in_transaction || !enter_pipeline()) {
      return false;
    }
    drop_unkept_ahead(); // this may change what they read
    const bool sent = send_in_pipeline(sql, values, 0);
    leave_pipeline_if_unused();
    if (!m_sent.empty() && (!sent || m_sent.size() >= 64)) {
      collect_sent();
    }
    return sent;
  }

  // Pipeline mode, entered unless statements sent earlier keep it so (a streamed read's rest
  // taken first: only an idle connection enters it). False where libpq has none or refuses.
  bool enter_pipeline()
  {
    receive_stream();
    const auto& pq = libpq();
    return pq.pipeline && (!m_sent.empty() || pq.PQenterPipelineMode(m_conn.get()) == 1);
  }
  // Leaves pipeline mode when nothing could be sent in it after enter_pipeline.
  void leave_pipeline_if_unused() noexcept
  {
    if (m_sent.empty()) {
      libpq().PQexitPipelineMode(m_conn.get());
    }
  }

  // Whether writes are waiting for their answers.
  bool sending() const noexcept { return !m_sent.empty(); }

  // Whether `res` is the server's refusal of a NULL it could not give a type from where it
  // stands (`?1 IS NULL` alone) that may be sent again as a NULL of type text, and then runs:
  // outside a transaction only, since a failed statement inside one fails all of it.
  bool retry_with_text_nulls(const PGresult* res) const
  {
    const char* state = libpq().PQresultErrorField(res, PG_DIAG_SQLSTATE);
    return state != nullptr && std::string_view(state) == "42P18" && !in_transaction;
  }

  // Sends `sql` with `values` for its rows to come one at a time (Rows::streamed), after
  // anything waiting; false when libpq cannot send it (it then runs as any other).
  bool start_stream(PgStatement& statement, const std::string& sql,
                    const std::vector<PgValue>& values, Oid null_type)
  {
    collect_sent();
    m_ahead.clear();
    const PgParameters p(values, null_type);
    const auto& pq = libpq();
    if (pq.PQsendQueryParams(m_conn.get(), sql.c_str(), p.count(), p.types.data(), p.texts.data(),
                             nullptr, nullptr, 0) != 1) {
      return false;
    }
    pq.PQsetSingleRowMode(m_conn.get()); // if refused, the rows come in one result
    m_streaming = &statement;
    return true;
  }
  // The streamed statement has read or dropped all its results from the wire.
  void stream_ended(const PgStatement& statement) noexcept
  {
    if (m_streaming == &statement) {
      m_streaming = nullptr;
    }
  }

  // Runs `sql` with `values` after the writes waiting for their answers, in the same round
  // trip, and returns its result (a failure of theirs is thrown first).
  ResultPtr run_after_sent(const std::string& sql, const std::vector<PgValue>& values)
  {
    if (!send_in_pipeline(sql, values, 0)) {
      collect_sent(); // then it runs on its own
      return nullptr;
    }
    auto results = collect_sent(1);
    return std::move(results[0]);
  }

  // Reads the answers to what was sent in pipeline mode, the last `asked` of which the caller
  // wants back (null where unanswered); throws the first failure among the others (those after
  // it were not run: the transaction had failed).
  std::vector<ResultPtr> collect_sent(std::size_t asked = 0)
  {
    receive_stream();
    std::vector<ResultPtr> out(asked);
    if (m_sent.empty()) {
      return out;
    }
    const auto& pq = libpq();
    const auto waiting = m_sent.size() - asked; // writes sent without waiting
    pq.PQpipelineSync(m_conn.get());
    ResultPtr failed;
    std::string failed_sql;
    std::size_t answered = 0;
    bool synced = false;
    for (int nulls = 0; nulls < 2;) {
      ResultPtr res(pq.PQgetResult(m_conn.get()));
      if (!res) {
        ++nulls; // one after each answer; two in a row: nothing more will come
        continue;
      }
      nulls = 0;
      const auto status = pq.PQresultStatus(res.get());
      if (status == PGRES_PIPELINE_SYNC) {
        synced = true;
        break;
      }
      if (answered < waiting) {
        if (status == PGRES_FATAL_ERROR && !failed) {
          failed = std::move(res);
          failed_sql = m_sent[answered];
        }
      } else if (answered < m_sent.size() && status != PGRES_PIPELINE_ABORTED) {
        out[answered - waiting] = std::move(res);
      }
      ++answered;
    }
    pq.PQexitPipelineMode(m_conn.get());
    m_sent.clear();
    if (failed) {
      check(failed.get(), fmt::format("SQL error in '{}'", failed_sql.substr(0, 60)));
    }
    if (!synced) {
      check(nullptr, "SQL error"); // the connection was lost
    }
    return out;
  }

  // Before a statement that ends or changes what was read ahead, where nothing may be thrown:
  // the answers still waiting are read (a failure among them is dropped: a rollback or the
  // connection's end follows), and what was read ahead is dropped.
  void end_pipeline_quietly() noexcept
  {
    try {
      collect_sent();
    } catch (...) { // NOLINT(bugprone-empty-catch)
    }
    m_ahead.clear();
  }

  // The result sent ahead for `sql` run with `values`, if it is one of those waiting. When it
  // is none, all are dropped: the statement runs now, and may change what they read.
  ResultPtr take_ahead(const std::string& sql, const std::vector<PgValue>& values)
  {
    receive_stream();
    const auto found = waiting(sql, values);
    if (found == m_ahead.end()) {
      drop_unkept_ahead();
      return nullptr;
    }
    auto result = std::move(found->result);
    m_ahead.erase(found);
    return result;
  }

  // No authorizer in PostgreSQL: the server refuses instead. Where the login may take the
  // reporting role (feedback-admin init --roles made it for this database), the guarded
  // statements run as it, and one that reads personal data fails at the server. Elsewhere
  // (no roles) nothing is refused.
  void refuse_personal_reads() override
  {
    if (!m_may_report) {
      auto st = prepare("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE "
                        "rolname = ?1) THEN pg_has_role(session_user, ?1, 'MEMBER') AND "
                        "has_schema_privilege(?1, 'feedback', 'USAGE') ELSE false END",
                        StatementOptions{});
      st->bind_text(1, k_reporting_role);
      m_may_report = st->step() && st->column_int64(0) != 0;
    }
    if (*m_may_report) {
      exec(fmt::format("SET ROLE {}", k_reporting_role));
      m_reporting = true;
    }
  }
  void allow_personal_reads() noexcept override
  {
    end_pipeline_quietly();
    if (m_reporting) {
      libpq().PQclear(libpq().PQexec(m_conn.get(), "RESET ROLE"));
      m_reporting = false;
    }
  }

  // Constraints stay enforced: PostgreSQL's CHECKs cost little, and turning foreign keys off
  // would need a superuser.
  void relax_constraints() override {}
  void restore_constraints() noexcept override {}

  void copy_into(Connection&) override
  {
    throw Error(ExitCode::usage,
                fmt::format("database {} is on PostgreSQL: copy it with pg_dump", m_name));
  }

  // Throws the Error for a failed result (or a lost connection when `res` is null).
  void check(PGresult* res, std::string_view what)
  {
    const auto status = libpq().PQresultStatus(res);
    if (res != nullptr &&
        (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)) {
      return;
    }
    const char* state =
        res != nullptr ? libpq().PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message = first_line(res != nullptr ? libpq().PQresultErrorMessage(res)
                                                          : libpq().PQerrorMessage(m_conn.get()));
    fail(state != nullptr ? state
                          : (libpq().PQstatus(m_conn.get()) == CONNECTION_BAD ? "08006" : ""),
         message, what);
  }

  [[noreturn]] void fail(std::string_view state, const std::string& message,
                         std::string_view what) const
  {
    const auto code = exit_code_for_sqlstate(state);
    if (code == ExitCode::temp_failure) {
      throw Error(code, fmt::format("database {} is busy (another program is writing to it); "
                                    "try again: {}",
                                    m_name, message));
    }
    if (state == "22021") {
      // SQLite keeps any bytes; a PostgreSQL database in UTF-8 refuses what is not UTF-8.
      throw Error(code, fmt::format("text that is not valid UTF-8 cannot be stored in database "
                                    "{}: {}",
                                    m_name, message));
    }
    if (state == "25006") {
      throw Error(code, fmt::format("database {} is read-only (opened for reading only): it can "
                                    "be read but not changed",
                                    m_name));
    }
    if (state == "42501") {
      throw Error(code, fmt::format("database {} refuses it to this login (its role does not "
                                    "allow it): {}",
                                    m_name, message));
    }
    throw Error(code, fmt::format("{}: {}", what, message));
  }

  PGconn* handle() const noexcept { return m_conn.get(); }
  void set_changes(int n) noexcept { m_changes = n; }

  static int count_changed(PGresult* res) noexcept
  {
    const char* tuples = libpq().PQcmdTuples(res);
    return tuples != nullptr && *tuples != '\0' ? std::atoi(tuples) : 0;
  }

private:
  // Sends one statement in pipeline mode (already entered) and notes it; a NULL goes with
  // `null_type`. False when libpq cannot send it.
  bool send_in_pipeline(const std::string& sql, const std::vector<PgValue>& values, Oid null_type)
  {
    receive_stream();
    const PgParameters p(values, null_type);
    if (libpq().PQsendQueryParams(m_conn.get(), sql.c_str(), p.count(), p.types.data(),
                                  p.texts.data(), nullptr, nullptr, 0) != 1) {
      return false;
    }
    m_sent.push_back(sql);
    return true;
  }

  std::unique_ptr<PGconn, PgConnDeleter> m_conn;
  std::string m_name;
  int m_busy_timeout_ms;
  int m_changes = 0;
  std::optional<bool> m_may_report; // asked the first time a guard needs it
  bool m_reporting = false;
  // Results sent ahead and not asked for yet (read_ahead).
  struct Ahead
  {
    std::string sql; // with $N placeholders
    std::vector<PgValue> values;
    ResultPtr result;
    bool kept = false; // AheadStatement::kept
  };
  std::deque<Ahead> m_ahead;

  std::deque<Ahead>::iterator waiting(const std::string& sql, const std::vector<PgValue>& values)
  {
    return std::find_if(m_ahead.begin(), m_ahead.end(),
                        [&](const Ahead& a) { return a.sql == sql && a.values == values; });
  }

  // Before a write, or a statement none of those sent ahead: what it may change is dropped.
  void drop_unkept_ahead() noexcept
  {
    std::erase_if(m_ahead, [](const Ahead& a) { return !a.kept; });
  }
  // The texts of the statements sent without waiting whose answers are not read yet (send).
  std::vector<std::string> m_sent;
  // The statement whose rows are still coming (Rows::streamed), if any.
  PgStatement* m_streaming = nullptr;

  // Before anything else goes to the server: the rows of a streamed statement still coming are
  // read into its memory.
  void receive_stream() noexcept
  {
    if (m_streaming != nullptr) {
      std::exchange(m_streaming, nullptr)->receive_rest();
    }
  }
};

void
PgStatement::receive_rest() noexcept
{
  while (ResultPtr res{libpq().PQgetResult(m_connection.handle())}) {
    m_received.push_back(std::move(res));
  }
  m_on_wire = false;
}

void
PgStatement::drop_stream() noexcept
{
  if (m_on_wire) {
    while (ResultPtr res{libpq().PQgetResult(m_connection.handle())}) {
    }
    m_on_wire = false;
    m_connection.stream_ended(*this);
  }
  m_received.clear();
}

bool
PgStatement::open_stream(Oid null_type)
{
  m_null_type = null_type;
  m_on_wire = m_connection.start_stream(*this, m_sql, m_values, null_type);
  return m_on_wire;
}

bool
PgStatement::next_streamed()
{
  ResultPtr res;
  if (!m_received.empty()) {
    res = std::move(m_received.front());
    m_received.pop_front();
  } else if (m_on_wire) {
    res.reset(libpq().PQgetResult(m_connection.handle()));
  }
  if (res && libpq().PQresultStatus(res.get()) == PGRES_SINGLE_TUPLE) {
    m_result = std::move(res);
    m_row = 0;
    return true;
  }
  // The last result: no row (or all of them, where single-row mode was refused), or the
  // failure. Nothing at all means the connection was lost.
  drop_stream();
  // A NULL the server could not give a type (refused before any row): sent again as text, as
  // step() does.
  if (m_null_type == 0 && m_connection.retry_with_text_nulls(res.get()) &&
      open_stream(k_text_oid)) {
    return next_streamed();
  }
  m_connection.check(res.get(), fmt::format("SQL error in '{}'", m_sql.substr(0, 60)));
  m_result = std::move(res);
  m_row = 0;
  return m_row < libpq().PQntuples(m_result.get());
}

bool
PgStatement::step()
{
  if (streaming()) {
    return next_streamed();
  }
  if (!m_result) {
    // A parameter past the last one bound (bindings cleared by reset(), or never bound) is a
    // NULL whose type comes from where it stands, as bind_null's (the server names it when it
    // cannot tell: 42P18, below).
    pad_values(m_values, m_parameters);
    // Run after the writes still waiting for their answers, in the same round trip; or sent
    // ahead (PgConnection::read_ahead); or, streamed, sent for its rows to come one at a time;
    // or run now.
    ResultPtr res = m_connection.sending() ? m_connection.run_after_sent(m_sql, m_values)
                                           : m_connection.take_ahead(m_sql, m_values);
    if (!res && m_streamed && open_stream(0)) {
      return next_streamed();
    }
    if (!res) {
      PgParameters p(m_values);
      res.reset(libpq().PQexecParams(m_connection.handle(), m_sql.c_str(), p.count(),
                                     p.types.data(), p.texts.data(), nullptr, nullptr, 0));
      if (m_connection.retry_with_text_nulls(res.get())) {
        std::replace(p.types.begin(), p.types.end(), Oid{0}, k_text_oid);
        res.reset(libpq().PQexecParams(m_connection.handle(), m_sql.c_str(), p.count(),
                                       p.types.data(), p.texts.data(), nullptr, nullptr, 0));
      }
    }
    m_connection.check(res.get(), fmt::format("SQL error in '{}'", m_sql.substr(0, 60)));
    m_connection.set_changes(PgConnection::count_changed(res.get()));
    m_result = std::move(res);
    m_row = -1;
  }
  ++m_row;
  return m_row < libpq().PQntuples(m_result.get());
}

bool
PgStatement::send()
{
  pad_values(m_values, m_parameters);
  return m_connection.send(m_sql, m_values);
}

bool
is_keyword_name(std::string_view name)
{
  for (const std::string_view key : {"service=", "dbname=", "host="}) {
    for (auto at = name.find(key); at != std::string_view::npos; at = name.find(key, at + 1)) {
      if (at == 0 || name[at - 1] == ' ' || name[at - 1] == '\t') {
        return true;
      }
    }
  }
  return false;
}

// `query` ("a=1&password=x&b=2") without its password parameter.
std::string
without_password_parameter(std::string_view query)
{
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) {
      end = query.size();
    }
    const auto part = query.substr(start, end - start);
    if (!part.empty() && !part.starts_with("password=") && part != "password") {
      if (!out.empty()) {
        out += '&';
      }
      out += part;
    }
    start = end + 1;
  }
  return out;
}

} // namespace

bool
is_postgresql_name(std::string_view name) noexcept
{
  return name.starts_with("postgresql://") || name.starts_with("postgres://") ||
         is_keyword_name(name);
}

std::string
postgresql_display_name(std::string_view name)
{
  if (name.starts_with("postgresql://") || name.starts_with("postgres://")) {
    const auto authority = name.find("://") + 3;
    auto authority_end = name.find_first_of("/?", authority);
    if (authority_end == std::string_view::npos) {
      authority_end = name.size();
    }
    std::string out(name.substr(0, authority));
    const auto at = name.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at >= authority) {
      const auto userinfo = name.substr(authority, at - authority);
      out += userinfo.substr(0, userinfo.find(':'));
      out += name.substr(at, authority_end - at);
    } else {
      out += name.substr(authority, authority_end - authority);
    }
    const auto question = name.find('?', authority_end);
    out +=
        name.substr(authority_end, question == std::string_view::npos ? std::string_view::npos
                                                                      : question - authority_end);
    if (question != std::string_view::npos) {
      const auto query = without_password_parameter(name.substr(question + 1));
      if (!query.empty()) {
        out += '?';
        out += query;
      }
    }
    return out;
  }
  // keyword=value pairs, a value quoted in '' with \ escapes or bare up to the next space.
  std::string out;
  std::size_t i = 0;
  const auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; };
  while (i < name.size()) {
    while (i < name.size() && is_space(name[i])) {
      ++i;
    }
    if (i == name.size()) {
      break;
    }
    const auto start = i;
    while (i < name.size() && name[i] != '=' && !is_space(name[i])) {
      ++i;
    }
    const auto key = name.substr(start, i - start);
    while (i < name.size() && (is_space(name[i]) || name[i] == '=')) {
      ++i;
    }
    if (i < name.size() && name[i] == '\'') {
      for (++i; i < name.size() && name[i] != '\''; ++i) {
        if (name[i] == '\\') {
          ++i;
        }
      }
      ++i;
    } else {
      while (i < name.size() && !is_space(name[i])) {
        if (name[i] == '\\') {
          ++i;
        }
        ++i;
      }
    }
    i = std::min(i, name.size());
    if (key != "password") {
      if (!out.empty()) {
        out += ' ';
      }
      out += name.substr(start, i - start);
    }
  }
  return out;
}

std::string
postgresql_placeholders(std::string_view sql, int* highest)
{
  if (highest != nullptr) {
    *highest = 0;
  }
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char ch = sql[i];
    if (ch == '\'' || ch == '"') {
      // A string literal or a quoted name, its quote doubled inside: copied as it is.
      const auto close = [&] {
        for (auto j = i + 1; j < sql.size(); ++j) {
          if (sql[j] == ch) {
            if (j + 1 < sql.size() && sql[j + 1] == ch) {
              ++j;
              continue;
            }
            return j + 1;
          }
        }
        return sql.size();
      }();
      out += sql.substr(i, close - i);
      i = close;
    } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const auto nl = sql.find('\n', i);
      const auto end = nl == std::string_view::npos ? sql.size() : nl;
      out += sql.substr(i, end - i);
      i = end;
    } else if (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto close = sql.find("*/", i + 2);
      const auto end = close == std::string_view::npos ? sql.size() : close + 2;
      out += sql.substr(i, end - i);
      i = end;
    } else if (ch == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '$';
      ++i;
      int n = 0;
      for (; i < sql.size() && sql[i] >= '0' && sql[i] <= '9'; ++i) {
        out += sql[i];
        n = std::min(n * 10 + (sql[i] - '0'), 1000000);
      }
      if (highest != nullptr) {
        *highest = std::max(*highest, n);
      }
    } else {
      out += ch;
      ++i;
    }
  }
  return out;
}

std::unique_ptr<Connection>
open_postgresql(const std::string& name, OpenMode mode, int busy_timeout_ms)
{
  const auto display = postgresql_display_name(name);
  if (mode == OpenMode::memory) {
    throw Error(ExitCode::software, "an in-memory database is SQLite's only");
  }
  // A name libpq cannot parse is a usage error, not a server to try again later; and libpq's
  // message quotes the name whole, password and all, so it is shown with the display name.
  {
    char* why = nullptr;
    PQconninfoOption* options = libpq().PQconninfoParse(name.c_str(), &why);
    if (options == nullptr) {
      std::string reason = first_line(why != nullptr ? why : "out of memory");
      if (why != nullptr) {
        libpq().PQfreemem(why);
      }
      for (auto at = reason.find(name); at != std::string::npos; at = reason.find(name, at)) {
        reason.replace(at, name.size(), display);
        at += display.size();
      }
      throw Error(ExitCode::usage,
                  fmt::format("not a valid PostgreSQL connection name: {} ({})", display, reason));
    }
    libpq().PQconninfoFree(options);
  }
  std::unique_ptr<PGconn, PgConnDeleter> conn(libpq().PQconnectdb(name.c_str()));
  if (!conn) {
    throw Error(ExitCode::temp_failure,
                fmt::format("cannot connect to database {}: out of memory", display));
  }
  if (libpq().PQstatus(conn.get()) != CONNECTION_OK) {
    // Refused, unreachable, starting up, too many clients: try again later. A password named
    // in the message would be libpq's own; it never repeats the one given.
    throw Error(ExitCode::temp_failure,
                fmt::format("cannot connect to database {}: {}", display,
                            first_line(libpq().PQerrorMessage(conn.get()))));
  }
  libpq().PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  const bool read_only = mode == OpenMode::read_only;
  auto connection = std::make_unique<PgConnection>(std::move(conn), display, busy_timeout_ms);
  // The tables live in the schema `feedback` (migrate() creates it). No JIT compilation: the
  // server compiles a query whose estimated cost passes jit_above_cost, and for the whole
  // council's open cases that took 544 ms of a 1.26 s query on the 1,000,000-case data (EXPLAIN
  // ANALYZE), where the query itself ran in 0.6 s; no command here runs long enough to win it
  // back.
  //
  // Whether the schema is there: a database given as existing must hold one, a new one none.
  // A feedback schema has its schema_info table, found in the catalog's cache. Counting tables
  // through pg_tables, a view planned afresh by each new session, took 2.0-2.9 ms as a session's
  // first statement, this 1.3-1.8 ms (psql, 1,000,000-case data): it is asked only when
  // schema_info is missing (a new database, or a schema holding other tables). The settings and
  // the question go out together (start_session), and, opening a database that must exist, what
  // every command reads first (session_reads) with them: one round trip where there were two.
  std::vector<std::string> settings{"SET search_path = feedback", "SET jit = off"};
  if (read_only) {
    settings.emplace_back("SET default_transaction_read_only = on");
  }
  const bool must_exist = mode == OpenMode::existing || mode == OpenMode::read_only;
  const auto reads = detail::session_reads();
  std::int64_t tables = connection->start_session(
      settings,
      "SELECT count(*) FROM pg_catalog.pg_class WHERE oid = to_regclass('feedback.schema_info')",
      must_exist ? std::span<const AheadStatement>(reads) : std::span<const AheadStatement>());
  if (tables == 0) {
    auto probe = connection->prepare(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'feedback'",
        StatementOptions{});
    probe->step();
    tables = probe->column_int64(0);
  }
  if (must_exist && tables == 0) {
    throw Error(ExitCode::no_input,
                fmt::format("database {} holds no feedback schema (create it with "
                            "'feedback-admin init')",
                            display));
  }
  if ((mode == OpenMode::create_new || mode == OpenMode::initialise) && tables != 0) {
    throw Error(ExitCode::cant_create,
                fmt::format("database already exists, not overwriting it: {}", display));
  }
  return connection;
}

} // namespace feedback::detail
