// SPDX-License-Identifier: MIT
#include "cli_support.hpp"

#include "cli_files.hpp"
#include "cli_manual.hpp"

#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/storage/roles.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/text.hpp>

#include <date/date.h>
#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace feedback::cli {

// Written by the build (cmake/version.cmake): the project's version, the git revision and the
// day of the commit it was built from.
extern const char* const k_version;
extern const char* const k_git_revision;
extern const char* const k_source_date;

namespace {

// What the options every program takes set, and what choices() and suggest() recorded. CLI11
// binds an option to a variable and keeps nothing else about it, and a process runs one program
// with one command line: so this is the program's, kept here rather than threaded through
// every command.
struct Settings
{
  std::string colour = "auto";
  bool quiet = false;
  std::unordered_map<const CLI::Option*, std::vector<std::string>> words;
};

Settings g_settings;

constexpr std::string_view k_colour_words[] = {"auto", "always", "never"};

// "a", "a or b", "a, b or c".
std::string
or_list(std::span<const std::string> words)
{
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      out += i + 1 == words.size() ? " or " : ", ";
    }
    out += words[i];
  }
  return out;
}

std::vector<std::string_view>
views(const std::vector<std::string>& words)
{
  return {words.begin(), words.end()};
}

// "; did you mean 'x'?" for the word of `candidates` nearest `word`, or "".
std::string
did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
             std::string_view prefix = {})
{
  const auto all = views(candidates);
  if (const auto near = closest_word(word, all)) {
    return fmt::format("; did you mean '{}{}'?", prefix, *near);
  }
  return {};
}

CLI::Option*
record_words(CLI::Option* option, std::span<const std::string_view> words)
{
  g_settings.words[option] = std::vector<std::string>(words.begin(), words.end());
  return option->type_name("WORD");
}

// --color and --quiet on `app`, unless it has them. `hidden` on a subcommand that does not pass
// what it does not know to its parent: it takes them too, without repeating them in its help.
void
add_global_options(CLI::App& app, bool hidden)
{
  if (app.get_option_no_throw("--color") == nullptr) {
    auto* colour = choices(app.add_option("--color", g_settings.colour,
                                          "Colour: auto (only on a terminal, and not when "
                                          "NO_COLOR is set), always or never"),
                           k_colour_words);
    colour->type_name("WHEN");
    if (hidden) {
      colour->group("");
    }
  }
  if (app.get_option_no_throw("--quiet") == nullptr && app.get_option_no_throw("-q") == nullptr) {
    auto* quiet = app.add_flag("-q,--quiet", g_settings.quiet,
                               "Say nothing on stderr but errors: no confirmations or notices");
    if (hidden) {
      quiet->group("");
    }
  }
}

// Everything run() gives a program before it parses: see run() in the header.
void
prepare(CLI::App& app)
{
  app.set_version_flag(
      "--version", [name = app.get_name()] { return version_text(name); },
      "Print the version, the git revision and the schema version, and exit");
  add_global_options(app, false);
  std::vector<CLI::App*> pending{&app};
  while (!pending.empty()) {
    CLI::App* cmd = pending.back();
    pending.pop_back();
    if (cmd != &app && !cmd->get_fallthrough()) {
      add_global_options(*cmd, true);
    }
    if (const auto footer = help_footer(command_path(*cmd)); !footer.empty()) {
      cmd->footer(footer);
    }
    for (auto* option : cmd->get_options()) {
      if (option->get_type_name() == "TEXT" &&
          option->get_description().find("YYYY-MM-DD") != std::string::npos) {
        option->type_name("DATE");
      }
    }
    for (auto* sub : subcommands_of(*cmd)) {
      pending.push_back(sub);
    }
  }
}

bool
looks_like_option(std::string_view arg)
{
  return arg.size() > 1 && arg[0] == '-' &&
         (std::isalpha(static_cast<unsigned char>(arg[1])) != 0 ||
          (arg.size() > 2 && arg[1] == '-' &&
           std::isalpha(static_cast<unsigned char>(arg[2])) != 0));
}

// What walking the command line as the program's commands define it found: the command reached,
// and the first word that is no subcommand or option of it (with the message saying so).
struct Walk
{
  CLI::App* command = nullptr;
  std::optional<std::string> problem;
};

std::string
see_help(const CLI::App& command)
{
  return fmt::format(" (see '{} --help')", command_path(command));
}

