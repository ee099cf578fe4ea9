// SPDX-License-Identifier: MIT
#include "storage/backend.hpp"
#include "storage/bulk.hpp"
#include "test_support.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/personal_data.hpp>

#include <algorithm>
#include <memory>

using namespace feedback;

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

// Both engines: SQLite's authorizer, and PostgreSQL's server through the reporting role (the
// roles made first, as feedback-admin init --roles makes them).
TEST_CASE("storage: a personal-data guard refuses personal columns until the last one ends",
          "[storage][db]")
{
  auto db = test::migrated_database();
  test::create_roles_on_postgresql(db);
  auto read = [&](const char* sql) {
    Statement st(db, sql);
    st.step();
  };
  {
    PersonalDataGuard guard(db);
    test::check_refused(db, "SELECT name FROM person");
    test::check_refused(db, "SELECT summary FROM case_record");
    read("SELECT status, received FROM case_record");
    {
      PersonalDataGuard inner(db);
    }
    test::check_refused(db, "SELECT officer FROM case_event");
  }
  read("SELECT name FROM person");
  read("SELECT summary FROM case_record");
  read("SELECT officer FROM case_event");
}

// SQLite only: reads SQLite's triggers from sqlite_schema, which RelaxedConstraints turns off.
TEST_CASE("storage: every trigger of the schema is a guard that only refuses",
          "[storage][db][sqlite-only]")
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
          "[storage][db][sqlite-only]")
{
  // SQLite only: the writer thread is SQLite's (PostgreSQL writes as the rows come).
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

// SQLite only: SQLite's triggers turned off for a bulk write (PostgreSQL keeps its constraints on).
TEST_CASE("storage: relaxed constraints skip the guards until they end, even for a statement "
          "prepared meanwhile",
          "[storage][db][sqlite-only]")
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

// The storage door on the engine under test (tests/test_support.hpp): what SQLite's and
// PostgreSQL's connections do alike.
TEST_CASE("database: an empty string is bound as '' and not NULL", "[storage][db]")
{
  auto db = test::migrated_database();
  Statement st(db, "SELECT ?1 IS NULL, length(?1)");
  st.bind(1, std::string_view{});
  REQUIRE(st.step());
  CHECK(st.column_int64(0) == 0);
  CHECK(st.column_int64(1) == 0);
}

TEST_CASE("database: a transaction rolls back when it goes out of scope", "[storage][db]")
{
  auto db = test::migrated_database();
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction tx(db);
    Statement(db, "INSERT INTO t VALUES (?1)").bind(1, 1).run();
  }
  {
    Transaction tx(db);
    Statement(db, "INSERT INTO t VALUES (?1)").bind(1, 2).run();
    tx.commit();
  }
  CHECK(test::number(db, "SELECT count(*) FROM t") == 1);
  CHECK(test::number(db, "SELECT sum(x) FROM t") == 2);
}

TEST_CASE("database: the engine is named and picks its text of a statement", "[storage][db]")
{
  auto db = test::migrated_database();
  CHECK(db.engine() == test::test_engine());
  Statement st(db, EngineSql{"SELECT 'sqlite'", "SELECT 'postgresql'"});
  REQUIRE(st.step());
  CHECK(st.column_text(0) == (db.engine() == Engine::sqlite ? "sqlite" : "postgresql"));
}

TEST_CASE("database: a bulk statement keeps its bindings between runs", "[storage][db]")
{
  auto db = test::migrated_database();
  db.exec("CREATE TABLE t (x INTEGER, y TEXT)");
  const std::string text = "kept";
  Statement ins(db, "INSERT INTO t VALUES (?1, ?2)", k_bulk_statement);
  ins.bind(1, 1).bind(2, text);
  CHECK(ins.run() == 1);
  ins.reset(); // keeps the bindings
  ins.bind(1, 2);
  CHECK(ins.run() == 1);
  Statement plain(db, "INSERT INTO t VALUES (?1, ?2)");
  plain.bind(1, 3).bind(2, text);
  plain.run();
  plain.reset(); // clears them
  plain.bind(1, 4).run();
  CHECK(test::text(db, "SELECT group_concat(v, ' ') FROM (SELECT x || ':' || coalesce(y, 'null') "
                       "AS v FROM t ORDER BY x) AS o") == "1:kept 2:kept 3:kept 4:null");
}

