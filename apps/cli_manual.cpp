// SPDX-License-Identifier: MIT
// The manual pages and completions are generated here from the programs' own CLI11 definitions,
// not written in Markdown for pandoc or ronn: a definition is the one place a subcommand, its
// options and their descriptions are written, so help, manual and completion cannot disagree,
// and a subcommand added by anyone appears in all three. What the definitions do not hold (a
// program's longer description, the examples) is below, keyed by command.
#include "cli_manual.hpp"

#include "cli_support.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <set>

namespace feedback::cli {

extern const char* const k_version;
extern const char* const k_source_date;

namespace {

// ---- what the definitions do not hold ----

struct ProgramText
{
  std::string_view program;
  std::string_view description; // paragraphs, separated by blank lines
};

constexpr ProgramText k_programs[] = {
    {"feedback-admin",
     "feedback-admin creates and checks a feedback database and keeps what the other programs "
     "read from it: the working-day calendar (bank holidays by rule for England and Wales, "
     "Scotland and Northern Ireland, and the council's closure days), the policy (procedures, "
     "stages, timescales, the escalation ladder and the classification rules) and the "
     "council's services.\n\n"
     "It also copies a live database to a backup file while officers keep working, and "
     "restores one, verifying the copy first.\n\n"
     "On PostgreSQL, init --roles creates the group roles feedback_officer (cases and "
     "contacts), feedback_reporting (no personal data: the server refuses it) and "
     "feedback_admin (policy, retention, everything). A council gives each officer a login of "
     "their own, granted a role (CREATE ROLE alice LOGIN; GRANT feedback_officer TO alice), "
     "and the audit trail then records the database user."},
    {"feedback-log",
     "feedback-log records a new case (a complaint, compliment, comment, suggestion, enquiry "
     "or service request) and works it to the end: classification, acknowledgement, holds, "
     "extensions, the response, closing, learning from it and the customer's survey.\n\n"
     "Every change is one transaction with an audit event, and a failed command leaves the "
     "database as it was. Deadlines are derived afresh from the policy the case started under "
     "and the working-day calendar whenever a case is shown or listed."},
    {"feedback-escalate",
     "feedback-escalate takes a responded case to the next stage of its procedure "
     "(feedback-escalate REF --reason TEXT), records the Ombudsman's involvement, decision and "
     "remedies, runs the nightly overdue ladder and prints the overdue lists each service is "
     "sent.\n\n"
     "The nightly run records every escalation step reached by today once, with the day it was "
     "reached, so a night the server was off is caught up by the next run and a second run "
     "the same day changes nothing. It exits 75 if the database stayed busy, so that cron or "
     "systemd can try again."},
    {"feedback-report",
     "feedback-report prints the figures councils publish, for a period given as --from and "
     "--to, a financial --year, a --quarter or a --month: volumes, timeliness, the monthly "
     "KPI, outcomes, the Ombudsman, learning, satisfaction, data quality, and the annual "
     "report with charts.\n\n"
     "No report reads personal data: while one runs, the connection refuses reads of the "
     "personal-data table and of free-text columns."},
    {"feedback-import",
     "feedback-import brings a legacy export (CSV, JSON Lines or a JSON array) into the "
     "database as cases, as a mapping file says. Importing the same export again changes "
     "nothing; a newer export adds and updates. A bad record refuses the whole file unless "
     "--on-error skip is given, and an interrupted import leaves the database as it was."},
};

struct ExampleEntry
{
  std::string_view path;
  Example example;
};

// Examples for each command, by command_path(). Dates are those of the README's tour.
constexpr ExampleEntry k_examples[] = {
    // feedback-admin
    {"feedback-admin",
     {"feedback-admin --db council.db init --region england-and-wales",
      "Create a council's database, readable by its owner only"}},
    {"feedback-admin", {"feedback-admin check", "Check the database in $FEEDBACK_DB"}},
    {"feedback-admin init",
     {"feedback-admin --db council.db init --region scotland",
      "Create a database whose bank holidays are Scotland's"}},
    {"feedback-admin init",
     {"feedback-admin --db postgresql://owner@db/feedback init --roles",
      "PostgreSQL: create the roles feedback_officer, feedback_reporting and feedback_admin; "
      "then one login per officer, e.g. GRANT feedback_officer TO alice, so that the audit "
      "trail records the database user (docs/postgresql.md)"}},
    {"feedback-admin check",
     {"feedback-admin --db council.db check", "Check integrity and schema; exit 65 on a problem"}},
    {"feedback-admin backup",
     {"feedback-admin backup /var/backups/feedback/council-$(date +%F).db",
      "Copy the live database to a new file (mode 0600), verified before it is kept"}},
    {"feedback-admin restore",
     {"feedback-admin --db council.db restore --force council-2026-11-28.db",
      "Replace the database with a backup, once the backup verifies"}},
    {"feedback-admin calendar add-days",
     {"feedback-admin calendar add-days 2026-12-23 10",
      "The day 10 working days after 23 December 2026"}},
    {"feedback-admin calendar add-days",
     {"printf '2026-11-21,10\\n2026-04-02,3\\n' | feedback-admin calendar add-days --stdin",
      "Answer many lines DATE,N at once"}},
    {"feedback-admin calendar between",
     {"feedback-admin calendar between 2026-12-23 2027-01-15",
      "Working days taken from receipt to response"}},
    {"feedback-admin calendar is-working",
     {"feedback-admin calendar is-working 2026-12-28 || echo closed",
      "Exit 1 on a day the council does not work"}},
    {"feedback-admin calendar holidays",
     {"feedback-admin calendar holidays --from 2026-01-01 --to 2026-12-31 --format csv",
      "A year's bank holidays and closure days on weekdays, as CSV"}},
    {"feedback-admin calendar closure add",
     {"feedback-admin calendar closure add 2026-12-29 --to 2026-12-31 --reason \"Christmas "
      "closure\"",
      "Three closure days"}},
    {"feedback-admin calendar closure list",
     {"feedback-admin calendar closure list --from 2026-01-01 --format markdown",
      "Closure days from 2026 on, as a Markdown table"}},
    {"feedback-admin calendar closure remove",
     {"feedback-admin calendar closure remove 2026-12-31", "Remove one closure day"}},
    {"feedback-admin calendar load-govuk",
     {"feedback-admin calendar load-govuk bank-holidays.json",
      "Load the official list from www.gov.uk/bank-holidays.json"}},
    {"feedback-admin policy show",
     {"feedback-admin policy show", "The procedures, timescales and ladder in force"}},
    {"feedback-admin policy export",
     {"feedback-admin policy export policy.json", "Write the policy in force as JSON"}},
    {"feedback-admin policy import",
     {"feedback-admin policy import policy.json --note \"Stage 2 in 20 working days\"",
      "Store an edited policy as a new version; running cases keep theirs"}},
    {"feedback-admin service add",
     {"feedback-admin service add HWY --name Highways --directorate Place",
      "Add a service that cases are routed to"}},
    {"feedback-admin service list",
     {"feedback-admin service list --format csv", "The services, as CSV"}},
    {"feedback-admin service merge",
     {"feedback-admin service merge ROADS --into HWY",
      "Move every case of ROADS to HWY (each audited) and retire ROADS"}},
    {"feedback-admin service retire",
     {"feedback-admin service retire ROADS", "No new cases for ROADS; its cases keep it"}},
    {"feedback-admin template list",
     {"feedback-admin template list", "The letter templates, shipped and the council's"}},
    {"feedback-admin template add",
     {"feedback-admin template add stage-response our-response.mustache",
      "Use the council's own stage response letter (checked first)"}},
    // feedback-log
    {"feedback-log",
     {"feedback-log new --channel email --summary \"Pothole not repaired\"",
      "Log a case; prints its reference"}},
    {"feedback-log", {"feedback-log show FB-2026-000123", "A case: facts, deadlines, timeline"}},
    {"feedback-log new",
     {"feedback-log new --type complaint --channel email --service HWY --summary \"Pothole not "
      "repaired\" --name \"A. Resident\"",
      "Log a complaint; prints its reference, e.g. FB-2026-000123"}},
    {"feedback-log show",
     {"feedback-log show FB-2026-000123 --format json", "A case as JSON, for scripts"}},
    {"feedback-log list",
     {"feedback-log list --open --service HWY --format csv", "Open cases of one service"}},
    {"feedback-log list", {"feedback-log list --overdue", "Cases with a deadline passed"}},
    {"feedback-log classify",
     {"feedback-log classify FB-2026-000123 --as complaint --explain",
      "Classify a case and say which rule chose its procedure"}},
    {"feedback-log redirect",
     {"feedback-log redirect FB-2026-000123 --to \"Environment Agency\"",
      "Not the council's: redirect and close"}},
    {"feedback-log assign",
     {"feedback-log assign FB-2026-000123 --to j.smith", "Give the case to an officer"}},
    {"feedback-log note",
     {"feedback-log note FB-2026-000123 Called the customer back", "Add a note"}},
    {"feedback-log edit",
     {"feedback-log edit FB-2026-000123 --received 2026-11-02 --channel phone",
      "Correct facts entered wrongly; deadlines follow, each change is audited"}},
    {"feedback-log ack",
     {"feedback-log ack FB-2026-000123 --on 2026-11-03",
      "Record the acknowledgement sent on 3 November"}},
    {"feedback-log hold",
     {"feedback-log hold FB-2026-000123 --reason \"Waiting for photos from the customer\"",
      "Stop the response clock"}},
    {"feedback-log resume",
     {"feedback-log resume FB-2026-000123", "Start it again; the days on hold are added"}},
    {"feedback-log extend",
     {"feedback-log extend FB-2026-000123 --days 5 --reason \"Inspection booked\"",
      "Extend the response deadline; prints the new one"}},
    {"feedback-log respond",
     {"feedback-log respond FB-2026-000123 --outcome upheld --area service-failure",
      "Record the stage's response"}},
    {"feedback-log close", {"feedback-log close FB-2026-000123", "Close the case"}},
    {"feedback-log reopen",
     {"feedback-log reopen FB-2026-000123 --reason \"Closed by mistake\"", "Reopen a closed case"}},
    {"feedback-log learn",
     {"feedback-log learn FB-2026-000123 --problem \"Repairs were not booked\" --improvement "
      "\"Weekly check of open repairs\"",
      "Record what the council learnt; prints its id"}},
    {"feedback-log survey",
     {"feedback-log survey FB-2026-000123 --satisfied no --stars 2 --reason \"Took too long\"",
      "Record the customer's answers"}},
    {"feedback-log letter",
     {"feedback-log letter FB-2026-000123 --template acknowledgement --sent",
      "Print the acknowledgement letter and record it as sent"}},
    {"feedback-log letter",
     {"feedback-log letter FB-2026-000123 --template stage-response --reasons-file why.txt "
      "--format html > letter.html",
      "The stage response as HTML (large print when the customer asked)"}},
    // feedback-escalate
    {"feedback-escalate",
     {"feedback-escalate FB-2026-000123 --reason \"Still unhappy\" --on 2026-11-25",
      "Take a responded case to the next stage; prints the new deadlines"}},
    {"feedback-escalate",
     {"feedback-escalate overdue --within 2 --group-by service",
      "Overdue cases, and those due within 2 working days, by service"}},
    {"feedback-escalate stage",
     {"feedback-escalate stage FB-2026-000123 --reason \"Still unhappy\"",
      "The same as feedback-escalate FB-2026-000123 --reason ..."}},
    {"feedback-escalate ombudsman",
     {"feedback-escalate ombudsman FB-2026-000123 --their-ref 26-001-234",
      "The Ombudsman is looking at the case"}},
    {"feedback-escalate decision",
     {"feedback-escalate decision FB-2026-000123 --decision upheld",
      "Record the Ombudsman's decision"}},
    {"feedback-escalate remedy",
     {"feedback-escalate remedy FB-2026-000123 --kind payment --amount 250.00 --due 2027-01-15",
      "Record a remedy agreed; prints its id"}},
    {"feedback-escalate remedy-done",
     {"feedback-escalate remedy-done FB-2026-000123 1", "Mark remedy 1 done"}},
    {"feedback-escalate run",
     {"feedback-escalate run --dry-run", "What tonight's run would record; changes nothing"}},
    {"feedback-escalate run",
     {"feedback-escalate run >>/var/log/feedback/escalate.log",
      "The nightly run, as cron or a systemd timer starts it"}},
    {"feedback-escalate overdue",
     {"feedback-escalate overdue --within 5 --split-dir weekly/$(date +%F) --format csv",
      "One CSV file per service; prints the files written"}},
    // feedback-report
    {"feedback-report",
     {"feedback-report volumes --by channel --year 2026/27 --compare 2",
      "Cases received by channel, beside the two years before"}},
    {"feedback-report volumes",
     {"feedback-report volumes --by service --month 2026-07 --format markdown",
      "One month's cases by service, as Markdown"}},
    {"feedback-report timeliness",
     {"feedback-report timeliness --quarter 2026/27-Q2 --format csv",
      "Responses within timescale in a quarter, as CSV"}},
    {"feedback-report kpi",
     {"feedback-report kpi --year 2026/27", "The monthly KPI, e.g. \"25% (15/61)\""}},
    {"feedback-report outcomes",
     {"feedback-report outcomes --year 2026/27", "Upheld and not upheld by service"}},
    {"feedback-report ombudsman",
     {"feedback-report ombudsman --year 2026/27", "The Ombudsman's decisions and remedies"}},
    {"feedback-report learning",
     {"feedback-report learning --year 2026/27 --format csv", "What was learnt, by service"}},
    {"feedback-report satisfaction",
     {"feedback-report satisfaction --quarter 2026/27-Q1", "Surveys and satisfaction"}},
    {"feedback-report data-quality",
     {"feedback-report data-quality --year 2026/27 --inactive-days 30", "Cases needing attention"}},
    {"feedback-report annual",
     {"feedback-report annual --year 2025/26 --format html > annual.html",
      "The annual report with charts, one self-contained page"}},
    // feedback-import
    {"feedback-import",
     {"feedback-import export.csv --mapping crm.json --create-services --dry-run",
      "Check an export and say what it would add; nothing written"}},
    {"feedback-import",
     {"feedback-import export.csv --mapping crm.json --on-error skip --reject-file rejects.csv",
      "Import the good records; the bad ones, with reasons, to rejects.csv"}},
};

struct ExitStatus
{
  int code;
  std::string_view meaning;
};

// The exit codes, as README.md states the rule.
constexpr ExitStatus k_exit_statuses[] = {
    {0, "Done."},
    {1, "A yes or no question was answered no (feedback-admin calendar is-working)."},
    {64, "The command line is wrong: an unknown subcommand or option, a missing or extra "
         "argument, options that do not go together, or a value the option does not take (not "
         "a date, a number or an amount; out of its range; not one of the option's words, "
         "whether the program or the council's policy lists them; a range that ends before it "
         "starts)."},
    {65, "The command line is well formed but the data says no: an unknown case reference, "
         "service, remedy, learning action or policy version; a change the case's state or "
         "history forbids (a closed case, a date after today); bad content in an input file or "
         "document; a foreign, damaged or newer database; a check or a backup that does not "
         "verify."},
    {66, "The database or an input file does not exist."},
    {69, "The database's engine does not have the operation: feedback-admin backup and restore "
         "copy a SQLite file; a PostgreSQL database is backed up with pg_dump and restored with "
         "pg_restore."},
    {70, "A bug in the program: please report it with the command that caused it."},
    {73, "A file cannot be created: a missing directory, or an existing database or backup "
         "that is not overwritten."},
    {74, "An input or output error: the disk is full or read-only, or standard output failed."},
    {75, "The database stayed busy (another program was writing) past the timeout: try again "
         "later."},
};

struct EnvironmentEntry
{
  std::string_view name;
  std::string_view meaning;
};

constexpr EnvironmentEntry k_environment[] = {
    {"FEEDBACK_DB", "The database when --db is not given (else ./feedback.db)."},
    {"FEEDBACK_TODAY",
     "Today's date (YYYY-MM-DD) instead of the clock's, in Europe/London: for replaying a day "
     "and for tests."},
    {"NO_COLOR", "When set and not empty, no colour even on a terminal (unless --color always)."},
    {"USER", "The officer a change is recorded against when --officer is not given."},
};

constexpr std::string_view k_programs_in_order[] = {
    "feedback-admin", "feedback-log", "feedback-escalate", "feedback-report", "feedback-import"};

// ---- roff ----

// `text` for a roff text line: backslashes and hyphens escaped (a hyphen is an ASCII
// hyphen-minus, so that options can be copied), other characters than ASCII as \[uXXXX], and a
// leading . or ' kept from being read as a request.
std::string
roff(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '\n') {
      out += ' ';
    } else if (c < 0x80) {
      if ((c == '.' || c == '\'') && (out.empty() || out.back() == '\n')) {
        out += "\\&";
      }
      out += static_cast<char>(c);
    } else {
      // A UTF-8 sequence: its lead byte says how many continuation bytes follow.
      const std::size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      std::uint32_t cp = c >= 0xF0 ? c & 0x07u : c >= 0xE0 ? c & 0x0Fu : c & 0x1Fu;
      for (std::size_t k = 0; k < extra && i + 1 < text.size(); ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[++i]) & 0x3Fu);
      }
      out += fmt::format("\\[u{:04X}]", cp);
    }
  }
  return out;
}

