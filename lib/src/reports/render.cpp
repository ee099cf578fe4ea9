// SPDX-License-Identifier: MIT
// Printing a report document: CSV and JSON for scripts (plain fields, numbers as numbers), an
// aligned table, Markdown and one self-contained HTML page for people.
#include "reports/report_internal.hpp"

#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

namespace feedback {

namespace {

using report::escape_html;
using report::human_table;

// A value as CSV and JSON write it, without quoting: numbers plainly, booleans as true/false.
std::optional<std::string>
data_text(const Column& column, const Value& value)
{
  if (column.kind == ColumnKind::text) {
    return value.text;
  }
  if (!value.number) {
    return std::nullopt;
  }
  switch (column.kind) {
  case ColumnKind::integer:
  case ColumnKind::text:
    return std::to_string(*value.number);
  case ColumnKind::percent:
  case ColumnKind::change:
  case ColumnKind::decimal:
  case ColumnKind::pounds:
    return format_hundredths(Hundredths{*value.number});
  case ColumnKind::boolean:
    return std::string(*value.number != 0 ? "true" : "false");
  }
  return std::nullopt;
}

std::string
csv(const ReportSection& s)
{
  std::string out;
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    out += (c ? "," : "") + csv_field(s.columns[c].name);
  }
  out += "\r\n";
  for (const auto& row : s.rows) {
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      if (c) {
        out += ',';
      }
      if (c < row.size()) {
        out += csv_field(data_text(s.columns[c], row[c]).value_or(""));
      }
    }
    out += "\r\n";
  }
  return out;
}

// The rows as a JSON array, one object a line, each line indented by `indent`.
std::string
json_rows(const ReportSection& s, std::string_view indent)
{
  if (s.rows.empty()) {
    return "[]";
  }
  std::string out = "[";
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    out += fmt::format("{}\n{}  {{", r ? "," : "", indent);
    for (std::size_t c = 0; c < s.columns.size() && c < s.rows[r].size(); ++c) {
      const auto& column = s.columns[c];
      const auto text = data_text(column, s.rows[r][c]);
      out += fmt::format("{}{}: ", c ? ", " : "", json_string(column.name));
      if (!text) {
        out += "null";
      } else if (column.kind == ColumnKind::text) {
        out += json_string(*text);
      } else {
        out += *text;
      }
    }
    out += "}";
  }
  out += fmt::format("\n{}]", indent);
  return out;
}

std::string
json(const ReportDocument& doc)
{
  if (doc.sections.size() == 1) {
    return json_rows(doc.sections.front(), "") + "\n";
  }
  std::string out = "{";
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    out += fmt::format("{}\n  {}: {}", i ? "," : "", json_string(doc.sections[i].name),
                       json_rows(doc.sections[i], "  "));
  }
  return out + "\n}\n";
}

HumanTable
human_of(const ReportSection& s)
{
  return s.human ? *s.human : human_table(s);
}

// `text` in lines of at most `width` columns, joined with line breaks.
std::string
wrapped(std::string_view text, std::size_t width)
{
  return fmt::format("{}", fmt::join(wrap(text, width), "\n"));
}

// A section's table for people: numbers right-aligned.
std::string
text_table(const HumanTable& h)
{
  TextTable table(h.headings);
  for (const auto& cells : h.rows) {
    std::vector<TextTable::Cell> row;
    row.reserve(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool number = c < h.numeric.size() && h.numeric[c];
      row.push_back({cells[c], number ? TextTable::Align::right : TextTable::Align::left});
    }
    table.add_row(std::move(row));
  }
  return table.render();
}

std::string
table(const ReportDocument& doc)
{
  std::string out = doc.title + "\n" + wrapped(doc.subtitle, 100) + "\n";
  for (const auto& s : doc.sections) {
    out += "\n" + s.title + "\n" + std::string(s.title.size(), '-') + "\n";
    if (!s.note.empty()) {
      out += wrapped(s.note, 100) + "\n";
    }
    out += "\n";
    const auto h = human_of(s);
    out += h.rows.empty() ? "(nothing in this period)\n" : text_table(h);
  }
  return out;
}

