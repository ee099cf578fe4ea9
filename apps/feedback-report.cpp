// SPDX-License-Identifier: MIT
// feedback-report: the figures councils publish, straight from the database.
#include "cli_support.hpp"
#include "privacy_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/reports/reports.hpp>
#include <feedback/storage/database.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace feedback;

// The options of one report. Every report takes these (annual and volumes a few fewer and
// more); each subcommand binds its own.
struct ReportOptions
{
  std::string from;
  std::string to;
  std::string year;
  std::string quarter;
  std::string month;
  std::string compare;
  std::string as_of;
  std::string format = "table";
  std::string section;
  std::string by = "type";
  std::string inactive_days;
};

constexpr int k_max_compare = 20;

constexpr std::string_view k_report_formats[] = {"table", "csv", "json", "markdown", "html"};
constexpr std::string_view k_volume_groupings[] = {
    "type", "channel", "channel-group", "service", "directorate", "procedure", "stage"};

// The period asked for: exactly one of --from/--to, --year, --quarter, --month.
Period
parse_period(const ReportOptions& opt, ReportKind kind)
{
  const int given = (!opt.from.empty() || !opt.to.empty() ? 1 : 0) + (!opt.year.empty() ? 1 : 0) +
                    (!opt.quarter.empty() ? 1 : 0) + (!opt.month.empty() ? 1 : 0);
  if (kind == ReportKind::annual && (given != 1 || opt.year.empty())) {
    throw Error(ExitCode::usage, "annual covers one financial year: give --year YYYY/YY "
                                 "(e.g. --year 2021/22)");
  }
  if (given != 1) {
    throw Error(ExitCode::usage,
                given == 0 ? "give the period: --from DATE --to DATE, --year 2019/20, "
                             "--quarter 2021/22-Q1 or --month 2020-07"
                           : "give one period only: --from/--to, --year, --quarter or --month");
  }
  if (!opt.year.empty()) {
    if (const auto p = parse_financial_year(opt.year)) {
      return *p;
    }
    throw Error(ExitCode::usage, fmt::format("--year: not a financial year (expected YYYY/YY, "
                                             "e.g. 2019/20): '{}'",
                                             opt.year));
  }
  if (!opt.quarter.empty()) {
    if (const auto p = parse_quarter(opt.quarter)) {
      return *p;
    }
    throw Error(ExitCode::usage, fmt::format("--quarter: not a quarter of a financial year "
                                             "(expected YYYY/YY-QN, e.g. 2021/22-Q1): '{}'",
                                             opt.quarter));
  }
  if (!opt.month.empty()) {
    if (const auto p = parse_month(opt.month)) {
      return *p;
    }
    throw Error(
        ExitCode::usage,
        fmt::format("--month: not a month (expected YYYY-MM, e.g. 2020-07): '{}'", opt.month));
  }
  if (opt.from.empty() || opt.to.empty()) {
    throw Error(ExitCode::usage, "--from and --to go together");
  }
  const auto from = cli::parse_date_arg("--from", opt.from);
  const auto to = cli::parse_date_arg("--to", opt.to);
  if (date::sys_days{to} < date::sys_days{from}) {
    throw Error(ExitCode::usage, fmt::format("--from {} is after --to {}", opt.from, opt.to));
  }
  return Period{from, to};
}

ReportRequest
make_request(const ReportOptions& opt, ReportKind kind)
{
  ReportRequest request;
  request.kind = kind;
  const auto period = parse_period(opt, kind);
  int compare = 0;
  if (kind == ReportKind::annual) {
    if (!opt.compare.empty()) {
      throw Error(ExitCode::usage, "--compare: annual always shows the two previous years");
    }
    compare = 2;
  } else if (!opt.compare.empty()) {
    compare = cli::parse_small_int("--compare", opt.compare, 0, k_max_compare);
  }
  const auto as_of = cli::as_of_date(opt.as_of);
  request.scope = make_scope(period, compare, as_of);
  // Working days are known for the calendar's range only; refuse before reading anything.
  const auto first = WorkingCalendar::first_day();
  const auto last = WorkingCalendar::last_day();
  if (date::sys_days{request.scope.before.from} < date::sys_days{first} ||
      date::sys_days{request.scope.periods.back().to} > date::sys_days{last} ||
      date::sys_days{as_of} < date::sys_days{first} ||
      date::sys_days{as_of} > date::sys_days{last}) {
    throw Error(ExitCode::usage,
                fmt::format("the period (with the periods compared) must lie within {} to {}",
                            format_date(first), format_date(last)));
  }
  if (kind == ReportKind::volumes) {
    const auto by = parse_volume_grouping(opt.by);
    if (!by) {
      throw Error(ExitCode::usage,
                  fmt::format("--by: unknown grouping '{}' (expected type, channel, "
                              "channel-group, service, directorate, procedure or stage)",
                              opt.by));
    }
    request.by = *by;
  }
  if (!opt.inactive_days.empty()) {
    request.inactive_days = cli::parse_small_int("--inactive-days", opt.inactive_days, 1, 1000);
  }
  return request;
}

