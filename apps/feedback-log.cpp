// SPDX-License-Identifier: MIT
// feedback-log: record a case and work it to the end.
#include "cli_files.hpp"
#include "cli_support.hpp"
#include "edit_commands.hpp"
#include "letters_commands.hpp"
#include "member_commands.hpp"
#include "privacy_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/cases/members.hpp>
#include <feedback/cases/render.hpp>
#include <feedback/contacts/restrictions.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace feedback;
using cli::Action;
using cli::CommonOptions;
using cli::given;

// Each subcommand has its own options, bound by its setup_X and read by its run_X (CLI11's
// examples/subcom_in_files). `common` (--db) belongs to the program.

// ---- shared by the subcommands that change a case ----

// The case a subcommand works on, who changes it and (for most) the day it happened.
struct CaseChange
{
  std::string reference;
  std::string officer;
  std::string on;
};

void
add_reference(CLI::App* cmd, std::string& reference)
{
  cmd->add_option("REF", reference, "Case reference, e.g. FB-2026-000042")->required();
}

void
add_officer(CLI::App* cmd, std::string& officer)
{
  cmd->add_option("--officer", officer, "Who makes the change (default: $USER)");
}

// REF and --officer, the first options of a subcommand that changes a case.
void
add_change(CLI::App* cmd, CaseChange& change)
{
  add_reference(cmd, change.reference);
  add_officer(cmd, change.officer);
}

// Runs a change that prints nothing. `--on` is read (default today) before the database is
// opened, so a bad date is a usage error even when the database is missing.
template <typename Change>
int
run_change(const CommonOptions& common, const CaseChange& opt, Change&& change)
{
  const auto actor = cli::make_actor(opt.officer);
  const auto on = cli::on_date(opt.on, actor.today);
  auto db = cli::open_existing(common);
  change(db, on, actor);
  return 0;
}

// ---- new ----

struct NewOptions
{
  std::string officer;
  std::string type;
  std::string channel;
  std::string service;
  std::string summary;
  std::string received;
  std::string procedure;
  std::string sponsor;
  std::string sponsor_name;
  bool info_request = false;
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
  std::string preferred_format;
  std::string external_ref;
  std::string owner;
  std::string subtype;
  std::vector<std::string> tags;
  bool informal = false;
};

int
run_new(const CommonOptions& common, const NewOptions& opt)
{
  const auto actor = cli::make_actor(opt.officer);
  NewCase input;
  if (opt.received.empty()) {
    input.received = actor.today;
    input.received_at = actor.now;
  } else {
    const auto received = parse_date_or_datetime(opt.received);
    if (!received) {
      throw Error(ExitCode::usage,
                  fmt::format("--received: not a date or date-time (expected YYYY-MM-DD or "
                              "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]): '{}'",
                              opt.received));
    }
    if (date::sys_days{*received} > date::sys_days{actor.today}) {
      throw Error(ExitCode::data_error, fmt::format("--received {} is after today ({})",
                                                    opt.received, format_date(actor.today)));
    }
    input.received = *received;
    input.received_at = opt.received;
  }
  if (!opt.sponsor_name.empty() && opt.sponsor.empty()) {
    throw Error(ExitCode::usage,
                "--sponsor-name needs --sponsor councillor, mp or chief-executive");
  }
  input.type = given(opt.type);
  input.channel = opt.channel;
  input.service = given(opt.service);
  input.summary = opt.summary;
  input.procedure = given(opt.procedure);
  input.sponsor = given(opt.sponsor);
  input.sponsor_name = given(opt.sponsor_name);
  input.info_request = opt.info_request;
  input.person = {given(opt.name), given(opt.email), given(opt.phone), given(opt.address),
                  given(opt.preferred_format)};
  input.external_ref = given(opt.external_ref);
  input.owner = given(opt.owner);
  input.subtype = given(opt.subtype);
  input.tags = opt.tags;
  input.informal = opt.informal;
  // A mistyped --db or $FEEDBACK_DB must not start a second database: only init creates one.
  auto db = cli::open_existing(common);
  const auto reference = create_case(db, input, actor);
  fmt::print("{}\n", reference);
  cli::confirm("{}: logged {}", reference, format_date(input.received));
  return 0;
}

