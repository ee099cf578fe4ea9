// SPDX-License-Identifier: MIT
// Private to the storage layer: a migration's steps without the transaction around them, for a
// caller that does more in the same transaction (storage/copy.cpp: a new PostgreSQL schema and
// the rows copied into it, committed together or not at all).
#pragma once

#include <feedback/storage/database.hpp>

namespace feedback::detail {

// Brings a PostgreSQL database to the latest schema inside the caller's write transaction, which
// commits it. Throws as migrate() does.
void migrate_postgresql_in_transaction(Database& db);

} // namespace feedback::detail
