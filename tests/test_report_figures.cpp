// SPDX-License-Identifier: MIT
// The arithmetic of the published figures and their periods, against figures worked out by hand.
#include "test_support.hpp"

#include <feedback/reports/report_figures.hpp>

using namespace feedback;
using feedback::test::d;

namespace {

std::string
pct(std::optional<Hundredths> h)
{
  return h ? format_hundredths(*h) : "n/a";
}

Period
period(std::string_view from, std::string_view to)
{
  return Period{d(from), d(to)};
}

} // namespace

TEST_CASE("report: percentages to two decimals", "[report]")
{
  CHECK(pct(percentage(15, 61)) == "24.59"); // 24.5901...
  CHECK(pct(percentage(1, 3)) == "33.33");
  CHECK(pct(percentage(2, 3)) == "66.67");
  CHECK(pct(percentage(5, 6)) == "83.33");
  CHECK(pct(percentage(61, 61)) == "100.00");
  CHECK(pct(percentage(0, 61)) == "0.00");
  CHECK(pct(percentage(1, 14)) == "7.14"); // 7.1428...
  SECTION("no whole is n/a, never a division by zero")
  {
    CHECK_FALSE(percentage(0, 0).has_value());
    CHECK_FALSE(percentage(3, 0).has_value());
  }
}

TEST_CASE("report: rounding is half away from zero", "[report]")
{
  CHECK(divide_rounded(5, 2) == 3);
  CHECK(divide_rounded(-5, 2) == -3);
  CHECK(divide_rounded(5, -2) == -3);
  CHECK(divide_rounded(7, 3) == 2);
  CHECK(divide_rounded(8, 3) == 3);
  CHECK(divide_rounded(-7, 3) == -2);
  CHECK(divide_rounded(0, 7) == 0);
  // Exactly half a hundredth: 1 of 800 is 0.125 % -> 0.13; a fall of 1 in 800 is -0.13.
  CHECK(pct(percentage(1, 800)) == "0.13");
  CHECK(pct(change_pct(800, 801)) == "0.13");
  CHECK(pct(change_pct(800, 799)) == "-0.13");
  // Just under half rounds down: 1 of 1601 is 0.06246 %.
  CHECK(pct(percentage(1, 1601)) == "0.06");
  CHECK(pct(percentage(1, 1600)) == "0.06"); // 0.0625 %: a quarter of a hundredth goes down
  CHECK(pct(percentage(3, 1600)) == "0.19"); // 0.1875 -> 0.19
}

TEST_CASE("report: the change on the previous period", "[report]")
{
  CHECK(pct(change_pct(162, 190)) == "17.28");  // docs/reports.md's example: 28 / 162 = 17.2839...
  CHECK(pct(change_pct(190, 162)) == "-14.74"); // -28 / 190 = -14.7368...
  CHECK(pct(change_pct(4, 5)) == "25.00");
  CHECK(pct(change_pct(2, 5)) == "150.00");
  CHECK(pct(change_pct(3, 2)) == "-33.33");
  CHECK(pct(change_pct(100, 100)) == "0.00");
  CHECK(pct(change_pct(7, 0)) == "-100.00");
  SECTION("from zero the change is n/a, never a division by zero")
  {
    CHECK_FALSE(change_pct(0, 5).has_value());
    CHECK_FALSE(change_pct(0, 0).has_value());
  }
  SECTION("for people")
  {
    CHECK(format_change(change_pct(162, 190)) == "17.28 % increase");
    CHECK(format_change(change_pct(190, 162)) == "14.74 % decrease");
    CHECK(format_change(change_pct(9, 9)) == "no change");
    CHECK(format_change(change_pct(0, 9)) == "n/a");
  }
}

TEST_CASE("report: averages, pounds and counts", "[report]")
{
  CHECK(pct(average(14, 3)) == "4.67");
  CHECK(pct(average(5, 1)) == "5.00");
  CHECK(pct(average(5, 2)) == "2.50");
  CHECK_FALSE(average(0, 0).has_value());
  CHECK(format_hundredths(Hundredths{1728}) == "17.28");
  CHECK(format_hundredths(Hundredths{-5}) == "-0.05");
  CHECK(format_hundredths(Hundredths{0}) == "0.00");
  CHECK(format_hundredths(Hundredths{8000}) == "80.00");
  CHECK(format_pence(25000) == "250.00");
  CHECK(format_pence(5) == "0.05");
  CHECK(format_pence(123456789) == "1234567.89");
  CHECK(format_count(0) == "0");
  CHECK(format_count(999) == "999");
  CHECK(format_count(1000) == "1,000");
  CHECK(format_count(1234567) == "1,234,567");
  CHECK(format_count(-1234) == "-1,234");
}

TEST_CASE("report: financial years, quarters and months", "[report]")
{
  CHECK(parse_financial_year("2019/20") == period("2019-04-01", "2020-03-31"));
  CHECK(parse_financial_year("2019/2020") == period("2019-04-01", "2020-03-31"));
  CHECK(parse_financial_year("1999/00") == period("1999-04-01", "2000-03-31"));
  for (const auto* bad :
       {"2019/21", "2019-20", "19/20", "2019/20 ", "2019/", "/20", "2019/2021", "abcd/ef", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_financial_year(bad).has_value());
  }
  CHECK(parse_quarter("2021/22-Q1") == period("2021-04-01", "2021-06-30"));
  CHECK(parse_quarter("2021/22-Q2") == period("2021-07-01", "2021-09-30"));
  CHECK(parse_quarter("2021/22-Q3") == period("2021-10-01", "2021-12-31"));
  CHECK(parse_quarter("2021/22-Q4") == period("2022-01-01", "2022-03-31"));
  CHECK(parse_quarter("2021/22-q4") == period("2022-01-01", "2022-03-31"));
  for (const auto* bad : {"2021/22-Q5", "2021/22-Q0", "2021/22Q1", "2021-Q1", "2021/22-Q", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_quarter(bad).has_value());
  }
  CHECK(parse_month("2020-07") == period("2020-07-01", "2020-07-31"));
  CHECK(parse_month("2020-02") == period("2020-02-01", "2020-02-29"));
  CHECK(parse_month("2021-02") == period("2021-02-01", "2021-02-28"));
  for (const auto* bad : {"2020-13", "2020-00", "2020-7", "2020/07", "2020-07-01", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_month(bad).has_value());
  }
}

