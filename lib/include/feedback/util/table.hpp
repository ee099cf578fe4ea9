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
// left-aligned and never cut. Headings and cells pass through terminal_safe(): no control
// character of theirs reaches the terminal.
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

  // For a long table printed as it is read: the table so far, as render() writes it; then the
  // rows are dropped and the columns keep the widths they were given, so that rows added later
  // come out of render_more() in the same columns.
  std::string render_and_keep_widths();

  // After render_and_keep_widths(): the rows added since, without the heading, in the kept
  // columns (the shrinkable and last columns cut or wrapped to them as fit() says; a longer cell
  // of another column overflows its column); then they are dropped.
  std::string render_more();

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

  std::string render(std::vector<std::size_t>* widths) const;
  void append_line(std::string& out, const std::vector<std::size_t>& width, std::string_view before,
                   std::string_view after, const std::vector<std::string_view>& cells,
                   const std::vector<Align>& align) const;

  std::vector<std::string> m_headings;
  std::vector<Row> m_rows;
  std::vector<std::size_t> m_kept; // render_and_keep_widths()
  std::size_t m_indent = 0;
  std::optional<Fit> m_fit;
};

} // namespace feedback
