// SPDX-License-Identifier: MIT
#include <feedback/util/output.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace feedback {

namespace {

// Display width in terminal columns, counting each UTF-8 code point as one.
std::size_t
display_width(std::string_view s) noexcept
{
  std::size_t width = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

} // namespace

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
    std::vector<std::size_t> width(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) {
      width[i] = display_width(columns[i]);
    }
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
        width[i] = std::max(width[i], display_width(row[i].text.value_or("")));
      }
    }
    auto line = [&](auto&& cell_text, auto&& is_number) {
      std::string text;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string value = cell_text(i);
        const std::size_t pad = width[i] - std::min(width[i], display_width(value));
        const bool last = i + 1 == columns.size();
        if (i) {
          text += "  ";
        }
        if (is_number(i)) {
          text += std::string(pad, ' ') + value;
        } else {
          text += value + (last ? "" : std::string(pad, ' '));
        }
      }
      while (!text.empty() && text.back() == ' ') {
        text.pop_back();
      }
      return text + "\n";
    };
    out += line([&](std::size_t i) { return columns[i]; }, [](std::size_t) { return false; });
    for (const auto& row : rows) {
      out += line(
          [&](std::size_t i) { return i < row.size() ? row[i].text.value_or("") : std::string(); },
          [&](std::size_t i) { return i < row.size() && row[i].number; });
    }
    break;
  }
  }
  return out;
}

} // namespace feedback
