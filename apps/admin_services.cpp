// SPDX-License-Identifier: MIT
// feedback-admin service rename, move, retire, merge and history: reorganising services.
#include "edit_commands.hpp"

#include <feedback/cases/edit.hpp>
#include <feedback/util/output.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace feedback::cli {

namespace {

struct ServiceChangeOptions
{
  std::string code;
  std::string officer;
  std::string value; // the new name or directorate, or the service merged into
};

struct ServiceHistoryOptions
{
  std::string code;
  std::string format = "table";
};

int
run_history(const CommonOptions& common, const ServiceHistoryOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  auto db = open_existing(common);
  std::vector<Row> rows;
  for (const auto& e : service_history(db, opt.code)) {
    rows.push_back({format_date(e.on), e.officer, e.kind, Cell(e.from), Cell(e.to)});
  }
  print(render(format, {"on", "officer", "change", "from", "to"}, rows));
  return 0;
}

// A subcommand changing service CODE, recorded against --officer.
Subcommand<ServiceChangeOptions>*
add_change(CLI::App& service, std::string name, std::string description, Action& action,
           Subcommand<ServiceChangeOptions>::Run run)
{
  auto* cmd = add_subcommand<ServiceChangeOptions>(service, std::move(name), std::move(description),
                                                   action, std::move(run));
  cmd->add_option("CODE", cmd->options.code, "The service's code")->required();
  cmd->add_option("--officer", cmd->options.officer, "Who makes the change (default: $USER)");
  return cmd;
}

} // namespace

void
setup_admin_services(CLI::App& service, const CommonOptions& common, Action& action)
{
  auto* rename = add_change(service, "rename", "Give a service a new name", action,
                            [&common](const ServiceChangeOptions& o) {
                              auto db = open_existing(common);
                              rename_service(db, o.code, o.value, make_actor(o.officer));
                              confirm("service {} renamed {}", o.code, o.value);
                              return 0;
                            });
  rename->add_option("--name", rename->options.value, "The new name")->required();

  auto* move = add_change(service, "move", "Move a service to another directorate", action,
                          [&common](const ServiceChangeOptions& o) {
                            auto db = open_existing(common);
                            move_service(db, o.code, o.value, make_actor(o.officer));
                            confirm("service {} moved to {}", o.code, o.value);
                            return 0;
                          });
  move->add_option("--directorate", move->options.value, "The directorate it moves to")->required();

  add_change(service, "retire", "Retire a service: it takes no new cases; its cases keep it",
             action, [&common](const ServiceChangeOptions& o) {
               auto db = open_existing(common);
               retire_service(db, o.code, make_actor(o.officer));
               confirm("service {} retired", o.code);
               return 0;
             });

  auto* merge =
      add_change(service, "merge", "Move every case of a service to another and retire it", action,
                 [&common](const ServiceChangeOptions& o) {
                   auto db = open_existing(common);
                   const auto moved = merge_service(db, o.code, o.value, make_actor(o.officer));
                   fmt::print("{} case{} moved from {} to {}\n", moved, moved == 1 ? "" : "s",
                              o.code, o.value);
                   confirm("service {} merged into {}", o.code, o.value);
                   return 0;
                 });
  merge->add_option("--into", merge->options.value, "The service its cases move to")->required();

  auto* history = add_subcommand<ServiceHistoryOptions>(
      service, "history", "The changes made to a service, oldest first", action,
      [&common](const ServiceHistoryOptions& o) { return run_history(common, o); });
  history->add_option("CODE", history->options.code, "The service's code")->required();
  add_format_option(history, history->options.format);
}

} // namespace feedback::cli
