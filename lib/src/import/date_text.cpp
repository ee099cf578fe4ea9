// SPDX-License-Identifier: MIT
#include "import/date_text.hpp"

#include <feedback/calendar/bank_holidays.hpp>

#include <date/tz.h>
#include <fmt/core.h>

#include <chrono>
#include <stdexcept>

namespace feedback::import {

namespace {

constexpr std::string_view k_month_names[] = {"january",   "february", "march",    "april",
                                              "may",       "june",     "july",     "august",
                                              "september", "october",  "november", "december"};

inline bool
read_number(std::string_view s, std::size_t& pos, std::size_t min_digits, std::size_t max_digits,
            int& out) noexcept
{
  const char* p = s.data() + pos;
  const std::size_t avail = s.size() - pos;
  const std::size_t limit = max_digits < avail ? max_digits : avail;
  std::size_t n = 0;
  int value = 0;
  while (n < limit && static_cast<unsigned char>(p[n] - '0') <= 9) {
    value = value * 10 + (p[n] - '0');
    ++n;
  }
  if (n < min_digits) {
    return false;
  }
  pos += n;
  out = value;
  return true;
}

char
lower(char c) noexcept
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Z, +01:00, +0100 or +01 (also with -) at `pos`; false if the text has none there.
bool
read_offset(std::string_view text, std::size_t& pos, std::int32_t& minutes) noexcept
{
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    minutes = 0;
    ++pos;
    return true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
    return false;
  }
  const bool negative = text[pos] == '-';
  ++pos;
  int oh = 0;
  int om = 0;
  if (!read_number(text, pos, 2, 2, oh)) {
    return false;
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_number(text, pos, 2, 2, om)) {
      return false;
    }
  } else if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' &&
             !read_number(text, pos, 2, 2, om)) {
    return false;
  }
  if (oh > 23 || om > 59) {
    return false;
  }
  minutes = (oh * 60 + om) * (negative ? -1 : 1);
  return true;
}

std::optional<WrittenTime>
make(int year, int month, int day, int hour, int minute, int second, bool has_time,
     std::optional<std::int32_t> offset) noexcept
{
  if (hour > 23 || minute > 59 || second > 60 || month < 1 || month > 12 || day < 1) {
    return std::nullopt;
  }
  const Date d{date::year{year}, date::month{static_cast<unsigned>(month)},
               date::day{static_cast<unsigned>(day)}};
  if (!d.ok()) {
    return std::nullopt;
  }
  WrittenTime t;
  t.day = d;
  t.has_time = has_time;
  t.seconds = hour * 3600 + minute * 60 + second;
  t.offset = offset;
  return t;
}

std::optional<WrittenTime>
read_iso8601(std::string_view text) noexcept
{
  std::size_t pos = 0;
  int y = 0;
  int m = 0;
  int d = 0;
  if (!read_number(text, pos, 4, 4, y) || pos >= text.size() || text[pos++] != '-' ||
      !read_number(text, pos, 2, 2, m) || pos >= text.size() || text[pos++] != '-' ||
      !read_number(text, pos, 2, 2, d)) {
    return std::nullopt;
  }
  if (pos == text.size()) {
    return make(y, m, d, 0, 0, 0, false, std::nullopt);
  }
  if (text[pos] != 'T' && text[pos] != ' ') {
    return std::nullopt;
  }
  ++pos;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!read_number(text, pos, 2, 2, hh) || pos >= text.size() || text[pos++] != ':' ||
      !read_number(text, pos, 2, 2, mm)) {
    return std::nullopt;
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_number(text, pos, 2, 2, ss)) {
      return std::nullopt;
    }
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      int ignored = 0;
      if (!read_number(text, pos, 1, 9, ignored)) {
        return std::nullopt;
      }
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos; // finer than nanoseconds: still only a fraction of a second
      }
    }
  }
  std::optional<std::int32_t> offset;
  if (pos < text.size()) {
    std::int32_t minutes = 0;
    if (!read_offset(text, pos, minutes) || pos != text.size()) {
      return std::nullopt;
    }
    offset = minutes;
  }
  return make(y, m, d, hh, mm, ss, true, offset);
}

const date::time_zone*
london() noexcept
{
  static const date::time_zone* const k_london = date::locate_zone("Europe/London");
  return k_london;
}

} // namespace

