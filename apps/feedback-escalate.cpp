// SPDX-License-Identifier: MIT
// feedback-escalate: take a case up a stage and to the Ombudsman, track the remedies agreed,
// run the nightly overdue ladder and print the overdue lists each service is sent.
#include "cli_files.hpp"
#include "cli_support.hpp"
#include "member_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/contacts/restrictions.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/escalation/render.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/database.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace feedback;
using cli::Action;
using cli::given;

// Each subcommand has its own options, bound by its setup_X and read by its run_X (CLI11's
// examples/subcom_in_files). These belong to the program: every subcommand takes --db and
// --busy-timeout, and --officer may come before the subcommand's name too.
struct EscalateCommon
{
  cli::CommonOptions db;
  std::string busy_timeout;
  std::string officer;
};

// The nightly run is recorded under this name unless an officer runs it by hand with --officer.
constexpr const char* k_run_officer = "feedback-escalate";
// Database::open's own default: long enough for an officer's single change to finish.
constexpr int k_default_busy_timeout_ms = 5000;

bool
blank(std::string_view text)
{
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Actor
make_actor(const EscalateCommon& common, std::string_view fallback_officer = {})
{
  return cli::make_actor(common.officer, fallback_officer);
}

int
busy_timeout_ms(const EscalateCommon& common)
{
  if (common.busy_timeout.empty()) {
    return k_default_busy_timeout_ms;
  }
  return static_cast<int>(cli::parse_int_arg("--busy-timeout", common.busy_timeout, 0, 3'600'000));
}

Database
open_existing(const EscalateCommon& common)
{
  return cli::open_existing(common.db, busy_timeout_ms(common));
}

// Pounds written plainly or with thousands separators: "250", "250.5", "1,250.00". parse_pounds
// skips every comma, so "1,25" (a decimal comma in much of Europe) would become £125: money is
// refused rather than guessed.
bool
plain_pounds(std::string_view text)
{
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  if (whole.find(',') == std::string_view::npos) {
    return true;
  }
  std::size_t group = 0;
  for (std::size_t i = whole.size(); i-- > 0;) {
    if (whole[i] == ',') {
      if (group != 3 || i == 0) {
        return false;
      }
      group = 0;
    } else {
      ++group;
    }
  }
  return group >= 1 && group <= 3;
}

std::int64_t
parse_amount_arg(const std::string& value)
{
  if (plain_pounds(value)) {
    if (const auto pence = parse_pounds(value); pence && *pence > 0) {
      return *pence;
    }
  }
  throw Error(ExitCode::usage,
              fmt::format("--amount: not an amount in pounds of at least 0.01 with at most two "
                          "decimal places (e.g. 250 or 1,250.00): '{}'",
                          value));
}

// ---- shared by the subcommands ----

// Options every subcommand takes, so they may come before or after its name.
void
add_common(CLI::App* cmd, EscalateCommon& common)
{
  cli::add_db_option(*cmd, common.db);
  cli::number(
      cmd->add_option("--busy-timeout", common.busy_timeout,
                      "Milliseconds to wait for a busy database before exit 75 (default: 5000)"));
}

// The first options of a subcommand about one case: the common ones, REF and --officer.
void
add_case_options(CLI::App* cmd, EscalateCommon& common, std::string& reference)
{
  add_common(cmd, common);
  cmd->add_option("REF", reference, "Case reference, e.g. FB-2026-000042")->required();
  cmd->add_option("--officer", common.officer, "Who makes the change (default: $USER)");
}

// ---- stage: a stage request, as `stage REF` or as the program's own arguments ----

struct StageOptions
{
  std::string reference;
  std::string reason;
  std::string on;
  std::string override_reason;
  bool override_given = false;
};

int
run_stage(const EscalateCommon& common, const StageOptions& opt)
{
  if (opt.reference.empty()) {
    throw Error(ExitCode::usage, "REF is required: the case to take up a stage");
  }
  if (blank(opt.reason)) {
    throw Error(ExitCode::usage, "--reason is required: why the customer is still dissatisfied");
  }
  if (opt.override_given && blank(opt.override_reason)) {
    throw Error(ExitCode::usage, "--override needs the officer's reason to accept a late request");
  }
  const auto actor = make_actor(common);
  const StageRequest request{cli::on_date(opt.on, actor.today), opt.reason,
                             given(opt.override_reason)};
  auto db = open_existing(common);
  const auto calendar = load_calendar(db);
  const auto to = escalate_stage(db, calendar, opt.reference, request, actor);
  // The officer tells the customer when to expect the next answer, so print the new deadlines.
  if (const auto view = find_case(db, calendar, opt.reference, actor.today)) {
    fmt::print("{}\n", render_stage_escalated(*view, to));
  } else {
    fmt::print("{}: {}\n", opt.reference, to);
  }
  cli::confirm("{}: escalated to {} {}", opt.reference, to, format_date(request.on));
  return 0;
}

// The options of a stage request, on `stage` and on the program itself (`feedback-escalate REF
// --reason ...`). Returns the options, so the caller can tell whether any was given.
std::vector<CLI::Option*>
add_stage_options(CLI::App* cmd, StageOptions& opt)
{
  std::vector<CLI::Option*> given_options;
  given_options.push_back(
      cmd->add_option("--reason", opt.reason, "Why the customer is still dissatisfied"));
  given_options.push_back(
      cmd->add_option("--on", opt.on, "The day the customer asked (YYYY-MM-DD, default: today)"));
  given_options.push_back(
      cmd->add_option("--override", opt.override_reason,
                      "Accept a request made after the procedure's window, for this reason")
          ->each([&opt](const std::string&) { opt.override_given = true; }));
  return given_options;
}

void
setup_stage(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<StageOptions>(
      app, "stage", "Take a responded case to the next stage of its procedure", action,
      [&common](const StageOptions& o) { return run_stage(common, o); });
  auto& opt = cmd->options;
  add_case_options(cmd, common, opt.reference);
  add_stage_options(cmd, opt);
  cmd->get_option("--reason")->required();
}

// ---- the Ombudsman and remedies ----

struct OmbudsmanOptions
{
  std::string reference;
  std::string their_ref;
  std::string on;
};

int
run_ombudsman(const EscalateCommon& common, const OmbudsmanOptions& opt)
{
  if (blank(opt.their_ref)) {
    throw Error(ExitCode::usage, "--their-ref must not be empty: the Ombudsman's reference");
  }
  const auto actor = make_actor(common);
  const auto on = cli::on_date(opt.on, actor.today);
  auto db = open_existing(common);
  if (open_ombudsman(db, opt.reference, opt.their_ref, on, actor) == OmbudsmanOrigin::premature) {
    fmt::print("{}: premature: the council's procedure is not done (the Ombudsman usually "
               "refers such a complaint back for local resolution)\n",
               opt.reference);
  }
  cli::confirm("{}: with the Ombudsman ({}) {}", opt.reference, opt.their_ref, format_date(on));
  return 0;
}

void
setup_ombudsman(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<OmbudsmanOptions>(
      app, "ombudsman", "The Ombudsman (LGSCO) is looking at it", action,
      [&common](const OmbudsmanOptions& o) { return run_ombudsman(common, o); });
  auto& opt = cmd->options;
  add_case_options(cmd, common, opt.reference);
  cmd->add_option("--their-ref", opt.their_ref, "The Ombudsman's reference")->required();
  cli::add_on_option(cmd, opt.on);
}

// The Ombudsman asks about a complaint the council never logged.
struct EnquiryOptions
{
  std::string their_ref;
  std::string summary;
  std::string service;
  std::string channel = "email";
  std::string procedure;
  std::string owner;
  std::string on;
};

int
run_enquiry(const EscalateCommon& common, const EnquiryOptions& opt)
{
  if (blank(opt.their_ref)) {
    throw Error(ExitCode::usage, "--their-ref must not be empty: the Ombudsman's reference");
  }
  const auto actor = make_actor(common);
  NewCase input;
  input.type = "complaint";
  input.received = cli::on_date(opt.on, actor.today);
  input.received_at = format_date(input.received);
  input.channel = opt.channel;
  input.summary = opt.summary;
  input.service = given(opt.service);
  input.procedure = given(opt.procedure);
  input.owner = given(opt.owner);
  auto db = open_existing(common);
  fmt::print("{}\n", record_ombudsman_enquiry(db, input, opt.their_ref, actor));
  return 0;
}

void
setup_enquiry(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<EnquiryOptions>(
      app, "ombudsman-enquiry",
      "The Ombudsman asks about a complaint never logged: log it with the Ombudsman's phase "
      "open; prints its reference",
      action, [&common](const EnquiryOptions& o) { return run_enquiry(common, o); });
  auto& opt = cmd->options;
  add_common(cmd, common);
  cmd->add_option("--officer", common.officer, "Who records it (default: $USER)");
  cmd->add_option("--their-ref", opt.their_ref, "The Ombudsman's reference")->required();
  cmd->add_option("--summary", opt.summary, "What the complaint is about")->required();
  cmd->add_option("--service", opt.service, "Service code");
  cmd->add_option("--channel", opt.channel, "How the Ombudsman made contact")
      ->capture_default_str();
  cmd->add_option("--procedure", opt.procedure, "Procedure, overriding the classification");
  cmd->add_option("--owner", opt.owner, "Officer who owns the case");
  cmd->add_option("--on", opt.on,
                  "The day the Ombudsman made contact: the case's receipt (default: today)");
}

struct DecisionOptions
{
  std::string reference;
  std::string decision;
  std::string on;
};

int
run_decision(const EscalateCommon& common, const DecisionOptions& opt)
{
  // The decision kinds are the policy's: checked against it once the database is open.
  const auto actor = make_actor(common);
  const auto on = cli::on_date(opt.on, actor.today);
  auto db = open_existing(common);
  record_decision(db, opt.reference, opt.decision, on, actor);
  cli::confirm("{}: Ombudsman's decision {} {}", opt.reference, opt.decision, format_date(on));
  return 0;
}

void
setup_decision(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<DecisionOptions>(
      app, "decision", "Record the Ombudsman's decision", action,
      [&common](const DecisionOptions& o) { return run_decision(common, o); });
  auto& opt = cmd->options;
  add_case_options(cmd, common, opt.reference);
  cmd->add_option("--decision", opt.decision,
                  fmt::format("A decision kind of the policy (by default {})",
                              vocabulary::join(k_ombudsman_decisions)))
      ->required();
  cli::add_on_option(cmd, opt.on);
}

struct RemedyOptions
{
  std::string reference;
  std::string kind;
  std::string amount;
  std::string due;
  std::string on;
};

int
run_remedy(const EscalateCommon& common, const RemedyOptions& opt)
{
  vocabulary::require("--kind", opt.kind, k_remedy_kinds);
  std::optional<std::int64_t> amount;
  if (!opt.amount.empty()) {
    amount = parse_amount_arg(opt.amount);
  }
  if (opt.kind == "payment" && !amount) {
    throw Error(ExitCode::usage, "a payment needs --amount in pounds, e.g. --amount 250.00");
  }
  if (opt.kind != "payment" && amount) {
    throw Error(ExitCode::usage, fmt::format("--amount is for payments, not {}", opt.kind));
  }
  const auto due = cli::parse_date_arg("--due", opt.due);
  const auto actor = make_actor(common);
  const auto on = cli::on_date(opt.on, actor.today);
  auto db = open_existing(common);
  const auto id = add_remedy(db, opt.reference, opt.kind, amount, due, on, actor);
  fmt::print("{}\n", id);
  cli::confirm("{}: remedy {} ({}) due {}", opt.reference, id, opt.kind, format_date(due));
  return 0;
}

void
setup_remedy(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<RemedyOptions>(
      app, "remedy", "Record a remedy agreed; prints its id", action,
      [&common](const RemedyOptions& o) { return run_remedy(common, o); });
  auto& opt = cmd->options;
  add_case_options(cmd, common, opt.reference);
  cli::suggest(cmd->add_option("--kind", opt.kind, vocabulary::join(k_remedy_kinds)),
               k_remedy_kinds)
      ->required();
  cmd->add_option("--amount", opt.amount, "For a payment: pounds, e.g. 250.00");
  cmd->add_option("--due", opt.due, "When it is due (YYYY-MM-DD)")->required();
  cmd->add_option("--on", opt.on, "The day it was agreed (YYYY-MM-DD, default: today)");
}

struct RemedyDoneOptions
{
  std::string reference;
  std::string id;
  std::string on;
};

int
run_remedy_done(const EscalateCommon& common, const RemedyDoneOptions& opt)
{
  const auto id = cli::parse_int_arg("ID", opt.id, 1, std::numeric_limits<std::int64_t>::max());
  const auto actor = make_actor(common);
  const auto on = cli::on_date(opt.on, actor.today);
  auto db = open_existing(common);
  remedy_done(db, opt.reference, id, on, actor);
  cli::confirm("{}: remedy {} done {}", opt.reference, id, format_date(on));
  return 0;
}

void
setup_remedy_done(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<RemedyDoneOptions>(
      app, "remedy-done", "Mark a remedy done", action,
      [&common](const RemedyDoneOptions& o) { return run_remedy_done(common, o); });
  auto& opt = cmd->options;
  add_case_options(cmd, common, opt.reference);
  cli::number(cmd->add_option("ID", opt.id, "The remedy id (printed by remedy)"))->required();
  cli::add_on_option(cmd, opt.on);
}

// ---- the nightly run ----

struct RunOptions
{
  std::string as_of;
  bool dry_run = false;
  std::string format = "table";
};

std::string
steps_text(std::int64_t n)
{
  return fmt::format("{} step{}", n, n == 1 ? "" : "s");
}

int
run_run(const EscalateCommon& common, const RunOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto actor = make_actor(common, k_run_officer);
  const auto as_of = cli::date_arg_or("--as-of", opt.as_of, actor.today);
  // A step recorded for a day still to come could be made untrue by tomorrow's
  // acknowledgement; only a dry run may look ahead.
  if (!opt.dry_run && date::sys_days{as_of} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error,
                fmt::format("--as-of {} is after today ({}): a run records only steps already "
                            "reached (use --dry-run to look ahead)",
                            format_date(as_of), format_date(actor.today)));
  }
  auto db = open_existing(common);
  const auto calendar = load_calendar(db);
  const auto result =
      run_escalation(db, calendar, as_of, opt.dry_run ? DryRun::yes : DryRun::no, actor);
  cli::warn_skipped("feedback-escalate", result.skipped);
  if (format == Format::json) {
    cli::print(render_run_json(render_escalation_steps(result.actions, format),
                               restrictions_due_for_review(db, as_of)));
  } else {
    cli::print(render_escalation_steps(result.actions, format));
    cli::report_restrictions_due(db, as_of, format, !result.actions.empty());
  }
  const auto fresh = static_cast<std::int64_t>(result.actions.size());
  // The run's log keeps this line (cron, systemd): a notice, not a terminal's confirmation.
  if (fresh == 0) {
    cli::notice(fmt::format("{}: nothing new to record for {} ({} already recorded)", k_run_officer,
                            format_date(as_of), steps_text(result.already_recorded)));
  } else {
    cli::notice(fmt::format("{}: {} {} new {} ({} already recorded)", k_run_officer,
                            opt.dry_run ? "would record" : "recorded", fresh,
                            fresh == 1 ? "step" : "steps", result.already_recorded));
  }
  return 0;
}

