// SPDX-License-Identifier: MIT
#include <feedback/calendar/calendar.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>

namespace feedback {

namespace {

const int k_first = day_number(Date{date::year{k_first_rule_year} / 1 / 1});
const int k_last = day_number(Date{date::year{k_last_rule_year} / 12 / 31});

[[noreturn]] void
out_of_range(Date d)
{
  throw Error(ExitCode::data_error, outside_calendar_message(d));
}

} // namespace

std::string_view
kind_name(NonWorkingKind kind) noexcept
{
  constexpr std::string_view k_words[] = {"weekend", "bank-holiday", "closure"};
  return enum_word(k_words, kind);
}

WorkingCalendar::WorkingCalendar(const CalendarSpec& spec)
    : m_region(spec.region), m_first(k_first), m_size(k_last - k_first + 1)
{
  const auto size = static_cast<std::size_t>(m_size);
  std::vector<char> working(size, 1);
  // 1970-01-01 (day 0) was a Thursday: weekday = (day + 4) % 7 with Sunday = 0, worked out once
  // and then counted on (this loop runs at every program start).
  for (std::size_t i = 0, weekday = static_cast<std::size_t>((k_first + 4) % 7); i < size; ++i) {
    if (weekday == 0 || weekday == 6) {
      working[i] = 0;
    }
    weekday = weekday == 6 ? 0 : weekday + 1;
  }
  // About ten a year in any region: room for them reserved once (a year with more grows it).
  m_holiday_names.reserve(static_cast<std::size_t>(k_last_rule_year - k_first_rule_year + 1) * 10);
  for (int year = k_first_rule_year; year <= k_last_rule_year; ++year) {
    const auto loaded = spec.loaded.find(year);
    auto holidays = loaded != spec.loaded.end() ? loaded->second : bank_holidays(m_region, year);
    for (auto& h : holidays) {
      const int i = day_number(h.date) - k_first;
      if (i < 0 || i >= m_size) {
        continue;
      }
      m_holiday_names.emplace_back(i, std::move(h.name));
      working[static_cast<std::size_t>(i)] = 0;
    }
  }
  for (const auto& h : spec.proclaimed) {
    const int i = day_number(h.date) - k_first;
    if (i < 0 || i >= m_size) {
      continue;
    }
    m_holiday_names.emplace_back(i, h.name);
    working[static_cast<std::size_t>(i)] = 0;
  }
  for (const auto& c : spec.closures) {
    const int i = day_number(c.date) - k_first;
    if (i < 0 || i >= m_size) {
      continue;
    }
    m_closure_reasons.emplace_back(i, c.reason);
    working[static_cast<std::size_t>(i)] = 0;
  }
  // Years come in order, but a loaded list or closures may not: sort, keeping the first name.
  // Usually they are in order already, and checking is cheaper than sorting.
  auto by_day = [](const auto& a, const auto& b) { return a.first < b.first; };
  for (auto* list : {&m_holiday_names, &m_closure_reasons}) {
    if (!std::is_sorted(list->begin(), list->end(), by_day)) {
      std::stable_sort(list->begin(), list->end(), by_day);
    }
  }
  m_before.resize(size + 1);
  m_working.reserve(size * 5 / 7 + 1);
  std::int32_t count = 0;
  // Month by month, each month's length found once: converting each of 83,000 day numbers to a
  // date was a fifth of a program's start-up, and asking each day's month for its length made
  // this constructor 0.75 ms instead of 0.66 (every command builds one).
  std::size_t i = 0;
  for (int y = k_first_rule_year; y <= k_last_rule_year; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned month_days =
          static_cast<unsigned>((date::year{y} / date::month{m} / date::last).day());
      for (unsigned dd = 1; dd <= month_days; ++dd, ++i) {
        m_before[i] = count;
        if (working[i]) {
          ++count;
          m_working.emplace_back(date::year{y}, date::month{m}, date::day{dd});
        }
      }
    }
  }
  m_before[size] = count;
}

