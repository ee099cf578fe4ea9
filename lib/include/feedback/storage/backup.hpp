// SPDX-License-Identifier: MIT
// Backups an administrator can trust: a consistent copy of a live database in a new private file,
// verified before it is kept, and a restore that refuses a copy that does not verify.
#pragma once

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

#include <cstdint>
#include <string>

namespace feedback {

struct BackupResult
{
  std::uintmax_t bytes = 0; // the size of the file written
  int schema_version = 0;   // of the copy
  CheckResult check;        // what verifying the copy found (all passed)
};

// Copies `db` to a new file at `path` while other programs keep writing to it: one consistent
// snapshot (SQLite's online backup API, in one read transaction that never stops the writers),
// written to a hidden file beside `path`, verified with check_database() (integrity, foreign
// keys, schema and whatever else `feedback-admin check` checks), made durable, and only then
// given its name. The copy is one self-contained file (no write-ahead log beside it), readable and
// writable by its owner only. An existing file is never overwritten.
// Throws Error(cant_create) if `path` exists or cannot be created, Error(data_error) if the copy
// does not verify (its findings in the message; nothing is left behind), Error(temp_failure) if
// the database stayed busy, Error(io_error) if the copy cannot be written.
BackupResult backup_database(Database& db, const std::string& path);

struct RestoreResult
{
  int schema_version = 0; // of the database after the restore (the backup's, brought up to date)
  CheckResult check;      // what verifying the backup found (all passed)
};

// Replaces the content of `db` with the backup at `path`, if the backup verifies. The backup is
// read without being changed and copied to a private file beside `db`, brought to this program's
// schema (refused if it is not a feedback database or is newer than this program), and checked
// with check_database(); only then is it copied into `db`, in one step that other connections see
// whole, rather than a file replaced under their feet.
// Throws Error(no_input) if `path` does not exist, Error(data_error) if it is not a feedback
// database, is newer than this program or does not verify (`db` unchanged), Error(temp_failure) if
// `db` stayed busy.
RestoreResult restore_database(Database& db, const std::string& path);

} // namespace feedback
