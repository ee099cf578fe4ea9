// SPDX-License-Identifier: MIT
// Glue shared by the programs: parse and run, map errors to exit codes, the options and
// arguments several programs take, who and when a change is recorded against, and how a
// program talks to the person at the terminal (colour, confirmations, --quiet). Only programs
// include this: the library never reads argv, the clock or the environment.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::cli {

// ---- running a program ----

// Parses the command line and runs `body`, the one place errors become exit codes: a parse
// error 64 (--help and --version 0), Error its code, any other exception 70, a failed stdout 74.
// Every error is one line on stderr, "PROGRAM: error: WHAT". Before parsing it gives the program
// what every program has: --version, --color and --quiet, the examples of cli_manual.cpp at the
// end of each subcommand's help, DATE as the value of options about a date, and the build's
// hidden --generate-manual and --generate-completion (see cli_manual.hpp). A word that is not a
// subcommand, or an option no command takes, is reported with the nearest one ("did you mean").
int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

// What a program runs once its command line is parsed: a subcommand's callback sets it, so
// that the command runs inside run()'s error handling, after the whole line is parsed.
using Action = std::function<int()>;

// A subcommand with its own options struct (CLI11's examples/subcom_in_files): its setup
// function binds the flags to `options`, and `run` reads them. Both live in the subcommand, which
// CLI11 owns for as long as the command line.
template <typename Options> class Subcommand : public CLI::App
{
public:
  using Run = std::function<int(const Options&)>;

  Subcommand(std::string name, std::string description, CLI::App* parent, Run run)
      : CLI::App(std::move(description), std::move(name), parent), m_run(std::move(run))
  {
  }

  Options options;

  int run() const { return m_run(options); }

private:
  Run m_run;
};

// Adds subcommand `name` to `parent`, with settings inherited as CLI::App::add_subcommand does.
// Once the command line is parsed with it, `action` runs `run(options)`.
template <typename Options>
Subcommand<Options>*
add_subcommand(CLI::App& parent, std::string name, std::string description, Action& action,
               typename Subcommand<Options>::Run run)
{
  auto cmd = std::make_shared<Subcommand<Options>>(std::move(name), std::move(description), &parent,
                                                   std::move(run));
  auto* raw = cmd.get();
  raw->callback([raw, &action] { action = [raw] { return raw->run(); }; });
  parent.add_subcommand(std::move(cmd));
  return raw;
}

// Writes `text` to stdout as it is (run() reports a failed write).
void print(std::string_view text);

// ---- options ----

// The formats of a listing (rows of the same columns) and of one document (a case, the policy).
inline constexpr std::string_view k_listing_formats[] = {"table", "csv", "json", "markdown"};
inline constexpr std::string_view k_document_formats[] = {"table", "json"};

// `--format` of `formats` (default: what `format` holds), refused otherwise when parsed.
CLI::Option* add_format_option(CLI::App* cmd, std::string& format,
                               std::span<const std::string_view> formats = k_listing_formats);

// `--on`: the day a change happened.
void add_on_option(CLI::App* cmd, std::string& on);

// Shows `option`'s value as NUMBER in help and the manual: it takes a whole number.
CLI::Option* number(CLI::Option* option);

// `option` takes one of `words`, a list the program fixes (formats, regions, yes or no): any
// other is refused when the command line is parsed (64), naming the nearest word. Help shows
// WORD; the manual and completion offer the words.
CLI::Option* choices(CLI::Option* option, std::span<const std::string_view> words);

// `option` takes one of `words` from a vocabulary the library checks (types, channels,
// outcomes...): the manual and completion offer them, and help shows WORD, but the command line
// is not refused here, so a vocabulary that becomes policy data needs no change here.
CLI::Option* suggest(CLI::Option* option, std::span<const std::string_view> words);

// The words choices() or suggest() gave `option`, in order; empty for any other option.
const std::vector<std::string>& words_of(const CLI::Option* option);

// ---- the database ----

// Options every program takes.
struct CommonOptions
{
  std::string db;
};

