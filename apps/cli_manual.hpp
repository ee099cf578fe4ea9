// SPDX-License-Identifier: MIT
// A program's manual page and its bash and zsh completions, generated from the program's own
// CLI11 definitions (its subcommands, their options and positionals, their descriptions and
// type names, the words choices() and suggest() gave) and from cli_manual.cpp's prose and
// examples. The build runs each program with the hidden --generate-manual and
// --generate-completion, so a subcommand added to a program is in its manual, its completion and
// its help without any other file changing. Also the walk of a program's commands that run()
// uses to report an unknown subcommand or option.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace feedback::cli {

// ---- the walk of a program's commands ----

// `app`'s subcommands in the order they were added, hidden ones (no group) left out.
std::vector<CLI::App*> subcommands_of(CLI::App& app);

// The command `app` is: the program's name and the subcommands leading to it, space-separated
// ("feedback-admin calendar closure add").
std::string command_path(const CLI::App& app);

// The options `app` shows in its help, positionals and --help left out.
std::vector<CLI::Option*> visible_options(CLI::App& app);

// The option named `name` ("--open", "-q") that `app` takes: its own, or, while `app` passes
// what it does not know to its parent (fallthrough), its parent's. nullptr if none.
CLI::Option* find_option(CLI::App& app, std::string_view name);

// The long names ("--open") of every option `app` takes, its parents' included as find_option
// reaches them.
std::vector<std::string> option_names(CLI::App& app);

// Whether `option` takes a value (a flag does not).
bool takes_value(const CLI::Option& option);

// ---- examples ----

struct Example
{
  std::string_view command; // as typed, starting with the program's name
  std::string_view what;    // what it does, one sentence
};

// The examples for the command at `path` (command_path()), in order.
std::vector<Example> examples_for(std::string_view path);

// Every command path that has examples (for the test that each names a real command).
std::vector<std::string_view> example_paths();

// The examples of `path` as the end of its --help ("Examples:" and each command with what it
// does), or "" when it has none.
std::string help_footer(std::string_view path);

// ---- generated files ----

// The manual page of `app` in man(7) roff: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, COMMANDS (every
// subcommand with its arguments and options), EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE
// ALSO. ASCII only: other characters are written as groff's \[uXXXX].
std::string manual_page(CLI::App& app);

// A bash completion script for `app` (for bash-completion's completions directory, or to source):
// subcommands, options and the words of options with words; file names elsewhere.
std::string bash_completion(CLI::App& app);

// A zsh completion function (#compdef) for `app`, completing as bash_completion does, with each
// subcommand's and option's description.
std::string zsh_completion(CLI::App& app);

} // namespace feedback::cli
