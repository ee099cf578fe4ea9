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
  if (name == "markdown") {
    return Format::markdown;
  }
  return std::nullopt;
}

std::string_view
format_name(Format format) noexcept
{
  return k_format_names[static_cast<std::size_t>(format)];
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
  std::string out;
  append_csv_field(out, value);
  return out;
}

std::string
markdown_escape(std::string_view value)
{
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<') {
      out.push_back('\\');
    }
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
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
  case Format::markdown: {
    // A column is right-aligned when it holds numbers and nothing else (nulls aside).
    std::vector<bool> numeric(columns.size(), false);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      bool any = false;
      bool all = true;
      for (const auto& row : rows) {
        if (i < row.size() && row[i].text) {
          any = true;
          all = all && row[i].number;
        }
      }
      numeric[i] = any && all;
    }
    out += "|";
    for (const auto& c : columns) {
      out += " " + markdown_escape(c) + " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out += numeric[i] ? " ---: |" : " --- |";
    }
    out += "\n";
    for (const auto& row : rows) {
      out += "|";
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const bool given = i < row.size() && row[i].text;
        out += given ? " " + markdown_escape(*row[i].text) + " |" : " |";
      }
      out += "\n";
    }
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
