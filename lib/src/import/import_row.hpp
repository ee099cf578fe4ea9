// SPDX-License-Identifier: MIT
// Private to the importer: one record turned into case fields by the mapping, and checked.
#pragma once

#include <feedback/cases/case_status.hpp>
#include <feedback/import/import_mapping.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// One source value of a record, for the mapping's column at the same index.
struct Cell
{
  enum class State
  {
    absent,
    null,
    value,
    container
  };
  State state = State::absent;
  std::string_view text;
};

struct RowProblem
{
  std::string field;
  std::string problem;
};

// The case fields of one record. Reused from record to record, so that its strings keep their
// storage: a million records cost no allocation each.
struct Row
{
  // Each value is a view: of the record (valid until the next record is read), of the mapping,
  // or of `own` (a value made here: a template, a word folded to lower case).
  std::array<std::string_view, k_import_field_count> text;
  std::array<std::string, k_import_field_count> own;
  std::array<bool, k_import_field_count> has{};
  std::array<Date, k_import_field_count> dates{};
  std::string received_at; // the received cell as given
  std::vector<std::string> areas;
  CaseStatus status = CaseStatus::open; // given or derived from the dates
  int stage = 1;
  bool info_request = false;
  Date last_activity;
  bool closed_assumed = false; // closed, with no closing date in the export (see check())
  std::vector<RowProblem> problems;

  bool ok() const noexcept { return problems.empty(); }
  bool present(ImportField f) const noexcept { return has[static_cast<std::size_t>(f)]; }
  std::string_view value(ImportField f) const noexcept { return text[static_cast<std::size_t>(f)]; }
  Date date(ImportField f) const noexcept { return dates[static_cast<std::size_t>(f)]; }
};

// Fills a Row from a record's cells as the mapping says, and checks what can be checked without
// the database: words, dates (not after `today`, not before received), required fields.
class RowMapper
{
public:
  RowMapper(const Mapping& mapping, Date today);

  void map(const std::vector<Cell>& cells, Row& row);

  // The 64-bit hash of every field as stored (see Row): equal for a record that did not change.
  std::uint64_t content_fingerprint(const Row& row);

  // A value quoted for a one-line message: at most 60 characters, line breaks shown as \n.
  static std::string shown(std::string_view value);

private:
  void fill(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells, Row& row);
  // `value` must outlive the row's use (the record or the mapping); set_own copies it.
  void set(ImportField field, std::string_view value, Row& row);
  void set_own(ImportField field, std::string_view value, Row& row);
  void apply(const MapTarget& target, Row& row);
  void check(Row& row);
  bool missing(std::string_view value) const;

  const Mapping& m_mapping;
  Date m_today;
  std::string m_folded;
  std::string m_joined;
  std::string m_scratch;
  std::array<bool, k_import_field_count> m_failed{};
  // Values from the mapping itself (constants, map targets, defaults): checked when the
  // mapping was read, so not again for every record.
  std::array<bool, k_import_field_count> m_trusted{};
};

} // namespace feedback::import
