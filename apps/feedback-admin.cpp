// SPDX-License-Identifier: MIT
// feedback-admin: the database, the working-day calendar, policy, services and (later) retention.
#include "calendar_commands.hpp"
#include "cli_files.hpp"
#include "cli_support.hpp"
#include "edit_commands.hpp"
#include "letters_commands.hpp"
#include "privacy_commands.hpp"

#include <feedback/calendar/calendar_bulk.hpp>
#include <feedback/calendar/calendar_store.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/render.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/backup.hpp>
#include <feedback/storage/copy.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/roles.hpp>
#include <feedback/storage/settings.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace feedback;
using cli::Action;
using cli::CommonOptions;

// Each subcommand has its own options, bound by its setup_X and read by its run_X (CLI11's
// examples/subcom_in_files). `common` (--db) belongs to the program.

void
add_region(CLI::App* cmd, std::string& region)
{
  cli::choices(cmd->add_option("--region", region,
                               "england-and-wales, scotland or northern-ireland (default: the "
                               "database's)"),
               cli::k_region_names);
}

// ---- the database ----

struct InitOptions
{
  std::string region;
  bool roles = false;
};

// init --roles: the database's roles on PostgreSQL, made (or brought up to date) in a database
// that has the schema already or gets it now.
int
run_init_roles(const std::string& path)
{
  if (engine_for(path) != Engine::postgresql) {
    throw Error(ExitCode::usage,
                fmt::format("--roles: database {} is a SQLite file, which has no users or roles "
                            "(its file permissions say who may use it); roles need PostgreSQL",
                            path));
  }
  auto db = Database::open(path, OpenMode::create);
  migrate(db);
  create_roles(db);
  cli::confirm("roles {}, {} and {} ready in {}", k_officer_role, k_reporting_role, k_admin_role,
               db.path());
  return 0;
}

int
run_init(const CommonOptions& common, const InitOptions& opt)
{
  const auto region = cli::parse_region_arg(opt.region).value_or(Region::england_and_wales);
  const auto path = cli::db_path(common);
  if (opt.roles) {
    return run_init_roles(path);
  }
  // An empty file made ready for the database is taken, and made private; anything else there
  // is never overwritten.
  auto db = Database::open(path, OpenMode::initialise);
  migrate(db);
  Transaction tx(db);
  set_setting(db, "region", region_name(region));
  tx.commit();
  // db.path(): a PostgreSQL name without its password.
  cli::confirm("created {} (region {}, schema version {})", db.path(), region_name(region),
               latest_schema_version());
  return 0;
}

void
setup_init(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<InitOptions>(
      app, "init", "Create a new database, or make one in an empty file (never overwrites one)",
      action, [&common](const InitOptions& o) { return run_init(common, o); });
  auto& opt = cmd->options;
  cli::choices(cmd->add_option("--region", opt.region,
                               "Bank-holiday jurisdiction: england-and-wales (default), scotland "
                               "or northern-ireland"),
               cli::k_region_names);
  cmd->add_flag("--roles", opt.roles,
                "PostgreSQL: create (or update) the roles feedback_officer, feedback_reporting "
                "and feedback_admin and their privileges; the schema too if it is missing");
}

