// SPDX-License-Identifier: MIT
// Private to the library: reading values the schema stores (dates as TEXT YYYY-MM-DD).
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/case_status.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <optional>
#include <string>
#include <string_view>

namespace feedback::detail {

// A value in the database that is not what its column holds (written by an older version or
// by hand past the schema's CHECKs): an Error(data_error) of its own, so that a listing can
// skip the one case it belongs to and let every other error through.
class BadStoredValue : public Error
{
public:
  explicit BadStoredValue(const std::string& message) : Error(ExitCode::data_error, message) {}
};

// Whether `text` is a stored date the calendar can count with (YYYY-MM-DD inside its range).
inline bool
is_stored_date(std::string_view text)
{
  try {
    return parse_iso_date(text).has_value();
  } catch (const Error&) { // a date outside the calendar's range
    return false;
  }
}

// The message for a stored value in `where` (table.column) that is not a date in range.
inline std::string
bad_stored_date_message(std::string_view where, std::string_view text)
{
  return fmt::format("bad date in {}: '{}' (not a date from {}-01-01 to {}-12-31)", where, text,
                     k_first_calendar_year, k_last_calendar_year);
}

// A stored date; throws BadStoredValue naming where it was read and the value if it is not one
// or is outside the calendar's range.
inline Date
stored_date(std::string_view text, std::string_view where)
{
  std::optional<Date> d;
  try {
    d = parse_iso_date(text);
  } catch (const Error&) { // outside the calendar's range
  }
  if (!d) {
    throw BadStoredValue(bad_stored_date_message(where, text));
  }
  return *d;
}

inline std::optional<Date>
stored_optional_date(const Statement& st, int column, std::string_view where)
{
  const auto text = st.column_optional_view(column);
  if (!text) {
    return std::nullopt;
  }
  return stored_date(*text, where);
}

// A stored anchor (what a timescale counts from); throws BadStoredValue if it is not one.
inline Anchor
stored_anchor(std::string_view text, std::string_view where)
{
  const auto anchor = parse_anchor(text);
  if (!anchor) {
    throw BadStoredValue(fmt::format("bad anchor in {}: '{}'", where, text));
  }
  return *anchor;
}

// A stored case status; throws BadStoredValue naming where it was read if it is not one.
inline CaseStatus
stored_status(std::string_view text, std::string_view where)
{
  const auto status = parse_case_status(text);
  if (!status) {
    throw BadStoredValue(fmt::format("bad status in {}: '{}'", where, text));
  }
  return *status;
}

// A stored closure, or nullopt for NULL; throws BadStoredValue if it is not one.
inline std::optional<CaseClosure>
stored_optional_closure(const Statement& st, int column, std::string_view where)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  const auto text = st.column_view(column);
  const auto closure = parse_case_closure(text);
  if (!closure) {
    throw BadStoredValue(fmt::format("bad closure in {}: '{}'", where, text));
  }
  return *closure;
}

inline std::optional<int>
optional_int(const Statement& st, int column)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return st.column_int(column);
}

} // namespace feedback::detail
