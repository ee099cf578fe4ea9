// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/storage/database.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace feedback {

// The value of setting `key`, or nullopt if it is not set.
std::optional<std::string> get_setting(Database& db, std::string_view key);
// Sets `key` to `value` (the caller holds the transaction).
void set_setting(Database& db, std::string_view key, std::string_view value);

// The council's bank-holiday jurisdiction. Throws Error(data_error) for a corrupt value.
Region database_region(Database& db);

} // namespace feedback
