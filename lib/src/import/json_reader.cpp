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

namespace feedback::import {

namespace {

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

// Flattens one record to dotted paths, refusing a key repeated in one object and nesting past
// the limit.
class Flattener
{
public:
  using json = nlohmann::json;

  Flattener(std::vector<FlatValue>& values, std::size_t& count, std::string& key_text)
      : m_values(values), m_count(count), m_key_text(key_text)
  {
    m_count = 0;
    m_key_text.clear();
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

  bool start_object(std::size_t) { return start_container(false); }

  bool key(json::string_t& k)
  {
    auto& level = m_levels.back();
    level.key_offset = m_key_text.size();
    level.key_size = k.size();
    m_key_text += k;
    return true;
  }

  bool end_object()
  {
    const auto& level = m_levels.back();
    if (!check_keys(level)) {
      return false;
    }
    m_children.resize(level.first_child);
    m_levels.pop_back();
    return true;
  }

  bool start_array(std::size_t)
  {
    if (m_levels.empty()) {
      problem = "expected an object, found an array";
      return false;
    }
    return start_container(true);
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
    std::size_t index;       // the next element's index (arrays)
    std::size_t container;   // the container's value index (FlatValue::k_top for the record)
    std::size_t first_child; // where its members start in m_children (objects)
    std::size_t key_offset;  // the key of the member being read (objects)
    std::size_t key_size;
  };

  // A member of an open object: its key's hash and its value.
  struct Member
  {
    std::uint64_t hash;
    std::size_t value;
  };

  std::string_view key_of(const FlatValue& v) const
  {
    return std::string_view(m_key_text).substr(v.key_offset, v.key_size);
  }
  std::string_view key_of(const Member& m) const { return key_of(m_values[m.value]); }

  std::string path_of(std::size_t value) const
  {
    if (value == FlatValue::k_top) {
      return {};
    }
    std::string path(m_values[value].path_size, '.');
    std::size_t end = path.size();
    for (auto i = value; i != FlatValue::k_top; i = m_values[i].parent) {
      const auto key = key_of(m_values[i]);
      end -= key.size();
      path.replace(end, key.size(), key);
      if (end > 0) {
        --end; // the dot before it
      }
    }
    return path;
  }

  bool start_container(bool array)
  {
    std::size_t container = FlatValue::k_top;
    if (!m_levels.empty()) {
      container = add(FlatValue::Kind::container, {});
    }
    if (m_levels.size() == detail::k_max_json_depth) {
      problem = fmt::format("{}, at {}", detail::too_deep_message(), path_of(container));
      return false;
    }
    m_levels.push_back({array, 0, container, m_children.size(), 0, 0});
    return true;
  }

  // Refuses a key repeated among the members of `level` (an object), naming the repeat that
  // comes first in the record. Keys are compared by hash first: a few members by each pair, many
  // by sorting, so that an object of 100,000 keys takes milliseconds, not the seconds a search
  // per key took.
  bool check_keys(const Level& level)
  {
    const auto first = m_children.begin() + static_cast<std::ptrdiff_t>(level.first_child);
    const auto last = m_children.end();
    if (last - first < 2) {
      return true; // no two keys, no repeat (and no `first + 1` past the end of an empty object)
    }
    std::size_t repeat = FlatValue::k_top;
    if (last - first <= 16) {
      for (auto it = first + 1; it != last && repeat == FlatValue::k_top; ++it) {
        for (auto before = first; before != it; ++before) {
          if (before->hash == it->hash && key_of(*before) == key_of(*it)) {
            repeat = it->value;
            break;
          }
        }
      }
    } else {
      std::sort(first, last, [this](const Member& a, const Member& b) {
        if (a.hash != b.hash) {
          return a.hash < b.hash;
        }
        const auto ka = key_of(a);
        const auto kb = key_of(b);
        return ka < kb || (ka == kb && a.value < b.value);
      });
      for (auto it = first + 1; it != last; ++it) {
        if (it->hash == (it - 1)->hash && key_of(*it) == key_of(*(it - 1))) {
          repeat = std::min(repeat, it->value);
        }
      }
    }
    if (repeat == FlatValue::k_top) {
      return true;
    }
    const auto where = path_of(level.container);
    problem =
        fmt::format("the key \"{}\" appears twice in one object{}: which value is "
                    "meant cannot be known",
                    key_of(m_values[repeat]), where.empty() ? "" : fmt::format(" (in {})", where));
    return false;
  }

  bool scalar(FlatValue::Kind kind, std::string_view text)
  {
    if (m_levels.empty()) {
      problem = "expected an object";
      return false;
    }
    add(kind, text);
    return true;
  }

  // Adds the next member or element of the innermost container; returns its index.
  std::size_t add(FlatValue::Kind kind, std::string_view text)
  {
    auto& level = m_levels.back();
    if (level.array) {
      level.key_offset = m_key_text.size();
      m_key_text += std::to_string(level.index++);
      level.key_size = m_key_text.size() - level.key_offset;
    }
    if (m_count == m_values.size()) {
      m_values.emplace_back();
    }
    const std::size_t index = m_count++;
    auto& v = m_values[index];
    v.text.assign(text);
    v.kind = kind;
    v.parent = level.container;
    v.key_offset = level.key_offset;
    v.key_size = level.key_size;
    v.path_size = level.container == FlatValue::k_top
                      ? v.key_size
                      : m_values[level.container].path_size + 1 + v.key_size;
    if (!level.array) {
      m_children.push_back({hash_bytes(key_of(v), 0), index});
    }
    return index;
  }

  std::vector<FlatValue>& m_values;
  std::size_t& m_count;
  std::string& m_key_text;
  std::vector<Level> m_levels;
  std::vector<Member> m_children; // members of the open objects, innermost last
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
  if (m_eof) {
    return false;
  }
  const std::size_t got = slide_and_read(m_source, m_buffer, m_pos, m_end, keep_from);
  if (got == 0) {
    m_eof = true;
    return false;
  }
  m_bytes_read += got;
  return true;
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
  std::size_t depth = 0;
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
  Flattener f(m_values, m_count, m_key_text);
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
find_value(const JsonReader& reader, std::string_view path) noexcept
{
  const auto& values = reader.values();
  const auto keys = reader.key_text();
  for (std::size_t i = 0; i < reader.value_count(); ++i) {
    if (values[i].path_size != path.size()) {
      continue;
    }
    // Match the path from its end, one key at a time up the parents.
    std::size_t end = path.size();
    std::size_t at = i;
    for (;;) {
      const auto& v = values[at];
      const auto key = keys.substr(v.key_offset, v.key_size);
      if (key.size() > end || path.substr(end - key.size(), key.size()) != key) {
        break;
      }
      end -= key.size();
      if (v.parent == FlatValue::k_top) {
        if (end == 0) {
          return &values[i];
        }
        break;
      }
      if (end == 0 || path[end - 1] != '.') {
        break;
      }
      --end;
      at = v.parent;
    }
  }
  return nullptr;
}

} // namespace feedback::import
