// SPDX-License-Identifier: MIT
// Cases as text for people and scripts: show (a case whole) and list.
#include <feedback/cases/deadlines.hpp>
#include <feedback/cases/render.hpp>
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

namespace {

constexpr const char* k_red = "\x1b[31m";
constexpr const char* k_reset = "\x1b[0m";

// Colour is for people at a terminal only; scripts and NO_COLOR users get plain text.
struct Style
{
  Colour colour = Colour::off;

  std::string red(std::string_view text) const
  {
    return colour == Colour::on ? fmt::format("{}{}{}", k_red, text, k_reset) : std::string(text);
  }
};

std::string
date_or(const std::optional<Date>& d, std::string_view absent = "")
{
  return d ? format_date(*d) : std::string(absent);
}

std::string
plural(int n, std::string_view word)
{
  return fmt::format("{} {}{}", n, word, n == 1 || n == -1 ? "" : "s");
}

// "corporate stage 1", "enquiry", or the type when the stage follows no procedure.
std::string
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
std::string
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
bool
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

std::string
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

void
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
  if (s.deadlines.respond_waits_for_acknowledgement && !s.responded) {
    // Counted from an acknowledgement not made yet, whose own deadline has not passed.
    f.add("Respond",
          fmt::format("after acknowledgement + {}",
                      plural(s.deadlines.respond_after_acknowledgement_days, "working day")));
  } else {
    f.add("Respond", deadline_line(calendar, s.deadlines.respond_due, s.responded, "responded",
                                   pending.respond.has_value(), as_of, style));
  }
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

std::string
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

std::string
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
// the table stays within 100 columns where it can.
std::string
render_timeline(const std::vector<EventView>& events)
{
  TextTable table({"on", "officer", "event", "change", "detail"});
  table.set_indent(2);
  table.fit(100, 24, TextTable::Overflow::wrap);
  for (const auto& e : events) {
    std::string change;
    if (e.from || e.to) {
      change = fmt::format("{} -> {}", e.from.value_or("-"), e.to.value_or("-"));
    }
    table.add_row({{format_date(e.on)}, {e.officer}, {e.kind}, {std::move(change)}, {e.detail}});
  }
  return table.render();
}

} // namespace

std::string
render_case(const CaseView& view, const WorkingCalendar& calendar, Date as_of, Colour colour)
{
  const Style style{colour};
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

const std::vector<std::string>&
case_list_columns()
{
  static const std::vector<std::string> columns = {
      "reference",    "type",    "status",   "procedure",       "stage",
      "service",      "owner",   "received", "acknowledge_due", "respond_due",
      "days_overdue", "on_hold", "sponsor",  "summary"};
  return columns;
}

namespace {

Cell
number_or_null(const std::optional<int>& n)
{
  return n ? Cell(*n) : Cell();
}

Cell
date_cell(const std::optional<Date>& d)
{
  return d ? Cell(format_date(*d)) : Cell();
}

// Every column, for scripts: CSV and JSON. Personal data is not among them, by design.
std::vector<Row>
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
// "held". Overdue rows (cases/deadlines.hpp's rule: past due and not on hold) are red.
std::string
list_table(const std::vector<CaseRow>& cases, const Style& style)
{
  TextTable table({"reference", "type", "procedure", "service", "due", "over", "summary"});
  // Long words (service-request, priority-correspondence) give way before the summary does:
  // the widest of type, procedure and service loses a column at a time, down to 8.
  table.fit(100, 12, TextTable::Overflow::cut, {1, 2, 3}, 8);
  for (const auto& c : cases) {
    std::string procedure = c.procedure.value_or("");
    if (c.procedure && c.stage) {
      procedure += fmt::format(" {}", *c.stage);
    }
    std::string due = c.acknowledge_due ? format_date(*c.acknowledge_due) + " ack"
                      : c.respond_due   ? format_date(*c.respond_due)
                                        : std::string(case_status_name(c.status));
    std::string over = c.on_hold        ? "held"
                       : c.days_overdue ? std::to_string(*c.days_overdue)
                                        : std::string();
    const bool red = style.colour == Colour::on && c.overdue;
    table.add_row({{c.reference},
                   {c.type.value_or("unclassified")},
                   {std::move(procedure)},
                   {c.service.value_or("")},
                   {std::move(due)},
                   {std::move(over), TextTable::Align::right},
                   {c.summary}},
                  red ? k_red : "", red ? k_reset : "");
  }
  return table.render();
}

} // namespace

std::string
render_case_list(const std::vector<CaseRow>& cases, Format format, Colour colour)
{
  if (format == Format::table) {
    return list_table(cases, Style{colour});
  }
  return render(format, case_list_columns(), list_rows(cases));
}

} // namespace feedback
