// SPDX-License-Identifier: MIT
// A copy between engines, and a digest of a database's content (copy.hpp).
//
// Generic by table: each table's columns are read from the engine's catalogue with their declared
// type (an integer, or text: the schema has no other), and every value travels as its text, an
// integer parsed back so that it is bound as one. Nothing in a row is interpreted: the audit
// chain's hashes, the ids they cover and the redacted texts arrive as they were.
//
// Reading: one snapshot of the source (SQLite: a read transaction, which never stops its writers
// in WAL mode; PostgreSQL: REPEATABLE READ, READ ONLY). SQLite steps through a table's rows as it
// reads them; libpq would hold a whole result in memory, so on PostgreSQL a cursor is fetched a
// batch at a time.
//
// Writing: a multi-row INSERT per table (BatchInsert) in one transaction. On PostgreSQL the new
// schema is made in the same transaction, its foreign keys checked at the commit (they are all
// deferrable), and the identity sequences are set past the ids copied. The append-only triggers
// are never turned off there: they refuse changes and deletions, and the copy only inserts. On
// SQLite the new file is made first and removed again if the copy fails; the copy runs with
// constraints relaxed and in bulk-load mode on that connection alone (bulk.hpp), as the importer
// does into a new file, since every row passed the same constraints in the source.
#include "storage/backend.hpp"
#include "storage/bulk.hpp"
#include "storage/migrate_steps.hpp"

#include <feedback/storage/copy.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/digest.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace feedback {

