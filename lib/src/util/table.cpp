// SPDX-License-Identifier: MIT
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <algorithm>

namespace feedback {

TextTable::TextTable(std::vector<std::string> headings) : m_headings(std::move(headings))
{
  for (auto& h : m_headings) {
    h = terminal_safe(h);
  }
}

void
TextTable::fit(std::size_t total, std::size_t last_min, Overflow overflow,
               std::vector<std::size_t> shrinkable, std::size_t floor)
{
  m_fit = Fit{total, last_min, overflow, std::move(shrinkable), floor};
}

void
TextTable::add_row(std::vector<Cell> cells, std::string before, std::string after)
{
  // Cells hold stored text; `before` and `after` are the caller's own colour codes.
  for (auto& c : cells) {
    c.text = terminal_safe(c.text);
  }
  m_rows.push_back({std::move(cells), std::move(before), std::move(after)});
}

std::string
TextTable::render() const
{
  return render(nullptr);
}

std::string
TextTable::render_and_keep_widths()
{
  std::string out = render(&m_kept);
  m_rows.clear();
  return out;
}

void
TextTable::append_line(std::string& out, const std::vector<std::size_t>& width,
                       std::string_view before, std::string_view after,
                       const std::vector<std::string_view>& cells,
                       const std::vector<Align>& align) const
{
  const std::size_t n = m_headings.size();
  out += before;
  const std::size_t start = out.size();
  out.append(m_indent, ' ');
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view text = cells[i];
    const std::size_t pad = width[i] - std::min(width[i], display_width(text));
    if (i > 0) {
      out += "  ";
    }
    if (align[i] == Align::right) {
      out.append(pad, ' ');
      out += text;
    } else {
      out += text;
      if (i + 1 != n) {
        out.append(pad, ' ');
      }
    }
  }
  while (out.size() > start && out.back() == ' ') {
    out.pop_back();
  }
  out += after;
  out += '\n';
}

std::string
TextTable::render_more()
{
  const std::size_t n = m_headings.size();
  std::string out;
  if (n == 0 || m_kept.size() != n) {
    m_rows.clear();
    return out;
  }
  const std::size_t last = n - 1;
  std::vector<bool> cut(n, false);
  if (m_fit) {
    for (const auto i : m_fit->shrinkable) {
      if (i < last) {
        cut[i] = true;
      }
    }
  }
  const bool wrap_last = m_fit && m_fit->overflow == Overflow::wrap;
  cut[last] = m_fit && !wrap_last;
  std::vector<std::string> texts(n);
  std::vector<std::string_view> views(n);
  std::vector<Align> align(n);
  for (const auto& row : m_rows) {
    for (std::size_t i = 0; i < n; ++i) {
      texts[i] = i < row.cells.size() ? row.cells[i].text : std::string();
      if (cut[i]) {
        texts[i] = one_line(texts[i], m_kept[i]);
      }
      views[i] = texts[i];
      align[i] = i < row.cells.size() ? row.cells[i].align : Align::left;
    }
    if (!wrap_last) {
      append_line(out, m_kept, row.before, row.after, views, align);
      continue;
    }
    const auto lines = wrap(texts[last], m_kept[last]);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      if (k == 1) {
        std::fill(views.begin(), views.end(), std::string_view());
      }
      views[last] = lines[k];
      append_line(out, m_kept, row.before, row.after, views, align);
    }
  }
  m_rows.clear();
  return out;
}

std::string
TextTable::render(std::vector<std::size_t>* widths) const
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
  std::size_t last_room = 0;                     // with fit(), what the last column may take
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
    last_room = room;
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

  if (widths != nullptr) {
    *widths = width;
    if (n > 0 && m_fit) {
      // Rows to come may fill the room the last column has, not only what these rows took.
      (*widths)[last] = std::max(width[last], last_room);
    }
  }
  std::string out;
  std::vector<std::string_view> cells(n);
  std::vector<Align> align(n, Align::left);
  for (std::size_t i = 0; i < n; ++i) {
    cells[i] = m_headings[i];
  }
  append_line(out, width, {}, {}, cells, align);
  for (std::size_t r = 0; r < m_rows.size(); ++r) {
    const auto& row = m_rows[r];
    for (std::size_t i = 0; i < n; ++i) {
      align[i] = i < row.cells.size() ? row.cells[i].align : Align::left;
    }
    const std::size_t lines = wrapped.empty() ? 1 : std::max<std::size_t>(wrapped[r].size(), 1);
    for (std::size_t k = 0; k < lines; ++k) {
      for (std::size_t i = 0; i < n; ++i) {
        if (i == last && !wrapped.empty()) {
          cells[i] = k < wrapped[r].size() ? std::string_view(wrapped[r][k]) : std::string_view();
        } else if (k > 0) {
          cells[i] = {};
        } else if (slot[i] != k_none) {
          cells[i] = fitted[r * slots + slot[i]];
        } else {
          cells[i] = text_of(row, i);
        }
      }
      append_line(out, width, row.before, row.after, cells, align);
    }
  }
  return out;
}

} // namespace feedback
