// SPDX-License-Identifier: MIT
// Private to the importer: the sliding read window the CSV and JSON readers share.
#pragma once

#include <feedback/import/importer.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace feedback::import {

// Moves the bytes from `keep_from` to the front of `buffer` (so `pos` and `end` shift with
// them), grows it when one record fills it (bounded by the longest record), and reads more
// from `source` after them. Returns the number of bytes read: 0 at the end of the input.
inline std::size_t
slide_and_read(ByteSource& source, std::vector<char>& buffer, std::size_t& pos, std::size_t& end,
               std::size_t keep_from)
{
  const std::size_t keep = end - keep_from;
  if (keep_from > 0 && keep > 0) {
    std::memmove(buffer.data(), buffer.data() + keep_from, keep);
  }
  pos -= keep_from;
  end = keep;
  if (end == buffer.size()) {
    buffer.resize(buffer.size() * 2);
  }
  const std::size_t got = source.read(buffer.data() + end, buffer.size() - end);
  end += got;
  return got;
}

// A reader's refill: slide_and_read unless the input has ended; `eof` is set when it does, and
// `bytes_read` counts what came in. False when nothing more came.
inline bool
refill_window(ByteSource& source, std::vector<char>& buffer, std::size_t& pos, std::size_t& end,
              std::size_t keep_from, bool& eof, std::uint64_t& bytes_read)
{
  if (eof) {
    return false;
  }
  const std::size_t got = slide_and_read(source, buffer, pos, end, keep_from);
  if (got == 0) {
    eof = true;
    return false;
  }
  bytes_read += got;
  return true;
}

} // namespace feedback::import
