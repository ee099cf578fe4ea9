// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/personal_data.hpp>

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
