// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// How a command prints rows.
enum class Format
{
  table,
  csv,
  json
};

// Whether text for people may carry terminal colour codes. The program decides (a terminal,
// NO_COLOR); the library never looks.
enum class Colour
{
  off,
  on
};

// The format named `table`, `csv` or `json`, or nullopt.
std::optional<Format> parse_format(std::string_view name) noexcept;

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

// Rows as aligned columns for people, CSV with a header row, or a JSON array of objects
// keyed by `columns`.
std::string render(Format format, const std::vector<std::string>& columns,
                   const std::vector<Row>& rows);

// A JSON string literal for `value` (quotes included).
std::string json_string(std::string_view value);

} // namespace feedback
