// SPDX-License-Identifier: MIT
// feedback-log's output for people: a case in full (`show`) and the case list (`list`).
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/util/output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::log {

// Colour is for people at a terminal only; scripts and NO_COLOR users get plain text.
struct Style
{
  bool colour = false;

  std::string red(std::string_view text) const
  {
    return colour ? fmt::format("\x1b[31m{}\x1b[0m", text) : std::string(text);
  }
};

// Display width, counting each UTF-8 code point as one column (as render() does).
inline std::size_t
display_width(std::string_view s) noexcept
{
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `s` on one line, cut to `width` columns with "…" when longer (never inside a code point).
inline std::string
one_line(std::string_view s, std::size_t width)
{
  std::string flat(s);
  std::replace_if(
      flat.begin(), flat.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (display_width(flat) <= width || width == 0) {
    return flat;
  }
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) != 0x80) {
      if (kept + 1 == width) {
        break;
      }
      ++kept;
    }
  }
  return flat.substr(0, i) + "…";
}

// `text` in lines of at most `width` columns, broken at spaces where it can be and at its own
// line breaks; a word longer than a line is split.
inline std::vector<std::string>
wrap(std::string_view text, std::size_t width)
{
  std::vector<std::string> lines;
  for (std::string_view rest = text;;) {
    const auto nl = rest.find('\n');
    std::string_view para = rest.substr(0, nl);
    std::string line;
    while (!para.empty()) {
      const auto space = para.find(' ');
      std::string_view word = para.substr(0, space);
      para.remove_prefix(space == std::string_view::npos ? para.size() : space + 1);
      while (display_width(word) > width) {
        if (!line.empty()) {
          lines.push_back(std::move(line));
          line.clear();
        }
        std::size_t cut = 0;
        for (std::size_t kept = 0; cut < word.size(); ++cut) {
          if ((static_cast<unsigned char>(word[cut]) & 0xC0) != 0x80 && kept++ == width) {
            break;
          }
        }
        lines.emplace_back(word.substr(0, cut));
        word.remove_prefix(cut);
      }
      if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
        lines.push_back(std::move(line));
        line.clear();
      }
      line += (line.empty() ? "" : " ") + std::string(word);
    }
    lines.push_back(std::move(line));
    if (nl == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

inline std::string
date_or(const std::optional<Date>& d, std::string_view absent = "")
{
  return d ? format_date(*d) : std::string(absent);
}

inline std::string
plural(int n, std::string_view word)
{
  return fmt::format("{} {}{}", n, word, n == 1 || n == -1 ? "" : "s");
}

// "corporate stage 1", "enquiry", or the type when the stage follows no procedure.
inline std::string
stage_name(const CaseView& view, const StageView& stage)
{
  if (!stage.procedure) {
    return fmt::format("{} (no procedure)", view.type.value_or("unclassified"));
  }
  if (!stage.stage) {
    return *stage.procedure;
  }
  return fmt::format("{} stage {}", *stage.procedure, *stage.stage);
}

// How a pending deadline stands on `as_of`, in working days.
inline std::string
pending_text(const WorkingCalendar& calendar, Date due, Date as_of, const Style& style)
{
  const int over = working_days_overdue(calendar, due, as_of);
  if (over > 0) {
    return style.red(plural(over, "working day") + " overdue");
  }
  if (over == 0) {
    return "due today";
  }
  return plural(-over, "working day") + " left";
}

// True when a pending deadline of the current stage has passed (cases/deadlines.hpp).
inline bool
is_overdue(const CaseView& view, const WorkingCalendar& calendar, Date as_of)
{
  const auto* stage = view.current();
  return stage != nullptr && is_overdue(calendar, pending_deadlines(view, *stage), as_of);
}

// Lines of "label  value", values aligned and wrapped to fit 100 columns.
class Fields
{
public:
  explicit Fields(std::string& out) : m_out(out) {}

  void add(std::string_view label, std::string_view value)
  {
    if (value.empty()) {
      return;
    }
    bool first = true;
    for (const auto& line : wrap(value, 100 - 17)) {
      m_out += fmt::format("  {:<15}{}\n", first ? label : "", line);
      first = false;
    }
  }

private:
  std::string& m_out;
};

inline std::string
deadline_line(const WorkingCalendar& calendar, const std::optional<Date>& due,
              const std::optional<Date>& done, std::string_view done_word, bool pending, Date as_of,
              const Style& style)
{
  if (!due) {
    return done ? fmt::format("no deadline; {} {}", done_word, format_date(*done)) : "none";
  }
  std::string text = fmt::format("due {}", format_date(*due));
  if (done) {
    text += fmt::format(": {} {}", done_word, format_date(*done));
    if (date::sys_days{*done} > date::sys_days{*due}) {
      text += fmt::format(" ({} late)",
                          plural(working_days_overdue(calendar, *due, *done), "working day"));
    }
  } else if (pending) {
    text += ": " + pending_text(calendar, *due, as_of, style);
  }
  return text;
}

inline void
render_stage(std::string& out, const CaseView& view, const StageView& s,
             const WorkingCalendar& calendar, Date as_of, const Style& style)
{
  out += fmt::format("\nStage: {} (policy v{}), started {}\n", stage_name(view, s),
                     s.policy_version, format_date(s.started));
  Fields f(out);
  std::vector<std::string> scales;
  if (s.acknowledge_days) {
    scales.push_back(fmt::format("acknowledge in {}", *s.acknowledge_days));
  }
  if (s.respond_days) {
    scales.push_back(fmt::format("respond in {}", *s.respond_days));
  }
  std::string timescales =
      scales.empty() ? "none" : fmt::format("{} working days", fmt::join(scales, ", "));
  if (s.max_extension_days) {
    timescales += *s.max_extension_days > 0
                      ? fmt::format("; extension up to {}", *s.max_extension_days)
                      : "; no extension";
  } else if (s.respond_days) {
    timescales += "; extension as agreed";
  }
  f.add("Timescales", timescales);
  const auto pending = pending_deadlines(view, s);
  f.add("Acknowledge",
        deadline_line(calendar, s.deadlines.acknowledge_due, s.acknowledged, "acknowledged",
                      pending.acknowledge.has_value(), as_of, style));
  f.add("Respond", deadline_line(calendar, s.deadlines.respond_due, s.responded, "responded",
                                 pending.respond.has_value(), as_of, style));
  std::string lines;
  for (const auto& e : s.extensions) {
    lines += fmt::format("{}{} +{}: {}", lines.empty() ? "" : "\n", format_date(e.granted_on),
                         plural(e.days, "working day"), e.reason);
  }
  f.add("Extensions", lines);
  lines.clear();
  for (const auto& h : s.holds) {
    const std::string span = h.resumed_on ? fmt::format("from {} to {}", format_date(h.held_on),
                                                        format_date(*h.resumed_on))
                                          : fmt::format("since {}", format_date(h.held_on));
    lines += fmt::format("{}{}: {}", lines.empty() ? "" : "\n", span, h.reason);
  }
  f.add("Holds", lines);
  if (s.deadlines.hold_days > 0) {
    f.add("Held for", plural(s.deadlines.hold_days, "working day"));
  }
  if (s.outcome || !s.areas.empty()) {
    f.add(
        "Outcome",
        fmt::format("{}{}", s.outcome.value_or("none recorded"),
                    s.areas.empty() ? "" : fmt::format(" (areas: {})", fmt::join(s.areas, ", "))));
  }
  if (s.ended) {
    f.add("Ended", format_date(*s.ended));
  }
}

inline std::string
person_text(const PersonalDetails& p)
{
  std::string out;
  Fields f(out);
  f.add("Name", p.name.value_or(""));
  f.add("Email", p.email.value_or(""));
  f.add("Phone", p.phone.value_or(""));
  f.add("Address", p.address.value_or(""));
  f.add("Format", p.preferred_format.value_or(""));
  return out;
}

inline std::string
survey_text(const SurveyView& s)
{
  std::vector<std::string> parts;
  if (s.sent_on) {
    parts.push_back("sent " + format_date(*s.sent_on));
  }
  if (s.returned_on) {
    parts.push_back("returned " + format_date(*s.returned_on));
  }
  if (s.satisfied) {
    parts.push_back(*s.satisfied ? "satisfied" : "not satisfied");
  }
  if (s.stars) {
    parts.push_back(fmt::format("{} of 5 stars", *s.stars));
  }
  if (s.reason) {
    parts.push_back("reason: " + *s.reason);
  }
  return fmt::format("#{} {}", s.id, fmt::join(parts, ", "));
}

// Every event, oldest first, in full: a long detail (a note) wraps under its column so that
// the table stays within 100 columns.
inline std::string
render_timeline(const std::vector<EventView>& events)
{
  const std::vector<std::string> columns = {"on", "officer", "event", "change", "detail"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : events) {
    std::string change;
    if (e.from || e.to) {
      change = fmt::format("{} -> {}", e.from.value_or("-"), e.to.value_or("-"));
    }
    rows.push_back({format_date(e.on), e.officer, e.kind, change, e.detail});
  }
  std::vector<std::size_t> width(columns.size());
  std::size_t used = 2; // the indent
  for (std::size_t i = 0; i + 1 < columns.size(); ++i) {
    width[i] = display_width(columns[i]);
    for (const auto& row : rows) {
      width[i] = std::max(width[i], display_width(row[i]));
    }
    used += width[i] + 2;
  }
  const std::size_t detail_width = used + 24 < 100 ? 100 - used : 24;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = "  ";
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) {
      text += cells[i] + std::string(width[i] - display_width(cells[i]) + 2, ' ');
    }
    text += cells.back();
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    return text + "\n";
  };
  std::string out = line(columns);
  for (auto& row : rows) {
    const auto detail = wrap(row.back(), detail_width);
    row.back() = detail.front();
    out += line(row);
    for (std::size_t i = 1; i < detail.size(); ++i) {
      out += line({"", "", "", "", detail[i]});
    }
  }
  return out;
}

