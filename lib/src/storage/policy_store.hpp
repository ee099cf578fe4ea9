// SPDX-License-Identifier: MIT
// Private to the storage layer: each policy version's document (schema/0021_policy_document.sql),
// the JSON of its rows that load_policy reads instead of them.
#pragma once

#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

#include <string_view>

namespace feedback::detail {

// The words of the latest policy version (load_vocabulary without a version): a command that
// only checks a word (respond, decision) reads no more.
constexpr std::string_view k_latest_words_sql =
    "SELECT kind, code, name, digital, retired FROM policy_word "
    "WHERE version = (SELECT max(version) FROM policy_version) ORDER BY kind, ordinal";

// Makes version `version`'s document from its rows (in the caller's write transaction).
void write_policy_document(Database& db, int version);

// Makes every version's document afresh: after a migration, whose steps may change rows.
void write_policy_documents(Database& db);

// Adds to `result` whether every version's document is the one its rows make.
void check_policy_documents(Database& db, CheckResult& result);

} // namespace feedback::detail
