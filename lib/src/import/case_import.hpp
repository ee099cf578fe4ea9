// SPDX-License-Identifier: MIT
// Private to the importer: writing a record as a case.
#pragma once

#include "import/decisions.hpp"
#include "import/import_row.hpp"
#include "storage/case_writer.hpp"
#include "storage/import_store.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace feedback::import {

// Writes an import's records: a new case for a new identity (through the case writer's batches),
// and over a case imported before the fields the mapping names, with an 'import-updated' audit
// event for each that changed (personal data: the field's name only).
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

  // The named fields of `row` over the case imported before with the identity `ref`; false if
  // none differed. Throws Error(data_error) if import_record lists the identity but no case has
  // it.
  bool update(const Row& row, const Decision& decision, std::string_view ref,
              std::uint64_t fingerprint, std::uint64_t line);

  // Writes every row still waiting in a batch.
  void flush();

private:
  void event(std::int64_t case_id, Date on, std::string_view kind, detail::OptionalText from,
             detail::OptionalText to, std::string_view detail);

  Database& m_db;
  const Mapping& m_mapping;
  const ImportOptions& m_options;
  std::string m_source;
  std::string m_file_base;
  detail::CaseWriter m_writer;
  detail::ImportRecordWriter m_import_records;
  std::string m_detail;
};

} // namespace feedback::import
