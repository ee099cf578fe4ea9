// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/dates.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The UK's three bank-holiday jurisdictions, named as on the official list.
enum class Region
{
  england_and_wales,
  scotland,
  northern_ireland
};

// `england-and-wales`, `scotland`, `northern-ireland`.
std::string_view region_name(Region region) noexcept;
// The region for one of those names, or nullopt.
std::optional<Region> parse_region(std::string_view name) noexcept;

// The years the rules cover: the calendar's range (dates.hpp).
constexpr int k_first_rule_year = k_first_calendar_year;
constexpr int k_last_rule_year = k_last_calendar_year;

struct Holiday
{
  Date date;
  std::string name;
};

// Bank holidays of `region` in `year`, computed by rule (Banking and Financial Dealings Act
// 1971 and its proclamations), including substitute days and every one-off or moved day
// since 1971, sorted by date. Only the day off is listed: a holiday on a weekend appears as
// its substitute weekday. Throws Error(data_error) naming the range for a year outside
// k_first_rule_year..k_last_rule_year.
std::vector<Holiday> bank_holidays(Region region, int year);

// Easter Sunday of `year` (Gregorian calendar).
Date easter_sunday(int year) noexcept;

} // namespace feedback
