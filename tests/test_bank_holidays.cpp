// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using feedback::Date;
using feedback::Region;
using feedback::test::d;

namespace {

constexpr std::string_view k_substitute_suffix = " (substitute day)";
constexpr Region k_regions[] = {Region::england_and_wales, Region::scotland,
                                Region::northern_ireland};

// One line per holiday, so a failed comparison shows the whole year side by side.
std::vector<std::string>
listing(Region region, int year)
{
  std::vector<std::string> out;
  for (const auto& h : feedback::bank_holidays(region, year)) {
    out.push_back(fmt::format("{} {}", feedback::format_date(h.date), h.name));
  }
  return out;
}

bool
contains(Region region, Date d)
{
  // The rules are cheap, but the fixtures ask about the same years thousands of times.
  static std::map<std::pair<Region, int>, std::set<int>> cache;
  const int year = static_cast<int>(d.year());
  auto [it, inserted] = cache.try_emplace({region, year});
  if (inserted) {
    for (const auto& h : feedback::bank_holidays(region, year)) {
      it->second.insert(feedback::day_number(h.date));
    }
  }
  return it->second.count(feedback::day_number(d)) != 0;
}

bool
in_rule_years(Date d)
{
  const int year = static_cast<int>(d.year());
  return year >= feedback::k_first_rule_year && year <= feedback::k_last_rule_year;
}

std::string
base_name(std::string name)
{
  if (name.size() > k_substitute_suffix.size() &&
      std::string_view{name}.substr(name.size() - k_substitute_suffix.size()) ==
          k_substitute_suffix) {
    name.resize(name.size() - k_substitute_suffix.size());
  }
  return name;
}

struct CsvRow
{
  std::string division;
  std::string date;
  std::string name;
  std::string source;
};

// The python-holidays files are `division,date,name,source` with no quoting; only the last
// column may hold a comma, so split on the first three.
std::vector<CsvRow>
read_csv(const std::filesystem::path& path)
{
  const std::string text = feedback::test::read_file(path);
  std::vector<CsvRow> rows;
  std::size_t pos = 0;
  bool header = true;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      continue;
    }
    if (header) {
      REQUIRE(line == "division,date,name,source");
      header = false;
      continue;
    }
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    const auto c3 = line.find(',', c2 + 1);
    if (c3 == std::string::npos) {
      FAIL(path.filename().string() << ": not four columns: " << line);
    }
    rows.push_back({line.substr(0, c1), line.substr(c1 + 1, c2 - c1 - 1),
                    line.substr(c2 + 1, c3 - c2 - 1), line.substr(c3 + 1)});
  }
  return rows;
}

// python-holidays assertions that the rules deliberately contradict. None is covered by the
// official list (2012-2028), so each rests on the source named.
struct KnownDisagreement
{
  std::string_view division;
  std::string_view date;
  std::string_view why;
};

constexpr KnownDisagreement k_python_holidays_wrong[] = {
    {"scotland", "2006-11-30",
     "St Andrew's Day Bank Holiday (Scotland) Act 2007 had Royal Assent on 15 January 2007; "
     "the first such holiday was 30 November 2007"},
    {"scotland", "2010-01-04",
     "no proclamation substituted Saturday 2 January 2010 (Scottish Government, reported at "
     "dracos.co.uk/wrote/bad-bank-holidays)"},
    {"scotland", "2011-01-04",
     "no proclamation substituted Saturday 1 January 2011; 3 January was the statutory day for "
     "Sunday 2 January (same source)"},
};

bool
known_wrong(std::string_view division, std::string_view date)
{
  return std::any_of(
      std::begin(k_python_holidays_wrong), std::end(k_python_holidays_wrong),
      [&](const KnownDisagreement& k) { return k.division == division && k.date == date; });
}

