// SPDX-License-Identifier: MIT
#pragma once

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

// `value` as the text of a Markdown table cell: |, \\ and the characters that start emphasis,
// code or HTML (*, _, `, <) escaped, line breaks as spaces.
std::string markdown_escape(std::string_view value);

// A JSON string literal for `value` (quotes included).
std::string json_string(std::string_view value);

} // namespace feedback
