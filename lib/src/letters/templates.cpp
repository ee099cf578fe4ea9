// SPDX-License-Identifier: MIT
// Letter templates: what a template may use, the check a template passes before it is stored,
// the shipped templates and the council's own.
#include "letters/template_syntax.hpp"
#include "storage/template_store.hpp"

#include <feedback/letters/letters.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <charconv>

namespace feedback {

namespace detail {

std::string_view
trim(std::string_view s) noexcept
{
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::vector<TemplateTag>
template_tags(std::string_view body)
{
  std::vector<TemplateTag> tags;
  std::size_t pos = 0;
  while ((pos = body.find("{{", pos)) != std::string_view::npos) {
    const bool triple = body.substr(pos, 3) == "{{{";
    const auto close = body.find(triple ? "}}}" : "}}", pos + (triple ? 3 : 2));
    if (close == std::string_view::npos) {
      break;
    }
    TemplateTag tag;
    tag.begin = pos;
    tag.end = close + (triple ? 3 : 2);
    auto inside = trim(body.substr(pos + (triple ? 3 : 2), close - pos - (triple ? 3 : 2)));
    if (triple) {
      tag.sigil = '{';
    } else if (!inside.empty() &&
               std::string_view("#^/!&><=").find(inside[0]) != std::string_view::npos) {
      tag.sigil = inside[0];
      inside = trim(inside.substr(1));
    }
    tag.name = inside;
    tags.push_back(tag);
    pos = tag.end;
  }
  return tags;
}

int
line_of(std::string_view body, std::size_t offset) noexcept
{
  offset = std::min(offset, body.size());
  return 1 +
         static_cast<int>(std::count(body.begin(), body.begin() + static_cast<long>(offset), '\n'));
}

} // namespace detail

namespace {

// The values of a letter (docs/letters.md lists them in this order, with what they hold).
constexpr TemplateValue k_values[] = {
    {"reference", "the case's reference, e.g. FB-2026-000042"},
    {"letter_date", "the day the letter is written, e.g. Friday 27 November 2026"},
    {"officer", "who signs the letter (--officer, else $USER)"},
    {"customer_name", "the customer's name (absent when not recorded)"},
    {"dear", "the customer's name, else \"Sir or Madam\""},
    {"address_lines", "the lines of the customer's address, each {{.}} (split at commas)"},
    {"large_print", "present when the customer asked for large print"},
    {"sponsor_name", "the councillor or MP who sponsors the case (absent: none)"},
    {"received", "the day the case was received"},
    {"summary", "the case's summary"},
    {"type", "its type: complaint, enquiry..."},
    {"complaint", "present when the case is a complaint: decided (upheld or not), put right and "
                  "taken further (absent for an enquiry and the other types)"},
    {"service", "the service's name"},
    {"procedure", "the name of the procedure of the current stage"},
    {"stage", "the current stage's number (absent: no stages, or informal resolution)"},
    {"stage_name", "the current stage's name in the policy, e.g. Stage 2: independent review"},
    {"informal", "present at informal resolution (before stage 1)"},
    {"stage_started", "the day the current stage started (a later stage: the day asked for)"},
    {"independent", "present when the current stage is considered by someone not involved "
                    "before"},
    {"acknowledged", "the day the current stage was acknowledged"},
    {"acknowledge_by", "the current stage's acknowledgement deadline"},
    {"respond_by", "the current stage's response deadline, extensions and holds counted"},
    {"extended", "present when the current stage's response deadline was extended"},
    {"extension_days", "the working days of extension granted in all"},
    {"extension_reason", "the reason given for the latest extension"},
    {"responded", "the day the current stage was responded to"},
    {"outcome", "the current stage's outcome, e.g. Partially upheld"},
    {"areas", "the complaint areas of the current stage, each {{.}}"},
    {"reasons", "the decision's reasons, written by the officer (letter --reasons)"},
    {"remedies", "the remedies: offered at this stage (letter --remedy) and the Ombudsman's"},
    {"remedies.description", "what is done, e.g. a payment of £250.00"},
    {"remedies.due", "when it is due (absent: no date)"},
    {"remedies.done", "the day it was done (absent: not yet)"},
    {"actions", "the outstanding actions: learning entries with an action not yet done"},
    {"actions.action", "the action"},
    {"actions.due", "when it is due (absent: no date)"},
    {"previous_stage", "the stage before the current one, e.g. stage 1 (absent: none)"},
    {"next_stage", "the next stage the customer may ask for, e.g. stage 2 of the Corporate "
                   "complaints procedure (absent: none)"},
    {"escalate_within", "the working days after the response in which to ask for it (absent: "
                        "no window)"},
    {"escalate_by", "the last day to ask for it: the window counted from the response (from "
                    "the letter's date before the response is recorded)"},
    {"next_ombudsman", "present when the next step is the Ombudsman"},
    {"ombudsman_ref", "the Ombudsman's reference (absent: not with the Ombudsman)"},
    {"ombudsman_opened", "the day the Ombudsman's enquiry was recorded"},
    {"ombudsman_decision", "the Ombudsman's decision, e.g. Upheld (absent: none yet)"},
    {"ombudsman_decided", "the day of the decision"},
};

} // namespace

FEEDBACK_ENUM_WORD_FUNCTIONS(LetterFormat, letter_format_name, parse_letter_format,
                             k_letter_formats)

std::span<const TemplateValue>
template_values() noexcept
{
  return k_values;
}

std::string_view
template_source_name(TemplateSource source) noexcept
{
  return source == TemplateSource::shipped ? "shipped" : "council";
}

std::optional<TemplateProblem>
check_template(std::string_view body)
{
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return TemplateProblem{1, "the template is empty"};
  }
  if (body.find('\0') != std::string_view::npos) {
    return TemplateProblem{detail::line_of(body, body.find('\0')), "a NUL byte"};
  }
  // Mustache's own parser first: its errors end "at OFFSET".
  kainjow::mustache::mustache parsed{std::string(body)};
  if (!parsed.is_valid()) {
    std::string reason = parsed.error_message();
    std::size_t offset = 0;
    if (const auto at = reason.rfind(" at "); at != std::string::npos) {
      const auto digits = std::string_view(reason).substr(at + 4);
      std::from_chars(digits.data(), digits.data() + digits.size(), offset);
      reason.erase(at);
    }
    if (!reason.empty()) {
      reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    }
    return TemplateProblem{detail::line_of(body, offset), reason};
  }
  for (const auto& tag : detail::template_tags(body)) {
    const int line = detail::line_of(body, tag.begin);
    switch (tag.sigil) {
    case '!':
      continue;
    case '{':
    case '&':
      return TemplateProblem{line,
                             fmt::format("'{}' would print a value unescaped: write "
                                         "{{{{{}}}}}",
                                         body.substr(tag.begin, tag.end - tag.begin), tag.name)};
    case '>':
    case '<':
      return TemplateProblem{line, fmt::format("'{}': a letter template has no partials",
                                               body.substr(tag.begin, tag.end - tag.begin))};
    case '=':
      return TemplateProblem{line, fmt::format("'{}': a letter template keeps the delimiters "
                                               "{{{{ and }}}}",
                                               body.substr(tag.begin, tag.end - tag.begin))};
    default:
      break;
    }
    if (tag.name == ".") {
      continue;
    }
    const bool known = std::any_of(std::begin(k_values), std::end(k_values), [&](const auto& v) {
      const auto dot = v.name.find('.');
      return (dot == std::string_view::npos ? v.name : v.name.substr(dot + 1)) == tag.name;
    });
    if (!known) {
      return TemplateProblem{line, fmt::format("unknown value '{}' (docs/letters.md lists the "
                                               "values a letter has)",
                                               tag.name)};
    }
  }
  return std::nullopt;
}

namespace {

// The comment a template opens with ("{{! ... }}"), or "".
std::string
leading_comment(std::string_view body)
{
  const auto tags = detail::template_tags(body);
  if (!tags.empty() && tags.front().begin == 0 && tags.front().sigil == '!') {
    return std::string(tags.front().name);
  }
  return {};
}

} // namespace

std::vector<LetterTemplate>
shipped_templates()
{
  std::vector<LetterTemplate> out;
  for (const auto& t : detail::shipped_template_texts()) {
    LetterTemplate lt;
    lt.name = std::string(t.name);
    lt.body = std::string(t.body);
    lt.description = leading_comment(t.body);
    out.push_back(std::move(lt));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

namespace {

LetterTemplate
from_row(detail::TemplateRow row, bool replaces)
{
  LetterTemplate t;
  t.name = std::move(row.name);
  t.description = std::move(row.description);
  t.body = std::move(row.body);
  t.source = TemplateSource::council;
  t.added_at = std::move(row.added_at);
  t.added_by = std::move(row.added_by);
  t.replaces_shipped = replaces;
  return t;
}

bool
is_shipped(std::string_view name)
{
  const auto texts = detail::shipped_template_texts();
  return std::any_of(texts.begin(), texts.end(), [&](const auto& t) { return t.name == name; });
}

} // namespace

std::vector<LetterTemplate>
list_templates(Database& db)
{
  std::vector<LetterTemplate> out;
  for (auto& row : detail::load_templates(db)) {
    const bool replaces = is_shipped(row.name);
    out.push_back(from_row(std::move(row), replaces));
  }
  for (auto& t : shipped_templates()) {
    if (std::none_of(out.begin(), out.end(), [&](const auto& c) { return c.name == t.name; })) {
      out.push_back(std::move(t));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::optional<LetterTemplate>
find_template(Database& db, std::string_view name)
{
  if (auto row = detail::load_template(db, name)) {
    return from_row(std::move(*row), is_shipped(name));
  }
  for (auto& t : shipped_templates()) {
    if (t.name == name) {
      return std::move(t);
    }
  }
  return std::nullopt;
}

void
add_template(Database& db, std::string_view name, std::string_view body,
             std::string_view description, Replace replace, const Actor& actor)
{
  const bool name_ok = !name.empty() && name.size() <= 64 && name.front() != '-' &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       });
  if (!name_ok) {
    throw Error(ExitCode::usage,
                fmt::format("template name '{}': lower-case letters, digits and hyphens, "
                            "starting with a letter or digit (at most 64)",
                            name));
  }
  if (const auto problem = check_template(body)) {
    throw Error(ExitCode::data_error,
                fmt::format("template '{}' line {}: {}", name, problem->line, problem->reason));
  }
  Transaction tx(db);
  const auto existing = detail::load_template(db, name);
  if (replace == Replace::no && existing) {
    throw Error(
        ExitCode::data_error,
        fmt::format("the council has a template '{}' already (--replace writes over it)", name));
  }
  // Not given: the template's opening comment, else the description it replaces.
  std::string described(description);
  if (described.empty()) {
    described = leading_comment(body);
  }
  if (described.empty() && existing) {
    described = existing->description;
  }
  detail::upsert_template(
      db, {std::string(name), described, std::string(body), actor.now, actor.officer});
  tx.commit();
}

void
remove_template(Database& db, std::string_view name)
{
  Transaction tx(db);
  if (!detail::delete_template(db, name)) {
    throw Error(ExitCode::data_error,
                is_shipped(name)
                    ? fmt::format("template '{}' is shipped with the programs and cannot be "
                                  "removed (add one of that name to use instead)",
                                  name)
                    : fmt::format("unknown template '{}'", name));
  }
  tx.commit();
}

} // namespace feedback
