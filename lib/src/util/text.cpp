// SPDX-License-Identifier: MIT
#include <feedback/util/text.hpp>

#include <algorithm>

namespace feedback {

namespace {

bool
starts_code_point(char c) noexcept
{
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// The code point that starts at byte `at` of `text`: where the next one starts and the columns
// it takes. Stray continuation bytes belong to the code point before them and take none.
struct CodePoint
{
  std::size_t end;
  std::size_t width;
};

CodePoint
code_point_at(std::string_view text, std::size_t at) noexcept
{
  std::size_t end = at + 1;
  while (end < text.size() && !starts_code_point(text[end])) {
    ++end;
  }
  return {end, starts_code_point(text[at]) ? std::size_t{1} : std::size_t{0}};
}

} // namespace

std::size_t
display_width(std::string_view text) noexcept
{
  std::size_t width = 0;
  for (const char c : text) {
    width += starts_code_point(c) ? 1 : 0;
  }
  return width;
}

std::string
one_line(std::string_view text, std::size_t width)
{
  std::string flat(text);
  std::replace_if(
      flat.begin(), flat.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (width == 0) {
    return flat;
  }
  // One pass: `cut` is where "…" goes should the whole not fit (after width - 1 columns).
  std::size_t columns = 0;
  std::size_t cut = std::string::npos;
  for (std::size_t at = 0; at < flat.size();) {
    const auto cp = code_point_at(flat, at);
    if (cut == std::string::npos && columns + cp.width > width - 1) {
      cut = at;
    }
    columns += cp.width;
    if (columns > width) {
      flat.resize(cut);
      return flat + "…";
    }
    at = cp.end;
  }
  return flat;
}

std::vector<std::string>
wrap(std::string_view text, std::size_t width)
{
  width = std::max<std::size_t>(width, 1);
  std::vector<std::string> lines;
  // Each word is measured once and the line's width is kept as it grows, so that a long text
  // (a 10 MB note without a space) costs time in proportion to its length.
  for (std::string_view rest = text;;) {
    const auto nl = rest.find('\n');
    std::string_view paragraph = rest.substr(0, nl);
    std::string line;
    std::size_t line_width = 0;
    while (!paragraph.empty()) {
      const auto space = paragraph.find(' ');
      std::string_view word = paragraph.substr(0, space);
      paragraph.remove_prefix(space == std::string_view::npos ? paragraph.size() : space + 1);
      std::size_t word_width = display_width(word);
      if (word_width > width) {
        if (!line.empty()) {
          lines.push_back(std::move(line));
          line.clear();
          line_width = 0;
        }
        // Whole lines of the word, each as many code points as fit (at least one); the rest
        // goes on as a word of its own.
        while (word_width > width) {
          std::size_t cut = 0;
          std::size_t columns = 0;
          while (cut < word.size()) {
            const auto cp = code_point_at(word, cut);
            if (cut > 0 && columns + cp.width > width) {
              break;
            }
            columns += cp.width;
            cut = cp.end;
          }
          lines.emplace_back(word.substr(0, cut));
          word.remove_prefix(cut);
          word_width -= columns;
        }
      }
      if (!line.empty() && line_width + 1 + word_width > width) {
        lines.push_back(std::move(line));
        line.clear();
        line_width = 0;
      }
      if (!line.empty()) {
        line += ' ';
        ++line_width;
      }
      line += word;
      line_width += word_width;
    }
    lines.push_back(std::move(line));
    if (nl == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

} // namespace feedback