// The whole case for people: facts, flags, stages with deadlines, personal data, learning,
// surveys and the timeline.
inline std::string
render_case(const CaseView& view, const WorkingCalendar& calendar, Date as_of, const Style& style)
{
  std::string out =
      fmt::format("{}  {}  {}  (as of {})\n", view.reference, view.type.value_or("unclassified"),
                  view.status, format_date(as_of));
  Fields f(out);
  f.add("Summary", view.summary);
  f.add("Received", fmt::format("{}{} by {}", format_date(view.received),
                                view.received_at == format_date(view.received)
                                    ? ""
                                    : fmt::format(" (given as {})", view.received_at),
                                view.channel));
  f.add("Service", view.service.value_or("none"));
  f.add("Owner", view.owner.value_or("none"));
  if (view.sponsor) {
    f.add("Sponsor", fmt::format("{}{}{}; last updated {}", *view.sponsor,
                                 view.sponsor_name ? " " + *view.sponsor_name : "",
                                 view.info_request ? " (request for information)" : "",
                                 date_or(view.sponsor_updated, "never")));
  } else if (view.info_request) {
    f.add("Sponsor", "none (request for information)");
  }
  f.add("External ref", view.external_ref.value_or(""));
  if (view.source) {
    f.add("Imported from", fmt::format("{} {}", *view.source, view.source_ref.value_or("")));
  }
  if (view.closed_on || view.closure) {
    f.add("Closed", fmt::format("{}{}", date_or(view.closed_on),
                                view.closure ? fmt::format(" ({})", *view.closure) : ""));
  }
  f.add("Redirected to", view.redirected_to.value_or(""));
  std::vector<std::string> flags;
  if (view.sponsor) {
    flags.push_back("sponsored");
  }
  if (const auto* s = view.current(); s != nullptr && s->deadlines.on_hold) {
    flags.push_back("on hold");
  }
  if (is_overdue(view, calendar, as_of)) {
    flags.push_back(style.red("overdue"));
  }
  f.add("Flags", flags.empty() ? "none" : fmt::format("{}", fmt::join(flags, ", ")));
  f.add("Last activity", format_date(view.last_activity));
  f.add("Classified by", view.classified_by.value_or("not yet classified"));

  if (const auto* current = view.current()) {
    render_stage(out, view, *current, calendar, as_of, style);
  }
  if (view.stages.size() > 1) {
    out += "\nEarlier stages\n";
    for (std::size_t i = 0; i + 1 < view.stages.size(); ++i) {
      const auto& s = view.stages[i];
      out += fmt::format("  {}: started {}{}{}{}\n", stage_name(view, s), format_date(s.started),
                         s.responded ? ", responded " + format_date(*s.responded) : "",
                         s.outcome ? ", " + *s.outcome : "",
                         s.ended ? ", ended " + format_date(*s.ended) : "");
    }
  }
  out += "\nPersonal data\n";
  out += view.person && !view.person->empty() ? person_text(*view.person) : "  none recorded\n";
  if (!view.learning.empty()) {
    out += "\nLearning\n";
    for (const auto& l : view.learning) {
      out += fmt::format("  #{} {}: {} -> {}\n", l.id, format_date(l.recorded_on), l.problem,
                         l.improvement);
      std::vector<std::string> parts;
      if (l.action) {
        parts.push_back("action: " + *l.action);
      }
      if (l.owner) {
        parts.push_back("owner: " + *l.owner);
      }
      if (l.due) {
        parts.push_back("due: " + format_date(*l.due));
      }
      parts.push_back(l.done_on ? "done " + format_date(*l.done_on) : "not done");
      out += fmt::format("     {}\n", fmt::join(parts, "; "));
    }
  }
  if (!view.surveys.empty()) {
    out += "\nSurveys\n";
    for (const auto& s : view.surveys) {
      out += "  " + survey_text(s) + "\n";
    }
  }
  out += "\nTimeline\n";
  out += render_timeline(view.events);
  return out;
}

