// SPDX-License-Identifier: MIT
// Glue shared by the programs: parse, run, map errors to exit codes, common options.
#pragma once

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>

#include <CLI/CLI.hpp>
#include <date/date.h>
#include <fmt/core.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace feedback::cli {

// Options every program takes.
struct CommonOptions
{
  std::string db;
};

// `--db PATH`: else $FEEDBACK_DB, else ./feedback.db.
inline void
add_db_option(CLI::App& app, CommonOptions& common)
{
  app.add_option("--db", common.db, "Database file (default: $FEEDBACK_DB, else ./feedback.db)");
}

inline std::string
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

// Today in Europe/London. $FEEDBACK_TODAY (YYYY-MM-DD) pins it, for replaying a day and tests.
inline Date
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

// The date in argument `what`, or Error(usage) quoting it.
inline Date
parse_date_arg(std::string_view what, std::string_view value)
{
  if (const auto d = parse_iso_date(value)) {
    return *d;
  }
  throw Error(ExitCode::usage,
              fmt::format("{}: not a date (expected YYYY-MM-DD): '{}'", what, value));
}

inline std::optional<Region>
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

inline Format
parse_format_arg(const std::string& value)
{
  if (const auto f = parse_format(value)) {
    return *f;
  }
  throw Error(ExitCode::usage,
              fmt::format("--format: unknown format '{}' (expected table, csv or json)", value));
}

// A whole number from `lo` to `hi` in argument `what`, or Error(usage) quoting it.
inline std::int64_t
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

inline int
parse_small_int(std::string_view what, const std::string& value, int lo, int hi)
{
  return static_cast<int>(parse_int_arg(what, value, lo, hi));
}

// Now, as the UTC timestamp audit events carry.
inline std::string
utc_now()
{
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", now);
}

// The officer a change is recorded against when --officer is not given: $USER, else "unknown".
inline std::string
default_officer()
{
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    return user;
  }
  return "unknown";
}

inline void
print(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stdout);
}

// Parses the command line and runs `body`, the one place errors become exit codes.
inline int
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

} // namespace feedback::cli
