// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/calendar_bulk.hpp>

#include <algorithm>

using namespace feedback;
using feedback::test::calendar;
using feedback::test::d;
using feedback::test::error_code_of;

TEST_CASE("calendar: add working days under the counting rule", "[calendar]")
{
  const auto cal = calendar();
  SECTION("n = 0 gives the day itself, or the next working day")
  {
    CHECK(cal.add_working_days(d("2026-11-20"), 0) == d("2026-11-20")); // Friday
    CHECK(cal.add_working_days(d("2026-11-21"), 0) == d("2026-11-23")); // Saturday -> Monday
    CHECK(cal.add_working_days(d("2026-12-25"), 0) == d("2026-12-29")); // Christmas, Boxing sub
  }
  SECTION("received on a Saturday counts from the Monday")
  {
    // Mon 23 Nov is the day of receipt; ten working days after it is Mon 7 Dec.
    CHECK(cal.add_working_days(d("2026-11-21"), 10) == d("2026-12-07"));
    CHECK(cal.add_working_days(d("2026-11-23"), 10) == d("2026-12-07"));
  }
  SECTION("over Easter 2026 (Good Friday 3 April, Easter Monday 6 April)")
  {
    CHECK(cal.add_working_days(d("2026-04-02"), 3) == d("2026-04-09"));
    CHECK(cal.add_working_days(d("2026-04-02"), 1) == d("2026-04-07"));
  }
  SECTION("over Christmas 2026 (Boxing Day substitute Monday 28 December)")
  {
    CHECK(cal.add_working_days(d("2026-12-23"), 5) == d("2027-01-04"));
  }
  SECTION("Scotland has 2 January, substituted to Monday 4 January 2027")
  {
    const auto scot = calendar({}, Region::scotland);
    CHECK(scot.add_working_days(d("2026-12-23"), 5) == d("2027-01-05"));
  }
  SECTION("closure days between Christmas and New Year")
  {
    const auto closed = calendar(
        {{d("2026-12-29"), "closed"}, {d("2026-12-30"), "closed"}, {d("2026-12-31"), "closed"}});
    CHECK(closed.add_working_days(d("2026-12-23"), 5) == d("2027-01-07"));
    CHECK(closed.non_working_reason(d("2026-12-30"))->kind == NonWorkingKind::closure);
  }
  SECTION("negative days and dates outside the range are errors")
  {
    CHECK(error_code_of([&] { cal.add_working_days(d("2026-11-20"), -1); }) ==
          ExitCode::data_error);
    CHECK(error_code_of([&] { cal.add_working_days(d("2199-12-30"), 5); }) == ExitCode::data_error);
    CHECK(error_code_of([&] { cal.is_working(d("1970-12-31")); }) == ExitCode::data_error);
    CHECK(error_code_of([&] { cal.is_working(d("2200-01-01")); }) == ExitCode::data_error);
    CHECK(cal.is_working(d("1971-01-04")));
    CHECK(cal.is_working(d("2199-12-31"))); // a Tuesday
  }
}

TEST_CASE("calendar: working days between receipt and response", "[calendar]")
{
  const auto cal = calendar();
  CHECK(cal.working_days_between(d("2026-11-23"), d("2026-12-07")) == 10);
  CHECK(cal.working_days_between(d("2026-11-21"), d("2026-12-07")) == 10);
  CHECK(cal.working_days_between(d("2026-11-23"), d("2026-11-23")) == 0);
  CHECK(cal.working_days_between(d("2026-11-23"), d("2026-11-20")) == 0);
  // Received Saturday, answered Monday: the Monday is the day of receipt.
  CHECK(cal.working_days_between(d("2026-11-21"), d("2026-11-23")) == 0);
  CHECK(cal.working_days_between(d("2026-11-21"), d("2026-11-24")) == 1);
  // Over Easter: Thu 2 April to Thu 9 April 2026 is 3 working days.
  CHECK(cal.working_days_between(d("2026-04-02"), d("2026-04-09")) == 3);
  // Responding on a bank holiday counts the working days before it.
  CHECK(cal.working_days_between(d("2026-04-01"), d("2026-04-06")) == 1);
}

TEST_CASE("calendar: working days in a hold", "[calendar]")
{
  const auto cal = calendar();
  // Held Thu 2 April, resumed Tue 7 April 2026: only Thursday counts (Friday and Monday are
  // Easter holidays).
  CHECK(cal.working_days_in(d("2026-04-02"), d("2026-04-07")) == 1);
  CHECK(cal.working_days_in(d("2026-11-23"), d("2026-11-30")) == 5);
  CHECK(cal.working_days_in(d("2026-11-23"), d("2026-11-23")) == 0);
}

TEST_CASE("calendar: reasons and non-working weekdays", "[calendar]")
{
  const auto cal = calendar();
  CHECK_FALSE(cal.non_working_reason(d("2026-11-20")).has_value());
  const auto sat = cal.non_working_reason(d("2026-11-21"));
  REQUIRE(sat);
  CHECK(sat->kind == NonWorkingKind::weekend);
  CHECK(sat->name == "Saturday");
  const auto gf = cal.non_working_reason(d("2026-04-03"));
  REQUIRE(gf);
  CHECK(gf->kind == NonWorkingKind::bank_holiday);
  CHECK(gf->name == "Good Friday");
  const auto days = cal.non_working_weekdays(d("2026-12-01"), d("2027-01-31"));
  REQUIRE(days.size() == 3);
  CHECK(days[0].date == d("2026-12-25"));
  CHECK(days[1].date == d("2026-12-28"));
  CHECK(days[2].date == d("2027-01-01"));
}

