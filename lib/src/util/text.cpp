// SPDX-License-Identifier: MIT
#include <feedback/util/text.hpp>

#include <fmt/format.h>
#include <locale.h>
#include <wchar.h>

#include <algorithm>
#include <clocale>
#include <cstdint>
#include <cstring>
#include <cwchar>
#include <numeric>

namespace feedback {

namespace {

bool
starts_code_point(char c) noexcept
{
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// The C library's locale for UTF-8, where wcwidth() knows every code point (Unicode's East
// Asian Width and general categories as glibc carries them), or nullptr when it is missing.
locale_t
utf8_locale() noexcept
{
  static const locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    return l != locale_t{} ? l : newlocale(LC_CTYPE_MASK, "en_US.UTF-8", locale_t{});
  }();
  return locale;
}

// The columns a terminal gives code point `cp` (not ASCII), as the C library's wcwidth() says in
// a UTF-8 locale (this thread only, for the call): two for East Asian wide and fullwidth
// characters, none for combining marks (they sit on the character before) and invisible
// joiners, else one (a control or unassigned code point shows as one replacement character).
std::size_t
code_point_width(std::uint32_t cp) noexcept
{
  const locale_t utf8 = utf8_locale();
  const locale_t before = utf8 != locale_t{} ? uselocale(utf8) : locale_t{};
  const int width = wcwidth(static_cast<wchar_t>(cp));
  if (before != locale_t{}) {
    uselocale(before);
  }
  return width < 0 ? 1 : static_cast<std::size_t>(width);
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
escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string
terminal_safe(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x7F) {
      out += text[at++];
      continue;
    }
    if (c < 0x80) {
      ++at;
      if (c == '\n') {
        out += '\n';
      } else if (c == '\t') {
        out += ' ';
      } else if (c == '\r' && at < text.size() && text[at] == '\n') {
        // a Windows line end: the line feed alone
      } else {
        out += '^';
        out += static_cast<char>(c == 0x7F ? '?' : c + 0x40); // ^[ for ESC, ^? for DEL
      }
      continue;
    }
    // A whole, well-formed sequence is kept unless it is a C1 control (U+0080 to U+009F,
    // which a terminal may obey as ESC); anything else becomes one replacement character.
    const auto cp = code_point_at(text, at);
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    const bool whole = c >= 0xC2 && c < 0xF5 && cp.end - at == length;
    const bool c1 = whole && c == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0;
    if (whole && !c1) {
      out.append(text.substr(at, length));
    } else {
      out += "\uFFFD";
    }
    at = cp.end;
  }
  return out;
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

bool
valid_utf8(std::string_view s) noexcept
{
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // ASCII fast path: eight bytes at a time.
    if (end - p >= 8) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, p, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n) {
      return false;
    }
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += n + 1;
  }
  return true;
}

std::string
escaped_bytes(std::string_view s, std::size_t limit)
{
  std::string out;
  std::size_t i = 0;
  while (i < s.size() && i < limit) {
    const auto c = static_cast<unsigned char>(s[i]);
    // The length of the UTF-8 sequence that starts here, if it is one.
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n > 1 && !(i + n <= s.size() && valid_utf8(s.substr(i, n)))) {
      n = 0;
    }
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  if (i < s.size()) {
    out += "...";
  }
  return out;
}

} // namespace feedback
