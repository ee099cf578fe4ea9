// SPDX-License-Identifier: MIT
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <algorithm>

namespace feedback {

TextTable::TextTable(std::vector<std::string> headings) : m_headings(std::move(headings)) {}

void
TextTable::fit(std::size_t total, std::size_t last_min, Overflow overflow,
               std::vector<std::size_t> shrinkable, std::size_t floor)
{
  m_fit = Fit{total, last_min, overflow, std::move(shrinkable), floor};
}

void
TextTable::add_row(std::vector<Cell> cells, std::string before, std::string after)
{
  m_rows.push_back({std::move(cells), std::move(before), std::move(after)});
}

std::string
TextTable::render() const
{
  const std::size_t n = m_headings.size();
  const std::size_t last = n == 0 ? 0 : n - 1;
  auto text_of = [](const Row& row, std::size_t i) -> const std::string& {
    static const std::string k_empty;
    return i < row.cells.size() ? row.cells[i].text : k_empty;
  };
  std::vector<std::size_t> width(n);
  for (std::size_t i = 0; i < n; ++i) {
    width[i] = display_width(m_headings[i]);
  }
  for (const auto& row : m_rows) {
    for (std::size_t i = 0; i < n && i < row.cells.size(); ++i) {
      width[i] = std::max(width[i], display_width(row.cells[i].text));
    }
  }

  // With fit(), the cells of the shrinkable columns and of the last are replaced by their cut
  // (or wrapped) text: `slot[i]` is column i's place among the replaced, `k_none` if it keeps
  // its cells.
  constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slot(n, k_none);
  std::size_t slots = 0;
  std::vector<std::string> fitted;               // row by row, `slots` a row
  std::vector<std::vector<std::string>> wrapped; // the last column's lines, row by row
  if (m_fit && n > 0) {
    const auto& spec = *m_fit;
    auto used = [&] {
      std::size_t sum = m_indent;
      for (std::size_t i = 0; i < last; ++i) {
        sum += width[i] + 2;
      }
      return sum;
    };
    while (used() + spec.last_min > spec.total) {
      std::size_t* widest = nullptr;
      for (const auto i : spec.shrinkable) {
        if (i < last && width[i] > spec.floor && (widest == nullptr || width[i] > *widest)) {
          widest = &width[i];
        }
      }
      if (widest == nullptr) {
        break;
      }
      --*widest;
    }
    const std::size_t room = std::max(spec.last_min, spec.total - std::min(spec.total, used()));
    for (const auto i : spec.shrinkable) {
      if (i < last && slot[i] == k_none) {
        slot[i] = slots++;
      }
    }
    if (spec.overflow == Overflow::cut) {
      slot[last] = slots++;
    }
    fitted.reserve(m_rows.size() * slots);
    if (spec.overflow == Overflow::wrap) {
      wrapped.reserve(m_rows.size());
    }
    for (const auto& row : m_rows) {
      for (std::size_t i = 0; i < n; ++i) {
        if (slot[i] != k_none) {
          fitted.push_back(one_line(text_of(row, i), i == last ? room : width[i]));
        }
      }
      if (spec.overflow == Overflow::wrap) {
        wrapped.push_back(wrap(text_of(row, last), room));
      }
    }
    // The columns take the width of what they now hold.
    for (std::size_t i = 0; i < n; ++i) {
      if (slot[i] != k_none || (i == last && spec.overflow == Overflow::wrap)) {
        width[i] = display_width(m_headings[i]);
      }
    }
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
      for (std::size_t i = 0; i < n; ++i) {
        if (slot[i] != k_none) {
          width[i] = std::max(width[i], display_width(fitted[r * slots + slot[i]]));
        }
      }
      if (!wrapped.empty()) {
        for (const auto& line : wrapped[r]) {
          width[last] = std::max(width[last], display_width(line));
        }
      }
    }
  }

  std::string out;
  // Appends one line: cell i's text from `cell(i)`, aligned as `align(i)` says.
  auto append_line = [&](std::string_view before, std::string_view after, auto&& cell,
                         auto&& align) {
    out += before;
    const std::size_t start = out.size();
    out.append(m_indent, ' ');
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view text = cell(i);
      const std::size_t pad = width[i] - std::min(width[i], display_width(text));
      if (i > 0) {
        out += "  ";
      }
      if (align(i) == Align::right) {
        out.append(pad, ' ');
        out += text;
      } else {
        out += text;
        if (i != last) {
          out.append(pad, ' ');
        }
      }
    }
    while (out.size() > start && out.back() == ' ') {
      out.pop_back();
    }
    out += after;
    out += '\n';
  };

  append_line(
      {}, {}, [&](std::size_t i) -> std::string_view { return m_headings[i]; },
      [](std::size_t) { return Align::left; });
  for (std::size_t r = 0; r < m_rows.size(); ++r) {
    const auto& row = m_rows[r];
    auto align = [&](std::size_t i) {
      return i < row.cells.size() ? row.cells[i].align : Align::left;
    };
    const std::size_t lines = wrapped.empty() ? 1 : std::max<std::size_t>(wrapped[r].size(), 1);
    for (std::size_t k = 0; k < lines; ++k) {
      append_line(
          row.before, row.after,
          [&](std::size_t i) -> std::string_view {
            if (i == last && !wrapped.empty()) {
              return k < wrapped[r].size() ? std::string_view(wrapped[r][k]) : std::string_view();
            }
            if (k > 0) {
              return {};
            }
            if (slot[i] != k_none) {
              return fitted[r * slots + slot[i]];
            }
            return text_of(row, i);
          },
          align);
    }
  }
  return out;
}

} // namespace feedback
