// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/storage/database.hpp>

#include <string>
#include <vector>

namespace feedback {

// `PRAGMA application_id` of a feedback database ("FDBK").
constexpr int k_application_id = 0x4644424b;

// The schema version this program writes: the number of migrations in schema/.
int latest_schema_version() noexcept;

// Brings `db` to the latest schema in one IMMEDIATE transaction, then turns on WAL.
// A new empty file is initialised. Throws Error(data_error) for a file that is not a feedback
// database, or one whose schema is newer than this program's; such files are not modified.
void migrate(Database& db);

// The schema version recorded in `db`.
int schema_version(Database& db);

struct CheckResult
{
  bool ok = true;
  std::vector<std::string> lines; // one finding per line, problems and passes alike
};

// Integrity, foreign-key and schema checks of an open database, the audit chain, and every
// stored date (one line per bad value: table, column, row, case reference, value).
CheckResult check_database(Database& db);

} // namespace feedback
