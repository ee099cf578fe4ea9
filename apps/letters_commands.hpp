// SPDX-License-Identifier: MIT
// The letter commands (docs/letters.md), each program's in its own source file so that the
// program's main file only calls its setup.
#pragma once

#include "cli_support.hpp"

namespace feedback::cli {

// feedback-admin: `template add|list|show|remove|values` (admin_templates.cpp).
void setup_admin_templates(CLI::App& app, const CommonOptions& common, Action& action);

// feedback-log: `letter` (log_letter.cpp).
void setup_log_letter(CLI::App& app, const CommonOptions& common, Action& action);

} // namespace feedback::cli
