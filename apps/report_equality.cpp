// SPDX-License-Identifier: MIT
// feedback-report equality.
#include "privacy_commands.hpp"

#include <feedback/reports/equality.hpp>
#include <feedback/reports/report_figures.hpp>

#include <fmt/format.h>

namespace feedback::cli {

namespace {

struct EqualityReportOptions
{
  std::string from;
  std::string to;
  std::string year;
  std::string format = "table";
};

int
run_equality_report(const CommonOptions& common, const EqualityReportOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  Date from;
  Date to;
  if (!opt.year.empty()) {
    if (!opt.from.empty() || !opt.to.empty()) {
      throw Error(ExitCode::usage, "give one period only: --from/--to or --year");
    }
    const auto p = parse_financial_year(opt.year);
    if (!p) {
      throw Error(ExitCode::usage, fmt::format("--year: not a financial year (expected YYYY/YY, "
                                               "e.g. 2019/20): '{}'",
                                               opt.year));
    }
    from = p->from;
    to = p->to;
  } else {
    if (opt.from.empty() || opt.to.empty()) {
      throw Error(ExitCode::usage, "give the period: --from DATE --to DATE, or --year 2019/20");
    }
    from = parse_date_arg("--from", opt.from);
    to = parse_date_arg("--to", opt.to);
    if (date::sys_days{to} < date::sys_days{from}) {
      throw Error(ExitCode::usage, fmt::format("--from {} is after --to {}", opt.from, opt.to));
    }
  }
  auto db = open_existing(common);
  print(equality_report(db, from, to, format));
  return 0;
}

} // namespace

void
setup_report_equality(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = add_subcommand<EqualityReportOptions>(
      app, "equality",
      "Equality monitoring of cases received in the period, counts below 5 suppressed", action,
      [&common](const EqualityReportOptions& o) { return run_equality_report(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("--from", opt.from, "First day of the period (YYYY-MM-DD)");
  cmd->add_option("--to", opt.to, "Last day of the period (YYYY-MM-DD)");
  cmd->add_option("--year", opt.year, "A financial year, 1 April to 31 March (e.g. 2019/20)");
  add_format_option(cmd, opt.format);
}

} // namespace feedback::cli
