// SPDX-License-Identifier: MIT
// libFuzzer harness: the importer's CSV reader. The first byte picks the delimiter and the size
// of the pieces the input arrives in (to cross the read window's boundaries); the rest is CSV.
#include "fuzz_support.hpp"
#include "import/csv_reader.hpp"

#include <feedback/import/importer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using feedback::fuzz::require;

struct Record
{
  std::vector<std::string> fields;
  std::string raw;
  std::string ending;
  std::uint64_t line = 0;
  std::optional<std::string> problem;

  bool operator==(const Record&) const = default;
};

std::vector<Record>
read_all(std::string_view text, char delimiter, std::size_t piece)
{
  feedback::StringSource source(text, piece);
  feedback::import::CsvReader reader(source, delimiter);
  std::vector<Record> out;
  while (reader.next()) {
    Record r;
    r.fields.assign(reader.fields().begin(), reader.fields().end());
    r.raw = reader.raw();
    r.ending = reader.line_ending();
    r.line = reader.line();
    r.problem = reader.problem();
    out.push_back(std::move(r));
  }
  return out;
}

// `fields` written as one CSV record with every field quoted.
std::string
quoted(const std::vector<std::string>& fields, char delimiter)
{
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += delimiter;
    }
    out += '"';
    for (const char c : fields[i]) {
      out += c;
      if (c == '"') {
        out += '"';
      }
    }
    out += '"';
  }
  return out + "\r\n";
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  constexpr char k_delimiters[] = {',', ';', '\t', '|'};
  constexpr std::size_t k_pieces[] = {1, 2, 3, 7, 16, 61, 256, 4096};
  const char delimiter = k_delimiters[data[0] & 3];
  const std::size_t piece = k_pieces[(data[0] >> 2) & 7];
  const auto text = feedback::fuzz::as_text(data + 1, size - 1);

  const auto whole = read_all(text, delimiter, std::size_t{1} << 20);
  require(read_all(text, delimiter, piece) == whole,
          "reading in pieces of {} bytes gives other records than reading at once", piece);

  const auto breaks = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  require(whole.size() <= breaks + 1, "{} records from {} line breaks", whole.size(), breaks);
  std::uint64_t last_line = 0;
  std::size_t raw_bytes = 0;
  for (const auto& r : whole) {
    require(r.line > last_line && r.line <= breaks + 1, "record on line {} after line {}", r.line,
            last_line);
    last_line = r.line;
    raw_bytes += r.raw.size() + r.ending.size();
    require(!r.fields.empty(), "a record without fields on line {}", r.line);
    require(r.ending.empty() || r.ending == "\n" || r.ending == "\r\n", "line ending {:?}",
            r.ending);
    if (!r.problem) {
      // Whatever was read, written back quoted, reads back the same.
      const auto again = read_all(quoted(r.fields, delimiter), delimiter, std::size_t{1} << 20);
      require(again.size() == 1 && !again[0].problem && again[0].fields == r.fields,
              "the record of line {} does not read back the same when written quoted", r.line);
    }
  }
  require(raw_bytes <= text.size(), "records span {} bytes of {}", raw_bytes, text.size());
  return 0;
}
