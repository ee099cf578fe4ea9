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

// A valid JSON value on one line: the whitespace between its tokens taken out, every token (and
// so every string and number) as it was. JSON strings hold no raw line breaks.
std::string
compact_json(std::string_view raw)
{
  std::string out;
  out.reserve(raw.size());
  bool in_string = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < raw.size()) {
        out += raw[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  return out;
}

// Whether the repeated key at `repeated` is `path` or holds it ("a" holds "a.b"); a "*" in
// `path` stands for any one key (an element's index).
bool
covers(std::string_view repeated, std::string_view path)
{
  for (;;) {
    const auto rdot = repeated.find('.');
    const auto pdot = path.find('.');
    const auto r = repeated.substr(0, rdot);
    const auto p = path.substr(0, pdot);
    if (p != "*" && p != r) {
      return false;
    }
    if (rdot == std::string_view::npos) {
      return true;
    }
    if (pdot == std::string_view::npos) {
      return false;
    }
    repeated.remove_prefix(rdot + 1);
    path.remove_prefix(pdot + 1);
  }
}

// Whether a JSON record's problem is that it is not JSON at all (its syntax, or not UTF-8), so
// that the reject file can hold it only as text.
bool
not_json(const std::optional<std::string>& problem)
{
  return problem && problem->rfind("not valid", 0) == 0;
}

} // namespace

RecordReader::RecordReader(const Mapping& mapping, ByteSource& input, const ImportOptions& options)
    : m_mapping(mapping), m_input(input),
      m_file(options.file_name.empty() ? std::string("-") : options.file_name),
      m_cells(mapping.columns.size())
{
  m_format = choose_format(options);
  if (m_format == InputFormat::csv && (mapping.event_array || mapping.remedy_array)) {
    throw Error(ExitCode::data_error,
                fmt::format("{}: a column with \"*\" reads the elements of a JSON array, and {} "
                            "is CSV",
                            m_mapping.name, m_file));
  }
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
  m_key_problems.clear();
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
    const auto& path = m_mapping.columns[c];
    // The elements of an array are read by load_element().
    m_cells[c] = path.find('*') == std::string::npos ? json_cell(c, path) : Cell{};
  }
  if (!m_json->repeated_keys().empty()) {
    check_repeated_keys();
  }
  return true;
}

Cell
RecordReader::json_cell(std::size_t c, const std::string& path)
{
  const auto* v = m_mapping.duplicate_keys == DuplicateKeys::last ? find_last_value(*m_json, path)
                                                                  : find_value(*m_json, path);
  if (v == nullptr) {
    return {};
  }
  m_json_seen[c] = true;
  switch (v->kind) {
  case FlatValue::Kind::null:
    return {Cell::State::null, {}};
  case FlatValue::Kind::container:
    return {Cell::State::container, {}};
  case FlatValue::Kind::text:
    break;
  }
  return {Cell::State::value, v->text};
}

void
RecordReader::check_repeated_keys()
{
  if (m_mapping.duplicate_keys != DuplicateKeys::reject) {
    return; // the mapping says which copy to read
  }
  // A repeated key matters only when the mapping reads it (or what it holds): each is named
  // once, beside the record's other problems.
  const auto& repeated = m_json->repeated_keys();
  for (std::size_t r = 0; r < repeated.size(); ++r) {
    const auto& key = repeated[r];
    if (std::find(repeated.begin(), repeated.begin() + static_cast<std::ptrdiff_t>(r), key) !=
        repeated.begin() + static_cast<std::ptrdiff_t>(r)) {
      continue;
    }
    const auto read = std::find_if(m_mapping.columns.begin(), m_mapping.columns.end(),
                                   [&](const std::string& column) { return covers(key, column); });
    if (read == m_mapping.columns.end()) {
      continue;
    }
    const auto dot = key.rfind('.');
    m_key_problems.push_back(
        {*read,
         fmt::format("the key \"{}\" appears twice in one object{}: which value is meant cannot "
                     "be known (the mapping's \"duplicate_keys\" can say \"first\" or \"last\")",
                     dot == std::string::npos ? key : key.substr(dot + 1),
                     dot == std::string::npos ? "" : fmt::format(" (in {})", key.substr(0, dot)))});
  }
}

std::size_t
RecordReader::element_count(bool events)
{
  if (!m_json) {
    return 0;
  }
  const auto& array = events ? *m_mapping.event_array : *m_mapping.remedy_array;
  const auto* whole = find_value(*m_json, array.path);
  if (whole == nullptr || whole->kind == FlatValue::Kind::null) {
    return 0;
  }
  if (whole->kind != FlatValue::Kind::container) {
    m_key_problems.push_back({array.path, fmt::format("'{}' is not an array (of {})", array.path,
                                                      events ? "events" : "remedies")});
    return 0;
  }
  std::size_t n = 0;
  for (;;) {
    m_element_path = array.path;
    m_element_path += '.';
    m_element_path += std::to_string(n);
    if (find_value(*m_json, m_element_path) == nullptr) {
      return n;
    }
    ++n;
  }
}

void
RecordReader::load_element(bool events, std::size_t i)
{
  const auto& array = events ? *m_mapping.event_array : *m_mapping.remedy_array;
  for (const int c : array.columns) {
    const auto& column = m_mapping.columns[static_cast<std::size_t>(c)];
    // "notes.*.datetime" -> "notes.3.datetime"
    const auto star = column.find('*');
    m_element_path.assign(column, 0, star);
    m_element_path += std::to_string(i);
    m_element_path.append(column, star + 1);
    m_cells[static_cast<std::size_t>(c)] = json_cell(static_cast<std::size_t>(c), m_element_path);
  }
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
    reject_bytes(sink, m_csv->raw(), m_csv->line_ending(), m_line, false, reason);
  } else {
    reject_bytes(sink, m_json->raw(), {}, m_line, not_json(m_json->problem()), reason);
  }
}

void
RecordReader::save(Saved& saved) const
{
  saved.line = m_line;
  if (m_csv) {
    saved.raw.assign(m_csv->raw());
    saved.ending.assign(m_csv->line_ending());
    saved.malformed = false;
  } else {
    saved.raw.assign(m_json->raw());
    saved.ending.clear();
    saved.malformed = not_json(m_json->problem());
  }
}

void
RecordReader::reject(ImportSink& sink, const Saved& saved, std::string_view reason)
{
  reject_bytes(sink, saved.raw, saved.ending, saved.line, saved.malformed, reason);
}

void
RecordReader::reject_bytes(ImportSink& sink, std::string_view raw, std::string_view ending,
                           std::uint64_t line, bool malformed, std::string_view reason)
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
    std::string out(raw);
    out += m_mapping.delimiter;
    out += csv_quoted(reason);
    out += ending.empty() ? std::string_view(m_header_ending) : ending;
    sink.reject(out);
    return;
  }
  // JSON Lines: one object per line. A record that is not JSON at all is kept as a string.
  std::string out = fmt::format("{{\"line\":{},\"reason\":{},", line, json_quoted(reason));
  if (malformed) {
    out += "\"text\":";
    out += json_quoted(raw);
  } else {
    out += "\"record\":";
    out += compact_json(raw);
  }
  out += "}\n";
  sink.reject(out);
}

} // namespace feedback::import
