// SPDX-License-Identifier: MIT
#include <feedback/util/output.hpp>
#include <feedback/util/table.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace feedback {

std::optional<Format>
parse_format(std::string_view name) noexcept
{
  if (name == "table") {
    return Format::table;
  }
  if (name == "csv") {
    return Format::csv;
  }
  if (name == "json") {
    return Format::json;
  }
  return std::nullopt;
}

namespace {

// Appends one CSV field to `out`, quoted only when it must be.
void
append_csv_field(std::string& out, std::string_view value)
{
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
}

} // namespace

std::string
csv_field(std::string_view value)
{
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string
json_string(std::string_view value)
{
  return nlohmann::json(std::string(value))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string
render(Format format, const std::vector<std::string>& columns, const std::vector<Row>& rows)
{
  std::string out;
  switch (format) {
  case Format::csv: {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out += (i ? "," : "") + csv_field(columns[i]);
    }
    out += "\r\n";
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) {
          out += ',';
        }
        if (row[i].text) {
          append_csv_field(out, *row[i].text);
        }
      }
      out += "\r\n";
    }
    break;
  }
  case Format::json: {
    out += "[";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out += r ? ",\n  {" : "\n  {";
      for (std::size_t i = 0; i < columns.size() && i < rows[r].size(); ++i) {
        const auto& cell = rows[r][i];
        out += fmt::format("{}{}: ", i ? ", " : "", json_string(columns[i]));
        if (!cell.text) {
          out += "null";
        } else if (cell.number) {
          out += *cell.text;
        } else {
          out += json_string(*cell.text);
        }
      }
      out += "}";
    }
    out += rows.empty() ? "]\n" : "\n]\n";
    break;
  }
  case Format::table: {
    TextTable table(columns);
    for (const auto& row : rows) {
      std::vector<TextTable::Cell> cells;
      cells.reserve(std::min(row.size(), columns.size()));
      for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
        cells.push_back({row[i].text.value_or(""),
                         row[i].number ? TextTable::Align::right : TextTable::Align::left});
      }
      table.add_row(std::move(cells));
    }
    out = table.render();
    break;
  }
  }
  return out;
}

} // namespace feedback