void
setup_run(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<RunOptions>(
      app, "run", "The nightly escalation run (cron); prints each new step", action,
      [&common](const RunOptions& o) { return run_run(common, o); });
  auto& opt = cmd->options;
  add_common(cmd, common);
  cmd->add_option("--as-of", opt.as_of, "Run for this day (YYYY-MM-DD, default: today)");
  cmd->add_flag("--dry-run", opt.dry_run, "Print what would be recorded; change nothing");
  cmd->add_option("--officer", common.officer,
                  fmt::format("Recorded as the runner (default: {})", k_run_officer));
  cli::add_format_option(cmd, opt.format);
}

// ---- overdue lists ----

struct OverdueOptions
{
  std::string as_of;
  std::string within;
  std::string service;
  std::string owner;
  std::string group_by;
  std::string split_dir;
  std::string format = "table";
};

OverdueGrouping
parse_group_by(const std::string& value)
{
  if (value.empty()) {
    return OverdueGrouping::none;
  }
  if (const auto by = parse_overdue_grouping(value)) {
    return *by;
  }
  throw Error(ExitCode::usage,
              fmt::format("--group-by: unknown value '{}' (expected service or owner)", value));
}

void
write_split(const std::string& dir, Format format, const std::vector<OverdueGroup>& groups)
{
  std::vector<cli::SplitFile> files;
  files.reserve(groups.size());
  for (const auto& g : groups) {
    files.push_back({std::string(overdue_group_name(g)), render_overdue(g.rows, format)});
  }
  cli::write_split(dir, format, files);
  if (groups.empty()) {
    cli::notice("feedback-escalate: no deadlines to list: no files written");
  }
}

