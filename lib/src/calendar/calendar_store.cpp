// SPDX-License-Identifier: MIT
#include "storage/calendar_store.hpp"

#include "util/json_document.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/storage/settings.hpp>
#include <feedback/util/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace feedback {

WorkingCalendar
load_calendar(Database& db, std::optional<Region> region)
{
  CalendarSpec spec;
  spec.region = region ? *region : database_region(db);
  detail::read_calendar_ahead(db, region_name(spec.region));
  spec.loaded = detail::load_bank_holidays(db, region_name(spec.region));
  spec.closures = list_closures(db);
  spec.proclaimed = detail::load_proclaimed(db, region_name(spec.region));
  return WorkingCalendar(spec);
}

void
add_proclaimed_holiday(Database& db, Region region, Date day, std::string_view name)
{
  if (name.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw Error(ExitCode::usage,
                "--name must not be empty: the day's name, e.g. \"State funeral\"");
  }
  const auto region_text = region_name(region);
  Transaction tx(db);
  if (const auto existing = detail::find_proclaimed(db, region_text, day)) {
    throw Error(ExitCode::data_error, fmt::format("{} is already a proclaimed holiday in {} ({})",
                                                  format_date(day), region_text, *existing));
  }
  const auto calendar = load_calendar(db, region);
  if (const auto reason = calendar.non_working_reason(day)) {
    if (reason->kind == NonWorkingKind::weekend) {
      throw Error(ExitCode::data_error, fmt::format("{} is a {}: not a working day anyway",
                                                    format_date(day), reason->name));
    }
    if (reason->kind == NonWorkingKind::bank_holiday) {
      throw Error(ExitCode::data_error, fmt::format("{} is already a bank holiday in {} ({})",
                                                    format_date(day), region_text, reason->name));
    }
    // A closure day may become a bank holiday: the holiday is what the day is then called.
  }
  detail::insert_proclaimed(db, region_text, day, name);
  tx.commit();
}

void
remove_proclaimed_holiday(Database& db, Region region, Date day)
{
  const auto region_text = region_name(region);
  Transaction tx(db);
  if (detail::delete_proclaimed(db, region_text, day) == 0) {
    throw Error(ExitCode::data_error,
                fmt::format("{} is not a proclaimed holiday in {}", format_date(day), region_text));
  }
  tx.commit();
}

std::vector<ProclaimedHoliday>
list_proclaimed_holidays(Database& db)
{
  std::vector<ProclaimedHoliday> out;
  for (auto& [region, day, name] : detail::load_all_proclaimed(db)) {
    out.push_back({parse_region(region).value_or(Region::england_and_wales), day, std::move(name)});
  }
  return out;
}

std::vector<PartialYear>
partial_years(Region region, const std::vector<Date>& listed)
{
  std::map<int, std::vector<Date>> by_year;
  for (const auto d : listed) {
    by_year[static_cast<int>(d.year())].push_back(d);
  }
  // How far a proclamation has moved a day: the spring holiday of 2002 and 2012 by a week or
  // so (to 4 June), the early-May holiday of 1995 and 2020 to VE day (8 May).
  constexpr int k_moved_within_days = 14;
  std::vector<PartialYear> out;
  for (const auto& [year, days] : by_year) {
    std::set<int> listed_days;
    for (const auto d : days) {
      listed_days.insert(day_number(d));
    }
    const auto rules = bank_holidays(region, year);
    std::set<int> rule_days;
    for (const auto& h : rules) {
      rule_days.insert(day_number(h.date));
    }
    // Days the list has and the rules do not: each may stand in for one rule day it moved.
    std::vector<int> extras;
    for (const int d : listed_days) {
      if (rule_days.count(d) == 0) {
        extras.push_back(d);
      }
    }
    PartialYear partial{year, {}};
    for (const auto& h : rules) {
      const int d = day_number(h.date);
      if (listed_days.count(d) != 0) {
        continue;
      }
      const auto moved = std::find_if(extras.begin(), extras.end(), [d](int e) {
        return e - d <= k_moved_within_days && d - e <= k_moved_within_days;
      });
      if (moved != extras.end()) {
        extras.erase(moved);
        continue;
      }
      partial.lacks.push_back(h);
    }
    if (!partial.lacks.empty()) {
      out.push_back(std::move(partial));
    }
  }
  return out;
}

std::vector<Closure>
list_closures(Database& db, std::optional<Date> from, std::optional<Date> to)
{
  return detail::load_closures(db, from, to);
}

int
add_closures(Database& db, Date from, Date to, std::string_view reason)
{
  if (reason.empty()) {
    throw Error(ExitCode::usage, "--reason must not be empty");
  }
  if (date::sys_days{to} < date::sys_days{from}) {
    throw Error(ExitCode::usage,
                fmt::format("--to {} is before {}", format_date(to), format_date(from)));
  }
  const auto days = (date::sys_days{to} - date::sys_days{from}).count() + 1;
  if (days > 366) {
    throw Error(ExitCode::usage,
                fmt::format("a closure of {} days is more than a year: check --to", days));
  }
  Transaction tx(db);
  detail::ClosureWriter closures(db);
  int added = 0;
  for (auto d = date::sys_days{from}; d <= date::sys_days{to}; d += date::days{1}) {
    if (const auto existing = closures.existing(Date{d})) {
      throw Error(ExitCode::data_error,
                  fmt::format("{} is already a closure day ({})", format_date(Date{d}), *existing));
    }
    closures.add(Date{d}, reason);
    ++added;
  }
  tx.commit();
  return added;
}