TEST_CASE("database: run() leaves a statement ready to run again", "[storage][db]")
{
  auto db = test::migrated_database();
  db.exec("CREATE TABLE t (x INTEGER)");
  Statement ins(db, "INSERT INTO t VALUES (?1)");
  ins.bind(1, 7);
  ins.run();
  ins.run();
  Statement count(db, "SELECT count(*), sum(x) FROM t");
  REQUIRE(count.step());
  CHECK(count.column_int64(0) == 2);
  CHECK(count.column_int64(1) == 14);
}

// A date column's CHECK on PostgreSQL (is_date(), schema 19): exactly the Gregorian dates
// YYYY-MM-DD of the years 0001 to 9999. SQLite's CHECK compares with its date(), which lets
// through what it cannot read (NULL) and days up to the 31st of any month: the program writes
// only dates it made, and reads back what another program stored with care (stored_date).
TEST_CASE("database: a date column takes real dates and on PostgreSQL nothing else",
          "[storage][db]")
{
  auto db = test::migrated_database();
  // Whether the row went in; a refusal is the CHECK's (bad data, 65).
  const auto stored = [&](const char* day) {
    try {
      Statement(db, "INSERT INTO closure_day (day, reason) VALUES (?1, 'test')").bind(1, day).run();
      return true;
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::data_error);
      return false;
    }
  };
  for (const char* day : {"2024-02-29", "2000-02-29", "2023-02-28", "2023-04-30", "2023-12-31",
                          "0001-01-01", "9999-12-31", "1600-02-29"}) {
    INFO(day);
    CHECK(stored(day));
  }
  if (db.engine() == Engine::postgresql) {
    for (const char* day : {"2023-02-29",
                            "1900-02-29",
                            "2100-02-29",
                            "2023-04-31",
                            "2023-06-31",
                            "2023-09-31",
                            "2023-11-31",
                            "2023-01-32",
                            "2023-13-01",
                            "2023-00-10",
                            "2023-01-00",
                            "0000-01-01",
                            "2023-1-01",
                            " 2023-01-01",
                            "2023-01-01 ",
                            "2023/01/01",
                            "20230101",
                            "tomorrow",
                            "",
                            "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x93-01-01"}) {
      INFO(day);
      CHECK_FALSE(stored(day));
    }
    CHECK(test::number(db, "SELECT count(*) FROM closure_day") == 8);
    CHECK(test::number(db, "SELECT count(*) FROM (SELECT is_date(NULL) IS NULL AS n) AS t "
                           "WHERE n") == 1);
  }
}

// PostgreSQL only: schema 20 leaves a tenth of each page of case_record free, so that the update
// every change makes to a case can stay in its page and leave the table's nine indexes alone.
TEST_CASE("database: case_record leaves room in its pages for updates on PostgreSQL",
          "[storage][db][postgresql-only]")
{
  if (!test::postgresql_only("PostgreSQL's pages")) {
    return;
  }
  auto db = test::migrated_database();
  CHECK(test::number(db, "SELECT count(*) FROM pg_catalog.pg_class WHERE oid = "
                         "'feedback.case_record'::regclass AND "
                         "'fillfactor=90' = ANY (reloptions)") == 1);
}

