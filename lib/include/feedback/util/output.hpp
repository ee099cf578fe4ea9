// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// How a command prints rows: aligned columns for people, CSV and JSON for programs, a Markdown
// table for documents.
enum class Format
{
  table,
  csv,
  json,
  markdown
};

// Every format, in the order help lists them.
inline constexpr std::string_view k_format_names[] = {"table", "csv", "json", "markdown"};

// Whether text for people may carry terminal colour codes. The program decides (a terminal,
// NO_COLOR); the library never looks.
enum class Colour
{
  off,
  on
};

// The format named `table`, `csv`, `json` or `markdown`, or nullopt.
std::optional<Format> parse_format(std::string_view name) noexcept;

// The name parse_format() reads.
std::string_view format_name(Format format) noexcept;

// A cell: text, or null (printed empty in table/csv and as null in JSON). `number` cells are
// written unquoted in JSON.
struct Cell
{
  std::optional<std::string> text;
  bool number = false;

  Cell() = default;
  Cell(std::string value) : text(std::move(value)) {}
  Cell(const char* value) : text(value) {}
  Cell(std::string_view value) : text(std::string(value)) {}
  Cell(std::optional<std::string> value) : text(std::move(value)) {}
  Cell(long long value) : text(std::to_string(value)), number(true) {}
  Cell(int value) : text(std::to_string(value)), number(true) {}
};

using Row = std::vector<Cell>;

// One field of CSV (RFC 4180): quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view value);

// Rows as aligned columns for people, CSV with a header row, a JSON array of objects keyed by
// `columns`, or a Markdown (GitHub) table whose columns of numbers are right-aligned.
std::string render(Format format, const std::vector<std::string>& columns,
                   const std::vector<Row>& rows);

// Where streamed output goes, a piece at a time (the program writes it to stdout).
using TextSink = std::function<void(std::string_view)>;

// Rows written to `sink` as they come, in CSV, JSON or Markdown, exactly as render() writes
// them, so that a long list costs memory for a row, not for the list. Markdown decides which
// columns are numbers (right-aligned) from its first `sample` rows, which it holds until then.
// Format::table is not streamed here: its columns are sized by the caller.
class RowStream
{
public:
  RowStream(Format format, std::vector<std::string> columns, TextSink sink,
            std::size_t sample = 1000);
  void add(const Row& row);
  void add(Row&& row);
  // Writes what is held and the end (JSON's "]"). Call it once, after the last row.
  void finish();

private:
  void start();
  void write(const Row& row);

  Format m_format;
  std::vector<std::string> m_columns;
  TextSink m_sink;
  std::size_t m_sample;
  std::vector<Row> m_held;
  std::vector<bool> m_numeric;
  bool m_started = false;
  std::size_t m_rows = 0;
  std::string m_buffer;
};

// `value` as the text of a Markdown table cell: |, \\ and the characters that start emphasis,
// code or HTML (*, _, `, <) escaped, line breaks as spaces.
std::string markdown_escape(std::string_view value);

// A JSON string literal for `value` (quotes included).
std::string json_string(std::string_view value);

} // namespace feedback
