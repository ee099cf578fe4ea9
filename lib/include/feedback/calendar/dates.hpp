// SPDX-License-Identifier: MIT
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace feedback {

using Date = date::year_month_day;

// Parses exactly `YYYY-MM-DD` (a real calendar date). Returns nullopt for anything else,
// including trailing characters.
std::optional<Date> parse_iso_date(std::string_view text) noexcept;

// Parses a receipt time: a plain date `YYYY-MM-DD` (a local date), a local date-time
// `YYYY-MM-DDTHH:MM[:SS]` (or with a space), or a date-time with `Z` or `±HH:MM`, which is
// converted to Europe/London before its date is taken. Returns nullopt if unparsable.
std::optional<Date> parse_date_or_datetime(std::string_view text);

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
