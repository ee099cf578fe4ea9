// SPDX-License-Identifier: MIT
#include "import/csv_reader.hpp"

#include "import/read_window.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>

namespace feedback::import {

namespace {

constexpr std::size_t k_block = std::size_t{1} << 20;

// Line breaks in [from, to): memchr is vectorised, std::count is not (it was a third of the
// reader's time).
std::uint64_t
count_lines(const char* from, const char* to) noexcept
{
  std::uint64_t n = 0;
  while (from < to) {
    const void* nl = std::memchr(from, '\n', static_cast<std::size_t>(to - from));
    if (nl == nullptr) {
      break;
    }
    ++n;
    from = static_cast<const char*>(nl) + 1;
  }
  return n;
}

// Whether any byte of `word` equals `byte` (the classic bit trick, eight bytes at a time).
constexpr bool
has_byte(std::uint64_t word, unsigned char byte) noexcept
{
  const std::uint64_t x = word ^ (0x0101010101010101ULL * byte);
  return ((x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL) != 0;
}

} // namespace

CsvReader::CsvReader(ByteSource& source, char delimiter)
    : m_source(source), m_delimiter(delimiter), m_buffer(k_block)
{
  m_special[static_cast<unsigned char>(delimiter)] = true;
  m_special[static_cast<unsigned char>('\n')] = true;
  m_special[static_cast<unsigned char>('\r')] = true;
}

bool
CsvReader::refill(std::size_t keep_from)
{
  return refill_window(m_source, m_buffer, m_pos, m_end, keep_from, m_eof, m_bytes_read);
}

bool
CsvReader::next()
{
  if (!m_started) {
    m_started = true;
    while (m_end < 3 && refill(m_pos)) {
    }
    if (m_end >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0) {
      m_pos = 3;
      m_bom = true;
    }
  }
  for (;;) {
    // Empty lines carry no record.
    if (m_pos == m_end) {
      if (!refill(m_pos)) {
        return false;
      }
      continue;
    }
    const char c = m_buffer[m_pos];
    if (c == '\n') {
      ++m_pos;
      ++m_line;
      continue;
    }
    if (c == '\r') {
      if (m_pos + 1 == m_end) {
        if (refill(m_pos)) {
          continue;
        }
        ++m_pos; // a lone CR at the very end
        continue;
      }
      if (m_buffer[m_pos + 1] == '\n') {
        m_pos += 2;
        ++m_line;
        continue;
      }
    }
    break;
  }
  while (parse_record() == Parse::need_more) {
    refill(m_pos);
  }
  return true;
}

CsvReader::Parse
CsvReader::parse_record()
{
  const char* b = m_buffer.data();
  const std::size_t start = m_pos;
  const std::size_t end = m_end;
  m_spans.clear();
  m_scratch.clear();
  m_problem.reset();
  std::size_t p = start;
  std::size_t content_end = end;
  std::size_t next_pos = end;
  std::string_view ending;
  bool record_done = false;

  // The end of the line at or after `from`, for a record that went wrong: false if more input
  // is needed to find it.
  auto skip_to_line_end = [&](std::size_t from) {
    const void* nl = std::memchr(b + from, '\n', end - from);
    if (nl == nullptr) {
      if (!m_eof) {
        return false;
      }
      content_end = end;
      next_pos = end;
      ending = {};
      return true;
    }
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - b);
    const bool crlf = at > from && b[at - 1] == '\r';
    content_end = crlf ? at - 1 : at;
    next_pos = at + 1;
    ending = crlf ? "\r\n" : "\n";
    return true;
  };

