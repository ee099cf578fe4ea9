// SPDX-License-Identifier: MIT
#include "storage/audit_chain.hpp"
#include "storage/bulk.hpp"
#include "storage/migrate_steps.hpp"
#include "storage/policy_store.hpp"
#include "storage/schema_sql.hpp"
#include "storage/session_sql.hpp"
#include "storage/stored_check.hpp"

#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace feedback {

namespace {

std::int64_t
pragma_int(Database& db, const char* sql)
{
  Statement st(db, sql);
  return st.step() ? st.column_int64(0) : 0;
}

// Each table's name and its CREATE statement.
std::map<std::string, std::string>
table_definitions(Database& db)
{
  std::map<std::string, std::string> out;
  Statement st(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table'");
  while (st.step()) {
    out.emplace(st.column_view(0), st.column_view(1));
  }
  return out;
}

// The tables whose references a migration may have broken: those new or changed since
// `before`, and those that refer to one of them.
std::vector<std::string>
tables_to_check(Database& db, const std::map<std::string, std::string>& before)
{
  const auto after = table_definitions(db);
  std::set<std::string> changed;
  for (const auto& [name, sql] : after) {
    const auto it = before.find(name);
    if (it == before.end() || it->second != sql) {
      changed.insert(name);
    }
  }
  std::vector<std::string> out;
  for (const auto& [name, sql] : after) {
    bool check = changed.contains(name);
    Statement parents(db, "SELECT \"table\" FROM pragma_foreign_key_list(?1)");
    parents.bind(1, name);
    while (!check && parents.step()) {
      check = changed.contains(std::string(parents.column_view(0)));
    }
    if (check) {
      out.push_back(name);
    }
  }
  return out;
}

int
latest_schema_version_here() noexcept
{
  return static_cast<int>(detail::migrations().size());
}

// ---- SQLite: the version and application id in the file's header (PRAGMAs) ----

int
sqlite_schema_version(Database& db)
{
  return static_cast<int>(pragma_int(db, "PRAGMA user_version"));
}

void
migrate_sqlite(Database& db)
{
  const int latest = latest_schema_version_here();
  // Read first without a write lock: the common case is an up-to-date file, and a reader
  // must not queue behind the nightly escalation run.
  auto app_id = pragma_int(db, "PRAGMA application_id");
  auto version = pragma_int(db, "PRAGMA user_version");
  if (app_id == k_application_id && version == latest) {
    return;
  }
  {
    // Some migrations rebuild a table (SQLite cannot drop a CHECK constraint), which needs
    // foreign keys off, and that must be set outside the transaction (schema/0009's header). The
    // rows copied passed the same checks when they were written, so CHECK constraints are not
    // evaluated again either: copying a million cases costs a sixth. Both come back on when this
    // ends; foreign_key_check below verifies every reference before the commit.
    detail::RelaxedConstraints relaxed(db);
    Transaction tx(db);
    app_id = pragma_int(db, "PRAGMA application_id");
    version = pragma_int(db, "PRAGMA user_version");
    const auto tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
    const bool empty_file = app_id == 0 && version == 0 && tables == 0;
    if (!empty_file && app_id != k_application_id) {
      throw Error(
          ExitCode::data_error,
          fmt::format("{}: not a feedback database (application_id {:#x})", db.path(), app_id));
    }
    if (version > latest) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: schema version {} is newer than this program supports ({}); "
                              "use a newer feedback release",
                              db.path(), version, latest));
    }
    const auto before = table_definitions(db);
    const auto& all = detail::migrations();
    for (auto v = version; v < latest; ++v) {
      db.exec(all[static_cast<std::size_t>(v)].sql);
    }
    // What SQL alone cannot do: hash the trail written before the chain (the migration
    // schema/*_personal_data.sql leaves it in case_event_v6).
    detail::carry_audit_trail(db);
    detail::write_policy_documents(db);
    // Every reference a migration could have broken: those of the tables it made or changed,
    // and those into them. The other tables' rows were not touched (checking every table of a
    // million cases took two minutes at each upgrade).
    for (const auto& table : tables_to_check(db, before)) {
      Statement check(db, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check(?1)");
      check.bind(1, table);
      if (check.step()) {
        throw Error(ExitCode::software,
                    fmt::format("{}: migrating to schema {} left table {} row {} referring to a "
                                "missing row of {}; the database is unchanged",
                                db.path(), latest, check.column_view(0), check.column_int64(1),
                                check.column_view(2)));
      }
    }
    // PRAGMA takes no parameters: only integer constants are formatted in.
    db.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
    db.exec(fmt::format("PRAGMA user_version = {}", latest));
    tx.commit();
  }
  // Persistent in the file; cannot change inside a transaction.
  db.exec("PRAGMA journal_mode = WAL");
}

