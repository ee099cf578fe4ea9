// SPDX-License-Identifier: MIT
// feedback-escalate member-digest: each member's sponsored cases, for a weekly mail.
#include "cli_files.hpp"
#include "member_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/cases/members.hpp>
#include <feedback/contacts/restrictions.hpp>

#include <fmt/format.h>

namespace feedback::cli {

namespace {

struct DigestOptions
{
  std::string as_of;
  std::string split_dir;
  std::string format = "table";
};

int
run_digest(const CommonOptions& common, const DigestOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  const auto as_of = date_arg_or("--as-of", opt.as_of, today());
  auto db = open_existing(common);
  const auto calendar = load_calendar(db);
  std::vector<SkippedCase> skipped;
  const auto members = member_digest(db, calendar, as_of, skipped);
  warn_skipped("feedback-escalate", skipped);
  if (opt.split_dir.empty()) {
    print(render_member_digest(members, format));
    return 0;
  }
  std::vector<SplitFile> files;
  files.reserve(members.size());
  for (const auto& m : members) {
    files.push_back({member_label(m), render_member_digest({m}, format)});
  }
  write_split(opt.split_dir, format, files);
  if (members.empty()) {
    notice("feedback-escalate: no sponsored cases open: no files written");
  }
  return 0;
}

} // namespace

void
report_restrictions_due(Database& db, Date as_of, Format format, bool after_steps)
{
  const auto due = restrictions_due_for_review(db, as_of);
  if (due.empty()) {
    return;
  }
  if (format == Format::table || format == Format::markdown) {
    print(fmt::format("{}contact restrictions due for review by {}:\n{}", after_steps ? "\n" : "",
                      format_date(as_of), render_restrictions(due, format)));
    return;
  }
  notice(fmt::format("feedback-escalate: {} contact restriction{} due for review (feedback-log "
                     "restrict list --due {})",
                     due.size(), due.size() == 1 ? "" : "s", format_date(as_of)));
}

void
setup_escalate_members(CLI::App& app, CommonOptions& common, Action& action)
{
  auto* cmd = add_subcommand<DigestOptions>(
      app, "member-digest",
      "Each councillor's, MP's or the chief executive's sponsored cases not closed, with status "
      "and next deadline (a weekly mail from cron)",
      action, [&common](const DigestOptions& o) { return run_digest(common, o); });
  auto& opt = cmd->options;
  add_db_option(*cmd, common);
  cmd->add_option("--as-of", opt.as_of, "Deadlines as of this day (YYYY-MM-DD, default: today)");
  cmd->add_option("--split-dir", opt.split_dir,
                  "Write one file per member into this directory; prints the files written");
  static constexpr std::string_view k_formats[] = {"table", "csv", "markdown", "json"};
  add_format_option(cmd, opt.format, k_formats);
}

} // namespace feedback::cli
