// SPDX-License-Identifier: MIT
// Private to the library: the statements an import adds to the case writer's: what was imported
// before from a source (import_record), and a newer export written over a case imported before.
#pragma once

#include "storage/bulk.hpp"

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// A case imported before from a source: the hash of its identity there and of its fields.
struct ImportKey
{
  std::uint64_t ref_key = 0;
  std::uint64_t fingerprint = 0;
};

// Every case imported before from `source`, in no order.
std::vector<ImportKey> load_import_keys(Database& db, std::string_view source);

// Records new imported cases, many rows per INSERT; flush() writes what is pending.
class ImportRecordWriter
{
public:
  explicit ImportRecordWriter(Database& db);
  void add(std::int64_t case_id, std::string_view source, std::uint64_t ref_key,
           std::uint64_t fingerprint);
  void flush();

private:
  BatchInsert m_insert;
};

void set_import_fingerprint(Database& db, std::int64_t case_id, std::uint64_t fingerprint);

// The case_record fields a newer export writes over, as stored (dates YYYY-MM-DD).
struct ImportedCaseFields
{
  std::optional<std::string> type;
  std::optional<std::string> channel;
  std::optional<std::string> service;
  std::optional<std::string> summary;
  std::optional<std::string> received;
  std::optional<std::string> received_at;
  std::optional<std::string> status;
  std::optional<std::string> closure;
  std::optional<std::string> redirected_to;
  std::optional<std::string> owner;
  std::optional<std::string> sponsor;
  std::optional<std::string> sponsor_name;
  bool info_request = false;
  std::optional<std::string> external_ref;
  std::optional<std::string> closed_on;
  std::string last_activity;
  std::optional<std::string> classified_by;
};
void update_imported_case(Database& db, std::int64_t case_id, const ImportedCaseFields& fields);

// The case_stage fields a newer export writes over, as stored.
struct ImportedStageFields
{
  std::optional<std::string> started;
  std::optional<std::string> acknowledged;
  std::optional<std::string> responded;
  std::optional<std::string> outcome;
  std::optional<std::string> ended;
};
void update_imported_stage(Database& db, std::int64_t stage_id, const ImportedStageFields& fields);

} // namespace feedback::detail
