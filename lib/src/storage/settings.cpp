// SPDX-License-Identifier: MIT
#include "storage/session_sql.hpp"

#include <feedback/storage/settings.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

std::optional<std::string>
get_setting(Database& db, std::string_view key)
{
  Statement st(db, detail::k_setting_sql);
  st.bind(1, key);
  if (!st.step()) {
    return std::nullopt;
  }
  return st.column_text(0);
}

void
set_setting(Database& db, std::string_view key, std::string_view value)
{
  Statement st(db, "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind(2, value).run();
}

Region
database_region(Database& db)
{
  const auto value = get_setting(db, "region").value_or("england-and-wales");
  const auto region = parse_region(value);
  if (!region) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: setting region has an unknown value: {}", db.path(), value));
  }
  return *region;
}

} // namespace feedback