// Calls `fn(row, day, region)` for each row of the python-holidays file `file` dated in the
// years the rules cover, and returns how many there were; a row whose date or division cannot
// be read is added to `failures`.
template <typename Fn>
std::size_t
each_rule_year_row(const std::filesystem::path& file, std::vector<std::string>& failures, Fn&& fn)
{
  std::size_t checked = 0;
  for (const auto& row : read_csv(file)) {
    const auto day = feedback::test::any_year_date(row.date);
    const auto region = feedback::parse_region(row.division);
    if (!day || !region) {
      failures.push_back(fmt::format("unreadable row: {},{}", row.division, row.date));
      continue;
    }
    if (!in_rule_years(*day)) {
      continue;
    }
    ++checked;
    fn(row, *day, *region);
  }
  return checked;
}

Region
region_of(const std::string& division)
{
  const auto region = feedback::parse_region(division);
  INFO("division " << division);
  REQUIRE(region.has_value());
  return *region;
}

} // namespace

TEST_CASE("bank_holidays: region names round-trip", "[calendar]")
{
  for (const auto region : k_regions) {
    CHECK(feedback::parse_region(feedback::region_name(region)) == region);
  }
  CHECK(feedback::region_name(Region::england_and_wales) == "england-and-wales");
  CHECK(feedback::region_name(Region::scotland) == "scotland");
  CHECK(feedback::region_name(Region::northern_ireland) == "northern-ireland");
  CHECK_FALSE(feedback::parse_region("").has_value());
  CHECK_FALSE(feedback::parse_region("england").has_value());
  CHECK_FALSE(feedback::parse_region("Scotland").has_value());
  CHECK_FALSE(feedback::parse_region("northern-ireland ").has_value());
}

TEST_CASE("bank_holidays: easter_sunday matches known dates", "[calendar]")
{
  CHECK(feedback::easter_sunday(1971) == d("1971-04-11"));
  CHECK(feedback::easter_sunday(2008) == d("2008-03-23"));
  CHECK(feedback::easter_sunday(2011) == d("2011-04-24"));
  CHECK(feedback::easter_sunday(2019) == d("2019-04-21"));
  CHECK(feedback::easter_sunday(2024) == d("2024-03-31"));
  CHECK(feedback::easter_sunday(2025) == d("2025-04-20"));
  CHECK(feedback::easter_sunday(2038) == d("2038-04-25")); // the latest possible
  CHECK(feedback::easter_sunday(2285) == d("2285-03-22")); // the earliest possible
}

TEST_CASE("bank_holidays: years outside the rules are a data error", "[calendar]")
{
  for (const int year : {1970, 2200, 0, -5, 9999}) {
    INFO("year " << year);
    const auto e = feedback::test::error_of(
        [&] { (void)feedback::bank_holidays(Region::england_and_wales, year); });
    CHECK(e.code() == feedback::ExitCode::data_error);
    const std::string what = e.what();
    CHECK(what.find("1971") != std::string::npos);
    CHECK(what.find("2199") != std::string::npos);
    CHECK(what.find(std::to_string(year)) != std::string::npos);
  }
  CHECK_NOTHROW(feedback::bank_holidays(Region::scotland, 1971));
  CHECK_NOTHROW(feedback::bank_holidays(Region::northern_ireland, 2199));
}

TEST_CASE("bank_holidays: every year is sorted, weekday-only and complete", "[calendar]")
{
  for (const auto region : k_regions) {
    for (int year = feedback::k_first_rule_year; year <= feedback::k_last_rule_year; ++year) {
      const auto days = feedback::bank_holidays(region, year);
      INFO(feedback::region_name(region) << " " << year);
      REQUIRE(!days.empty());
      for (std::size_t i = 0; i < days.size(); ++i) {
        CHECK(days[i].date.ok());
        CHECK(static_cast<int>(days[i].date.year()) == year);
        CHECK_FALSE(feedback::is_weekend(days[i].date));
        CHECK_FALSE(days[i].name.empty());
        if (i > 0) {
          CHECK(days[i - 1].date < days[i].date);
        }
      }
      // With no proclaimed extras left, each jurisdiction keeps its full count every year:
      // a weekend holiday is never lost, only moved.
      if (year >= 2027) {
        const std::size_t expected = region == Region::england_and_wales ? 8
                                     : region == Region::scotland        ? 9
                                                                         : 10;
        CHECK(days.size() == expected);
      }
    }
  }
}

