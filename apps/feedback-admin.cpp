// SPDX-License-Identifier: MIT
// feedback-admin: the database, the working-day calendar, policy, services and (later) retention.
#include "cli_support.hpp"

#include <feedback/calendar/calendar_bulk.hpp>
#include <feedback/calendar/calendar_store.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/render.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/settings.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
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
  int policy_version = 0; // 0: the latest
  std::string note;
  std::string code;
  std::string name;
  std::string directorate;
  std::string procedure;
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
    throw Error(ExitCode::usage, fmt::format("--to {} is before --from {}", opt.to, opt.from));
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
    throw Error(ExitCode::data_error,
                fmt::format("{} of {} lines could not be answered", bad, line_no));
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
      throw Error(
          ExitCode::usage,
          fmt::format("N: not a whole number of working days (0 or more): '{}'", opt.second));
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

// The whole of `file`, or of stdin for "-". Throws Error(no_input) if it cannot be opened.
std::string
read_input(const std::string& file)
{
  std::ostringstream ss;
  if (file == "-") {
    ss << std::cin.rdbuf();
    if (std::cin.bad()) {
      throw Error(ExitCode::io_error, "cannot read standard input");
    }
    return ss.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::no_input, fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  }
  ss << in.rdbuf();
  return ss.str();
}

std::string
now_utc()
{
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", now);
}

int
run_load_govuk(const AdminOptions& opt)
{
  const std::string text = read_input(opt.file);
  auto db = open_existing(opt);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto summaries = load_govuk(db, text, opt.file, date::format("%FT%TZ", now));
  for (const auto& s : summaries) {
    fmt::print("{}: {} events for {}-{}\n", s.region, s.events, s.first_year, s.last_year);
  }
  return 0;
}

std::optional<int>
version_arg(const AdminOptions& opt)
{
  return opt.policy_version > 0 ? std::optional<int>(opt.policy_version) : std::nullopt;
}

int
run_policy_show(const AdminOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  if (format == Format::csv) {
    throw Error(ExitCode::usage, "--format: policy show takes table or json");
  }
  auto db = open_existing(opt);
  const auto policy = load_policy(db, version_arg(opt));
  cli::print(format == Format::json ? policy_to_json(policy) : render_policy(policy));
  return 0;
}

int
run_policy_export(const AdminOptions& opt)
{
  auto db = open_existing(opt);
  const auto text = policy_to_json(load_policy(db, version_arg(opt)));
  if (opt.file == "-") {
    cli::print(text);
    return 0;
  }
  std::FILE* out = std::fopen(opt.file.c_str(), "wb");
  if (out == nullptr) {
    throw Error(ExitCode::cant_create,
                fmt::format("cannot create {}: {}", opt.file, std::strerror(errno)));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  // fclose flushes: its failure is a failed write too.
  if (std::fclose(out) != 0 || !written) {
    throw Error(ExitCode::io_error, fmt::format("cannot write {}", opt.file));
  }
  return 0;
}

int
run_policy_import(const AdminOptions& opt)
{
  const std::string text = read_input(opt.file);
  const std::string source = opt.file == "-" ? "stdin" : opt.file;
  // Validate the whole document before the database is touched.
  const auto policy = policy_from_json(text, source);
  auto db = open_existing(opt);
  const auto note = opt.note.empty() ? fmt::format("imported from {}", source) : opt.note;
  const int version = save_policy(db, policy, note, now_utc());
  fmt::print("policy version {} imported\n", version);
  return 0;
}

int
run_service_add(const AdminOptions& opt)
{
  auto db = open_existing(opt);
  Service service{opt.code, opt.name, opt.directorate, std::nullopt};
  if (!opt.procedure.empty()) {
    service.default_procedure = opt.procedure;
  }
  add_service(db, service);
  fmt::print("service {} added\n", opt.code);
  return 0;
}

int
run_service_list(const AdminOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  auto db = open_existing(opt);
  std::vector<Row> rows;
  for (const auto& s : list_services(db)) {
    rows.push_back({s.code, s.name, s.directorate, Cell(s.default_procedure)});
  }
  cli::print(render(format, {"code", "name", "directorate", "procedure"}, rows));
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

  auto* policy = app.add_subcommand("policy", "Procedures, timescales, ladder and rules");
  policy->require_subcommand(1);
  policy->fallthrough();
  auto add_policy_version = [&](CLI::App* cmd) {
    cmd->add_option("--version", opt.policy_version, "Policy version (default: the latest)")
        ->check(CLI::PositiveNumber);
  };
  auto* p_show = policy->add_subcommand("show", "Print the policy in force");
  p_show->add_option("--format", opt.format, "table or json")->capture_default_str();
  add_policy_version(p_show);
  p_show->callback([&] { action = [&] { return run_policy_show(opt); }; });
  auto* p_export = policy->add_subcommand("export", "Write the policy as a JSON document");
  p_export->add_option("FILE", opt.file, "The JSON file to write, or - for stdout")->required();
  add_policy_version(p_export);
  p_export->callback([&] { action = [&] { return run_policy_export(opt); }; });
  auto* p_import = policy->add_subcommand(
      "import", "Store a JSON policy document as a new version (running cases keep theirs)");
  p_import->add_option("FILE", opt.file, "The JSON file, or - for stdin")->required();
  p_import->add_option("--note", opt.note, "Why the policy changed");
  p_import->callback([&] { action = [&] { return run_policy_import(opt); }; });

  auto* service = app.add_subcommand("service", "Council services that cases are routed to");
  service->require_subcommand(1);
  service->fallthrough();
  auto* s_add = service->add_subcommand("add", "Add a service");
  s_add->add_option("CODE", opt.code, "Short code, e.g. waste")->required();
  s_add->add_option("--name", opt.name, "Service name")->required();
  s_add->add_option("--directorate", opt.directorate, "Directorate it belongs to")->required();
  s_add->add_option("--procedure", opt.procedure, "Default procedure of its cases");
  s_add->callback([&] { action = [&] { return run_service_add(opt); }; });
  auto* s_list = service->add_subcommand("list", "List services");
  add_format(s_list, opt);
  s_list->callback([&] { action = [&] { return run_service_list(opt); }; });
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