  while (!record_done) {
    if (p < end && b[p] == '"') {
      const std::size_t open_line_offset = p;
      std::size_t segment = p + 1;
      std::size_t q = p + 1;
      bool escaped = false;
      std::size_t scratch_from = m_scratch.size();
      for (;;) {
        const void* hit = std::memchr(b + q, '"', end - q);
        if (hit == nullptr) {
          if (!m_eof) {
            return Parse::need_more;
          }
          const auto line =
              m_line + static_cast<std::uint64_t>(count_lines(b + start, b + open_line_offset));
          m_problem =
              fmt::format("a quoted field is never closed (its quote opens on line {})", line);
          m_spans.push_back({p + 1, end - p - 1, false});
          content_end = end;
          next_pos = end;
          ending = {};
          record_done = true;
          break;
        }
        const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - b);
        if (at + 1 == end && !m_eof) {
          return Parse::need_more;
        }
        if (at + 1 < end && b[at + 1] == '"') {
          // A quote written twice stands for one quote.
          escaped = true;
          m_scratch.append(b + segment, at + 1 - segment);
          segment = at + 2;
          q = at + 2;
          continue;
        }
        if (escaped) {
          m_scratch.append(b + segment, at - segment);
          m_spans.push_back({scratch_from, m_scratch.size() - scratch_from, true});
        } else {
          m_spans.push_back({p + 1, at - p - 1, false});
        }
        p = at + 1;
        break;
      }
      if (record_done) {
        break;
      }
      // After the closing quote: a delimiter, the end of the line or the end of the input.
      if (p == end) {
        content_end = end;
        next_pos = end;
        ending = {};
        record_done = true;
      } else if (b[p] == m_delimiter) {
        ++p;
        if (p == end && !m_eof) {
          return Parse::need_more;
        }
        if (p == end) {
          m_spans.push_back({p, 0, false});
          content_end = end;
          next_pos = end;
          record_done = true;
        }
      } else if (b[p] == '\n') {
        content_end = p;
        next_pos = p + 1;
        ending = "\n";
        record_done = true;
      } else if (b[p] == '\r' && p + 1 < end && b[p + 1] == '\n') {
        content_end = p;
        next_pos = p + 2;
        ending = "\r\n";
        record_done = true;
      } else if (b[p] == '\r' && p + 1 == end && !m_eof) {
        return Parse::need_more;
      } else {
        const auto line = m_line + count_lines(b + start, b + p);
        if (!skip_to_line_end(p)) {
          return Parse::need_more;
        }
        m_problem = fmt::format("text after the closing quote of field {} (line {}): a quote "
                                "inside a quoted field is written twice",
                                m_spans.size(), line);
        record_done = true;
      }
      continue;
    }
    // An unquoted field: up to the delimiter or the end of the line; a lone CR is data.
    std::size_t q = p;
    for (;;) {
      // Eight bytes at a time while none of them ends the field.
      const auto delimiter = static_cast<unsigned char>(m_delimiter);
      while (q + 8 <= end) {
        std::uint64_t word = 0;
        std::memcpy(&word, b + q, 8);
        if (has_byte(word, delimiter) || has_byte(word, '\n') || has_byte(word, '\r')) {
          break;
        }
        q += 8;
      }
      while (q < end && !m_special[static_cast<unsigned char>(b[q])]) {
        ++q;
      }
      if (q == end) {
        if (!m_eof) {
          return Parse::need_more;
        }
        m_spans.push_back({p, q - p, false});
        content_end = end;
        next_pos = end;
        ending = {};
        record_done = true;
        break;
      }
      if (b[q] == m_delimiter) {
        m_spans.push_back({p, q - p, false});
        p = q + 1;
        if (p == end && !m_eof) {
          return Parse::need_more;
        }
        if (p == end) {
          m_spans.push_back({p, 0, false});
          content_end = end;
          next_pos = end;
          ending = {};
          record_done = true;
        }
        break;
      }
      if (b[q] == '\n') {
        m_spans.push_back({p, q - p, false});
        content_end = q;
        next_pos = q + 1;
        ending = "\n";
        record_done = true;
        break;
      }
      // '\r'
      if (q + 1 == end && !m_eof) {
        return Parse::need_more;
      }
      if (q + 1 < end && b[q + 1] == '\n') {
        m_spans.push_back({p, q - p, false});
        content_end = q;
        next_pos = q + 2;
        ending = "\r\n";
        record_done = true;
        break;
      }
      ++q;
    }
  }

  m_record_line = m_line;
  m_line += count_lines(b + start, b + next_pos);
  m_raw = std::string_view(b + start, content_end - start);
  m_ending = ending;
  m_fields.clear();
  for (const auto& s : m_spans) {
    m_fields.emplace_back(s.scratch ? m_scratch.data() + s.offset : b + s.offset, s.size);
  }
  m_pos = next_pos;
  return Parse::done;
}

} // namespace feedback::import
