// SPDX-License-Identifier: MIT
// Who a change is recorded against (storage/roles.cpp), the roles SQLite cannot have, and the
// upgrade of a PostgreSQL database whose roles are older than its schema. The roles in use, on a
// real server, are tested end to end by tests/cli/test_pg_team.sh.
#include "storage/audit_chain.hpp"
#include "storage/schema_sql.hpp"
#include "test_support.hpp"

#include <feedback/privacy/equality.hpp>
#include <feedback/reports/equality.hpp>
#include <feedback/storage/personal_data.hpp>
#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <map>
#include <string>
#include <vector>

using feedback::recorded_officer;

TEST_CASE("roles: the login is the officer where the database records it")
{
  const std::optional<std::string> alice = "alice";
  CHECK(recorded_officer(alice, "", "officer") == "alice");
  CHECK(recorded_officer(alice, "", "feedback-escalate") == "alice");
  // --officer may name the login again, and no one else.
  CHECK(recorded_officer(alice, "alice", "officer") == "alice");
  try {
    recorded_officer(alice, "bob", "officer");
    FAIL("--officer bob was accepted for the login alice");
  } catch (const feedback::Error& e) {
    CHECK(e.code() == feedback::ExitCode::usage);
    CHECK(std::string(e.what()) ==
          "--officer 'bob': this database records the login 'alice' as the officer of every "
          "change it makes (log in as 'bob' to act as them)");
  }
}

TEST_CASE("roles: elsewhere the officer named, else the usual one")
{
  CHECK(recorded_officer(std::nullopt, "bob", "officer") == "bob");
  CHECK(recorded_officer(std::nullopt, "", "officer") == "officer");
  CHECK(recorded_officer(std::nullopt, "", "feedback-escalate") == "feedback-escalate");
}

// SQLite only: about SQLite itself.
TEST_CASE("roles: a SQLite database has no roles and records no login", "[db][sqlite-only]")
{
  auto db = feedback::Database::open("", feedback::OpenMode::memory);
  CHECK_FALSE(feedback::officer_login(db).has_value());
  try {
    feedback::create_roles(db);
    FAIL("roles were made in a SQLite database");
  } catch (const feedback::Error& e) {
    CHECK(e.code() == feedback::ExitCode::usage);
  }
}

namespace {

using namespace feedback;

// A PostgreSQL database at schema 16, as migrate() left it before schema 17: steps 1 to 16 of
// schema/postgresql, with what migrate_postgresql_in_transaction does around them.
void
migrate_to_16(Database& db)
{
  const auto& steps = detail::postgresql_migrations();
  REQUIRE(steps.size() >= 17);
  Transaction tx(db);
  db.exec("SET CONSTRAINTS ALL IMMEDIATE");
  db.exec("CREATE SCHEMA IF NOT EXISTS feedback");
  for (std::size_t v = 0; v < 16; ++v) {
    db.exec(steps[v].sql);
  }
  detail::carry_audit_trail(db);
  db.exec("CREATE TABLE schema_info (application_id BIGINT NOT NULL, version BIGINT NOT NULL)");
  Statement(db, "INSERT INTO schema_info VALUES (?1, 16)")
      .bind(1, static_cast<std::int64_t>(k_application_id))
      .run();
  tx.commit();
}

// The roles as create_roles made them before schema 17 (feedback-admin init --roles of then),
// where they bear on the reporting role: the three roles, their memberships, the schema's use
// and reporting's columns; not the function's EXECUTE, since there was no function. (Officers'
// and administrators' table and sequence privileges are left out: they do not touch it.)
void
create_roles_before_17(Database& db)
{
  Transaction tx(db);
  for (const auto role : {k_reporting_role, k_officer_role, k_admin_role}) {
    db.exec(fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE "
                        "rolname = '{0}') THEN CREATE ROLE {0} NOLOGIN; END IF; END $$",
                        role));
  }
  db.exec(fmt::format("GRANT {} TO {}", k_reporting_role, k_officer_role));
  db.exec(fmt::format("GRANT {} TO {}", k_officer_role, k_admin_role));
  db.exec(fmt::format("GRANT USAGE ON SCHEMA feedback TO {}", k_reporting_role));
  std::map<std::string, std::vector<std::string>> tables;
  {
    Statement st(db, "SELECT table_name, column_name FROM information_schema.columns "
                     "WHERE table_schema = 'feedback' ORDER BY table_name, ordinal_position");
    while (st.step()) {
      tables[std::string(st.column_view(0))].emplace_back(st.column_view(1));
    }
  }
  for (const auto& [table, columns] : tables) {
    std::string readable;
    for (const auto& column : columns) {
      if (!is_personal_column(table, column)) {
        readable += (readable.empty() ? "\"" : ", \"") + column + "\"";
      }
    }
    if (!readable.empty()) {
      db.exec(fmt::format("GRANT SELECT ({}) ON feedback.\"{}\" TO {}", readable, table,
                          k_reporting_role));
    }
  }
  tx.commit();
}

} // namespace

