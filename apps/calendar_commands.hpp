// SPDX-License-Identifier: MIT
// feedback-admin's `calendar holiday add|remove|list` (admin_calendar.cpp), in its own source file
// so that the program's main file only calls its setup.
#pragma once

#include "cli_support.hpp"

namespace feedback::cli {

// `calendar holiday ...` under `calendar` (the subcommand `cal`).
void setup_admin_holiday(CLI::App& cal, const CommonOptions& common, Action& action);

} // namespace feedback::cli
