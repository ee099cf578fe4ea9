// SPDX-License-Identifier: MIT
// feedback-admin: the database, the working-day calendar, and (later) policy and retention.
#include "cli_support.hpp"

#include <feedback/calendar_bulk.hpp>
#include <feedback/calendar_store.hpp>
#include <feedback/migrate.hpp>
#include <feedback/settings.hpp>
#include <feedback/sqlite.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace {

using namespace feedback;

struct AdminOptions
{
  cli::CommonOptions common;
  std::string region;
  std::string format = "table";
  std::string from;
  std::string to;
  std::string date;
  std::string second; // N for add-days, TO for between
  std::string reason;
  std::string file;
  bool use_stdin = false;
};

Database
open_existing(const AdminOptions& opt)
{
  auto db = Database::open(cli::db_path(opt.common), OpenMode::existing);
  migrate(db);
  return db;
}

int
run_init(const AdminOptions& opt)
{
  const auto region = cli::parse_region_arg(opt.region).value_or(Region::england_and_wales);
  const auto path = cli::db_path(opt.common);
  auto db = Database::open(path, OpenMode::create_new);
  migrate(db);
  Transaction tx(db);
  set_setting(db, "region", region_name(region));
  tx.commit();
  fmt::print("created {} (region {}, schema version {})\n", path, region_name(region),
             latest_schema_version());
  return 0;
}

int
run_check(const AdminOptions& opt)
{
  auto db = Database::open(cli::db_path(opt.common), OpenMode::existing);
  // Check before migrating: a check must report what is in the file, not fix it.
  const auto result = check_database(db);
  for (const auto& line : result.lines) {
    fmt::print("{}\n", line);
  }
  if (!result.ok) {
    throw Error(ExitCode::data_error, fmt::format("{}: check found problems", db.path()));
  }
  fmt::print("ok\n");
  return 0;
}

int
run_holidays(const AdminOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto from = cli::parse_date_arg("--from", opt.from);
  const auto to = cli::parse_date_arg("--to", opt.to);
  if (date::sys_days{to} < date::sys_days{from}) {
    throw Error(ExitCode::usage,
                fmt::format("--to {} is before --from {}", opt.to, opt.from));
  }
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  std::vector<Row> rows;
  for (const auto& day : calendar.non_working_weekdays(from, to)) {
    rows.push_back({format_date(day.date), day.name, std::string(kind_name(day.kind))});
  }
  cli::print(render(format, {"date", "name", "kind"}, rows));
  return 0;
}

// Reads stdin in large blocks and answers each line; bad lines are reported with their
// number and the run goes on, ending with exit 65.
int
run_bulk(const WorkingCalendar& calendar, BulkQuery query)
{
  std::string out;
  out.reserve(1 << 20);
  std::string pending;
  std::vector<char> buf(1 << 20);
  long long line_no = 0;
  long long bad = 0;
  auto handle = [&](std::string_view line) {
    ++line_no;
    if (auto problem = answer_bulk_line(calendar, query, line, out)) {
      ++bad;
      fmt::print(stderr, "feedback-admin: error: line {}: {}\n", line_no, *problem);
    }
    if (out.size() > (1 << 20) - 64) {
      cli::print(out);
      out.clear();
    }
  };
  for (;;) {
    const std::size_t got = std::fread(buf.data(), 1, buf.size(), stdin);
    if (got == 0) {
      break;
    }
    std::string_view chunk(buf.data(), got);
    std::size_t start = 0;
    for (std::size_t nl; (nl = chunk.find('\n', start)) != std::string_view::npos; start = nl + 1) {
      if (!pending.empty()) {
        pending.append(chunk.substr(start, nl - start));
        handle(pending);
        pending.clear();
      } else {
        handle(chunk.substr(start, nl - start));
      }
    }
    pending.append(chunk.substr(start));
  }
  if (std::ferror(stdin)) {
    throw Error(ExitCode::io_error, "cannot read standard input");
  }
  if (!pending.empty()) {
    handle(pending);
  }
  cli::print(out);
  if (bad > 0) {
    throw Error(ExitCode::data_error, fmt::format("{} of {} lines could not be answered", bad,
                                                  line_no));
  }
  return 0;
}

