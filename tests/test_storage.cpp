// SPDX-License-Identifier: MIT
#include "storage/bulk.hpp"
#include "test_support.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/personal_data.hpp>

#include <algorithm>
#include <memory>

using namespace feedback;
using feedback::test::error_code_of;

TEST_CASE("storage: the personal columns are the person table and the free text", "[storage]")
{
  CHECK(is_personal_column("person", "name"));
  CHECK(is_personal_column("person", "anonymised_on"));
  CHECK(is_personal_column("case_record", "summary"));
  CHECK(is_personal_column("case_record", "classified_by"));
  CHECK(is_personal_column("event_text", "body"));
  CHECK(is_personal_column("equality_monitoring", "category"));
  CHECK(is_personal_column("legal_hold", "reason"));
  CHECK(is_personal_column("survey", "reason"));
  CHECK(is_personal_column("learning", "owner"));
  CHECK_FALSE(is_personal_column("case_record", "status"));
  CHECK_FALSE(is_personal_column("case_event", "kind"));
  CHECK_FALSE(is_personal_column("learning", "problem"));
  CHECK_FALSE(is_personal_column("service", "name"));
}

TEST_CASE("storage: a personal-data guard refuses personal columns until the last one ends",
          "[storage]")
{
  auto db = Database::open("", OpenMode::memory);
  migrate(db);
  auto read = [&](const char* sql) {
    Statement st(db, sql);
    st.step();
  };
  {
    PersonalDataGuard guard(db);
    CHECK(error_code_of([&] { read("SELECT name FROM person"); }) == ExitCode::software);
    CHECK(error_code_of([&] { read("SELECT summary FROM case_record"); }) == ExitCode::software);
    read("SELECT status, received FROM case_record");
    {
      PersonalDataGuard inner(db);
    }
    CHECK(error_code_of([&] { read("SELECT detail FROM case_event"); }) == ExitCode::software);
  }
  read("SELECT name FROM person");
  read("SELECT summary FROM case_record");
}

TEST_CASE("storage: every trigger of the schema is a guard that only refuses", "[storage]")
{
  // RelaxedConstraints turns triggers off for an import or a migration, which is sound only
  // while no trigger does work of its own (keeps a count, fills a column): one that did would
  // be skipped for every row imported. Such a trigger needs its work done beside the bulk
  // writes instead (storage/bulk.hpp).
  auto db = Database::open("", OpenMode::memory);
  migrate(db);
  Statement st(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name");
  int triggers = 0;
  while (st.step()) {
    ++triggers;
    const std::string name(st.column_view(0));
    const std::string sql(st.column_view(1));
    const auto begin = sql.find("BEGIN");
    const auto end = sql.rfind("END");
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    auto body = sql.substr(begin + 5, end - begin - 5);
    body.erase(0, body.find_first_not_of(" \n"));
    INFO(name << ": " << body);
    CHECK(body.rfind("SELECT RAISE(ABORT, '", 0) == 0);
    CHECK(std::count(body.begin(), body.end(), ';') == 1);
  }
  CHECK(triggers == 8);
}

TEST_CASE("storage: rows written behind are there for the next statement, and a batch that "
          "fails fails it",
          "[storage]")
{
  auto db = Database::open("", OpenMode::memory);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  Transaction tx(db);
  detail::BatchInsert insert(db, "INSERT INTO t (id, v)", 2, 4);
  detail::WriteBehind behind(db);
  for (int i = 1; i <= 1001; ++i) {
    insert.row();
    insert.integer(0, i);
    insert.text(1, "row " + std::to_string(i));
  }
  insert.flush(); // the last, short batch
  {
    Statement count(db, "SELECT count(*), min(v), max(id) FROM t");
    REQUIRE(count.step());
    CHECK(count.column_int64(0) == 1001);
    CHECK(count.column_view(1) == "row 1");
    CHECK(count.column_int64(2) == 1001);
  }
  // A batch with an id taken: handed over without a word, its failure thrown by the next use of
  // the connection, and by every one after it.
  insert.row();
  insert.integer(0, 5);
  insert.text(1, "again");
  insert.flush();
  CHECK_THROWS_WITH(Statement(db, "SELECT 1"), Catch::Contains("UNIQUE"));
  CHECK_THROWS_WITH(tx.commit(), Catch::Contains("UNIQUE"));
}

TEST_CASE("storage: relaxed constraints skip the guards until they end, even for a statement "
          "prepared meanwhile",
          "[storage]")
{
  auto db = Database::open("", OpenMode::memory);
  migrate(db);
  auto change = std::make_unique<Statement>(db, "SELECT 1");
  {
    detail::RelaxedConstraints relaxed(db);
    db.exec("INSERT INTO case_event (id, case_id, at, on_date, officer, kind, hash) "
            "VALUES (1, 1, 'at', '2026-01-05', 'officer', 'logged', 'not a hash')");
    change = std::make_unique<Statement>(db, "UPDATE case_event SET kind = 'x' WHERE id = 1");
    CHECK(change->run() == 1);
    change->reset();
  }
  CHECK_THROWS_WITH(change->run(), Catch::Contains("audit events cannot be changed"));
  Statement kind(db, "SELECT kind FROM case_event WHERE id = 1");
  REQUIRE(kind.step());
  CHECK(kind.column_view(0) == "x");
}
