// SPDX-License-Identifier: MIT
// feedback-log edit: correct a case's facts.
#include "edit_commands.hpp"

#include <feedback/cases/edit.hpp>
#include <feedback/policy/vocabulary.hpp>

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

namespace feedback::cli {

namespace {

// Each field is nullopt unless given; an empty value removes what the case may lack.
struct EditOptions
{
  std::string reference;
  std::string officer;
  std::optional<std::string> service;
  std::optional<std::string> received;
  std::optional<std::string> summary;
  std::optional<std::string> channel;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> preferred_format;
  std::optional<std::string> sponsor;
  std::optional<std::string> sponsor_name;
  std::optional<std::string> type;
};

int
run_edit(const CommonOptions& common, const EditOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  CaseEdit edit;
  if (opt.received) {
    const auto received = parse_date_or_datetime(*opt.received);
    if (!received) {
      throw Error(ExitCode::usage,
                  fmt::format("--received: not a date or date-time (expected YYYY-MM-DD or "
                              "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]): '{}'",
                              *opt.received));
    }
    edit.received = *received;
    edit.received_at = *opt.received;
  }
  edit.service = opt.service;
  edit.summary = opt.summary;
  edit.channel = opt.channel;
  edit.name = opt.name;
  edit.email = opt.email;
  edit.phone = opt.phone;
  edit.address = opt.address;
  edit.preferred_format = opt.preferred_format;
  edit.sponsor = opt.sponsor;
  edit.sponsor_name = opt.sponsor_name;
  edit.type = opt.type;
  if (edit.empty()) {
    throw Error(ExitCode::usage,
                "nothing to edit: give one or more of --service, --received, --summary, "
                "--channel, --name, --email, --phone, --address, --preferred-format, --sponsor, "
                "--sponsor-name, --type");
  }
  auto db = open_existing(common);
  const auto changed = edit_case(db, opt.reference, edit, actor);
  std::string fields;
  for (const auto& f : changed) {
    fields += (fields.empty() ? "" : ", ") + f.field;
  }
  confirm("{}: edited {}", opt.reference, fields);
  return 0;
}

} // namespace

void
setup_log_edit(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* cmd = add_subcommand<EditOptions>(
      app, "edit", "Correct a case's facts; each change is recorded with its old and new value",
      action, [&common](const EditOptions& o) { return run_edit(common, o); });
  auto& opt = cmd->options;
  cmd->add_option("REF", opt.reference, "Case reference, e.g. FB-2026-000042")->required();
  cmd->add_option("--officer", opt.officer, "Who makes the change (default: $USER)");
  cmd->add_option("--service", opt.service, "Service code (\"\": none)");
  cmd->add_option("--received", opt.received,
                  "When it arrived: YYYY-MM-DD or a date-time; deadlines follow");
  cmd->add_option("--summary", opt.summary, "What the contact is about (personal data)");
  suggest(cmd->add_option("--channel", opt.channel, "A channel of the policy"),
          vocabulary::k_channels);
  cmd->add_option("--name", opt.name, "Complainant's name (personal data; \"\": none)");
  cmd->add_option("--email", opt.email, "Complainant's email (personal data; \"\": none)");
  cmd->add_option("--phone", opt.phone, "Complainant's phone (personal data; \"\": none)");
  cmd->add_option("--address", opt.address, "Complainant's address (personal data; \"\": none)");
  suggest(cmd->add_option("--preferred-format", opt.preferred_format,
                          "email, letter, large-print, braille, bsl-video or another-language "
                          "(\"\": none)"),
          vocabulary::k_preferred_formats);
  suggest(cmd->add_option("--sponsor", opt.sponsor, "councillor, mp, chief-executive or none"),
          vocabulary::k_sponsors);
  cmd->add_option("--sponsor-name", opt.sponsor_name, "The sponsor's name (\"\": none)");
  suggest(cmd->add_option("--type", opt.type,
                          "The type of contact: a reclassification, as classify makes"),
          vocabulary::k_types);
}

} // namespace feedback::cli
