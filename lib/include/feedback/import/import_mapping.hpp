// SPDX-License-Identifier: MIT
// The mapping file of feedback-import: which source column fills which case field, how source
// values translate into the toolkit's words, and how dates are written. docs/import.md has the
// format with examples.
#pragma once

#include <feedback/calendar/dates.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
};

inline constexpr std::size_t k_import_field_count =
    static_cast<std::size_t>(ImportField::preferred_format) + 1;

std::string_view field_name(ImportField field) noexcept;
std::optional<ImportField> field_from_name(std::string_view name) noexcept;
bool is_date_field(ImportField field) noexcept;

// One way a date column may be written: a strftime-like pattern (%d %m %Y %H %M %S %I %p %b %B
// %z %%; other characters stand for themselves), or "iso8601" (a date, a local date-time, or a
// date-time with Z or an offset, converted to Europe/London before its date is taken).
struct DateFormat
{
  std::string pattern;
};

// Parses `text` with `format`; the Europe/London date, or nullopt if `text` does not match the
// whole pattern or is not a real date and time. Throws Error(data_error) naming the calendar's
// range for a date outside it (a legacy export's sentinel 01/01/1900).
std::optional<Date> parse_date_with_format(std::string_view text, const DateFormat& format);

// A value a map gives: the field's own value, no value (written null), or (written as an
// object) values of several fields at once, e.g. "Level One" -> {"type": "complaint",
// "procedure": "corporate", "stage": 1}.
struct MapTarget
{
  std::vector<std::pair<ImportField, std::string>> values;
};

// One piece of a template: literal text, or the value of column `column`.
struct TemplatePart
{
  std::string text;
  int column = -1;
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
  int column = -1; // index into Mapping::columns
  std::string constant;
  std::vector<TemplatePart> parts; // a template
  // Source value (trimmed, ASCII lower-cased) -> target, sorted by key.
  std::vector<std::pair<std::string, MapTarget>> map;
  std::optional<MapTarget> otherwise;       // for a value that the map does not list
  std::optional<std::string> default_value; // for a missing value (before the map)
  std::vector<DateFormat> formats;          // date fields
  std::string split;                        // areas: the separator between items
  // The map's keys by hash (built by parse_mapping): find() compares integers, then one key.
  std::vector<std::pair<std::uint64_t, std::size_t>> index;

  const MapTarget* find(std::string_view folded) const noexcept;
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
// outside the toolkit's vocabulary, a date format that cannot work, or a required field
// (received, channel, summary) left unmapped.
Mapping parse_mapping(std::string_view text, std::string_view name);

} // namespace feedback
