// SPDX-License-Identifier: MIT
// Escalation as text: stage requests, the nightly run's steps, overdue lists.
#include <feedback/escalation/render.hpp>
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace feedback {

namespace {

constexpr std::string_view k_unassigned = "unassigned";

const std::vector<std::string>&
overdue_columns()
{
  static const std::vector<std::string> columns{
      "reference", "service",  "owner", "procedure",
      "stage",     "deadline", "due",   "working_days_overdue",
      "level",     "sponsor"};
  return columns;
}

// `cell` set to `text` in the string it already holds: the whole council's list (60,000 rows)
// fills one row again and again without allocating.
void
put(Cell& cell, std::string_view text, bool number = false)
{
  if (cell.text) {
    cell.text->assign(text);
  } else {
    cell.text.emplace(text);
  }
  cell.number = number;
}

void
put(Cell& cell, const std::optional<std::string>& text)
{
  if (text) {
    put(cell, std::string_view(*text));
  } else {
    cell.text.reset();
    cell.number = false;
  }
}

void
put(Cell& cell, int number)
{
  const fmt::format_int digits(number);
  put(cell, std::string_view(digits.data(), digits.size()), true);
}

// The cells of `r` in `row` (10 of them), as Row{reference, Cell(service), ...} would hold them.
void
fill_overdue_row(Row& row, const DeadlineRow& r)
{
  row.resize(10);
  put(row[0], std::string_view(r.reference));
  put(row[1], r.service);
  put(row[2], r.owner);
  put(row[3], r.procedure);
  if (r.stage) {
    put(row[4], *r.stage);
  } else {
    put(row[4], std::optional<std::string>{});
  }
  put(row[5], std::string_view(r.deadline));
  char due[10];
  format_date_to(r.due, due);
  put(row[6], std::string_view(due, 10));
  put(row[7], r.working_days_overdue);
  put(row[8], r.level);
  put(row[9], r.sponsor);
}

// overdue_row() as render() puts it in a table: numbers right-aligned, nulls empty.
std::vector<TextTable::Cell>
overdue_table_cells(const DeadlineRow& r)
{
  using Align = TextTable::Align;
  return {{r.reference},
          {r.service.value_or("")},
          {r.owner.value_or("")},
          {r.procedure.value_or("")},
          r.stage ? TextTable::Cell{std::to_string(*r.stage), Align::right} : TextTable::Cell{},
          {r.deadline},
          {format_date(r.due)},
          {std::to_string(r.working_days_overdue), Align::right},
          {r.level.value_or("")},
          {r.sponsor.value_or("")}};
}

// The group a row belongs to; nullopt for a case with no service or owner yet.
std::optional<std::string>
group_of(const DeadlineRow& row, OverdueGrouping by)
{
  const auto& key = by == OverdueGrouping::owner ? row.owner : row.service;
  return key && !key->empty() ? key : std::nullopt;
}

} // namespace

std::string
render_stage_escalated(const CaseView& view, std::string_view to)
{
  std::string deadlines;
  if (const auto* stage = view.current()) {
    if (stage->deadlines.acknowledge_due) {
      deadlines +=
          fmt::format(", acknowledge by {}", format_date(*stage->deadlines.acknowledge_due));
    }
    if (stage->deadlines.respond_due) {
      deadlines += fmt::format(", respond by {}", format_date(*stage->deadlines.respond_due));
    }
  }
  return fmt::format("{}: {}{}", view.reference, to, deadlines);
}

std::string
render_escalation_steps(const std::vector<EscalationAction>& steps, Format format)
{
  if (format == Format::table && steps.empty()) {
    return {};
  }
  std::vector<Row> rows;
  rows.reserve(steps.size());
  for (const auto& a : steps) {
    rows.push_back({format_date(a.reached_on), a.reference, Cell(a.service), Cell(a.owner),
                    a.deadline, a.level, a.notify, format_date(a.due)});
  }
  return render(
      format, {"reached_on", "reference", "service", "owner", "deadline", "level", "notify", "due"},
      rows);
}

std::optional<OverdueGrouping>
parse_overdue_grouping(std::string_view name) noexcept
{
  if (name == "service") {
    return OverdueGrouping::service;
  }
  if (name == "owner") {
    return OverdueGrouping::owner;
  }
  return std::nullopt;
}

std::vector<OverdueGroup>
group_overdue(const std::vector<DeadlineRow>& rows, OverdueGrouping by)
{
  if (by == OverdueGrouping::none) {
    return {{std::nullopt, rows}};
  }
  std::vector<const DeadlineRow*> sorted;
  sorted.reserve(rows.size());
  for (const auto& r : rows) {
    sorted.push_back(&r);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [by](const DeadlineRow* a, const DeadlineRow* b) {
    const auto ka = group_of(*a, by);
    const auto kb = group_of(*b, by);
    if (!ka || !kb) {
      return ka.has_value() && !kb.has_value();
    }
    return *ka < *kb;
  });
  std::vector<OverdueGroup> groups;
  for (const auto* r : sorted) {
    auto key = group_of(*r, by);
    if (groups.empty() || groups.back().key != key) {
      groups.push_back({std::move(key), {}});
    }
    groups.back().rows.push_back(*r);
  }
  return groups;
}

std::string_view
overdue_group_name(const OverdueGroup& group) noexcept
{
  return group.key ? std::string_view(*group.key) : k_unassigned;
}

OverdueWriter::OverdueWriter(Format format, TextSink sink)
    : m_sink(std::move(sink)),
      // Markdown holds every row, as render() does, to decide which columns are numbers.
      m_stream(format, overdue_columns(), m_sink, std::numeric_limits<std::size_t>::max())
{
  if (format == Format::table) {
    m_table = std::make_unique<TextTable>(overdue_columns());
  }
}

OverdueWriter::~OverdueWriter() = default;

// Written as render(format, overdue_columns(), rows) writes them, without first copying every
// row into a Row: for the whole council's list (60,000 rows) the copies cost more than the
// writing.
void
OverdueWriter::add(const DeadlineRow& row)
{
  if (m_table) {
    m_table->add_row(overdue_table_cells(row));
    return;
  }
  fill_overdue_row(m_row, row);
  m_stream.add(m_row);
}

void
OverdueWriter::finish()
{
  if (m_table) {
    m_sink(m_table->render());
    return;
  }
  m_stream.finish();
}

std::string
render_overdue(const std::vector<DeadlineRow>& rows, Format format)
{
  std::string out;
  OverdueWriter writer(format, [&out](std::string_view text) { out += text; });
  for (const auto& r : rows) {
    writer.add(r);
  }
  writer.finish();
  return out;
}

std::string
render_overdue_groups(const std::vector<OverdueGroup>& groups, OverdueGrouping by, Format format)
{
  if (format == Format::table) {
    const std::string_view what = by == OverdueGrouping::owner ? "owner" : "service";
    std::string text;
    for (const auto& g : groups) {
      text += fmt::format("{}{} {}: {} deadline{}\n", text.empty() ? "" : "\n", what,
                          terminal_safe(overdue_group_name(g)), g.rows.size(),
                          g.rows.size() == 1 ? "" : "s");
      text += render_overdue(g.rows, format);
    }
    return text;
  }
  std::string out;
  OverdueWriter writer(format, [&out](std::string_view text) { out += text; });
  for (const auto& g : groups) {
    for (const auto& r : g.rows) {
      writer.add(r);
    }
  }
  writer.finish();
  return out;
}

} // namespace feedback
