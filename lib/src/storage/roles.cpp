// SPDX-License-Identifier: MIT
// PostgreSQL's group roles and their privileges (feedback-admin init --roles), and the login the
// audit trail records. The reporting role's columns come from is_personal_column, the same list
// SQLite's report connection refuses (storage/personal_data.cpp): one list, two enforcements.
#include "storage/backend.hpp"
#include "storage/session_sql.hpp"

#include <feedback/storage/personal_data.hpp>
#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <map>
#include <string>
#include <vector>

namespace feedback {

namespace {

// The tables that only administrators change: the policy, the services, the calendar, the
// letter templates and the schema's own. Officers read them.
bool
admin_only(std::string_view table) noexcept
{
  if (table.starts_with("policy_")) {
    return true;
  }
  for (const std::string_view t :
       {"service", "service_event", "setting", "bank_holiday", "bank_holiday_year", "closure_day",
        "proclaimed_holiday", "letter_template", "schema_info"}) {
    if (t == table) {
      return true;
    }
  }
  return false;
}

// A name from the catalog written as a quoted identifier (GRANT takes no bound parameters).
std::string
quoted(std::string_view name)
{
  std::string out = "\"";
  for (const char ch : name) {
    out += ch;
    if (ch == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

} // namespace

Engine
engine_for(std::string_view name) noexcept
{
  return detail::is_postgresql_name(name) ? Engine::postgresql : Engine::sqlite;
}

void
create_roles(Database& db)
{
  if (db.engine() != Engine::postgresql) {
    throw Error(ExitCode::usage,
                fmt::format("database {} is a SQLite file: roles need PostgreSQL", db.path()));
  }
  Transaction tx(db);
  for (const auto role : {k_reporting_role, k_officer_role, k_admin_role}) {
    // CREATE ROLE has no IF NOT EXISTS; the role names are the constants above.
    db.exec(fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE "
                        "rolname = '{0}') THEN CREATE ROLE {0} NOLOGIN; END IF; END $$",
                        role));
  }
  db.exec(fmt::format("GRANT {} TO {}", k_reporting_role, k_officer_role));
  db.exec(fmt::format("GRANT {} TO {}", k_officer_role, k_admin_role));
  db.exec(fmt::format("GRANT USAGE ON SCHEMA feedback TO {}", k_reporting_role));

  // The tables and columns as they are now, each table's privileges granted afresh.
  std::map<std::string, std::vector<std::string>> tables;
  {
    Statement st(db, "SELECT table_name, column_name FROM information_schema.columns "
                     "WHERE table_schema = 'feedback' ORDER BY table_name, ordinal_position");
    while (st.step()) {
      tables[std::string(st.column_view(0))].emplace_back(st.column_view(1));
    }
  }
  const auto roles = fmt::format("{}, {}, {}", k_reporting_role, k_officer_role, k_admin_role);
  for (const auto& [table, columns] : tables) {
    const auto name = "feedback." + quoted(table);
    // Revoking a table's privileges revokes its columns' too.
    db.exec(fmt::format("REVOKE ALL ON {} FROM {}", name, roles));
    db.exec(fmt::format("GRANT ALL ON {} TO {}", name, k_admin_role));
    db.exec(fmt::format("GRANT SELECT ON {} TO {}", name, k_officer_role));
    if (!admin_only(table)) {
      db.exec(fmt::format("GRANT INSERT, UPDATE, DELETE ON {} TO {}", name, k_officer_role));
    }
    std::string readable;
    bool all = true;
    for (const auto& column : columns) {
      if (is_personal_column(table, column)) {
        all = false;
        continue;
      }
      readable += readable.empty() ? "" : ", ";
      readable += quoted(column);
    }
    if (all) {
      db.exec(fmt::format("GRANT SELECT ON {} TO {}", name, k_reporting_role));
    } else if (!readable.empty()) {
      db.exec(fmt::format("GRANT SELECT ({}) ON {} TO {}", readable, name, k_reporting_role));
    }
  }
  db.exec(fmt::format("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA feedback TO {}",
                      k_officer_role));
  db.exec(fmt::format("GRANT ALL ON ALL SEQUENCES IN SCHEMA feedback TO {}", k_admin_role));
  // Counts of the equality monitoring answers, which reporting may not read (schema 17).
  db.exec(fmt::format("GRANT EXECUTE ON FUNCTION feedback.equality_counts(TEXT, TEXT) TO {}",
                      k_reporting_role));
  tx.commit();
}

std::optional<std::string>
officer_login(Database& db)
{
  if (db.engine() != Engine::postgresql) {
    return std::nullopt;
  }
  Statement st(db, detail::k_login_sql);
  st.bind(1, k_reporting_role).bind(2, k_officer_role).bind(3, k_admin_role);
  if (!st.step() || st.column_int64(1) == 0) {
    return std::nullopt;
  }
  return std::string(st.column_view(0));
}

std::string
recorded_officer(const std::optional<std::string>& login, std::string_view named,
                 std::string_view usual)
{
  if (login) {
    if (!named.empty() && named != *login) {
      throw Error(ExitCode::usage,
                  fmt::format("--officer '{}': this database records the login '{}' as the "
                              "officer of every change it makes (log in as '{}' to act as them)",
                              named, *login, named));
    }
    return *login;
  }
  return std::string(named.empty() ? usual : named);
}

} // namespace feedback
