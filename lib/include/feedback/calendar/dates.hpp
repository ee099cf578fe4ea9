// SPDX-License-Identifier: MIT
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace feedback {

using Date = date::year_month_day;

// The calendar's range, 1971-01-01 to 2199-12-31: the years the bank-holiday rules cover, and
// every date the toolkit stores or counts working days with.
inline constexpr int k_first_calendar_year = 1971;
inline constexpr int k_last_calendar_year = 2199;

// Whether `d` is a real date inside the calendar's range. The one rule for every date the
// toolkit is given (the date parsers below apply it already).
constexpr bool
in_calendar_range(Date d) noexcept
{
  return d.ok() && d.year() >= date::year{k_first_calendar_year} &&
         d.year() <= date::year{k_last_calendar_year};
}

// "date D is outside the calendar's range 1971-01-01 to 2199-12-31": the one message for a
// date that in_calendar_range refuses.
std::string outside_calendar_message(Date d);

// Throws Error(data_error) with outside_calendar_message(`d`) unless in_calendar_range(`d`).
void check_calendar_range(Date d);

// Parses exactly `YYYY-MM-DD` (a real calendar date). Returns nullopt for anything else,
// including trailing characters. Throws Error(data_error) naming the calendar's range for a
// real date outside it (0202-11-20), which is a date, but not one the toolkit can count with.
std::optional<Date> parse_iso_date(std::string_view text);

// Parses a receipt time: a plain date `YYYY-MM-DD` (a local date), a local date-time
// `YYYY-MM-DDTHH:MM[:SS]` (or with a space), or a date-time with `Z` or `±HH:MM`, which is
// converted to Europe/London before its date is taken. Returns nullopt if unparsable; throws
// Error(data_error) naming the calendar's range if the date (after that conversion) is
// outside it.
std::optional<Date> parse_date_or_datetime(std::string_view text);

// The Europe/London date of the UTC instant `day` + `since_midnight`. Throws Error(data_error)
// naming the calendar's range when it is outside it. Safe for any year 0..9999 (no time_point of
// nanoseconds, which overflows past 2262 and made 2600-01-01T10:00:00Z read as 2015-06-13).
Date london_date_of(Date day, std::chrono::seconds since_midnight);

// `YYYY-MM-DD`.
std::string format_date(Date d);
// Writes `YYYY-MM-DD` into `out` (10 characters, no terminator).
void format_date_to(Date d, char* out) noexcept;

// Today's date in Europe/London for the instant `now`.
Date london_date(std::chrono::system_clock::time_point now);

// Days since 1970-01-01.
inline int
day_number(Date d) noexcept
{
  return static_cast<int>(date::sys_days{d}.time_since_epoch().count());
}

inline Date
from_day_number(int n) noexcept
{
  return Date{date::sys_days{date::days{n}}};
}

inline bool
is_weekend(Date d) noexcept
{
  const date::weekday wd{date::sys_days{d}};
  return wd == date::Saturday || wd == date::Sunday;
}

} // namespace feedback
