// SPDX-License-Identifier: MIT
// Members, campaigns and difficult contacts (issue 12), each program's commands in their own
// source file so that the program's main file only calls their setup.
#pragma once

#include "cli_support.hpp"

namespace feedback::cli {

// feedback-escalate: `member-digest` (escalate_members.cpp).
void setup_escalate_members(CLI::App& app, CommonOptions& common, Action& action);

// The nightly run's list of contact restrictions due for review on or before `as_of`: a heading
// and a table (after a blank line when `after_steps`) (nothing when none is due, so cron mails
// nothing); with CSV, whose document is the steps, a notice on stderr instead
// (escalate_members.cpp). JSON holds them in its document (render_run_json): the caller does not
// call this for JSON.
void report_restrictions_due(Database& db, Date as_of, Format format, bool after_steps);

// feedback-log: `restrict add|list|review|end` (log_members.cpp).
void setup_log_members(CLI::App& app, const CommonOptions& common, Action& action);

// feedback-log: `campaign detect|create|add|list|respond` (log_campaigns.cpp).
void setup_log_campaigns(CLI::App& app, const CommonOptions& common, Action& action);

} // namespace feedback::cli
