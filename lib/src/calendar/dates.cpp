// SPDX-License-Identifier: MIT
#include <feedback/calendar/dates.hpp>
#include <feedback/util/error.hpp>

#include <date/tz.h>
#include <fmt/core.h>

#include <chrono>

namespace feedback {

namespace {

bool
digits(std::string_view s, std::size_t pos, std::size_t count, int& out) noexcept
{
  if (pos + count > s.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

} // namespace

std::optional<Date>
parse_iso_date(std::string_view text)
{
  // Hand-written rather than date::parse: the bulk calendar mode parses millions of these.
  int y = 0;
  int m = 0;
  int d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 0, 4, y) ||
      !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) {
    return std::nullopt;
  }
  const Date result{date::year{y}, date::month{static_cast<unsigned>(m)},
                    date::day{static_cast<unsigned>(d)}};
  if (!result.ok()) {
    return std::nullopt;
  }
  check_calendar_range(result);
  return result;
}

std::string
outside_calendar_message(Date d)
{
  return fmt::format("date {} is outside the calendar's range {}-01-01 to {}-12-31", format_date(d),
                     k_first_calendar_year, k_last_calendar_year);
}

void
check_calendar_range(Date d)
{
  if (!in_calendar_range(d)) {
    throw Error(ExitCode::data_error, outside_calendar_message(d));
  }
}

Date
london_date_of(Date day, std::chrono::seconds since_midnight)
{
  // London is never behind UTC and at most a day ahead, so a UTC day outside the range
  // widened by one day cannot give a London date inside it: refusing those first keeps the
  // time-zone lookup within the years it knows and the arithmetic small.
  if (day.year() < date::year{k_first_calendar_year - 1} ||
      day.year() > date::year{k_last_calendar_year}) {
    check_calendar_range(day);
  }
  const date::sys_seconds utc = date::sys_days{day} + since_midnight;
  static const date::time_zone* const k_london = date::locate_zone("Europe/London");
  const Date local{date::floor<date::days>(k_london->to_local(utc))};
  check_calendar_range(local);
  return local;
}

std::optional<Date>
parse_date_or_datetime(std::string_view text)
{
  if (text.size() == 10) {
    return parse_iso_date(text);
  }
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) {
    return std::nullopt;
  }
  // The day before conversion may be one outside the range (1970-12-31T23:30-01:00).
  std::optional<Date> day;
  {
    int y = 0;
    int m = 0;
    int d = 0;
    if (text[4] == '-' && text[7] == '-' && digits(text, 0, 4, y) && digits(text, 5, 2, m) &&
        digits(text, 8, 2, d)) {
      day = Date{date::year{y}, date::month{static_cast<unsigned>(m)},
                 date::day{static_cast<unsigned>(d)}};
    }
  }
  if (day && !day->ok()) {
    day.reset();
  }
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!day || !digits(text, 11, 2, hh) || text[13] != ':' || !digits(text, 14, 2, mm)) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(text, pos + 1, 2, ss)) {
      return std::nullopt;
    }
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      const std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
      }
      if (pos == start) {
        return std::nullopt;
      }
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  const auto tod = std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  if (pos == text.size()) {
    // A local date-time: its date is the local date.
    check_calendar_range(*day);
    return day;
  }
  std::chrono::minutes offset{0};
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = std::chrono::minutes{0};
  } else if ((zone[0] == '+' || zone[0] == '-') &&
             (zone.size() == 6 || zone.size() == 5 || zone.size() == 3)) {
    int oh = 0;
    int om = 0;
    if (!digits(zone, 1, 2, oh)) {
      return std::nullopt;
    }
    if (zone.size() == 6) {
      if (zone[3] != ':' || !digits(zone, 4, 2, om)) {
        return std::nullopt;
      }
    } else if (zone.size() == 5) {
      if (!digits(zone, 3, 2, om)) {
        return std::nullopt;
      }
    }
    if (oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours{oh} + std::chrono::minutes{om};
    if (zone[0] == '-') {
      offset = -offset;
    }
  } else {
    return std::nullopt;
  }
  return london_date_of(*day, tod - offset);
}

Date
london_date(std::chrono::system_clock::time_point now)
{
  static const date::time_zone* const k_london = date::locate_zone("Europe/London");
  const auto local = k_london->to_local(now);
  return Date{date::floor<date::days>(local)};
}

void
format_date_to(Date d, char* out) noexcept
{
  int y = static_cast<int>(d.year());
  const auto m = static_cast<unsigned>(d.month());
  const auto dd = static_cast<unsigned>(d.day());
  if (y < 0) {
    y = 0;
  }
  out[0] = static_cast<char>('0' + (y / 1000) % 10);
  out[1] = static_cast<char>('0' + (y / 100) % 10);
  out[2] = static_cast<char>('0' + (y / 10) % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + dd / 10);
  out[9] = static_cast<char>('0' + dd % 10);
}

std::string
format_date(Date d)
{
  std::string out(10, ' ');
  format_date_to(d, out.data());
  return out;
}

} // namespace feedback
