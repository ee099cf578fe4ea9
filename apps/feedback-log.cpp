// SPDX-License-Identifier: MIT
// feedback-log: record a case and work it to the end.
#include "cli_support.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/cases/render.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace feedback;

// One struct for every subcommand: only one runs, so they share fields where flags match.
struct LogOptions
{
  cli::CommonOptions common;
  std::string officer;
  std::string reference;
  std::string on;
  std::string reason;
  std::string to;
  std::string format = "table";
  std::string as_of;
  // new
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
  // list
  bool open = false;
  bool closed = false;
  std::string stage;
  bool overdue = false;
  std::string received_from;
  std::string received_to;
  std::string limit;
  // changes
  bool explain = false;
  std::vector<std::string> words; // note TEXT...
  std::string days;
  std::string outcome;
  std::vector<std::string> areas;
  std::string problem;
  std::string improvement;
  std::string action;
  std::string due;
  std::string learning_id;
  bool sent = false;
  std::string satisfied;
  std::string stars;
};

// An empty flag value means "not given": no field of a case is meaningfully empty.
std::optional<std::string>
given(const std::string& value)
{
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

Actor
make_actor(const LogOptions& opt)
{
  return Actor{opt.officer.empty() ? cli::default_officer() : opt.officer, cli::utc_now(),
               cli::today()};
}

// `--on`, defaulting to today.
Date
on_date(const LogOptions& opt, const Actor& actor)
{
  return opt.on.empty() ? actor.today : cli::parse_date_arg("--on", opt.on);
}

Date
as_of_date(const LogOptions& opt)
{
  return opt.as_of.empty() ? cli::today() : cli::parse_date_arg("--as-of", opt.as_of);
}

Database
open_existing(const LogOptions& opt)
{
  auto db = Database::open(cli::db_path(opt.common), OpenMode::existing);
  migrate(db);
  return db;
}

// Colour only for people at a terminal, and never with NO_COLOR (no-color.org).
Colour
colour_for_stdout()
{
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') ? Colour::on
                                                                                  : Colour::off;
}

CaseView
require_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, Date as_of)
{
  if (auto view = find_case(db, calendar, reference, as_of)) {
    return std::move(*view);
  }
  throw Error(ExitCode::data_error, fmt::format("unknown case reference: '{}'", reference));
}

int
run_new(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
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
  // Logging the first case of a new council should just work, so only `new` creates the file.
  auto db = Database::open(cli::db_path(opt.common), OpenMode::create);
  migrate(db);
  fmt::print("{}\n", create_case(db, input, actor));
  return 0;
}

int
run_show(const LogOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  if (format == Format::csv) {
    throw Error(ExitCode::usage, "--format: show prints table or json, not csv");
  }
  const auto as_of = as_of_date(opt);
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  const auto view = require_case(db, calendar, opt.reference, as_of);
  if (format == Format::json) {
    auto text = case_to_json(view, calendar, as_of);
    if (text.empty() || text.back() != '\n') {
      text += '\n';
    }
    cli::print(text);
  } else {
    cli::print(render_case(view, calendar, as_of, colour_for_stdout()));
  }
  return 0;
}

int
run_list(const LogOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto as_of = as_of_date(opt);
  ListFilter filter;
  filter.status = opt.open     ? StatusFilter::open
                  : opt.closed ? StatusFilter::closed
                               : StatusFilter::any;
  filter.type = given(opt.type);
  filter.service = given(opt.service);
  filter.owner = given(opt.owner);
  filter.procedure = given(opt.procedure);
  if (!opt.stage.empty()) {
    filter.stage = cli::parse_small_int("--stage", opt.stage, 1, 99);
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
  if (!opt.limit.empty()) {
    filter.limit = static_cast<std::size_t>(
        cli::parse_int_arg("--limit", opt.limit, 1, std::numeric_limits<std::int32_t>::max()));
  }
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  const auto cases = list_cases(db, calendar, filter, as_of);
  cli::print(render_case_list(cases, format, colour_for_stdout()));
  return 0;
}

int
run_classify(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
  auto db = open_existing(opt);
  classify_case(db, opt.reference, opt.type, given(opt.procedure), actor);
  if (opt.explain) {
    const auto calendar = load_calendar(db);
    const auto view = require_case(db, calendar, opt.reference, actor.today);
    fmt::print("{}\n", view.classified_by.value_or("no explanation recorded"));
  }
  return 0;
}

// Reads the whole of stdin, for a note too long or awkward for the command line.
std::string
read_stdin()
{
  std::string text;
  char buf[65536];
  for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, stdin)) > 0;) {
    text.append(buf, got);
  }
  if (std::ferror(stdin)) {
    throw Error(ExitCode::io_error, "cannot read standard input");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

int
run_note(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
  std::string text;
  if (opt.words.empty()) {
    text = read_stdin();
  } else {
    text = fmt::format("{}", fmt::join(opt.words, " "));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ExitCode::usage, "note: the text is empty (give TEXT, or the text on stdin)");
  }
  auto db = open_existing(opt);
  add_note(db, opt.reference, text, actor);
  return 0;
}

