// SPDX-License-Identifier: MIT
// A letter: the values of a case as a template sees them, rendered with kainjow's Mustache and
// laid out as text, Markdown or HTML; recording that it was sent.
#include "cases/case_rules.hpp"
#include "letters/template_syntax.hpp"
#include "storage/case_store.hpp"
#include "storage/ombudsman_store.hpp"

#include <feedback/escalation/escalation.hpp>
#include <feedback/letters/letters.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/digest.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/text.hpp>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <array>

namespace feedback {

namespace {

using Data = kainjow::mustache::data;
using detail::trim;

constexpr std::size_t k_text_width = 78;

// The lines of an address as stored ("1 Elm Row, Ashbury, AB1 2CD"): split at commas and line
// breaks, each trimmed, empty ones left out.
std::vector<std::string>
address_lines(std::string_view address)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= address.size()) {
    const auto end = address.find_first_of(",\n", start);
    const auto part =
        trim(address.substr(start, end == std::string_view::npos ? end : end - start));
    if (!part.empty()) {
      out.emplace_back(part);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

std::string
remedy_description(const RemedyView& r)
{
  if (r.kind == "apology") {
    return "an apology";
  }
  if (r.kind == "payment") {
    return r.amount_pence ? fmt::format("a payment of {}", format_pounds(*r.amount_pence))
                          : "a payment";
  }
  if (r.kind == "fresh-assessment") {
    return "a fresh assessment";
  }
  if (r.kind == "service-change") {
    return "a change to the service";
  }
  return r.kind;
}

// Where the customer goes from `stage` of `view` if still dissatisfied, under the policy the
// stage ran under (as escalate_stage decides it).
void
set_next_step(Data& d, Database& db, const WorkingCalendar& calendar, const StageView& stage,
              Date today)
{
  if (!stage.procedure) {
    return;
  }
  const auto policy = load_policy(db, stage.policy_version);
  const auto* proc = policy.procedure(*stage.procedure);
  if (proc == nullptr) {
    return;
  }
  if (stage.stage == 0) {
    d.set("next_stage", fmt::format("stage 1 of the {}", proc->name));
    return;
  }
  const auto* sp = proc->stage(stage.stage.value_or(1));
  if (sp == nullptr) {
    return;
  }
  std::optional<std::string> next_procedure = sp->next_procedure;
  std::optional<int> next_stage = sp->next_stage;
  if (!next_procedure && !next_stage && proc->stage(sp->stage + 1) != nullptr) {
    next_stage = sp->stage + 1;
  }
  if (next_procedure == "ombudsman" || (!next_procedure && !next_stage)) {
    d.set("next_ombudsman", true);
    return;
  }
  const auto* to = next_procedure ? policy.procedure(*next_procedure) : proc;
  d.set("next_stage", fmt::format("stage {} of the {}", next_stage.value_or(1),
                                  to != nullptr ? to->name : *next_procedure));
  if (proc->escalation_window_days) {
    // Counted from the response; a letter written before the response is recorded is the
    // response itself, sent the day it is written.
    d.set("escalate_within", std::to_string(*proc->escalation_window_days));
    d.set("escalate_by", long_date(calendar.add_working_days(stage.responded.value_or(today),
                                                             *proc->escalation_window_days)));
  }
}

Data
letter_data(Database& db, const WorkingCalendar& calendar, const CaseView& view,
            const LetterRequest& request, const Actor& actor)
{
  Data d;
  d.set("reference", view.reference);
  d.set("letter_date", long_date(actor.today));
  d.set("officer", actor.officer);
  const auto& person = view.person;
  if (person && person->name) {
    d.set("customer_name", *person->name);
  }
  d.set("dear", person && person->name ? *person->name : std::string("Sir or Madam"));
  Data lines{Data::type::list};
  if (person && person->address) {
    for (const auto& line : address_lines(*person->address)) {
      lines.push_back(Data(line));
    }
  }
  d.set("address_lines", lines);
  if (person && person->preferred_format == "large-print") {
    d.set("large_print", true);
  }
  if (view.sponsor_name) {
    d.set("sponsor_name", *view.sponsor_name);
  }
  d.set("received", long_date(view.received));
  d.set("summary", view.summary);
  d.set("type", view.type.value_or("contact"));
  // Only a complaint is decided (upheld or not), put right, and taken further (a later stage,
  // the Ombudsman): a letter answering an enquiry or another type speaks of none of them.
  const bool complaint = view.type && vocabulary::type_has_outcome(*view.type);
  if (complaint) {
    d.set("complaint", true);
  }
  if (view.service) {
    const auto service = find_service(db, *view.service);
    d.set("service", service ? service->name : *view.service);
  }
  const auto vocabulary = load_vocabulary(db);
  if (const auto* stage = view.current()) {
    if (stage->procedure) {
      const auto policy = load_policy(db, stage->policy_version);
      const auto* proc = policy.procedure(*stage->procedure);
      d.set("procedure", proc != nullptr ? proc->name : *stage->procedure);
      if (stage->stage == 0) {
        d.set("informal", true);
        d.set("stage_name", "Informal resolution");
      } else if (stage->stage) {
        d.set("stage", std::to_string(*stage->stage));
        const auto* sp = proc != nullptr ? proc->stage(*stage->stage) : nullptr;
        d.set("stage_name", sp != nullptr ? sp->name : fmt::format("Stage {}", *stage->stage));
      }
    }
    d.set("stage_started", long_date(stage->started));
    if (stage->independent) {
      d.set("independent", true);
    }
    if (stage->acknowledged) {
      d.set("acknowledged", long_date(*stage->acknowledged));
    }
    if (stage->deadlines.acknowledge_due) {
      d.set("acknowledge_by", long_date(*stage->deadlines.acknowledge_due));
    }
    if (stage->deadlines.respond_due) {
      d.set("respond_by", long_date(*stage->deadlines.respond_due));
    }
    if (!stage->extensions.empty()) {
      d.set("extended", true);
      d.set("extension_days", std::to_string(stage->deadlines.extension_days));
      d.set("extension_reason", stage->extensions.back().reason);
    }
    if (stage->responded) {
      d.set("responded", long_date(*stage->responded));
    }
    if (stage->outcome) {
      d.set("outcome", std::string(vocabulary.display_name(WordKind::outcome, *stage->outcome)));
    }
    Data areas{Data::type::list};
    for (const auto& a : stage->areas) {
      areas.push_back(Data(std::string(vocabulary.display_name(WordKind::area, a))));
    }
    d.set("areas", areas);
    if (view.stages.size() >= 2) {
      const auto& before = view.stages[view.stages.size() - 2];
      if (before.stage == 0) {
        d.set("previous_stage", "informal resolution");
      } else if (before.stage) {
        d.set("previous_stage", fmt::format("stage {}", *before.stage));
      }
    }
    if (complaint) {
      set_next_step(d, db, calendar, *stage, actor.today);
    }
  }
  if (request.reasons) {
    d.set("reasons", *request.reasons);
  }
  Data remedies{Data::type::list};
  for (const auto& text : request.remedies) {
    Data r;
    r.set("description", text);
    remedies.push_back(r);
  }
  if (const auto ombudsman = detail::find_ombudsman(db, view.id)) {
    d.set("ombudsman_ref", ombudsman->their_ref);
    d.set("ombudsman_opened", long_date(ombudsman->opened_on));
    if (ombudsman->decision) {
      d.set("ombudsman_decision", std::string(vocabulary.display_name(WordKind::ombudsman_decision,
                                                                      *ombudsman->decision)));
    }
    if (ombudsman->decided_on) {
      d.set("ombudsman_decided", long_date(*ombudsman->decided_on));
    }
    for (const auto& row : detail::list_remedies(db, view.id)) {
      Data r;
      r.set("description", remedy_description(row));
      r.set("due", long_date(row.due));
      if (row.done_on) {
        r.set("done", long_date(*row.done_on));
      }
      remedies.push_back(r);
    }
  }
  d.set("remedies", remedies);
  Data actions{Data::type::list};
  for (const auto& l : view.learning) {
    if (l.action && !l.done_on) {
      Data a;
      a.set("action", *l.action);
      if (l.due) {
        a.set("due", long_date(*l.due));
      }
      actions.push_back(a);
    }
  }
  d.set("actions", actions);
  return d;
}

std::string
html_escape(const std::string& s)
{
  return escape_html(s);
}

// A value in Markdown prints as its text: each character Markdown would read as markup is
// escaped with a backslash (CommonMark: any ASCII punctuation may be).
std::string
markdown_escape(const std::string& s)
{
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (std::string_view("\\`*_[]<>#|!").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// `body` with the text outside its tags escaped: the template is plain text in every format.
std::string
escape_literal_text(std::string_view body, std::string (*escape)(const std::string&))
{
  std::string out;
  std::size_t pos = 0;
  for (const auto& tag : detail::template_tags(body)) {
    out += escape(std::string(body.substr(pos, tag.begin - pos)));
    out += body.substr(tag.begin, tag.end - tag.begin);
    pos = tag.end;
  }
  out += escape(std::string(body.substr(pos)));
  return out;
}

std::vector<std::string_view>
split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool
is_item(std::string_view line) noexcept
{
  return line.starts_with("- ");
}

bool
is_heading(std::string_view line) noexcept
{
  return line.starts_with("# ");
}

// Blank lines at the ends dropped and runs of them made one, each line without trailing spaces.
std::vector<std::string>
tidy_lines(std::string_view rendered)
{
  std::vector<std::string> out;
  for (const auto line : split_lines(rendered)) {
    auto end = line.find_last_not_of(" \t\r");
    const auto kept = end == std::string_view::npos ? std::string_view() : line.substr(0, end + 1);
    if (kept.empty() && (out.empty() || out.back().empty())) {
      continue;
    }
    out.emplace_back(kept);
  }
  while (!out.empty() && out.back().empty()) {
    out.pop_back();
  }
  return out;
}

std::string
layout_text(const std::vector<std::string>& lines)
{
  std::string out;
  for (const auto& line : lines) {
    if (is_heading(line)) {
      const auto title = std::string_view(line).substr(2);
      out += fmt::format("{}\n{}\n", title, std::string(display_width(title), '='));
      continue;
    }
    const bool item = is_item(line);
    const auto wrapped = wrap(item ? std::string_view(line).substr(2) : std::string_view(line),
                              item ? k_text_width - 2 : k_text_width);
    for (std::size_t i = 0; i < wrapped.size(); ++i) {
      out += fmt::format("{}{}\n", item ? (i == 0 ? "- " : "  ") : "", wrapped[i]);
    }
  }
  return out;
}

std::string
layout_markdown(const std::vector<std::string>& lines)
{
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    out += line;
    // A line break inside a paragraph is kept (an address, a signature): CommonMark's hard
    // break, a backslash at the end of the line.
    const bool next_continues =
        i + 1 < lines.size() && !lines[i + 1].empty() && !is_item(lines[i + 1]);
    if (!line.empty() && next_continues && !is_heading(line) && !is_item(line)) {
      out += '\\';
    }
    out += '\n';
    if (is_heading(line) && next_continues) {
      out += '\n';
    }
  }
  return out;
}

std::string
layout_html(const std::vector<std::string>& lines, std::string_view title, bool large_print)
{
  std::string body;
  std::size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].empty()) {
      ++i;
    } else if (is_heading(lines[i])) {
      body += fmt::format("<h2>{}</h2>\n", std::string_view(lines[i]).substr(2));
      ++i;
    } else if (is_item(lines[i])) {
      body += "<ul>\n";
      for (; i < lines.size() && is_item(lines[i]); ++i) {
        body += fmt::format("<li>{}</li>\n", std::string_view(lines[i]).substr(2));
      }
      body += "</ul>\n";
    } else {
      body += "<p>";
      for (bool first = true;
           i < lines.size() && !lines[i].empty() && !is_item(lines[i]) && !is_heading(lines[i]);
           ++i, first = false) {
        body += fmt::format("{}{}", first ? "" : "<br>\n", lines[i]);
      }
      body += "</p>\n";
    }
  }
  // Large print: RNIB's clear print guidance puts it at 16 to 18 point; 18 here, with generous
  // spacing. Otherwise 12 point, the size of the council's ordinary letters.
  return fmt::format("<!DOCTYPE html>\n"
                     "<html lang=\"en-GB\">\n"
                     "<head>\n"
                     "<meta charset=\"utf-8\">\n"
                     "<title>{}</title>\n"
                     "<style>\n"
                     "body {{ font-family: Arial, Helvetica, sans-serif; font-size: {}; "
                     "line-height: {}; max-width: 40em; margin: 2em auto; }}\n"
                     "h2 {{ font-size: 1.2em; }}\n"
                     "</style>\n"
                     "</head>\n"
                     "<body{}>\n"
                     "{}"
                     "</body>\n"
                     "</html>\n",
                     title, large_print ? "18pt" : "12pt", large_print ? "1.6" : "1.4",
                     large_print ? " class=\"large-print\"" : "", body);
}

bool
uses_value(std::string_view body, std::string_view name)
{
  const auto tags = detail::template_tags(body);
  return std::any_of(tags.begin(), tags.end(),
                     [&](const auto& t) { return t.sigil != '!' && t.name == name; });
}

} // namespace