void
setup_new(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<NewOptions>(
      app, "new", "Log a new case; prints its reference", action,
      [&common](const NewOptions& o) { return run_new(common, o); });
  auto& opt = cmd->options;
  add_officer(cmd, opt.officer);
  // The default policy's words: the manual and completion offer them; the policy checks.
  cli::suggest(cmd->add_option("--type", opt.type,
                               "complaint, compliment, comment, suggestion, enquiry or "
                               "service-request (default: unclassified)"),
               vocabulary::k_types);
  cli::suggest(cmd->add_option("--channel", opt.channel,
                               "A channel of the policy (by default web, email, phone, letter, "
                               "face-to-face, social-media, webchat or staff-portal)"),
               vocabulary::k_channels)
      ->required();
  cmd->add_option("--service", opt.service, "Service code");
  cmd->add_option("--summary", opt.summary, "What the contact is about")->required();
  cmd->add_option("--received", opt.received,
                  "When it arrived: YYYY-MM-DD or a date-time (default: now)");
  cli::suggest(
      cmd->add_option("--procedure", opt.procedure, "Procedure, overriding the classification"),
      vocabulary::k_procedures);
  auto* sponsor =
      cli::suggest(cmd->add_option("--sponsor", opt.sponsor, "councillor, mp or chief-executive"),
                   vocabulary::k_sponsors);
  cmd->add_option("--sponsor-name", opt.sponsor_name, "The sponsor's name")->needs(sponsor);
  cmd->add_flag("--info-request", opt.info_request, "Only a request for information");
  cmd->add_option("--name", opt.name, "Complainant's name (personal data)");
  cmd->add_option("--email", opt.email, "Complainant's email (personal data)");
  cmd->add_option("--phone", opt.phone, "Complainant's phone (personal data)");
  cmd->add_option("--address", opt.address, "Complainant's address (personal data)");
  cli::suggest(
      cmd->add_option("--preferred-format", opt.preferred_format,
                      "email, letter, large-print, braille, bsl-video or another-language"),
      vocabulary::k_preferred_formats);
  cmd->add_option("--external-ref", opt.external_ref, "Reference in another system");
  cmd->add_option("--owner", opt.owner, "Officer who owns the case");
  cmd->add_option("--subtype", opt.subtype,
                  "A sub-type of its type in the policy, with its own standard");
  cmd->add_option("--tag", opt.tags, "A tag of the policy (repeat, or comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_flag("--informal", opt.informal,
                "A complaint for informal resolution first (its procedure's informal step)");
}

// ---- show ----

struct ShowOptions
{
  std::string reference;
  std::string format = "table";
  std::string as_of;
};

int
run_show(const CommonOptions& common, const ShowOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  if (format != Format::table && format != Format::json) {
    throw Error(ExitCode::usage, "--format: show prints table or json");
  }
  const auto as_of = cli::as_of_date(opt.as_of);
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db);
  const auto view = cli::require_case(db, calendar, opt.reference, as_of);
  const auto restrictions = restrictions_for_person(db, view.person);
  if (format == Format::json) {
    cli::print(case_with_restrictions_to_json(view, calendar, as_of, restrictions));
    return 0;
  }
  cli::print(render_restriction_notice(restrictions, as_of));
  cli::print(render_case(view, calendar, as_of, cli::colour_for_stdout()));
  return 0;
}

void
setup_show(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<ShowOptions>(
      app, "show", "Show a case: facts, deadlines, timeline", action,
      [&common](const ShowOptions& o) { return run_show(common, o); });
  auto& opt = cmd->options;
  add_reference(cmd, opt.reference);
  cli::add_format_option(cmd, opt.format, cli::k_document_formats);
  cmd->add_option("--as-of", opt.as_of, "Deadlines as of this day (YYYY-MM-DD, default: today)");
}

// ---- list ----

