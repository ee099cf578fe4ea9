// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/storage/database.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The working-day calendar of the council in `db`: its region (or `region` if given), the
// official events loaded for that region and its closure days.
WorkingCalendar load_calendar(Database& db, std::optional<Region> region = std::nullopt);

// Closure days in [from, to] (all of them when both are nullopt), by date.
std::vector<Closure> list_closures(Database& db, std::optional<Date> from = std::nullopt,
                                   std::optional<Date> to = std::nullopt);

// Adds a closure day for every day in [from, to] with `reason`. Throws Error(data_error) if
// any of them is already a closure day, naming it; nothing is added then.
int add_closures(Database& db, Date from, Date to, std::string_view reason);

// Removes the closure day `day`, and with `to` every closure day in [day, to]. Returns the
// number removed; throws Error(data_error) if there was none.
int remove_closures(Database& db, Date day, std::optional<Date> to = std::nullopt);

// A day proclaimed at short notice (a state funeral, a jubilee) for one region.
struct ProclaimedHoliday
{
  Region region = Region::england_and_wales;
  Date date;
  std::string name;
};

// Adds a bank holiday proclaimed at short notice on `day` for `region`, on top of the rules and
// any loaded list: every running deadline that spans it moves, as for a closure day. Throws
// Error(usage) for an empty `name`; Error(data_error) when `day` is a weekend, already a bank
// holiday of `region` (naming it) or outside the calendar's range. Nothing is added then.
void add_proclaimed_holiday(Database& db, Region region, Date day, std::string_view name);

// Removes the day added for `region` on `day`; Error(data_error) if there is none.
void remove_proclaimed_holiday(Database& db, Region region, Date day);

// Every day proclaimed at short notice, by region then date.
std::vector<ProclaimedHoliday> list_proclaimed_holidays(Database& db);

// The years of `region` in a loaded list whose days do not make a whole year: for each, the
// year and the days of the rules (bank_holidays.hpp) it lacks, a day moved by proclamation
// (listed within 14 days of the rule's day, instead of it) counting as present. Empty when
// every year is whole.
struct PartialYear
{
  int year = 0;
  std::vector<Holiday> lacks;
};
std::vector<PartialYear> partial_years(Region region, const std::vector<Date>& listed);

struct LoadSummary
{
  std::string region;
  int first_year = 0;
  int last_year = 0;
  int events = 0;
};

// Loads the official bank-holiday list (gov.uk bank-holidays.json format) from `json_text`.
// For each division, the years it covers replace earlier loads and the rules. Validates the
// whole document first: malformed JSON, an unknown division, a bad or duplicate date, or a year
// that is not whole (partial_years: a list replaces a year only when it holds the whole year)
// throws Error(data_error) naming the problem, and nothing is loaded. `source` names the file.
std::vector<LoadSummary> load_govuk(Database& db, std::string_view json_text,
                                    std::string_view source, std::string_view loaded_at);

} // namespace feedback
