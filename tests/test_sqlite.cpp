// SPDX-License-Identifier: MIT
#include "storage/bulk.hpp"
#include "test_support.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

using namespace feedback;
using feedback::test::error_code_of;

// SQLite's own behaviour: its files, modes, journal and error codes ([sqlite-only]). What every
// engine does the same (binding, transactions, statements run again) is in test_storage.cpp.

namespace {

// A path in a fresh temporary directory, removed with it at the end of the test.
class TempDir
{
public:
  TempDir()
  {
    char tmpl[] = "/tmp/feedback-test-XXXXXX";
    m_path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(m_path); }
  std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
  std::string m_path;
};

} // namespace

TEST_CASE("sqlite: errors map to exit codes", "[sqlite][db][sqlite-only]")
{
  auto db = Database::open("", OpenMode::memory);
  db.exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)");
  Statement(db, "INSERT INTO t VALUES (1)").run();
  CHECK(error_code_of([&] { Statement(db, "INSERT INTO t VALUES (1)").run(); }) ==
        ExitCode::data_error);
  CHECK(error_code_of([&] { Statement(db, "SELEC nonsense"); }) == ExitCode::software);
  CHECK(exit_code_for_sqlite(SQLITE_BUSY_SNAPSHOT) == ExitCode::temp_failure);
  CHECK(exit_code_for_sqlite(SQLITE_IOERR_WRITE) == ExitCode::io_error);
  CHECK(exit_code_for_sqlite(SQLITE_FULL) == ExitCode::io_error);
  CHECK(exit_code_for_sqlite(SQLITE_NOTADB) == ExitCode::data_error);
  CHECK(exit_code_for_sqlite(SQLITE_MISUSE) == ExitCode::software);
}

TEST_CASE("sqlite: files are created for their owner only, and not overwritten",
          "[sqlite][db][sqlite-only]")
{
  TempDir dir;
  const auto path = dir.file("new.db");
  {
    const mode_t old = ::umask(0);
    auto db = Database::open(path, OpenMode::create_new);
    ::umask(old);
    db.exec("CREATE TABLE t (x); PRAGMA journal_mode = WAL; INSERT INTO t VALUES (1)");
    struct stat st
    {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((path + "-wal").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  CHECK(error_code_of([&] { Database::open(path, OpenMode::create_new); }) ==
        ExitCode::cant_create);
  CHECK(error_code_of([&] { Database::open(dir.file("missing.db"), OpenMode::existing); }) ==
        ExitCode::no_input);
  CHECK(error_code_of([&] { Database::open(dir.file("no/such/dir.db"), OpenMode::create); }) ==
        ExitCode::cant_create);
}

TEST_CASE("sqlite: an empty file is no database, but init may take it", "[sqlite][db][sqlite-only]")
{
  TempDir dir;
  const auto path = dir.file("empty.db");
  std::fclose(std::fopen(path.c_str(), "w"));
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  CHECK(error_code_of([&] { Database::open(path, OpenMode::existing); }) == ExitCode::data_error);
  CHECK(error_code_of([&] { Database::open(path, OpenMode::read_only); }) == ExitCode::data_error);
  CHECK(error_code_of([&] { Database::open(path, OpenMode::create_new); }) ==
        ExitCode::cant_create);
  struct stat st
  {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(st.st_size == 0); // left as it was
  CHECK((st.st_mode & 0777) == 0644);
  {
    auto db = Database::open(path, OpenMode::initialise);
    db.exec("CREATE TABLE t (x)");
  }
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(st.st_size > 0);
  // Once it holds a database, initialise refuses it as create_new does.
  CHECK(error_code_of([&] { Database::open(path, OpenMode::initialise); }) ==
        ExitCode::cant_create);
  CHECK_NOTHROW(Database::open(path, OpenMode::existing));
}

TEST_CASE("sqlite: a read_only database reads, and a write says it is read-only",
          "[sqlite][db][sqlite-only]")
{
  TempDir dir;
  const auto path = dir.file("ro.db");
  Database::open(path, OpenMode::create).exec("CREATE TABLE t (x); INSERT INTO t VALUES (7)");
  auto db = Database::open(path, OpenMode::read_only);
  Statement st(db, "SELECT x FROM t");
  REQUIRE(st.step());
  CHECK(st.column_int(0) == 7);
  try {
    db.exec("INSERT INTO t VALUES (8)");
    FAIL("a write to a read-only database succeeded");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::io_error);
    CHECK(std::string(e.what()) ==
          "database " + path +
              " is read-only (opened for reading only): it can be read but not "
              "changed");
  }
}

TEST_CASE("sqlite: a bulk load into an empty database has a rollback journal, then the log again",
          "[sqlite][db][sqlite-only]")
{
  TempDir dir;
  const auto path = dir.file("council.db");
  auto db = Database::open(path, OpenMode::create);
  migrate(db);
  auto mode = [&] { return feedback::test::text(db, "PRAGMA journal_mode"); };
  auto cases = [&] { return feedback::test::number(db, "SELECT count(*) FROM case_record"); };
  const std::string add_case =
      "INSERT INTO case_record (id, reference, channel, summary, received, received_at, "
      "last_activity) VALUES (1, 'FB-2026-000001', 'email', 'x', '2026-11-02', '2026-11-02', "
      "'2026-11-02')";
  REQUIRE(mode() == "wal");

  SECTION("written once, and back to the log after the commit")
  {
    {
      detail::BulkLoad bulk(db);
      CHECK(mode() == "delete");
      Transaction tx(db);
      db.exec(add_case);
      tx.commit();
    }
    CHECK(mode() == "wal");
    CHECK(cases() == 1);
  }
  SECTION("a load that fails leaves the database as it was, in the log")
  {
    {
      detail::BulkLoad bulk(db);
      Transaction tx(db);
      db.exec(add_case);
    }
    CHECK(mode() == "wal");
    CHECK(cases() == 0);
  }
  SECTION("not while another connection has the file open: the load goes on in the log")
  {
    auto other = Database::open(path, OpenMode::existing);
    CHECK(feedback::test::number(other, "SELECT count(*) FROM case_record") == 0);
    detail::BulkLoad bulk(db);
    CHECK(mode() == "wal");
  }
  SECTION("a database left in rollback mode (a first import killed) ends in the log")
  {
    db.exec("PRAGMA journal_mode = DELETE");
    {
      detail::BulkLoad bulk(db);
      CHECK(mode() == "delete");
    }
    CHECK(mode() == "wal");
  }
  SECTION("not into a database with cases: its readers go on")
  {
    db.exec(add_case);
    detail::BulkLoad bulk(db);
    CHECK(mode() == "wal");
  }
}