TEST_CASE("report: 31 March and 1 April are in different financial years", "[report]")
{
  CHECK(financial_year_of(d("2020-03-31")) == period("2019-04-01", "2020-03-31"));
  CHECK(financial_year_of(d("2020-04-01")) == period("2020-04-01", "2021-03-31"));
  CHECK(financial_year_of(d("2021-01-01")) == period("2020-04-01", "2021-03-31"));
  CHECK(period_label(financial_year_of(d("2020-03-31"))) == "2019/20");
  CHECK(period_label(financial_year_of(d("2020-04-01"))) == "2020/21");
}

TEST_CASE("report: previous periods of the same length", "[report]")
{
  SECTION("a financial year compares with the one before")
  {
    CHECK(previous_period(period("2020-04-01", "2021-03-31")) ==
          period("2019-04-01", "2020-03-31"));
  }
  SECTION("whole months compare with the same months before, leap year or not")
  {
    CHECK(previous_period(period("2019-12-01", "2020-11-30")) ==
          period("2018-12-01", "2019-11-30"));
    CHECK(previous_period(period("2020-03-01", "2021-02-28")) ==
          period("2019-03-01", "2020-02-29"));
    CHECK(previous_period(period("2020-03-01", "2020-03-31")) ==
          period("2020-02-01", "2020-02-29"));
    CHECK(previous_period(period("2021-01-01", "2021-03-31")) ==
          period("2020-10-01", "2020-12-31"));
  }
  SECTION("other periods compare with the same number of days before")
  {
    // 15 January - 10 March 2020 is 56 days (17 + 29 + 10).
    CHECK(previous_period(period("2020-01-15", "2020-03-10")) ==
          period("2019-11-20", "2020-01-14"));
    CHECK(previous_period(period("2020-03-31", "2020-03-31")) ==
          period("2020-03-30", "2020-03-30"));
    CHECK(previous_period(period("2020-04-01", "2020-04-30")) // whole month: March
          == period("2020-03-01", "2020-03-31"));
  }
  SECTION("--compare N gives the N before, oldest first")
  {
    const auto periods = periods_ending_with(period("2021-04-01", "2022-03-31"), 2);
    REQUIRE(periods.size() == 3);
    CHECK(periods[0] == period("2019-04-01", "2020-03-31"));
    CHECK(periods[1] == period("2020-04-01", "2021-03-31"));
    CHECK(periods[2] == period("2021-04-01", "2022-03-31"));
    CHECK(periods_ending_with(period("2021-04-01", "2022-03-31"), 0).size() == 1);
  }
  CHECK(whole_months(period("2020-04-01", "2021-03-31")) == 12);
  CHECK(whole_months(period("2020-02-01", "2020-02-29")) == 1);
  CHECK(whole_months(period("2020-02-01", "2020-02-28")) == 0);
  CHECK(whole_months(period("2020-02-02", "2020-02-29")) == 0);
}

TEST_CASE("report: months of a period and labels", "[report]")
{
  const auto months = months_of(period("2020-01-15", "2020-03-10"));
  REQUIRE(months.size() == 3);
  CHECK(months[0] == period("2020-01-15", "2020-01-31"));
  CHECK(months[1] == period("2020-02-01", "2020-02-29"));
  CHECK(months[2] == period("2020-03-01", "2020-03-10"));
  CHECK(months_of(period("2020-04-01", "2021-03-31")).size() == 12);

  CHECK(period_label(period("2019-04-01", "2020-03-31")) == "2019/20");
  CHECK(period_label(period("1999-04-01", "2000-03-31")) == "1999/00");
  CHECK(period_label(period("2021-04-01", "2021-06-30")) == "2021/22-Q1");
  CHECK(period_label(period("2022-01-01", "2022-03-31")) == "2021/22-Q4");
  CHECK(period_label(period("2020-07-01", "2020-07-31")) == "2020-07");
  CHECK(period_label(period("2020-01-15", "2020-03-10")) == "2020-01-15 to 2020-03-10");
  // Twelve months from December is not a financial year: whole months are named by them.
  CHECK(period_label(period("2019-12-01", "2020-11-30")) == "Dec 2019 to Nov 2020");
  CHECK(period_label(period("2020-02-01", "2020-04-30")) == "Feb 2020 to Apr 2020");
  // Titles name them in full.
  CHECK(period_name(period("2019-12-01", "2020-11-30")) == "December 2019 to November 2020");
  CHECK(period_name(period("2020-07-01", "2020-07-31")) == "July 2020");
  CHECK(period_name(period("2019-04-01", "2020-03-31")) == "2019/20");
  CHECK(period_name(period("2021-04-01", "2021-06-30")) == "2021/22-Q1");
  CHECK(period_name(period("2020-01-15", "2020-03-10")) == "2020-01-15 to 2020-03-10");
}
