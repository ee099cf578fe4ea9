// SPDX-License-Identifier: MIT
// feedback-escalate: take a case up a stage and to the Ombudsman, track the remedies agreed,
// run the nightly overdue ladder and print the overdue lists each service is sent.
#include "cli_support.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/escalation/render.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using namespace feedback;

// One struct for every subcommand: only one runs, so they share fields where flags match.
struct EscalateOptions
{
  cli::CommonOptions common;
  std::string busy_timeout;
  std::string officer;
  std::string reference;
  // stage
  std::string on;
  std::string reason;
  std::string override_reason;
  bool override_given = false;
  // ombudsman, decision, remedy, remedy-done
  std::string their_ref;
  std::string decision;
  std::string kind;
  std::string amount;
  std::string due;
  std::string remedy_id;
  // run, overdue
  std::string as_of;
  bool dry_run = false;
  std::string format = "table";
  std::string within;
  std::string service;
  std::string owner;
  std::string group_by;
  std::string split_dir;
};

// The nightly run is recorded under this name unless an officer runs it by hand with --officer.
constexpr const char* k_run_officer = "feedback-escalate";
// Database::open's own default: long enough for an officer's single change to finish.
constexpr int k_default_busy_timeout_ms = 5000;

std::optional<std::string>
given(const std::string& value)
{
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

bool
blank(std::string_view text)
{
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Actor
make_actor(const EscalateOptions& opt, std::string_view fallback_officer)
{
  std::string officer = opt.officer;
  if (officer.empty()) {
    officer = fallback_officer.empty() ? cli::default_officer() : std::string(fallback_officer);
  }
  return Actor{std::move(officer), cli::utc_now(), cli::today()};
}

// `--on`, defaulting to today.
Date
on_date(const EscalateOptions& opt, const Actor& actor)
{
  return opt.on.empty() ? actor.today : cli::parse_date_arg("--on", opt.on);
}

Date
as_of_date(const EscalateOptions& opt, Date today)
{
  return opt.as_of.empty() ? today : cli::parse_date_arg("--as-of", opt.as_of);
}

int
busy_timeout_ms(const EscalateOptions& opt)
{
  if (opt.busy_timeout.empty()) {
    return k_default_busy_timeout_ms;
  }
  return static_cast<int>(cli::parse_int_arg("--busy-timeout", opt.busy_timeout, 0, 3'600'000));
}

Database
open_existing(const EscalateOptions& opt)
{
  auto db = Database::open(cli::db_path(opt.common), OpenMode::existing, busy_timeout_ms(opt));
  migrate(db);
  return db;
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

// ---- stage escalation, the Ombudsman and remedies ----

int
run_stage(const EscalateOptions& opt)
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
  const auto actor = make_actor(opt, "");
  const StageRequest request{on_date(opt, actor), opt.reason, given(opt.override_reason)};
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  const auto to = escalate_stage(db, calendar, opt.reference, request, actor);
  // The officer tells the customer when to expect the next answer, so print the new deadlines.
  if (const auto view = find_case(db, calendar, opt.reference, actor.today)) {
    fmt::print("{}\n", render_stage_escalated(*view, to));
  } else {
    fmt::print("{}: {}\n", opt.reference, to);
  }
  return 0;
}

int
run_ombudsman(const EscalateOptions& opt)
{
  if (blank(opt.their_ref)) {
    throw Error(ExitCode::usage, "--their-ref must not be empty: the Ombudsman's reference");
  }
  const auto actor = make_actor(opt, "");
  const auto on = on_date(opt, actor);
  auto db = open_existing(opt);
  open_ombudsman(db, opt.reference, opt.their_ref, on, actor);
  return 0;
}

int
run_decision(const EscalateOptions& opt)
{
  // Checked before the database is opened, so a typo is reported even against a missing file.
  vocabulary::require("--decision", opt.decision, k_ombudsman_decisions);
  const auto actor = make_actor(opt, "");
  const auto on = on_date(opt, actor);
  auto db = open_existing(opt);
  record_decision(db, opt.reference, opt.decision, on, actor);
  return 0;
}

int
run_remedy(const EscalateOptions& opt)
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
  const auto actor = make_actor(opt, "");
  auto db = open_existing(opt);
  fmt::print("{}\n", add_remedy(db, opt.reference, opt.kind, amount, due, actor));
  return 0;
}

int
run_remedy_done(const EscalateOptions& opt)
{
  const auto id =
      cli::parse_int_arg("ID", opt.remedy_id, 1, std::numeric_limits<std::int64_t>::max());
  const auto actor = make_actor(opt, "");
  const auto on = on_date(opt, actor);
  auto db = open_existing(opt);
  remedy_done(db, opt.reference, id, on, actor);
  return 0;
}

// ---- the nightly run ----

std::string
steps_text(std::int64_t n)
{
  return fmt::format("{} step{}", n, n == 1 ? "" : "s");
}

int
run_run(const EscalateOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto actor = make_actor(opt, k_run_officer);
  const auto as_of = as_of_date(opt, actor.today);
  // A step recorded for a day still to come could be made untrue by tomorrow's
  // acknowledgement; only a dry run may look ahead.
  if (!opt.dry_run && date::sys_days{as_of} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error,
                fmt::format("--as-of {} is after today ({}): a run records only steps already "
                            "reached (use --dry-run to look ahead)",
                            format_date(as_of), format_date(actor.today)));
  }
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  const auto result =
      run_escalation(db, calendar, as_of, opt.dry_run ? DryRun::yes : DryRun::no, actor);

  cli::print(render_escalation_steps(result.actions, format));
  std::fflush(stdout);
  const auto fresh = static_cast<std::int64_t>(result.actions.size());
  if (fresh == 0) {
    fmt::print(stderr, "{}: nothing new to record for {} ({} already recorded)\n", k_run_officer,
               format_date(as_of), steps_text(result.already_recorded));
  } else {
    fmt::print(stderr, "{}: {} {} new {} ({} already recorded)\n", k_run_officer,
               opt.dry_run ? "would record" : "recorded", fresh, fresh == 1 ? "step" : "steps",
               result.already_recorded);
  }
  return 0;
}

