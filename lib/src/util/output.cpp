// SPDX-License-Identifier: MIT
#include <feedback/util/enum_words.hpp>
#include <feedback/util/output.hpp>
#include <feedback/util/table.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace feedback {

FEEDBACK_ENUM_WORD_FUNCTIONS(Format, format_name, parse_format, k_format_names)

namespace {

// Appends one CSV field to `out`, quoted only when it must be.
void
append_csv_field(std::string& out, std::string_view value)
{
  // One pass over the value (find_first_of searches the four characters for each of its
  // characters: a tenth of the whole-council overdue list's time).
  const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  if (std::none_of(value.begin(), value.end(), special)) {
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

RowStream::RowStream(Format format, std::vector<std::string> columns, TextSink sink,
                     std::size_t sample)
    : m_format(format), m_columns(std::move(columns)), m_sink(std::move(sink)),
      m_sample(std::max<std::size_t>(sample, 1))
{
}

void
RowStream::start()
{
  m_started = true;
  switch (m_format) {
  case Format::csv:
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      m_buffer += (i ? "," : "") + csv_field(m_columns[i]);
    }
    m_buffer += "\r\n";
    break;
  case Format::json:
    m_buffer += "[";
    break;
  case Format::markdown: {
    // A column is right-aligned when it holds numbers and nothing else (nulls aside).
    m_numeric.assign(m_columns.size(), false);
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      bool any = false;
      bool all = true;
      for (const auto& row : m_held) {
        if (i < row.size() && row[i].text) {
          any = true;
          all = all && row[i].number;
        }
      }
      m_numeric[i] = any && all;
    }
    m_buffer += "|";
    for (const auto& c : m_columns) {
      m_buffer += " " + markdown_escape(c) + " |";
    }
    m_buffer += "\n|";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      m_buffer += m_numeric[i] ? " ---: |" : " --- |";
    }
    m_buffer += "\n";
    break;
  }
  case Format::table:
    break;
  }
  for (const auto& row : m_held) {
    write(row);
  }
  m_held.clear();
  m_held.shrink_to_fit();
}

void
RowStream::write(const Row& row)
{
  auto& out = m_buffer;
  switch (m_format) {
  case Format::csv:
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) {
        out += ',';
      }
      if (row[i].text) {
        append_csv_field(out, *row[i].text);
      }
    }
    out += "\r\n";
    break;
  case Format::json:
    out += m_rows ? ",\n  {" : "\n  {";
    for (std::size_t i = 0; i < m_columns.size() && i < row.size(); ++i) {
      const auto& cell = row[i];
      if (i) {
        out += ", ";
      }
      out += json_string(m_columns[i]);
      out += ": ";
      if (!cell.text) {
        out += "null";
      } else if (cell.number) {
        out += *cell.text;
      } else {
        out += json_string(*cell.text);
      }
    }
    out += "}";
    break;
  case Format::markdown:
    out += "|";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      const bool given = i < row.size() && row[i].text;
      out += given ? " " + markdown_escape(*row[i].text) + " |" : " |";
    }
    out += "\n";
    break;
  case Format::table:
    break;
  }
  ++m_rows;
  // Handed on in pieces of about 64 KiB: few writes, little held.
  if (out.size() >= 65536) {
    m_sink(out);
    out.clear();
  }
}

void
RowStream::add(const Row& row)
{
  if (!m_started && m_format == Format::markdown && m_held.size() < m_sample) {
    m_held.push_back(row);
    return;
  }
  if (!m_started) {
    start();
  }
  write(row);
}

void
RowStream::add(Row&& row)
{
  if (!m_started && m_format == Format::markdown && m_held.size() < m_sample) {
    m_held.push_back(std::move(row));
    return;
  }
  if (!m_started) {
    start();
  }
  write(row);
}

void
RowStream::finish()
{
  if (!m_started) {
    start();
  }
  if (m_format == Format::json) {
    m_buffer += m_rows == 0 ? "]\n" : "\n]\n";
  }
  if (!m_buffer.empty()) {
    m_sink(m_buffer);
    m_buffer.clear();
  }
}

std::string
render(Format format, const std::vector<std::string>& columns, const std::vector<Row>& rows)
{
  std::string out;
  if (format == Format::table) {
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
    return table.render();
  }
  RowStream stream(
      format, columns, [&out](std::string_view text) { out += text; }, rows.size() + 1);
  for (const auto& row : rows) {
    stream.add(row);
  }
  stream.finish();
  return out;
}

} // namespace feedback