std::optional<WrittenTime>
read_written_time(std::string_view text, std::string_view pattern, int missing_day) noexcept
{
  if (pattern == "iso8601") {
    return read_iso8601(text);
  }
  int day = 0;
  int month = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int hour12 = -1;
  int pm = -1;
  bool has_time = false;
  bool has_day = false;
  std::optional<std::int32_t> offset;
  struct NumericField
  {
    char letter;
    std::size_t min_digits;
    std::size_t max_digits;
    int* into;
    bool is_time;
  };
  const NumericField numeric_fields[] = {{'d', 1, 2, &day, false},   {'m', 1, 2, &month, false},
                                         {'Y', 4, 4, &year, false},  {'H', 1, 2, &hour, true},
                                         {'I', 1, 2, &hour12, true}, {'M', 2, 2, &minute, true},
                                         {'S', 2, 2, &second, true}};
  const auto numeric_field = [&numeric_fields](char letter) -> const NumericField* {
    for (const auto& f : numeric_fields) {
      if (f.letter == letter) {
        return &f;
      }
    }
    return nullptr;
  };
  std::size_t pos = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char pc = pattern[i];
    if (pc != '%') {
      if (pc == ' ') {
        // A run of spaces in the pattern stands for one or more in the text.
        if (pos >= text.size() || text[pos] != ' ') {
          return std::nullopt;
        }
        while (pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        while (i + 1 < pattern.size() && pattern[i + 1] == ' ') {
          ++i;
        }
        continue;
      }
      if (pos >= text.size() || text[pos] != pc) {
        return std::nullopt;
      }
      ++pos;
      continue;
    }
    if (++i == pattern.size()) {
      return std::nullopt; // a lone % at the end (check_date_pattern refuses it)
    }
    // The numeric fields: how many digits each takes and where its value goes.
    if (const auto* n = numeric_field(pattern[i])) {
      int& into = *n->into;
      if (!read_number(text, pos, n->min_digits, n->max_digits, into)) {
        return std::nullopt;
      }
      has_day = has_day || pattern[i] == 'd';
      has_time = has_time || n->is_time;
      if (pattern[i] == 'S' && pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        int ignored = 0; // a fraction of a second
        ++pos;
        if (!read_number(text, pos, 1, 9, ignored)) {
          return std::nullopt;
        }
      }
      continue;
    }
    switch (pattern[i]) {
    case 'p':
      if (pos + 2 > text.size() || lower(text[pos + 1]) != 'm') {
        return std::nullopt;
      }
      if (lower(text[pos]) == 'a') {
        pm = 0;
      } else if (lower(text[pos]) == 'p') {
        pm = 1;
      } else {
        return std::nullopt;
      }
      pos += 2;
      break;
    case 'b':
    case 'B': {
      bool found = false;
      for (std::size_t mi = 0; mi < 12 && !found; ++mi) {
        const auto full = k_month_names[mi];
        // %b: the three-letter abbreviation; %B: the full name.
        const std::size_t want = pattern[i] == 'b' ? 3 : full.size();
        if (pos + want > text.size()) {
          continue;
        }
        bool same = true;
        for (std::size_t k = 0; k < want && same; ++k) {
          same = lower(text[pos + k]) == full[k];
        }
        if (same) {
          month = static_cast<int>(mi) + 1;
          pos += want;
          found = true;
        }
      }
      if (!found) {
        return std::nullopt;
      }
      break;
    }
    case 'z': {
      std::int32_t minutes = 0;
      if (!read_offset(text, pos, minutes)) {
        return std::nullopt;
      }
      offset = minutes;
      break;
    }
    case '%':
      if (pos >= text.size() || text[pos] != '%') {
        return std::nullopt;
      }
      ++pos;
      break;
    default:
      return std::nullopt;
    }
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12 || pm < 0) {
      return std::nullopt;
    }
    hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  }
  if (!has_day) {
    if (missing_day < 1 || month < 1 || month > 12) {
      return std::nullopt;
    }
    const auto last = static_cast<int>(unsigned{
        (date::year{year} / date::month{static_cast<unsigned>(month)} / date::last).day()});
    day = missing_day < last ? missing_day : last;
  }
  return make(year, month, day, hour, minute, second, has_time, offset);
}