TEST_CASE("bank_holidays: hand-checked recent years", "[calendar]")
{
  SECTION("2022: spring moved, platinum jubilee, state funeral, Christmas on Sunday")
  {
    CHECK(listing(Region::england_and_wales, 2022) ==
          std::vector<std::string>{
              "2022-01-03 New Year’s Day (substitute day)",
              "2022-04-15 Good Friday",
              "2022-04-18 Easter Monday",
              "2022-05-02 Early May bank holiday",
              "2022-06-02 Spring bank holiday",
              "2022-06-03 Platinum Jubilee bank holiday",
              "2022-08-29 Summer bank holiday",
              "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
              "2022-12-26 Boxing Day",
              "2022-12-27 Christmas Day (substitute day)",
          });
    CHECK(listing(Region::scotland, 2022) ==
          std::vector<std::string>{
              "2022-01-03 New Year’s Day (substitute day)",
              "2022-01-04 2nd January (substitute day)",
              "2022-04-15 Good Friday",
              "2022-05-02 Early May bank holiday",
              "2022-06-02 Spring bank holiday",
              "2022-06-03 Platinum Jubilee bank holiday",
              "2022-08-01 Summer bank holiday",
              "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
              "2022-11-30 St Andrew’s Day",
              "2022-12-26 Boxing Day",
              "2022-12-27 Christmas Day (substitute day)",
          });
    CHECK(listing(Region::northern_ireland, 2022) ==
          std::vector<std::string>{
              "2022-01-03 New Year’s Day (substitute day)",
              "2022-03-17 St Patrick’s Day",
              "2022-04-15 Good Friday",
              "2022-04-18 Easter Monday",
              "2022-05-02 Early May bank holiday",
              "2022-06-02 Spring bank holiday",
              "2022-06-03 Platinum Jubilee bank holiday",
              "2022-07-12 Battle of the Boyne (Orangemen’s Day)",
              "2022-08-29 Summer bank holiday",
              "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
              "2022-12-26 Boxing Day",
              "2022-12-27 Christmas Day (substitute day)",
          });
  }

  SECTION("2012: diamond jubilee; New Year on Sunday; St Patrick's Day on Saturday")
  {
    CHECK(listing(Region::england_and_wales, 2012) ==
          std::vector<std::string>{
              "2012-01-02 New Year’s Day (substitute day)",
              "2012-04-06 Good Friday",
              "2012-04-09 Easter Monday",
              "2012-05-07 Early May bank holiday",
              "2012-06-04 Spring bank holiday",
              "2012-06-05 Queen’s Diamond Jubilee",
              "2012-08-27 Summer bank holiday",
              "2012-12-25 Christmas Day",
              "2012-12-26 Boxing Day",
          });
    // The Act moves a Sunday New Year's Day to 3 January, as 2 January is its own holiday.
    CHECK(listing(Region::scotland, 2012) == std::vector<std::string>{
                                                 "2012-01-02 2nd January",
                                                 "2012-01-03 New Year’s Day (substitute day)",
                                                 "2012-04-06 Good Friday",
                                                 "2012-05-07 Early May bank holiday",
                                                 "2012-06-04 Spring bank holiday",
                                                 "2012-06-05 Queen’s Diamond Jubilee",
                                                 "2012-08-06 Summer bank holiday",
                                                 "2012-11-30 St Andrew’s Day",
                                                 "2012-12-25 Christmas Day",
                                                 "2012-12-26 Boxing Day",
                                             });
    const auto ni = listing(Region::northern_ireland, 2012);
    CHECK(std::count(ni.begin(), ni.end(), "2012-03-19 St Patrick’s Day (substitute day)") == 1);
    CHECK(ni.size() == 11);
  }

  SECTION("2020: early May moved to Friday 8 May; Boyne on Sunday; Boxing Day on Saturday")
  {
    for (const auto region : k_regions) {
      const auto days = listing(region, 2020);
      CHECK(std::count(days.begin(), days.end(), "2020-05-08 Early May bank holiday (VE day)") ==
            1);
      CHECK_FALSE(contains(region, d("2020-05-04")));
      CHECK(std::count(days.begin(), days.end(), "2020-12-28 Boxing Day (substitute day)") == 1);
    }
    CHECK(contains(Region::northern_ireland, d("2020-07-13")));
    CHECK_FALSE(contains(Region::northern_ireland, d("2020-07-14")));
  }

  SECTION("2021: Christmas on Saturday, Boxing Day on Sunday")
  {
    const auto days = listing(Region::england_and_wales, 2021);
    CHECK(std::vector<std::string>(days.end() - 2, days.end()) ==
          std::vector<std::string>{"2021-12-27 Christmas Day (substitute day)",
                                   "2021-12-28 Boxing Day (substitute day)"});
    // 2 January 2021 is a Saturday; Scotland gets Monday 4 January.
    CHECK(contains(Region::scotland, d("2021-01-04")));
    CHECK_FALSE(contains(Region::england_and_wales, d("2021-01-04")));
  }

  SECTION("2023: coronation; Scotland's New Year on Sunday")
  {
    for (const auto region : k_regions) {
      CHECK(contains(region, d("2023-05-01")));
      CHECK(contains(region, d("2023-05-08")));
      CHECK(contains(region, d("2023-01-02")));
    }
    CHECK(contains(Region::scotland, d("2023-01-03")));
    CHECK_FALSE(contains(Region::england_and_wales, d("2023-01-03")));
  }

  SECTION("2026: Scotland's World Cup bank holiday; Boxing Day on Saturday; Boyne on Sunday")
  {
    CHECK(listing(Region::scotland, 2026) == std::vector<std::string>{
                                                 "2026-01-01 New Year’s Day",
                                                 "2026-01-02 2nd January",
                                                 "2026-04-03 Good Friday",
                                                 "2026-05-04 Early May bank holiday",
                                                 "2026-05-25 Spring bank holiday",
                                                 "2026-06-15 World Cup bank holiday",
                                                 "2026-08-03 Summer bank holiday",
                                                 "2026-11-30 St Andrew’s Day",
                                                 "2026-12-25 Christmas Day",
                                                 "2026-12-28 Boxing Day (substitute day)",
                                             });
    CHECK_FALSE(contains(Region::england_and_wales, d("2026-06-15")));
    CHECK_FALSE(contains(Region::northern_ireland, d("2026-06-15")));
    CHECK(contains(Region::england_and_wales, d("2026-12-28")));
    CHECK(contains(Region::northern_ireland, d("2026-07-13")));
  }

  SECTION("St Andrew's Day starts in 2007 and moves to Monday from a weekend")
  {
    CHECK_FALSE(contains(Region::scotland, d("2006-11-30")));
    CHECK(contains(Region::scotland, d("2007-11-30")));
    CHECK(contains(Region::scotland, d("2008-12-01"))); // 30 November 2008 is a Sunday
    CHECK(contains(Region::scotland, d("2024-12-02"))); // 30 November 2024 is a Saturday
    CHECK_FALSE(contains(Region::england_and_wales, d("2007-11-30")));
    CHECK_FALSE(contains(Region::northern_ireland, d("2007-11-30")));
  }
}

