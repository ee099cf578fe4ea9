// SPDX-License-Identifier: MIT
// Private to the importer: one record turned into case fields by the mapping, and checked; the
// rows of a group merged into one case.
#pragma once

#include <feedback/cases/case_status.hpp>
#include <feedback/import/import_mapping.hpp>

#include <array>
#include <cstdint>
#include <optional>
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

// A history event of a case, from the old system.
struct EventItem
{
  Date on;                  // its Europe/London date
  std::int64_t instant = 0; // when, for the order of events on one day
  std::string kind;         // a word of k_history_kinds
  std::string text;
  std::string officer; // empty: the importing officer
};

// A remedy agreed after the Ombudsman's decision.
struct RemedyItem
{
  std::string kind;
  std::optional<std::int64_t> pence; // a payment's amount
  Date due;
  std::optional<Date> done;
};

// The case fields of one record (or of a group of records: one case). Reused from record to
// record, so that its strings keep their storage: a million records cost no allocation each.
struct Row
{
  // Each value is a view: of the record (valid until the next record is read), of the mapping,
  // or of `own` (a value made here: a template, a word folded to lower case; or every value,
  // once keep() has run).
  std::array<std::string_view, k_import_field_count> text;
  std::array<std::string, k_import_field_count> own;
  std::array<bool, k_import_field_count> has{};
  std::array<Date, k_import_field_count> dates{};
  // Given by the mapping itself (a "const", or a "default" for a missing cell), not by the
  // export: what classified_by says about the type and procedure.
  std::array<bool, k_import_field_count> fixed{};
  std::string received_at; // the received cell as given
  std::string ref;         // the identity column's value (trimmed), or empty
  std::vector<std::string> areas;
  std::vector<EventItem> events;
  std::vector<RemedyItem> remedies;
  CaseStatus status = CaseStatus::open; // given or derived from the dates
  int stage = 1;
  bool info_request = false;
  Date last_activity;
  bool closed_assumed = false; // closed, with no closing date in the export (see finish())
  std::optional<std::int64_t> group_instant; // GroupFacts::latest: this row's date
  std::uint64_t line = 0;                    // where the record (the group's first) starts
  std::vector<RowProblem> problems;

  Row() = default;
  // Not copied or moved: its views may point into its own strings (keep() copies a row).
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;

  bool ok() const noexcept { return problems.empty(); }
  bool present(ImportField f) const noexcept { return has[static_cast<std::size_t>(f)]; }
  std::string_view value(ImportField f) const noexcept { return text[static_cast<std::size_t>(f)]; }
  Date date(ImportField f) const noexcept { return dates[static_cast<std::size_t>(f)]; }
  // The value as a string of its own, or nothing when the field is not present.
  std::optional<std::string> optional_text(ImportField f) const
  {
    return present(f) ? std::optional<std::string>(std::string(value(f))) : std::nullopt;
  }

  // Copies `other` into this row, its text owned here: to keep a row past its record.
  void keep(const Row& other);
};

// Fills a Row from a record's cells as the mapping says, and checks what can be checked without
// the database: words, dates (not after `today`, not before received), required fields.
class RowMapper
{
public:
  RowMapper(const Mapping& mapping, Date today);

  // The case fields of one record, and its event and remedy unless they come from an array
  // (map_element). With `finish_case` the row is one case and is checked as one (finish());
  // a row of a group is finished once merged.
  void map(const std::vector<Cell>& cells, Row& row, std::uint64_t line, bool finish_case = true);

  // The event (`events`) or remedy of one element of the mapping's array, from `cells` as
  // RecordReader::load_element left them; `element` names it in messages.
  void map_element(const std::vector<Cell>& cells, Row& row, bool events, std::size_t element);

  // The checks of a whole case: required fields, the Ombudsman's phase and its remedies, the
  // events' dates against the day received; and the last activity.
  void finish(Row& row);

  // The rows of a group made one case in `out`: the facts of the first row or the latest (as
  // the mapping says), every row's events, remedies and areas, and one outcome for all (each
  // the same: that one; some upheld: partially-upheld). `rows` must be ok().
  void merge(const std::vector<const Row*>& rows, Row& out);

  // The 64-bit hash of every field as stored (see Row): equal for a record that did not change.
  std::uint64_t content_fingerprint(const Row& row);

  // A value quoted for a one-line message: at most 60 characters, line breaks shown as \n.
  static std::string shown(std::string_view value);

private:
  void fill(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells, Row& row);
  // The date `raw` gives by `spec`'s formats (and its instant, when `instant`); nullopt when
  // missing, or with a problem named `name` when it is not a date.
  std::optional<Date> read_date(std::string_view name, const FieldSpec& spec, std::string_view raw,
                                Row& row, std::optional<std::int64_t>* instant);
  // The value of `spec`'s column (or of its first fallback with a value), trimmed; false if the
  // cell holds an object or array (a problem is recorded).
  bool cell_value(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells,
                  std::string_view& raw, Row& row);
  // `value` must outlive the row's use (the record or the mapping); set_own copies it.
  void set(ImportField field, std::string_view value, Row& row);
  void set_own(ImportField field, std::string_view value, Row& row);
  void apply(const MapTarget& target, Row& row);
  void check(Row& row);
  void add_event(Row& row, std::string_view where);
  void add_remedy(Row& row, std::string_view where);
  void problem(Row& row, ImportField f, std::string text);
  bool missing(std::string_view value) const;

  const Mapping& m_mapping;
  Date m_today;
  std::string m_folded;
  std::string m_joined;
  std::string m_scratch;
  std::optional<std::int64_t> m_event_instant;
  std::array<bool, k_import_field_count> m_failed{};
  // Values from the mapping itself (constants, map targets, defaults): checked when the
  // mapping was read, so not again for every record.
  std::array<bool, k_import_field_count> m_trusted{};
};

} // namespace feedback::import