int
remove_closures(Database& db, Date day, std::optional<Date> to)
{
  Transaction tx(db);
  const int removed = detail::delete_closures(db, day, to ? *to : day);
  if (removed == 0) {
    throw Error(
        ExitCode::data_error,
        to ? fmt::format("no closure days from {} to {}", format_date(day), format_date(*to))
           : fmt::format("{} is not a closure day", format_date(day)));
  }
  tx.commit();
  return removed;
}

std::vector<LoadSummary>
load_govuk(Database& db, std::string_view json_text, std::string_view source,
           std::string_view loaded_at)
{
  nlohmann::json doc;
  try {
    doc = detail::parse_json_document(json_text, source);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ExitCode::data_error, fmt::format("{}: malformed JSON: {}", source, e.what()));
  }
  if (!doc.is_object()) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: expected an object of divisions at the top level", source));
  }
  struct Event
  {
    std::string day;
    std::string title;
    std::string notes;
    bool bunting;
  };
  std::map<Region, std::vector<Event>> events;
  for (const auto& [division, body] : doc.items()) {
    const auto region = parse_region(division);
    if (!region) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown division \"{}\" (expected england-and-wales, scotland "
                              "or northern-ireland)",
                              source, division));
    }
    if (!body.is_object() || !body.contains("events") || !body["events"].is_array()) {
      throw Error(ExitCode::data_error, fmt::format("{}: {}: expected an object with an "
                                                    "\"events\" array",
                                                    source, division));
    }
    std::set<std::string> seen;
    std::size_t index = 0;
    for (const auto& ev : body["events"]) {
      const auto where = fmt::format("{}: {}.events[{}]", source, division, index++);
      if (!ev.is_object() || !ev.contains("date") || !ev["date"].is_string()) {
        throw Error(ExitCode::data_error, fmt::format("{}: missing \"date\" string", where));
      }
      const auto text = ev["date"].get<std::string>();
      const auto d = parse_iso_date(text);
      if (!d) {
        throw Error(ExitCode::data_error,
                    fmt::format("{}: bad date \"{}\" (expected YYYY-MM-DD)", where, text));
      }
      const int year = static_cast<int>(d->year());
      if (year < k_first_rule_year || year > k_last_rule_year) {
        throw Error(ExitCode::data_error, fmt::format("{}: date {} is outside {}-{}", where, text,
                                                      k_first_rule_year, k_last_rule_year));
      }
      if (!seen.insert(text).second) {
        throw Error(ExitCode::data_error, fmt::format("{}: date {} is listed twice", where, text));
      }
      if (!ev.contains("title") || !ev["title"].is_string() ||
          ev["title"].get<std::string>().empty()) {
        throw Error(ExitCode::data_error, fmt::format("{}: missing \"title\" string", where));
      }
      std::string notes;
      if (ev.contains("notes")) {
        if (!ev["notes"].is_string()) {
          throw Error(ExitCode::data_error, fmt::format("{}: \"notes\" is not a string", where));
        }
        notes = ev["notes"].get<std::string>();
      }
      bool bunting = false;
      if (ev.contains("bunting")) {
        if (!ev["bunting"].is_boolean()) {
          throw Error(ExitCode::data_error,
                      fmt::format("{}: \"bunting\" is not true/false", where));
        }
        bunting = ev["bunting"].get<bool>();
      }
      events[*region].push_back({text, ev["title"].get<std::string>(), notes, bunting});
    }
  }
  if (events.empty()) {
    throw Error(ExitCode::data_error, fmt::format("{}: no divisions with events", source));
  }
  // A list replaces the years it covers, so a year it holds only part of would lose the rest
  // (a file of one proclaimed day would take Christmas away): refused, naming what it lacks.
  std::vector<std::string> partial;
  for (const auto& [region, list] : events) {
    std::vector<Date> days;
    for (const auto& ev : list) {
      days.push_back(*parse_iso_date(ev.day));
    }
    for (const auto& p : partial_years(region, days)) {
      std::vector<std::string> lacks;
      for (const auto& h : p.lacks) {
        lacks.push_back(fmt::format("{} {}", format_date(h.date), h.name));
      }
      partial.push_back(fmt::format("{} {} is not the whole year: it lacks {}", region_name(region),
                                    p.year, fmt::join(lacks, ", ")));
    }
  }
  if (!partial.empty()) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: {} (a single day proclaimed at short notice: 'feedback-admin "
                            "calendar holiday add')",
                            source, fmt::join(partial, "; ")));
  }

  std::vector<LoadSummary> summaries;
  Transaction tx(db);
  detail::BankHolidayWriter writer(db);
  for (const auto& [region, list] : events) {
    const auto name = region_name(region);
    std::set<int> years;
    for (const auto& ev : list) {
      years.insert(std::stoi(ev.day.substr(0, 4)));
    }
    for (const int year : years) {
      writer.replace_year(name, year, source, loaded_at);
    }
    for (const auto& ev : list) {
      writer.add(name, {ev.day, ev.title, ev.notes, ev.bunting});
    }
    summaries.push_back(
        {std::string(name), *years.begin(), *years.rbegin(), static_cast<int>(list.size())});
  }
  tx.commit();
  return summaries;
}

} // namespace feedback
