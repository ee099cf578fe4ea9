// SPDX-License-Identifier: MIT
// From a request to a document: computes the figures of one report (or all, for the annual
// report) and lays them out.
#include "reports/report_internal.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

namespace feedback {

namespace {

using namespace report;

std::string
periods_text(const ReportScope& scope)
{
  std::vector<std::string> labels;
  for (const auto& p : scope.periods) {
    labels.push_back(period_label(p));
  }
  return fmt::format("{}", fmt::join(labels, ", "));
}

std::string
subtitle(const ReportScope& scope)
{
  return fmt::format("{} {}. Figures as of {}.", scope.periods.size() == 1 ? "Period" : "Periods",
                     periods_text(scope), format_date(scope.as_of));
}

ReportDocument
annual(Database& db, const WorkingCalendar& calendar, const Policy& policy,
       const ReportRequest& request)
{
  const auto& scope = request.scope;
  ReportDocument doc;
  const auto& year = scope.periods.back();
  doc.title = fmt::format("Complaints and feedback: annual report {}", period_label(year));
  std::vector<std::string> earlier;
  for (std::size_t i = 0; i + 1 < scope.periods.size(); ++i) {
    earlier.push_back(period_label(scope.periods[i]));
  }
  doc.subtitle = fmt::format("{}, with {} beside it. Figures as of {}.", period_label(year),
                             fmt::join(earlier, " and "), format_date(scope.as_of));

  // Each table is read once: the cases received (for every count of them), the stages
  // answered (for timeliness, the KPI and outcomes), and the rest.
  const Buckets buckets(scope);
  const auto cube = detail::count_received_cube(db, buckets.span());
  const auto days = day_counts_from(cube);
  const auto by_type = volumes_from_cube(db, policy, scope, VolumeGrouping::type, cube);
  const auto by_group = volumes_from_cube(db, policy, scope, VolumeGrouping::channel_group, cube);
  const auto by_channel = volumes_from_cube(db, policy, scope, VolumeGrouping::channel, cube);
  const auto by_directorate =
      volumes_from_cube(db, policy, scope, VolumeGrouping::directorate, cube);
  const auto by_service = volumes_from_cube(db, policy, scope, VolumeGrouping::service, cube);
  const auto by_stage = compute_volumes(db, policy, scope, VolumeGrouping::stage);
  const auto monthly = monthly_from(days, scope);
  const auto facts = load_stage_facts(db, calendar, buckets);
  const auto timeliness = timeliness_from(facts, policy, scope);
  const auto kpi = kpi_from(days, facts, scope);
  const auto outcomes = outcomes_from(db, facts, days, scope);
  const auto ombudsman = compute_ombudsman(db, scope);
  const auto satisfaction = compute_satisfaction(db, scope);
  const auto learning = compute_learning(db, scope);
  const int inactive = request.inactive_days.value_or(default_inactive_days(policy));
  const auto quality =
      data_quality_from(db, calendar, policy, scope, inactive, days, &outcomes.reclassified);

  doc.sections.push_back(volumes_section(by_type, scope, "volumes_by_type"));
  doc.sections.push_back(volumes_section(by_group, scope, "volumes_by_channel_group"));
  doc.sections.push_back(volumes_section(by_channel, scope, "volumes_by_channel"));
  doc.sections.push_back(volumes_section(by_directorate, scope, "volumes_by_directorate"));
  doc.sections.push_back(volumes_section(by_service, scope, "volumes_by_service"));
  doc.sections.push_back(volumes_section(by_stage, scope, "volumes_by_stage"));
  doc.sections.push_back(monthly_volumes_section(monthly));
  doc.sections.push_back(kpi_section(kpi));
  doc.sections.push_back(timeliness_section(timeliness, scope));
  for (auto& s : outcome_sections(outcomes, scope)) {
    doc.sections.push_back(std::move(s));
  }
  for (auto& s : ombudsman_sections(ombudsman, scope)) {
    doc.sections.push_back(std::move(s));
  }
  doc.sections.push_back(satisfaction_section(satisfaction, scope));
  doc.sections.push_back(learning_section(learning, scope));
  doc.sections.push_back(data_quality_section(quality, scope, inactive));

  AnnualFigures figures;
  figures.scope = &scope;
  figures.by_channel = &by_channel;
  figures.monthly = &monthly;
  figures.kpi = &kpi;
  figures.timeliness = &timeliness;
  figures.outcomes = &outcomes;
  doc.charts = annual_charts(figures);
  return doc;
}

} // namespace

ReportDocument
build_report(Database& db, const WorkingCalendar& calendar, const Policy& policy,
             const ReportRequest& request)
{
  PersonalDataGuard guard(db);
  const auto& scope = request.scope;
  ReportDocument doc;
  doc.subtitle = subtitle(scope);
  switch (request.kind) {
  case ReportKind::volumes: {
    const auto v = compute_volumes(db, policy, scope, request.by);
    std::string name = "volumes_by_" + std::string(grouping_name(request.by));
    std::replace(name.begin(), name.end(), '-', '_');
    doc.sections.push_back(volumes_section(v, scope, std::move(name)));
    break;
  }
  case ReportKind::timeliness:
    doc.sections.push_back(
        timeliness_section(compute_timeliness(db, calendar, policy, scope), scope));
    break;
  case ReportKind::kpi:
    doc.sections.push_back(kpi_section(compute_kpi(db, calendar, scope)));
    break;
  case ReportKind::outcomes:
    doc.sections = outcome_sections(compute_outcomes(db, scope), scope);
    break;
  case ReportKind::ombudsman:
    doc.sections = ombudsman_sections(compute_ombudsman(db, scope), scope);
    break;
  case ReportKind::learning:
    doc.sections.push_back(learning_section(compute_learning(db, scope), scope));
    break;
  case ReportKind::satisfaction:
    doc.sections.push_back(satisfaction_section(compute_satisfaction(db, scope), scope));
    break;
  case ReportKind::data_quality: {
    const int inactive = request.inactive_days.value_or(default_inactive_days(policy));
    doc.sections.push_back(data_quality_section(
        compute_data_quality(db, calendar, policy, scope, inactive), scope, inactive));
    break;
  }
  case ReportKind::annual:
    return annual(db, calendar, policy, request);
  }
  switch (request.kind) {
  case ReportKind::outcomes:
    doc.title = "Complaints and feedback: outcomes, areas, reclassifications and redirections";
    break;
  case ReportKind::ombudsman:
    doc.title = "Complaints and feedback: the Ombudsman's decisions and remedies";
    break;
  default:
    doc.title = "Complaints and feedback: " + doc.sections.front().title;
  }
  return doc;
}

} // namespace feedback