// `--db PATH`: else $FEEDBACK_DB, else ./feedback.db.
void add_db_option(CLI::App& app, CommonOptions& common);

std::string db_path(const CommonOptions& common);

// The database at db_path(), which must exist, migrated to this program's schema.
Database open_existing(const CommonOptions& common, int busy_timeout_ms = 5000);

// The case with `reference` as of `as_of`, or Error(data_error) naming the reference.
CaseView require_case(Database& db, const WorkingCalendar& calendar, std::string_view reference,
                      Date as_of);

// ---- who and when ----

// Today in Europe/London. $FEEDBACK_TODAY (YYYY-MM-DD) pins it, for replaying a day and tests;
// Error(usage) if it is not a date.
Date today();

// Now, as the UTC timestamp audit events carry.
std::string utc_now();

// The officer a change is recorded against when --officer is not given: $USER, else
// `fallback`.
std::string default_officer(std::string_view fallback = "unknown");

// Who makes a change and when: the officer recorded_officer() gives (on a PostgreSQL database
// whose logins are officers, the login; else `officer` if given, else `fallback` if given, else
// default_officer()); now; today.
Actor make_actor(const std::string& officer, std::string_view fallback = {});

// ---- arguments ----

// An empty flag value means "not given": no field of a case is meaningfully empty.
std::optional<std::string> given(const std::string& value);

// The date in argument `what`, or Error(usage) quoting it.
Date parse_date_arg(std::string_view what, std::string_view value);

// The date in argument `what`, or `fallback` when it was not given.
Date date_arg_or(std::string_view what, const std::string& value, Date fallback);

// `--on`: the day a change happened, defaulting to `today`.
Date on_date(const std::string& on, Date today);

// `--as-of`: the day deadlines are counted to, defaulting to today() (read only then).
Date as_of_date(const std::string& as_of);

// The regions `--region` takes.
inline constexpr std::string_view k_region_names[] = {"england-and-wales", "scotland",
                                                      "northern-ireland"};

// `--region`, nullopt when not given, or Error(usage) naming the regions.
std::optional<Region> parse_region_arg(const std::string& value);

// `--format` of table, csv, json or markdown, or Error(usage).
Format parse_format_arg(const std::string& value);

// A whole number from `lo` to `hi` in argument `what`, or Error(usage) quoting it.
std::int64_t parse_int_arg(std::string_view what, const std::string& value, std::int64_t lo,
                           std::int64_t hi);
int parse_small_int(std::string_view what, const std::string& value, int lo, int hi);

// ---- talking to the person at the terminal ----

// Colour on stdout: `--color always` or `never` if given; else (auto) only on a terminal, and
// never with NO_COLOR set (no-color.org).
Colour colour_for_stdout();

// The columns a list for people may take: the terminal's width when stdout is one, else
// $COLUMNS when it holds a number, else 100.
std::size_t terminal_columns();

// Whether a write command confirms what it did: stderr is a terminal and --quiet was not given.
// Scripts and cron get nothing.
bool confirming();

// A write command's one line on stderr saying what it did, e.g. "FB-2026-000123: acknowledged
// 2026-11-03", when confirming(); nothing otherwise. Every command that changes the database
// calls it once when its change is committed.
void confirm(std::string_view line);

template <typename... Args>
void
confirm(fmt::format_string<Args...> format, Args&&... args)
{
  if (confirming()) {
    confirm(std::string_view(fmt::format(format, std::forward<Args>(args)...)));
  }
}

// A line on stderr about what a command did that a log should keep too (the nightly run's
// summary): written unless --quiet.
void notice(std::string_view line);

// One line on stderr for each case a listing left out for a bad stored value, e.g.
// "feedback-log: warning: skipped FB-2026-000002: bad date in case_record.received: '0202-11-20'
// ...". Not silenced by --quiet: the case is missing from what was printed.
void warn_skipped(std::string_view program, const std::vector<SkippedCase>& skipped);

// The program's version, the git revision it was built from and the schema version it reads
// and writes, as --version prints them.
std::string version_text(std::string_view program);

} // namespace feedback::cli