std::optional<std::string>
check_date_pattern(std::string_view pattern, bool has_missing_day)
{
  if (pattern == "iso8601") {
    return std::nullopt;
  }
  // How often each field is named: a field named twice cannot be read (which value wins?).
  int day = 0;
  int month = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int hour12 = 0;
  int ampm = 0;
  int zone = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      continue;
    }
    if (i + 1 == pattern.size()) {
      return "ends with a lone %";
    }
    int* count = nullptr;
    std::string_view field;
    switch (pattern[++i]) {
    case 'd':
      count = &day;
      field = "the day";
      break;
    case 'm':
    case 'b':
    case 'B':
      count = &month;
      field = "the month (%m, %b or %B)";
      break;
    case 'Y':
      count = &year;
      field = "the year";
      break;
    case 'H':
    case 'I':
      count = &hour;
      field = "the hour (%H or %I)";
      if (pattern[i] == 'I') {
        ++hour12;
      }
      break;
    case 'M':
      count = &minute;
      field = "the minute";
      break;
    case 'S':
      count = &second;
      field = "the second";
      break;
    case 'p':
      count = &ampm;
      field = "AM/PM";
      break;
    case 'z':
      count = &zone;
      field = "the offset";
      break;
    case '%':
      break;
    default:
      return fmt::format("unknown directive %{} (known: %d %m %b %B %Y %H %M %S %I %p %z %%, "
                         "or the whole format \"iso8601\")",
                         pattern[i]);
    }
    if (count != nullptr && ++*count == 2) {
      return fmt::format("names {} twice: which one is meant cannot be known", field);
    }
  }
  if (month == 0 || year == 0) {
    return "needs a month (%m, %b or %B) and a four-digit year (%Y)";
  }
  if (day == 0 && !has_missing_day) {
    return "has no day (%d): a month-only date needs \"missing_day\" (e.g. 1) in the mapping, "
           "the day it is read as";
  }
  if ((hour12 == 1) != (ampm == 1)) {
    return "%I (12-hour clock) and %p (AM/PM) go together";
  }
  return std::nullopt;
}

bool
is_month_only(std::string_view text) noexcept
{
  for (const auto pattern : {"%B %Y", "%b %Y", "%B, %Y", "%m/%Y", "%Y-%m", "%m-%Y", "%b-%Y"}) {
    if (read_written_time(text, pattern, 1)) {
      return true;
    }
  }
  return false;
}

const date::time_zone*
find_time_zone(std::string_view name)
{
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr; // what date's tz throws for a name it does not know
  }
}

LondonTime
london_time(const WrittenTime& written, const date::time_zone* zone, bool need_instant)
{
  using std::chrono::seconds;
  LondonTime out;
  const auto day = date::sys_days{written.day};
  // London is never more than a day from any zone: a day further out than that from the range
  // cannot land inside it, and is refused before any time-zone arithmetic.
  if (written.day.year() < date::year{k_first_calendar_year - 1} ||
      written.day.year() > date::year{k_last_calendar_year + 1}) {
    out.day = written.day;
    out.in_range = false;
    return out;
  }
  const auto local = date::local_seconds{day.time_since_epoch()} + seconds{written.seconds};
  if (!written.has_time) {
    out.day = written.day;
    out.instant = static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400;
  } else if (written.offset) {
    const date::sys_seconds utc{local.time_since_epoch() - seconds{*written.offset * 60}};
    out.instant = utc.time_since_epoch().count();
    out.day = Date{date::floor<date::days>(london()->to_local(utc))};
  } else if (zone == nullptr || zone == london()) {
    out.day = written.day; // local time in London already: no time-zone arithmetic per row
    if (need_instant) {
      out.instant = london()->to_sys(local, date::choose::earliest).time_since_epoch().count();
    }
  } else {
    // A time the clocks skipped (in the spring gap) is taken at the change; a time they went
    // through twice, at the first.
    const auto utc = zone->to_sys(local, date::choose::earliest);
    out.instant = utc.time_since_epoch().count();
    out.day = Date{date::floor<date::days>(london()->to_local(utc))};
  }
  out.in_range = in_calendar_range(out.day);
  return out;
}

} // namespace feedback::import