// A quoted macro argument: roff() with its double quotes as \(dq.
std::string
roff_arg(std::string_view text)
{
  std::string out;
  for (const char c : roff(text)) {
    if (c == '"') {
      out += "\\(dq";
    } else {
      out += c;
    }
  }
  return '"' + out + '"';
}

std::string
upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// The type name of `option` as help shows it, without what its checks append ("INT:POSITIVE").
std::string
value_name(const CLI::Option& option)
{
  const auto type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

std::vector<CLI::Option*>
positionals(CLI::App& app)
{
  return app.get_options([](const CLI::Option* o) { return o->get_positional(); });
}

// Every command of `app`, itself first, each before its subcommands, in the order they were
// added.
void
collect_commands(CLI::App& app, std::vector<CLI::App*>& out)
{
  out.push_back(&app);
  for (auto* sub : subcommands_of(app)) {
    collect_commands(*sub, out);
  }
}

// `option`'s names in bold ("-q, --quiet"), then its value in italics.
std::string
option_heading(const CLI::Option& option)
{
  std::string names;
  for (const auto& s : option.get_snames()) {
    names += fmt::format("{}\\fB{}\\fR", names.empty() ? "" : ", ", roff("-" + s));
  }
  for (const auto& l : option.get_lnames()) {
    names += fmt::format("{}\\fB{}\\fR", names.empty() ? "" : ", ", roff("--" + l));
  }
  if (takes_value(option)) {
    names += " \\fI" + roff(value_name(option)) + "\\fR";
  }
  return names;
}

std::string
option_text(const CLI::Option& option)
{
  std::string text = option.get_description();
  if (!text.empty() && text.back() != '.') {
    text += '.';
  }
  if (!option.get_default_str().empty()) {
    text += fmt::format(" Default: {}.", option.get_default_str());
  }
  if (option.get_required()) {
    text += " Required.";
  }
  return roff(text);
}

// The usage of `command`: its path in bold, its arguments in italics.
std::string
synopsis(CLI::App& command)
{
  std::string out = "\\fB" + roff(command_path(command)) + "\\fR";
  if (!visible_options(command).empty()) {
    out += " [\\fIOPTIONS\\fR]";
  }
  for (const auto* p : positionals(command)) {
    const auto name =
        "\\fI" + roff(p->get_name()) + "\\fR" + (p->get_items_expected_max() > 1 ? "..." : "");
    out += p->get_required() ? " " + name : " [" + name + "]";
  }
  if (!subcommands_of(command).empty()) {
    out += command.get_require_subcommand_min() > 0 ? " \\fICOMMAND\\fR" : " [\\fICOMMAND\\fR]";
  }
  return out;
}

std::string_view
program_description(std::string_view program)
{
  for (const auto& p : k_programs) {
    if (p.program == program) {
      return p.description;
    }
  }
  return {};
}

void
append_options(std::string& out, CLI::App& command)
{
  for (const auto* p : positionals(command)) {
    out += fmt::format(".TP\n\\fI{}\\fR\n{}\n", roff(p->get_name()), option_text(*p));
  }
  for (const auto* o : visible_options(command)) {
    out += fmt::format(".TP\n{}\n{}\n", option_heading(*o), option_text(*o));
  }
}

// ---- completion ----

// A command's key in the completion scripts: "." for the program, ". calendar closure" below it.
std::string
completion_key(const CLI::App& command, const CLI::App& root)
{
  const auto path = command_path(command);
  return path.size() == root.get_name().size() ? "." : "." + path.substr(root.get_name().size());
}

// The options completion offers on `command`: its own visible ones, the global ones it takes
// hidden, and its parents' while it passes on what it does not know.
std::vector<CLI::Option*>
offered_options(CLI::App& command)
{
  std::vector<CLI::Option*> out;
  std::set<std::string> seen;
  for (CLI::App* app = &command; app != nullptr;
       app = app->get_fallthrough() ? app->get_parent() : nullptr) {
    for (auto* o : app->get_options([](const CLI::Option* x) { return x->nonpositional(); })) {
      const bool global = o->check_name("--color") || o->check_name("--quiet");
      const bool visible = !o->get_group().empty();
      if ((!visible && !global) || (app != &command && o == app->get_help_ptr())) {
        continue;
      }
      if (seen.insert(o->get_name()).second) {
        out.push_back(o);
      }
    }
  }
  return out;
}

std::vector<std::string>
names_of(const CLI::Option& option)
{
  std::vector<std::string> out;
  for (const auto& s : option.get_snames()) {
    out.push_back("-" + s);
  }
  for (const auto& l : option.get_lnames()) {
    out.push_back("--" + l);
  }
  return out;
}

std::string
joined(const std::vector<std::string>& words, std::string_view separator)
{
  std::string out;
  for (const auto& w : words) {
    out += (out.empty() ? "" : std::string(separator)) + w;
  }
  return out;
}

std::string
shell_function_name(std::string_view program)
{
  std::string out = "_";
  for (const char c : program) {
    out += c == '-' ? '_' : c;
  }
  return out;
}

// `text` single-quoted for bash.
std::string
bash_quote(std::string_view text)
{
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// `text` as a zsh $'...' string.
std::string
zsh_quote(std::string_view text)
{
  std::string out = "$'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The description `_describe` shows beside a name: one line, colons kept (only the first colon
// of an entry separates).
std::string
one_line_description(std::string_view text)
{
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

} // namespace

// ---- the walk of a program's commands ----

std::vector<CLI::App*>
subcommands_of(CLI::App& app)
{
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::string
command_path(const CLI::App& app)
{
  std::string path = app.get_name();
  for (const CLI::App* parent = app.get_parent(); parent != nullptr;
       parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

std::vector<CLI::Option*>
visible_options(CLI::App& app)
{
  const auto* help = app.get_help_ptr();
  return app.get_options([help](const CLI::Option* o) {
    return o->nonpositional() && !o->get_group().empty() && o != help;
  });
}

CLI::Option*
find_option(CLI::App& app, std::string_view name)
{
  for (CLI::App* a = &app; a != nullptr; a = a->get_fallthrough() ? a->get_parent() : nullptr) {
    if (auto* option = a->get_option_no_throw(std::string(name))) {
      return option;
    }
  }
  return nullptr;
}

std::vector<std::string>
option_names(CLI::App& app)
{
  std::vector<std::string> out;
  for (CLI::App* a = &app; a != nullptr; a = a->get_fallthrough() ? a->get_parent() : nullptr) {
    for (const auto* o : a->get_options()) {
      for (const auto& l : o->get_lnames()) {
        if (std::find(out.begin(), out.end(), "--" + l) == out.end()) {
          out.push_back("--" + l);
        }
      }
    }
  }
  return out;
}

bool
takes_value(const CLI::Option& option)
{
  return option.get_items_expected_max() > 0;
}

// ---- examples ----

std::vector<Example>
examples_for(std::string_view path)
{
  std::vector<Example> out;
  for (const auto& e : k_examples) {
    if (e.path == path) {
      out.push_back(e.example);
    }
  }
  return out;
}

std::vector<std::string_view>
example_paths()
{
  std::vector<std::string_view> out;
  for (const auto& e : k_examples) {
    if (std::find(out.begin(), out.end(), e.path) == out.end()) {
      out.push_back(e.path);
    }
  }
  return out;
}

std::string
help_footer(std::string_view path)
{
  const auto examples = examples_for(path);
  if (examples.empty()) {
    return {};
  }
  std::string out = "Examples:";
  for (const auto& e : examples) {
    out += fmt::format("\n  {}\n      {}", e.command, e.what);
  }
  return out;
}

// ---- generated files ----

std::string
manual_page(CLI::App& app)
{
  const std::string program = app.get_name();
  std::string description = app.get_description();
  if (!description.empty()) {
    description[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(description[0])));
  }
  std::string out =
      fmt::format(".\\\" Generated by {} --generate-manual: edit the program, not this "
                  "file.\n",
                  program);
  out += fmt::format(".TH {} 1 {} {} \"User Commands\"\n", roff(upper(program)),
                     roff_arg(k_source_date), roff_arg(fmt::format("feedback {}", k_version)));
  out += fmt::format(".SH NAME\n{} \\- {}\n", roff(program), roff(description));
  out += fmt::format(".SH SYNOPSIS\n{}\n", synopsis(app));
  out += ".SH DESCRIPTION\n";
  const auto prose = program_description(program);
  std::size_t start = 0;
  while (start < prose.size()) {
    const auto end = prose.find("\n\n", start);
    const auto paragraph = prose.substr(start, end == std::string_view::npos ? end : end - start);
    out += fmt::format(".PP\n{}\n", roff(paragraph));
    start = end == std::string_view::npos ? prose.size() : end + 2;
  }
  if (prose.empty()) {
    out += fmt::format(".PP\n{}.\n", roff(app.get_description()));
  }
  out += ".SH OPTIONS\n";
  append_options(out, app);
  std::vector<CLI::App*> commands;
  collect_commands(app, commands);
  if (commands.size() > 1) {
    out += ".SH COMMANDS\n";
    for (std::size_t i = 1; i < commands.size(); ++i) {
      auto& command = *commands[i];
      out += fmt::format(".SS {}\n", roff_arg(command_path(command)));
      out += fmt::format("{}\n.PP\n{}\n", synopsis(command), roff(command.get_description() + "."));
      append_options(out, command);
    }
  }
  out += ".SH EXIT STATUS\n";
  for (const auto& e : k_exit_statuses) {
    out += fmt::format(".TP\n\\fB{}\\fR\n{}\n", e.code, roff(e.meaning));
  }
  out += ".SH ENVIRONMENT\n";
  for (const auto& e : k_environment) {
    out += fmt::format(".TP\n\\fB{}\\fR\n{}\n", roff(e.name), roff(e.meaning));
  }
  out += ".SH FILES\n"
         ".TP\n\\fI./feedback.db\\fR\n"
         "The database when neither \\fB\\-\\-db\\fR nor \\fBFEEDBACK_DB\\fR names one. It is "
         "created readable and writable by its owner only.\n"
         ".TP\n\\fIfeedback.db\\-wal\\fR, \\fIfeedback.db\\-shm\\fR\n"
         "SQLite's write\\-ahead log beside the database: part of it while programs run. Copy a "
         "live database with \\fBfeedback\\-admin backup\\fR, not \\fBcp\\fR.\n"
         ".TP\n\\fI/usr/share/doc/feedback/\\fR\n"
         "The README, the rules as implemented, example mappings, systemd units and a logrotate "
         "snippet.\n";
  out += ".SH EXAMPLES\n";
  for (auto* command : commands) {
    for (const auto& e : examples_for(command_path(*command))) {
      out +=
          fmt::format(".PP\n{}:\n.PP\n.RS 4\n.nf\n{}\n.fi\n.RE\n", roff(e.what), roff(e.command));
    }
  }
  out += ".SH SEE ALSO\n";
  std::string see_also;
  for (const auto other : k_programs_in_order) {
    if (other != program) {
      see_also += fmt::format(".BR {} (1),\n", roff(other));
    }
  }
  out += see_also + ".BR sqlite3 (1)\n";
  return out;
}

std::string
bash_completion(CLI::App& app)
{
  const std::string program = app.get_name();
  const std::string function = shell_function_name(program);
  std::vector<CLI::App*> commands;
  collect_commands(app, commands);
  std::string subs;
  std::string opts;
  std::string takes;
  std::string words;
  for (auto* command : commands) {
    const auto key = completion_key(*command, app);
    std::vector<std::string> names;
    for (const auto* sub : subcommands_of(*command)) {
      names.push_back(sub->get_name());
    }
    if (!names.empty()) {
      subs += fmt::format("        [{}]={}\n", bash_quote(key), bash_quote(joined(names, " ")));
    }
    std::vector<std::string> all;
    for (const auto* o : offered_options(*command)) {
      for (const auto& name : names_of(*o)) {
        all.push_back(name);
        if (takes_value(*o)) {
          takes += fmt::format("        [{}]=1\n", bash_quote(key + "|" + name));
          if (const auto& w = words_of(o); !w.empty()) {
            words += fmt::format("        [{}]={}\n", bash_quote(key + "|" + name),
                                 bash_quote(joined(w, " ")));
          }
        }
      }
    }
    opts += fmt::format("        [{}]={}\n", bash_quote(key), bash_quote(joined(all, " ")));
  }
  return fmt::format(
      R"(# bash completion for {program}: its subcommands, options and the words of options that
# take words. Generated by `{program} --generate-completion bash`: edit the program, not this.
{function}()
{{
    local -A subs=(
{subs}    )
    local -A opts=(
{opts}    )
    local -A takes=(
{takes}    )
    local -A words=(
{words}    )
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev="" cmd=. i w
    (( COMP_CWORD > 0 )) && prev=${{COMP_WORDS[COMP_CWORD-1]}}
    # --format=csv arrives as three words when = is a word break.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = && COMP_CWORD -gt 1 ]]; then
        prev=${{COMP_WORDS[COMP_CWORD-2]}}
    fi
    for (( i = 1; i < COMP_CWORD; i++ )); do
        w=${{COMP_WORDS[i]}}
        if [[ $w == -* ]]; then
            if [[ $w != *=* && -n ${{takes[$cmd|$w]}} ]]; then
                (( i++ ))
                [[ ${{COMP_WORDS[i]}} == = ]] && (( i++ ))
            fi
            continue
        fi
        if [[ " ${{subs[$cmd]}} " == *" $w "* ]]; then
            cmd="$cmd $w"
        fi
    done
    if [[ $cur == -*=* ]]; then
        prev=${{cur%%=*}}
        cur=${{cur#*=}}
    fi
    if [[ -n ${{takes[$cmd|$prev]}} ]]; then
        # A value: the option's words, else (complete -o default) file names.
        [[ -n ${{words[$cmd|$prev]}} ]] && COMPREPLY=( $(compgen -W "${{words[$cmd|$prev]}}" -- "$cur") )
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=( $(compgen -W "${{opts[$cmd]}}" -- "$cur") )
    elif [[ -n ${{subs[$cmd]}} ]]; then
        COMPREPLY=( $(compgen -W "${{subs[$cmd]}}" -- "$cur") )
    fi
    return 0
}}
complete -o default -F {function} {program}
)",
      fmt::arg("program", program), fmt::arg("function", function), fmt::arg("subs", subs),
      fmt::arg("opts", opts), fmt::arg("takes", takes), fmt::arg("words", words));
}

std::string
zsh_completion(CLI::App& app)
{
  const std::string program = app.get_name();
  const std::string function = shell_function_name(program);
  std::vector<CLI::App*> commands;
  collect_commands(app, commands);
  std::string tables;
  for (auto* command : commands) {
    const auto key = completion_key(*command, app);
    std::string entries;
    for (const auto* sub : subcommands_of(*command)) {
      entries += (entries.empty() ? "" : "\n") + sub->get_name() + ":" +
                 one_line_description(sub->get_description());
    }
    if (!entries.empty()) {
      tables += fmt::format("  subs[{}]={}\n", zsh_quote(key), zsh_quote(entries));
    }
    std::string options;
    for (const auto* o : offered_options(*command)) {
      for (const auto& name : names_of(*o)) {
        options +=
            (options.empty() ? "" : "\n") + name + ":" + one_line_description(o->get_description());
        if (takes_value(*o)) {
          tables += fmt::format("  takes[{}]=1\n", zsh_quote(key + "|" + name));
          if (const auto& w = words_of(o); !w.empty()) {
            tables += fmt::format("  vals[{}]={}\n", zsh_quote(key + "|" + name),
                                  zsh_quote(joined(w, " ")));
          }
        }
      }
    }
    tables += fmt::format("  opts[{}]={}\n", zsh_quote(key), zsh_quote(options));
  }
  return fmt::format(
      R"(#compdef {program}
# zsh completion for {program}: its subcommands, options and the words of options that take
# words. Generated by `{program} --generate-completion zsh`: edit the program, not this.
{function}() {{
  local -A subs opts takes vals
{tables}  local cmd=. i w cur=$words[CURRENT] prev=$words[CURRENT-1]
  local -a list names
  for (( i = 2; i < CURRENT; i++ )); do
    w=$words[i]
    if [[ $w == -* ]]; then
      [[ $w != *=* && -n ${{takes[$cmd|$w]}} ]] && (( i++ ))
      continue
    fi
    names=( ${{${{(f)subs[$cmd]}}%%:*}} )
    (( ${{names[(Ie)$w]}} )) && cmd="$cmd $w"
  done
  if [[ $cur == -*=* ]]; then
    prev=${{cur%%=*}}
    compset -P '*='
  fi
  if [[ -n ${{takes[$cmd|$prev]}} ]]; then
    if [[ -n ${{vals[$cmd|$prev]}} ]]; then
      compadd -- ${{=vals[$cmd|$prev]}}
    else
      _files
    fi
  elif [[ $cur == -* ]]; then
    list=( ${{(f)opts[$cmd]}} )
    _describe -t options option list
  elif [[ -n ${{subs[$cmd]}} ]]; then
    list=( ${{(f)subs[$cmd]}} )
    _describe -t commands command list
  else
    _files
  fi
}}
{function} "$@"
)",
      fmt::arg("program", program), fmt::arg("function", function), fmt::arg("tables", tables));
}

} // namespace feedback::cli
