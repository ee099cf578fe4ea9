// SPDX-License-Identifier: MIT
// feedback-log campaign detect|create|add|list|respond: near-identical complaints answered once.
#include "member_commands.hpp"

#include <feedback/cases/campaigns.hpp>
#include <feedback/policy/vocabulary.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace feedback::cli {

namespace {

struct DetectCommandOptions
{
  std::string service;
  std::string within = "14";
  std::string threshold = "0.5";
  std::string min_size = "3";
  std::string as_of;
  std::string format = "table";
};

struct CampaignOptions
{
  std::string name;
  std::vector<std::string> references;
  std::string service;
  std::string on;
  std::string officer;
};

struct CampaignListOptions
{
  std::string format = "table";
};

struct CampaignRespondOptions
{
  std::string name;
  std::string outcome;
  std::vector<std::string> areas;
  std::string on;
  std::string officer;
};

double
parse_threshold(const std::string& value)
{
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !(v > 0.0 && v <= 1.0)) {
    throw Error(ExitCode::usage,
                fmt::format("--threshold: expected a share above 0 and at most 1: '{}'", value));
  }
  return v;
}

int
run_detect(const CommonOptions& common, const DetectCommandOptions& opt)
{
  const auto format = parse_format_arg(opt.format);
  DetectOptions d;
  d.service = given(opt.service);
  d.within_days = static_cast<int>(parse_int_arg("--within", opt.within, 1, 3660));
  d.threshold = parse_threshold(opt.threshold);
  d.min_size = static_cast<std::size_t>(parse_int_arg("--min-size", opt.min_size, 2, 1000000));
  const auto as_of = as_of_date(opt.as_of);
  auto db = open_existing(common);
  print(render_proposed_campaigns(detect_campaigns(db, d, as_of), format));
  return 0;
}

int
run_create(const CommonOptions& common, const CampaignOptions& opt, bool create)
{
  const auto actor = make_actor(opt.officer);
  const auto on = on_date(opt.on, actor.today);
  auto db = open_existing(common);
  if (create) {
    create_campaign(db, opt.name, given(opt.service), opt.references, on, actor);
    confirm("campaign '{}' created with {} case{}", opt.name, opt.references.size(),
            opt.references.size() == 1 ? "" : "s");
  } else {
    add_to_campaign(db, opt.name, opt.references, on, actor);
    confirm("{} case{} added to campaign '{}'", opt.references.size(),
            opt.references.size() == 1 ? "" : "s", opt.name);
  }
  return 0;
}

int
run_respond(const CommonOptions& common, const CampaignRespondOptions& opt)
{
  const auto actor = make_actor(opt.officer);
  ResponseInput input{given(opt.outcome), opt.areas, on_date(opt.on, actor.today), std::nullopt};
  auto db = open_existing(common);
  std::string out;
  for (const auto& reference : respond_campaign(db, opt.name, input, actor)) {
    out += fmt::format("{}\n", reference);
  }
  print(out);
  return 0;
}

void
add_campaign_options(CLI::App* cmd, CampaignOptions& opt, bool refs_required)
{
  cmd->add_option("NAME", opt.name, "The campaign's name")->required();
  auto* refs = cmd->add_option("REF", opt.references, "Case references");
  if (refs_required) {
    refs->required();
  }
  add_on_option(cmd, opt.on);
  cmd->add_option("--officer", opt.officer, "Who groups them (default: $USER)");
}

} // namespace

void
setup_log_campaigns(CLI::App& app, const CommonOptions& common, Action& action)
{
  auto* campaign = app.add_subcommand(
      "campaign", "Campaigns: near-identical complaints grouped, answered in one command");
  campaign->require_subcommand(1);

  auto* detect = add_subcommand<DetectCommandOptions>(
      *campaign, "detect",
      "Propose groups of open complaints of one service with near-identical summaries (Jaccard "
      "index of their word pairs at least --threshold)",
      action, [&common](const DetectCommandOptions& o) { return run_detect(common, o); });
  auto& d = detect->options;
  detect->add_option("--service", d.service, "Only this service");
  number(detect->add_option("--within", d.within,
                            "Received in the last N days, up to --as-of (default: 14)"));
  detect->add_option("--threshold", d.threshold,
                     "Least similarity of a linked pair, above 0 and at most 1 (default: 0.5)");
  number(detect->add_option("--min-size", d.min_size, "Least complaints in a group (default: 3)"));
  detect->add_option("--as-of", d.as_of, "The window ends on this day (default: today)");
  add_format_option(detect, d.format);

  auto* create = add_subcommand<CampaignOptions>(
      *campaign, "create", "Create a campaign, with the cases given", action,
      [&common](const CampaignOptions& o) { return run_create(common, o, true); });
  add_campaign_options(create, create->options, false);
  create->add_option("--service", create->options.service,
                     "The campaign's service: each case must be of it");

  auto* add = add_subcommand<CampaignOptions>(
      *campaign, "add", "Add cases to a campaign", action,
      [&common](const CampaignOptions& o) { return run_create(common, o, false); });
  add_campaign_options(add, add->options, true);

  auto* list = add_subcommand<CampaignListOptions>(
      *campaign, "list", "Campaigns with their cases and those awaiting a response", action,
      [&common](const CampaignListOptions& o) {
        const auto format = parse_format_arg(o.format);
        auto db = open_existing(common);
        print(render_campaigns(list_campaigns(db), format));
        return 0;
      });
  add_format_option(list, list->options.format);

  auto* respond = add_subcommand<CampaignRespondOptions>(
      *campaign, "respond",
      "Record one response on every case of the campaign awaiting one (all or none); prints "
      "their references",
      action, [&common](const CampaignRespondOptions& o) { return run_respond(common, o); });
  auto& r = respond->options;
  respond->add_option("NAME", r.name, "The campaign's name")->required();
  suggest(respond->add_option("--outcome", r.outcome, "An outcome of the policy"),
          vocabulary::k_outcomes);
  suggest(respond->add_option("--area", r.areas, "Complaint area (repeat, or comma-separated)"),
          vocabulary::k_areas)
      ->delimiter(',')
      ->allow_extra_args(false);
  add_on_option(respond, r.on);
  respond->add_option("--officer", r.officer, "Who responds (default: $USER)");
}

} // namespace feedback::cli
