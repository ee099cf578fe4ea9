// SPDX-License-Identifier: MIT
// Text for a terminal: the columns it takes, on one line cut to a width, wrapped to a width.
// Every function takes time linear in the text's length.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The columns `text` (UTF-8) takes on a terminal, as the C library's wcwidth() counts them in a
// UTF-8 locale: two for each East Asian wide or fullwidth character (Chinese, Japanese, Korean,
// fullwidth forms, most emoji), none for a combining mark (it sits on the character before) or
// an invisible joiner, one for any other code point (ASCII included).
std::size_t display_width(std::string_view text) noexcept;

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) noexcept;

// `s` for a message: its first `limit` bytes, each byte that is not part of well-formed UTF-8
// (and each control character) written \xNN, with "..." when cut.
std::string escaped_bytes(std::string_view s, std::size_t limit = 60);

// `text` (from the database or a file) made safe to print to a terminal: no byte of it can be
// obeyed as a control. C0 controls show as ^X (ESC as ^[), DEL as ^?, a tab as a space, a CRLF
// as its line feed; C1 controls (U+0080 to U+009F) and bytes that are not well-formed UTF-8 as
// U+FFFD. Line feeds are kept. The one function every human-readable output passes stored text
// through (TextTable does it for its cells); scripts' formats (CSV, JSON) keep the text as it is.
std::string terminal_safe(std::string_view text);

// `text` for HTML (and SVG) text or an attribute value: & < > " and ' as entities. The reports'
// pages and the letters both use it.
std::string escape_html(std::string_view text);

// `text` on one line (line breaks and tabs become spaces), and when it takes more than `width`
// columns, cut between characters to at most `width` columns ending in "…". A `width` of 0
// means no limit.
std::string one_line(std::string_view text, std::size_t width);

// `text` as lines of at most `width` columns (at least 1), broken at its own line breaks and at
// spaces where it can be; a word longer than a line is split between characters (a combining
// mark stays with its character). Spaces at a break are dropped; an empty text is one empty
// line.
std::vector<std::string> wrap(std::string_view text, std::size_t width);

// The number of single-character insertions, deletions, substitutions and swaps of neighbours
// that turn `a` into `b` (the optimal string alignment distance), counted in bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The one of `candidates` that `word` was most likely meant to be, for "did you mean ...?": the
// nearest by edit_distance, if it is at most a third of `word`'s length (and at least 1) away,
// the first of equals; else the only candidate that starts with `word` (3 or more bytes); else
// nullopt. Never `word` itself.
std::optional<std::string_view> closest_word(std::string_view word,
                                             std::span<const std::string_view> candidates);

} // namespace feedback
