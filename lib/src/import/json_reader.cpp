// SPDX-License-Identifier: MIT
#include "import/json_reader.hpp"

#include "import/import_values.hpp"
#include "import/read_window.hpp"
#include "util/json_document.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <unordered_set>

namespace feedback::import {

namespace {

// The keys met so far in one open object.
using KeySet = std::unordered_set<std::string>;

constexpr std::size_t k_block = std::size_t{1} << 20;

bool
is_space(char c) noexcept
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string
plain_message(const std::exception& e)
{
  std::string_view m = e.what();
  if (!m.empty() && m.front() == '[') {
    const auto close = m.find("] ");
    if (close != std::string_view::npos) {
      m.remove_prefix(close + 2);
    }
  }
  return std::string(m);
}

// Flattens one record to dotted paths, listing a key repeated in one object (repeated_keys) and
// refusing nesting past the limit.
class Flattener
{
public:
  using json = nlohmann::json;

  Flattener(std::vector<FlatValue>& values, std::size_t& count, std::vector<KeySet>& keys,
            std::vector<std::string>& repeated)
      : m_values(values), m_count(count), m_keys(keys), m_repeated(repeated)
  {
    m_count = 0;
    m_repeated.clear();
  }

  std::optional<std::string> problem;

  bool null() { return scalar(FlatValue::Kind::null, {}); }
  bool boolean(bool v) { return scalar(FlatValue::Kind::text, v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v)
  {
    return scalar(FlatValue::Kind::text, std::to_string(v));
  }
  bool number_unsigned(json::number_unsigned_t v)
  {
    return scalar(FlatValue::Kind::text, std::to_string(v));
  }
  // The number exactly as written: 1.50 stays "1.50".
  bool number_float(json::number_float_t, const json::string_t& raw)
  {
    return scalar(FlatValue::Kind::text, raw);
  }
  bool string(json::string_t& v) { return scalar(FlatValue::Kind::text, v); }
  bool binary(json::binary_t&) { return scalar(FlatValue::Kind::null, {}); }

  bool start_object(std::size_t)
  {
    if (too_deep()) {
      return false;
    }
    if (!m_levels.empty()) {
      element();
      add(FlatValue::Kind::container, {});
    }
    const std::size_t depth = m_levels.size();
    if (m_keys.size() <= depth) {
      m_keys.resize(depth + 1);
    }
    m_keys[depth].clear();
    m_levels.push_back({false, 0, m_path.size()});
    return true;
  }

  bool key(json::string_t& k)
  {
    // A set, not a search of a list: an object of 100,000 keys must take milliseconds.
    const bool repeated = !m_keys[m_levels.size() - 1].insert(k).second;
    auto& level = m_levels.back();
    m_path.resize(level.path_size);
    if (level.path_size > 0) {
      m_path += '.';
    }
    m_path += k;
    if (repeated) {
      // Kept, both copies: whether it matters depends on what the mapping reads
      // (RecordReader), which names it or picks a copy.
      m_repeated.push_back(m_path);
    }
    return true;
  }

  bool end_object()
  {
    m_levels.pop_back();
    return true;
  }

  bool start_array(std::size_t)
  {
    if (m_levels.empty()) {
      problem = "expected an object, found an array";
      return false;
    }
    if (too_deep()) {
      return false;
    }
    element();
    add(FlatValue::Kind::container, {});
    m_levels.push_back({true, 0, m_path.size()});
    return true;
  }

  bool end_array()
  {
    m_levels.pop_back();
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e)
  {
    problem = fmt::format("not valid JSON: {}", plain_message(e));
    return false;
  }

private:
  struct Level
  {
    bool array;
    std::size_t index;
    std::size_t path_size;
  };

  // Refuses one more level past the limit every JSON input has (util/json_document.hpp): without
  // it a record nested 100,000 deep costs memory by the square of its depth.
  bool too_deep()
  {
    if (m_levels.size() < detail::k_max_json_depth) {
      return false;
    }
    problem = fmt::format("{}, at {}", detail::too_deep_message(), m_path);
    return true;
  }

  // Names the next element of an array by its index.
  void element()
  {
    auto& level = m_levels.back();
    if (!level.array) {
      return;
    }
    m_path.resize(level.path_size);
    if (level.path_size > 0) {
      m_path += '.';
    }
    m_path += std::to_string(level.index++);
  }

  bool scalar(FlatValue::Kind kind, std::string_view text)
  {
    if (m_levels.empty()) {
      problem = "expected an object";
      return false;
    }
    element();
    add(kind, text);
    return true;
  }

  void add(FlatValue::Kind kind, std::string_view text)
  {
    if (m_count == m_values.size()) {
      m_values.emplace_back();
    }
    auto& v = m_values[m_count++];
    v.path = m_path;
    v.text.assign(text);
    v.kind = kind;
  }

  std::vector<FlatValue>& m_values;
  std::size_t& m_count;
  std::vector<KeySet>& m_keys;
  std::vector<std::string>& m_repeated;
  std::vector<Level> m_levels;
  std::string m_path;
};

} // namespace

JsonReader::JsonReader(ByteSource& source, InputFormat format,
                       std::vector<std::string> records_path, std::string file_name)
    : m_source(source), m_format(format), m_records_path(std::move(records_path)),
      m_file_name(std::move(file_name)), m_buffer(k_block)
{
}

JsonReader::~JsonReader() = default;

bool
JsonReader::refill(std::size_t keep_from)
{
  return refill_window(m_source, m_buffer, m_pos, m_end, keep_from, m_eof, m_bytes_read);
}

bool
JsonReader::have(std::size_t n)
{
  while (m_end - m_pos < n) {
    if (!refill(m_pos)) {
      return false;
    }
  }
  return true;
}

void
JsonReader::skip_space()
{
  while (have(1) && is_space(m_buffer[m_pos])) {
    if (m_buffer[m_pos] == '\n') {
      ++m_line;
    }
    ++m_pos;
  }
}

void
JsonReader::fail(std::string_view what)
{
  throw Error(ExitCode::data_error, fmt::format("{}:{}: {}", m_file_name, m_line, what));
}

std::string
JsonReader::read_key()
{
  if (!have(1) || m_buffer[m_pos] != '"') {
    fail("not valid JSON: expected a key in double quotes");
  }
  std::size_t off = 1;
  bool escaped = false;
  for (;;) {
    if (!have(off + 1)) {
      fail("not valid JSON: a key is never closed");
    }
    const char c = m_buffer[m_pos + off];
    if (c == '\\') {
      escaped = true;
      off += 2;
      continue;
    }
    if (c == '"') {
      break;
    }
    ++off;
  }
  const std::string token(m_buffer.data() + m_pos, off + 1);
  m_pos += off + 1;
  if (!escaped) {
    return token.substr(1, token.size() - 2);
  }
  try {
    return nlohmann::json::parse(token).get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    fail(fmt::format("not valid JSON: {}", plain_message(e)));
  }
}

std::size_t
JsonReader::value_extent(std::string_view unterminated, std::uint64_t& lines)
{
  // By matching brackets outside strings: offsets from m_pos, which stay valid when refill()
  // moves the value to the front of the buffer.
  std::size_t off = 0;
  int depth = 0;
  bool in_string = false;
  for (;;) {
    if (!have(off + 1)) {
      fail(std::string(unterminated));
    }
    const char ch = m_buffer[m_pos + off];
    if (ch == '\n') {
      ++lines;
    }
    if (in_string) {
      if (ch == '\\') {
        off += 2;
        continue;
      }
      if (ch == '"') {
        in_string = false;
        if (depth == 0) {
          return off + 1;
        }
      }
      ++off;
      continue;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '{' || ch == '[') {
      ++depth;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0) {
        return off;
      }
      if (--depth == 0) {
        return off + 1;
      }
    } else if (depth == 0 && (ch == ',' || is_space(ch))) {
      return off;
    }
    ++off;
  }
}

void
JsonReader::skip_value()
{
  // A value that is not the records.
  std::uint64_t lines = 0;
  m_pos += value_extent("not valid JSON: the document ends inside a value", lines);
  m_line += lines;
}

void
JsonReader::find_records()
{
  while (m_end < 3 && refill(m_pos)) {
  }
  if (m_end >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0) {
    m_pos = 3;
  }
  if (m_format == InputFormat::json_lines) {
    return;
  }
  skip_space();
  for (const auto& want : m_records_path) {
    if (!have(1) || m_buffer[m_pos] != '{') {
      fail(fmt::format("expected an object holding the records under \"{}\" (the mapping's "
                       "\"records\")",
                       want));
    }
    ++m_pos;
    for (;;) {
      skip_space();
      if (have(1) && m_buffer[m_pos] == '}') {
        fail(fmt::format("no key \"{}\" in the object (the mapping's \"records\")", want));
      }
      const auto key = read_key();
      skip_space();
      if (!have(1) || m_buffer[m_pos] != ':') {
        fail("not valid JSON: expected ':' after a key");
      }
      ++m_pos;
      skip_space();
      if (key == want) {
        break;
      }
      skip_value();
      skip_space();
      if (have(1) && m_buffer[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (have(1) && m_buffer[m_pos] == '}') {
        fail(fmt::format("no key \"{}\" in the object (the mapping's \"records\")", want));
      }
      fail("not valid JSON: expected ',' or '}' in an object");
    }
  }
  if (!have(1) || m_buffer[m_pos] != '[') {
    fail(m_records_path.empty()
             ? "expected a JSON array of records (for an object holding one, name its key with "
               "\"records\" in the mapping)"
             : "expected an array of records");
  }
  ++m_pos;
}

bool
JsonReader::next_line()
{
  for (;;) {
    if (!have(1)) {
      return false;
    }
    std::size_t off = 0;
    const char* nl = nullptr;
    for (;;) {
      nl = static_cast<const char*>(
          std::memchr(m_buffer.data() + m_pos + off, '\n', m_end - m_pos - off));
      if (nl != nullptr) {
        break;
      }
      off = m_end - m_pos;
      if (!refill(m_pos)) {
        break;
      }
    }
    const std::size_t length =
        nl != nullptr ? static_cast<std::size_t>(nl - (m_buffer.data() + m_pos)) : m_end - m_pos;
    std::size_t content = length;
    if (content > 0 && m_buffer[m_pos + content - 1] == '\r') {
      --content;
    }
    m_raw = std::string_view(m_buffer.data() + m_pos, content);
    m_record_line = m_line;
    ++m_line;
    m_pos += nl != nullptr ? length + 1 : length;
    if (trim(m_raw).empty()) {
      continue;
    }
    return true;
  }
}

bool
JsonReader::next_element()
{
  skip_space();
  if (!have(1)) {
    fail("the array of records is never closed (a ']' is missing: is the file cut short?)");
  }
  char c = m_buffer[m_pos];
  if (m_first_element) {
    m_first_element = false;
    if (c == ']') {
      ++m_pos;
      return false;
    }
  } else if (c == ',') {
    ++m_pos;
    skip_space();
    if (have(1) && m_buffer[m_pos] == ']') {
      fail("not valid JSON: a ',' before ']'");
    }
  } else if (c == ']') {
    ++m_pos;
    if (m_records_path.empty()) {
      skip_space();
      if (have(1)) {
        fail("text after the array of records");
      }
    }
    return false;
  } else {
    fail("not valid JSON: expected ',' or ']' between records");
  }
  if (!have(1)) {
    fail("the array of records is never closed (a ']' is missing: is the file cut short?)");
  }
  c = m_buffer[m_pos];
  m_record_line = m_line;
  std::uint64_t lines = 0;
  const std::size_t off = value_extent(
      "the array of records is never closed (a ']' is missing: is the file cut short?)", lines);
  m_raw = std::string_view(m_buffer.data() + m_pos, off);
  m_pos += off;
  m_line += lines;
  if (c != '{') {
    m_problem = "expected an object";
  }
  return true;
}

void
JsonReader::flatten()
{
  if (!valid_utf8(m_raw)) {
    m_problem = "not valid UTF-8 (the export must be written as UTF-8)";
    return;
  }
  std::vector<KeySet> keys;
  Flattener f(m_values, m_count, keys, m_repeated);
  try {
    nlohmann::json::sax_parse(m_raw.data(), m_raw.data() + m_raw.size(), &f);
  } catch (const nlohmann::json::exception& e) {
    f.problem = fmt::format("not valid JSON: {}", plain_message(e));
  }
  if (f.problem) {
    m_problem = std::move(f.problem);
  }
}

bool
JsonReader::next()
{
  if (!m_started) {
    m_started = true;
    find_records();
  }
  if (m_done) {
    return false;
  }
  m_problem.reset();
  m_count = 0;
  m_repeated.clear();
  const bool got = m_format == InputFormat::json_lines ? next_line() : next_element();
  if (!got) {
    m_done = true;
    return false;
  }
  if (!m_problem) {
    flatten();
  }
  return true;
}

const FlatValue*
find_last_value(const JsonReader& reader, std::string_view path) noexcept
{
  const auto& values = reader.values();
  for (std::size_t i = reader.value_count(); i-- > 0;) {
    if (values[i].path == path) {
      return &values[i];
    }
  }
  return nullptr;
}

const FlatValue*
find_value(const JsonReader& reader, std::string_view path) noexcept
{
  const auto& values = reader.values();
  for (std::size_t i = 0; i < reader.value_count(); ++i) {
    if (values[i].path == path) {
      return &values[i];
    }
  }
  return nullptr;
}

} // namespace feedback::import
