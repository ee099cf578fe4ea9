// SPDX-License-Identifier: MIT
// From a request to a document: computes the figures of one report and lays them out (the
// annual report, all of them, is annual.cpp's).
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

namespace feedback {

namespace report {

std::string
filter_sentence(const ReportFilter& filter)
{
  std::vector<std::string> parts;
  auto add = [&](std::string_view what, const std::vector<std::string>& values) {
    if (!values.empty()) {
      const std::vector<std::string_view> v(values.begin(), values.end());
      parts.push_back(fmt::format("{} {}", what, vocabulary::join(v)));
    }
  };
  add("type", filter.types);
  add("service", filter.services);
  add("directorate", filter.directorates);
  add("procedure", filter.procedures);
  std::vector<std::string> stages;
  for (const auto s : filter.stages) {
    stages.push_back(std::to_string(s));
  }
  add("stage", stages);
  add("channel", filter.channels);
  add("sponsor", filter.sponsors);
  if (parts.empty()) {
    return {};
  }
  return fmt::format(" Cases: {}.", fmt::join(parts, "; "));
}

} // namespace report

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
subtitle(const ReportScope& scope, const ReportFilter& filter)
{
  return fmt::format("{} {}. Figures as of {}.{}", scope.periods.size() == 1 ? "Period" : "Periods",
                     periods_text(scope), format_date(scope.as_of), filter_sentence(filter));
}

} // namespace

ReportDocument
build_report(Database& db, const WorkingCalendar& calendar, const Policy& policy,
             const ReportRequest& request)
{
  check_request(db, policy, request);
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  const auto& scope = request.scope;
  const auto& filter = request.filter;
  if (request.kind == ReportKind::annual) {
    return annual_report(db, calendar, catalogue, request);
  }
  ReportDocument doc;
  doc.subtitle = subtitle(scope, filter);
  const auto by = normalise(request.by);
  switch (request.kind) {
  case ReportKind::volumes: {
    const auto v =
        compute_volumes(db, policy, scope, by.empty() ? std::vector{Dimension::type} : by, filter);
    doc.sections.push_back(volumes_section(v, scope, section_name("volumes", v.by), catalogue,
                                           {request.share, request.change_from}));
    break;
  }
  case ReportKind::ratio:
    doc.sections.push_back(ratio_section(
        compute_ratios(db, policy, scope, request.ratio_type, request.ratio_per, by, filter),
        scope));
    break;
  case ReportKind::timeliness:
    doc.sections.push_back(
        timeliness_section(compute_timeliness(db, calendar, policy, scope, by, filter),
                           timeliness_key_columns(by), scope));
    break;
  case ReportKind::kpi: {
    const bool complaints =
        filter.types.empty() || (filter.types.size() == 1 && filter.types[0] == "complaint");
    doc.sections.push_back(kpi_section(compute_kpi(db, calendar, scope, filter), complaints));
    break;
  }
  case ReportKind::outcomes:
    doc.sections = outcome_sections(compute_outcomes(db, policy, scope, by, filter), scope);
    break;
  case ReportKind::ombudsman:
    doc.sections = ombudsman_sections(compute_ombudsman(db, policy, scope, by, filter), scope);
    break;
  case ReportKind::learning:
    doc.sections.push_back(learning_section(compute_learning(db, policy, scope, filter), scope));
    break;
  case ReportKind::satisfaction:
    doc.sections.push_back(satisfaction_section(compute_satisfaction(db, policy, scope, by, filter),
                                                key_columns(catalogue, by), scope));
    if (!by.empty()) {
      doc.sections.back().name = section_name("satisfaction", by);
    }
    break;
  case ReportKind::data_quality: {
    const int inactive = request.inactive_days.value_or(default_inactive_days(policy));
    doc.sections.push_back(data_quality_section(
        compute_data_quality(db, calendar, policy, scope, inactive, filter), scope, inactive));
    break;
  }
  case ReportKind::code_compliance: {
    // Timescales by stage and by service, the Code's own figures, the Ombudsman and remedies.
    auto renamed = [](ReportSection s, std::string name, std::string title) {
      s.name = std::move(name);
      s.title = std::move(title);
      return s;
    };
    doc.sections.push_back(renamed(
        timeliness_section(compute_timeliness(db, calendar, policy, scope, {}, filter),
                           timeliness_key_columns({}), scope),
        "code_timescales", "Against the Code: acknowledgements and responses within timescale"));
    const std::vector by_service{Dimension::service};
    doc.sections.push_back(renamed(
        timeliness_section(compute_timeliness(db, calendar, policy, scope, by_service, filter),
                           timeliness_key_columns(by_service), scope),
        "code_timescales_by_service",
        "Against the Code: acknowledgements and responses within timescale, by service"));
    const Slices slices(scope);
    auto stages =
        compliance_sections(compliance_of(db, catalogue, scope, slices, filter), scope, catalogue);
    const auto learning = std::move(stages.back());
    stages.pop_back();
    for (auto& s : stages) {
      doc.sections.push_back(std::move(s));
    }
    for (auto& s :
         ombudsman_sections(ombudsman_of(db, catalogue, scope, slices, {}, filter), scope)) {
      if (s.name != "ombudsman_decisions") {
        s.name = "code_" + s.name;
        doc.sections.push_back(std::move(s));
      }
    }
    doc.sections.push_back(learning);
    break;
  }
  case ReportKind::annual:
    break;
  }
  switch (request.kind) {
  case ReportKind::outcomes:
    doc.title = "Complaints and feedback: outcomes, areas, reclassifications and redirections";
    break;
  case ReportKind::ombudsman:
    doc.title = "Complaints and feedback: the Ombudsman's decisions and remedies";
    break;
  case ReportKind::code_compliance:
    doc.title = "Complaints and feedback against the Complaint Handling Code";
    break;
  case ReportKind::ratio:
    doc.title = "Complaints and feedback: " +
                doc.sections.front().title.substr(std::string("Cases received: ").size());
    break;
  default:
    doc.title = "Complaints and feedback: " + doc.sections.front().title;
  }
  name_policy_words(doc, catalogue);
  return doc;
}

} // namespace feedback
