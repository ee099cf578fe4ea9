// SPDX-License-Identifier: MIT
// The arithmetic of the published figures and the periods they cover: pure functions, exact
// (whole numbers of hundredths and of pence, never floating point), so that a figure printed in
// a committee report can be checked by hand.
#pragma once

#include <feedback/calendar/dates.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// A figure to two decimal places (a percentage, an average), held exactly as a whole number of
// hundredths: 17.28 is {1728}.
struct Hundredths
{
  std::int64_t value = 0;

  auto operator<=>(const Hundredths&) const = default;
};

// `numerator / denominator` rounded to the nearest whole number, halves away from zero
// (2.5 -> 3, -2.5 -> -3): the rule a person applies by hand, and the same for increases and
// decreases. `denominator` must not be 0.
std::int64_t divide_rounded(std::int64_t numerator, std::int64_t denominator) noexcept;

// `part` as a percentage of `whole`, rounded to two decimals (halves away from zero);
// nullopt ("n/a") when `whole` is 0. 15 of 61 is 24.59.
std::optional<Hundredths> percentage(std::int64_t part, std::int64_t whole) noexcept;

// The change from `old_value` to `new_value` as a percentage of `old_value`,
// (new - old) / old, rounded to two decimals; nullopt ("n/a") when `old_value` is 0, since
// there is no percentage change from nothing. 162 -> 190 is 17.28; 190 -> 162 is -14.74.
std::optional<Hundredths> change_pct(std::int64_t old_value, std::int64_t new_value) noexcept;

// `part` for every 1,000 of `base`, part / base x 1000, rounded to two decimals; nullopt
// ("n/a") when `base` is 0. 12 complaints to 4,800 service requests is 2.50 per 1,000.
std::optional<Hundredths> per_thousand(std::int64_t part, std::int64_t base) noexcept;

// A share as councils print it: the percentage to the nearest whole one (halves away from
// zero), then the count: "60% (2,846)"; "n/a (0)" when `whole` is 0.
std::string format_share(std::int64_t part, std::int64_t whole);

// `sum / count` rounded to two decimals; nullopt when `count` is 0.
std::optional<Hundredths> average(std::int64_t sum, std::int64_t count) noexcept;

// "17.28", "-0.05", "80.00".
std::string format_hundredths(Hundredths h);

// For people: "17.28 % increase", "14.74 % decrease", "no change", or "n/a".
std::string format_change(std::optional<Hundredths> change);

// Pence as pounds with two decimals, no symbol or separators: "1250.00", "0.05".
std::string format_pence(std::int64_t pence);

// Whole numbers with thousands separators, for people: "1,250,000".
std::string format_count(std::int64_t n);

// ---- periods ----

// The days from `from` to `to`, both included.
struct Period
{
  Date from;
  Date to;

  bool operator==(const Period&) const = default;
};

// The financial year (1 April to 31 March) written "2019/20" (also "2019/2020").
std::optional<Period> parse_financial_year(std::string_view text) noexcept;
// A quarter of a financial year, "2021/22-Q1" (April to June) to "2021/22-Q4" (January to
// March 2022).
std::optional<Period> parse_quarter(std::string_view text) noexcept;
// A calendar month, "2020-07".
std::optional<Period> parse_month(std::string_view text) noexcept;

// The financial year `d` falls in: 31 March 2020 is in 2019/20, 1 April 2020 in 2020/21.
Period financial_year_of(Date d) noexcept;

// The number of whole calendar months `p` spans when it runs from the first of a month to
// the last day of a month; 0 otherwise.
int whole_months(const Period& p) noexcept;

// The period of the same length just before `p`: for whole months, the same number of whole
// months (1 December - 30 November compares with the 1 December - 30 November before it, leap
// year or not); otherwise the same number of days.
Period previous_period(const Period& p) noexcept;

// `p` with the `previous` periods before it, oldest first (`previous` + 1 periods).
std::vector<Period> periods_ending_with(const Period& p, int previous);

// The calendar months `p` touches, each cut to `p`: 15 January - 10 March gives
// 15-31 January, February, 1-10 March.
std::vector<Period> months_of(const Period& p);

// How people name `p` in a column heading: "2019/20", "2021/22-Q1", "2020-07", whole months
// "Dec 2019 to Nov 2020", else "2020-01-15 to 2020-03-10".
std::string period_label(const Period& p);

// How a title names `p`: as period_label, with months in full: "2019/20", "July 2020",
// "December 2019 to November 2020".
std::string period_name(const Period& p);

} // namespace feedback
