// SPDX-License-Identifier: MIT
// Aligned columns of text for people: the one table renderer (after ccache's util::TextTable).
// Case lists, timelines, overdue lists, the policy and report tables all print through it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// A table with a heading line, columns two spaces apart and padded to their widest cell
// (display_width), each line ending in "\n" without trailing spaces. Headings are
// left-aligned and never cut.
class TextTable
{
public:
  enum class Align
  {
    left,
    right
  };

  struct Cell
  {
    std::string text;
    Align align = Align::left;
  };

  // What becomes of the last column's text when fit() leaves it too little room.
  enum class Overflow
  {
    cut,  // on one line, cut with "…" (one_line)
    wrap, // on as many lines as it takes (wrap), the other columns empty below the first
  };

  explicit TextTable(std::vector<std::string> headings);

  // Starts every line with `columns` spaces.
  void set_indent(std::size_t columns) { m_indent = columns; }

  // Keeps the table within `total` columns where it can. The last column gets what the others
  // leave, and at least `last_min`; while that is not enough, the widest of the `shrinkable`
  // columns (the first of equals) loses a column at a time, down to `floor`. Cells of the
  // shrinkable columns are then put on one line and cut to their column with "…", and the
  // last column's cells are cut or wrapped to its width as `overflow` says.
  void fit(std::size_t total, std::size_t last_min, Overflow overflow,
           std::vector<std::size_t> shrinkable = {}, std::size_t floor = 0);

  // Adds a row. Missing cells are empty; cells beyond the headings are ignored. Each line of
  // the row is written between `before` and `after` (e.g. terminal colour codes), which take
  // no columns.
  void add_row(std::vector<Cell> cells, std::string before = {}, std::string after = {});

  std::string render() const;

private:
  struct Row
  {
    std::vector<Cell> cells;
    std::string before;
    std::string after;
  };

  struct Fit
  {
    std::size_t total = 0;
    std::size_t last_min = 0;
    Overflow overflow = Overflow::cut;
    std::vector<std::size_t> shrinkable;
    std::size_t floor = 0;
  };

  std::vector<std::string> m_headings;
  std::vector<Row> m_rows;
  std::size_t m_indent = 0;
  std::optional<Fit> m_fit;
};

} // namespace feedback
