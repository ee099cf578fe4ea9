// SPDX-License-Identifier: MIT
// Backup and restore through the engine's own copy (backend.hpp, Connection::copy_into): a
// SQLite file's. A PostgreSQL database is backed up with the server's own tools (pg_dump
// --format=custom, restored with pg_restore --clean --single-transaction), which a council's
// database administrator already runs: both are refused here with exit 69 saying so.
#include "storage/backend.hpp"

#include <feedback/storage/backup.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

namespace feedback {

namespace {

namespace fs = std::filesystem;

// A hidden file beside `path` for work in progress, named by this process.
std::string
scratch_path(const std::string& path, std::string_view what)
{
  const fs::path p(path);
  auto scratch = p;
  scratch.replace_filename(
      fmt::format(".{}.{}-{}", p.filename().string(), what, static_cast<long>(::getpid())));
  return scratch.string();
}

// Removes a scratch file (and SQLite's files beside it) when it goes out of scope, unless
// kept.
class Scratch
{
public:
  explicit Scratch(std::string path) : m_path(std::move(path)) {}
  ~Scratch()
  {
    if (!m_kept) {
      for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::remove((m_path + suffix).c_str());
      }
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::string& path() const noexcept { return m_path; }
  void keep() noexcept { m_kept = true; }

private:
  std::string m_path;
  bool m_kept = false;
};

[[noreturn]] void
refuse(std::string_view what, const CheckResult& check)
{
  // check_database's lines: a pass ends in "ok"; the journal mode is information.
  std::string problems;
  for (const auto& line : check.lines) {
    const bool pass = line.size() >= 2 && line.compare(line.size() - 2, 2, "ok") == 0;
    if (!pass && line.rfind("journal mode", 0) != 0) {
      problems += (problems.empty() ? "" : "; ") + line;
    }
  }
  throw Error(ExitCode::data_error, fmt::format("{} does not verify: {}", what, problems));
}

// Writes the file at `path` through to the disk; `directory` too, so that a rename into it lasts.
void
sync(const std::string& path, int flags)
{
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    throw Error(ExitCode::io_error, fmt::format("cannot write {}: {}", path, std::strerror(err)));
  }
  ::close(fd);
}

void
require_sqlite(const Database& db, std::string_view what)
{
  if (db.engine() == Engine::postgresql) {
    const bool backup = what == "backup";
    throw Error(ExitCode::unsupported,
                fmt::format("{}: a PostgreSQL database is {} with PostgreSQL's own {}, not "
                            "feedback-admin {}, which {}",
                            db.path(), backup ? "backed up" : "restored",
                            backup ? "pg_dump (pg_dump --format=custom --schema=feedback)"
                                   : "pg_restore (pg_restore --clean --single-transaction)",
                            what,
                            backup ? "copies a SQLite file" : "restores a SQLite file's backup"));
  }
}

} // namespace

BackupResult
backup_database(Database& db, const std::string& path)
{
  require_sqlite(db, "backup");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    throw Error(ExitCode::cant_create, fmt::format("{} already exists, not overwriting it", path));
  }
  Scratch scratch(scratch_path(path, "backup"));
  BackupResult result;
  {
    auto copy = Database::open(scratch.path(), OpenMode::create_new);
    detail::DatabaseAccess::connection(db).copy_into(detail::DatabaseAccess::connection(copy));
    // The copy carries the database's journal mode (WAL); a backup is better one file.
    copy.exec("PRAGMA journal_mode = DELETE");
    result.check = check_database(copy);
    if (!result.check.ok) {
      refuse(fmt::format("the copy of {}", db.path()), result.check);
    }
    result.schema_version = schema_version(copy);
  }
  sync(scratch.path(), O_RDONLY);
  if (::link(scratch.path().c_str(), path.c_str()) != 0) {
    // link(), unlike rename(), never replaces a file that appeared meanwhile.
    const int err = errno;
    throw Error(err == EEXIST ? ExitCode::cant_create : ExitCode::io_error,
                fmt::format("cannot create {}: {}", path, std::strerror(err)));
  }
  const auto parent = fs::path(path).parent_path();
  sync(parent.empty() ? std::string(".") : parent.string(), O_RDONLY | O_DIRECTORY);
  result.bytes = fs::file_size(path, ec);
  return result;
}

RestoreResult
restore_database(Database& db, const std::string& path)
{
  require_sqlite(db, "restore");
  RestoreResult result;
  auto backup = Database::open(path, OpenMode::read_only);
  Scratch scratch(scratch_path(db.path(), "restore"));
  auto staged = Database::open(scratch.path(), OpenMode::create_new);
  detail::DatabaseAccess::connection(backup).copy_into(detail::DatabaseAccess::connection(staged));
  // A backup from an older release is brought up to date on the private copy, never on the
  // backup; one that is not a feedback database, or is newer than this program, is refused here.
  migrate(staged);
  result.check = check_database(staged);
  if (!result.check.ok) {
    refuse(fmt::format("the backup {}", path), result.check);
  }
  result.schema_version = schema_version(staged);
  detail::DatabaseAccess::connection(staged).copy_into(detail::DatabaseAccess::connection(db));
  return result;
}

} // namespace feedback
