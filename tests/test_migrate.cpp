// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/settings.hpp>

#include <fmt/core.h>

using namespace feedback;
using feedback::test::error_code_of;
using feedback::test::error_of;
using feedback::test::number;

namespace {

// The tables (and, on PostgreSQL, the indexes and sequences) of the schema.
std::int64_t
schema_objects(Database& db)
{
  return number(db, db.sql_for(EngineSql{"SELECT count(*) FROM sqlite_schema",
                                         "SELECT count(*) FROM pg_catalog.pg_class c JOIN "
                                         "pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                         "WHERE n.nspname = 'feedback'"}));
}

// Sets the schema version recorded, as an older or newer program would have left it.
void
set_schema_version(Database& db, int version)
{
  db.exec(
      fmt::format(fmt::runtime(db.sql_for(EngineSql{
                      "PRAGMA user_version = {}", "UPDATE feedback.schema_info SET version = {}"})),
                  version));
}

} // namespace

TEST_CASE("migrate: a fresh database gets every migration, once", "[migrate][db]")
{
  auto db = test::empty_database();
  migrate(db);
  CHECK(schema_version(db) == latest_schema_version());
  CHECK(number(db, db.sql_for(EngineSql{"PRAGMA application_id",
                                        "SELECT application_id FROM feedback.schema_info"})) ==
        k_application_id);
  CHECK(database_region(db) == Region::england_and_wales);
  const auto objects = schema_objects(db);
  migrate(db); // idempotent
  CHECK(schema_objects(db) == objects);
  CHECK(check_database(db).ok);
}

TEST_CASE("migrate: a foreign database is refused and left alone", "[migrate][db]")
{
  auto db = test::empty_database();
  db.exec(db.sql_for(EngineSql{"CREATE TABLE something_else (x INTEGER)",
                               "CREATE SCHEMA feedback; CREATE TABLE feedback.something_else "
                               "(x INTEGER)"}));
  CHECK(error_code_of([&] { migrate(db); }) == ExitCode::data_error);
  CHECK(schema_objects(db) == 1);
  CHECK(number(db, db.sql_for(EngineSql{"PRAGMA application_id",
                                        "SELECT count(*) FROM pg_catalog.pg_tables WHERE "
                                        "tablename = 'schema_info'"})) == 0);
}

TEST_CASE("migrate: a newer schema is refused and left alone", "[migrate][db]")
{
  auto db = test::migrated_database();
  const int newer = latest_schema_version() + 1;
  set_schema_version(db, newer);
  const auto e = error_of([&] { migrate(db); });
  CHECK(e.code() == ExitCode::data_error);
  CHECK_THAT(e.what(), Catch::Matchers::Contains("newer"));
  CHECK(schema_version(db) == newer);
  CHECK_FALSE(check_database(db).ok);
}

// SQLite only: a bad date stored past the CHECKs with SQLite's ignore_check_constraints.
TEST_CASE("migrate: check reports each stored date outside the calendar",
          "[migrate][db][sqlite-only]")
{
  auto db = Database::open("", OpenMode::memory);
  migrate(db);
  auto dates_line = [&] {
    for (const auto& line : check_database(db).lines) {
      if (line.starts_with("stored date")) {
        return line;
      }
    }
    return std::string();
  };
  CHECK(dates_line() == "stored dates: ok");
  db.exec("PRAGMA ignore_check_constraints = 1");
  db.exec("INSERT INTO closure_day (day, reason) VALUES ('2600-01-01', 'Far off')");
  const auto result = check_database(db);
  CHECK_FALSE(result.ok);
  CHECK(dates_line() ==
        "stored date: closure_day.day row 1: '2600-01-01' is not a date from 1971-01-01 to "
        "2199-12-31");
}

TEST_CASE("migrate: the shipped default's corporate stage 2 is independent, a council's policy "
          "left alone",
          "[migrate][db]")
{
  auto db = test::migrated_database();
  const auto independent = [&](int version) {
    return number(db, fmt::format("SELECT independent FROM policy_stage WHERE version = {} AND "
                                  "procedure = 'corporate' AND stage = 2",
                                  version));
  };
  CHECK(independent(1) == 1);
  CHECK(number(db, "SELECT count(*) FROM policy_stage WHERE independent = 1") == 1);
  // The schema before the migration that marks it (schema/0014_independent_review.sql): the
  // default policy in force gets it...
  // What later steps add is taken away with it (schema/0021_policy_document.sql's column).
  const int before = 13;
  const auto back_to_before = [&] {
    db.exec("ALTER TABLE policy_version DROP COLUMN document");
    set_schema_version(db, before);
  };
  db.exec("UPDATE policy_stage SET independent = 0");
  back_to_before();
  migrate(db);
  CHECK(independent(1) == 1);
  // Each version's document is made afresh from the rows the steps changed.
  CHECK(load_policy(db, 1).procedure("corporate")->stage(2)->independent);
  // ...a database whose council stored a policy of its own since keeps what it has.
  db.exec("UPDATE policy_stage SET independent = 0");
  db.exec("INSERT INTO policy_version (version, created_at, note) "
          "VALUES (2, '2026-01-01T00:00:00Z', 'our own')");
  back_to_before();
  migrate(db);
  CHECK(independent(1) == 0);
  CHECK_FALSE(load_policy(db, 1).procedure("corporate")->stage(2)->independent);
  CHECK(check_database(db).ok);
}