int
run_extend(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
  const int days = cli::parse_small_int("--days", opt.days, 1, 1000);
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db);
  fmt::print("{}\n",
             format_date(extend_case(db, calendar, opt.reference, days, opt.reason, actor)));
  return 0;
}

int
run_learn(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
  LearningInput input{opt.problem, opt.improvement, given(opt.action), given(opt.owner),
                      std::nullopt};
  if (!opt.due.empty()) {
    input.due = cli::parse_date_arg("--due", opt.due);
  }
  auto db = open_existing(opt);
  fmt::print("{}\n", add_learning(db, opt.reference, input, actor));
  return 0;
}

int
run_survey(const LogOptions& opt)
{
  const auto actor = make_actor(opt);
  SurveyInput input;
  input.on = on_date(opt, actor);
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
  auto db = open_existing(opt);
  record_survey(db, opt.reference, input, actor);
  return 0;
}

// A change that prints nothing. `--on` is read (default today) before the database is opened,
// so a bad date is a usage error even when the database is missing.
using Change = std::function<void(Database&, Date on, const Actor&)>;

int
run_change(const LogOptions& opt, const Change& change)
{
  const auto actor = make_actor(opt);
  const auto on = on_date(opt, actor);
  auto db = open_existing(opt);
  change(db, on, actor);
  return 0;
}

// ---- the command line ----

CLI::App*
case_command(CLI::App& app, LogOptions& opt, std::string name, std::string description)
{
  auto* cmd = app.add_subcommand(std::move(name), std::move(description));
  cmd->add_option("REF", opt.reference, "Case reference, e.g. FB-2026-000042")->required();
  return cmd;
}

CLI::App*
changing(CLI::App* cmd, LogOptions& opt)
{
  cmd->add_option("--officer", opt.officer, "Who makes the change (default: $USER)");
  return cmd;
}

void
add_on(CLI::App* cmd, LogOptions& opt)
{
  cmd->add_option("--on", opt.on, "The day it happened (YYYY-MM-DD, default: today)");
}

void
setup_new(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  auto* cmd = changing(app.add_subcommand("new", "Log a new case; prints its reference"), opt);
  cmd->add_option("--type", opt.type,
                  "complaint, compliment, comment, suggestion, enquiry or service-request "
                  "(default: unclassified)");
  cmd->add_option("--channel", opt.channel,
                  "web, email, phone, letter, face-to-face, social-media, webchat or "
                  "staff-portal")
      ->required();
  cmd->add_option("--service", opt.service, "Service code");
  cmd->add_option("--summary", opt.summary, "What the contact is about")->required();
  cmd->add_option("--received", opt.received,
                  "When it arrived: YYYY-MM-DD or a date-time (default: now)");
  cmd->add_option("--procedure", opt.procedure, "Procedure, overriding the classification");
  auto* sponsor = cmd->add_option("--sponsor", opt.sponsor, "councillor, mp or chief-executive");
  cmd->add_option("--sponsor-name", opt.sponsor_name, "The sponsor's name")->needs(sponsor);
  cmd->add_flag("--info-request", opt.info_request, "Only a request for information");
  cmd->add_option("--name", opt.name, "Complainant's name (personal data)");
  cmd->add_option("--email", opt.email, "Complainant's email (personal data)");
  cmd->add_option("--phone", opt.phone, "Complainant's phone (personal data)");
  cmd->add_option("--address", opt.address, "Complainant's address (personal data)");
  cmd->add_option("--preferred-format", opt.preferred_format,
                  "email, letter, large-print, braille, bsl-video or another-language");
  cmd->add_option("--external-ref", opt.external_ref, "Reference in another system");
  cmd->add_option("--owner", opt.owner, "Officer who owns the case");
  cmd->callback([&] { action = [&] { return run_new(opt); }; });
}

