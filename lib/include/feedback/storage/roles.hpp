// SPDX-License-Identifier: MIT
// PostgreSQL's roles for a council's team (issue 15): one login per officer, each granted one of
// three group roles, so that the server itself enforces who may read and change what, and the
// audit trail records the database user. SQLite has no users: a SQLite file's access is its
// file permissions.
#pragma once

#include <feedback/storage/database.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace feedback {

// The group roles `create_roles` makes. Officers may also do what reporting may; administrators
// what officers may.
// Reads and writes cases, contacts and their events; reads the policy.
inline constexpr std::string_view k_officer_role = "feedback_officer";
// Reads the tables and columns that hold no personal data (is_personal_column): the server
// refuses the rest, as SQLite's report connection refuses it.
inline constexpr std::string_view k_reporting_role = "feedback_reporting";
// Everything: policy, services, calendar, templates, retention.
inline constexpr std::string_view k_admin_role = "feedback_admin";

// The engine Database::open would use for `name` (a PostgreSQL name, else a SQLite file).
Engine engine_for(std::string_view name) noexcept;

// Creates the three roles if they do not exist yet and grants each its privileges on the schema's
// tables as they are now (again after a migration adds tables: running it again is harmless).
// Error(usage) on SQLite; on PostgreSQL the login needs CREATEROLE and to own the schema.
void create_roles(Database& db);

// The login this database records as the officer of a change: on PostgreSQL, the session's user
// when it is a login granted one of the roles (not a superuser); otherwise nullopt (SQLite, or
// a database without the roles, where the officer is named by the program).
std::optional<std::string> officer_login(Database& db);

// The one rule for the officer a change is recorded against. Where the database records its
// login (`login`, from officer_login), that login: `named` (--officer) may only repeat it, else
// Error(usage) naming both. Elsewhere `named` if given, else `usual` (the OS user, or a
// program's own name such as the nightly run's).
std::string recorded_officer(const std::optional<std::string>& login, std::string_view named,
                             std::string_view usual);

} // namespace feedback
