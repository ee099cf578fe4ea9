// SPDX-License-Identifier: MIT
// The PostgreSQL engine's text handling, which needs no server: which names select it, the
// placeholders it rewrites, and the password it never shows. (The engine itself runs in the
// end-to-end flow of tests/cli/test_postgresql.sh, against a throwaway server.)
#include "storage/backend.hpp"

#include <catch2/catch.hpp>

using feedback::detail::is_postgresql_name;
using feedback::detail::postgresql_display_name;
using feedback::detail::postgresql_placeholders;

TEST_CASE("postgresql: a libpq URI or keyword string selects PostgreSQL, anything else is a file")
{
  CHECK(is_postgresql_name("postgresql://db.example/feedback"));
  CHECK(is_postgresql_name("postgres:///feedback?host=/run/postgresql"));
  CHECK(is_postgresql_name("service=council"));
  CHECK(is_postgresql_name("dbname=feedback"));
  CHECK(is_postgresql_name("user=bob host=/tmp/pg"));
  CHECK_FALSE(is_postgresql_name("feedback.db"));
  CHECK_FALSE(is_postgresql_name("postgresql.db"));
  CHECK_FALSE(is_postgresql_name("/var/lib/feedback/host=1.db"));
  CHECK_FALSE(is_postgresql_name("./dbname=x"));
  CHECK_FALSE(is_postgresql_name(""));
}

TEST_CASE("postgresql: ?N placeholders become $N outside literals, quoted names and comments")
{
  CHECK(postgresql_placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12") ==
        "SELECT a FROM t WHERE b = $1 AND c = $12");
  CHECK(postgresql_placeholders("SELECT '?1', \"?2\" FROM t WHERE x = ?3") ==
        "SELECT '?1', \"?2\" FROM t WHERE x = $3");
  // A quote doubled inside a literal does not end it.
  CHECK(postgresql_placeholders("SELECT 'it''s ?1' || ?2") == "SELECT 'it''s ?1' || $2");
  CHECK(postgresql_placeholders("SELECT ?1 -- not ?2\n, ?3 /* nor ?4 */, ?5") ==
        "SELECT $1 -- not ?2\n, $3 /* nor ?4 */, $5");
  // A ? without a number is left for the server to refuse.
  CHECK(postgresql_placeholders("SELECT ? + ?2") == "SELECT ? + $2");
  // An unterminated literal is copied to the end.
  CHECK(postgresql_placeholders("SELECT 'open ?1") == "SELECT 'open ?1");
  // The highest placeholder, for the NULLs sent for those not bound.
  int highest = -1;
  CHECK(postgresql_placeholders("SELECT ?2, '?9', ?12 -- ?13", &highest) ==
        "SELECT $2, '?9', $12 -- ?13");
  CHECK(highest == 12);
  postgresql_placeholders("SELECT 1", &highest);
  CHECK(highest == 0);
}

TEST_CASE("postgresql: the name in messages never holds the password")
{
  CHECK(postgresql_display_name("postgresql://alice:s3cret@db.example/feedback") ==
        "postgresql://alice@db.example/feedback");
  CHECK(postgresql_display_name("postgres://alice:p%40ss@db:5432/feedback?sslmode=require"
                                "&password=x") ==
        "postgres://alice@db:5432/feedback?sslmode=require");
  CHECK(postgresql_display_name("postgresql:///feedback?host=/run/postgresql&password=x"
                                "&user=bob") ==
        "postgresql:///feedback?host=/run/postgresql&user=bob");
  CHECK(postgresql_display_name("postgresql://db/feedback?password=x") ==
        "postgresql://db/feedback");
  CHECK(postgresql_display_name("postgresql://bob@db") == "postgresql://bob@db");
  CHECK(postgresql_display_name("postgresql://:pw@db/feedback") == "postgresql://@db/feedback");
  CHECK(postgresql_display_name("host=db dbname=feedback password='a b\\' c' user=bob") ==
        "host=db dbname=feedback user=bob");
  CHECK(postgresql_display_name("password = secret host=/tmp") == "host=/tmp");
  CHECK(postgresql_display_name("service=council") == "service=council");
}