int
run_add_days(const AdminOptions& opt)
{
  if (opt.use_stdin != opt.date.empty()) {
    throw Error(ExitCode::usage, "give DATE N, or --stdin with lines DATE,N");
  }
  std::optional<Date> day;
  int n = 0;
  if (!opt.use_stdin) {
    day = cli::parse_date_arg("DATE", opt.date);
    std::size_t used = 0;
    try {
      n = std::stoi(opt.second, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != opt.second.size() || opt.second.empty() || n < 0) {
      throw Error(ExitCode::usage,
                  fmt::format("N: not a whole number of working days (0 or more): '{}'",
                              opt.second));
    }
  }
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (opt.use_stdin) {
    return run_bulk(calendar, BulkQuery::add_days);
  }
  fmt::print("{}\n", format_date(calendar.add_working_days(*day, n)));
  return 0;
}

int
run_between(const AdminOptions& opt)
{
  if (opt.use_stdin != opt.date.empty()) {
    throw Error(ExitCode::usage, "give FROM TO, or --stdin with lines FROM,TO");
  }
  std::optional<Date> from;
  std::optional<Date> to;
  if (!opt.use_stdin) {
    from = cli::parse_date_arg("FROM", opt.date);
    to = cli::parse_date_arg("TO", opt.second);
  }
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (opt.use_stdin) {
    return run_bulk(calendar, BulkQuery::between);
  }
  fmt::print("{}\n", calendar.working_days_between(*from, *to));
  return 0;
}

int
run_is_working(const AdminOptions& opt)
{
  const auto day = cli::parse_date_arg("DATE", opt.date);
  auto db = open_existing(opt);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (const auto reason = calendar.non_working_reason(day)) {
    fmt::print("no: {} ({})\n", reason->name, kind_name(reason->kind));
    return 1;
  }
  fmt::print("yes\n");
  return 0;
}

int
run_closure_add(const AdminOptions& opt)
{
  const auto from = cli::parse_date_arg("DATE", opt.date);
  const auto to = opt.to.empty() ? from : cli::parse_date_arg("--to", opt.to);
  auto db = open_existing(opt);
  const int added = add_closures(db, from, to, opt.reason);
  fmt::print("added {} closure day{}\n", added, added == 1 ? "" : "s");
  return 0;
}

int
run_closure_list(const AdminOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  std::optional<Date> from;
  std::optional<Date> to;
  if (!opt.from.empty()) {
    from = cli::parse_date_arg("--from", opt.from);
  }
  if (!opt.to.empty()) {
    to = cli::parse_date_arg("--to", opt.to);
  }
  auto db = open_existing(opt);
  std::vector<Row> rows;
  for (const auto& c : list_closures(db, from, to)) {
    rows.push_back({format_date(c.date), c.reason});
  }
  cli::print(render(format, {"date", "reason"}, rows));
  return 0;
}

int
run_closure_remove(const AdminOptions& opt)
{
  const auto day = cli::parse_date_arg("DATE", opt.date);
  std::optional<Date> to;
  if (!opt.to.empty()) {
    to = cli::parse_date_arg("--to", opt.to);
  }
  auto db = open_existing(opt);
  const int removed = remove_closures(db, day, to);
  fmt::print("removed {} closure day{}\n", removed, removed == 1 ? "" : "s");
  return 0;
}

int
run_load_govuk(const AdminOptions& opt)
{
  std::string text;
  if (opt.file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    std::ifstream in(opt.file, std::ios::binary);
    if (!in) {
      throw Error(ExitCode::no_input,
                  fmt::format("cannot read {}: {}", opt.file, std::strerror(errno)));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto db = open_existing(opt);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto summaries = load_govuk(db, text, opt.file, date::format("%FT%TZ", now));
  for (const auto& s : summaries) {
    fmt::print("{}: {} events for {}-{}\n", s.region, s.events, s.first_year, s.last_year);
  }
  return 0;
}

void
add_region(CLI::App* cmd, AdminOptions& opt)
{
  cmd->add_option("--region", opt.region,
                  "england-and-wales, scotland or northern-ireland (default: the database's)");
}

void
add_format(CLI::App* cmd, AdminOptions& opt)
{
  cmd->add_option("--format", opt.format, "table, csv or json")->capture_default_str();
}

void
setup(CLI::App& app, AdminOptions& opt, std::function<int()>& action)
{
  app.require_subcommand(1);
  app.fallthrough();
  cli::add_db_option(app, opt.common);

  auto* init = app.add_subcommand("init", "Create a new database (never overwrites one)");
  init->add_option("--region", opt.region,
                   "Bank-holiday jurisdiction: england-and-wales (default), scotland or "
                   "northern-ireland");
  init->callback([&] { action = [&] { return run_init(opt); }; });

  auto* check = app.add_subcommand("check", "Check the database's integrity and schema");
  check->callback([&] { action = [&] { return run_check(opt); }; });

  auto* cal = app.add_subcommand("calendar", "Working days, bank holidays and closure days");
  cal->require_subcommand(1);
  cal->fallthrough();

  auto* holidays = cal->add_subcommand("holidays", "Non-working weekdays in a range");
  holidays->add_option("--from", opt.from, "First date (YYYY-MM-DD)")->required();
  holidays->add_option("--to", opt.to, "Last date (YYYY-MM-DD)")->required();
  add_region(holidays, opt);
  add_format(holidays, opt);
  holidays->callback([&] { action = [&] { return run_holidays(opt); }; });

  auto* add_days = cal->add_subcommand("add-days", "The date N working days after DATE");
  add_days->add_option("DATE", opt.date, "Day of receipt (YYYY-MM-DD)");
  add_days->add_option("N", opt.second, "Working days");
  add_days->add_flag("--stdin", opt.use_stdin, "Answer lines DATE,N from stdin as DATE,N,RESULT");
  add_region(add_days, opt);
  add_days->callback([&] { action = [&] { return run_add_days(opt); }; });

  auto* between = cal->add_subcommand("between", "Working days taken from FROM to TO");
  between->add_option("FROM", opt.date, "Day of receipt (YYYY-MM-DD)");
  between->add_option("TO", opt.second, "Day of response (YYYY-MM-DD)");
  between->add_flag("--stdin", opt.use_stdin, "Answer lines FROM,TO from stdin as FROM,TO,DAYS");
  add_region(between, opt);
  between->callback([&] { action = [&] { return run_between(opt); }; });

  auto* is_working = cal->add_subcommand("is-working", "Exit 0 if DATE is a working day, else 1");
  is_working->add_option("DATE", opt.date, "The date (YYYY-MM-DD)")->required();
  add_region(is_working, opt);
  is_working->callback([&] { action = [&] { return run_is_working(opt); }; });

  auto* closure = cal->add_subcommand("closure", "Council closure days");
  closure->require_subcommand(1);
  closure->fallthrough();
  auto* c_add = closure->add_subcommand("add", "Add closure days DATE [--to DATE]");
  c_add->add_option("DATE", opt.date, "First day (YYYY-MM-DD)")->required();
  c_add->add_option("--to", opt.to, "Last day (YYYY-MM-DD)");
  c_add->add_option("--reason", opt.reason, "Why the council is closed")->required();
  c_add->callback([&] { action = [&] { return run_closure_add(opt); }; });
  auto* c_list = closure->add_subcommand("list", "List closure days");
  c_list->add_option("--from", opt.from, "First date (YYYY-MM-DD)");
  c_list->add_option("--to", opt.to, "Last date (YYYY-MM-DD)");
  add_format(c_list, opt);
  c_list->callback([&] { action = [&] { return run_closure_list(opt); }; });
  auto* c_remove = closure->add_subcommand("remove", "Remove closure day DATE [--to DATE]");
  c_remove->add_option("DATE", opt.date, "The day (YYYY-MM-DD)")->required();
  c_remove->add_option("--to", opt.to, "Last day of a range (YYYY-MM-DD)");
  c_remove->callback([&] { action = [&] { return run_closure_remove(opt); }; });

  auto* load = cal->add_subcommand("load-govuk", "Load the official bank-holidays.json");
  load->add_option("FILE", opt.file, "The JSON file, or - for stdin")->required();
  load->callback([&] { action = [&] { return run_load_govuk(opt); }; });
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Administer a feedback database and its working-day calendar", "feedback-admin"};
  AdminOptions opt;
  std::function<int()> action;
  setup(app, opt, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