// Follows `args` through the program's subcommands, as CLI11 will, to catch what CLI11 reports
// badly: a mistyped subcommand ("A subcommand is required", or taken for a positional argument,
// as `feedback-escalate overdu` would be for a case reference) and an unknown option. Where it
// cannot tell, it stops and leaves the judgement to CLI11.
Walk
walk_command_line(CLI::App& app, const std::vector<std::string>& args)
{
  Walk walk{&app, std::nullopt};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      break;
    }
    if (looks_like_option(arg)) {
      const auto eq = arg.find('=');
      const std::string name = arg.substr(0, eq);
      const auto* option = find_option(*walk.command, name);
      if (option == nullptr) {
        if (name.size() > 2 && name[1] != '-') {
          break; // -abc: short flags run together, CLI11's to judge
        }
        walk.problem = fmt::format("unknown option '{}'", name);
        const auto hint = did_you_mean(name, option_names(*walk.command));
        *walk.problem += hint.empty() ? fmt::format(" for '{}'{}", command_path(*walk.command),
                                                    see_help(*walk.command))
                                      : hint;
        return walk;
      }
      if (takes_value(*option) && eq == std::string::npos) {
        ++i;
      }
      continue;
    }
    const auto subs = subcommands_of(*walk.command);
    const auto found = std::find_if(subs.begin(), subs.end(),
                                    [&arg](const CLI::App* sub) { return sub->check_name(arg); });
    if (found != subs.end()) {
      walk.command = *found;
      continue;
    }
    if (subs.empty()) {
      continue; // an argument of the command
    }
    std::vector<std::string> names;
    for (const auto* sub : subs) {
      names.push_back(sub->get_name());
    }
    const bool takes_arguments =
        !walk.command->get_options([](const CLI::Option* o) { return o->get_positional(); })
             .empty();
    const auto hint = did_you_mean(arg, names);
    // Where the command also takes arguments (feedback-escalate REF), only a near miss of a
    // subcommand is one; anything else is an argument.
    if (takes_arguments && hint.empty()) {
      continue;
    }
    const std::string prefix =
        walk.command == &app ? std::string()
                             : command_path(*walk.command).substr(app.get_name().size() + 1) + " ";
    walk.problem = fmt::format("unknown subcommand '{}{}'", prefix, arg);
    *walk.problem += hint.empty() ? see_help(*walk.command) : did_you_mean(arg, names, prefix);
    return walk;
  }
  return walk;
}

// The message of a parse error CLI11 threw, in the toolkit's words.
std::string
parse_error_message(const CLI::ParseError& e, CLI::App& command)
{
  std::string message = e.what();
  const std::string kind = e.get_name();
  if (kind == "ExtrasError") {
    const auto colon = message.find(": ");
    const std::string extra = colon == std::string::npos ? message : message.substr(colon + 2);
    return fmt::format("unexpected argument '{}'{}", extra, see_help(command));
  }
  if (kind == "RequiredError" && message.rfind("A subcommand is required", 0) == 0) {
    std::vector<std::string> names;
    for (const auto* sub : subcommands_of(command)) {
      names.push_back(sub->get_name());
    }
    if (names.size() <= 8) {
      return fmt::format("a subcommand is required: {}{}", or_list(names), see_help(command));
    }
    return fmt::format("a subcommand is required{}", see_help(command));
  }
  if (kind == "ArgumentMismatch" && message.find(" required ") != std::string::npos &&
      message.find(" missing") != std::string::npos) {
    // "--db: 1 required TEXT missing"
    return fmt::format("{} needs a value{}", message.substr(0, message.find(':')),
                       see_help(command));
  }
  if (!message.empty() && std::isupper(static_cast<unsigned char>(message[0])) != 0 &&
      message.size() > 1 && std::islower(static_cast<unsigned char>(message[1])) != 0) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  if (kind == "ValidationError" || kind == "ConversionError") {
    return message;
  }
  return message + see_help(command);
}

void
error_line(const CLI::App& app, std::string_view message)
{
  std::fflush(stdout);
  fmt::print(stderr, "{}: error: {}\n", app.get_name(), terminal_safe(message));
}

// The build's hooks (cli_manual.hpp): `--generate-manual FILE`, `--generate-completion
// bash|zsh FILE`. Returns nullopt for any other command line.
std::optional<std::function<int()>>
generator(CLI::App& app, const std::vector<std::string>& args)
{
  if (args.size() == 2 && args[0] == "--generate-manual") {
    return [&app, file = args[1]] {
      write_file(file, manual_page(app));
      return 0;
    };
  }
  if (args.size() == 3 && args[0] == "--generate-completion" &&
      (args[1] == "bash" || args[1] == "zsh")) {
    return [&app, shell = args[1], file = args[2]] {
      write_file(file, shell == "bash" ? bash_completion(app) : zsh_completion(app));
      return 0;
    };
  }
  return std::nullopt;
}

} // namespace

