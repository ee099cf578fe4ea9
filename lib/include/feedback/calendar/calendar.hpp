// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/calendar/dates.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace feedback {

// A council closure day (for example between Christmas and New Year).
struct Closure
{
  Date date;
  std::string reason;
};

// Why a day is not a working day.
enum class NonWorkingKind
{
  weekend,
  bank_holiday,
  closure
};

struct NonWorkingDay
{
  Date date;
  NonWorkingKind kind;
  std::string name; // holiday name or closure reason; "Saturday"/"Sunday" for weekends
};

// `bank-holiday`, `closure`, `weekend`.
std::string_view kind_name(NonWorkingKind kind) noexcept;

// The inputs of a working-day calendar: the jurisdiction, events loaded from the official
// list (which replace the rules for every year they cover) and the council's closure days.
struct CalendarSpec
{
  Region region = Region::england_and_wales;
  // Official events by year, for the years the loaded list covers.
  std::map<int, std::vector<Holiday>> loaded;
  std::vector<Closure> closures;
  // Days proclaimed at short notice, on top of the rules and the loaded list.
  std::vector<Holiday> proclaimed = {};
};

// The working days of one jurisdiction and council for 1971-01-01 .. 2199-12-31, held as a
// table so that every question is answered in constant time, without walking day by day.
//
// The counting rule (docs/rules.md): a case received on a non-working day counts as received on
// the next working day; "within N working days" ends on the N-th working day after it.
class WorkingCalendar
{
public:
  explicit WorkingCalendar(const CalendarSpec& spec);

  static Date first_day() noexcept;
  static Date last_day() noexcept;

  Region region() const noexcept { return m_region; }

  // Throws Error(data_error) naming the range if `d` is outside it.
  bool is_working(Date d) const;
  // Why `d` is not a working day, or nullopt if it is one.
  std::optional<NonWorkingDay> non_working_reason(Date d) const;
  // The first working day on or after `d`.
  Date roll_forward(Date d) const;
  // The date `n` (>= 0) working days after `d`, rolling a non-working `d` forward first;
  // n = 0 gives that rolled day. Throws Error(data_error) past the range.
  // Inline: bulk callers ask this millions of times a second.
  Date add_working_days(Date d, int n) const
  {
    const int i = day_number(d) - m_first;
    if (i < 0 || i >= m_size || n < 0) [[unlikely]] {
      fail_add(d, n);
    }
    // The rolled day of receipt is working day number m_before[i] (0-based): the first
    // working day on or after d.
    const auto k = static_cast<std::size_t>(m_before[static_cast<std::size_t>(i)]) +
                   static_cast<std::size_t>(n);
    if (k >= m_working.size()) [[unlikely]] {
      fail_add(d, n);
    }
    return m_working[k];
  }
  // Working days taken from receipt on `from` to a response on `to`: the working days after
  // the (rolled) day of receipt up to and including `to`; 0 if `to` is not after it.
  int working_days_between(Date from, Date to) const;
  // Working days from `from` (inclusive) to `to` (exclusive): the length of a hold.
  int working_days_in(Date from, Date to) const;
  // The working day `n` working days after the working day `d` (before it for negative `n`):
  // the day on which a deadline `d` is `n` working days overdue. Throws past the range.
  Date offset_working_days(Date d, int n) const;
  // Working days in (from, to] minus those in (to, from]: signed, 0 when from == to.
  int working_day_difference(Date from, Date to) const;
  // Every weekday in [from, to] that is not a working day (bank holidays and closures).
  std::vector<NonWorkingDay> non_working_weekdays(Date from, Date to) const;

private:
  int index_of(Date d) const;
  // Throws the Error that add_working_days(d, n) must: negative n or outside the range.
  [[noreturn]] void fail_add(Date d, int n) const;
  // Working days in [first_day, day i] (i is a day index).
  std::int32_t cum(std::size_t i) const noexcept { return m_before[i + 1]; }

  Region m_region;
  int m_first;
  int m_size;
  // m_before[i]: working days before day index i (m_size + 1 entries); m_working[k]: the k-th
  // working day (0-based), kept as a date so that answering needs no conversion.
  std::vector<std::int32_t> m_before;
  std::vector<Date> m_working;
  // Names by day index, sorted (a flat vector: a map's node per holiday was a tenth of start-up).
  std::vector<std::pair<int, std::string>> m_holiday_names;
  std::vector<std::pair<int, std::string>> m_closure_reasons;
};

} // namespace feedback
