// SPDX-License-Identifier: MIT
// The mapping file of feedback-import: which source column fills which case field, how source
// values translate into the toolkit's words, and how dates are written. docs/import.md has the
// format with examples.
#pragma once

#include <feedback/calendar/dates.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace feedback {

enum class InputFormat
{
  csv,        // RFC 4180 with a header row
  json_lines, // one JSON object per line
  json,       // a JSON array of objects, or an object holding one under `records`
};

std::string_view format_name(InputFormat format) noexcept;

// The case fields a mapping can fill, in the order they are written in docs/import.md.
enum class ImportField : std::uint8_t
{
  received,      // date (required)
  channel,       // vocabulary (required)
  summary,       // text (required)
  type,          // vocabulary; absent: unclassified
  procedure,     // vocabulary
  stage,         // whole number >= 1
  stage_started, // date the current stage started (default: received)
  service,       // a service code
  service_name,  // the name a service gets when --create-services creates it
  status,        // open, responded or closed (default: from the dates)
  closure,       // withdrawn, resolved-informally or redirected
  redirected_to, // text
  acknowledged,  // date
  responded,     // date
  closed,        // date: used only when the status is closed
  outcome,       // vocabulary
  areas,         // vocabulary, a list split on `split`
  owner,
  sponsor, // vocabulary
  sponsor_name,
  info_request, // yes/no
  external_ref,
  name, // personal data from here on
  email,
  phone,
  address,
  preferred_format, // vocabulary
  // What the old system said, kept on the case as it was (new fields are appended, so that the
  // fingerprints of cases imported before stay the same).
  outcome_text, // text
  resolution,   // text
  due,          // date: the old system's own due date (may be after today)
  // The Ombudsman's phase.
  ombudsman_ref,      // their reference: the case has an Ombudsman phase
  ombudsman_received, // date the complaint reached them
  ombudsman_decision, // vocabulary
  ombudsman_decided,  // date
  // A remedy: one per record (or per row of a group, or per element of an array).
  remedy_kind,   // vocabulary
  remedy_amount, // pounds, for a payment
  remedy_due,    // date (may be after today)
  remedy_done,   // date
  // A history event: one per record (or per row of a group, or per element of an array).
  event_date,    // date, and time if written: the events go in the timeline in that order
  event_kind,    // vocabulary (default note)
  event_text,    // text
  event_officer, // text (default: the importing officer)
};

inline constexpr std::size_t k_import_field_count =
    static_cast<std::size_t>(ImportField::event_officer) + 1;

std::string_view field_name(ImportField field) noexcept;
std::optional<ImportField> field_from_name(std::string_view name) noexcept;
bool is_date_field(ImportField field) noexcept;
// Whether `field` is a remedy's or an event's: those may come several to a case.
bool is_remedy_field(ImportField field) noexcept;
bool is_event_field(ImportField field) noexcept;

// One way a date column may be written: a strftime-like pattern (%d %m %Y %H %M %S %I %p %b %B
// %z %%; other characters stand for themselves), or "iso8601" (a date, a local date-time, or a
// date-time with Z or an offset). A time without a zone is in the mapping's "timezone"
// (default Europe/London); every time is converted to Europe/London before its date is taken.
struct DateFormat
{
  std::string pattern;
};

// Parses `text` with `format`, a time without a zone being local time in `zone` (nullptr:
// Europe/London); the Europe/London date, or nullopt if `text` does not match the whole pattern,
// is not a real date and time, or is outside the calendar's range (1971 to 2199).
std::optional<Date> parse_date_with_format(std::string_view text, const DateFormat& format,
                                           const date::time_zone* zone = nullptr);

// A value a map gives: the field's own value, no value (written null), or (written as an
// object) values of several fields at once, e.g. "Level One" -> {"type": "complaint",
// "procedure": "corporate", "stage": 1}.
struct MapTarget
{
  std::vector<std::pair<ImportField, std::string>> values;
};

// One piece of a template: literal text, or the value of column `column`. Pieces written in
// [ ] share a `group` (from 0): the group is left out, text and all, unless every column in it
// has a value ("{Title}[ ({Authority})]").
struct TemplatePart
{
  std::string text;
  int column = -1;
  int group = -1;
};

