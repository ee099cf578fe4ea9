// SPDX-License-Identifier: MIT
#include "import/record_reader.hpp"

#include "import/import_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace feedback::import {

namespace {

std::string
csv_quoted(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

std::string
json_quoted(std::string_view text)
{
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

RecordReader::RecordReader(const Mapping& mapping, ByteSource& input, const ImportOptions& options)
    : m_mapping(mapping), m_input(input),
      m_file(options.file_name.empty() ? std::string("-") : options.file_name),
      m_cells(mapping.columns.size())
{
  m_format = choose_format(options);
  if (m_format == InputFormat::csv) {
    m_csv = std::make_unique<CsvReader>(m_input, m_mapping.delimiter);
    read_header();
  } else {
    m_json = std::make_unique<JsonReader>(m_input, m_format, m_mapping.records_path, m_file);
    m_json_seen.assign(m_mapping.columns.size(), false);
  }
}

InputFormat
RecordReader::choose_format(const ImportOptions& options) const
{
  if (options.format) {
    return *options.format;
  }
  if (m_mapping.format) {
    return *m_mapping.format;
  }
  if (const auto f = format_from_file_name(m_file)) {
    return *f;
  }
  throw Error(ExitCode::usage,
              fmt::format("{}: cannot tell the format from the name: give \"format\" (csv, "
                          "jsonl or json) in the mapping",
                          m_file));
}

std::uint64_t
RecordReader::bytes_read() const
{
  return m_csv ? m_csv->bytes_read() : m_json->bytes_read();
}

void
RecordReader::read_header()
{
  if (!m_csv->next()) {
    throw Error(ExitCode::data_error, fmt::format("{}: empty: no header row", m_file));
  }
  if (m_csv->problem()) {
    throw Error(ExitCode::data_error,
                fmt::format("{}:{}: header: {}", m_file, m_csv->line(), *m_csv->problem()));
  }
  if (!valid_utf8(m_csv->raw())) {
    throw Error(ExitCode::data_error,
                fmt::format("{}:{}: header: not valid UTF-8", m_file, m_csv->line()));
  }
  std::vector<std::string> header;
  for (const auto f : m_csv->fields()) {
    header.emplace_back(trim(f));
  }
  m_header_fields = header.size();
  m_header_raw = std::string(m_csv->raw());
  m_header_ending = m_csv->line_ending().empty() ? "\n" : std::string(m_csv->line_ending());
  m_column_index.assign(m_mapping.columns.size(), 0);
  for (std::size_t c = 0; c < m_mapping.columns.size(); ++c) {
    const auto& want = m_mapping.columns[c];
    std::size_t found = header.size();
    for (std::size_t h = 0; h < header.size(); ++h) {
      if (header[h] != want) {
        continue;
      }
      if (found != header.size()) {
        throw Error(ExitCode::data_error,
                    fmt::format("{}: the header of {} has the column '{}' twice: which one the "
                                "mapping means cannot be known",
                                m_mapping.name, m_file, want));
      }
      found = h;
    }
    if (found == header.size()) {
      std::string names;
      for (const auto& h : header) {
        names += (names.empty() ? "" : ", ") + RowMapper::shown(h);
      }
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown column '{}': it is not in the header of {} (which "
                              "has: {})",
                              m_mapping.name, want, m_file, names));
    }
    m_column_index[c] = found;
  }
}

bool
RecordReader::next()
{
  m_problem.reset();
  if (m_csv) {
    if (!m_csv->next()) {
      return false;
    }
    ++m_records;
    m_line = m_csv->line();
    if (m_csv->problem()) {
      m_problem = *m_csv->problem();
    } else if (!valid_utf8(m_csv->raw())) {
      m_problem = "not valid UTF-8 (the export must be written as UTF-8)";
    } else if (m_csv->fields().size() != m_header_fields) {
      m_problem =
          fmt::format("{} fields, but the header has {}", m_csv->fields().size(), m_header_fields);
    } else {
      const auto& fields = m_csv->fields();
      for (std::size_t c = 0; c < m_cells.size(); ++c) {
        m_cells[c] = {Cell::State::value, fields[m_column_index[c]]};
      }
    }
    return true;
  }
  if (!m_json->next()) {
    return false;
  }
  ++m_records;
  m_line = m_json->line();
  if (m_json->problem()) {
    m_problem = *m_json->problem();
    return true;
  }
  for (std::size_t c = 0; c < m_cells.size(); ++c) {
    const auto* v = find_value(*m_json, m_mapping.columns[c]);
    if (v == nullptr) {
      m_cells[c] = {};
      continue;
    }
    m_json_seen[c] = true;
    switch (v->kind) {
    case FlatValue::Kind::null:
      m_cells[c] = {Cell::State::null, {}};
      break;
    case FlatValue::Kind::container:
      m_cells[c] = {Cell::State::container, {}};
      break;
    case FlatValue::Kind::text:
      m_cells[c] = {Cell::State::value, v->text};
      break;
    }
  }
  return true;
}

void
RecordReader::check_json_paths(std::uint64_t rejected) const
{
  if (!m_json || m_records == 0) {
    return;
  }
  for (std::size_t c = 0; c < m_json_seen.size(); ++c) {
    if (!m_json_seen[c] && m_records > rejected) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown column '{}': no record of {} has it (nothing was "
                              "imported)",
                              m_mapping.name, m_mapping.columns[c], m_file));
    }
  }
}

void
RecordReader::reject(ImportSink& sink, std::string_view reason)
{
  if (m_csv) {
    if (!m_reject_started) {
      m_reject_started = true;
      std::string head = m_csv->had_bom() ? "\xEF\xBB\xBF" : "";
      head += m_header_raw;
      head += m_mapping.delimiter;
      head += "reject_reason";
      head += m_header_ending;
      sink.reject(head);
    }
    std::string out(m_csv->raw());
    out += m_mapping.delimiter;
    out += csv_quoted(reason);
    out += m_csv->line_ending().empty() ? std::string_view(m_header_ending) : m_csv->line_ending();
    sink.reject(out);
    return;
  }
  std::string out =
      fmt::format("{{\"line\":{},\"reason\":{},\"record\":", m_line, json_quoted(reason));
  out += m_json->raw();
  out += "}\n";
  sink.reject(out);
}

} // namespace feedback::import
