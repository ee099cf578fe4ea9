// SPDX-License-Identifier: MIT
// feedback-admin calendar holiday add, remove and list: days proclaimed at short notice.
#include "calendar_commands.hpp"

#include <feedback/calendar/calendar_store.hpp>
#include <feedback/storage/settings.hpp>
#include <feedback/util/output.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace feedback::cli {

namespace {

struct HolidayOptions
{
  std::string date;
  std::string name;
  std::string region;
};

void
add_region(CLI::App* cmd, std::string& region)
{
  choices(cmd->add_option("--region", region,
                          "england-and-wales, scotland or northern-ireland (default: the "
                          "database's)"),
          k_region_names);
}

int
run_holiday_add(const CommonOptions& common, const HolidayOptions& opt)
{
  const auto day = parse_date_arg("DATE", opt.date);
  const auto region = parse_region_arg(opt.region);
  auto db = open_existing(common);
  const auto in = region ? *region : database_region(db);
  add_proclaimed_holiday(db, in, day, opt.name);
  confirm("{} is a bank holiday in {}: {}", format_date(day), region_name(in), opt.name);
  return 0;
}

int
run_holiday_remove(const CommonOptions& common, const HolidayOptions& opt)
{
  const auto day = parse_date_arg("DATE", opt.date);
  const auto region = parse_region_arg(opt.region);
  auto db = open_existing(common);
  const auto in = region ? *region : database_region(db);
  remove_proclaimed_holiday(db, in, day);
  confirm("{} is no longer a proclaimed holiday in {}", format_date(day), region_name(in));
  return 0;
}

struct HolidayListOptions
{
  std::string format = "table";
};

int
run_holiday_list(const CommonOptions& common, const HolidayListOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  auto db = open_existing(common);
  std::vector<Row> rows;
  for (const auto& h : list_proclaimed_holidays(db)) {
    rows.push_back({format_date(h.date), h.name, std::string(region_name(h.region))});
  }
  print(render(format, {"date", "name", "region"}, rows));
  return 0;
}

} // namespace

void
setup_admin_holiday(CLI::App& cal, const CommonOptions& common, Action& action)
{
  auto* holiday = cal.add_subcommand(
      "holiday", "Bank holidays proclaimed at short notice (a state funeral, a jubilee)");
  holiday->require_subcommand(1);
  holiday->fallthrough();

  auto* add = add_subcommand<HolidayOptions>(
      *holiday, "add", "Add a bank holiday DATE --name NAME on top of the rules", action,
      [&common](const HolidayOptions& o) { return run_holiday_add(common, o); });
  add->add_option("DATE", add->options.date, "The day (YYYY-MM-DD)")->required();
  add->add_option("--name", add->options.name, "Its name, e.g. \"State funeral\"")->required();
  add_region(add, add->options.region);

  auto* remove = add_subcommand<HolidayOptions>(
      *holiday, "remove", "Remove a bank holiday added with 'holiday add'", action,
      [&common](const HolidayOptions& o) { return run_holiday_remove(common, o); });
  remove->add_option("DATE", remove->options.date, "The day (YYYY-MM-DD)")->required();
  add_region(remove, remove->options.region);

  auto* list = add_subcommand<HolidayListOptions>(
      *holiday, "list", "List the bank holidays added with 'holiday add'", action,
      [&common](const HolidayListOptions& o) { return run_holiday_list(common, o); });
  add_format_option(list, list->options.format);
}

} // namespace feedback::cli
