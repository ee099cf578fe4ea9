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
#include <string_view>

namespace feedback::detail {

// A stored date; throws Error(data_error) naming where it was read if it is not one.
inline Date
stored_date(std::string_view text, std::string_view where)
{
  const auto d = parse_iso_date(text);
  if (!d) {
    throw Error(ExitCode::data_error, fmt::format("bad date in {}: '{}'", where, text));
  }
  return *d;
}

inline std::optional<Date>
stored_optional_date(const Statement& st, int column, std::string_view where)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return stored_date(st.column_view(column), where);
}

// A stored anchor (what a timescale counts from); throws Error(data_error) if it is not one.
inline Anchor
stored_anchor(std::string_view text, std::string_view where)
{
  const auto anchor = parse_anchor(text);
  if (!anchor) {
    throw Error(ExitCode::data_error, fmt::format("bad anchor in {}: '{}'", where, text));
  }
  return *anchor;
}

// A stored case status; throws Error(data_error) naming where it was read if it is not one.
inline CaseStatus
stored_status(std::string_view text, std::string_view where)
{
  const auto status = parse_case_status(text);
  if (!status) {
    throw Error(ExitCode::data_error, fmt::format("bad status in {}: '{}'", where, text));
  }
  return *status;
}

// A stored closure, or nullopt for NULL; throws Error(data_error) if it is not one.
inline std::optional<CaseClosure>
stored_optional_closure(const Statement& st, int column, std::string_view where)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  const auto text = st.column_view(column);
  const auto closure = parse_case_closure(text);
  if (!closure) {
    throw Error(ExitCode::data_error, fmt::format("bad closure in {}: '{}'", where, text));
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