// PostgreSQL only: roles and a function's privileges (skipped on SQLite, and left out of the
// SQLite entries by tests/CMakeLists.txt). Schema 17 grants the reporting role EXECUTE on the
// equality count where the role exists; without it such a database's analysts could no longer
// run the equality report after the upgrade (the count ran as the login before schema 17).
TEST_CASE("roles: roles made before schema 17 may run the equality count once migrated",
          "[roles][db][postgresql-only]")
{
  if (!test::postgresql_only("PostgreSQL's roles")) {
    return;
  }
  auto db = test::empty_database();
  migrate_to_16(db);
  REQUIRE(schema_version(db) == 16);
  CHECK(test::number(db, "SELECT count(*) FROM pg_catalog.pg_proc WHERE proname = "
                         "'equality_counts'") == 0);
  test::making_roles([&] { create_roles_before_17(db); });

  migrate(db);
  REQUIRE(schema_version(db) == latest_schema_version());
  CHECK(test::number(db, "SELECT has_function_privilege('feedback_reporting', "
                         "'feedback.equality_counts(text, text)', 'EXECUTE')::int") == 1);
  // Five answers of one category, so that the report shows the count rather than "<5".
  add_service(db, test::k_highways);
  const Actor officer{"olga", "2026-01-05T10:00:00Z", test::d("2026-01-05")};
  for (int i = 0; i < 5; ++i) {
    const auto ref =
        create_case(db, test::new_case("complaint", "2026-01-05", "web", "HWY", "s"), officer);
    record_equality(db, ref, "age", "35-44", officer);
  }
  record_equality(db, "FB-2026-000001", "sex", "female", officer);

  db.exec(fmt::format("SET ROLE {}", k_reporting_role));
  {
    // The role is in force: the answers themselves are refused it.
    Statement answers(db, "SELECT category FROM equality_monitoring");
    CHECK(test::error_code_of([&] { answers.step(); }) == ExitCode::io_error);
  }
  {
    Statement counts(db, "SELECT characteristic, category, cases "
                         "FROM feedback.equality_counts('2026-01-01', '2026-01-31') ORDER BY 1, 2");
    REQUIRE(counts.step());
    CHECK(counts.column_text(0) == "age");
    CHECK(counts.column_text(1) == "35-44");
    CHECK(counts.column_int64(2) == 5);
    REQUIRE(counts.step());
    CHECK(counts.column_text(0) == "sex");
    CHECK(counts.column_text(1) == "female");
    CHECK(counts.column_int64(2) == 1);
    CHECK_FALSE(counts.step());
  }
  db.exec("RESET ROLE");
  // The report itself, whose guard takes the reporting role here.
  const auto csv = equality_report(db, test::d("2026-01-01"), test::d("2026-01-31"), Format::csv);
  CHECK(csv.find("age,35-44,5\r\n") != std::string::npos);
}