int
run_check(const CommonOptions& common)
{
  auto db = Database::open(cli::db_path(common), OpenMode::existing);
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

void
setup_check(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = app.add_subcommand("check", "Check the database's integrity and schema");
  cmd->callback([&common, &action] { action = [&common] { return run_check(common); }; });
}

// ---- backup and restore ----

struct BackupOptions
{
  std::string file;
};

int
run_backup(const CommonOptions& common, const BackupOptions& opt)
{
  auto db = cli::open_existing(common);
  const auto result = backup_database(db, opt.file);
  cli::confirm("backed up {} to {} ({} bytes, schema version {}, verified)", db.path(), opt.file,
               result.bytes, result.schema_version);
  return 0;
}

void
setup_backup(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<BackupOptions>(
      app, "backup",
      "Copy the database to a new file while others keep working; verified before it is kept",
      action, [&common](const BackupOptions& o) { return run_backup(common, o); });
  cmd->add_option("FILE", cmd->options.file,
                  "The backup to create (mode 0600; an existing file is never overwritten)")
      ->required();
}

struct RestoreOptions
{
  std::string file;
  bool force = false;
};

int
run_restore(const CommonOptions& common, const RestoreOptions& opt)
{
  const auto path = cli::db_path(common);
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (exists && !opt.force) {
    throw Error(ExitCode::cant_create,
                fmt::format("database {} exists: restore replaces it only with --force", path));
  }
  // Never migrated or checked first: restoring over a damaged database is what restore is for.
  // `create`: an empty file or a damaged database is replaced as well.
  auto db = Database::open(path, OpenMode::create);
  const auto result = restore_database(db, opt.file);
  migrate(db);
  cli::confirm("restored {} from {} (schema version {}, verified)", path, opt.file,
               result.schema_version);
  return 0;
}

void
setup_restore(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<RestoreOptions>(
      app, "restore", "Replace the database with a backup, once the backup verifies", action,
      [&common](const RestoreOptions& o) { return run_restore(common, o); });
  cmd->add_option("FILE", cmd->options.file, "The backup (made by backup)")->required();
  cmd->add_flag("--force", cmd->options.force, "Replace a database that exists");
}

// ---- moving between engines ----

struct CopyOptions
{
  std::string from;
  std::string to;
};

int
run_copy(const CopyOptions& opt)
{
  // Read only, and never migrated: copy reads what is there (and refuses an older schema).
  auto from = Database::open(opt.from, OpenMode::read_only);
  const auto result = copy_database(from, opt.to);
  std::int64_t rows = 0;
  for (const auto& table : result.tables) {
    rows += table.rows;
  }
  cli::confirm("copied {} to {} ({} rows in {} tables, schema version {})", from.path(),
               result.destination, rows, result.tables.size(), result.schema_version);
  return 0;
}

void
setup_copy(CLI::App& app, Action& action)
{
  auto* cmd = cli::add_subcommand<CopyOptions>(
      app, "copy",
      "Copy a database into a new one, SQLite or PostgreSQL either side, in one transaction",
      action, [](const CopyOptions& o) { return run_copy(o); });
  cmd->add_option("--from", cmd->options.from, "The database to copy (a file or postgresql://...)")
      ->required();
  cmd->add_option("--to", cmd->options.to,
                  "The new database: a file that does not exist or is empty, or a PostgreSQL "
                  "database without a feedback schema")
      ->required();
}

int
run_digest(const CommonOptions& common)
{
  auto db = Database::open(cli::db_path(common), OpenMode::read_only);
  const auto digest = digest_database(db);
  std::string out = fmt::format("schema-version {}\n", digest.schema_version);
  std::int64_t rows = 0;
  for (const auto& table : digest.tables) {
    out += fmt::format("{} {} {}\n", table.table, table.rows, table.sha256);
    rows += table.rows;
  }
  out += fmt::format("all {} {}\n", rows, digest.sha256);
  cli::print(out);
  return 0;
}

void
setup_digest(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = app.add_subcommand(
      "digest", "A SHA-256 of every table's content, equal for equal content on either engine");
  cmd->callback([&common, &action] { action = [&common] { return run_digest(common); }; });
}

// ---- the calendar ----

struct HolidaysOptions
{
  std::string from;
  std::string to;
  std::string region;
  std::string format = "table";
};

int
run_holidays(const CommonOptions& common, const HolidaysOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  const auto from = cli::parse_date_arg("--from", opt.from);
  const auto to = cli::parse_date_arg("--to", opt.to);
  if (date::sys_days{to} < date::sys_days{from}) {
    throw Error(ExitCode::usage, fmt::format("--to {} is before --from {}", opt.to, opt.from));
  }
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  std::vector<Row> rows;
  for (const auto& day : calendar.non_working_weekdays(from, to)) {
    rows.push_back({format_date(day.date), day.name, std::string(kind_name(day.kind))});
  }
  cli::print(render(format, {"date", "name", "kind"}, rows));
  return 0;
}

void
setup_holidays(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<HolidaysOptions>(
      cal, "holidays", "Non-working weekdays in a range", action,
      [&common](const HolidaysOptions& o) { return run_holidays(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("--from", opt.from, "First date (YYYY-MM-DD)")->required();
  cmd->add_option("--to", opt.to, "Last date (YYYY-MM-DD)")->required();
  add_region(cmd, opt.region);
  cli::add_format_option(cmd, opt.format);
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

// add-days DATE N and between FROM TO: two dates or a date and a number, or --stdin.
struct TwoArgumentOptions
{
  std::string first;
  std::string second;
  bool use_stdin = false;
  std::string region;
};

// N of add-days: a whole number of working days, 0 or more.
int
parse_days_arg(const std::string& value)
{
  int n = 0;
  std::size_t used = 0;
  try {
    n = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || n < 0) {
    throw Error(ExitCode::usage,
                fmt::format("N: not a whole number of working days (0 or more): '{}'", value));
  }
  return n;
}

int
run_add_days(const CommonOptions& common, const TwoArgumentOptions& opt)
{
  if (opt.use_stdin != opt.first.empty()) {
    throw Error(ExitCode::usage, "give DATE N, or --stdin with lines DATE,N");
  }
  std::optional<Date> day;
  int n = 0;
  if (!opt.use_stdin) {
    day = cli::parse_date_arg("DATE", opt.first);
    n = parse_days_arg(opt.second);
  }
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (opt.use_stdin) {
    return run_bulk(calendar, BulkQuery::add_days);
  }
  fmt::print("{}\n", format_date(calendar.add_working_days(*day, n)));
  return 0;
}

int
run_between(const CommonOptions& common, const TwoArgumentOptions& opt)
{
  if (opt.use_stdin != opt.first.empty()) {
    throw Error(ExitCode::usage, "give FROM TO, or --stdin with lines FROM,TO");
  }
  std::optional<Date> from;
  std::optional<Date> to;
  if (!opt.use_stdin) {
    from = cli::parse_date_arg("FROM", opt.first);
    to = cli::parse_date_arg("TO", opt.second);
    if (date::sys_days{*to} < date::sys_days{*from}) {
      throw Error(ExitCode::usage, fmt::format("TO {} is before FROM {}", opt.second, opt.first));
    }
  }
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (opt.use_stdin) {
    return run_bulk(calendar, BulkQuery::between);
  }
  fmt::print("{}\n", calendar.working_days_between(*from, *to));
  return 0;
}

void
setup_add_days(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<TwoArgumentOptions>(
      cal, "add-days", "The date N working days after DATE", action,
      [&common](const TwoArgumentOptions& o) { return run_add_days(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("DATE", opt.first, "Day of receipt (YYYY-MM-DD)");
  cli::number(cmd->add_option("N", opt.second, "Working days"));
  cmd->add_flag("--stdin", opt.use_stdin, "Answer lines DATE,N from stdin as DATE,N,RESULT");
  add_region(cmd, opt.region);
}

void
setup_between(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<TwoArgumentOptions>(
      cal, "between", "Working days taken from FROM to TO", action,
      [&common](const TwoArgumentOptions& o) { return run_between(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("FROM", opt.first, "Day of receipt (YYYY-MM-DD)");
  cmd->add_option("TO", opt.second, "Day of response (YYYY-MM-DD)");
  cmd->add_flag("--stdin", opt.use_stdin, "Answer lines FROM,TO from stdin as FROM,TO,DAYS");
  add_region(cmd, opt.region);
}

struct IsWorkingOptions
{
  std::string date;
  std::string region;
};

int
run_is_working(const CommonOptions& common, const IsWorkingOptions& opt)
{
  const auto day = cli::parse_date_arg("DATE", opt.date);
  auto db = cli::open_existing(common);
  const auto calendar = load_calendar(db, cli::parse_region_arg(opt.region));
  if (const auto reason = calendar.non_working_reason(day)) {
    fmt::print("no: {} ({})\n", reason->name, kind_name(reason->kind));
    return 1;
  }
  fmt::print("yes\n");
  return 0;
}

void
setup_is_working(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* cmd = cli::add_subcommand<IsWorkingOptions>(
      cal, "is-working", "Exit 0 if DATE is a working day, else 1", action,
      [&common](const IsWorkingOptions& o) { return run_is_working(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("DATE", opt.date, "The date (YYYY-MM-DD)")->required();
  add_region(cmd, opt.region);
}

// closure add DATE [--to DATE] --reason and closure remove DATE [--to DATE].
struct ClosureOptions
{
  std::string date;
  std::string to;
  std::string reason;
};

int
run_closure_add(const CommonOptions& common, const ClosureOptions& opt)
{
  const auto from = cli::parse_date_arg("DATE", opt.date);
  const auto to = opt.to.empty() ? from : cli::parse_date_arg("--to", opt.to);
  auto db = cli::open_existing(common);
  const int added = add_closures(db, from, to, opt.reason);
  cli::confirm("added {} closure day{}", added, added == 1 ? "" : "s");
  return 0;
}

int
run_closure_remove(const CommonOptions& common, const ClosureOptions& opt)
{
  const auto day = cli::parse_date_arg("DATE", opt.date);
  std::optional<Date> to;
  if (!opt.to.empty()) {
    to = cli::parse_date_arg("--to", opt.to);
  }
  auto db = cli::open_existing(common);
  const int removed = remove_closures(db, day, to);
  cli::confirm("removed {} closure day{}", removed, removed == 1 ? "" : "s");
  return 0;
}

struct ClosureListOptions
{
  std::string from;
  std::string to;
  std::string format = "table";
};

int
run_closure_list(const CommonOptions& common, const ClosureListOptions& opt)
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
  auto db = cli::open_existing(common);
  std::vector<Row> rows;
  for (const auto& c : list_closures(db, from, to)) {
    rows.push_back({format_date(c.date), c.reason});
  }
  cli::print(render(format, {"date", "reason"}, rows));
  return 0;
}

void
setup_closure(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* closure = cal.add_subcommand("closure", "Council closure days");
  closure->require_subcommand(1);
  closure->fallthrough();

  auto* c_add = cli::add_subcommand<ClosureOptions>(
      *closure, "add", "Add closure days DATE [--to DATE]", action,
      [&common](const ClosureOptions& o) { return run_closure_add(common, o); });
  c_add->add_option("DATE", c_add->options.date, "First day (YYYY-MM-DD)")->required();
  c_add->add_option("--to", c_add->options.to, "Last day (YYYY-MM-DD)");
  c_add->add_option("--reason", c_add->options.reason, "Why the council is closed")->required();

  auto* c_list = cli::add_subcommand<ClosureListOptions>(
      *closure, "list", "List closure days", action,
      [&common](const ClosureListOptions& o) { return run_closure_list(common, o); });
  c_list->add_option("--from", c_list->options.from, "First date (YYYY-MM-DD)");
  c_list->add_option("--to", c_list->options.to, "Last date (YYYY-MM-DD)");
  cli::add_format_option(c_list, c_list->options.format);

  auto* c_remove = cli::add_subcommand<ClosureOptions>(
      *closure, "remove", "Remove closure day DATE [--to DATE]", action,
      [&common](const ClosureOptions& o) { return run_closure_remove(common, o); });
  c_remove->add_option("DATE", c_remove->options.date, "The day (YYYY-MM-DD)")->required();
  c_remove->add_option("--to", c_remove->options.to, "Last day of a range (YYYY-MM-DD)");
}

struct LoadGovukOptions
{
  std::string file;
};

int
run_load_govuk(const CommonOptions& common, const LoadGovukOptions& opt)
{
  const std::string text = cli::read_input(opt.file);
  auto db = cli::open_existing(common);
  const auto summaries = load_govuk(db, text, opt.file, cli::utc_now());
  std::string loaded;
  for (const auto& s : summaries) {
    loaded += fmt::format("{}{}: {} events for {}-{}", loaded.empty() ? "" : "; ", s.region,
                          s.events, s.first_year, s.last_year);
  }
  cli::confirm("loaded {}", loaded.empty() ? std::string("nothing") : loaded);
  return 0;
}

void
setup_calendar(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cal = app.add_subcommand("calendar", "Working days, bank holidays and closure days");
  cal->require_subcommand(1);
  cal->fallthrough();
  setup_holidays(*cal, common, action);
  setup_add_days(*cal, common, action);
  setup_between(*cal, common, action);
  setup_is_working(*cal, common, action);
  setup_closure(*cal, common, action);
  cli::setup_admin_holiday(*cal, common, action);

  auto* cmd = cli::add_subcommand<LoadGovukOptions>(
      *cal, "load-govuk", "Load the official bank-holidays.json", action,
      [&common](const LoadGovukOptions& o) { return run_load_govuk(common, o); });
  cmd->add_option("FILE", cmd->options.file, "The JSON file, or - for stdin")->required();
}

// ---- policy ----

// show and export: a version of the policy (0: the latest), as a table or JSON, or to a file.
struct PolicyOutOptions
{
  std::string format = "table";
  std::string file;
  int version = 0;
};

std::optional<int>
version_arg(const PolicyOutOptions& opt)
{
  return opt.version > 0 ? std::optional<int>(opt.version) : std::nullopt;
}

void
add_policy_version(CLI::App* cmd, int& version)
{
  cli::number(cmd->add_option("--version", version, "Policy version (default: the latest)"))
      ->check(CLI::PositiveNumber);
}

int
run_policy_show(const CommonOptions& common, const PolicyOutOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  if (format != Format::table && format != Format::json) {
    throw Error(ExitCode::usage, "--format: policy show takes table or json");
  }
  auto db = cli::open_existing(common);
  const auto policy = load_policy(db, version_arg(opt));
  cli::print(format == Format::json ? policy_to_json(policy) : render_policy(policy));
  return 0;
}

int
run_policy_export(const CommonOptions& common, const PolicyOutOptions& opt)
{
  auto db = cli::open_existing(common);
  const auto text = policy_to_json(load_policy(db, version_arg(opt)));
  if (opt.file == "-") {
    cli::print(text);
  } else {
    cli::write_file(opt.file, text);
  }
  return 0;
}

struct PolicyImportOptions
{
  std::string file;
  std::string note;
};

int
run_policy_import(const CommonOptions& common, const PolicyImportOptions& opt)
{
  const std::string text = cli::read_input(opt.file);
  const std::string source = opt.file == "-" ? "stdin" : opt.file;
  // Validate the whole document before the database is touched.
  const auto policy = policy_from_json(text, source);
  auto db = cli::open_existing(common);
  const auto note = opt.note.empty() ? fmt::format("imported from {}", source) : opt.note;
  const int version = save_policy(db, policy, note, cli::utc_now());
  // The new version is the command's result (scripts use it), so stdout, as `new` prints the
  // reference.
  fmt::print("policy version {} imported\n", version);
  return 0;
}

// ---- ready policies: feedback-admin policy preset list|show|apply ----

struct PresetOptions
{
  std::string name;
  std::string format = "json";
  std::string note;
};

const PolicyPreset&
require_preset(const std::string& name)
{
  if (const auto* preset = find_policy_preset(name)) {
    return *preset;
  }
  std::vector<std::string_view> names;
  for (const auto& p : policy_presets()) {
    names.push_back(p.name);
  }
  throw Error(ExitCode::usage,
              fmt::format("unknown preset '{}' (expected {})", name, vocabulary::join(names)));
}

int
run_preset_list(const PresetOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  std::vector<Row> rows;
  for (const auto& p : policy_presets()) {
    rows.push_back({p.name, Cell(policy_document_title(p.text))});
  }
  cli::print(render(format, {"name", "title"}, rows));
  return 0;
}

int
run_preset_show(const PresetOptions& opt)
{
  const auto& preset = require_preset(opt.name);
  const auto format = cli::parse_format_arg(opt.format);
  if (format == Format::csv) {
    throw Error(ExitCode::usage, "--format: preset show takes json (the document) or table");
  }
  if (format == Format::json) {
    cli::print(preset.text); // as written, with its title and the source of each number
    return 0;
  }
  const auto policy = policy_from_json(preset.text, fmt::format("preset {}", preset.name));
  cli::print(render_policy(policy));
  return 0;
}

int
run_preset_apply(const CommonOptions& common, const PresetOptions& opt)
{
  const auto& preset = require_preset(opt.name);
  const auto policy = policy_from_json(preset.text, fmt::format("preset {}", preset.name));
  auto db = cli::open_existing(common);
  const auto note = opt.note.empty() ? fmt::format("preset {}", preset.name) : opt.note;
  const int version = save_policy(db, policy, note, cli::utc_now());
  fmt::print("policy version {} imported from preset {}\n", version, preset.name);
  return 0;
}

void
setup_preset(CLI::App& policy, const CommonOptions& common, Action& action)
{
  auto* preset = policy.add_subcommand("preset", "Ready policies: the defaults and the Codes");
  preset->require_subcommand(1);
  preset->fallthrough();

  auto* list =
      cli::add_subcommand<PresetOptions>(*preset, "list", "List the ready policies", action,
                                         [](const PresetOptions& o) { return run_preset_list(o); });
  list->options.format = "table";
  cli::add_format_option(list, list->options.format);

  auto* show = cli::add_subcommand<PresetOptions>(
      *preset, "show", "Print a ready policy: its document (json) or its tables", action,
      [](const PresetOptions& o) { return run_preset_show(o); });
  show->add_option("NAME", show->options.name, "The preset, e.g. lgsco-code-2026")->required();
  show->add_option("--format", show->options.format, "json (the document) or table")
      ->capture_default_str();

  auto* apply = cli::add_subcommand<PresetOptions>(
      *preset, "apply",
      "Store a ready policy as a new version (a policy import: running cases keep theirs)", action,
      [&common](const PresetOptions& o) { return run_preset_apply(common, o); });
  apply->add_option("NAME", apply->options.name, "The preset, e.g. lgsco-code-2026")->required();
  apply->add_option("--note", apply->options.note, "Why the policy changed");
}

void
setup_policy(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* policy = app.add_subcommand(
      "policy", "Procedures, timescales, ladder, rules, vocabularies; ready policies (preset)");
  policy->require_subcommand(1);
  policy->fallthrough();

  auto* p_show = cli::add_subcommand<PolicyOutOptions>(
      *policy, "show", "Print the policy in force", action,
      [&common](const PolicyOutOptions& o) { return run_policy_show(common, o); });
  cli::add_format_option(p_show, p_show->options.format, cli::k_document_formats);
  add_policy_version(p_show, p_show->options.version);

  auto* p_export = cli::add_subcommand<PolicyOutOptions>(
      *policy, "export", "Write the policy as a JSON document", action,
      [&common](const PolicyOutOptions& o) { return run_policy_export(common, o); });
  p_export->add_option("FILE", p_export->options.file, "The JSON file to write, or - for stdout")
      ->required();
  add_policy_version(p_export, p_export->options.version);

  auto* p_import = cli::add_subcommand<PolicyImportOptions>(
      *policy, "import",
      "Store a JSON policy document as a new version (running cases keep theirs)", action,
      [&common](const PolicyImportOptions& o) { return run_policy_import(common, o); });
  p_import->add_option("FILE", p_import->options.file, "The JSON file, or - for stdin")->required();
  p_import->add_option("--note", p_import->options.note, "Why the policy changed");

  setup_preset(*policy, common, action);
}

// ---- services ----

struct ServiceAddOptions
{
  std::string code;
  std::string name;
  std::string directorate;
  std::string procedure;
};

int
run_service_add(const CommonOptions& common, const ServiceAddOptions& opt)
{
  auto db = cli::open_existing(common);
  Service service{opt.code, opt.name, opt.directorate, std::nullopt};
  if (!opt.procedure.empty()) {
    service.default_procedure = opt.procedure;
  }
  add_service(db, service);
  cli::confirm("service {} added", opt.code);
  return 0;
}

struct ServiceListOptions
{
  std::string format = "table";
  bool all = false;
};

int
run_service_list(const CommonOptions& common, const ServiceListOptions& opt)
{
  const auto format = cli::parse_format_arg(opt.format);
  auto db = cli::open_existing(common);
  std::vector<Row> rows;
  for (const auto& s : list_services(db)) {
    if (!opt.all && s.retired_on) {
      continue;
    }
    rows.push_back({s.code, s.name, s.directorate, Cell(s.default_procedure)});
    if (opt.all) {
      rows.back().push_back(s.retired_on ? Cell(format_date(*s.retired_on)) : Cell());
      rows.back().push_back(Cell(s.merged_into));
    }
  }
  std::vector<std::string> columns{"code", "name", "directorate", "procedure"};
  if (opt.all) {
    columns.insert(columns.end(), {"retired", "merged into"});
  }
  cli::print(render(format, columns, rows));
  return 0;
}

void
setup_service(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* service = app.add_subcommand("service", "Council services that cases are routed to");
  service->require_subcommand(1);
  service->fallthrough();

  auto* s_add = cli::add_subcommand<ServiceAddOptions>(
      *service, "add", "Add a service", action,
      [&common](const ServiceAddOptions& o) { return run_service_add(common, o); });
  s_add->add_option("CODE", s_add->options.code, "Short code, e.g. waste")->required();
  s_add->add_option("--name", s_add->options.name, "Service name")->required();
  s_add->add_option("--directorate", s_add->options.directorate, "Directorate it belongs to")
      ->required();
  cli::suggest(
      s_add->add_option("--procedure", s_add->options.procedure, "Default procedure of its cases"),
      vocabulary::k_procedures);

  auto* s_list = cli::add_subcommand<ServiceListOptions>(
      *service, "list", "List services", action,
      [&common](const ServiceListOptions& o) { return run_service_list(common, o); });
  cli::add_format_option(s_list, s_list->options.format);
  s_list->add_flag("--all", s_list->options.all, "Retired services too, with when and where to");
  cli::setup_admin_services(*service, common, action);
}

void
setup(CLI::App& app, CommonOptions& common, Action& action)
{
  app.require_subcommand(1);
  app.fallthrough();
  cli::add_db_option(app, common);
  setup_init(app, common, action);
  setup_check(app, common, action);
  setup_backup(app, common, action);
  setup_restore(app, common, action);
  setup_copy(app, action);
  setup_digest(app, common, action);
  setup_calendar(app, common, action);
  setup_policy(app, common, action);
  setup_service(app, common, action);
  cli::setup_admin_privacy(app, common, action);
  cli::setup_admin_templates(app, common, action);
}

} // namespace

int
main(int argc, char** argv)
{
  CLI::App app{"Administer a feedback database and its working-day calendar", "feedback-admin"};
  CommonOptions common;
  Action action;
  setup(app, common, action);
  return feedback::cli::run(app, argc, argv, [&] { return action ? action() : 0; });
}