int
run_overdue(const EscalateCommon& common, const OverdueOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  auto by = parse_group_by(opt.group_by);
  if (!opt.split_dir.empty() && by == OverdueGrouping::none) {
    by = OverdueGrouping::service; // the weekly lists go to services unless asked otherwise
  }
  OverdueFilter filter;
  if (!opt.within.empty()) {
    filter.within = static_cast<int>(cli::parse_int_arg("--within", opt.within, 0, 260));
  }
  filter.service = given(opt.service);
  filter.owner = given(opt.owner);
  const auto as_of = cli::date_arg_or("--as-of", opt.as_of, cli::today());
  auto db = open_existing(common);
  if (filter.service) {
    require_service(db, *filter.service); // a mistyped service is no empty list
  }
  const auto calendar = load_calendar(db);
  std::vector<SkippedCase> skipped;
  if (by == OverdueGrouping::none) {
    // Written as the rows come: the whole council's list is never held (CSV and JSON).
    OverdueWriter writer(format, cli::print);
    for_each_overdue_deadline(db, calendar, filter, as_of, skipped,
                              [&writer](const DeadlineRow& r) { writer.add(r); });
    writer.finish();
    cli::warn_skipped("feedback-escalate", skipped);
    return 0;
  }
  const auto rows = overdue_deadlines(db, calendar, filter, as_of, skipped);
  cli::warn_skipped("feedback-escalate", skipped);
  const auto groups = group_overdue(rows, by);
  if (!opt.split_dir.empty()) {
    write_split(opt.split_dir, format, groups);
    return 0;
  }
  cli::print(render_overdue_groups(groups, by, format));
  return 0;
}

