// SPDX-License-Identifier: MIT
// Private to the library: the statements behind the calendar's tables (official bank holidays by
// region and year, the council's closure days). Validation is calendar/'s.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/storage/database.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace feedback::detail {

// Sends ahead (read_ahead) what load_calendar then reads for `region`, in its order.
void read_calendar_ahead(Database& db, std::string_view region);

// The official events loaded for `region`, by year: every year the loaded lists cover, each
// with its events by date (a year may have none).
std::map<int, std::vector<Holiday>> load_bank_holidays(Database& db, std::string_view region);

// Days proclaimed at short notice for `region`, by date.
std::vector<Holiday> load_proclaimed(Database& db, std::string_view region);
// Every day proclaimed at short notice: region, day and name, by region then date.
std::vector<std::tuple<std::string, Date, std::string>> load_all_proclaimed(Database& db);
// The name of the day proclaimed for `region` on `day`, or nullopt.
std::optional<std::string> find_proclaimed(Database& db, std::string_view region, Date day);
void insert_proclaimed(Database& db, std::string_view region, Date day, std::string_view name);
// Removes the day proclaimed for `region` on `day`; returns how many there were (0 or 1).
int delete_proclaimed(Database& db, std::string_view region, Date day);

// Closure days in [from, to] (unbounded where nullopt), by date.
std::vector<Closure> load_closures(Database& db, std::optional<Date> from, std::optional<Date> to);

// Writes closure days, statements prepared once.
class ClosureWriter
{
public:
  explicit ClosureWriter(Database& db);
  // The reason `day` is a closure day already, or nullopt.
  std::optional<std::string> existing(Date day);
  void add(Date day, std::string_view reason);

private:
  Statement m_exists;
  Statement m_insert;
};

// Removes the closure days in [from, to]; returns how many there were.
int delete_closures(Database& db, Date from, Date to);

// One official event to store.
struct BankHolidayRow
{
  std::string_view day; // YYYY-MM-DD
  std::string_view title;
  std::string_view notes;
  bool bunting = false;
};

// Writes loaded lists, statements prepared once.
class BankHolidayWriter
{
public:
  explicit BankHolidayWriter(Database& db);
  // Records that `year` of `region` comes from `source` (replacing an earlier load's record).
  void replace_year(std::string_view region, int year, std::string_view source,
                    std::string_view loaded_at);
  void add(std::string_view region, const BankHolidayRow& event);

private:
  Statement m_delete_year;
  Statement m_add_year;
  Statement m_add_event;
};

} // namespace feedback::detail