Date
WorkingCalendar::first_day() noexcept
{
  return from_day_number(k_first);
}

Date
WorkingCalendar::last_day() noexcept
{
  return from_day_number(k_last);
}

int
WorkingCalendar::index_of(Date d) const
{
  const int i = day_number(d) - k_first;
  if (i < 0 || i > k_last - k_first) {
    out_of_range(d);
  }
  return i;
}

bool
WorkingCalendar::is_working(Date d) const
{
  const auto i = static_cast<std::size_t>(index_of(d));
  return m_before[i + 1] != m_before[i];
}

std::optional<NonWorkingDay>
WorkingCalendar::non_working_reason(Date d) const
{
  if (is_working(d)) {
    return std::nullopt;
  }
  const int i = index_of(d);
  auto find = [i](const std::vector<std::pair<int, std::string>>& names) {
    const auto it = std::lower_bound(names.begin(), names.end(), i,
                                     [](const auto& entry, int day) { return entry.first < day; });
    return it != names.end() && it->first == i ? &it->second : nullptr;
  };
  if (const auto* name = find(m_holiday_names)) {
    return NonWorkingDay{d, NonWorkingKind::bank_holiday, *name};
  }
  if (const auto* reason = find(m_closure_reasons)) {
    return NonWorkingDay{d, NonWorkingKind::closure, *reason};
  }
  const date::weekday wd{date::sys_days{d}};
  return NonWorkingDay{d, NonWorkingKind::weekend, wd == date::Saturday ? "Saturday" : "Sunday"};
}

Date
WorkingCalendar::roll_forward(Date d) const
{
  return add_working_days(d, 0);
}

void
WorkingCalendar::fail_add(Date d, int n) const
{
  if (n < 0) {
    throw Error(ExitCode::data_error, fmt::format("working days must not be negative: {}", n));
  }
  index_of(d); // throws for a date outside the range
  throw Error(ExitCode::data_error,
              fmt::format("{} working days after {} is past the calendar's range (to {}-12-31)", n,
                          format_date(d), k_last_rule_year));
}

int
WorkingCalendar::working_days_between(Date from, Date to) const
{
  const auto i = static_cast<std::size_t>(index_of(from));
  const auto j = static_cast<std::size_t>(index_of(to));
  // The rolled day of receipt is working day number m_before[i] + 1; count the ones after it.
  const std::int32_t receipt = m_before[i] + 1;
  const std::int32_t days = cum(j) - receipt;
  return days > 0 ? days : 0;
}

int
WorkingCalendar::working_days_in(Date from, Date to) const
{
  const auto i = static_cast<std::size_t>(index_of(from));
  const auto j = static_cast<std::size_t>(index_of(to));
  if (j <= i) {
    return 0;
  }
  return m_before[j] - m_before[i];
}

Date
WorkingCalendar::offset_working_days(Date d, int n) const
{
  const auto i = static_cast<std::size_t>(index_of(d));
  const long long k = static_cast<long long>(cum(i)) - 1 + n;
  if (k < 0 || k >= static_cast<long long>(m_working.size())) {
    throw Error(
        ExitCode::data_error,
        fmt::format("{} working days from {} is outside the calendar's range", n, format_date(d)));
  }
  return m_working[static_cast<std::size_t>(k)];
}

int
WorkingCalendar::working_day_difference(Date from, Date to) const
{
  const auto i = static_cast<std::size_t>(index_of(from));
  const auto j = static_cast<std::size_t>(index_of(to));
  return cum(j) - cum(i);
}

std::vector<NonWorkingDay>
WorkingCalendar::non_working_weekdays(Date from, Date to) const
{
  std::vector<NonWorkingDay> out;
  const int i = index_of(from);
  const int j = index_of(to);
  for (int k = i; k <= j; ++k) {
    const Date d = from_day_number(k_first + k);
    if (is_weekend(d)) {
      continue;
    }
    if (auto reason = non_working_reason(d)) {
      out.push_back(std::move(*reason));
    }
  }
  return out;
}

} // namespace feedback