struct ListOptions
{
  bool all = false;
  bool open = false;
  bool closed = false;
  std::string type;
  std::string service;
  std::string owner;
  std::string stage;
  std::string procedure;
  bool overdue = false;
  std::string received_from;
  std::string received_to;
  std::string sponsor;
  std::string format = "table";
  std::string as_of;
  std::string limit;
};

int
run_list(const CommonOptions& common, const ListOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto as_of = cli::as_of_date(opt.as_of);
  ListFilter filter;
  filter.status = opt.all      ? StatusFilter::any
                  : opt.closed ? StatusFilter::closed
                               : StatusFilter::open;
  filter.type = given(opt.type);
  filter.service = given(opt.service);
  filter.owner = given(opt.owner);
  filter.procedure = given(opt.procedure);
  if (!opt.stage.empty()) {
    filter.stage = cli::parse_small_int("--stage", opt.stage, 0, 99);
  }
  filter.overdue_only = opt.overdue;
  if (!opt.received_from.empty()) {
    filter.received_from = cli::parse_date_arg("--received-from", opt.received_from);
  }
  if (!opt.received_to.empty()) {
    filter.received_to = cli::parse_date_arg("--received-to", opt.received_to);
  }
  if (filter.received_from && filter.received_to &&
      date::sys_days{*filter.received_to} < date::sys_days{*filter.received_from}) {
    throw Error(ExitCode::usage, fmt::format("--received-to {} is before --received-from {}",
                                             opt.received_to, opt.received_from));
  }
  if (!opt.sponsor.empty()) {
    add_sponsor_filter(filter, opt.sponsor);
  }
  if (!opt.limit.empty()) {
    filter.limit = static_cast<std::size_t>(
        cli::parse_int_arg("--limit", opt.limit, 1, std::numeric_limits<std::int32_t>::max()));
  }
  auto db = cli::open_existing(common);
  if (filter.service) {
    require_service(db, *filter.service); // a mistyped service is no empty list
  }
  const auto calendar = load_calendar(db);
  std::vector<SkippedCase> skipped;
  // Printed as read: a list of any length costs memory for a few rows.
  CaseListWriter writer(format, cli::colour_for_stdout(), cli::terminal_columns(), cli::print);
  for_each_case(db, calendar, filter, as_of, skipped,
                [&writer](const CaseRow& c) { writer.add(c); });
  writer.finish();
  cli::warn_skipped("feedback-log", skipped);
  return 0;
}

void
setup_list(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<ListOptions>(
      app, "list", "List cases (no personal data)", action,
      [&common](const ListOptions& o) { return run_list(common, o); });
  auto& opt = cmd->options;
  auto* open = cmd->add_flag("--open", opt.open, "Only cases not closed (the default)");
  auto* closed = cmd->add_flag("--closed", opt.closed, "Only closed cases")->excludes(open);
  cmd->add_flag("--all", opt.all, "Closed cases too")->excludes(open)->excludes(closed);
  cli::suggest(cmd->add_option("--type", opt.type, "Feedback type, or unclassified"),
               vocabulary::k_types);
  cmd->add_option("--service", opt.service, "Service code");
  cmd->add_option("--owner", opt.owner, "Owning officer");
  cmd->add_option("--stage", opt.stage, "Stage number (0: informal resolution)");
  cmd->add_option("--procedure", opt.procedure, "Procedure");
  cmd->add_flag("--overdue", opt.overdue, "Only cases with a deadline passed");
  cmd->add_option("--received-from", opt.received_from, "Received on or after (YYYY-MM-DD)");
  cmd->add_option("--received-to", opt.received_to, "Received on or before (YYYY-MM-DD)");
  cmd->add_option("--sponsor", opt.sponsor,
                  "Sponsored by this member (name) or kind: councillor, mp, chief-executive");
  cli::add_format_option(cmd, opt.format);
  cmd->add_option("--as-of", opt.as_of, "Deadlines as of this day (YYYY-MM-DD, default: today)");
  cli::number(cmd->add_option("--limit", opt.limit, "At most N cases"));
}

// ---- classify, redirect, assign, note ----