// ---- list ----

inline const std::vector<std::string>&
list_columns()
{
  static const std::vector<std::string> columns = {
      "reference",    "type",    "status",   "procedure",       "stage",
      "service",      "owner",   "received", "acknowledge_due", "respond_due",
      "days_overdue", "on_hold", "sponsor",  "summary"};
  return columns;
}

inline Cell
number_or_null(const std::optional<int>& n)
{
  return n ? Cell(*n) : Cell();
}

inline Cell
date_cell(const std::optional<Date>& d)
{
  return d ? Cell(format_date(*d)) : Cell();
}

// Every column, for scripts: CSV and JSON. Personal data is not among them, by design.
inline std::vector<Row>
list_rows(const std::vector<CaseRow>& cases)
{
  std::vector<Row> rows;
  rows.reserve(cases.size());
  for (const auto& c : cases) {
    Cell on_hold(c.on_hold ? "true" : "false");
    on_hold.number = true; // a JSON boolean, unquoted
    rows.push_back({c.reference, c.type.value_or("unclassified"), case_status_name(c.status),
                    c.procedure, number_or_null(c.stage), c.service, c.owner,
                    format_date(c.received), date_cell(c.acknowledge_due), date_cell(c.respond_due),
                    number_or_null(c.days_overdue), on_hold, c.sponsor, c.summary});
  }
  return rows;
}

