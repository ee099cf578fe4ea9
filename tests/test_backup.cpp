// SPDX-License-Identifier: MIT
// Backup and restore of a file database: the copy is a consistent snapshot with the same rows,
// private and self-contained; a restore takes a backup that verifies and refuses any other,
// leaving the database as it was. SQLite only ([sqlite-only]): they copy a SQLite file, where a
// PostgreSQL database is backed up with pg_dump.
#include "test_support.hpp"

#include <feedback/storage/backup.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::TempDir;

namespace {

namespace fs = std::filesystem;

// A migrated file database with two services and `cases` cases.
Database
populated(const std::string& path, int cases)
{
  auto db = Database::open(path, OpenMode::create_new);
  migrate(db);
  add_service(db, test::k_highways);
  add_service(db, test::k_waste);
  const Actor actor{"a.officer", "2026-11-22T10:00:00Z", d("2026-11-22")};
  for (int i = 0; i < cases; ++i) {
    create_case(db,
                test::new_case("complaint", "2026-11-20", "email", i % 2 == 0 ? "HWY" : "WST",
                               fmt::format("Case number {}", i)),
                actor);
  }
  return db;
}

// Every row of the tables a restore must bring back, as one text to compare.
std::string
content(Database& db)
{
  std::string out;
  for (const char* sql : {"SELECT code || '|' || name FROM service ORDER BY code",
                          "SELECT reference || '|' || summary FROM case_record ORDER BY reference",
                          "SELECT count(*) FROM case_event"}) {
    Statement st(db, sql);
    while (st.step()) {
      out += st.column_text(0).value_or("NULL") + "\n";
    }
  }
  return out;
}

unsigned
mode_of(const std::string& path)
{
  struct stat st
  {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

} // namespace

TEST_CASE("backup: a private, verified, self-contained copy with the same rows",
          "[backup][db][sqlite-only]")
{
  TempDir dir{"feedback-backup"};
  auto db = populated(dir.file("live.db"), 5);
  const auto result = backup_database(db, dir.file("copy.db"));
  CHECK(result.schema_version == latest_schema_version());
  CHECK(result.check.ok);
  CHECK(result.bytes == fs::file_size(dir.file("copy.db")));
  CHECK(mode_of(dir.file("copy.db")) == 0600U);
  // One file: no write-ahead log beside it, and nothing left of the work in progress.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"copy.db", "live.db", "live.db-shm", "live.db-wal"});
  auto copy = Database::open(dir.file("copy.db"), OpenMode::existing);
  CHECK(test::text(copy, "PRAGMA journal_mode") == "delete");
  CHECK(content(copy) == content(db));
  CHECK(test::number(copy, "SELECT count(*) FROM case_record") == 5);
}

TEST_CASE("backup: never overwrites a file", "[backup][db][sqlite-only]")
{
  TempDir dir{"feedback-backup"};
  auto db = populated(dir.file("live.db"), 1);
  {
    std::ofstream(dir.file("taken.db")) << "precious";
  }
  CHECK(error_code_of([&] { backup_database(db, dir.file("taken.db")); }) == ExitCode::cant_create);
  CHECK(test::read_file(dir.file("taken.db")) == "precious");
  CHECK(error_code_of([&] { backup_database(db, dir.file("no/such/dir/copy.db")); }) ==
        ExitCode::cant_create);
}

TEST_CASE("backup: a snapshot, without what another connection has not committed",
          "[backup][db][sqlite-only]")
{
  TempDir dir{"feedback-backup"};
  auto db = populated(dir.file("live.db"), 2);
  auto other = Database::open(dir.file("live.db"), OpenMode::existing);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO service (code, name, directorate) VALUES ('CSC', 'Care', 'Children')");
  // The writer holds its transaction open while the backup runs: WAL lets the copy read the
  // last committed state without waiting.
  backup_database(db, dir.file("copy.db"));
  other.exec("COMMIT");
  auto copy = Database::open(dir.file("copy.db"), OpenMode::existing);
  CHECK(test::number(copy, "SELECT count(*) FROM service") == 2);
  CHECK(test::number(db, "SELECT count(*) FROM service") == 3);
}

TEST_CASE("restore: a backup that verifies replaces the database's content",
          "[backup][db][sqlite-only]")
{
  TempDir dir{"feedback-backup"};
  auto db = populated(dir.file("live.db"), 4);
  backup_database(db, dir.file("copy.db"));
  const auto before = content(db);
  // Work after the backup is lost by the restore, as an administrator restoring expects.
  add_service(db, test::k_childrens_social_care);
  REQUIRE(content(db) != before);
  const auto result = restore_database(db, dir.file("copy.db"));
  CHECK(result.check.ok);
  CHECK(result.schema_version == latest_schema_version());
  CHECK(content(db) == before);
  // Into a new, empty database as well.
  auto fresh = Database::open(dir.file("fresh.db"), OpenMode::create_new);
  restore_database(fresh, dir.file("copy.db"));
  CHECK(content(fresh) == before);
  // The backup is read, never changed, and no scratch file is left beside the database.
  CHECK(!fs::exists(dir.file("copy.db-wal")));
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    CHECK(entry.path().filename().string().rfind(".", 0) != 0);
  }
}

TEST_CASE("restore: refuses what does not verify, the database unchanged",
          "[backup][db][sqlite-only]")
{
  TempDir dir{"feedback-backup"};
  auto db = populated(dir.file("live.db"), 3);
  const auto before = content(db);
  CHECK(error_code_of([&] { restore_database(db, dir.file("missing.db")); }) == ExitCode::no_input);
  // A SQLite database that is not a feedback database.
  {
    auto other = Database::open(dir.file("other.db"), OpenMode::create_new);
    other.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
  }
  CHECK(error_code_of([&] { restore_database(db, dir.file("other.db")); }) == ExitCode::data_error);
  // A backup whose foreign keys no longer hold.
  backup_database(db, dir.file("broken.db"));
  {
    auto broken = Database::open(dir.file("broken.db"), OpenMode::existing);
    broken.exec("PRAGMA foreign_keys = OFF");
    broken.exec("DELETE FROM service WHERE code = 'HWY'");
  }
  const auto message = test::message_of([&] { restore_database(db, dir.file("broken.db")); });
  CHECK(message.find("does not verify") != std::string::npos);
  CHECK(content(db) == before);
}
