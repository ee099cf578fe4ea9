// SPDX-License-Identifier: MIT
#include <feedback/calendar.hpp>

#include <feedback/error.hpp>

#include <fmt/core.h>

namespace feedback {

namespace {

const int k_first = day_number(Date{date::year{k_first_rule_year} / 1 / 1});
const int k_last = day_number(Date{date::year{k_last_rule_year} / 12 / 31});

[[noreturn]] void
out_of_range(Date d)
{
  throw Error(ExitCode::data_error,
              fmt::format("date {} is outside the calendar's range {}-01-01 to {}-12-31",
                          format_date(d), k_first_rule_year, k_last_rule_year));
}

} // namespace

std::string_view
kind_name(NonWorkingKind kind) noexcept
{
  switch (kind) {
  case NonWorkingKind::weekend:
    return "weekend";
  case NonWorkingKind::bank_holiday:
    return "bank-holiday";
  case NonWorkingKind::closure:
    return "closure";
  }
  return "unknown";
}

WorkingCalendar::WorkingCalendar(const CalendarSpec& spec) : m_region(spec.region)
{
  const int size = k_last - k_first + 1;
  std::vector<char> working(static_cast<std::size_t>(size), 1);
  for (int i = 0; i < size; ++i) {
    if (is_weekend(from_day_number(k_first + i))) {
      working[static_cast<std::size_t>(i)] = 0;
    }
  }
  for (int year = k_first_rule_year; year <= k_last_rule_year; ++year) {
    const auto loaded = spec.loaded.find(year);
    const auto holidays = loaded != spec.loaded.end() ? loaded->second : bank_holidays(m_region, year);
    for (const auto& h : holidays) {
      const int i = day_number(h.date) - k_first;
      if (i < 0 || i >= size) {
        continue;
      }
      m_holiday_names.emplace(i, h.name);
      working[static_cast<std::size_t>(i)] = 0;
    }
  }
  for (const auto& c : spec.closures) {
    const int i = day_number(c.date) - k_first;
    if (i < 0 || i >= size) {
      continue;
    }
    m_closure_reasons.emplace(i, c.reason);
    working[static_cast<std::size_t>(i)] = 0;
  }
  m_cum.resize(static_cast<std::size_t>(size));
  m_working.reserve(static_cast<std::size_t>(size) * 5 / 7 + 1);
  std::int32_t count = 0;
  for (int i = 0; i < size; ++i) {
    if (working[static_cast<std::size_t>(i)]) {
      ++count;
      m_working.push_back(i);
    }
    m_cum[static_cast<std::size_t>(i)] = count;
  }
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
  return m_cum[i] != (i == 0 ? 0 : m_cum[i - 1]);
}

std::optional<NonWorkingDay>
WorkingCalendar::non_working_reason(Date d) const
{
  if (is_working(d)) {
    return std::nullopt;
  }
  const int i = index_of(d);
  if (const auto h = m_holiday_names.find(i); h != m_holiday_names.end()) {
    return NonWorkingDay{d, NonWorkingKind::bank_holiday, h->second};
  }
  if (const auto c = m_closure_reasons.find(i); c != m_closure_reasons.end()) {
    return NonWorkingDay{d, NonWorkingKind::closure, c->second};
  }
  const date::weekday wd{date::sys_days{d}};
  return NonWorkingDay{d, NonWorkingKind::weekend, wd == date::Saturday ? "Saturday" : "Sunday"};
}

Date
WorkingCalendar::roll_forward(Date d) const
{
  return add_working_days(d, 0);
}

Date
WorkingCalendar::add_working_days(Date d, int n) const
{
  if (n < 0) {
    throw Error(ExitCode::data_error, fmt::format("working days must not be negative: {}", n));
  }
  const auto i = static_cast<std::size_t>(index_of(d));
  // The rolled day of receipt is the (m_cum[i-1] + 1)-th working day, i.e. m_working[m_cum[i-1]].
  const std::size_t k = static_cast<std::size_t>(i == 0 ? 0 : m_cum[i - 1]) + static_cast<std::size_t>(n);
  if (k >= m_working.size()) {
    throw Error(ExitCode::data_error,
                fmt::format("{} working days after {} is past the calendar's range (to {}-12-31)",
                            n, format_date(d), k_last_rule_year));
  }
  return from_day_number(k_first + m_working[k]);
}

int
WorkingCalendar::working_days_between(Date from, Date to) const
{
  const auto i = static_cast<std::size_t>(index_of(from));
  const auto j = static_cast<std::size_t>(index_of(to));
  // The rolled day of receipt is working day number (m_cum[i-1] + 1); count the ones after it.
  const std::int32_t receipt = (i == 0 ? 0 : m_cum[i - 1]) + 1;
  const std::int32_t days = m_cum[j] - receipt;
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
  return m_cum[j - 1] - (i == 0 ? 0 : m_cum[i - 1]);
}

Date
WorkingCalendar::offset_working_days(Date d, int n) const
{
  const auto i = static_cast<std::size_t>(index_of(d));
  const long long k = static_cast<long long>(m_cum[i]) - 1 + n;
  if (k < 0 || k >= static_cast<long long>(m_working.size())) {
    throw Error(ExitCode::data_error,
                fmt::format("{} working days from {} is outside the calendar's range", n,
                            format_date(d)));
  }
  return from_day_number(k_first + m_working[static_cast<std::size_t>(k)]);
}

int
WorkingCalendar::working_day_difference(Date from, Date to) const
{
  const auto i = static_cast<std::size_t>(index_of(from));
  const auto j = static_cast<std::size_t>(index_of(to));
  return m_cum[j] - m_cum[i];
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
