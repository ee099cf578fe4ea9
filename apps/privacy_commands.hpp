// SPDX-License-Identifier: MIT
// The personal-data commands (docs/privacy.md), each program's in its own source file so that
// the program's main file only calls its setup.
#pragma once

#include "cli_support.hpp"

namespace feedback::cli {

// feedback-admin: `retention run`, `person find|export|erase` (admin_privacy.cpp).
void setup_admin_privacy(CLI::App& app, const CommonOptions& common, Action& action);

// feedback-log: `hold-legal`, `release-legal`, `equality` (log_privacy.cpp).
void setup_log_privacy(CLI::App& app, const CommonOptions& common, Action& action);

// feedback-report: `equality` (report_equality.cpp).
void setup_report_equality(CLI::App& app, const CommonOptions& common, Action& action);

} // namespace feedback::cli
