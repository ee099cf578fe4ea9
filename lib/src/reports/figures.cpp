// SPDX-License-Identifier: MIT
#include <feedback/reports/report_figures.hpp>

#include <fmt/core.h>

#include <charconv>

namespace feedback {

namespace {

constexpr std::string_view k_months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
constexpr std::string_view k_short_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::uint64_t
magnitude(std::int64_t n) noexcept
{
  // Through unsigned arithmetic, so that the most negative value has a magnitude too.
  return n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
}

std::optional<int>
parse_digits(std::string_view text) noexcept
{
  int value = 0;
  if (text.empty()) {
    return std::nullopt;
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Date
first_of(date::year_month ym) noexcept
{
  return ym / date::day{1};
}

Date
last_of(date::year_month ym) noexcept
{
  return Date{ym / date::last};
}

Date
day_before(Date d) noexcept
{
  return Date{date::sys_days{d} - date::days{1}};
}

Date
day_after(Date d) noexcept
{
  return Date{date::sys_days{d} + date::days{1}};
}

// The financial year that starts in April of `first`, if `text` ("YYYY/YY" or "YYYY/YYYY")
// names one.
std::optional<int>
financial_year_start(std::string_view text) noexcept
{
  const auto slash = text.find('/');
  if (slash != 4) {
    return std::nullopt;
  }
  const auto first = parse_digits(text.substr(0, 4));
  const auto second_text = text.substr(5);
  const auto second = parse_digits(second_text);
  if (!first || !second) {
    return std::nullopt;
  }
  if (second_text.size() == 2 && *second == (*first + 1) % 100) {
    return first;
  }
  if (second_text.size() == 4 && *second == *first + 1) {
    return first;
  }
  return std::nullopt;
}

} // namespace

std::int64_t
divide_rounded(std::int64_t numerator, std::int64_t denominator) noexcept
{
  const bool negative = (numerator < 0) != (denominator < 0);
  const std::uint64_t n = magnitude(numerator);
  const std::uint64_t d = magnitude(denominator);
  // floor(n / d + 1/2) on magnitudes, without forming 2n (which could overflow).
  std::uint64_t q = n / d;
  const std::uint64_t r = n % d;
  if (r >= d - r) {
    ++q;
  }
  return negative ? -static_cast<std::int64_t>(q) : static_cast<std::int64_t>(q);
}

std::optional<Hundredths>
percentage(std::int64_t part, std::int64_t whole) noexcept
{
  if (whole == 0) {
    return std::nullopt;
  }
  return Hundredths{divide_rounded(part * 10000, whole)};
}

std::optional<Hundredths>
change_pct(std::int64_t old_value, std::int64_t new_value) noexcept
{
  if (old_value == 0) {
    return std::nullopt;
  }
  return Hundredths{divide_rounded((new_value - old_value) * 10000, old_value)};
}

std::optional<Hundredths>
per_thousand(std::int64_t part, std::int64_t base) noexcept
{
  if (base == 0) {
    return std::nullopt;
  }
  return Hundredths{divide_rounded(part * 100000, base)};
}

std::string
format_share(std::int64_t part, std::int64_t whole)
{
  if (whole == 0) {
    return fmt::format("n/a ({})", format_count(part));
  }
  return fmt::format("{}% ({})", divide_rounded(part * 100, whole), format_count(part));
}

std::optional<Hundredths>
average(std::int64_t sum, std::int64_t count) noexcept
{
  if (count == 0) {
    return std::nullopt;
  }
  return Hundredths{divide_rounded(sum * 100, count)};
}

std::string
format_hundredths(Hundredths h)
{
  const std::uint64_t m = magnitude(h.value);
  return fmt::format("{}{}.{:02}", h.value < 0 ? "-" : "", m / 100, m % 100);
}

std::string
format_change(std::optional<Hundredths> change)
{
  if (!change) {
    return "n/a";
  }
  if (change->value == 0) {
    return "no change";
  }
  const Hundredths size{static_cast<std::int64_t>(magnitude(change->value))};
  return fmt::format("{} % {}", format_hundredths(size),
                     change->value > 0 ? "increase" : "decrease");
}

std::string
format_pence(std::int64_t pence)
{
  return format_hundredths(Hundredths{pence});
}

std::string
format_count(std::int64_t n)
{
  const auto digits = std::to_string(magnitude(n));
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

std::optional<Period>
parse_financial_year(std::string_view text) noexcept
{
  const auto first = financial_year_start(text);
  if (!first) {
    return std::nullopt;
  }
  return Period{date::year{*first} / date::April / 1, date::year{*first + 1} / date::March / 31};
}

std::optional<Period>
parse_quarter(std::string_view text) noexcept
{
  const auto dash = text.rfind('-');
  if (dash == std::string_view::npos || text.size() != dash + 3 ||
      (text[dash + 1] != 'Q' && text[dash + 1] != 'q')) {
    return std::nullopt;
  }
  const auto year = parse_financial_year(text.substr(0, dash));
  const char q = text[dash + 2];
  if (!year || q < '1' || q > '4') {
    return std::nullopt;
  }
  const date::year_month start =
      date::year_month{year->from.year(), year->from.month()} + date::months{3 * (q - '1')};
  return Period{first_of(start), last_of(start + date::months{2})};
}

std::optional<Period>
parse_month(std::string_view text) noexcept
{
  if (text.size() != 7 || text[4] != '-') {
    return std::nullopt;
  }
  const auto y = parse_digits(text.substr(0, 4));
  const auto m = parse_digits(text.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12) {
    return std::nullopt;
  }
  const date::year_month ym{date::year{*y}, date::month{static_cast<unsigned>(*m)}};
  return Period{first_of(ym), last_of(ym)};
}

Period
financial_year_of(Date d) noexcept
{
  const int y = static_cast<int>(d.year());
  const int start = d.month() >= date::April ? y : y - 1;
  return Period{date::year{start} / date::April / 1, date::year{start + 1} / date::March / 31};
}

int
whole_months(const Period& p) noexcept
{
  if (p.from.day() != date::day{1} || p.to != last_of({p.to.year(), p.to.month()}) ||
      date::sys_days{p.to} < date::sys_days{p.from}) {
    return 0;
  }
  const int from =
      static_cast<int>(p.from.year()) * 12 + static_cast<int>(unsigned(p.from.month()));
  const int to = static_cast<int>(p.to.year()) * 12 + static_cast<int>(unsigned(p.to.month()));
  return to - from + 1;
}

Period
previous_period(const Period& p) noexcept
{
  if (const int months = whole_months(p); months > 0) {
    const date::year_month start =
        date::year_month{p.from.year(), p.from.month()} - date::months{months};
    return Period{first_of(start), day_before(p.from)};
  }
  const auto length = date::sys_days{p.to} - date::sys_days{p.from} + date::days{1};
  return Period{Date{date::sys_days{p.from} - length}, day_before(p.from)};
}

std::vector<Period>
periods_ending_with(const Period& p, int previous)
{
  std::vector<Period> out(static_cast<std::size_t>(previous) + 1);
  out.back() = p;
  for (std::size_t i = out.size() - 1; i > 0; --i) {
    out[i - 1] = previous_period(out[i]);
  }
  return out;
}

std::vector<Period>
months_of(const Period& p)
{
  std::vector<Period> out;
  for (Date start = p.from; date::sys_days{start} <= date::sys_days{p.to};) {
    const Date end = last_of({start.year(), start.month()});
    const Date cut = date::sys_days{end} < date::sys_days{p.to} ? end : p.to;
    out.push_back({start, cut});
    start = day_after(cut);
  }
  return out;
}

std::string
period_label(const Period& p)
{
  const int months = whole_months(p);
  const int year = static_cast<int>(p.from.year());
  const unsigned month = unsigned(p.from.month());
  if (months == 12 && p.from.month() == date::April) {
    return fmt::format("{}/{:02}", year, (year + 1) % 100);
  }
  if (months == 3 && (month - 1) % 3 == 0) {
    const int fy = month >= 4 ? year : year - 1;
    const unsigned quarter = month >= 4 ? (month - 4) / 3 + 1 : 4;
    return fmt::format("{}/{:02}-Q{}", fy, (fy + 1) % 100, quarter);
  }
  if (months == 1) {
    return fmt::format("{}-{:02}", year, month);
  }
  if (months > 1) {
    return fmt::format("{} {} to {} {}", k_short_months[month - 1], year,
                       k_short_months[unsigned(p.to.month()) - 1], static_cast<int>(p.to.year()));
  }
  return fmt::format("{} to {}", format_date(p.from), format_date(p.to));
}

std::string
period_name(const Period& p)
{
  const int months = whole_months(p);
  const unsigned month = unsigned(p.from.month());
  const int year = static_cast<int>(p.from.year());
  if (months == 1) {
    return fmt::format("{} {}", k_months[month - 1], year);
  }
  if (months > 1 && period_label(p).find(' ') != std::string::npos) {
    return fmt::format("{} {} to {} {}", k_months[month - 1], year,
                       k_months[unsigned(p.to.month()) - 1], static_cast<int>(p.to.year()));
  }
  return period_label(p);
}

} // namespace feedback
