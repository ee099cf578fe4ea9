// SPDX-License-Identifier: MIT
// Private to the library: the statements an import adds to the case writer's: what was imported
// before from a source (import_record), and a newer export written over a case imported before.
#pragma once

#include "storage/bulk.hpp"

#include <feedback/calendar/dates.hpp>
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
  std::int64_t case_id = 0;
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

// What the old system said about a case that the toolkit has no field for (case_legacy).
struct LegacyFacts
{
  std::optional<std::string> outcome_text;
  std::optional<std::string> resolution;
  std::optional<std::string> due; // YYYY-MM-DD

  bool empty() const noexcept { return !outcome_text && !resolution && !due; }
  bool operator==(const LegacyFacts&) const = default;
};

// Writes new cases' legacy facts, many rows per INSERT; flush() writes what is pending.
class LegacyFactsWriter
{
public:
  explicit LegacyFactsWriter(Database& db);
  void add(std::int64_t case_id, const LegacyFacts& facts);
  void flush();

private:
  BatchInsert m_insert;
};

// The legacy facts of `case_id` (all empty when it has none).
LegacyFacts load_legacy_facts(Database& db, std::int64_t case_id);
// Writes the legacy facts of `case_id` over any it had (none: the row is removed).
void save_legacy_facts(Database& db, std::int64_t case_id, const LegacyFacts& facts);

// The history events an import wrote into cases (import_event): a 64-bit key per event.
class ImportEventKeys
{
public:
  explicit ImportEventKeys(Database& db);
  // Whether `case_id` has the event `key`: one index lookup.
  bool has(std::int64_t case_id, std::uint64_t key);
  // Records `key` for `case_id`, many rows per INSERT; flush() writes what is pending (before
  // has() is asked about them).
  void add(std::int64_t case_id, std::uint64_t key);
  void flush();

private:
  Statement m_has;
  BatchInsert m_insert;
};

// Marks `case_id` active on `on` unless it was active later (events added to a case).
void raise_last_activity(Database& db, std::int64_t case_id, Date on);

// The same, for an import that adds events to many cases: the statement prepared once.
class LastActivity
{
public:
  explicit LastActivity(Database& db);
  void raise(std::int64_t case_id, Date on);

private:
  Statement m_touch;
};

} // namespace feedback::detail
