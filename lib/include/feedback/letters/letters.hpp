// SPDX-License-Identifier: MIT
// Letters to the customer (docs/letters.md): templates as the council's data, written in
// Mustache (rendered with kainjow's mustache), filled from a case and printed as text, Markdown
// or HTML; a letter sent is recorded on its case.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

enum class LetterFormat
{
  text,     // plain text, lines wrapped at 78 columns
  markdown, // values escaped for Markdown
  html,     // a whole HTML document, values escaped; large print when the customer asked
};

// "text", "markdown", "html".
inline constexpr std::string_view k_letter_formats[] = {"text", "markdown", "html"};
std::string_view letter_format_name(LetterFormat format) noexcept;
std::optional<LetterFormat> parse_letter_format(std::string_view name) noexcept;

// One value a template may use: its name as written in a tag and what it holds.
struct TemplateValue
{
  std::string_view name;
  std::string_view meaning;
};

// Every value a letter has, in the order docs/letters.md lists them. Values of list items
// (remedies, actions...) are listed as "remedies.description" but written in the list's
// section by their own name ("{{#remedies}}{{description}}{{/remedies}}").
std::span<const TemplateValue> template_values() noexcept;

// Where a template comes from.
enum class TemplateSource
{
  shipped, // carried in the programs (templates/*.mustache)
  council, // added with `feedback-admin template add`, used instead of a shipped one
};
std::string_view template_source_name(TemplateSource source) noexcept;

struct LetterTemplate
{
  std::string name;
  std::string description;
  std::string body;
  TemplateSource source = TemplateSource::shipped;
  std::optional<std::string> added_at = std::nullopt;
  std::optional<std::string> added_by = std::nullopt;
  // The council's template replaces a shipped one of the same name.
  bool replaces_shipped = false;
};

// What is wrong with a template, and where.
struct TemplateProblem
{
  int line = 1; // from 1
  std::string reason;
};

// Nullopt if `body` is a template a letter can be rendered from: it parses as Mustache, uses only
// the values of template_values() and no partials, unescaped values ({{{x}}}, {{&x}}) or
// changed delimiters. Else the first problem and its line.
std::optional<TemplateProblem> check_template(std::string_view body);

// The shipped templates (acknowledgement, holding, stage-response, escalation, ombudsman), by
// name.
std::vector<LetterTemplate> shipped_templates();

// Every template a letter may use, by name: the council's, and the shipped ones it has not
// replaced.
std::vector<LetterTemplate> list_templates(Database& db);

// The template `name`: the council's, else the shipped one; nullopt if neither.
std::optional<LetterTemplate> find_template(Database& db, std::string_view name);

enum class Replace
{
  no,
  yes
};

// Stores the council's template `name`. Throws Error(usage) for a name that is not lower-case
// letters, digits and hyphens; Error(data_error) naming the line and the reason for a body
// check_template refuses, and for a name the council has a template of already unless
// `replace` (a shipped template may be replaced without it: that is what adding is for). An
// empty `description` is the template's opening comment ({{! ...}}), else the one it replaces.
void add_template(Database& db, std::string_view name, std::string_view body,
                  std::string_view description, Replace replace, const Actor& actor);

// Removes the council's template `name` (a shipped one of that name is used again). Throws
// Error(data_error) if the council has none of that name, saying so of a shipped one.
void remove_template(Database& db, std::string_view name);

struct LetterRequest
{
  std::string template_name;
  LetterFormat format = LetterFormat::text;
  // The decision's reasons, written by the officer: a template using {{reasons}} needs them.
  std::optional<std::string> reasons = std::nullopt;
  // Remedies offered at this stage, in the officer's words (the Ombudsman's are on the case).
  std::vector<std::string> remedies = {};
  // The day the letter is dated and the case read as of; nullopt: `actor.today`.
  std::optional<Date> on = std::nullopt;
};

struct Letter
{
  std::string text;
  std::string template_name;
  LetterFormat format = LetterFormat::text;
  bool large_print = false;
  // The customer's preferred format (email, letter, large-print, braille...), if recorded.
  std::optional<std::string> preferred_format = std::nullopt;
};

// The letter of `request.template_name` for case `reference`, dated `request.on` (default
// `actor.today`) and signed by `actor.officer`, from the case as of that day. Throws
// Error(data_error) for an unknown case or template or a day after today or before the case was
// received, Error(usage) when the template uses {{reasons}} and none are given.
Letter write_letter(Database& db, const WorkingCalendar& calendar, std::string_view reference,
                    const LetterRequest& request, const Actor& actor);

// Records on the case that `letter` was sent on `on` (an audit event 'letter' naming the
// template and format and the letter's SHA-256; no personal data). Throws Error(data_error) for
// an unknown case or a day after today or before the case was received.
void record_letter_sent(Database& db, std::string_view reference, const Letter& letter, Date on,
                        const Actor& actor);

// "Friday 27 November 2026": a date as a letter writes it.
std::string long_date(Date d);

} // namespace feedback