void
setup_reading(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  auto* show = case_command(app, opt, "show", "Show a case: facts, deadlines, timeline");
  show->add_option("--format", opt.format, "table or json")->capture_default_str();
  show->add_option("--as-of", opt.as_of, "Deadlines as of this day (default: today)");
  show->callback([&] { action = [&] { return run_show(opt); }; });

  auto* list = app.add_subcommand("list", "List cases (no personal data)");
  auto* open = list->add_flag("--open", opt.open, "Only cases not closed");
  list->add_flag("--closed", opt.closed, "Only closed cases")->excludes(open);
  list->add_option("--type", opt.type, "Feedback type, or unclassified");
  list->add_option("--service", opt.service, "Service code");
  list->add_option("--owner", opt.owner, "Owning officer");
  list->add_option("--stage", opt.stage, "Stage number");
  list->add_option("--procedure", opt.procedure, "Procedure");
  list->add_flag("--overdue", opt.overdue, "Only cases with a deadline passed");
  list->add_option("--received-from", opt.received_from, "Received on or after (YYYY-MM-DD)");
  list->add_option("--received-to", opt.received_to, "Received on or before (YYYY-MM-DD)");
  list->add_option("--format", opt.format, "table, csv or json")->capture_default_str();
  list->add_option("--as-of", opt.as_of, "Deadlines as of this day (default: today)");
  list->add_option("--limit", opt.limit, "At most N cases");
  list->callback([&] { action = [&] { return run_list(opt); }; });
}

void
setup_routing(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  auto* classify = changing(case_command(app, opt, "classify", "Classify or reclassify"), opt);
  classify->add_option("--as", opt.type, "The feedback type")->required();
  classify->add_option("--procedure", opt.procedure, "Procedure, overriding the rules");
  classify->add_flag("--explain", opt.explain, "Print why the case was classified so");
  classify->callback([&] { action = [&] { return run_classify(opt); }; });

  auto* redirect =
      changing(case_command(app, opt, "redirect", "Not the council's: redirect and close"), opt);
  redirect->add_option("--to", opt.to, "The organisation it belongs to")->required();
  redirect->callback([&] {
    action = [&] {
      return run_change(opt, [&](Database& db, Date, const Actor& a) {
        redirect_case(db, opt.reference, opt.to, a);
      });
    };
  });

  auto* assign = changing(case_command(app, opt, "assign", "Give the case to an officer"), opt);
  assign->add_option("--to", opt.to, "The officer")->required();
  assign->callback([&] {
    action = [&] {
      return run_change(opt, [&](Database& db, Date, const Actor& a) {
        assign_case(db, opt.reference, opt.to, a);
      });
    };
  });

  auto* note = changing(case_command(app, opt, "note", "Add a note (TEXT, else stdin)"), opt);
  note->add_option("TEXT", opt.words, "The note");
  note->callback([&] { action = [&] { return run_note(opt); }; });
}

// The changes that take REF and `--on` and nothing else.
using DatedChange = void (*)(Database&, std::string_view, Date, const Actor&);

void
setup_dated(CLI::App& app, LogOptions& opt, std::function<int()>& action, const char* name,
            const char* description, DatedChange change)
{
  auto* cmd = changing(case_command(app, opt, name, description), opt);
  add_on(cmd, opt);
  cmd->callback([&action, &opt, change] {
    action = [&opt, change] {
      return run_change(opt, [&opt, change](Database& db, Date on, const Actor& a) {
        change(db, opt.reference, on, a);
      });
    };
  });
}