std::string
markdown_cell(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<') {
      out += '\\';
    }
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string
markdown(const ReportDocument& doc)
{
  std::string out = "# " + markdown_cell(doc.title) + "\n\n" + markdown_cell(doc.subtitle) + "\n";
  if (!doc.summary.empty()) {
    out += "\n## Summary\n\n";
    for (const auto& sentence : doc.summary) {
      out += "- " + markdown_cell(sentence) + "\n";
    }
  }
  for (const auto& s : doc.sections) {
    out += "\n## " + markdown_cell(s.title) + "\n\n";
    if (!s.note.empty()) {
      out += markdown_cell(s.note) + "\n\n";
    }
    const auto h = human_of(s);
    if (h.rows.empty()) {
      out += "Nothing in this period.\n";
      continue;
    }
    out += "|";
    for (const auto& heading : h.headings) {
      out += " " + markdown_cell(heading) + " |";
    }
    out += "\n|";
    for (std::size_t c = 0; c < h.headings.size(); ++c) {
      out += c < h.numeric.size() && h.numeric[c] ? " ---: |" : " --- |";
    }
    out += "\n";
    for (std::size_t r = 0; r < h.rows.size(); ++r) {
      const bool total = h.is_total(r);
      out += "|";
      for (const auto& cell : h.rows[r]) {
        out += total && !cell.empty() ? " **" + markdown_cell(cell) + "** |"
                                      : " " + markdown_cell(cell) + " |";
      }
      out += "\n";
    }
  }
  return out;
}

