// SPDX-License-Identifier: MIT
// Moving a council between engines (issue 15): every table's rows copied from one database to a
// new one, SQLite or PostgreSQL either side, and a digest of every table's content to show that
// two databases hold the same.
#pragma once

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The tables a copy carries and a digest covers, parents before the tables that refer to them.
// Every table of the schema is listed: a copy refuses a source with a table not listed.
std::vector<std::string_view> copied_tables();

struct TableCount
{
  std::string table;
  std::int64_t rows = 0;
};

struct CopyResult
{
  std::string destination; // its name for messages (a PostgreSQL name without its password)
  int schema_version = 0;
  std::vector<TableCount> tables; // in copied_tables() order
};

// Copies every row of `from` into a new database `to` (a SQLite file or a PostgreSQL name), which
// gets the same schema version. `from` is read in one consistent snapshot while others keep
// writing to it, table by table in key order, a batch of rows at a time: memory does not grow
// with the number of rows. `to` is written in one transaction (on PostgreSQL, the schema with
// it): a failure leaves it as it was, absent or empty. Identity values continue after the ids
// copied; the audit chain's hashes are copied as they are, so it verifies in the copy.
// Throws Error(cant_create) when `to` holds anything (a SQLite file that is not empty, a
// PostgreSQL database with a feedback schema), Error(data_error) when `from`'s schema version is
// not this program's (it says to migrate it first) or a value cannot be stored in `to` (text that
// is not UTF-8 on PostgreSQL), and the engine's error otherwise (temp_failure for a server that
// cannot be reached, usage for a name that is not a valid PostgreSQL connection name).
CopyResult copy_database(Database& from, const std::string& to);

struct TableDigest
{
  std::string table;
  std::int64_t rows = 0;
  std::string sha256; // of the column names and every row's values, rows in key order
};

struct DatabaseDigest
{
  int schema_version = 0;
  std::vector<TableDigest> tables; // in copied_tables() order
  std::string sha256;              // of the tables' digests, in that order
};

// A digest of every table's content, the same for the same rows on either engine: columns in
// name order, rows in key order (text compared byte by byte), each value as its text (integers
// in decimal) with its length, NULL marked apart. Read in one snapshot, a batch at a time.
DatabaseDigest digest_database(Database& db);

} // namespace feedback
