// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

TEST_CASE("dates: ISO dates parse strictly", "[dates]")
{
  CHECK(parse_iso_date("2026-11-22") == Date{date::year{2026} / 11 / 22});
  CHECK(parse_iso_date("2024-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2023-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-13-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-1-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-01-01x").has_value());
  CHECK_FALSE(parse_iso_date(" 2026-01-01").has_value());
  CHECK_FALSE(parse_iso_date("22/11/2026").has_value());
  CHECK_FALSE(parse_iso_date("").has_value());
  CHECK(format_date(d("1971-01-01")) == "1971-01-01");
}

TEST_CASE("dates: timestamps with a zone take their Europe/London date", "[dates]")
{
  // 23:30 UTC on 1 April 2019 is 00:30 on 2 April in British Summer Time.
  CHECK(parse_date_or_datetime("2019-04-01T23:30:00Z") == d("2019-04-02"));
  // In winter London is on UTC.
  CHECK(parse_date_or_datetime("2019-01-01T23:30:00Z") == d("2019-01-01"));
  // 00:30+01:00 on 27 Oct 2019 is 23:30Z on the 26th, still BST in London (ends 01:00Z).
  CHECK(parse_date_or_datetime("2019-10-27T00:30:00+01:00") == d("2019-10-27"));
  // 18:00 in New York (UTC-5) on 5 Nov is 23:00 in London, the same day.
  CHECK(parse_date_or_datetime("1994-11-05T18:00:00-05:00") == d("1994-11-05"));
  CHECK(parse_date_or_datetime("1994-11-05T19:30:00-05:00") == d("1994-11-06"));
  CHECK(parse_date_or_datetime("2019-04-01T23:30:00.250Z") == d("2019-04-02"));
  // A date-time without a zone is already local.
  CHECK(parse_date_or_datetime("2019-04-01T23:30") == d("2019-04-01"));
  CHECK(parse_date_or_datetime("2019-04-01 23:30:00") == d("2019-04-01"));
  CHECK(parse_date_or_datetime("2019-04-01") == d("2019-04-01"));
  CHECK_FALSE(parse_date_or_datetime("2019-04-01T25:00:00Z").has_value());
  CHECK_FALSE(parse_date_or_datetime("2019-04-01T23:30:00Q").has_value());
  CHECK_FALSE(parse_date_or_datetime("2019-04-01T").has_value());
  CHECK_FALSE(parse_date_or_datetime("null").has_value());
}

TEST_CASE("dates: a date outside the calendar's range is refused by name", "[dates]")
{
  const std::string range = "is outside the calendar's range 1971-01-01 to 2199-12-31";
  CHECK(message_of([] { parse_iso_date("0202-11-20"); }) == "date 0202-11-20 " + range);
  CHECK(error_code_of([] { parse_iso_date("1970-12-31"); }) == ExitCode::data_error);
  CHECK(error_code_of([] { parse_iso_date("2200-01-01"); }) == ExitCode::data_error);
  CHECK(parse_iso_date("1971-01-01") == WorkingCalendar::first_day());
  CHECK(parse_iso_date("2199-12-31") == WorkingCalendar::last_day());
  // Was stored as 2015-06-13: nanoseconds since 1970 overflow in 2262.
  CHECK(message_of([] { parse_date_or_datetime("2600-01-01T10:00:00Z"); }) ==
        "date 2600-01-01 " + range);
  CHECK(message_of([] { parse_date_or_datetime("9999-12-31T23:59:59-23:59"); }) ==
        "date 9999-12-31 " + range);
  CHECK(message_of([] { parse_date_or_datetime("0000-01-01T00:00:00+23:59"); }) ==
        "date 0000-01-01 " + range);
  CHECK(message_of([] { parse_date_or_datetime("2600-01-01 10:00"); }) ==
        "date 2600-01-01 " + range);
  // The edges, where an offset moves the London date across them.
  CHECK(message_of([] { parse_date_or_datetime("1971-01-01T00:30:00+02:00"); }) ==
        "date 1970-12-31 " + range);
  CHECK(parse_date_or_datetime("1970-12-31T23:30:00-01:00") == d("1971-01-01"));
  CHECK(message_of([] { parse_date_or_datetime("2199-12-31T23:30:00-05:00"); }) ==
        "date 2200-01-01 " + range);
  CHECK(parse_date_or_datetime("2199-12-31T12:00:00Z") == d("2199-12-31"));
  // What is not a date at all stays nullopt.
  CHECK_FALSE(parse_date_or_datetime("2600-13-01T10:00:00Z").has_value());
  // The rule itself, for entry points that get a date some other way.
  CHECK(in_calendar_range(d("1971-01-01")));
  CHECK_FALSE(in_calendar_range(d("1970-12-31")));
  CHECK_FALSE(in_calendar_range(d("2200-01-01")));
  CHECK_FALSE(in_calendar_range(Date{date::year{2024}, date::month{2}, date::day{30}}));
  CHECK(error_code_of([] { check_calendar_range(d("0202-11-20")); }) == ExitCode::data_error);
}
