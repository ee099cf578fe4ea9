// SPDX-License-Identifier: MIT
// Cases as text for people and scripts: show (a case whole) and list.
#include <feedback/cases/deadlines.hpp>
#include <feedback/cases/render.hpp>
#include <feedback/util/table.hpp>
#include <feedback/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
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

// A day as people read it in a sentence: "Fri 27 Nov".
std::string
short_date(Date d)
{
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const date::weekday wd{date::sys_days{d}};
  return fmt::format("{} {} {}", k_days[wd.c_encoding()], static_cast<unsigned>(d.day()),
                     k_months[static_cast<unsigned>(d.month()) - 1]);
}

// How a pending deadline stands on `as_of`: "3 working days left (due Wed 2 Dec)", "due today
// (Fri 27 Nov)", "2 working days overdue (due Tue 24 Nov)". A deadline whose day has passed is
// overdue even before a working day has: on Sunday, Friday's reads "overdue (due Fri 27 Nov)".
std::string
pending_text(const WorkingCalendar& calendar, Date due, Date as_of, const Style& style)
{
  const int over = working_days_overdue(calendar, due, as_of);
  const std::string when = short_date(due);
  if (deadline_passed(due, as_of)) {
    return style.red(over > 0
                         ? fmt::format("{} overdue (due {})", plural(over, "working day"), when)
                         : fmt::format("overdue (due {})", when));
  }
  if (as_of == due) {
    return fmt::format("due today ({})", when);
  }
  return fmt::format("{} left (due {})", plural(std::max(-over, 0), "working day"), when);
}

// True when a pending deadline of the current stage has passed and the stage is not on hold
// (cases/deadlines.hpp's is_overdue, the rule list and the overdue list share).
bool
is_overdue(const CaseView& view, Date as_of)
{
  const auto* stage = view.current();
  return stage != nullptr && feedback::is_overdue(pending_deadlines(view, *stage), as_of);
}

// "£1,250.50" for an amount in pence.
std::string
pounds(std::int64_t pence)
{
  std::string whole = std::to_string(pence / 100);
  for (auto at = whole.size(); at > 3; at -= 3) {
    whole.insert(at - 3, ",");
  }
  return fmt::format("£{}.{:02}", whole, pence % 100);
}

// Lines of "label  value", values aligned and wrapped to fit 100 columns. A value holding stored
// text goes through terminal_safe() (add); one built here with colour codes does not
// (add_styled).
class Fields
{
public:
  explicit Fields(std::string& out) : m_out(out) {}

  void add(std::string_view label, std::string_view value)
  {
    add_styled(label, terminal_safe(value));
  }

