// SPDX-License-Identifier: MIT
// libFuzzer harness: date and date-time parsing. The first byte picks a date format of the
// kind mappings name (or, past the list, takes the format from the input up to its first line
// break); the rest is the text to parse with it, with parse_iso_date and with
// parse_date_or_datetime.
#include "fuzz_support.hpp"

#include <feedback/calendar/dates.hpp>
#include <feedback/import/import_mapping.hpp>
#include <feedback/util/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using feedback::Date;
using feedback::DateFormat;
using feedback::fuzz::require;

constexpr std::string_view k_patterns[] = {
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%d.%m.%Y %H:%M:%S",
    "%d-%b-%Y %I:%M %p",
    "%Y%m%d",
    "iso8601",
};

constexpr std::string_view k_months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

// `d` written with `pattern` at 12:00 UTC (which is `d` in London too), or nullopt for a pattern
// that cannot say a whole date (no day, month or year, an unknown directive, %p without %I) or
// one where the written date could be read another way.
std::optional<std::string>
written(Date d, std::string_view pattern)
{
  bool day = false;
  bool month = false;
  bool year = false;
  bool hour12 = false;
  bool ampm = false;
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      // A run of spaces stands for one or more: one is enough.
      if (pattern[i] != ' ' || out.empty() || out.back() != ' ' || pattern[i - 1] != ' ') {
        out += pattern[i];
      }
      continue;
    }
    if (++i == pattern.size()) {
      return std::nullopt;
    }
    const auto month_name = k_months[static_cast<unsigned>(d.month()) - 1];
    switch (pattern[i]) {
    case 'd':
      out += fmt::format("{:02}", static_cast<unsigned>(d.day()));
      day = true;
      break;
    case 'm':
      out += fmt::format("{:02}", static_cast<unsigned>(d.month()));
      month = true;
      break;
    case 'b':
      out += month_name.substr(0, 3);
      month = true;
      break;
    case 'B':
      out += month_name;
      month = true;
      break;
    case 'Y':
      out += fmt::format("{:04}", static_cast<int>(d.year()));
      year = true;
      break;
    case 'H':
    case 'I':
      out += "12";
      hour12 = hour12 || pattern[i] == 'I';
      break;
    case 'M':
      out += "00";
      break;
    case 'S':
      if (i + 1 < pattern.size() && (pattern[i + 1] == '.' || pattern[i + 1] == ',')) {
        return std::nullopt; // %S reads a fraction after it: the '.' cannot be told apart
      }
      out += "00";
      break;
    case 'p':
      out += "PM";
      ampm = true;
      break;
    case 'z':
      out += "Z";
      break;
    case '%':
      out += '%';
      break;
    default:
      return std::nullopt;
    }
  }
  if (!day || !month || !year || hour12 != ampm) {
    return std::nullopt;
  }
  return out;
}

// What `parse` returns; a refusal of a date outside the calendar's range (Error(data_error)
// naming the range, the only exception allowed) counts as nullopt.
template <typename Parse>
std::optional<Date>
attempt(Parse&& parse)
{
  try {
    return parse();
  } catch (const feedback::Error& e) {
    require(e.code() == feedback::ExitCode::data_error &&
                std::string_view(e.what()).find("outside the calendar's range") !=
                    std::string_view::npos,
            "a refusal that does not name the range: {}", e.what());
    return std::nullopt;
  }
}

bool
is_digit(char c) noexcept
{
  return c >= '0' && c <= '9';
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  auto text = feedback::fuzz::as_text(data + 1, size - 1);
  std::string_view pattern;
  const std::size_t choice = data[0] % (std::size(k_patterns) + 1);
  if (choice < std::size(k_patterns)) {
    pattern = k_patterns[choice];
  } else {
    const auto nl = text.find('\n');
    pattern = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }

  const auto iso = attempt([&] { return feedback::parse_iso_date(text); });
  if (iso) {
    require(feedback::in_calendar_range(*iso), "parse_iso_date({:?}) is out of range", text);
    require(feedback::format_date(*iso) == text, "parse_iso_date({:?}) writes back as {}", text,
            feedback::format_date(*iso));
  }
  const auto any = attempt([&] { return feedback::parse_date_or_datetime(text); });
  if (text.size() == 10) {
    require(any == iso, "parse_date_or_datetime({:?}) is not parse_iso_date", text);
  }
  if (any) {
    require(feedback::in_calendar_range(*any), "parse_date_or_datetime({:?}) is out of range",
            text);
    // A date-time without a zone is a local one: its date is the date written.
    if (text.size() > 10 && is_digit(text.back())) {
      const auto day = attempt([&] { return feedback::parse_iso_date(text.substr(0, 10)); });
      const auto zone = text.find_first_of("Zz+-", 10);
      if (zone == std::string_view::npos) {
        require(day == any, "the local date-time {:?} has another date", text);
      }
    }
  }
  require(attempt([&] { return feedback::parse_date_with_format(text, DateFormat{"iso8601"}); }) ==
              any,
          "the format iso8601 is not parse_date_or_datetime for {:?}", text);
  if (iso) {
    require(attempt([&] {
              return feedback::parse_date_with_format(text, DateFormat{"%Y-%m-%d"});
            }) == iso,
            "%Y-%m-%d does not read {:?}", text);
  }

  const DateFormat format{std::string(pattern)};
  const auto parsed = attempt([&] { return feedback::parse_date_with_format(text, format); });
  if (parsed) {
    require(feedback::in_calendar_range(*parsed), "{:?} with {:?} is out of range", text, pattern);
    // The date written back with the same format reads as the same date.
    if (pattern != "iso8601") {
      const auto again = written(*parsed, pattern);
      require(!again || attempt([&] { return feedback::parse_date_with_format(*again, format); }) ==
                            parsed,
              "{:?} with {:?} is {}, written back as {:?}, which does not read the same", text,
              pattern, feedback::format_date(*parsed), *again);
    }
  }
  return 0;
}
