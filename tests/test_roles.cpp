// SPDX-License-Identifier: MIT
// Who a change is recorded against (storage/roles.cpp), and the roles SQLite cannot have. The
// roles themselves, on a real server, are tested end to end by tests/cli/test_pg_team.sh.
#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>

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