// ---- overdue lists ----

OverdueGrouping
parse_group_by(const std::string& value)
{
  if (value.empty()) {
    return OverdueGrouping::none;
  }
  if (const auto by = parse_overdue_grouping(value)) {
    return *by;
  }
  throw Error(ExitCode::usage, fmt::format("--group-by: expected service or owner: '{}'", value));
}

// A file name from a service code or an officer's name: nothing that could climb out of the
// directory or upset a mail script.
std::string
safe_file_name(std::string_view name)
{
  std::string out;
  for (const char ch : name) {
    const bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    out += keep ? ch : '_';
  }
  if (out.empty() || out.front() == '.') {
    out.insert(out.begin(), '_'); // never a hidden file, never "." or ".."
  }
  return out;
}

std::string_view
extension(Format format)
{
  switch (format) {
  case Format::csv:
    return "csv";
  case Format::json:
    return "json";
  case Format::table:
    break;
  }
  return "txt";
}

// Writes `text` to `path` through a temporary file renamed into place, so a mail job reading
// the directory never sends half a list.
void
write_file(const std::filesystem::path& path, std::string_view text)
{
  auto tmp = path;
  tmp.replace_filename("." + path.filename().string() + ".tmp");
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  // fclose flushes: its failure is a failed write too.
  if (std::fclose(out) != 0 || !written) {
    std::remove(tmp.c_str());
    throw Error(ExitCode::io_error, fmt::format("cannot write {}", tmp.string()));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", path.string(), std::strerror(err)));
  }
}

void
write_split(const std::string& dir, Format format, const std::vector<OverdueGroup>& groups)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create directory {}: {}", dir,
                            ec ? ec.message() : "a file of that name exists"));
  }
  std::set<std::string> used;
  for (const auto& g : groups) {
    const std::string base = safe_file_name(overdue_group_name(g));
    // Two groups can map to one name ("a/b" and "a_b"): neither may overwrite the other.
    std::string name = fmt::format("{}.{}", base, extension(format));
    for (int n = 2; used.count(name) != 0; ++n) {
      name = fmt::format("{}-{}.{}", base, n, extension(format));
    }
    used.insert(name);
    const auto path = std::filesystem::path(dir) / name;
    write_file(path, render_overdue(g.rows, format));
    fmt::print("{}\n", path.string());
  }
  if (groups.empty()) {
    fmt::print(stderr, "feedback-escalate: no deadlines to list: no files written\n");
  }
}

int
run_overdue(const EscalateOptions& opt)
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
  const auto as_of = as_of_date(opt, cli::today());
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  const auto rows = overdue_deadlines(db, calendar, filter, as_of);

  if (by == OverdueGrouping::none) {
    cli::print(render_overdue(rows, format));
    return 0;
  }
  const auto groups = group_overdue(rows, by);
  if (!opt.split_dir.empty()) {
    write_split(opt.split_dir, format, groups);
    return 0;
  }
  cli::print(render_overdue_groups(groups, by, format));
  return 0;
}

// ---- the command line ----

// Options every subcommand takes, so they may come before or after its name.
void
add_common(CLI::App* cmd, EscalateOptions& opt)
{
  cli::add_db_option(*cmd, opt.common);
  cmd->add_option("--busy-timeout", opt.busy_timeout,
                  "Milliseconds to wait for a busy database before exit 75 (default: 5000)");
}

CLI::App*
case_command(CLI::App& app, EscalateOptions& opt, std::string name, std::string description)
{
  auto* cmd = app.add_subcommand(std::move(name), std::move(description));
  add_common(cmd, opt);
  cmd->add_option("REF", opt.reference, "Case reference, e.g. FB-2026-000042")->required();
  cmd->add_option("--officer", opt.officer, "Who makes the change (default: $USER)");
  return cmd;
}