TEST_CASE("bank_holidays: hand-checked history since 1971", "[calendar]")
{
  SECTION("1971: no New Year's Day or May Day yet outside Scotland")
  {
    CHECK(listing(Region::england_and_wales, 1971) ==
          std::vector<std::string>{
              "1971-04-09 Good Friday",
              "1971-04-12 Easter Monday",
              "1971-05-31 Spring bank holiday",
              "1971-08-30 Summer bank holiday",
              "1971-12-27 Christmas Day (substitute day)",
              "1971-12-28 Boxing Day (substitute day)",
          });
    // Scotland: no spring holiday (1978) and no Boxing Day (1974) yet.
    CHECK(listing(Region::scotland, 1971) == std::vector<std::string>{
                                                 "1971-01-01 New Year’s Day",
                                                 "1971-01-04 2nd January (substitute day)",
                                                 "1971-04-09 Good Friday",
                                                 "1971-05-03 Early May bank holiday",
                                                 "1971-08-02 Summer bank holiday",
                                                 "1971-12-27 Christmas Day (substitute day)",
                                             });
  }

  SECTION("1973: Princess Anne's wedding; 1974: first New Year's Day outside Scotland")
  {
    for (const auto region : k_regions) {
      CHECK(contains(region, d("1973-11-14")));
      CHECK(contains(region, d("1974-01-01")));
      CHECK(contains(region, d("1977-06-07"))); // Silver Jubilee
      CHECK(contains(region, d("1981-07-29"))); // royal wedding
    }
    CHECK_FALSE(contains(Region::scotland, d("1973-12-26")));
    CHECK(contains(Region::scotland, d("1974-12-26")));
  }

  SECTION("1977: New Year on Saturday, 2 January on Sunday; Scotland has no late May yet")
  {
    CHECK(contains(Region::england_and_wales, d("1977-01-03")));
    CHECK_FALSE(contains(Region::england_and_wales, d("1977-01-04")));
    CHECK(contains(Region::scotland, d("1977-01-03")));
    CHECK(contains(Region::scotland, d("1977-01-04")));
    CHECK(contains(Region::england_and_wales, d("1977-05-30")));
    CHECK_FALSE(contains(Region::scotland, d("1977-05-30")));
    CHECK(contains(Region::scotland, d("1977-05-02")));
    CHECK_FALSE(contains(Region::england_and_wales, d("1977-05-02")));
  }

  SECTION("1978: May Day arrives in England, Wales and Northern Ireland, late May in Scotland")
  {
    for (const auto region : k_regions) {
      CHECK(contains(region, d("1978-05-01")));
      CHECK(contains(region, d("1978-05-29")));
    }
  }

  SECTION("1995: VE day moved the early May holiday, but Scotland kept both")
  {
    CHECK(contains(Region::england_and_wales, d("1995-05-08")));
    CHECK_FALSE(contains(Region::england_and_wales, d("1995-05-01")));
    CHECK(contains(Region::northern_ireland, d("1995-05-08")));
    CHECK_FALSE(contains(Region::northern_ireland, d("1995-05-01")));
    CHECK(contains(Region::scotland, d("1995-05-01")));
    CHECK(contains(Region::scotland, d("1995-05-08")));
  }

  SECTION("1999-2000: the millennium")
  {
    for (const auto region : k_regions) {
      CHECK(contains(region, d("1999-12-31")));
      CHECK(contains(region, d("2000-01-03")));
    }
    CHECK(contains(Region::scotland, d("2000-01-04")));
    CHECK_FALSE(contains(Region::england_and_wales, d("2000-01-04")));
  }

  SECTION("2002: golden jubilee, spring holiday moved to 4 June")
  {
    for (const auto region : k_regions) {
      CHECK(contains(region, d("2002-06-03")));
      CHECK(contains(region, d("2002-06-04")));
      CHECK_FALSE(contains(region, d("2002-05-27")));
    }
  }

  SECTION("2010-2011: Scotland's unproclaimed New Year substitutes; the 2011 royal wedding")
  {
    CHECK(contains(Region::scotland, d("2010-01-01")));
    CHECK_FALSE(contains(Region::scotland, d("2010-01-04")));
    CHECK(contains(Region::scotland, d("2011-01-03")));
    CHECK_FALSE(contains(Region::scotland, d("2011-01-04")));
    CHECK(contains(Region::england_and_wales, d("2011-01-03")));
    for (const auto region : k_regions) {
      CHECK(contains(region, d("2011-04-29")));
    }
  }

  SECTION("Northern Ireland: St Patrick's Day and the Boyne move off weekends")
  {
    CHECK(contains(Region::northern_ireland, d("2013-03-18"))); // 17 March 2013 is a Sunday
    CHECK(contains(Region::northern_ireland, d("2014-07-14"))); // 12 July 2014 is a Saturday
    CHECK(contains(Region::northern_ireland, d("2015-07-13"))); // 12 July 2015 is a Sunday
    CHECK_FALSE(contains(Region::england_and_wales, d("2015-07-13")));
    CHECK_FALSE(contains(Region::scotland, d("2013-03-18")));
  }
}

