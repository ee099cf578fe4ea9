// SPDX-License-Identifier: MIT
// Correcting cases and reorganising services (docs/rules.md, Correcting and reorganising), each
// program's part in its own source file so that the program's main file only calls its setup.
#pragma once

#include "cli_support.hpp"

namespace feedback::cli {

// feedback-log: `edit` (log_edit.cpp).
void setup_log_edit(CLI::App& app, const CommonOptions& common, Action& action);

// feedback-admin: `service rename|move|retire|merge|history`, under `service` (admin_services.cpp).
void setup_admin_services(CLI::App& service, const CommonOptions& common, Action& action);

} // namespace feedback::cli