std::string
long_date(Date d)
{
  static constexpr std::array<std::string_view, 7> k_days = {
      "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static constexpr std::array<std::string_view, 12> k_months = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const date::weekday wd{date::sys_days{d}};
  return fmt::format("{} {} {} {}", k_days[wd.c_encoding()], static_cast<unsigned>(d.day()),
                     k_months[static_cast<unsigned>(d.month()) - 1], static_cast<int>(d.year()));
}

Letter
write_letter(Database& db, const WorkingCalendar& calendar, std::string_view reference,
             const LetterRequest& request, const Actor& actor)
{
  const auto tmpl = find_template(db, request.template_name);
  if (!tmpl) {
    std::string names;
    for (const auto& t : list_templates(db)) {
      names += fmt::format("{}{}", names.empty() ? "" : ", ", t.name);
    }
    throw Error(ExitCode::data_error,
                fmt::format("unknown template '{}' (templates: {})", request.template_name, names));
  }
  if (uses_value(tmpl->body, "reasons") && (!request.reasons || trim(*request.reasons).empty())) {
    throw Error(ExitCode::usage,
                fmt::format("template '{}' states the decision's reasons: give them with "
                            "--reasons TEXT or --reasons-file FILE",
                            tmpl->name));
  }
  const Date on = request.on.value_or(actor.today);
  const auto view = find_case(db, calendar, reference, on);
  if (!view) {
    throw Error(ExitCode::data_error, fmt::format("unknown case reference: '{}'", reference));
  }
  detail::check_on(on, actor, view->received, "the case was received");
  Actor dated = actor;
  dated.today = on;
  Letter letter;
  letter.template_name = tmpl->name;
  letter.format = request.format;
  letter.large_print = view->person && view->person->preferred_format == "large-print";
  if (view->person) {
    letter.preferred_format = view->person->preferred_format;
  }
  const auto data = letter_data(db, calendar, *view, request, dated);
  std::string source = tmpl->body;
  std::string (*escape)(const std::string&) = nullptr;
  if (request.format == LetterFormat::html) {
    escape = html_escape;
    source = escape_literal_text(tmpl->body, html_escape);
  } else if (request.format == LetterFormat::markdown) {
    escape = markdown_escape;
  }
  kainjow::mustache::mustache m{source};
  if (!m.is_valid()) {
    // A stored template passed check_template; this is a shipped one gone wrong.
    throw Error(ExitCode::software,
                fmt::format("template '{}': {}", tmpl->name, m.error_message()));
  }
  m.set_custom_escape(escape != nullptr ? kainjow::mustache::mustache::escape_handler(escape)
                                        : [](const std::string& s) { return s; });
  const auto rendered = m.render(data);
  if (!m.is_valid()) {
    throw Error(ExitCode::software,
                fmt::format("template '{}': {}", tmpl->name, m.error_message()));
  }
  const auto lines = tidy_lines(rendered);
  switch (request.format) {
  case LetterFormat::text:
    letter.text = layout_text(lines);
    break;
  case LetterFormat::markdown:
    letter.text = layout_markdown(lines);
    break;
  case LetterFormat::html:
    letter.text = layout_html(lines, html_escape(fmt::format("{} {}", view->reference, tmpl->name)),
                              letter.large_print);
    break;
  }
  return letter;
}

void
record_letter_sent(Database& db, std::string_view reference, const Letter& letter, Date on,
                   const Actor& actor)
{
  Transaction tx(db);
  const auto c = detail::load_state(db, reference);
  detail::check_on(on, actor, c.received, "the case was received");
  detail::record_event(
      db, c.id, actor, on, "letter", std::nullopt, letter.template_name,
      fmt::format("{}{}, sha256 {}", letter_format_name(letter.format),
                  letter.large_print && letter.format == LetterFormat::html ? " (large print)" : "",
                  sha256_hex(letter.text)));
  tx.commit();
}

} // namespace feedback