TEST_CASE("bank_holidays: the rules reproduce the official gov.uk list 2012-2028", "[calendar]")
{
  const auto dir = feedback::test::shared_fixtures("calendar");
  if (!dir) {
    return;
  }
  const auto json =
      nlohmann::json::parse(feedback::test::read_file(*dir / "govuk-bank-holidays.json"));
  REQUIRE(json.size() == 3);
  std::size_t dates_checked = 0;
  for (const auto& [key, division] : json.items()) {
    REQUIRE(division.at("division").get<std::string>() == key);
    const Region region = region_of(key);
    std::map<int, std::set<std::string>> official;
    std::map<int, std::multiset<std::string>> official_titles;
    for (const auto& event : division.at("events")) {
      const auto date = event.at("date").get<std::string>();
      const int year = static_cast<int>(d(date).year());
      official[year].insert(date);
      official_titles[year].insert(event.at("title").get<std::string>());
      ++dates_checked;
    }
    CHECK(official.begin()->first == 2012);
    CHECK(official.rbegin()->first == 2028);
    for (int year = 2012; year <= 2028; ++year) {
      INFO(key << " " << year);
      std::set<std::string> ours;
      std::multiset<std::string> our_titles;
      for (const auto& h : feedback::bank_holidays(region, year)) {
        ours.insert(feedback::format_date(h.date));
        our_titles.insert(base_name(h.name));
      }
      CHECK(ours == official[year]);
      // Titles are compared per year, not per date: gov.uk itself names Scotland's two
      // January days in either order (2012 and 2017 give 2 January its own day, 2023 gives it
      // to New Year's Day), but every year has the same titles as ours.
      CHECK(our_titles == official_titles[year]);
    }
  }
  INFO("official events checked: " << dates_checked);
  CHECK(dates_checked >= 450);
}