void
setup_progress(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  setup_dated(app, opt, action, "ack", "Record the acknowledgement", acknowledge_case);
  setup_dated(app, opt, action, "resume", "Take the case off hold", resume_case);
  setup_dated(app, opt, action, "resolve-informally", "Resolved at first point of contact",
              resolve_informally);
  setup_dated(app, opt, action, "withdraw", "The customer withdrew", withdraw_case);
  setup_dated(app, opt, action, "close", "Close the case", close_case);
  setup_dated(app, opt, action, "sponsor-update", "Record that the sponsor was updated",
              sponsor_update);

  auto* hold = changing(case_command(app, opt, "hold", "Put the case on hold"), opt);
  hold->add_option("--reason", opt.reason, "Why (e.g. waiting for the customer)")->required();
  add_on(hold, opt);
  hold->callback([&] {
    action = [&] {
      return run_change(opt, [&](Database& db, Date on, const Actor& a) {
        hold_case(db, opt.reference, opt.reason, on, a);
      });
    };
  });

  auto* extend = changing(
      case_command(app, opt, "extend", "Extend the response deadline; prints the new one"), opt);
  extend->add_option("--days", opt.days, "Working days")->required();
  extend->add_option("--reason", opt.reason, "Why (the holding letter's reason)")->required();
  extend->callback([&] { action = [&] { return run_extend(opt); }; });

  auto* respond = changing(case_command(app, opt, "respond", "Record the stage's response"), opt);
  respond->add_option("--outcome", opt.outcome, "upheld, partially-upheld or not-upheld");
  respond->add_option("--area", opt.areas, "Complaint area (repeat, or comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  add_on(respond, opt);
  respond->callback([&] {
    action = [&] {
      return run_change(opt, [&](Database& db, Date on, const Actor& a) {
        respond_case(db, opt.reference, given(opt.outcome), opt.areas, on, a);
      });
    };
  });

  auto* reopen = changing(case_command(app, opt, "reopen", "Reopen a closed case"), opt);
  reopen->add_option("--reason", opt.reason, "Why")->required();
  add_on(reopen, opt);
  reopen->callback([&] {
    action = [&] {
      return run_change(opt, [&](Database& db, Date on, const Actor& a) {
        reopen_case(db, opt.reference, opt.reason, on, a);
      });
    };
  });
}

void
setup_after(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  auto* learn = changing(case_command(app, opt, "learn", "Record learning; prints its id"), opt);
  learn->add_option("--problem", opt.problem, "What went wrong")->required();
  learn->add_option("--improvement", opt.improvement, "What will change")->required();
  learn->add_option("--action", opt.action, "The action to take");
  learn->add_option("--owner", opt.owner, "Who owns the action");
  learn->add_option("--due", opt.due, "When the action is due (YYYY-MM-DD)");
  learn->callback([&] { action = [&] { return run_learn(opt); }; });

  auto* done = changing(case_command(app, opt, "learn-done", "Mark a learning action done"), opt);
  done->add_option("ID", opt.learning_id, "The learning id (printed by learn)")->required();
  add_on(done, opt);
  done->callback([&] {
    action = [&] {
      const auto id =
          cli::parse_int_arg("ID", opt.learning_id, 1, std::numeric_limits<std::int64_t>::max());
      return run_change(opt, [&](Database& db, Date on, const Actor& a) {
        learning_done(db, opt.reference, id, on, a);
      });
    };
  });

  auto* survey = changing(case_command(app, opt, "survey", "Record a satisfaction survey"), opt);
  survey->add_flag("--sent", opt.sent, "The survey was sent");
  survey->add_option("--satisfied", opt.satisfied, "yes or no");
  survey->add_option("--stars", opt.stars, "Star rating, 1 to 5");
  survey->add_option("--reason", opt.reason, "Reason for dissatisfaction");
  add_on(survey, opt);
  survey->callback([&] { action = [&] { return run_survey(opt); }; });
}

void
setup(CLI::App& app, LogOptions& opt, std::function<int()>& action)
{
  app.require_subcommand(1);
  app.fallthrough();
  cli::add_db_option(app, opt.common);
  setup_new(app, opt, action);
  setup_reading(app, opt, action);
  setup_routing(app, opt, action);
  setup_progress(app, opt, action);
  setup_after(app, opt, action);
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Record and work feedback cases", "feedback-log"};
  LogOptions opt;
  std::function<int()> action;
  setup(app, opt, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
