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

// One value of a record, by its dotted path ("a.b", "list.0").
struct FlatValue
{
  enum class Kind
  {
    text,
    null,
    container
  };
  std::string path;
  std::string text;
  Kind kind = Kind::text;
};

// Reads JSON records one at a time. JSON Lines: one object per non-blank line. JSON: an array
// of objects at the top, or inside the top-level object under the keys `records_path`; only
// one element is held in memory at a time. Each record is parsed with nlohmann's SAX parser
// (which checks the syntax and that strings are UTF-8) and flattened to dotted paths; a key
// repeated in one object is kept with both its values and listed in repeated_keys(): whether
// it matters depends on what the mapping reads.
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
  // The dotted paths of the keys the record repeats in one object, in the order met.
  const std::vector<std::string>& repeated_keys() const noexcept { return m_repeated; }
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
  std::vector<std::string> m_repeated;
};

// The value of `path` in `reader`'s record, or nullptr.
const FlatValue* find_value(const JsonReader& reader, std::string_view path) noexcept;
// The last value of `path` in the record (a repeated key's second copy), or nullptr.
const FlatValue* find_last_value(const JsonReader& reader, std::string_view path) noexcept;

} // namespace feedback::import