TEST_CASE("bank_holidays: python-holidays holidays are non-working days", "[calendar]")
{
  const auto dir = feedback::test::shared_fixtures("calendar");
  if (!dir) {
    return;
  }
  std::set<std::pair<std::string, std::string>> disagreements;
  for (const char* file : {"python-holidays-uk.csv", "python-holidays-uk-generated.csv"}) {
    std::size_t on_weekend = 0;
    std::vector<std::string> failures;
    const auto checked =
        each_rule_year_row(*dir / file, failures, [&](const CsvRow& row, Date day, Region region) {
          // python-holidays lists a weekend holiday on its nominal date as well as on its
          // substitute, so a weekend date only has to be a non-working day.
          if (contains(region, day)) {
            return;
          }
          if (feedback::is_weekend(day)) {
            ++on_weekend;
            return;
          }
          if (known_wrong(row.division, row.date)) {
            disagreements.insert({row.division, row.date});
            return;
          }
          failures.push_back(
              fmt::format("{} {} {} ({})", row.division, row.date, row.name, row.source));
        });
    INFO(file << ": " << checked << " dates in " << feedback::k_first_rule_year << "-"
              << feedback::k_last_rule_year << " checked, " << on_weekend
              << " of them nominal weekend dates");
    CHECK(failures == std::vector<std::string>{});
    CHECK(checked >= 400);
  }
  // Each known disagreement is still asserted by python-holidays and still rejected by the
  // rules; if either side changes, the list above must be revisited.
  CHECK(disagreements.size() == std::size(k_python_holidays_wrong));
}

TEST_CASE("bank_holidays: python-holidays non-holidays are not bank holidays", "[calendar]")
{
  const auto dir = feedback::test::shared_fixtures("calendar");
  if (!dir) {
    return;
  }
  for (const char* file : {"python-holidays-uk-not.csv", "python-holidays-uk-not-generated.csv"}) {
    std::vector<std::string> failures;
    const auto checked =
        each_rule_year_row(*dir / file, failures, [&](const CsvRow& row, Date day, Region region) {
          if (contains(region, day)) {
            failures.push_back(
                fmt::format("{} {} {} ({})", row.division, row.date, row.name, row.source));
          }
        });
    INFO(file << ": " << checked << " dates in " << feedback::k_first_rule_year << "-"
              << feedback::k_last_rule_year << " checked");
    CHECK(failures == std::vector<std::string>{});
    CHECK(checked >= 250);
  }
}
