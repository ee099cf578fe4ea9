// SPDX-License-Identifier: MIT
// Private to the storage layer: each policy version's document (schema/0021_policy_document.sql),
// the JSON of its rows that load_policy reads instead of them.
#pragma once

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

namespace feedback::detail {

// Makes version `version`'s document from its rows (in the caller's write transaction).
void write_policy_document(Database& db, int version);

// Makes every version's document afresh: after a migration, whose steps may change rows.
void write_policy_documents(Database& db);

// Adds to `result` whether every version's document is the one its rows make.
void check_policy_documents(Database& db, CheckResult& result);

} // namespace feedback::detail