struct ClassifyOptions
{
  CaseChange change;
  std::string type;
  std::string procedure;
  std::string subtype;
  bool explain = false;
};

int
run_classify(const CommonOptions& common, const ClassifyOptions& opt)
{
  const auto actor = cli::make_actor(opt.change.officer);
  const auto on = cli::on_date(opt.change.on, actor.today);
  auto db = cli::open_existing(common);
  classify_case(db, opt.change.reference, opt.type, given(opt.procedure), given(opt.subtype), on,
                actor);
  cli::confirm("{}: classified {}", opt.change.reference, opt.type);
  if (opt.explain) {
    const auto calendar = load_calendar(db);
    const auto view = cli::require_case(db, calendar, opt.change.reference, actor.today);
    fmt::print("{}\n", view.classified_by.value_or("no explanation recorded"));
  }
  return 0;
}

void
setup_classify(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<ClassifyOptions>(
      app, "classify", "Classify or reclassify", action,
      [&common](const ClassifyOptions& o) { return run_classify(common, o); });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cli::suggest(cmd->add_option("--as", opt.type, "The feedback type"), vocabulary::k_types)
      ->required();
  cli::suggest(cmd->add_option("--procedure", opt.procedure, "Procedure, overriding the rules"),
               vocabulary::k_procedures);
  cmd->add_option("--subtype", opt.subtype,
                  "A sub-type of the type (default: the one it has, while the type stays)");
  cmd->add_flag("--explain", opt.explain, "Print why the case was classified so");
  cli::add_on_option(cmd, opt.change.on);
}

struct TagOptions
{
  CaseChange change;
  std::vector<std::string> tags;
};

