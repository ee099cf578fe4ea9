// SPDX-License-Identifier: MIT
// The code-compliance report (docs/reports.md): what a council's annual self-assessment against
// the Ombudsmen's Complaint Handling Codes, and its annual complaints performance and service
// improvement report, need. Timescales, the Ombudsman and remedies are the other reports'
// figures; this file counts what only it shows: extensions and the cap, independence, escalation
// onwards, and learning done.
#include "reports/report_internal.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

namespace report {

namespace {

void
add_stage(ComplianceRow& r, const detail::ComplianceStage& s)
{
  ++r.responses;
  if (s.extensions > 0) {
    ++r.extended;
    if (s.max_extension_days && s.extension_days > *s.max_extension_days) {
      ++r.beyond_cap;
    }
  }
  if (s.independent) {
    ++r.independent;
    if (s.independence == "kept") {
      ++r.independence_kept;
    } else if (s.independence == "overridden") {
      ++r.independence_overridden;
    } else {
      ++r.independence_unchecked;
    }
  }
  r.escalated += s.escalated ? 1 : 0;
  r.ombudsman += s.ombudsman ? 1 : 0;
}

} // namespace

CodeCompliance
compliance_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
              const Slices& slices, const ReportFilter& filter)
{
  Grouping by_stage(catalogue, {Dimension::stage});
  Grouping by_service(catalogue, {Dimension::service});
  auto facets = by_stage.facets();
  for (const auto f : by_service.facets()) {
    facets.push_back(f);
  }
  by_stage.read_from(facets);
  by_service.read_from(facets);
  Groups<ComplianceRow> stages(by_stage, scope.periods.size());
  Groups<ComplianceRow> services(by_service, scope.periods.size());
  stages.add_all(scope);
  services.add_all(scope);
  detail::each_compliance_stage(
      db, slices.shown_span(), {facets, catalogue.conditions(filter)},
      [&](const detail::ComplianceStage& s) {
        const auto slice = slices.find(s.responded_day);
        if (!slice || slices.bucket(*slice) == k_before) {
          return;
        }
        const auto bucket = slices.bucket(*slice);
        add_stage(stages.at(by_stage.key(s.facets, slices, *slice), bucket), s);
        add_stage(services.at(by_service.key(s.facets, slices, *slice), bucket), s);
      });
  CodeCompliance out;
  out.by_stage = std::move(stages).by_period();
  out.by_service = std::move(services).by_period();

  // Learning: one row a period for each service that recorded any.
  std::map<std::pair<std::size_t, std::optional<std::string>>, LearningSummaryRow> learning;
  for (const auto& l : learning_of(db, catalogue, scope, slices, filter)) {
    auto& r = learning[{l.period, l.service}];
    r.period = l.period;
    r.service = l.service;
    ++r.recorded;
    r.done += l.status == "done" ? 1 : 0;
    r.overdue += l.status == "overdue" ? 1 : 0;
    r.open += l.status == "open" ? 1 : 0;
  }
  for (auto& [key, r] : learning) {
    out.learning.push_back(std::move(r));
  }
  return out;
}

std::vector<ReportSection>
compliance_sections(const CodeCompliance& figures, const ReportScope& scope,
                    const Catalogue& catalogue)
{
  std::vector<ReportSection> out;
  const auto stage_columns = catalogue.columns(Dimension::stage);
  const auto service_columns = catalogue.columns(Dimension::service);
  const std::string note =
      "Stage responses made in each period. Extended: the response deadline was extended; beyond "
      "the cap: extended for longer than the stage allows in all, which is recorded only with "
      "a good reason. Independent: responses to a stage that must be considered by "
      "someone not involved before; kept, overridden (with a reason) or unchecked (no earlier "
      "responder on record). Escalated: the case went on to a later stage; Ombudsman: the "
      "Ombudsman took the case up. Shares are of the responses.";
  for (const auto& [rows, keys, name, title] :
       {std::tuple{&figures.by_stage, &stage_columns, "code_stages",
                   "Against the Code: extensions, independence and escalation, by stage"},
        std::tuple{&figures.by_service, &service_columns, "code_stages_by_service",
                   "Against the Code: extensions, independence and escalation, by service"}}) {
    auto columns = key_column_list(*keys);
    for (auto& c : std::vector<Column>{
             count_column("responses", "responses"), count_column("extended", "extended"),
             percent_column("extended_pct", "extended %"),
             count_column("beyond_cap", "beyond the cap"),
             count_column("independent", "independent"),
             count_column("independence_kept", "independence kept"),
             count_column("independence_overridden", "overridden"),
             count_column("independence_unchecked", "unchecked"),
             count_column("escalated", "escalated"), percent_column("escalated_pct", "escalated %"),
             count_column("ombudsman", "to the Ombudsman"),
             percent_column("ombudsman_pct", "to the Ombudsman %")}) {
      columns.push_back(std::move(c));
    }
    const auto& key_names = *keys;
    out.push_back(period_section({name, title, note}, scope, std::move(columns), *rows,
                                 [&](const ComplianceRow& r) {
                                   std::vector<Value> v;
                                   add_key_values(v, key_names, r.key);
                                   for (auto& x : {
                                            Value::of(r.responses),
                                            Value::of(r.extended),
                                            Value::of(percentage(r.extended, r.responses)),
                                            Value::of(r.beyond_cap),
                                            Value::of(r.independent),
                                            Value::of(r.independence_kept),
                                            Value::of(r.independence_overridden),
                                            Value::of(r.independence_unchecked),
                                            Value::of(r.escalated),
                                            Value::of(percentage(r.escalated, r.responses)),
                                            Value::of(r.ombudsman),
                                            Value::of(percentage(r.ombudsman, r.responses)),
                                        }) {
                                     v.push_back(x);
                                   }
                                   return v;
                                 }));
  }
  out.push_back(period_section(
      {"code_learning", "Against the Code: learning from complaints, by service",
       fmt::format("Learning recorded in each period, and of it, the actions done, overdue and "
                   "open as of {}.",
                   format_date(scope.as_of))},
      scope,
      {text_column("service", "service", "(no service)"), count_column("recorded", "recorded"),
       count_column("done", "done"), percent_column("done_pct", "done %"),
       count_column("overdue", "overdue"), count_column("open", "open")},
      figures.learning, [](const LearningSummaryRow& r) {
        return std::array{Value::of(r.service), Value::of(r.recorded),
                          Value::of(r.done),    Value::of(percentage(r.done, r.recorded)),
                          Value::of(r.overdue), Value::of(r.open)};
      }));
  return out;
}

} // namespace report

CodeCompliance
compute_code_compliance(Database& db, const Policy& policy, const ReportScope& scope,
                        const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const report::Catalogue catalogue(db, policy);
  return report::compliance_of(db, catalogue, scope, report::Slices(scope), filter);
}

} // namespace feedback
