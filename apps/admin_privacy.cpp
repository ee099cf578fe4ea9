// SPDX-License-Identifier: MIT
// feedback-admin retention run; person find, export and erase.
#include "privacy_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/privacy/privacy.hpp>

#include <fmt/format.h>

namespace feedback::cli {

namespace {

struct RetentionOptions
{
  std::string as_of;
  std::string officer;
  std::string busy_timeout;
  bool dry_run = false;
  bool verbose = false;
};

int
run_retention_command(const CommonOptions& common, const RetentionOptions& opt)
{
  const auto actor = make_actor(opt.officer, "retention");
  RetentionRequest request;
  request.as_of = opt.as_of.empty() ? actor.today : parse_date_arg("--as-of", opt.as_of);
  request.dry_run = opt.dry_run;
  request.list_cases = opt.dry_run || opt.verbose;
  const auto busy_ms =
      opt.busy_timeout.empty()
          ? 5000
          : static_cast<int>(parse_int_arg("--busy-timeout", opt.busy_timeout, 0, 3600000));
  auto db = open_existing(common, busy_ms);
  const auto summary = run_retention(db, request, actor);
  std::string out;
  if (request.list_cases) {
    for (const auto& ref : summary.redacted_references) {
      out += fmt::format("{} {}\n", opt.dry_run ? "would redact" : "redacted", ref);
    }
    for (const auto& kept : summary.kept) {
      out += fmt::format("kept {} (closed {}): {}\n", kept.reference, format_date(kept.closed_on),
                         kept.why);
    }
  }
  // One line for cron's log; the kept cases are counted, and listed with --verbose.
  out += fmt::format("retention{}: {} case{} {}redacted (closed before {}, {} years), {} kept "
                     "(legal hold or Ombudsman remedy)\n",
                     opt.dry_run ? " (dry run)" : "", summary.redacted,
                     summary.redacted == 1 ? "" : "s", opt.dry_run ? "would be " : "",
                     format_date(summary.cutoff), summary.years, summary.kept.size());
  print(out);
  return 0;
}

struct PersonOptions
{
  std::string name;
  std::string email;
  std::string phone;
  std::string postcode;
  std::string officer;
  std::string format = "table";
  std::string reason;
  bool force = false;
};

PersonQuery
person_query(const PersonOptions& opt)
{
  return {given(opt.name), given(opt.email), given(opt.phone), given(opt.postcode)};
}

void
add_person_options(CLI::App* cmd, PersonOptions& opt)
{
  cmd->add_option("--name", opt.name, "The person's name (case, spaces and full stops ignored)");
  cmd->add_option("--email", opt.email, "Their e-mail address (case ignored)");
  cmd->add_option("--phone", opt.phone, "Their phone number (spaces ignored; +44 is 0)");
  cmd->add_option("--postcode", opt.postcode, "The postcode of their address (spaces ignored)");
  cmd->add_option("--officer", opt.officer, "Who does it (default: $USER)");
}

int
run_person_find(const CommonOptions& common, const PersonOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  auto db = open_existing(common);
  std::vector<Row> rows;
  for (const auto& c : find_person(db, person_query(opt))) {
    rows.push_back({c.reference, std::string(case_status_name(c.status)), format_date(c.received),
                    c.person.name, c.person.email, c.person.phone, c.person.address});
  }
  print(render(format, {"reference", "status", "received", "name", "email", "phone", "address"},
               rows));
  return 0;
}

int
run_person_export(const CommonOptions& common, const PersonOptions& opt)
{
  ExportFormat format = ExportFormat::text;
  if (opt.format == "json") {
    format = ExportFormat::json;
  } else if (opt.format != "text") {
    throw Error(ExitCode::usage,
                fmt::format("--format: unknown format '{}' (expected text or json)", opt.format));
  }
  const auto actor = make_actor(opt.officer);
  auto db = open_existing(common);
  const auto calendar = load_calendar(db);
  print(export_person(db, calendar, person_query(opt), format, actor));
  return 0;
}

int
run_person_erase(const CommonOptions& common, const PersonOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  auto db = open_existing(common);
  const auto result = erase_person(db, {person_query(opt), opt.reason, opt.force}, actor);
  std::string out;
  for (const auto& ref : result.erased) {
    out += fmt::format("erased {}\n", ref);
  }
  if (result.restrictions > 0) {
    out += fmt::format("deleted {} contact restriction{} naming the person\n", result.restrictions,
                       result.restrictions == 1 ? "" : "s");
  }
  print(out);
  return 0;
}

} // namespace

void
setup_admin_privacy(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* retention = app.add_subcommand("retention", "Anonymise cases past their retention");
  retention->require_subcommand(1);
  auto* run = add_subcommand<RetentionOptions>(
      *retention, "run",
      "Redact the people and free text of cases closed more than the policy's retention_years "
      "ago (not those under a legal hold or with an Ombudsman remedy open); one summary line",
      action, [&common](const RetentionOptions& o) { return run_retention_command(common, o); });
  run->add_option("--as-of", run->options.as_of, "The day to count from (default: today)");
  run->add_flag("--dry-run", run->options.dry_run, "List what would be redacted and kept");
  run->add_flag("--verbose", run->options.verbose, "List each case redacted and kept");
  run->add_option("--busy-timeout", run->options.busy_timeout,
                  "Wait this many milliseconds for another writer (default 5000); then exit 75");
  run->add_option("--officer", run->options.officer,
                  "Who the redactions are recorded against "
                  "(default: retention)");

  auto* person = app.add_subcommand(
      "person", "A person's cases: find, subject access export, erasure (officers only)");
  person->require_subcommand(1);
  auto* find = add_subcommand<PersonOptions>(
      *person, "find", "Cases whose personal data matches every field given", action,
      [&common](const PersonOptions& o) { return run_person_find(common, o); });
  add_person_options(find, find->options);
  add_format_option(find, find->options.format);

  auto* exp = add_subcommand<PersonOptions>(
      *person, "export",
      "Subject access: every case, event and survey about the person, recorded as exported", action,
      [&common](const PersonOptions& o) { return run_person_export(common, o); });
  add_person_options(exp, exp->options);
  exp->options.format = "text";
  exp->add_option("--format", exp->options.format, "text (a document to send) or json")
      ->capture_default_str();

  auto* erase = add_subcommand<PersonOptions>(
      *person, "erase",
      "Erasure: redact the person's data from each of their cases (refused while one is kept)",
      action, [&common](const PersonOptions& o) { return run_person_erase(common, o); });
  add_person_options(erase, erase->options);
  erase->add_option("--reason", erase->options.reason, "The erasure request, recorded")->required();
  erase->add_flag("--force", erase->options.force,
                  "Erase even a case that is open, under a legal hold or with a remedy open");
}

} // namespace feedback::cli