  void add_styled(std::string_view label, std::string_view value)
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
  if (!done && pending) {
    return pending_text(calendar, *due, as_of, style);
  }
  std::string text = fmt::format("due {}", format_date(*due));
  if (done) {
    text += fmt::format(": {} {}", done_word, format_date(*done));
    if (date::sys_days{*done} > date::sys_days{*due}) {
      text += fmt::format(" ({} late)",
                          plural(working_days_overdue(calendar, *due, *done), "working day"));
    }
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
  f.add_styled("Acknowledge",
               deadline_line(calendar, s.deadlines.acknowledge_due, s.acknowledged, "acknowledged",
                             pending.acknowledge.has_value(), as_of, style));
  if (s.deadlines.respond_waits_for_acknowledgement && !s.responded) {
    // Counted from an acknowledgement not made yet, whose own deadline has not passed.
    f.add("Respond",
          fmt::format("after acknowledgement + {}",
                      plural(s.deadlines.respond_after_acknowledgement_days, "working day")));
  } else {
    f.add_styled("Respond", deadline_line(calendar, s.deadlines.respond_due, s.responded,
                                          "responded", pending.respond.has_value(), as_of, style));
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

// The Ombudsman's reference, decision and the remedies agreed: each with its due day and done,
// or overdue once its day has passed.
void
render_ombudsman(std::string& out, const OmbudsmanView& o, Date as_of, const Style& style)
{
  out += "\nOmbudsman\n";
  Fields f(out);
  f.add("Reference", fmt::format("{}, opened {} ({})", o.their_ref, format_date(o.opened_on),
                                 o.origin.empty() ? "after-response" : o.origin));
  f.add("Decision", o.decision ? fmt::format("{} on {}", *o.decision, date_or(o.decided_on))
                               : std::string("awaited"));
  std::string lines;
  for (const auto& r : o.remedies) {
    std::string what = fmt::format("#{} {}", r.id, terminal_safe(r.kind));
    if (r.amount_pence) {
      what += " " + pounds(*r.amount_pence);
    }
    std::string state;
    if (r.done_on) {
      state = fmt::format("due {}, done {}", short_date(r.due), format_date(*r.done_on));
    } else if (deadline_passed(r.due, as_of)) {
      state = style.red(fmt::format("overdue (due {})", short_date(r.due)));
    } else {
      state = fmt::format("due {}", short_date(r.due));
    }
    lines += fmt::format("{}{}: {}", lines.empty() ? "" : "\n", what, state);
  }
  f.add_styled("Remedies", lines.empty() ? "none agreed" : lines);
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
  std::string out = terminal_safe(fmt::format("{}  {}  {}  (as of {})\n", view.reference,
                                              view.type.value_or("unclassified"), view.status,
                                              format_date(as_of)));
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
  if (is_overdue(view, as_of)) {
    flags.push_back(style.red("overdue"));
  }
  f.add_styled("Flags", flags.empty() ? "none" : fmt::format("{}", fmt::join(flags, ", ")));
  f.add("Last activity", format_date(view.last_activity));
  f.add("Classified by", view.classified_by.value_or("not yet classified"));

  if (const auto* current = view.current()) {
    render_stage(out, view, *current, calendar, as_of, style);
  }
  if (view.stages.size() > 1) {
    out += "\nEarlier stages\n";
    for (std::size_t i = 0; i + 1 < view.stages.size(); ++i) {
      const auto& s = view.stages[i];
      out += terminal_safe(fmt::format(
          "  {}: started {}{}{}{}\n", stage_name(view, s), format_date(s.started),
          s.responded ? ", responded " + format_date(*s.responded) : "",
          s.outcome ? ", " + *s.outcome : "", s.ended ? ", ended " + format_date(*s.ended) : ""));
    }
  }
  if (view.ombudsman) {
    render_ombudsman(out, *view.ombudsman, as_of, style);
  }
  out += "\nPersonal data\n";
  out += view.person && !view.person->empty() ? person_text(*view.person) : "  none recorded\n";
  if (!view.learning.empty()) {
    out += "\nLearning\n";
    for (const auto& l : view.learning) {
      out += terminal_safe(fmt::format("  #{} {}: {} -> {}\n", l.id, format_date(l.recorded_on),
                                       l.problem, l.improvement));
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
      out += terminal_safe(fmt::format("     {}\n", fmt::join(parts, "; ")));
    }
  }
  if (!view.surveys.empty()) {
    out += "\nSurveys\n";
    for (const auto& s : view.surveys) {
      out += "  " + terminal_safe(survey_text(s)) + "\n";
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
Row
list_row(const CaseRow& c)
{
  Cell on_hold(c.on_hold ? "true" : "false");
  on_hold.number = true; // a JSON boolean, unquoted
  return {c.reference,
          c.type.value_or("unclassified"),
          case_status_name(c.status),
          c.procedure,
          number_or_null(c.stage),
          c.service,
          c.owner,
          format_date(c.received),
          date_cell(c.acknowledge_due),
          date_cell(c.respond_due),
          number_or_null(c.days_overdue),
          on_hold,
          c.sponsor,
          c.summary};
}

// The rows a list for people sizes its columns from before it prints any, and how many it then
// prints at a time.
constexpr std::size_t k_table_sample = 1000;
constexpr std::size_t k_table_batch = 256;

} // namespace

struct CaseListWriter::Table
{
  TextTable table{{"reference", "type", "procedure", "service", "due", "over", "summary"}};
  std::size_t rows = 0;
  bool started = false;
};

CaseListWriter::CaseListWriter(Format format, Colour colour, std::size_t width, TextSink sink)
    : m_colour(colour), m_sink(std::move(sink))
{
  if (format == Format::table) {
    m_table = std::make_unique<Table>();
    // Long words (service-request, priority-correspondence) give way before the summary does:
    // the widest of type, procedure and service loses a column at a time, down to 8.
    m_table->table.fit(std::max<std::size_t>(width, 40), 12, TextTable::Overflow::cut, {1, 2, 3},
                       8);
  } else {
    m_stream = std::make_unique<RowStream>(format, case_list_columns(), m_sink);
  }
}

CaseListWriter::~CaseListWriter() = default;

void
CaseListWriter::add(const CaseRow& c)
{
  if (m_stream) {
    m_stream->add(list_row(c));
    return;
  }
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
  const bool red = m_colour == Colour::on && c.overdue;
  auto& t = *m_table;
  t.table.add_row({{c.reference},
                   {c.type.value_or("unclassified")},
                   {std::move(procedure)},
                   {c.service.value_or("")},
                   {std::move(due)},
                   {std::move(over), TextTable::Align::right},
                   {c.summary}},
                  red ? k_red : "", red ? k_reset : "");
  ++t.rows;
  if (!t.started && t.rows == k_table_sample) {
    t.started = true;
    t.rows = 0;
    m_sink(t.table.render_and_keep_widths());
  } else if (t.started && t.rows == k_table_batch) {
    t.rows = 0;
    m_sink(t.table.render_more());
  }
}

void
CaseListWriter::finish()
{
  if (m_stream) {
    m_stream->finish();
    return;
  }
  auto& t = *m_table;
  m_sink(t.started ? t.table.render_more() : t.table.render());
}

std::string
render_case_list(const std::vector<CaseRow>& cases, Format format, Colour colour)
{
  std::string out;
  CaseListWriter writer(format, colour, 100, [&out](std::string_view text) { out += text; });
  for (const auto& c : cases) {
    writer.add(c);
  }
  writer.finish();
  return out;
}

} // namespace feedback
