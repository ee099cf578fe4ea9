// SPDX-License-Identifier: MIT
#include "cli_support.hpp"

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <date/date.h>
#include <fmt/core.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace feedback::cli {

int
run(CLI::App& app, int argc, char** argv, const std::function<int()>& body)
{
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  int status = 0;
  try {
    status = body();
  } catch (const Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: error: {}\n", app.get_name(), e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}: internal error: {}\n", app.get_name(), e.what());
    return static_cast<int>(ExitCode::software);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    fmt::print(stderr, "{}: error: cannot write to standard output\n", app.get_name());
    return static_cast<int>(ExitCode::io_error);
  }
  return status;
}

void
print(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void
add_format_option(CLI::App* cmd, std::string& format)
{
  cmd->add_option("--format", format, "table, csv or json")->capture_default_str();
}

void
add_on_option(CLI::App* cmd, std::string& on)
{
  cmd->add_option("--on", on, "The day it happened (YYYY-MM-DD, default: today)");
}

void
add_db_option(CLI::App& app, CommonOptions& common)
{
  app.add_option("--db", common.db, "Database file (default: $FEEDBACK_DB, else ./feedback.db)");
}

std::string
db_path(const CommonOptions& common)
{
  if (!common.db.empty()) {
    return common.db;
  }
  if (const char* env = std::getenv("FEEDBACK_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  return "feedback.db";
}

Database
open_existing(const CommonOptions& common, int busy_timeout_ms)
{
  auto db = Database::open(db_path(common), OpenMode::existing, busy_timeout_ms);
  migrate(db);
  return db;
}

CaseView
require_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, Date as_of)
{
  if (auto view = find_case(db, calendar, reference, as_of)) {
    return std::move(*view);
  }
  throw Error(ExitCode::data_error, fmt::format("unknown case reference: '{}'", reference));
}

Date
today()
{
  if (const char* env = std::getenv("FEEDBACK_TODAY"); env != nullptr && *env != '\0') {
    if (const auto d = parse_iso_date(env)) {
      return *d;
    }
    throw Error(ExitCode::usage,
                fmt::format("FEEDBACK_TODAY: not a date (expected YYYY-MM-DD): '{}'", env));
  }
  return london_date(std::chrono::system_clock::now());
}

std::string
utc_now()
{
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", now);
}

std::string
default_officer(std::string_view fallback)
{
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    return user;
  }
  return std::string(fallback);
}

Actor
make_actor(const std::string& officer, std::string_view fallback)
{
  std::string who = officer;
  if (who.empty()) {
    who = fallback.empty() ? default_officer() : std::string(fallback);
  }
  return Actor{std::move(who), utc_now(), today()};
}

std::optional<std::string>
given(const std::string& value)
{
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

Date
parse_date_arg(std::string_view what, std::string_view value)
{
  if (const auto d = parse_iso_date(value)) {
    return *d;
  }
  throw Error(ExitCode::usage,
              fmt::format("{}: not a date (expected YYYY-MM-DD): '{}'", what, value));
}

Date
date_arg_or(std::string_view what, const std::string& value, Date fallback)
{
  return value.empty() ? fallback : parse_date_arg(what, value);
}

Date
on_date(const std::string& on, Date today)
{
  return date_arg_or("--on", on, today);
}

Date
as_of_date(const std::string& as_of)
{
  return as_of.empty() ? today() : parse_date_arg("--as-of", as_of);
}

std::optional<Region>
parse_region_arg(const std::string& value)
{
  if (value.empty()) {
    return std::nullopt;
  }
  if (const auto r = parse_region(value)) {
    return r;
  }
  throw Error(ExitCode::usage,
              fmt::format("--region: unknown region '{}' (expected england-and-wales, scotland "
                          "or northern-ireland)",
                          value));
}

Format
parse_format_arg(const std::string& value)
{
  if (const auto f = parse_format(value)) {
    return *f;
  }
  throw Error(ExitCode::usage,
              fmt::format("--format: unknown format '{}' (expected table, csv or json)", value));
}

std::int64_t
parse_int_arg(std::string_view what, const std::string& value, std::int64_t lo, std::int64_t hi)
{
  std::int64_t n = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, n);
  if (value.empty() || ec != std::errc{} || ptr != end || n < lo || n > hi) {
    throw Error(ExitCode::usage, fmt::format("{}: expected a whole number from {} to {}: '{}'",
                                             what, lo, hi, value));
  }
  return n;
}

int
parse_small_int(std::string_view what, const std::string& value, int lo, int hi)
{
  return static_cast<int>(parse_int_arg(what, value, lo, hi));
}

Colour
colour_for_stdout()
{
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') ? Colour::on
                                                                                  : Colour::off;
}

} // namespace feedback::cli
