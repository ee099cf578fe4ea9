// SPDX-License-Identifier: MIT
#include "util/unicode_width.hpp"

#include <feedback/util/text.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace feedback {

namespace {

bool
starts_code_point(char c) noexcept
{
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// True when `cp` lies in one of the sorted, disjoint `ranges`.
template <std::size_t N>
bool
in_ranges(const detail::CodePointRange (&ranges)[N], std::uint32_t cp) noexcept
{
  const auto* end = ranges + N;
  const auto* it =
      std::upper_bound(ranges, end, cp, [](std::uint32_t value, const detail::CodePointRange& r) {
        return value < r.first;
      });
  return it != ranges && cp <= (it - 1)->last;
}

// The columns a terminal gives code point `cp`: two for East Asian wide and fullwidth
// characters, none for combining marks (they sit on the character before), else one.
std::size_t
code_point_width(std::uint32_t cp) noexcept
{
  if (cp < 0x300) {
    return 1;
  }
  if (in_ranges(detail::k_zero_width, cp)) {
    return 0;
  }
  return in_ranges(detail::k_wide, cp) ? 2 : 1;
}

// The code point that starts at byte `at` of `text`: where the next one starts and the columns
// it takes. Stray continuation bytes belong to the code point before them and take none; a
// malformed sequence takes one column, as the replacement character a terminal shows for it.
struct CodePoint
{
  std::size_t end;
  std::size_t width;
};

CodePoint
code_point_at(std::string_view text, std::size_t at) noexcept
{
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t end = at + 1;
  while (end < text.size() && !starts_code_point(text[end])) {
    ++end;
  }
  if (lead < 0x80) {
    return {end, 1};
  }
  if (!starts_code_point(text[at])) {
    return {end, 0};
  }
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (end - at != length || lead >= 0xF8) {
    return {end, 1};
  }
  std::uint32_t cp = lead & (0x7Fu >> length);
  for (std::size_t i = at + 1; i < end; ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3Fu);
  }
  return {end, code_point_width(cp)};
}

} // namespace

std::size_t
display_width(std::string_view text) noexcept
{
  std::size_t width = 0;
  for (std::size_t at = 0; at < text.size();) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++width;
      ++at;
    } else {
      const auto cp = code_point_at(text, at);
      width += cp.width;
      at = cp.end;
    }
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
          if (cut == word.size()) {
            break; // one character wider than the line: it goes on as the word
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

std::size_t
edit_distance(std::string_view a, std::string_view b)
{
  // Three rows of the dynamic programme: the one before last (for swaps), the last, this one.
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> last(b.size() + 1);
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(last.begin(), last.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, last);
    std::swap(last, row);
  }
  return last[b.size()];
}

std::optional<std::string_view>
closest_word(std::string_view word, std::span<const std::string_view> candidates)
{
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string_view> best;
  std::size_t best_distance = limit + 1;
  for (const auto candidate : candidates) {
    if (candidate == word) {
      continue;
    }
    const auto d = edit_distance(word, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (best || word.size() < 3) {
    return best;
  }
  for (const auto candidate : candidates) {
    if (candidate.size() > word.size() && candidate.substr(0, word.size()) == word) {
      if (best) {
        return std::nullopt; // two words start so: neither is more likely
      }
      best = candidate;
    }
  }
  return best;
}

} // namespace feedback