void
setup_overdue(CLI::App& app, EscalateCommon& common, Action& action)
{
  auto* cmd = cli::add_subcommand<OverdueOptions>(
      app, "overdue", "Open cases past an acknowledgement or response deadline (or due soon)",
      action, [&common](const OverdueOptions& o) { return run_overdue(common, o); });
  auto& opt = cmd->options;
  add_common(cmd, common);
  cmd->add_option("--as-of", opt.as_of, "As of this day (YYYY-MM-DD, default: today)");
  cli::number(
      cmd->add_option("--within", opt.within, "Also deadlines due in the next N working days"));
  cmd->add_option("--service", opt.service, "Only this service");
  cmd->add_option("--owner", opt.owner, "Only this owner");
  static constexpr std::string_view k_groupings[] = {"service", "owner"};
  cli::choices(cmd->add_option("--group-by", opt.group_by, "service or owner"), k_groupings);
  cmd->add_option("--split-dir", opt.split_dir,
                  "Write one file per group into this directory (groups by service unless "
                  "--group-by owner); prints the files written");
  cli::add_format_option(cmd, opt.format);
}

// ---- the command line ----

void
setup(CLI::App& app, EscalateCommon& common, StageOptions& top_stage, Action& action)
{
  // At most one subcommand; with none, the program itself takes a stage request.
  app.require_subcommand(0, 1);
  add_common(&app, common);
  auto top = add_stage_options(&app, top_stage);
  top.push_back(app.add_option("REF", top_stage.reference, "Case reference: take it up a stage"));
  top.push_back(
      app.add_option("--officer", common.officer, "Who makes the change (default: $USER)"));
  setup_stage(app, common, action);
  setup_ombudsman(app, common, action);
  setup_enquiry(app, common, action);
  setup_decision(app, common, action);
  setup_remedy(app, common, action);
  setup_remedy_done(app, common, action);
  setup_run(app, common, action);
  setup_overdue(app, common, action);
  cli::setup_escalate_members(app, common.db, action);
  // Runs after the subcommands' callbacks, once the whole command line is parsed.
  app.callback([&app, &common, &top_stage, &action, top] {
    const bool stage_request = std::any_of(top.begin(), top.end(), [](const CLI::Option* o) {
      return o->count() > 0 && o->get_name() != "--officer";
    });
    if (!app.get_subcommands().empty()) {
      if (stage_request) {
        throw CLI::ValidationError("REF", "a stage request (REF, --reason, --on, --override) "
                                          "cannot be combined with a subcommand");
      }
      return;
    }
    if (top_stage.reference.empty()) {
      throw CLI::RequiredError("REF (feedback-escalate REF --reason TEXT) or a subcommand");
    }
    action = [&common, &top_stage] { return run_stage(common, top_stage); };
  });
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Escalate feedback cases: stages, the Ombudsman and the overdue ladder",
               "feedback-escalate"};
  EscalateCommon common;
  StageOptions top_stage;
  Action action;
  setup(app, common, top_stage, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