CheckResult
check_sqlite(Database& db)
{
  CheckResult result;
  const auto app_id = pragma_int(db, "PRAGMA application_id");
  const auto version = pragma_int(db, "PRAGMA user_version");
  if (app_id != k_application_id) {
    result.ok = false;
    result.lines.push_back(
        fmt::format("application_id: {:#x}, expected {:#x}", app_id, k_application_id));
  } else {
    result.lines.push_back("application_id: ok");
  }
  if (version != latest_schema_version_here()) {
    result.ok = false;
    result.lines.push_back(
        fmt::format("schema version: {}, expected {}", version, latest_schema_version_here()));
  } else {
    result.lines.push_back(fmt::format("schema version: {} ok", version));
  }
  {
    Statement st(db, "PRAGMA integrity_check");
    std::vector<std::string> problems;
    while (st.step()) {
      auto line = st.column_text(0).value_or("");
      if (line != "ok") {
        problems.push_back(line);
      }
    }
    if (problems.empty()) {
      result.lines.push_back("integrity: ok");
    } else {
      result.ok = false;
      for (const auto& p : problems) {
        result.lines.push_back("integrity: " + p);
      }
    }
  }
  {
    Statement st(db, "PRAGMA foreign_key_check");
    int count = 0;
    while (st.step()) {
      ++count;
      result.lines.push_back(fmt::format("foreign key: table {} row {} refers to missing {}",
                                         st.column_view(0), st.column_int64(1), st.column_view(2)));
    }
    if (count == 0) {
      result.lines.push_back("foreign keys: ok");
    } else {
      result.ok = false;
    }
  }
  if (pragma_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                     "AND name = 'event_text'") != 0) {
    detail::check_audit_trail(db, result);
  }
  detail::check_stored_dates(db, result);
  if (version == latest_schema_version_here()) {
    detail::check_policy_documents(db, result);
  }
  {
    Statement st(db, "PRAGMA journal_mode");
    const auto mode = st.step() ? st.column_text(0).value_or("") : "";
    result.lines.push_back(fmt::format("journal mode: {}", mode));
  }
  return result;
}

// ---- PostgreSQL: the version and application id in a table of one row, schema_info ----

struct Stamp
{
  std::int64_t application_id = 0;
  std::int64_t version = 0;
};

// The schema's stamp, or nullopt when the schema `feedback` has no schema_info.
std::optional<Stamp>
postgresql_stamp(Database& db)
{
  {
    Statement exists(db, detail::k_stamp_exists_sql);
    if (!exists.step() || exists.column_int64(0) == 0) {
      return std::nullopt;
    }
  }
  Statement st(db, detail::k_stamp_sql);
  if (!st.step()) {
    return Stamp{};
  }
  return Stamp{st.column_int64(0), st.column_int64(1)};
}

int
postgresql_schema_version(Database& db)
{
  const auto stamp = postgresql_stamp(db);
  return stamp ? static_cast<int>(stamp->version) : 0;
}

} // namespace