namespace {

struct CopiedTable
{
  std::string_view name;
  std::string_view key; // its primary key's columns, comma-separated: the order rows go in
};

// Every table, parents first. Listed here once: the copy and the digest both go by it.
constexpr std::array k_tables{
    CopiedTable{"setting", "key"},
    CopiedTable{"closure_day", "day"},
    CopiedTable{"bank_holiday_year", "region,year"},
    CopiedTable{"bank_holiday", "region,day"},
    CopiedTable{"proclaimed_holiday", "region,day"},
    CopiedTable{"letter_template", "name"},
    CopiedTable{"policy_version", "version"},
    CopiedTable{"policy_procedure", "version,code"},
    CopiedTable{"policy_stage", "version,procedure,stage"},
    CopiedTable{"policy_type", "version,type"},
    CopiedTable{"policy_subtype", "version,type,code"},
    CopiedTable{"policy_service_override", "version,service,procedure,stage"},
    CopiedTable{"policy_ladder", "version,level"},
    CopiedTable{"policy_rule", "version,ordinal"},
    CopiedTable{"policy_setting", "version,key"},
    CopiedTable{"policy_word", "version,kind,code"},
    CopiedTable{"policy_source", "version,path"},
    CopiedTable{"service", "code"},
    CopiedTable{"service_event", "id"},
    CopiedTable{"case_record", "id"},
    CopiedTable{"case_stage", "id"},
    CopiedTable{"case_hold", "id"},
    CopiedTable{"case_extension", "id"},
    CopiedTable{"case_area", "stage_id,area"},
    CopiedTable{"event_text", "id"},
    CopiedTable{"case_event", "id"},
    CopiedTable{"case_redaction", "case_id"},
    CopiedTable{"person", "case_id"},
    CopiedTable{"learning", "id"},
    CopiedTable{"survey", "id"},
    CopiedTable{"escalation_step", "id"},
    CopiedTable{"ombudsman_case", "case_id"},
    CopiedTable{"remedy", "id"},
    CopiedTable{"import_record", "case_id"},
    CopiedTable{"case_legacy", "case_id"},
    CopiedTable{"import_event", "case_id,event_key"},
    CopiedTable{"legal_hold", "id"},
    CopiedTable{"equality_monitoring", "case_id,characteristic"},
    CopiedTable{"case_tag", "case_id,tag"},
    CopiedTable{"campaign", "id"},
    CopiedTable{"campaign_case", "case_id"},
    CopiedTable{"contact_restriction", "id"},
};

// Rows fetched from a PostgreSQL cursor at a time, and at most values and rows written per
// INSERT. SQLite prepares a statement in time that grows with the square of its numbered
// parameters (sqlite3VListNumToName): 20,000 made each table's two statements cost 40 ms, a
// copy of 3,000 cases 1.6 s of CPU, where 2,000 cost next to nothing; a hundred rows a round trip
// is most of what batching gains on PostgreSQL.
constexpr int k_fetch_rows = 2000;
constexpr int k_insert_values = 2000;
constexpr int k_insert_rows = 200;

std::string
sql_name(std::string_view name)
{
  if (name.find('"') != std::string_view::npos) {
    throw Error(ExitCode::software, fmt::format("unexpected table or column name '{}'", name));
  }
  return fmt::format("\"{}\"", name);
}

// The tables the database holds (PostgreSQL: in the schema feedback, but for its stamp).
std::set<std::string>
present_tables(Database& db)
{
  std::set<std::string> out;
  Statement st(db, EngineSql{"SELECT name FROM sqlite_schema WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                             "SELECT tablename FROM pg_catalog.pg_tables "
                             "WHERE schemaname = 'feedback' AND tablename <> 'schema_info'"});
  while (st.step()) {
    out.emplace(st.column_view(0));
  }
  return out;
}

struct Column
{
  std::string name;
  bool integer = false;
};

// A table's columns in their declared order, each an integer or text by its declared type;
// generated columns left out (SQLite's table_info does not list them): they are computed again.
std::vector<Column>
table_columns(Database& db, std::string_view table)
{
  std::vector<Column> out;
  Statement st(db, EngineSql{"SELECT name, type FROM pragma_table_info(?1) ORDER BY cid",
                             "SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_schema = 'feedback' AND table_name = ?1 "
                             "AND is_generated = 'NEVER' ORDER BY ordinal_position"});
  st.bind(1, table);
  while (st.step()) {
    std::string type(st.column_view(1));
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    out.push_back(Column{std::string(st.column_view(0)), type.find("INT") != std::string::npos});
  }
  return out;
}

// "SELECT the columns FROM table ORDER BY its key", text in the key compared byte by byte.
std::string
select_in_key_order(Database& db, const CopiedTable& table, const std::vector<Column>& columns)
{
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + sql_name(columns[i].name);
  }
  sql += fmt::format(" FROM {} ORDER BY ", sql_name(table.name));
  std::string_view key = table.key;
  bool first = true;
  while (!key.empty()) {
    const auto comma = key.find(',');
    const auto name = key.substr(0, comma);
    const auto column = std::find_if(columns.begin(), columns.end(),
                                     [&](const Column& c) { return c.name == name; });
    if (column == columns.end()) {
      throw Error(ExitCode::software,
                  fmt::format("table {} has no key column {}", table.name, name));
    }
    sql += (first ? "" : ", ") + sql_name(name);
    if (!column->integer) {
      // SQLite's BINARY collation already is; a PostgreSQL database may sort by a locale.
      sql += db.sql_for(EngineSql{"", " COLLATE \"C\""});
    }
    first = false;
    key = comma == std::string_view::npos ? std::string_view() : key.substr(comma + 1);
  }
  return sql;
}

// One snapshot of a database for the length of a copy or a digest; ended (never throwing) when
// it goes out of scope.
class ReadSnapshot
{
public:
  explicit ReadSnapshot(Database& db) : m_db(db)
  {
    m_db.exec(m_db.sql_for(EngineSql{"BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"}));
  }
  ~ReadSnapshot()
  {
    try {
      m_db.exec("ROLLBACK");
    } catch (...) { // NOLINT(bugprone-empty-catch): nothing was written; the snapshot ends anyway
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
  Database& m_db;
};

// The rows of one SELECT, one at a time, without holding more than a batch of them (inside a
// ReadSnapshot).
class RowReader
{
public:
  RowReader(Database& db, const std::string& select) : m_db(db)
  {
    if (db.engine() == Engine::postgresql) {
      m_db.exec("DECLARE feedback_copy NO SCROLL CURSOR FOR " + select);
      m_cursor = true;
      m_statement.emplace(m_db, fmt::format("FETCH FORWARD {} FROM feedback_copy", k_fetch_rows));
    } else {
      m_statement.emplace(m_db, select);
    }
  }
  ~RowReader()
  {
    m_statement.reset();
    if (m_cursor) {
      try {
        m_db.exec("CLOSE feedback_copy");
      } catch (...) { // NOLINT(bugprone-empty-catch): the snapshot's end closes it too
      }
    }
  }
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  // True when a row is ready.
  bool next()
  {
    if (m_statement->step()) {
      ++m_batch_rows;
      return true;
    }
    if (!m_cursor || m_batch_rows < k_fetch_rows) {
      return false;
    }
    m_statement->reset();
    m_batch_rows = 0;
    return next();
  }

  bool is_null(int column) const { return m_statement->column_is_null(column); }
  std::string_view text(int column) const { return m_statement->column_view(column); }

private:
  Database& m_db;
  std::optional<Statement> m_statement;
  bool m_cursor = false;
  int m_batch_rows = 0;
};

// The schema version must be this program's on both sides of a copy.
void
require_current(Database& db)
{
  const auto version = schema_version(db);
  if (version != latest_schema_version()) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: schema version {}, and this program copies only version {}: "
                            "migrate it first (any feedback command of this release that opens "
                            "it does, e.g. 'feedback-admin service list')",
                            db.path(), version, latest_schema_version()));
  }
}

