// SPDX-License-Identifier: MIT
// Private to the importer: JSON records, one at a time, from JSON Lines or a JSON array.
#pragma once

#include <feedback/import/importer.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// One value of a record. Its dotted path ("a.b", "list.0") is its parent's path, a dot and its
// key, kept as links rather than written out: a record with a long key above many values would
// otherwise hold the key once per value (memory by the square of the record's size).
struct FlatValue
{
  enum class Kind
  {
    text,
    null,
    container
  };
  static constexpr std::size_t k_top = static_cast<std::size_t>(-1);

  std::string text;
  Kind kind = Kind::text;
  std::size_t parent = k_top; // the container's index among the values, or k_top
  std::size_t key_offset = 0; // the key (or the array index, written out) in the key text
  std::size_t key_size = 0;
  std::size_t path_size = 0; // the length of the whole dotted path
};

// Reads JSON records one at a time. JSON Lines: one object per non-blank line. JSON: an array
// of objects at the top, or inside the top-level object under the keys `records_path`; only
// one element is held in memory at a time. Each record is parsed with nlohmann's SAX parser
// (which checks the syntax and that strings are UTF-8) and flattened to dotted paths; a key
// repeated in one object makes the record malformed, because which value is meant cannot be
// known, and so does nesting deeper than the limit every JSON input has (64 levels).
class JsonReader
{
public:
  JsonReader(ByteSource& source, InputFormat format, std::vector<std::string> records_path,
             std::string file_name);
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  // Reads the next record; false at the end. Throws Error(data_error) "FILE:LINE: ..." when
  // the input around the records is not valid JSON (no record can be told from the next).
  bool next();

  std::string_view raw() const noexcept { return m_raw; }
  std::uint64_t line() const noexcept { return m_record_line; }
  const std::optional<std::string>& problem() const noexcept { return m_problem; }
  // The values of the record (when it has no problem).
  const std::vector<FlatValue>& values() const noexcept { return m_values; }
  std::size_t value_count() const noexcept { return m_count; }
  // The keys of the values, which FlatValue::key_offset points into.
  std::string_view key_text() const noexcept { return m_key_text; }
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }

private:
  bool refill(std::size_t keep_from);
  // Ensures m_buffer[m_pos] exists; false at the end of the input.
  bool have(std::size_t n);
  void skip_space();
  [[noreturn]] void fail(std::string_view what);
  std::string read_key();
  void skip_value();
  // The length of the JSON value at m_pos (reading more as needed), counting its newlines
  // into `lines`; fails with `unterminated` if the input ends inside it.
  std::size_t value_extent(std::string_view unterminated, std::uint64_t& lines);
  void find_records();
  bool next_line();
  bool next_element();
  void flatten();

  ByteSource& m_source;
  InputFormat m_format;
  std::vector<std::string> m_records_path;
  std::string m_file_name;
  std::vector<char> m_buffer;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
  bool m_eof = false;
  bool m_started = false;
  bool m_done = false;
  bool m_first_element = true;
  std::uint64_t m_line = 1;
  std::uint64_t m_bytes_read = 0;

  std::string_view m_raw;
  std::uint64_t m_record_line = 0;
  std::optional<std::string> m_problem;
  std::vector<FlatValue> m_values;
  std::size_t m_count = 0;
  std::string m_key_text;
};

// The value of `path` in `reader`'s record (the first, should two keys spell it: "a.b" and
// "a" -> "b"), or nullptr.
const FlatValue* find_value(const JsonReader& reader, std::string_view path) noexcept;

} // namespace feedback::import