int
run(CLI::App& app, int argc, char** argv, const std::function<int()>& body)
{
  prepare(app);
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  auto command = generator(app, args);
  if (!command) {
    const auto walk = walk_command_line(app, args);
    if (walk.problem) {
      error_line(app, *walk.problem);
      return static_cast<int>(ExitCode::usage);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == 0) {
        return app.exit(e); // --help and --version, on stdout
      }
      error_line(app, parse_error_message(e, *walk_command_line(app, args).command));
      return static_cast<int>(ExitCode::usage);
    }
    command = body;
  }
  int status = 0;
  try {
    status = (*command)();
  } catch (const Error& e) {
    error_line(app, e.what());
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

CLI::Option*
add_format_option(CLI::App* cmd, std::string& format, std::span<const std::string_view> formats)
{
  std::vector<std::string> names(formats.begin(), formats.end());
  return choices(cmd->add_option("--format", format, or_list(names))->capture_default_str(),
                 formats);
}

void
add_on_option(CLI::App* cmd, std::string& on)
{
  cmd->add_option("--on", on, "The day it happened (YYYY-MM-DD, default: today)");
}

CLI::Option*
number(CLI::Option* option)
{
  return option->type_name("NUMBER");
}

CLI::Option*
choices(CLI::Option* option, std::span<const std::string_view> words)
{
  record_words(option, words);
  const auto& list = g_settings.words[option];
  option->check(CLI::Validator(
      [&list](std::string& value) -> std::string {
        if (std::find(list.begin(), list.end(), value) != list.end()) {
          return {};
        }
        const auto hint = did_you_mean(value, list);
        return hint.empty() ? fmt::format("unknown value '{}' (expected {})", value, or_list(list))
                            : fmt::format("unknown value '{}'{}", value, hint);
      },
      "", "choices"));
  return option;
}

CLI::Option*
suggest(CLI::Option* option, std::span<const std::string_view> words)
{
  return record_words(option, words);
}

const std::vector<std::string>&
words_of(const CLI::Option* option)
{
  static const std::vector<std::string> k_none;
  const auto found = g_settings.words.find(option);
  return found == g_settings.words.end() ? k_none : found->second;
}

namespace {

// The officer's login on a database that records it (recorded_officer): looked up once, by
// whichever of make_actor and open_existing comes first. make_actor comes first in most
// commands, before the database is open: it opens it then, and open_existing takes that
// connection instead of opening a second.
const CommonOptions* g_common = nullptr; // the options add_db_option bound last
std::optional<std::optional<std::string>> g_login;
std::optional<Database> g_opened;
// make_actor could not open the database: the login is looked up when open_existing opens it,
// so that a bad argument is reported before a database that cannot be opened.
bool g_login_deferred = false;

} // namespace

void
add_db_option(CLI::App& app, CommonOptions& common)
{
  g_common = &common;
  app.add_option("--db", common.db, "Database file (default: $FEEDBACK_DB, else ./feedback.db)")
      ->type_name("PATH");
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
  const auto path = db_path(common);
  if (g_opened && g_common == &common) {
    auto db = std::move(*g_opened);
    g_opened.reset();
    db.set_busy_timeout(busy_timeout_ms);
    migrate(db);
    return db;
  }
  auto db = Database::open(path, OpenMode::existing, busy_timeout_ms);
  migrate(db);
  if (!g_login) {
    g_login.emplace(officer_login(db));
  } else if (g_login_deferred && officer_login(db)) {
    // The actor was made without the login the database records: not to be written under.
    throw Error(ExitCode::temp_failure,
                "the database was not available a moment ago; run the command again");
  }
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
  if (!g_login) {
    // Only a PostgreSQL database can record its login: a SQLite file is not opened here.
    if (g_common != nullptr && engine_for(db_path(*g_common)) == Engine::postgresql) {
      try {
        g_opened.emplace(Database::open(db_path(*g_common), OpenMode::existing));
        g_login.emplace(officer_login(*g_opened));
      } catch (const Error&) {
        g_opened.reset();
        g_login.emplace();
        g_login_deferred = true; // open_existing reports why, after the arguments are checked
      }
    } else {
      g_login.emplace();
    }
  }
  auto who = recorded_officer(*g_login, officer,
                              fallback.empty() ? default_officer() : std::string(fallback));
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
  const std::vector<std::string> names(std::begin(k_format_names), std::end(k_format_names));
  throw Error(ExitCode::usage,
              fmt::format("--format: unknown value '{}' (expected {})", value, or_list(names)));
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
  if (g_settings.colour == "always") {
    return Colour::on;
  }
  if (g_settings.colour == "never") {
    return Colour::off;
  }
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') ? Colour::on
                                                                                  : Colour::off;
}

std::size_t
terminal_columns()
{
  winsize size{};
  if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    unsigned long n = 0;
    const std::string_view text(columns);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size() && n > 0 && n <= 10000) {
      return n;
    }
  }
  return 100;
}

bool
confirming()
{
  return !g_settings.quiet && isatty(STDERR_FILENO) == 1;
}

void
confirm(std::string_view line)
{
  if (confirming()) {
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", line);
  }
}

void
notice(std::string_view line)
{
  if (!g_settings.quiet) {
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", line);
  }
}

void
warn_skipped(std::string_view program, const std::vector<SkippedCase>& skipped)
{
  if (skipped.empty()) {
    return;
  }
  std::fflush(stdout);
  for (const auto& s : skipped) {
    fmt::print(stderr, "{}: warning: skipped {}: {}\n", program, terminal_safe(s.reference),
               terminal_safe(s.problem));
  }
}

std::string
version_text(std::string_view program)
{
  return fmt::format("{} (feedback) {}\ngit revision {}\nschema version {}", program, k_version,
                     k_git_revision, latest_schema_version());
}

} // namespace feedback::cli
