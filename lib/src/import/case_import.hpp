// SPDX-License-Identifier: MIT
// Private to the importer: writing a record as a case.
#pragma once

#include "import/decisions.hpp"
#include "import/import_row.hpp"
#include "storage/case_writer.hpp"
#include "storage/import_store.hpp"
#include "storage/ombudsman_store.hpp"
#include "util/flat_hash.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// Writes an import's records: a new case for a new identity (through the case writer's batches),
// and over a case imported before the fields the mapping names, with an 'import-updated' audit
// event for each that changed (personal data and free text: the field's name only). A case's
// history events, its Ombudsman phase and remedies, and what the old system said of it
// (case_legacy) go with it; history events once each (import_event).
class CaseImporter
{
public:
  // `source` names the old system, `file_base` the file (for the audit events).
  CaseImporter(Database& db, const Mapping& mapping, const ImportOptions& options,
               std::string source, std::string file_base);

  // A new case from `row` with the identity `ref` (hashed: `ref_key`) and the row's
  // `fingerprint`; `line` is where the record starts.
  void insert(const Row& row, const Decision& decision, std::string_view ref, std::uint64_t ref_key,
              std::uint64_t fingerprint, std::uint64_t line);

  // The named fields of `row` over the case imported before with the identity `ref`, and its
  // history, Ombudsman phase and remedies that are new; false if nothing differed. Throws
  // Error(data_error) if import_record lists the identity but no case has it.
  bool update(const Row& row, const Decision& decision, std::string_view ref,
              std::uint64_t fingerprint, std::uint64_t line);

  // An event of an events file for the case `case_id` imported before; false if the case has
  // it already (imported before).
  bool add_history(std::int64_t case_id, const EventItem& event);

  // Writes every row still waiting in a batch.
  void flush();

private:
  // An event of a case, to be written in date order with the others of the same case.
  struct Pending
  {
    Date on;
    std::int64_t instant = 0;
    std::string kind;
    std::optional<std::string> to;
    std::string detail;
    std::string officer;       // empty: the importing officer
    std::uint64_t history = 0; // a history event's key (import_event), else 0
  };

  void event(std::int64_t case_id, Date on, std::string_view kind, detail::OptionalText from,
             detail::OptionalText to, std::string_view detail);
  // The history events of `row` not yet in case `case_id` (all of them for a new case).
  void history(std::int64_t case_id, const Row& row, bool new_case);
  // The Ombudsman phase and remedies of `row` that case `case_id` lacks; whether any.
  bool ombudsman(std::int64_t case_id, const Row& row, bool new_case, std::uint64_t line);
  // Marks `case_id` active on `on` unless it was active later.
  void raise_last_activity(std::int64_t case_id, Date on);
  // Writes `m_pending` in date order (the order given within a day).
  void write_pending(std::int64_t case_id);
  std::uint64_t history_key(const EventItem& event, std::uint32_t occurrence) const;
  static detail::LegacyFacts legacy_facts(const Row& row);

  Database& m_db;
  const Mapping& m_mapping;
  const ImportOptions& m_options;
  std::string m_source;
  std::string m_file_base;
  detail::CaseWriter m_writer;
  detail::ImportRecordWriter m_import_records;
  detail::LegacyFactsWriter m_legacy;
  detail::ImportEventKeys m_event_keys;
  detail::OmbudsmanWriter m_ombudsman;
  std::optional<detail::LastActivity> m_activity; // prepared on first use
  std::vector<Pending> m_pending;
  FlatMap64 m_occurrences; // events file: identical events of a case so far
  std::string m_detail;
};

} // namespace feedback::import
