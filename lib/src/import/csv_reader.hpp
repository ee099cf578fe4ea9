// SPDX-License-Identifier: MIT
// Private to the importer: a streaming RFC 4180 CSV reader.
#pragma once

#include <feedback/import/importer.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::import {

// Reads CSV records one at a time from a ByteSource, holding only the record being read (and
// the input block around it) in memory. RFC 4180: fields separated by `delimiter`, records by
// CRLF or LF; a field in double quotes may hold delimiters, line breaks and quotes written
// twice. A UTF-8 byte order mark at the start is skipped; empty lines are skipped. A quote
// inside an unquoted field is kept as it is (exports write `12" pipe`); text after a closing
// quote, and a quote never closed, make the record malformed.
class CsvReader
{
public:
  CsvReader(ByteSource& source, char delimiter);

  // Reads the next record; false at the end of the input.
  bool next();

  // The fields of the record; valid until the next call to next().
  const std::vector<std::string_view>& fields() const noexcept { return m_fields; }
  // The record as it is in the input, without its line ending.
  std::string_view raw() const noexcept { return m_raw; }
  // "\r\n", "\n" or "" (the last record of a file without a final line break).
  std::string_view line_ending() const noexcept { return m_ending; }
  // The line the record starts on (1-based).
  std::uint64_t line() const noexcept { return m_record_line; }
  // Why the record is malformed, or nullopt.
  const std::optional<std::string>& problem() const noexcept { return m_problem; }
  std::uint64_t bytes_read() const noexcept { return m_bytes_read; }
  bool had_bom() const noexcept { return m_bom; }

private:
  enum class Parse
  {
    done,
    need_more
  };
  Parse parse_record();
  // Keeps the unread bytes from `keep_from` and reads more; false if nothing more came.
  bool refill(std::size_t keep_from);

  ByteSource& m_source;
  char m_delimiter;
  std::array<bool, 256> m_special{};
  std::vector<char> m_buffer;
  std::size_t m_pos = 0; // the next unread byte
  std::size_t m_end = 0; // one past the last byte read
  bool m_eof = false;
  bool m_started = false;
  bool m_bom = false;
  std::uint64_t m_line = 1;
  std::uint64_t m_bytes_read = 0;

  // The record being read: where each field is (in the buffer, or unescaped in m_scratch).
  struct Span
  {
    std::size_t offset;
    std::size_t size;
    bool scratch;
  };
  std::vector<Span> m_spans;
  std::string m_scratch;
  std::vector<std::string_view> m_fields;
  std::string_view m_raw;
  std::string_view m_ending;
  std::uint64_t m_record_line = 0;
  std::optional<std::string> m_problem;
};

} // namespace feedback::import
