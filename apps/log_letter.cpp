// SPDX-License-Identifier: MIT
// feedback-log letter: a letter to the customer from a template, and its sending recorded.
#include "cli_files.hpp"
#include "letters_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/letters/letters.hpp>

#include <fmt/format.h>

#include <cstdio>

namespace feedback::cli {

namespace {

struct LetterOptions
{
  std::string reference;
  std::string template_name;
  std::string format = "text";
  std::string reasons;
  std::string reasons_file;
  std::vector<std::string> remedies;
  std::string officer;
  std::string on;
  bool sent = false;
};

int
run_letter(const CommonOptions& common, const LetterOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  LetterRequest request;
  request.template_name = opt.template_name;
  request.format = parse_letter_format(opt.format).value_or(LetterFormat::text);
  if (!opt.on.empty()) {
    request.on = on_date(opt.on, actor.today);
  }
  if (!opt.reasons_file.empty()) {
    request.reasons = read_input(opt.reasons_file);
  } else if (!opt.reasons.empty()) {
    request.reasons = opt.reasons;
  }
  request.remedies = opt.remedies;
  auto db = open_existing(common);
  const auto calendar = load_calendar(db);
  const auto letter = write_letter(db, calendar, opt.reference, request, actor);
  print(letter.text);
  // These need a person to produce them from the letter.
  if (letter.preferred_format == "braille" || letter.preferred_format == "bsl-video" ||
      letter.preferred_format == "another-language") {
    notice(fmt::format("{}: the customer asked for {}: have this letter produced in it",
                       opt.reference, *letter.preferred_format));
  }
  if (opt.sent) {
    // Recorded as sent only once the whole letter is out.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      throw Error(ExitCode::io_error, "cannot write the letter to stdout: not recorded as sent");
    }
    const auto on = request.on.value_or(actor.today);
    record_letter_sent(db, opt.reference, letter, on, actor);
    confirm("{}: letter {} recorded as sent {}", opt.reference, letter.template_name,
            format_date(on));
  }
  return 0;
}

} // namespace

void
setup_log_letter(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = add_subcommand<LetterOptions>(
      app, "letter", "Print a letter to the customer from a template; --sent records it", action,
      [&common](const LetterOptions& o) { return run_letter(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("REF", opt.reference, "Case reference, e.g. FB-2026-000042")->required();
  cmd->add_option("--template", opt.template_name,
                  "The template (feedback-admin template list), e.g. stage-response")
      ->required();
  choices(cmd->add_option("--format", opt.format,
                          "text, markdown or html (large print when the customer asked)")
              ->capture_default_str(),
          k_letter_formats);
  auto* reasons = cmd->add_option("--reasons", opt.reasons, "The decision's reasons");
  cmd->add_option("--reasons-file", opt.reasons_file,
                  "The decision's reasons from a file, or - for stdin")
      ->excludes(reasons);
  cmd->add_option("--remedy", opt.remedies, "A remedy offered (repeatable)");
  cmd->add_option("--officer", opt.officer, "Who signs and sends it (default: $USER)");
  cmd->add_flag("--sent", opt.sent, "Record on the case that the letter was sent");
  add_on_option(cmd, opt.on);
}

} // namespace feedback::cli
