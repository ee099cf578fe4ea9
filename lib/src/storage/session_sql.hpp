// SPDX-License-Identifier: MIT
// Private to the library: the statements every command runs once its database is open, written
// once for the modules that run them (migrate, roles, settings) and for the PostgreSQL engine's
// open, which sends them ahead.
#pragma once

#include "storage/backend.hpp"

#include <feedback/storage/roles.hpp>

#include <array>
#include <string_view>

namespace feedback::detail {

// PostgreSQL's schema stamp (migrate.cpp): whether schema_info exists, then its one row.
constexpr std::string_view k_stamp_exists_sql =
    "SELECT to_regclass('feedback.schema_info') IS NOT NULL";
constexpr std::string_view k_stamp_sql = "SELECT application_id, version FROM feedback.schema_info";

// The login and whether the audit trail records it (roles.cpp's officer_login), with the
// reporting, officer and administration roles as ?1, ?2 and ?3. pg_has_role fails for a role
// that does not exist: asked only once all three do. Every answer comes from the catalog's
// caches (to_regrole, is_superuser: the session's own user, as no role was set yet), not from
// the pg_roles view, which each new session plans afresh.
constexpr std::string_view k_login_sql =
    "SELECT session_user, CASE WHEN to_regrole(?1) IS NOT NULL AND to_regrole(?2) IS NOT NULL "
    "AND to_regrole(?3) IS NOT NULL AND current_setting('is_superuser') = 'off' THEN "
    "pg_has_role(session_user, ?2, 'MEMBER') ELSE false END";

// A setting's value (settings.cpp), the key as ?1.
constexpr std::string_view k_setting_sql = "SELECT value FROM setting WHERE key = ?1";

// What a command reads once its database is open, in this order: whether the schema is up to
// date (migrate), the login the audit trail records (officer_login) and the calendar's region
// (load_calendar). On PostgreSQL, opening a database that must exist sends them ahead with the
// session's settings: one round trip instead of four; SQLite has none to save.
inline std::array<AheadStatement, 4>
session_reads()
{
  return {{{k_stamp_exists_sql, {}},
           {k_stamp_sql, {}},
           {k_login_sql, {k_reporting_role, k_officer_role, k_admin_role}},
           {k_setting_sql, {std::string_view("region")}}}};
}

} // namespace feedback::detail
