// SPDX-License-Identifier: MIT
// feedback-import: placeholder until its issue lands.
#include "cli_support.hpp"

int
main(int argc, char** argv)
{
  CLI::App app{"feedback-import", "feedback-import"};
  feedback::cli::CommonOptions common;
  feedback::cli::add_db_option(app, common);
  return feedback::cli::run(app, argc, argv, [&] { return 0; });
}
