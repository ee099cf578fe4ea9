// SPDX-License-Identifier: MIT
// libFuzzer harness: the import mapping parser (parse_mapping). Any input either gives a mapping
// that holds together or is refused with Error(data_error); nothing else may escape.
#include "fuzz_support.hpp"

#include <feedback/import/import_mapping.hpp>
#include <feedback/util/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

using feedback::FieldSpec;
using feedback::ImportField;
using feedback::fuzz::require;

void
check_field(const feedback::Mapping& m, ImportField field, const FieldSpec& spec)
{
  const auto name = feedback::field_name(field);
  const auto columns = static_cast<int>(m.columns.size());
  if (spec.kind == FieldSpec::Kind::column) {
    require(spec.column >= 0 && spec.column < columns, "{}: column {} of {}", name, spec.column,
            columns);
  }
  for (const auto& part : spec.parts) {
    require(part.column < columns && (part.column >= 0 || !part.text.empty()),
            "{}: a template part names column {} of {}", name, part.column, columns);
  }
  require(std::is_sorted(spec.map.begin(), spec.map.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; }),
          "{}: the map is not sorted", name);
  for (const auto& [key, target] : spec.map) {
    require(spec.find(key) == &target, "{}: find({:?}) misses its own entry", name, key);
  }
  require(spec.index.size() == spec.map.size(), "{}: {} index entries for {} keys", name,
          spec.index.size(), spec.map.size());
  if (feedback::is_date_field(field)) {
    require(!spec.formats.empty(), "{}: a date field without formats", name);
    for (const auto& format : spec.formats) {
      (void)feedback::parse_date_with_format("01/02/2020 10:00", format);
    }
  }
  if (field == ImportField::areas) {
    require(!spec.split.empty(), "areas: an empty split");
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  feedback::Mapping m;
  try {
    m = feedback::parse_mapping(feedback::fuzz::as_text(data, size), "fuzz.json");
  } catch (const feedback::Error& e) {
    require(e.code() == feedback::ExitCode::data_error, "exit code {} for {}",
            static_cast<int>(e.code()), e.what());
    return 0;
  }
  for (const auto required : {ImportField::received, ImportField::channel, ImportField::summary}) {
    require(m.names(required), "{} is not mapped", feedback::field_name(required));
  }
  require(m.spec(ImportField::received) != nullptr, "received is not mapped itself");
  for (std::size_t f = 0; f < feedback::k_import_field_count; ++f) {
    if (m.fields[f]) {
      require(m.named[f], "{} is filled but not named",
              feedback::field_name(static_cast<ImportField>(f)));
      check_field(m, static_cast<ImportField>(f), *m.fields[f]);
    }
  }
  if (m.identity) {
    require(*m.identity >= 0 && *m.identity < static_cast<int>(m.columns.size()),
            "identity column {}", *m.identity);
  }
  require(m.delimiter != '"' && m.delimiter != '\n' && m.delimiter != '\r', "delimiter {:?}",
          m.delimiter);
  return 0;
}