namespace detail {

void
migrate_postgresql_in_transaction(Database& db)
{
  const int latest = latest_schema_version_here();
  // The foreign keys are deferred to the commit (schema/postgresql/0001_initial.sql), but a
  // step's ALTER TABLE cannot run while checks of rows an earlier step inserted are pending:
  // within the migration every check is made at once.
  db.exec("SET CONSTRAINTS ALL IMMEDIATE");
  db.exec("CREATE SCHEMA IF NOT EXISTS feedback");
  const auto stamp = postgresql_stamp(db);
  const auto tables = pragma_int(db, "SELECT count(*) FROM pg_catalog.pg_tables "
                                     "WHERE schemaname = 'feedback'");
  const bool empty_schema = !stamp && tables == 0;
  if (!empty_schema && (!stamp || stamp->application_id != k_application_id)) {
    throw Error(
        ExitCode::data_error,
        fmt::format("{}: not a feedback database (schema feedback holds other tables)", db.path()));
  }
  const auto version = stamp ? stamp->version : 0;
  if (version > latest) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: schema version {} is newer than this program supports ({}); "
                            "use a newer feedback release",
                            db.path(), version, latest));
  }
  const auto& all = detail::postgresql_migrations();
  for (auto v = version; v < latest; ++v) {
    db.exec(all[static_cast<std::size_t>(v)].sql);
  }
  detail::carry_audit_trail(db);
  detail::write_policy_documents(db);
  if (!stamp) {
    db.exec("CREATE TABLE schema_info (application_id BIGINT NOT NULL, version BIGINT NOT NULL); "
            "INSERT INTO schema_info VALUES (0, 0)");
  }
  Statement(db, "UPDATE schema_info SET application_id = ?1, version = ?2")
      .bind(1, static_cast<std::int64_t>(k_application_id))
      .bind(2, static_cast<std::int64_t>(latest))
      .run();
}

} // namespace detail

namespace {

// The same numbered steps as SQLite's, in PostgreSQL's dialect (schema/postgresql/), in one
// transaction: DDL is transactional there, so a failed step leaves nothing behind.
void
migrate_postgresql(Database& db)
{
  const int latest = latest_schema_version_here();
  // Read first without the writers' lock: the common case is an up-to-date schema.
  const auto stamp = postgresql_stamp(db);
  if (stamp && stamp->application_id == k_application_id && stamp->version == latest) {
    return;
  }
  Transaction tx(db);
  detail::migrate_postgresql_in_transaction(db);
  tx.commit();
}

CheckResult
check_postgresql(Database& db)
{
  CheckResult result;
  const auto stamp = postgresql_stamp(db).value_or(Stamp{});
  if (stamp.application_id != k_application_id) {
    result.ok = false;
    result.lines.push_back(fmt::format("application_id: {:#x}, expected {:#x}",
                                       stamp.application_id, k_application_id));
  } else {
    result.lines.push_back("application_id: ok");
  }
  if (stamp.version != latest_schema_version_here()) {
    result.ok = false;
    result.lines.push_back(fmt::format("schema version: {}, expected {}", stamp.version,
                                       latest_schema_version_here()));
  } else {
    result.lines.push_back(fmt::format("schema version: {} ok", stamp.version));
  }
  // The server enforces every constraint and foreign key as each row is written: there is no
  // file to check page by page.
  if (pragma_int(db, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'feedback' "
                     "AND tablename = 'event_text'") != 0) {
    detail::check_audit_trail(db, result);
  }
  if (stamp.version == latest_schema_version_here()) {
    detail::check_policy_documents(db, result);
  }
  return result;
}

} // namespace

int
latest_schema_version() noexcept
{
  return latest_schema_version_here();
}

int
schema_version(Database& db)
{
  return db.engine() == Engine::postgresql ? postgresql_schema_version(db)
                                           : sqlite_schema_version(db);
}

void
migrate(Database& db)
{
  if (db.engine() == Engine::postgresql) {
    migrate_postgresql(db);
  } else {
    migrate_sqlite(db);
  }
}

CheckResult
check_database(Database& db)
{
  return db.engine() == Engine::postgresql ? check_postgresql(db) : check_sqlite(db);
}

} // namespace feedback