void
add_on(CLI::App* cmd, EscalateOptions& opt)
{
  cmd->add_option("--on", opt.on, "The day it happened (YYYY-MM-DD, default: today)");
}

// The options of a stage request, on `stage` and on the program itself (`feedback-escalate REF
// --reason ...`). Returns the options, so the caller can tell whether any was given.
std::vector<CLI::Option*>
add_stage_options(CLI::App* cmd, EscalateOptions& opt)
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
setup_cases(CLI::App& app, EscalateOptions& opt, std::function<int()>& action)
{
  auto* stage =
      case_command(app, opt, "stage", "Take a responded case to the next stage of its procedure");
  add_stage_options(stage, opt);
  stage->get_option("--reason")->required();
  stage->callback([&] { action = [&] { return run_stage(opt); }; });

  auto* ombudsman = case_command(app, opt, "ombudsman", "The Ombudsman (LGSCO) is looking at it");
  ombudsman->add_option("--their-ref", opt.their_ref, "The Ombudsman's reference")->required();
  add_on(ombudsman, opt);
  ombudsman->callback([&] { action = [&] { return run_ombudsman(opt); }; });

  auto* decision = case_command(app, opt, "decision", "Record the Ombudsman's decision");
  decision
      ->add_option("--decision", opt.decision,
                   fmt::format("{}", vocabulary::join(k_ombudsman_decisions)))
      ->required();
  add_on(decision, opt);
  decision->callback([&] { action = [&] { return run_decision(opt); }; });

  auto* remedy = case_command(app, opt, "remedy", "Record a remedy agreed; prints its id");
  remedy->add_option("--kind", opt.kind, vocabulary::join(k_remedy_kinds))->required();
  remedy->add_option("--amount", opt.amount, "For a payment: pounds, e.g. 250.00");
  remedy->add_option("--due", opt.due, "When it is due (YYYY-MM-DD)")->required();
  remedy->callback([&] { action = [&] { return run_remedy(opt); }; });

  auto* done = case_command(app, opt, "remedy-done", "Mark a remedy done");
  done->add_option("ID", opt.remedy_id, "The remedy id (printed by remedy)")->required();
  add_on(done, opt);
  done->callback([&] { action = [&] { return run_remedy_done(opt); }; });
}

void
add_format(CLI::App* cmd, EscalateOptions& opt)
{
  cmd->add_option("--format", opt.format, "table, csv or json")->capture_default_str();
}

void
setup_lists(CLI::App& app, EscalateOptions& opt, std::function<int()>& action)
{
  auto* run = app.add_subcommand("run", "The nightly escalation run (cron); prints each new step");
  add_common(run, opt);
  run->add_option("--as-of", opt.as_of, "Run for this day (YYYY-MM-DD, default: today)");
  run->add_flag("--dry-run", opt.dry_run, "Print what would be recorded; change nothing");
  run->add_option("--officer", opt.officer,
                  fmt::format("Recorded as the runner (default: {})", k_run_officer));
  add_format(run, opt);
  run->callback([&] { action = [&] { return run_run(opt); }; });

  auto* overdue = app.add_subcommand(
      "overdue", "Open cases past an acknowledgement or response deadline (or due soon)");
  add_common(overdue, opt);
  overdue->add_option("--as-of", opt.as_of, "As of this day (YYYY-MM-DD, default: today)");
  overdue->add_option("--within", opt.within, "Also deadlines due in the next N working days");
  overdue->add_option("--service", opt.service, "Only this service");
  overdue->add_option("--owner", opt.owner, "Only this owner");
  overdue->add_option("--group-by", opt.group_by, "owner or service");
  overdue->add_option("--split-dir", opt.split_dir,
                      "Write one file per group into this directory (groups by service unless "
                      "--group-by owner); prints the files written");
  add_format(overdue, opt);
  overdue->callback([&] { action = [&] { return run_overdue(opt); }; });
}

void
setup(CLI::App& app, EscalateOptions& opt, std::function<int()>& action)
{
  // At most one subcommand; with none, the program itself takes a stage request.
  app.require_subcommand(0, 1);
  add_common(&app, opt);
  auto top = add_stage_options(&app, opt);
  top.push_back(app.add_option("REF", opt.reference, "Case reference: take it up a stage"));
  top.push_back(app.add_option("--officer", opt.officer, "Who makes the change (default: $USER)"));
  setup_cases(app, opt, action);
  setup_lists(app, opt, action);
  // Runs after the subcommands' callbacks, once the whole command line is parsed.
  app.callback([&app, &opt, &action, top] {
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
    if (opt.reference.empty()) {
      throw CLI::RequiredError("REF (feedback-escalate REF --reason TEXT) or a subcommand");
    }
    action = [&opt] { return run_stage(opt); };
  });
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Escalate feedback cases: stages, the Ombudsman and the overdue ladder",
               "feedback-escalate"};
  EscalateOptions opt;
  std::function<int()> action;
  setup(app, opt, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
