// SPDX-License-Identifier: MIT
#include "storage/calendar_store.hpp"

#include "storage/backend.hpp"
#include "storage/stored_values.hpp"

namespace feedback::detail {

namespace {

// The statements load_calendar runs, also sent ahead by read_calendar_ahead.
constexpr std::string_view k_years_sql = "SELECT year FROM bank_holiday_year WHERE region = ?1";
constexpr std::string_view k_bank_holidays_sql =
    "SELECT day, title FROM bank_holiday WHERE region = ?1 ORDER BY day";
constexpr std::string_view k_closures_sql =
    "SELECT day, reason FROM closure_day WHERE day >= ?1 AND day <= ?2 ORDER BY day";
constexpr std::string_view k_proclaimed_sql =
    "SELECT day, name FROM proclaimed_holiday WHERE region = ?1 ORDER BY day";
// A range without bounds.
constexpr std::string_view k_no_start = "0000-01-01";
constexpr std::string_view k_no_end = "9999-12-31";

} // namespace

void
read_calendar_ahead(Database& db, std::string_view region)
{
  read_ahead(db, {{k_years_sql, {region}},
                  {k_bank_holidays_sql, {region}},
                  {k_closures_sql, {k_no_start, k_no_end}},
                  {k_proclaimed_sql, {region}}});
}

std::map<int, std::vector<Holiday>>
load_bank_holidays(Database& db, std::string_view region)
{
  std::map<int, std::vector<Holiday>> loaded;
  {
    Statement st(db, k_years_sql);
    st.bind(1, region);
    while (st.step()) {
      loaded[static_cast<int>(st.column_int64(0))];
    }
  }
  if (!loaded.empty()) {
    Statement st(db, k_bank_holidays_sql);
    st.bind(1, region);
    while (st.step()) {
      const Date d = stored_date(st.column_view(0), "bank_holiday");
      loaded[static_cast<int>(d.year())].push_back({d, st.column_text(1).value_or("")});
    }
  }
  return loaded;
}

std::vector<Holiday>
load_proclaimed(Database& db, std::string_view region)
{
  Statement st(db, k_proclaimed_sql);
  st.bind(1, region);
  std::vector<Holiday> out;
  while (st.step()) {
    out.push_back(
        {stored_date(st.column_view(0), "proclaimed_holiday"), st.column_text(1).value_or("")});
  }
  return out;
}

std::vector<std::tuple<std::string, Date, std::string>>
load_all_proclaimed(Database& db)
{
  Statement st(db, "SELECT region, day, name FROM proclaimed_holiday ORDER BY region, day");
  std::vector<std::tuple<std::string, Date, std::string>> out;
  while (st.step()) {
    out.emplace_back(st.column_text(0).value_or(""),
                     stored_date(st.column_view(1), "proclaimed_holiday"),
                     st.column_text(2).value_or(""));
  }
  return out;
}

std::optional<std::string>
find_proclaimed(Database& db, std::string_view region, Date day)
{
  Statement st(db, "SELECT name FROM proclaimed_holiday WHERE region = ?1 AND day = ?2");
  st.bind(1, region).bind(2, format_date(day));
  if (!st.step()) {
    return std::nullopt;
  }
  return st.column_text(0);
}

void
insert_proclaimed(Database& db, std::string_view region, Date day, std::string_view name)
{
  Statement st(db, "INSERT INTO proclaimed_holiday (region, day, name) VALUES (?1, ?2, ?3)");
  st.bind(1, region).bind(2, format_date(day)).bind(3, name).run();
}

int
delete_proclaimed(Database& db, std::string_view region, Date day)
{
  Statement st(db, "DELETE FROM proclaimed_holiday WHERE region = ?1 AND day = ?2");
  st.bind(1, region).bind(2, format_date(day));
  return st.run();
}

std::vector<Closure>
load_closures(Database& db, std::optional<Date> from, std::optional<Date> to)
{
  Statement st(db, k_closures_sql);
  st.bind(1, from ? format_date(*from) : std::string(k_no_start));
  st.bind(2, to ? format_date(*to) : std::string(k_no_end));
  std::vector<Closure> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "closure_day"), st.column_text(1).value_or("")});
  }
  return out;
}

ClosureWriter::ClosureWriter(Database& db)
    : m_exists(db, "SELECT reason FROM closure_day WHERE day = ?1"),
      m_insert(db, "INSERT INTO closure_day (day, reason) VALUES (?1, ?2)")
{
}

std::optional<std::string>
ClosureWriter::existing(Date day)
{
  m_exists.reset();
  m_exists.bind(1, format_date(day));
  if (!m_exists.step()) {
    return std::nullopt;
  }
  return std::string(m_exists.column_view(0));
}

void
ClosureWriter::add(Date day, std::string_view reason)
{
  m_insert.reset();
  m_insert.bind(1, format_date(day)).bind(2, reason).run();
}

int
delete_closures(Database& db, Date from, Date to)
{
  Statement st(db, "DELETE FROM closure_day WHERE day >= ?1 AND day <= ?2");
  st.bind(1, format_date(from)).bind(2, format_date(to));
  return st.run();
}

BankHolidayWriter::BankHolidayWriter(Database& db)
    : m_delete_year(db, "DELETE FROM bank_holiday_year WHERE region = ?1 AND year = ?2"),
      m_add_year(db, "INSERT INTO bank_holiday_year (region, year, source, loaded_at) "
                     "VALUES (?1, ?2, ?3, ?4)"),
      m_add_event(db, "INSERT INTO bank_holiday (region, day, title, notes, bunting) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)")
{
}

void
BankHolidayWriter::replace_year(std::string_view region, int year, std::string_view source,
                                std::string_view loaded_at)
{
  m_delete_year.reset();
  m_delete_year.bind(1, region).bind(2, year).run();
  m_add_year.reset();
  m_add_year.bind(1, region).bind(2, year).bind(3, source).bind(4, loaded_at).run();
}

void
BankHolidayWriter::add(std::string_view region, const BankHolidayRow& event)
{
  m_add_event.reset();
  m_add_event.bind(1, region)
      .bind(2, event.day)
      .bind(3, event.title)
      .bind(4, event.notes)
      .bind(5, event.bunting ? 1 : 0);
  m_add_event.run();
}

} // namespace feedback::detail
