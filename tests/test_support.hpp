// SPDX-License-Identifier: MIT
// Helpers shared by the unit tests: dates, the Error a call throws, calendars, a migrated
// in-memory database with services and its calendar, one-value queries, new cases, and files
// (the repository's and the shared fixtures beside it).
#pragma once

#include "storage/schema_sql.hpp"

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/calendar_store.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::test {

// A directory of its own for a test, named PREFIX-XXXXXX in the temporary directory, removed at
// the end.
struct TempDir
{
  explicit TempDir(std::string_view prefix)
  {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir()
  {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(std::string_view name) const { return (path / name).string(); }
  std::filesystem::path path;
};

// `YYYY-MM-DD` of any year, or nullopt: tests name dates outside the calendar's range too, which
// parse_iso_date refuses.
inline std::optional<Date>
any_year_date(std::string_view text)
{
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  unsigned n[3] = {0, 0, 0};
  for (std::size_t i = 0, part = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++part;
    } else if (text[i] >= '0' && text[i] <= '9') {
      n[part] = n[part] * 10 + static_cast<unsigned>(text[i] - '0');
    } else {
      return std::nullopt;
    }
  }
  const Date day{date::year{static_cast<int>(n[0])}, date::month{n[1]}, date::day{n[2]}};
  return day.ok() ? std::optional<Date>(day) : std::nullopt;
}

inline Date
d(std::string_view text)
{
  const auto parsed = any_year_date(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

// The Error that `fn` throws; fails the test if it throws none.
template <typename Fn>
Error
error_of(Fn&& fn)
{
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected feedback::Error, none thrown");
  return Error(ExitCode::ok, "");
}

// The exit code of the Error that `fn` throws; fails the test if it throws none.
template <typename Fn>
ExitCode
error_code_of(Fn&& fn)
{
  return error_of(std::forward<Fn>(fn)).code();
}

// The message of the Error that `fn` throws; fails the test if it throws none.
template <typename Fn>
std::string
message_of(Fn&& fn)
{
  return error_of(std::forward<Fn>(fn)).what();
}

// The calendar of `region`'s bank holidays by rule, with `closures`.
inline WorkingCalendar
calendar(std::vector<Closure> closures = {}, Region region = Region::england_and_wales)
{
  CalendarSpec spec;
  spec.region = region;
  spec.closures = std::move(closures);
  return WorkingCalendar(spec);
}

// The services the tests route cases to.
inline const Service k_highways{"HWY", "Highways", "Place", std::nullopt};
inline const Service k_waste{"WST", "Waste", "Environment", std::nullopt};
inline const Service k_childrens_social_care{"CSC", "Children's social care", "Children's services",
                                             "childrens-statutory"};
inline const Service k_adult_social_care{"ASC", "Adult social care", "Adults", "adults-statutory"};

// ---- The engine under test ----
// SQLite by default: a private in-memory database for each test. FEEDBACK_TEST_ENGINE=postgresql
// with FEEDBACK_PG_CLUSTER=DIR (a throwaway server of scripts/postgresql_cluster.sh, as the
// end-to-end tests use it): a database of that server for each test, made from a migrated
// template and dropped when the test program ends. The tests read the environment; the library
// never does. Tests that can only be SQLite's open SQLite themselves and carry the tag
// [sqlite-only] with the reason; tests that touch a database carry [db], and CTest runs those
// once more on PostgreSQL (entries pg:NAME, tests/CMakeLists.txt) in scripts/test.sh's
// PostgreSQL pass; tests of pure rules carry neither and run once. The few about PostgreSQL
// alone carry [postgresql-only] too: only the pg: entries run them (elsewhere they skip).

// The PostgreSQL cluster directory when the tests run on PostgreSQL, else nullopt.
inline std::optional<std::string>
postgresql_cluster()
{
  const char* engine = std::getenv("FEEDBACK_TEST_ENGINE");
  const char* cluster = std::getenv("FEEDBACK_PG_CLUSTER");
  if (engine == nullptr || std::string_view(engine) != "postgresql" || cluster == nullptr ||
      *cluster == '\0') {
    return std::nullopt;
  }
  return std::string(cluster);
}

inline Engine
test_engine()
{
  return postgresql_cluster() ? Engine::postgresql : Engine::sqlite;
}

// For a test about PostgreSQL alone (tagged [postgresql-only]): true on PostgreSQL; elsewhere it
// says that the test, about `about`, is skipped, and is false.
inline bool
postgresql_only(std::string_view about)
{
  if (test_engine() == Engine::postgresql) {
    return true;
  }
  WARN("skipped: about " << about << " (FEEDBACK_TEST_ENGINE=postgresql runs it)");
  return false;
}

namespace detail_support {

// Holds the server's advisory lock `key` (on the connection `admin`, to the database postgres,
// so that every test process asks for the same lock) while alive.
class AdvisoryLock
{
public:
  AdvisoryLock(Database& admin, std::int64_t key) : m_admin(admin), m_key(key)
  {
    Statement(m_admin, "SELECT pg_advisory_lock(?1)").bind(1, m_key).step();
  }
  ~AdvisoryLock()
  {
    try {
      Statement(m_admin, "SELECT pg_advisory_unlock(?1)").bind(1, m_key).step();
    } catch (const Error&) {
      // The session's locks end with it, at the latest when the test program ends.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
  Database& m_admin;
  std::int64_t m_key;
};

// The databases the tests of this process made on the PostgreSQL server: each new one a copy of
// a migrated template (CREATE DATABASE ... TEMPLATE: about 0.15 s, where migrating afresh takes
// twice that), all dropped when the process ends. The template is made once for the whole test
// run, by whichever process needs it first (under an advisory lock, so that processes running
// beside it wait for it), and named after the migrations it holds, so that a program with other
// migrations makes a template of its own.
class PostgresqlDatabases
{
public:
  explicit PostgresqlDatabases(std::string cluster)
      : m_cluster(std::move(cluster)), m_admin(Database::open(uri("postgres"), OpenMode::create))
  {
  }
  ~PostgresqlDatabases()
  {
    for (const auto& name : m_made) {
      try {
        m_admin.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (const Error&) {
        // The throwaway server is removed with everything in it at the end of the test run.
      }
    }
  }
  PostgresqlDatabases(const PostgresqlDatabases&) = delete;
  PostgresqlDatabases& operator=(const PostgresqlDatabases&) = delete;

  std::string uri(std::string_view name) const
  {
    return "postgresql:///" + std::string(name) + "?host=" + m_cluster + "&user=feedback";
  }

  // A new database: empty, or migrated.
  std::string make(bool migrated)
  {
    const auto name = new_name();
    m_made.push_back(name);
    m_admin.exec("CREATE DATABASE " + name + (migrated ? " TEMPLATE " + migrated_template() : ""));
    return uri(name);
  }

  // Runs `fn` under the lock under which the tests make the server's roles. Roles belong to the
  // whole server, not to a test's database, and the pg: entries run side by side: two making
  // them at once both find a role missing and both create it, and all but one fail on the
  // catalog's unique index (pg_authid_rolname_index). Waiting for the lock is certain where a
  // retry would have to recognise that failure by its message. Each test still makes the roles
  // and grants them on its own database, as feedback-admin init --roles does, rather than the
  // template having them: elsewhere the guard reads as the login, as it did.
  template <typename Fn> void under_roles_lock(Fn&& fn)
  {
    // "feedrole" in ASCII.
    const AdvisoryLock lock(m_admin, 7378415046607465573);
    fn();
  }

private:
  std::string new_name()
  {
    static std::mt19937_64 random{std::random_device{}()};
    return "feedback_test_" + std::to_string(::getpid()) + "_" + std::to_string(m_made.size()) +
           "_" + std::to_string(random() % 1000000);
  }

  std::string migrated_template()
  {
    if (!m_template.empty()) {
      return m_template;
    }
    std::uint64_t hash = 14695981039346656037ULL; // FNV-1a of every migration's text
    for (const auto& m : feedback::detail::postgresql_migrations()) {
      for (const char ch : m.sql) {
        hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
      }
    }
    const auto name = "feedback_test_template_" + std::to_string(latest_schema_version()) + "_" +
                      std::to_string(hash % 1000000000);
    // "feedtest" in ASCII: the key of the lock under which the template is made.
    const AdvisoryLock lock(m_admin, 7378415046641202036);
    {
      Statement exists(m_admin, "SELECT count(*) FROM pg_database WHERE datname = ?1");
      exists.bind(1, name);
      REQUIRE(exists.step());
      if (exists.column_int64(0) == 0) {
        // Made under another name and renamed when whole, so that a process that dies
        // meanwhile leaves no half-made template behind.
        const auto work = new_name();
        m_admin.exec("DROP DATABASE IF EXISTS " + work);
        m_admin.exec("CREATE DATABASE " + work);
        {
          auto db = Database::open(uri(work), OpenMode::create);
          migrate(db);
        }
        m_admin.exec("ALTER DATABASE " + work + " RENAME TO " + name);
      }
    }
    m_template = name;
    return m_template;
  }

  std::string m_cluster;
  Database m_admin;
  std::vector<std::string> m_made;
  std::string m_template;
};

inline PostgresqlDatabases&
postgresql_databases()
{
  static PostgresqlDatabases databases(*postgresql_cluster());
  return databases;
}

} // namespace detail_support

// A new, empty database of the engine under test (SQLite: in memory).
inline Database
empty_database()
{
  if (test_engine() == Engine::sqlite) {
    return Database::open("", OpenMode::memory);
  }
  return Database::open(detail_support::postgresql_databases().make(false), OpenMode::create);
}

// A new database of the engine under test, migrated (so it holds the default policy, version 1,
// and the England and Wales calendar), with `services` added. Its name (Database::path()) opens
// another connection to it on PostgreSQL; SQLite's is private to the connection.
inline Database
migrated_database(std::initializer_list<Service> services = {})
{
  auto db =
      test_engine() == Engine::sqlite
          ? Database::open("", OpenMode::memory)
          : Database::open(detail_support::postgresql_databases().make(true), OpenMode::existing);
  if (db.engine() == Engine::sqlite) {
    migrate(db);
  }
  for (const auto& s : services) {
    add_service(db, s);
  }
  return db;
}

// feedback-admin init --roles on `db` where the tests run on PostgreSQL (create_roles, one test
// at a time: PostgresqlDatabases::under_roles_lock), so that a personal-data guard on it reads
// as the reporting role and the server refuses what that role may not read. SQLite has no
// roles: there nothing is done (its guard is the authorizer).
inline void
create_roles_on_postgresql(Database& db)
{
  if (db.engine() == Engine::postgresql) {
    detail_support::postgresql_databases().under_roles_lock([&] { create_roles(db); });
  }
}

// Runs `fn`, which makes roles on the PostgreSQL server under test some other way, one test at a
// time as create_roles_on_postgresql does.
template <typename Fn>
void
making_roles(Fn&& fn)
{
  detail_support::postgresql_databases().under_roles_lock(std::forward<Fn>(fn));
}

// Checks that `db`, under a personal-data guard, refuses to read `sql`: SQLite's authorizer as
// the statement is prepared; PostgreSQL's server, which checks privileges when a statement runs,
// at its first step (the reporting role's refusal, exit 74). Either way the message is the
// refusal's, not another fault's (a column misspelt is refused too, but not so).
inline void
check_refused(Database& db, std::string_view sql)
{
  INFO("under the guard: " << sql);
  if (db.engine() == Engine::sqlite) {
    const auto e = error_of([&] { Statement st(db, sql); });
    CHECK(e.code() == ExitCode::software);
    CHECK_THAT(std::string(e.what()), Catch::Contains("prohibited"));
    return;
  }
  std::optional<Statement> st;
  REQUIRE_NOTHROW(st.emplace(db, sql));
  const auto e = error_of([&] { st->step(); });
  CHECK(e.code() == ExitCode::io_error);
  CHECK_THAT(std::string(e.what()), Catch::Contains("permission denied"));
}

// The tests' own SQL for `db`'s engine: written once in what both accept, except SQLite's
// group_concat(X, SEP), which is PostgreSQL's string_agg(X, SEP) (always with the separator).
inline std::string
own_sql(const Database& db, std::string_view sql)
{
  std::string out(sql);
  if (db.engine() == Engine::postgresql) {
    for (auto at = out.find("group_concat("); at != std::string::npos;
         at = out.find("group_concat(", at)) {
      out.replace(at, 12, "string_agg");
    }
  }
  return out;
}

// The first column of the first row of `sql`: a number, or text ("NULL" for NULL, "(no row)"
// when there is no row).
inline std::int64_t
number(Database& db, std::string_view sql)
{
  Statement st(db, own_sql(db, sql));
  REQUIRE(st.step());
  return st.column_int64(0);
}

inline std::string
text(Database& db, std::string_view sql)
{
  Statement st(db, own_sql(db, sql));
  if (!st.step()) {
    return "(no row)";
  }
  return st.column_text(0).value_or("NULL");
}

// A migrated database with `services` and its calendar, for a test's fixture to build on.
struct TestDatabase
{
  explicit TestDatabase(std::initializer_list<Service> services = {})
      : db(migrated_database(services)), calendar(load_calendar(db))
  {
  }

  std::int64_t number(std::string_view sql) { return test::number(db, sql); }
  std::string text(std::string_view sql) { return test::text(db, sql); }

  Database db;
  WorkingCalendar calendar;
};

// A new case of `type` (nullopt: unclassified) received on `received` (a date, also given as
// its timestamp) by `channel` for `service`; the caller fills in anything else.
inline NewCase
new_case(std::optional<std::string> type, std::string_view received, std::string channel,
         std::string service, std::string summary)
{
  NewCase n;
  n.type = std::move(type);
  n.channel = std::move(channel);
  n.service = std::move(service);
  n.summary = std::move(summary);
  n.received = d(received);
  n.received_at = std::string(received);
  return n;
}

// The whole of the file at `path`; fails the test if it cannot be read.
inline std::string
read_file(const std::filesystem::path& path)
{
  struct Close
  {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  const std::unique_ptr<std::FILE, Close> file{std::fopen(path.c_str(), "rb")};
  INFO("reading " << path.string());
  REQUIRE(file != nullptr);
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, n);
  }
  REQUIRE(std::ferror(file.get()) == 0);
  return text;
}

// The repository's top directory.
inline std::filesystem::path
source_dir()
{
  return std::filesystem::path{FEEDBACK_SOURCE_DIR};
}

// The directory `name` of the shared fixtures beside the repository (../shared/fixtures), read
// where it lies; nullopt, after a WARN saying why the caller skips, when it is absent.
inline std::optional<std::filesystem::path>
shared_fixtures(std::string_view name)
{
#ifdef FEEDBACK_FIXTURES_DIR
  const std::filesystem::path dir = std::filesystem::path{FEEDBACK_FIXTURES_DIR} / name;
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    return dir;
  }
  WARN("skipped: the fixtures directory " << dir.string()
                                          << " does not exist (../shared is "
                                             "absent)");
#else
  WARN("skipped: built without FEEDBACK_FIXTURES_DIR, so the fixtures " << name
                                                                        << " cannot be found");
#endif
  return std::nullopt;
}

} // namespace feedback::test