void
require_listed(Database& db)
{
  auto present = present_tables(db);
  for (const auto& table : k_tables) {
    if (present.erase(std::string(table.name)) == 0) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: table {} is missing", db.path(), table.name));
    }
  }
  if (!present.empty()) {
    throw Error(ExitCode::software,
                fmt::format("{}: table {} is not one the copy knows (storage/copy.cpp)", db.path(),
                            *present.begin()));
  }
}

std::int64_t
parse_integer(std::string_view text, std::string_view table, std::string_view column)
{
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw Error(ExitCode::data_error,
                fmt::format("table {} column {}: '{}' is not an integer", table, column, text));
  }
  return value;
}

// Copies one table's rows; returns how many.
std::int64_t
copy_table(Database& from, Database& to, const CopiedTable& table)
{
  const auto columns = table_columns(from, table.name);
  const auto target = table_columns(to, table.name);
  std::map<std::string, bool> target_types;
  for (const auto& c : target) {
    target_types.emplace(c.name, c.integer);
  }
  for (const auto& c : columns) {
    const auto it = target_types.find(c.name);
    if (it == target_types.end() || it->second != c.integer) {
      throw Error(ExitCode::software, fmt::format("table {} column {} differs between {} and {}",
                                                  table.name, c.name, from.path(), to.path()));
    }
  }
  if (columns.size() != target.size()) {
    throw Error(ExitCode::software, fmt::format("table {} has more columns in {} than in {}",
                                                table.name, to.path(), from.path()));
  }
  std::string head = fmt::format("INSERT INTO {} (", sql_name(table.name));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    head += (i == 0 ? "" : ", ") + sql_name(columns[i].name);
  }
  head += ")";
  const auto width = static_cast<int>(columns.size());
  detail::BatchInsert insert(to, head, width,
                             std::clamp(k_insert_values / std::max(width, 1), 1, k_insert_rows));
  RowReader reader(from, select_in_key_order(from, table, columns));
  std::int64_t rows = 0;
  while (reader.next()) {
    insert.row();
    for (int i = 0; i < width; ++i) {
      const auto& column = columns[static_cast<std::size_t>(i)];
      if (reader.is_null(i)) {
        insert.null(i);
      } else if (column.integer) {
        insert.integer(i, parse_integer(reader.text(i), table.name, column.name));
      } else {
        insert.text(i, reader.text(i));
      }
    }
    ++rows;
  }
  insert.flush();
  return rows;
}

// The rows of every table into `to`, whose schema is ready: the rows its migrations made
// (the default policy, settings) give way to the source's.
std::vector<TableCount>
copy_rows(Database& from, Database& to)
{
  for (auto it = k_tables.rbegin(); it != k_tables.rend(); ++it) {
    to.exec(fmt::format("DELETE FROM {}", sql_name(it->name)));
  }
  std::vector<TableCount> out;
  for (const auto& table : k_tables) {
    out.push_back(TableCount{std::string(table.name), copy_table(from, to, table)});
  }
  return out;
}