// How one case field is filled.
struct FieldSpec
{
  enum class Kind
  {
    column,
    constant,
    template_text
  };
  Kind kind = Kind::column;
  int column = -1;            // index into Mapping::columns
  std::vector<int> fallbacks; // more columns: the first of column, fallbacks... with a value
  std::string constant;
  std::vector<TemplatePart> parts; // a template
  // Source value (trimmed, ASCII lower-cased) -> target, sorted by key.
  std::vector<std::pair<std::string, MapTarget>> map;
  std::optional<MapTarget> otherwise;       // for a value that the map does not list
  std::optional<std::string> default_value; // for a missing value (before the map)
  std::vector<DateFormat> formats;          // date fields
  int missing_day = 0;                      // dates: the day of a month-only date (0: refused)
  std::string split;                        // areas: the separator between items
  // A regular expression (ECMAScript) that cuts the value out of the cell: its first group
  // that matched, else the whole match.
  std::shared_ptr<const std::regex> extract;
  std::string extract_text;
  // The map's keys by hash (built by parse_mapping): find() compares integers, then one key.
  std::vector<std::pair<std::uint64_t, std::size_t>> index;

  const MapTarget* find(std::string_view folded) const noexcept;
};

// JSON: what a key repeated in one object means, when the mapping reads it (a repeated key it
// does not read is ignored).
enum class DuplicateKeys
{
  reject, // the record is bad, naming the key
  first,  // the first value written is used
  last,   // the last
};

// Which row of a group (several rows, one case) gives the case's facts.
enum class GroupFacts
{
  first,  // the first row of the group
  latest, // the row with the latest `group_date` (the last of equal ones)
};

// An array inside a JSON record whose elements are events or remedies: columns written
// "notes.*.datetime" name "datetime" in each element of "notes".
struct ItemArray
{
  std::string path;         // "notes"
  std::vector<int> columns; // the columns of Mapping::columns written with it
};

struct Mapping
{
  std::string name; // the mapping file, for messages
  std::string source;
  std::optional<InputFormat> format;
  char delimiter = ',';
  std::vector<std::string> records_path; // JSON: the keys down to the array of records
  std::optional<int> identity;           // column of the old system's reference
  std::vector<std::string> missing;      // cell values that mean "no value"
  std::vector<std::string> columns;      // every column (CSV) or dotted path (JSON) read
  std::string timezone = "Europe/London";
  const date::time_zone* zone = nullptr; // of `timezone`; nullptr: Europe/London
  DuplicateKeys duplicate_keys = DuplicateKeys::reject;
  std::optional<int> group_by; // rows with the same value in this column are one case
  GroupFacts group_facts = GroupFacts::first;
  std::optional<FieldSpec> group_date; // GroupFacts::latest: the date that orders the rows
  std::optional<ItemArray> event_array;
  std::optional<ItemArray> remedy_array;
  // The file holds events of cases imported before from `source` (a mapping of event fields
  // only), one per record, joined to their case by the identity column.
  bool events_only = false;
  std::array<std::optional<FieldSpec>, k_import_field_count> fields;
  // Whether the mapping fills the field at all (itself, or through another field's map):
  // a re-import only ever changes the fields a mapping names.
  std::array<bool, k_import_field_count> named{};

  const FieldSpec* spec(ImportField field) const noexcept
  {
    const auto& f = fields[static_cast<std::size_t>(field)];
    return f ? &*f : nullptr;
  }
  bool names(ImportField field) const noexcept { return named[static_cast<std::size_t>(field)]; }
};

// Parses and checks a mapping document. Throws Error(data_error) "NAME: PATH: problem" for
// invalid JSON, repeated or unknown keys, an unknown case field, a field filled twice, a value
// outside the toolkit's vocabulary, a date format that cannot work, an unknown time zone, a
// regular expression that does not compile, or a required field (received, channel, summary;
// an events file: event_date and the identity) left unmapped.
Mapping parse_mapping(std::string_view text, std::string_view name);

} // namespace feedback