int
run_report(const cli::CommonOptions& common, const ReportOptions& opt, ReportKind kind)
{
  const auto format = parse_report_format(opt.format);
  if (!format) {
    throw Error(ExitCode::usage, fmt::format("--format: unknown format '{}' (expected table, csv, "
                                             "json, markdown or html)",
                                             opt.format));
  }
  const auto request = make_request(opt, kind);
  auto db = cli::open_existing(common);
  // A report reads much of the file, some tables more than once: map it rather than copy each
  // page through SQLite's small default cache.
  db.exec("PRAGMA mmap_size = 4294967296");
  const auto calendar = load_calendar(db);
  const auto policy = load_policy(db);
  auto document = build_report(db, calendar, policy, request);
  if (!opt.section.empty()) {
    document = select_section(document, opt.section);
  }
  cli::print(render_report(document, *format));
  return 0;
}

struct Subcommand
{
  const char* name;
  const char* description;
  ReportKind kind;
};

constexpr Subcommand k_subcommands[] = {
    {"volumes", "Cases received per period, grouped (--by), with the change on the previous one",
     ReportKind::volumes},
    {"timeliness", "Responses and acknowledgements within timescale, against target",
     ReportKind::timeliness},
    {"kpi", "Monthly: complaints received, and responses outside their deadline", ReportKind::kpi},
    {"outcomes",
     "Upheld, partially upheld and not upheld by service; areas; reclassifications; "
     "redirections",
     ReportKind::outcomes},
    {"ombudsman", "The Ombudsman's decisions by kind and service; remedies and payments",
     ReportKind::ombudsman},
    {"learning", "Learning from complaints: problem, improvement, action, by service",
     ReportKind::learning},
    {"satisfaction", "Surveys sent and returned, % satisfied, star ratings",
     ReportKind::satisfaction},
    {"data-quality", "Unclassified, inactive, unsponsored-update and service-less cases",
     ReportKind::data_quality},
    {"annual", "All of the above for one financial year beside the two before it",
     ReportKind::annual},
};

void
setup(CLI::App& app, cli::CommonOptions& common, cli::Action& action)
{
  app.require_subcommand(1);
  app.fallthrough();
  cli::add_db_option(app, common);
  for (const auto& sub : k_subcommands) {
    const auto kind = sub.kind;
    auto* cmd = cli::add_subcommand<ReportOptions>(
        app, sub.name, sub.description, action,
        [&common, kind](const ReportOptions& o) { return run_report(common, o, kind); });
    auto& opt = cmd->options;
    cmd->add_option("--from", opt.from, "First day of the period (YYYY-MM-DD)");
    cmd->add_option("--to", opt.to, "Last day of the period (YYYY-MM-DD)");
    cmd->add_option("--year", opt.year, "A financial year, 1 April to 31 March (e.g. 2019/20)");
    if (sub.kind != ReportKind::annual) {
      cmd->add_option("--quarter", opt.quarter, "A quarter of a financial year (e.g. 2021/22-Q1)");
      cmd->add_option("--month", opt.month, "A month (e.g. 2020-07)");
      cli::number(cmd->add_option("--compare", opt.compare,
                                  "Also show the N previous periods of the same length"));
    }
    cmd->add_option("--as-of", opt.as_of,
                    "\"Today\" for anything still open (YYYY-MM-DD, default: today)");
    cli::choices(cmd->add_option("--format", opt.format, "table, csv, json, markdown or html")
                     ->capture_default_str(),
                 k_report_formats);
    cmd->add_option("--section", opt.section,
                    "Only this table of the report (see docs/reports.md)");
    if (sub.kind == ReportKind::volumes) {
      cli::suggest(cmd->add_option("--by", opt.by,
                                   "type, channel, channel-group, service, directorate, "
                                   "procedure or stage")
                       ->capture_default_str(),
                   k_volume_groupings);
    }
    if (sub.kind == ReportKind::data_quality || sub.kind == ReportKind::annual) {
      cli::number(cmd->add_option("--inactive-days", opt.inactive_days,
                                  "Open cases with no activity for N working days (default: "
                                  "the policy's inactive_days, else 20)"));
    }
  }
  cli::setup_report_equality(app, common, action);
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"The figures councils publish, from the case database", "feedback-report"};
  feedback::cli::CommonOptions common;
  feedback::cli::Action action;
  setup(app, common, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