// The list for people, in 100 columns: owner, status, dates received and sponsor give way to
// the summary, cut with "…". `due` is the nearest pending deadline ("ack" when it is the
// acknowledgement), else the status; `over` is its working days overdue (negative: left), or
// "held". Overdue rows are red.
inline std::string
list_table(const std::vector<CaseRow>& cases, const Style& style)
{
  constexpr std::size_t k_width = 100;
  constexpr std::size_t k_min_summary = 12;
  const std::vector<std::string> columns = {"reference", "type", "procedure", "service",
                                            "due",       "over", "summary"};
  std::vector<Row> rows;
  for (const auto& c : cases) {
    std::string procedure = c.procedure.value_or("");
    if (c.procedure && c.stage) {
      procedure += fmt::format(" {}", *c.stage);
    }
    std::string due = c.acknowledge_due ? format_date(*c.acknowledge_due) + " ack"
                      : c.respond_due   ? format_date(*c.respond_due)
                                        : std::string(case_status_name(c.status));
    Cell over = c.on_hold ? Cell("held") : number_or_null(c.days_overdue);
    over.number = true; // right-aligned
    rows.push_back({c.reference, c.type.value_or("unclassified"), procedure, c.service.value_or(""),
                    due, over, c.summary});
  }
  std::vector<std::size_t> width(columns.size());
  for (std::size_t i = 0; i + 1 < columns.size(); ++i) {
    width[i] = display_width(columns[i]);
    for (const auto& row : rows) {
      width[i] = std::max(width[i], display_width(row[i].text.value_or("")));
    }
  }
  auto used = [&] {
    std::size_t sum = 0;
    for (std::size_t i = 0; i + 1 < width.size(); ++i) {
      sum += width[i] + 2;
    }
    return sum;
  };
  // Long words (service-request, priority-correspondence) give way before the summary does:
  // the widest of type, procedure and service loses a column at a time, down to 8.
  constexpr std::size_t k_shrinkable[] = {1, 2, 3};
  while (used() + k_min_summary > k_width) {
    std::size_t* widest = nullptr;
    for (const auto i : k_shrinkable) {
      if (width[i] > 8 && (widest == nullptr || width[i] > *widest)) {
        widest = &width[i];
      }
    }
    if (widest == nullptr) {
      break;
    }
    --*widest;
  }
  width.back() = used() + k_min_summary < k_width ? k_width - used() : k_min_summary;
  for (auto& row : rows) {
    for (const auto i : k_shrinkable) {
      if (row[i].text) {
        row[i].text = one_line(*row[i].text, width[i]);
      }
    }
    row.back() = one_line(*row.back().text, width.back());
  }
  const std::string text = render(Format::table, columns, rows);
  if (!style.colour) {
    return text;
  }
  std::string out;
  std::size_t line = 0;
  for (std::string_view rest = text; !rest.empty(); ++line) {
    const auto nl = rest.find('\n');
    const auto body = rest.substr(0, nl);
    const bool overdue = line > 0 && cases[line - 1].days_overdue.value_or(0) > 0;
    out += (overdue ? style.red(body) : std::string(body)) + "\n";
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  }
  return out;
}

} // namespace feedback::log
