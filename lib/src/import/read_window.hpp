// SPDX-License-Identifier: MIT
// Private to the importer: the sliding read window the CSV and JSON readers share.
#pragma once

#include <feedback/import/importer.hpp>

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

} // namespace feedback::import
