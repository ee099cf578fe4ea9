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
#include <optional>
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
  std::string by;
  std::string inactive_days;
  // Filters: repeatable, or comma-separated.
  std::vector<std::string> types;
  std::vector<std::string> services;
  std::vector<std::string> directorates;
  std::vector<std::string> procedures;
  std::vector<std::string> stages;
  std::vector<std::string> channels;
  std::vector<std::string> sponsors;
  std::string share;
  std::string change_from;
  std::string per_1000; // ratio
};

constexpr int k_max_compare = 20;

constexpr std::string_view k_report_formats[] = {"table", "csv", "json", "markdown", "html"};

// The period asked for: exactly one of --from/--to, --year, --quarter, --month.
Period
parse_period(const ReportOptions& opt)
{
  const int given = (!opt.from.empty() || !opt.to.empty() ? 1 : 0) + (!opt.year.empty() ? 1 : 0) +
                    (!opt.quarter.empty() ? 1 : 0) + (!opt.month.empty() ? 1 : 0);
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

// "a,b" -> {"a", "b"}; "" -> {}.
std::vector<std::string>
split_list(const std::string& text)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const auto comma = text.find(',', start);
    const auto word = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!word.empty()) {
      out.push_back(word);
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

ReportRequest
make_request(const ReportOptions& opt, ReportKind kind)
{
  ReportRequest request;
  request.kind = kind;
  const auto period = parse_period(opt);
  // The annual report shows the two periods before its window unless told otherwise.
  int compare = kind == ReportKind::annual ? 2 : 0;
  if (!opt.compare.empty()) {
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
  for (const auto& name : split_list(opt.by)) {
    const auto d = parse_dimension(name);
    if (!d) {
      throw Error(ExitCode::usage, fmt::format("--by: unknown grouping '{}' (expected {})", name,
                                               dimension_names()));
    }
    request.by.push_back(*d);
  }
  if (kind == ReportKind::volumes && request.by.empty()) {
    request.by.push_back(Dimension::type);
  }
  auto& f = request.filter;
  f.types = kind == ReportKind::ratio ? std::vector<std::string>{} : opt.types;
  f.services = opt.services;
  f.directorates = opt.directorates;
  f.procedures = opt.procedures;
  for (const auto& stage : opt.stages) {
    f.stages.push_back(cli::parse_small_int("--stage", stage, 1, 99));
  }
  f.channels = opt.channels;
  f.sponsors = opt.sponsors;
  if (!opt.share.empty()) {
    const auto share = parse_share(opt.share);
    if (!share) {
      throw Error(ExitCode::usage, fmt::format("--share: unknown value '{}' (expected total, "
                                               "row or column)",
                                               opt.share));
    }
    request.share = *share;
  }
  if (!opt.change_from.empty()) {
    const auto from = parse_change_from(opt.change_from);
    if (!from) {
      throw Error(ExitCode::usage,
                  fmt::format("--change-from: unknown value '{}' (expected previous or first)",
                              opt.change_from));
    }
    request.change_from = *from;
  }
  if (kind == ReportKind::ratio) {
    if (opt.types.size() > 1) {
      throw Error(ExitCode::usage, "ratio: --type names one type");
    }
    request.ratio_type = opt.types.empty() ? std::string() : opt.types.front();
    request.ratio_per = opt.per_1000;
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
  // Not memory-mapped: the pages a report maps would count towards its memory, which must grow
  // with the rows it prints, not with the size of the file.
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
    {"annual", "All of the above for a year (or any window) beside the two before it",
     ReportKind::annual},
    {"ratio", "Cases of one type for every 1,000 of another (--type T --per-1000 T)",
     ReportKind::ratio},
    {"code-compliance",
     "Against the Complaint Handling Code: timescales, extensions, independence, escalation, "
     "the Ombudsman, remedies and learning, by stage and by service",
     ReportKind::code_compliance},
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
    cmd->add_option("--quarter", opt.quarter, "A quarter of a financial year (e.g. 2021/22-Q1)");
    cmd->add_option("--month", opt.month, "A month (e.g. 2020-07)");
    cli::number(cmd->add_option("--compare", opt.compare,
                                sub.kind == ReportKind::annual
                                    ? "Show the N previous periods of the same length (default 2)"
                                    : "Also show the N previous periods of the same length"));
    cmd->add_option("--as-of", opt.as_of,
                    "\"Today\" for anything still open (YYYY-MM-DD, default: today)");
    cli::choices(cmd->add_option("--format", opt.format, "table, csv, json, markdown or html")
                     ->capture_default_str(),
                 k_report_formats);
    cmd->add_option("--section", opt.section,
                    "Only this table of the report (see docs/reports.md)");
    const auto k = sub.kind;
    const bool grouped = k == ReportKind::volumes || k == ReportKind::ratio ||
                         k == ReportKind::timeliness || k == ReportKind::outcomes ||
                         k == ReportKind::ombudsman || k == ReportKind::satisfaction;
    if (grouped) {
      cmd->add_option("--by", opt.by,
                      k == ReportKind::volumes
                          ? "One or two dimensions, e.g. type or directorate,channel (default: "
                            "type; see docs/reports.md)"
                          : "One or two dimensions, e.g. service or type,channel (see "
                            "docs/reports.md)");
    }
    cmd->add_option("--type", opt.types,
                    k == ReportKind::ratio
                        ? "The type counted (e.g. complaint)"
                        : "Only these types (also unclassified, undetermined, blank)")
        ->delimiter(',');
    cmd->add_option("--service", opt.services, "Only these services (codes; none: no service)")
        ->delimiter(',');
    cmd->add_option("--directorate", opt.directorates, "Only these directorates' services")
        ->delimiter(',');
    cmd->add_option("--procedure", opt.procedures, "Only these procedures")->delimiter(',');
    cmd->add_option("--stage", opt.stages, "Only these stages (1, 2, ...)")->delimiter(',');
    cmd->add_option("--channel", opt.channels, "Only these channels (also digital, non-digital)")
        ->delimiter(',');
    cmd->add_option("--sponsor", opt.sponsors,
                    "Only cases sponsored by these kinds (councillor, mp, chief-executive, none)")
        ->delimiter(',');
    if (k == ReportKind::volumes) {
      cmd->add_option("--share", opt.share,
                      "Add each count's share of the period's total, or of its row's or "
                      "column's (total, row, column)")
          ->expected(0, 1)
          ->default_str("total");
      cmd->add_option("--change-from", opt.change_from,
                      "previous (each period on the one before) or first (on the first shown)");
    }
    if (k == ReportKind::ratio) {
      cmd->add_option("--per-1000", opt.per_1000,
                      "The type it is per 1,000 of (e.g. "
                      "service-request)");
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
