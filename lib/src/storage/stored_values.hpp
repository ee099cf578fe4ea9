// SPDX-License-Identifier: MIT
// Private to the library: reading values the schema stores (dates as TEXT YYYY-MM-DD).
#pragma once

#include <feedback/calendar/dates.hpp>
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

inline std::optional<int>
optional_int(const Statement& st, int column)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return st.column_int(column);
}

} // namespace feedback::detail
