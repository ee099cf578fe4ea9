// SPDX-License-Identifier: MIT
// Private to the importer: dates and times as a mapping's formats write them, and their date in
// Europe/London (docs/import.md, Dates).
#pragma once

#include <feedback/calendar/dates.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace feedback::import {

// A date, and maybe a time, as a cell writes it: before any time zone is applied.
struct WrittenTime
{
  Date day;
  bool has_time = false;
  std::int32_t seconds = 0;           // since midnight, as written
  std::optional<std::int32_t> offset; // minutes east of UTC, when the text gives Z or an offset
};

// Reads the whole of `text` as `pattern`: "iso8601" (2024-03-05, 2024-03-05T14:30[:00[.5]],
// with a space for the T, and Z, +01:00, +0100 or -04 after a time) or a pattern of %d %m %b %B
// %Y %H %M %S %I %p %z %% and other characters standing for themselves (a run of spaces stands
// for one or more). A pattern without a day (%d) gives every date the day `missing_day` (the
// month's last at most). Nullopt when the text does not match or is not a real date and time.
std::optional<WrittenTime> read_written_time(std::string_view text, std::string_view pattern,
                                             int missing_day = 0) noexcept;

// Why `pattern` cannot be a date format, or nullopt: an unknown directive, one that appears
// twice (%d/%m/%d: which day?), %I without %p, no month or year, or no day unless
// `has_missing_day`.
std::optional<std::string> check_date_pattern(std::string_view pattern, bool has_missing_day);

// Whether `text` is a month without a day ("October 2025", "Oct 2025", "10/2025", "2025-10"):
// such a date is refused by name unless the mapping gives "missing_day".
bool is_month_only(std::string_view text) noexcept;

// A time zone by its IANA name ("America/New_York"), from the system's tzdata; nullptr if there
// is none of that name.
const date::time_zone* find_time_zone(std::string_view name);

// When something happened, and its day in Europe/London.
struct LondonTime
{
  Date day;                 // the Europe/London date
  std::int64_t instant = 0; // seconds since 1970-01-01 UTC: to put events in order (see below)
  bool in_range = true;     // false: `day` is outside the calendar's range (below)
};

// The Europe/London date of `written`: a time with an offset is that instant; a time without one
// is local time in `zone` (nullptr: Europe/London, where its date is taken as written); a date
// without a time is that date (its instant: the day's start in UTC). Never overflows (seconds,
// not nanoseconds). The instant of a London time without an offset is worked out only when
// `need_instant`: the day alone needs no time-zone arithmetic.
LondonTime london_time(const WrittenTime& written, const date::time_zone* zone,
                       bool need_instant = false);

} // namespace feedback::import
