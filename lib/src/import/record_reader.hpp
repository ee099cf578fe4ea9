// SPDX-License-Identifier: MIT
// Private to the importer: reading the records of an export, whatever its format.
#pragma once

#include "import/csv_reader.hpp"
#include "import/import_row.hpp"
#include "import/json_reader.hpp"

#include <feedback/import/importer.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// Reads the records of an export one at a time as cells in the mapping's column order, from CSV
// with a header row, JSON Lines or a JSON array; and gives a bad record back unchanged for the
// reject file.
class RecordReader
{
public:
  // Reads a CSV header. Throws Error(usage) when the format cannot be told, Error(data_error)
  // for a CSV header that does not fit the mapping (a column missing, or twice).
  RecordReader(const Mapping& mapping, ByteSource& input, const ImportOptions& options);

  InputFormat format() const noexcept { return m_format; }
  // The file as messages name it ("-" for standard input).
  const std::string& file() const noexcept { return m_file; }

  // The next record; false at the end.
  bool next();
  // Records read so far, and where the current one starts.
  std::uint64_t records() const noexcept { return m_records; }
  std::uint64_t line() const noexcept { return m_line; }
  // Why the current record cannot be read as one (bad quoting, not UTF-8, too few fields).
  const std::optional<std::string>& problem() const noexcept { return m_problem; }
  // The current record's cells, valid until the next record.
  const std::vector<Cell>& cells() const noexcept { return m_cells; }
  std::uint64_t bytes_read() const;

  // Problems of the current record that only the mapping makes problems: a repeated JSON key
  // that the mapping reads (with "duplicate_keys": "reject"), an item array that is not one.
  // Each is (the key's path, the problem).
  const std::vector<RowProblem>& key_problems() const noexcept { return m_key_problems; }

  // The number of elements of the mapping's event (`events`) or remedy array in the current
  // record; load_element() puts element `i` in the array's cells (the record's other cells stay).
  std::size_t element_count(bool events);
  void load_element(bool events, std::size_t i);

  // Gives `sink` the current record for the reject file with `reason` (for CSV, the header with
  // a reject_reason column first, once).
  void reject(ImportSink& sink, std::string_view reason);

  // The current record as the reject file needs it, kept past the next record (a group's rows
  // are rejected together, once the group is known to be bad).
  struct Saved
  {
    std::string raw;
    std::string ending;
    std::uint64_t line = 0;
    bool malformed = false;
  };
  void save(Saved& saved) const;
  void reject(ImportSink& sink, const Saved& saved, std::string_view reason);

  // A JSON path that no record has is almost certainly a typo in the mapping: throws
  // Error(data_error) for one, unless no record was accepted (`rejected` of them all).
  void check_json_paths(std::uint64_t rejected) const;

private:
  InputFormat choose_format(const ImportOptions& options) const;
  void read_header();
  // The cell of JSON path `path` (column `c`), by the mapping's rule for repeated keys.
  Cell json_cell(std::size_t c, const std::string& path);
  void check_repeated_keys();
  void reject_bytes(ImportSink& sink, std::string_view raw, std::string_view ending,
                    std::uint64_t line, bool malformed, std::string_view reason);

  const Mapping& m_mapping;
  ByteSource& m_input;
  InputFormat m_format;
  std::string m_file;
  std::unique_ptr<CsvReader> m_csv;
  std::unique_ptr<JsonReader> m_json;
  std::vector<bool> m_json_seen;
  std::size_t m_header_fields = 0;
  std::string m_header_raw;
  std::string m_header_ending;
  std::vector<std::size_t> m_column_index;
  bool m_reject_started = false;

  std::vector<Cell> m_cells;
  std::vector<RowProblem> m_key_problems;
  std::string m_element_path;
  std::optional<std::string> m_problem;
  std::uint64_t m_records = 0;
  std::uint64_t m_line = 0;
};

} // namespace feedback::import