TEST_CASE("calendar: loaded official events replace the rules for their years", "[calendar]")
{
  CalendarSpec spec;
  spec.loaded[2026] = {{d("2026-01-01"), "New Year’s Day"}, {d("2026-12-24"), "Made up"}};
  const WorkingCalendar cal(spec);
  CHECK(cal.is_working(d("2026-12-25")));       // the rules' Christmas is not in the load
  CHECK_FALSE(cal.is_working(d("2026-12-24"))); // the loaded day is
  CHECK_FALSE(cal.is_working(d("2027-12-27"))); // 2027 still follows the rules
}

TEST_CASE("calendar: bulk lines are answered or reported", "[calendar]")
{
  const auto cal = calendar();
  std::string out;
  CHECK_FALSE(answer_bulk_line(cal, BulkQuery::add_days, "2026-11-21,10\r", out));
  CHECK_FALSE(answer_bulk_line(cal, BulkQuery::between, "2026-11-23,2026-12-07", out));
  CHECK_FALSE(answer_bulk_line(cal, BulkQuery::add_days, "", out));
  CHECK(out == "2026-11-21,10,2026-12-07\n2026-11-23,2026-12-07,10\n");
  CHECK(answer_bulk_line(cal, BulkQuery::add_days, "2026-11-31,1", out)->find("2026-11-31") !=
        std::string::npos);
  CHECK(answer_bulk_line(cal, BulkQuery::add_days, "2026-11-30,x", out)->find("'x'") !=
        std::string::npos);
  CHECK(answer_bulk_line(cal, BulkQuery::add_days, "2026-11-30,-1", out));
  CHECK(answer_bulk_line(cal, BulkQuery::add_days, "2026-11-30", out));
  CHECK(answer_bulk_line(cal, BulkQuery::between, "2026-11-30,soon", out));
  CHECK(answer_bulk_line(cal, BulkQuery::add_days, "2199-12-31,3", out)->find("range") !=
        std::string::npos);
  CHECK(out == "2026-11-21,10,2026-12-07\n2026-11-23,2026-12-07,10\n");
}

TEST_CASE("calendar: a loaded year is whole only with every day of the rules", "[calendar]")
{
  const auto region = Region::england_and_wales;
  std::vector<Date> year_2026;
  for (const auto& h : bank_holidays(region, 2026)) {
    year_2026.push_back(h.date);
  }
  CHECK(partial_years(region, year_2026).empty());
  SECTION("one proclaimed day of 2026 lacks the eight of the rules")
  {
    const auto partial = partial_years(region, {d("2026-06-15")});
    REQUIRE(partial.size() == 1);
    CHECK(partial[0].year == 2026);
    REQUIRE(partial[0].lacks.size() == 8);
    CHECK(partial[0].lacks[0].date == d("2026-01-01"));
    CHECK(partial[0].lacks[6].date == d("2026-12-25"));
    CHECK(partial[0].lacks[7].date == d("2026-12-28")); // Boxing Day, a Saturday: substitute
  }
  SECTION("a day moved by proclamation stands in for the rule's day")
  {
    // As the early-May holiday of 2020 moved from Mon 4 May to Fri 8 May.
    auto moved = year_2026;
    std::replace(moved.begin(), moved.end(), d("2026-05-04"), d("2026-05-08"));
    CHECK(partial_years(region, moved).empty());
  }
  SECTION("a day far from the one it lacks does not")
  {
    auto moved = year_2026;
    std::replace(moved.begin(), moved.end(), d("2026-12-28"), d("2026-10-12"));
    const auto partial = partial_years(region, moved);
    REQUIRE(partial.size() == 1);
    REQUIRE(partial[0].lacks.size() == 1);
    CHECK(partial[0].lacks[0].date == d("2026-12-28"));
  }
  SECTION("an extra proclaimed day keeps a year whole")
  {
    auto extra = year_2026;
    extra.push_back(d("2026-06-15"));
    CHECK(partial_years(region, extra).empty());
  }
}

TEST_CASE("calendar: a day proclaimed at short notice moves deadlines like a closure",
          "[calendar][db]")
{
  test::TestDatabase t({test::k_highways});
  // Ten working days after Mon 2 Nov 2026 is Mon 16 Nov.
  CHECK(load_calendar(t.db).add_working_days(d("2026-11-02"), 10) == d("2026-11-16"));
  add_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-10"), "State funeral");
  const auto cal = load_calendar(t.db);
  CHECK(cal.add_working_days(d("2026-11-02"), 10) == d("2026-11-17"));
  const auto why = cal.non_working_reason(d("2026-11-10"));
  REQUIRE(why.has_value());
  CHECK(why->kind == NonWorkingKind::bank_holiday);
  CHECK(why->name == "State funeral");
  // Only in its region.
  CHECK(load_calendar(t.db, Region::scotland).is_working(d("2026-11-10")));
  CHECK(list_proclaimed_holidays(t.db).size() == 1);

  CHECK(error_code_of([&] {
          add_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-10"), "Again");
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] {
          add_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-12-25"), "Xmas");
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] {
          add_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-14"), "Saturday");
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] {
          add_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-12"), " ");
        }) == ExitCode::usage);
  CHECK(list_proclaimed_holidays(t.db).size() == 1);

  remove_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-10"));
  CHECK(load_calendar(t.db).add_working_days(d("2026-11-02"), 10) == d("2026-11-16"));
  CHECK(error_code_of([&] {
          remove_proclaimed_holiday(t.db, Region::england_and_wales, d("2026-11-10"));
        }) == ExitCode::data_error);
}