// Reads sent ahead (detail::read_ahead: PostgreSQL's pipeline mode; nothing on SQLite): each
// statement gets the result of its own text and values, in any order; any other statement drops
// them all, so a read after a change sees the change; a failure sent ahead fails its statement
// as it would have.
TEST_CASE("database: reads sent ahead answer their own statements and never a later one",
          "[storage][db]")
{
  auto db = test::migrated_database();
  db.exec("CREATE TABLE t (x INTEGER, y TEXT)");
  Statement(db, "INSERT INTO t VALUES (1, 'one'), (2, 'two')").run();
  constexpr std::string_view k_y = "SELECT y FROM t WHERE x = ?1";
  constexpr std::string_view k_count = "SELECT count(*) FROM t";
  const auto y_of = [&](std::int64_t x) {
    Statement st(db, k_y);
    st.bind(1, x);
    return st.step() ? std::string(st.column_view(0)) : std::string("none");
  };
  detail::read_ahead(db, {{k_y, {std::int64_t{1}}}, {k_y, {std::int64_t{2}}}, {k_count, {}}});
  CHECK(y_of(2) == "two"); // out of order
  CHECK(y_of(1) == "one");
  CHECK(test::number(db, k_count) == 2);

  detail::read_ahead(db, {{k_count, {}}, {k_y, {std::int64_t{3}}}});
  Statement(db, "INSERT INTO t VALUES (3, 'three')").run(); // not sent ahead: drops them
  CHECK(test::number(db, k_count) == 3);
  CHECK(y_of(3) == "three");

  detail::read_ahead(db, {{k_count, {}}});
  {
    Transaction tx(db); // a transaction's start drops them too
    Statement(db, "DELETE FROM t WHERE x = 3").run();
    CHECK(test::number(db, k_count) == 2);
    tx.commit();
  }

  // Text values, and a failure: the table does not exist, and the statement fails as it would
  // have without being sent ahead; the reads sent with it are answered afresh.
  detail::read_ahead(db, {{"SELECT x FROM t WHERE y = ?1", {std::string_view("two")}},
                          {"SELECT x FROM no_such_table", {}},
                          {k_count, {}}});
  {
    Statement st(db, "SELECT x FROM t WHERE y = ?1");
    st.bind(1, "two");
    REQUIRE(st.step());
    CHECK(st.column_int64(0) == 2);
  }
  CHECK(test::error_code_of([&] {
          Statement st(db, "SELECT x FROM no_such_table");
          st.step();
        }) == ExitCode::software);
  CHECK(test::number(db, k_count) == 2);
}

// Reads asked for again while their answers wait are not sent again (a change sends its first
// reads ahead, then each reader asks for its own); the audit chain's tail is sent ahead `kept`,
// and its answer outlives the transaction's writes but not its end. A sequence shows each time a
// read really runs. On SQLite nothing is sent ahead.
TEST_CASE("database: reads asked again are not sent again and kept ones outlive writes",
          "[storage][db]")
{
  auto db = test::migrated_database();
  if (!test::postgresql_only("PostgreSQL's pipeline")) {
    return;
  }
  db.exec("CREATE SEQUENCE s; CREATE TABLE t (x INTEGER)");
  constexpr std::string_view k_next = "SELECT nextval('s')";
  constexpr std::string_view k_count = "SELECT count(*) FROM t";
  const auto next = [&] { return test::number(db, k_next); };
  detail::read_ahead(db, {{k_next, {}}, {k_count, {}}});
  detail::read_ahead(db, {{k_next, {}}}); // waiting: not sent again
  CHECK(next() == 1);
  CHECK(next() == 2); // none waiting: it runs now
  {
    Transaction tx(db);
    detail::read_ahead(db, {{k_next, {}, true}, {k_count, {}}});
    Statement(db, "INSERT INTO t VALUES (1)").run(); // drops the count, keeps the kept one
    CHECK(test::number(db, k_count) == 1);
    CHECK(next() == 3); // its answer from before the write
    CHECK(next() == 4);
    detail::read_ahead(db, {{k_next, {}, true}}); // runs as 5, never asked for
    tx.commit();
  }
  CHECK(next() == 6); // the commit dropped it
}