void
setup_tag(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<TagOptions>(
      app, "tag", "Tag a case with words of the policy's tags", action,
      [&common](const TagOptions& o) {
        return run_change(common, o.change, [&o](Database& db, Date on, const Actor& a) {
          tag_case(db, o.change.reference, o.tags, on, a);
        });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("TAG", opt.tags, "Tags (e.g. fees-and-charges)")->required();
  cli::add_on_option(cmd, opt.change.on);
}

// Redirect and assign: a case given `--to` somewhere or someone.
struct ToOptions
{
  CaseChange change;
  std::string to;
};

using ToChange = void (*)(Database&, std::string_view, std::string_view, Date, const Actor&);

// `done` says what happened in the confirmation: "FB-2026-000123: assigned to j.smith".
void
setup_to(CLI::App& app, const CommonOptions& common, Action& action, std::string name,
         std::string description, std::string to_description, std::string_view done,
         ToChange change)
{
  auto* cmd = cli::add_subcommand<ToOptions>(
      app, std::move(name), std::move(description), action,
      [&common, change, done](const ToOptions& o) {
        return run_change(common, o.change,
                          [&o, change, done](Database& db, Date on, const Actor& a) {
                            change(db, o.change.reference, o.to, on, a);
                            cli::confirm("{}: {} {}", o.change.reference, done, o.to);
                          });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("--to", opt.to, std::move(to_description))->required();
  cli::add_on_option(cmd, opt.change.on);
}

struct NoteOptions
{
  CaseChange change;
  std::vector<std::string> words; // TEXT...
};

int
run_note(const CommonOptions& common, const NoteOptions& opt)
{
  const auto actor = cli::make_actor(opt.change.officer);
  const auto on = cli::on_date(opt.change.on, actor.today);
  std::string text;
  if (opt.words.empty()) {
    // A note too long or awkward for the command line comes on stdin, without its last line
    // break.
    text = cli::read_stdin();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.pop_back();
    }
  } else {
    text = fmt::format("{}", fmt::join(opt.words, " "));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ExitCode::usage, "note: the text is empty (give TEXT, or the text on stdin)");
  }
  auto db = cli::open_existing(common);
  add_note(db, opt.change.reference, text, on, actor);
  cli::confirm("{}: note added", opt.change.reference);
  return 0;
}

void
setup_note(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<NoteOptions>(
      app, "note", "Add a note (TEXT, else stdin)", action,
      [&common](const NoteOptions& o) { return run_note(common, o); });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("TEXT", opt.words, "The note");
  cli::add_on_option(cmd, opt.change.on);
}

// ---- progress: the changes dated with --on, hold, extend, respond, reopen ----

// The changes that take REF and `--on` and nothing else.
using DatedChange = void (*)(Database&, std::string_view, Date, const Actor&);

// The confirmation of a change dated with --on: "FB-2026-000123: acknowledged 2026-11-03".
void
confirm_dated(std::string_view reference, std::string_view done, Date on)
{
  cli::confirm("{}: {} {}", reference, done, format_date(on));
}

void
setup_dated(CLI::App& app, const CommonOptions& common, Action& action, std::string name,
            std::string description, std::string_view done, DatedChange change)
{
  auto* cmd = cli::add_subcommand<CaseChange>(
      app, std::move(name), std::move(description), action,
      [&common, change, done](const CaseChange& o) {
        return run_change(common, o, [&o, change, done](Database& db, Date on, const Actor& a) {
          change(db, o.reference, on, a);
          confirm_dated(o.reference, done, on);
        });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt);
  cli::add_on_option(cmd, opt.on);
}

// Hold and reopen: a change dated with --on that needs a --reason.
struct ReasonOptions
{
  CaseChange change;
  std::string reason;
};

using ReasonChange = void (*)(Database&, std::string_view, std::string_view, Date, const Actor&);

void
setup_with_reason(CLI::App& app, const CommonOptions& common, Action& action, std::string name,
                  std::string description, std::string reason_description, std::string_view done,
                  ReasonChange change)
{
  auto* cmd = cli::add_subcommand<ReasonOptions>(
      app, std::move(name), std::move(description), action,
      [&common, change, done](const ReasonOptions& o) {
        return run_change(common, o.change,
                          [&o, change, done](Database& db, Date on, const Actor& a) {
                            change(db, o.change.reference, o.reason, on, a);
                            confirm_dated(o.change.reference, done, on);
                          });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("--reason", opt.reason, std::move(reason_description))->required();
  cli::add_on_option(cmd, opt.change.on);
}

// Withdraw: a change dated with --on, with the customer's reason if given.
void
setup_withdraw(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<ReasonOptions>(
      app, "withdraw", "The customer withdrew", action, [&common](const ReasonOptions& o) {
        return run_change(common, o.change, [&o](Database& db, Date on, const Actor& a) {
          withdraw_case(db, o.change.reference, given(o.reason), on, a);
          confirm_dated(o.change.reference, "withdrawn", on);
        });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("--reason", opt.reason, "Why, as the customer said");
  cli::add_on_option(cmd, opt.change.on);
}

struct ExtendOptions
{
  CaseChange change;
  std::string days;
  std::string reason;
  std::string good_reason;
  std::string told_on;
};

int
run_extend(const CommonOptions& common, const ExtendOptions& opt)
{
  const auto actor = cli::make_actor(opt.change.officer);
  ExtensionRequest request;
  request.days = cli::parse_small_int("--days", opt.days, 1, 1000);
  request.reason = opt.reason;
  request.beyond_cap_reason = given(opt.good_reason);
  if (!opt.told_on.empty()) {
    request.customer_told_on = cli::parse_date_arg("--told-on", opt.told_on);
  }
  request.on = cli::on_date(opt.change.on, actor.today);
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db);
  const auto due = extend_case(db, calendar, opt.change.reference, request, actor);
  fmt::print("{}\n", due ? format_date(*due) : std::string("after acknowledgement"));
  if (due) {
    cli::confirm("{}: response due {} after an extension of {} working day{}", opt.change.reference,
                 format_date(*due), request.days, request.days == 1 ? "" : "s");
  }
  return 0;
}

void
setup_extend(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<ExtendOptions>(
      app, "extend", "Extend the response deadline; prints the new one", action,
      [&common](const ExtendOptions& o) { return run_extend(common, o); });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cli::number(cmd->add_option("--days", opt.days, "Working days"))->required();
  cmd->add_option("--reason", opt.reason, "Why (the holding letter's reason)")->required();
  cmd->add_option("--good-reason", opt.good_reason,
                  "Beyond the stage's cap, where its policy allows: the good reason, explained "
                  "to the customer");
  cmd->add_option("--told-on", opt.told_on,
                  "The day the customer was told (YYYY-MM-DD, default: the day granted)");
  cli::add_on_option(cmd, opt.change.on);
}

struct RespondOptions
{
  CaseChange change;
  std::string outcome;
  std::vector<std::string> areas;
  std::string override_independence;
};

void
setup_respond(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<RespondOptions>(
      app, "respond", "Record the stage's response", action, [&common](const RespondOptions& o) {
        return run_change(common, o.change, [&o](Database& db, Date on, const Actor& a) {
          respond_case(db, o.change.reference,
                       ResponseInput{given(o.outcome), o.areas, on, given(o.override_independence)},
                       a);
          confirm_dated(o.change.reference, "responded", on);
        });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cli::suggest(cmd->add_option("--outcome", opt.outcome,
                               "An outcome of the policy (by default upheld, partially-upheld or "
                               "not-upheld)"),
               vocabulary::k_outcomes);
  cmd->add_option("--override-independence", opt.override_independence,
                  "Why an officer who responded at an earlier stage responds to this "
                  "independent one");
  cli::suggest(cmd->add_option("--area", opt.areas, "Complaint area (repeat, or comma-separated)"),
               vocabulary::k_areas)
      ->delimiter(',')
      ->allow_extra_args(false);
  cli::add_on_option(cmd, opt.change.on);
}

void
setup_progress(CLI::App& app, const CommonOptions& common, Action& action)
{
  setup_dated(app, common, action, "ack", "Record the acknowledgement", "acknowledged",
              acknowledge_case);
  setup_dated(app, common, action, "resume", "Take the case off hold", "resumed", resume_case);
  setup_dated(app, common, action, "resolve-informally", "Resolved at first point of contact",
              "resolved informally", resolve_informally);
  setup_withdraw(app, common, action);
  setup_dated(app, common, action, "close", "Close the case", "closed", close_case);
  setup_dated(app, common, action, "sponsor-update", "Record that the sponsor was updated",
              "sponsor updated", sponsor_update);
  setup_with_reason(app, common, action, "hold", "Put the case on hold",
                    "Why (e.g. waiting for the customer)", "on hold from", hold_case);
  setup_extend(app, common, action);
  setup_respond(app, common, action);
  setup_with_reason(app, common, action, "reopen", "Reopen a closed case", "Why", "reopened",
                    reopen_case);
}

// ---- after: learning and surveys ----

struct LearnOptions
{
  CaseChange change;
  std::string problem;
  std::string improvement;
  std::string action;
  std::string owner;
  std::string due;
};

int
run_learn(const CommonOptions& common, const LearnOptions& opt)
{
  const auto actor = cli::make_actor(opt.change.officer);
  LearningInput input{opt.problem, opt.improvement, given(opt.action), given(opt.owner),
                      std::nullopt};
  if (!opt.due.empty()) {
    input.due = cli::parse_date_arg("--due", opt.due);
  }
  input.on = cli::on_date(opt.change.on, actor.today);
  auto db = cli::open_existing(common);
  const auto id = add_learning(db, opt.change.reference, input, actor);
  fmt::print("{}\n", id);
  cli::confirm("{}: learning {} recorded", opt.change.reference, id);
  return 0;
}

void
setup_learn(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<LearnOptions>(
      app, "learn", "Record learning; prints its id", action,
      [&common](const LearnOptions& o) { return run_learn(common, o); });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_option("--problem", opt.problem, "What went wrong")->required();
  cmd->add_option("--improvement", opt.improvement, "What will change")->required();
  cmd->add_option("--action", opt.action, "The action to take");
  cmd->add_option("--owner", opt.owner, "Who owns the action");
  cmd->add_option("--due", opt.due, "When the action is due (YYYY-MM-DD)");
  cli::add_on_option(cmd, opt.change.on);
}

struct LearnDoneOptions
{
  CaseChange change;
  std::string id;
};

void
setup_learn_done(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<LearnDoneOptions>(
      app, "learn-done", "Mark a learning action done", action,
      [&common](const LearnDoneOptions& o) {
        const auto id = cli::parse_int_arg("ID", o.id, 1, std::numeric_limits<std::int64_t>::max());
        return run_change(common, o.change, [&o, id](Database& db, Date on, const Actor& a) {
          learning_done(db, o.change.reference, id, on, a);
          confirm_dated(o.change.reference, fmt::format("learning {} done", id), on);
        });
      });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cli::number(cmd->add_option("ID", opt.id, "The learning id (printed by learn)"))->required();
  cli::add_on_option(cmd, opt.change.on);
}

struct SurveyOptions
{
  CaseChange change;
  bool sent = false;
  std::string satisfied;
  std::string stars;
  std::string reason;
};

int
run_survey(const CommonOptions& common, const SurveyOptions& opt)
{
  const auto actor = cli::make_actor(opt.change.officer);
  SurveyInput input;
  input.on = cli::on_date(opt.change.on, actor.today);
  if (!opt.satisfied.empty()) {
    if (opt.satisfied != "yes" && opt.satisfied != "no") {
      throw Error(ExitCode::usage,
                  fmt::format("--satisfied: expected yes or no: '{}'", opt.satisfied));
    }
    input.satisfied = opt.satisfied == "yes";
  }
  if (!opt.stars.empty()) {
    input.stars = cli::parse_small_int("--stars", opt.stars, 1, 5);
  }
  input.reason = given(opt.reason);
  const bool response = input.satisfied || input.stars || input.reason;
  if (opt.sent == response) {
    throw Error(ExitCode::usage, "survey: give --sent when a survey is sent, or the response "
                                 "(--satisfied, --stars, --reason) when it comes back");
  }
  input.sent_only = opt.sent;
  auto db = cli::open_existing(common);
  record_survey(db, opt.change.reference, input, actor);
  confirm_dated(opt.change.reference, opt.sent ? "survey sent" : "survey answered", input.on);
  return 0;
}

void
setup_survey(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<SurveyOptions>(
      app, "survey", "Record a satisfaction survey", action,
      [&common](const SurveyOptions& o) { return run_survey(common, o); });
  auto& opt = cmd->options;
  add_change(cmd, opt.change);
  cmd->add_flag("--sent", opt.sent, "The survey was sent");
  static constexpr std::string_view k_yes_no[] = {"yes", "no"};
  cli::choices(cmd->add_option("--satisfied", opt.satisfied, "yes or no"), k_yes_no);
  cli::number(cmd->add_option("--stars", opt.stars, "Star rating, 1 to 5"));
  cmd->add_option("--reason", opt.reason, "Reason for dissatisfaction");
  cli::add_on_option(cmd, opt.change.on);
}

void
setup(CLI::App& app, CommonOptions& common, Action& action)
{
  app.require_subcommand(1);
  app.fallthrough();
  cli::add_db_option(app, common);
  setup_new(app, common, action);
  setup_show(app, common, action);
  setup_list(app, common, action);
  setup_classify(app, common, action);
  setup_to(app, common, action, "redirect", "Not the council's: redirect and close",
           "The organisation it belongs to", "redirected to", redirect_case);
  setup_to(app, common, action, "assign", "Give the case to an officer", "The officer",
           "assigned to", assign_case);
  setup_note(app, common, action);
  setup_tag(app, common, action);
  setup_progress(app, common, action);
  setup_learn(app, common, action);
  setup_learn_done(app, common, action);
  setup_survey(app, common, action);
  cli::setup_log_privacy(app, common, action);
  cli::setup_log_edit(app, common, action);
  cli::setup_log_letter(app, common, action);
  cli::setup_log_members(app, common, action);
  cli::setup_log_campaigns(app, common, action);
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Record and work feedback cases", "feedback-log"};
  CommonOptions common;
  Action action;
  setup(app, common, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