// PostgreSQL: each identity column's next value past the largest id copied.
void
continue_identities(Database& to)
{
  std::vector<std::pair<std::string, std::string>> identities;
  {
    Statement st(to, "SELECT table_name, column_name FROM information_schema.columns "
                     "WHERE table_schema = 'feedback' AND is_identity = 'YES' "
                     "ORDER BY table_name");
    while (st.step()) {
      identities.emplace_back(st.column_view(0), st.column_view(1));
    }
  }
  for (const auto& [table, column] : identities) {
    Statement st(to, fmt::format("SELECT setval(pg_get_serial_sequence(?1, ?2), "
                                 "COALESCE(max({}), 0) + 1, false) FROM {}",
                                 sql_name(column), sql_name(table)));
    st.bind(1, "feedback." + sql_name(table)).bind(2, column);
    while (st.step()) {
    }
  }
}

namespace fs = std::filesystem;

// Puts a SQLite destination back as it was (absent, or an empty file), never throwing.
void
undo_sqlite_destination(const std::string& path, bool existed) noexcept
{
  std::error_code ec;
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    fs::remove(path + suffix, ec);
  }
  if (existed) {
    fs::resize_file(path, 0, ec);
  } else {
    fs::remove(path, ec);
  }
}

} // namespace

std::vector<std::string_view>
copied_tables()
{
  std::vector<std::string_view> out;
  for (const auto& table : k_tables) {
    out.push_back(table.name);
  }
  return out;
}

CopyResult
copy_database(Database& from, const std::string& to)
{
  require_current(from);
  const bool to_postgresql = detail::is_postgresql_name(to);
  std::error_code ec;
  const bool existed = !to_postgresql && fs::exists(to, ec);
  CopyResult result;
  result.schema_version = latest_schema_version();
  {
    // Refused here when it holds anything: nothing has been written yet.
    auto destination = Database::open(to, OpenMode::initialise);
    result.destination = destination.path();
    try {
      ReadSnapshot snapshot(from);
      require_listed(from);
      if (to_postgresql) {
        Transaction tx(destination);
        detail::migrate_postgresql_in_transaction(destination);
        // Every foreign key is deferrable: checked at the commit, once the rows are all there.
        destination.exec("SET CONSTRAINTS ALL DEFERRED");
        result.tables = copy_rows(from, destination);
        continue_identities(destination);
        tx.commit();
      } else {
        migrate(destination);
        detail::RelaxedConstraints relaxed(destination);
        detail::BulkLoad bulk(destination);
        Transaction tx(destination);
        result.tables = copy_rows(from, destination);
        tx.commit();
      }
    } catch (...) {
      if (!to_postgresql) {
        // Closed before it is removed.
        destination = Database::open(":memory:", OpenMode::memory);
        undo_sqlite_destination(to, existed);
      }
      throw;
    }
  }
  return result;
}

DatabaseDigest
digest_database(Database& db)
{
  DatabaseDigest out;
  out.schema_version = schema_version(db);
  ReadSnapshot snapshot(db);
  const auto present = present_tables(db);
  Sha256 sha;
  Sha256 all;
  const auto put = [&sha](std::optional<std::string_view> value) {
    if (!value) {
      sha.update("-\n");
      return;
    }
    sha.update(fmt::format("{}:", value->size())).update(*value).update("\n");
  };
  for (const auto& table : k_tables) {
    if (!present.contains(std::string(table.name))) {
      continue; // an older schema: digested as far as it goes
    }
    auto columns = table_columns(db, table.name);
    // The same order on both engines whatever order the columns were added in.
    std::sort(columns.begin(), columns.end(),
              [](const Column& a, const Column& b) { return a.name < b.name; });
    for (const auto& c : columns) {
      put(c.name);
    }
    TableDigest digest{std::string(table.name), 0, {}};
    RowReader reader(db, select_in_key_order(db, table, columns));
    const auto width = static_cast<int>(columns.size());
    while (reader.next()) {
      for (int i = 0; i < width; ++i) {
        put(reader.is_null(i) ? std::nullopt : std::optional(reader.text(i)));
      }
      ++digest.rows;
    }
    digest.sha256 = sha.finish();
    all.update(fmt::format("{} {} {}\n", digest.table, digest.rows, digest.sha256));
    out.tables.push_back(std::move(digest));
  }
  out.sha256 = all.finish();
  return out;
}

} // namespace feedback