// A streamed read (Rows::streamed: PostgreSQL's single-row mode; SQLite's rows always come one
// at a time) gives every row in order, also when other statements run between its rows (the rest
// then wait in memory); one reset or dropped half read leaves the connection usable; a failure
// after some rows fails the read and leaves the connection usable.
TEST_CASE("database: a streamed read gives every row also with other statements between them",
          "[storage][db]")
{
  auto db = test::migrated_database();
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Statement ins(db, "INSERT INTO t VALUES (?1)");
    for (int x = 1; x <= 100; ++x) {
      ins.bind(1, x).run();
    }
  }
  constexpr StatementOptions k_streamed{.rows = Rows::streamed};
  constexpr std::string_view k_count = "SELECT count(*) FROM t";
  {
    Statement st(db, "SELECT x FROM t WHERE x > ?1 ORDER BY x", k_streamed);
    st.bind(1, 0);
    std::int64_t sum = 0;
    int rows = 0;
    while (st.step()) {
      sum += st.column_int64(0);
      ++rows;
      if (rows == 10) {
        CHECK(test::number(db, k_count) == 100); // between two rows
        detail::read_ahead(db, {{k_count, {}}});
        CHECK(test::number(db, k_count) == 100);
      }
    }
    CHECK(rows == 100);
    CHECK(sum == 5050);
    // Run again: all of them again.
    st.reset();
    st.bind(1, 90);
    rows = 0;
    while (st.step()) {
      ++rows;
    }
    CHECK(rows == 10);
  }
  {
    Statement st(db, "SELECT x FROM t ORDER BY x", k_streamed);
    REQUIRE(st.step());
    CHECK(st.column_int64(0) == 1);
    st.reset(); // half read
    CHECK(test::number(db, k_count) == 100);
    REQUIRE(st.step());
    CHECK(st.column_int64(0) == 1);
  } // dropped half read
  CHECK(test::number(db, k_count) == 100);
  {
    // A parameter left unbound (a filter not given): a NULL whose type the server cannot tell.
    Statement st(db, "SELECT x FROM t WHERE x = ?2 ORDER BY x", k_streamed);
    st.bind(2, 7);
    REQUIRE(st.step());
    CHECK(st.column_int64(0) == 7);
    CHECK_FALSE(st.step());
  }
  {
    // Two streamed at once: the first's rest waits while the second's come.
    Statement a(db, "SELECT x FROM t ORDER BY x", k_streamed);
    Statement b(db, "SELECT x FROM t ORDER BY x DESC", k_streamed);
    REQUIRE(a.step());
    REQUIRE(b.step());
    CHECK(a.column_int64(0) == 1);
    CHECK(b.column_int64(0) == 100);
    REQUIRE(a.step());
    REQUIRE(b.step());
    CHECK(a.column_int64(0) == 2);
    CHECK(b.column_int64(0) == 99);
  }
  // Each engine's failure at its fifth row: SQLite's integer overflow, PostgreSQL's division by
  // zero.
  int read = 0;
  CHECK(test::error_code_of([&] {
          Statement st(db,
                       EngineSql{"SELECT CASE WHEN x < 5 THEN x "
                                 "ELSE abs(-9223372036854775807 - 1) END FROM t ORDER BY x",
                                 "SELECT CASE WHEN x < 5 THEN x ELSE x / (x - x) END "
                                 "FROM t ORDER BY x"},
                       k_streamed);
          while (st.step()) {
            ++read;
          }
        }) != ExitCode::ok);
  CHECK(read <= 4);
  CHECK(test::number(db, k_count) == 100);
}

// Writes sent without waiting (Statement::run_unanswered: PostgreSQL inside a transaction; run()
// elsewhere): a read after them sees them, and a failure among them fails the transaction with
// its own exit code, leaving nothing written.
TEST_CASE("database: a write sent without waiting is seen by the next read and its failure "
          "fails the transaction",
          "[storage][db]")
{
  auto db = test::migrated_database();
  {
    Transaction tx(db);
    Statement ins(db, "INSERT INTO closure_day (day, reason) VALUES (?1, ?2)");
    ins.bind(1, "2030-01-02").bind(2, "first").run_unanswered();
    ins.reset();
    ins.bind(1, "2030-01-03").bind(2, "second").run_unanswered();
    CHECK(test::number(db, "SELECT count(*) FROM closure_day") == 2);
    ins.reset();
    ins.bind(1, "2030-01-04").bind(2, "third").run_unanswered();
    tx.commit();
  }
  CHECK(test::number(db, "SELECT count(*) FROM closure_day") == 3);

  // The same day twice breaks the primary key: the transaction fails with 65 (the first of them
  // on SQLite, at the commit or the next read on PostgreSQL), and none of its rows stay.
  CHECK(test::error_code_of([&] {
          Transaction tx(db);
          Statement ins(db, "INSERT INTO closure_day (day, reason) VALUES (?1, 'again')");
          ins.bind(1, "2030-02-01").run_unanswered();
          ins.reset();
          ins.bind(1, "2030-01-02").run_unanswered();
          ins.reset();
          ins.bind(1, "2030-02-02").run_unanswered();
          tx.commit();
        }) == ExitCode::data_error);
  CHECK(test::number(db, "SELECT count(*) FROM closure_day") == 3);
  CHECK(test::number(db, "SELECT count(*) FROM closure_day WHERE reason = 'again'") == 0);
}
