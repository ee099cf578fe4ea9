// SPDX-License-Identifier: MIT
// Private to the storage layer: `check`'s look at the values stored in date columns.
#pragma once

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

namespace feedback::detail {

// Adds to `result` one line for each stored date that is not a date inside the calendar's range
// (written by an older version, or by hand past the schema's CHECKs) naming the table, column,
// row, case reference and value, and marks it not ok; or "stored dates: ok".
void check_stored_dates(Database& db, CheckResult& result);

} // namespace feedback::detail