constexpr std::string_view k_style = R"css(
  :root { color-scheme: light; }
  body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #1b1b1b; margin: 2rem auto;
         max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #08519c;
       padding-bottom: 0.2rem; break-after: avoid; }
  .subtitle { color: #444; margin-top: 0; }
  .note { color: #444; font-size: 0.9rem; }
  .summary li { margin-bottom: 0.3rem; }
  nav ol { columns: 2 18rem; column-gap: 2rem; font-size: 0.9rem; margin: 0; padding-left: 1.5rem; }
  nav li { break-inside: avoid; margin-bottom: 0.15rem; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem;
          break-inside: auto; max-width: 100%; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th, td { border: 1px solid #c8c8c8; padding: 0.2rem 0.4rem; vertical-align: top; }
  th { background: #eef3f8; text-align: left; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr.total td { font-weight: bold; background: #f6f6f6; }
  figure { margin: 1rem 0; break-inside: avoid; }
  figure svg { max-width: 100%; height: auto; }
  figcaption { font-weight: bold; font-size: 0.95rem; margin-bottom: 0.3rem; }
  footer { margin-top: 3rem; color: #666; font-size: 0.8rem; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
    main > section:not(.summary) { break-before: page; }
    .scroll { overflow: visible; }
    table { font-size: 7pt; }
    th, td { padding: 0.1rem 0.25rem; }
    th.num { white-space: normal; }
    table, figure, .summary { break-inside: avoid; }
    a { color: inherit; text-decoration: none; }
  }
)css";

std::string
html(const ReportDocument& doc)
{
  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape_html(doc.title) + "</title>\n<style>" + std::string(k_style) +
         "</style>\n</head>\n<body>\n<header>\n<h1>" + escape_html(doc.title) +
         "</h1>\n<p class=\"subtitle\">" + escape_html(doc.subtitle) + "</p>\n</header>\n";
  if (doc.sections.size() > 1) {
    out += "<nav>\n<h2>Contents</h2>\n<ol>\n";
    if (!doc.summary.empty()) {
      out += "<li><a href=\"#summary\">Summary</a></li>\n";
    }
    for (const auto& s : doc.sections) {
      out += "<li><a href=\"#" + escape_html(s.name) + "\">" + escape_html(s.title) + "</a></li>\n";
    }
    out += "</ol>\n</nav>\n";
  }
  out += "<main>\n";
  if (!doc.summary.empty()) {
    out += "<section id=\"summary\" class=\"summary\">\n<h2>Summary</h2>\n<ul>\n";
    for (const auto& sentence : doc.summary) {
      out += "<li>" + escape_html(sentence) + "</li>\n";
    }
    out += "</ul>\n</section>\n";
  }
  for (const auto& s : doc.sections) {
    out += "<section id=\"" + escape_html(s.name) + "\">\n<h2>" + escape_html(s.title) + "</h2>\n";
    if (!s.note.empty()) {
      out += "<p class=\"note\">" + escape_html(s.note) + "</p>\n";
    }
    for (const auto& chart : doc.charts) {
      if (chart.before == s.name) {
        out += chart.svg;
      }
    }
    // The printed document's table where it has one: without rows of nothing, said once.
    const auto h = s.print ? *s.print : human_of(s);
    if (!s.print_note.empty()) {
      out += "<p class=\"note\">" + escape_html(s.print_note) + "</p>\n";
    }
    if (h.rows.empty()) {
      out += "<p>Nothing in this period.</p>\n</section>\n";
      continue;
    }
    out += "<div class=\"scroll\">\n<table>\n<thead><tr>";
    for (std::size_t c = 0; c < h.headings.size(); ++c) {
      const bool num = c < h.numeric.size() && h.numeric[c];
      out += (num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">") +
             escape_html(h.headings[c]) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < h.rows.size(); ++r) {
      out += h.is_total(r) ? "<tr class=\"total\">" : "<tr>";
      for (std::size_t c = 0; c < h.rows[r].size(); ++c) {
        const bool num = c < h.numeric.size() && h.numeric[c];
        out += (num ? "<td class=\"num\">" : "<td>") + escape_html(h.rows[r][c]) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</div>\n</section>\n";
  }
  out += "</main>\n<footer>Produced by feedback-report from the case database. No personal "
         "data is included.</footer>\n</body>\n</html>\n";
  return out;
}

std::string
section_names(const ReportDocument& doc)
{
  std::vector<std::string> names;
  for (const auto& s : doc.sections) {
    names.push_back(s.name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

} // namespace

std::optional<ReportFormat>
parse_report_format(std::string_view name) noexcept
{
  if (name == "table") {
    return ReportFormat::table;
  }
  if (name == "csv") {
    return ReportFormat::csv;
  }
  if (name == "json") {
    return ReportFormat::json;
  }
  if (name == "markdown") {
    return ReportFormat::markdown;
  }
  if (name == "html") {
    return ReportFormat::html;
  }
  return std::nullopt;
}

ReportDocument
select_section(const ReportDocument& document, std::string_view name)
{
  ReportDocument out;
  out.title = document.title;
  out.subtitle = document.subtitle;
  for (const auto& s : document.sections) {
    if (s.name == name) {
      out.sections.push_back(s);
    }
  }
  if (out.sections.empty()) {
    throw Error(ExitCode::usage, fmt::format("--section: no section '{}' in this report (it has: "
                                             "{})",
                                             name, section_names(document)));
  }
  out.title = document.sections.size() == 1 ? document.title
                                            : "Complaints and feedback: " + out.sections[0].title;
  for (const auto& chart : document.charts) {
    if (chart.before == name) {
      out.charts.push_back(chart);
    }
  }
  return out;
}

std::string
render_report(const ReportDocument& document, ReportFormat format)
{
  switch (format) {
  case ReportFormat::csv:
    if (document.sections.size() != 1) {
      throw Error(ExitCode::usage,
                  fmt::format("--format csv prints one table: choose one with --section ({})",
                              section_names(document)));
    }
    return csv(document.sections.front());
  case ReportFormat::json:
    return json(document);
  case ReportFormat::table:
    return table(document);
  case ReportFormat::markdown:
    return markdown(document);
  case ReportFormat::html:
    return html(document);
  }
  return {};
}

} // namespace feedback
