// SPDX-License-Identifier: MIT
// The Ombudsman, learning, satisfaction and data-quality reports.
#include "reports/report_internal.hpp"

#include <feedback/escalation/escalation.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace feedback {

namespace {

using report::Buckets;
using report::position;

bool
on_or_before(const std::optional<Date>& d, Date limit)
{
  return d && date::sys_days{*d} <= date::sys_days{limit};
}

} // namespace

Ombudsman
compute_ombudsman(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  const auto periods = scope.periods.size();
  Ombudsman out;
  out.summary = report::rows_per_period<OmbudsmanSummaryRow>(scope);
  detail::count_ombudsman_opened(db, buckets.shown_span(), [&](const detail::DayCount& row) {
    if (const auto p = buckets.find_shown(row.day)) {
      out.summary[*p].opened += row.count;
    }
  });
  // (no service last, service, decision order) -> counts per period
  using DecisionKey = std::tuple<int, std::string, std::size_t>;
  report::PerPeriod<DecisionKey, std::int64_t> decisions(periods);
  std::map<DecisionKey, std::pair<std::optional<std::string>, std::string>> names;
  detail::count_ombudsman_decisions(
      db, buckets.shown_span(), [&](const detail::DecisionCount& row) {
        const auto p = buckets.find_shown(row.day);
        if (!p) {
          return;
        }
        const std::string decision(row.decision);
        const auto key = DecisionKey(row.service ? 0 : 1, row.service.value_or(""),
                                     position(k_ombudsman_decisions, decision));
        decisions.at(key, *p) += row.count;
        names.try_emplace(key, row.service, decision);
        out.summary[*p].decided += row.count;
        out.summary[*p].upheld += decision == "upheld" ? row.count : 0;
      });
  decisions.each([&](std::size_t p, const DecisionKey& key, std::int64_t n) {
    const auto& [service, decision] = names.at(key);
    out.decisions.push_back({p, service, decision, n});
  });

  // Every kind of remedy (by its place in k_remedy_kinds) in every period.
  report::PerPeriod<std::size_t, RemedyRow> remedies(periods);
  for (std::size_t k = 0; k < std::size(k_remedy_kinds); ++k) {
    remedies.add_key(k);
  }
  detail::each_remedy(db, buckets.shown_span(), [&](const detail::Remedy& remedy) {
    const auto p = buckets.find_shown(remedy.agreed_day);
    const auto kind = position(k_remedy_kinds, remedy.kind);
    if (!p || kind == std::size(k_remedy_kinds)) {
      return;
    }
    auto& r = remedies.at(kind, *p);
    ++r.agreed;
    // Done and overdue as they stood on as_of, which may be a day in the past.
    if (on_or_before(remedy.done_on, scope.as_of)) {
      ++r.done;
      r.done_late += date::sys_days{*remedy.done_on} > date::sys_days{remedy.due} ? 1 : 0;
    } else if (date::sys_days{remedy.due} < date::sys_days{scope.as_of}) {
      ++r.overdue;
    }
    r.pence += remedy.pence;
  });
  remedies.each([&](std::size_t p, std::size_t k, RemedyRow r) {
    r.period = p;
    r.kind = std::string(k_remedy_kinds[k]);
    out.remedies.push_back(std::move(r));
  });
  return out;
}

std::vector<LearningRow>
compute_learning(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  std::vector<LearningRow> rows;
  detail::each_learning(db, buckets.shown_span(), [&](detail::Learning& l) {
    const auto p = buckets.find_shown(l.recorded_day);
    if (!p) {
      return;
    }
    LearningRow r;
    r.period = *p;
    r.recorded_on = l.recorded_on;
    r.service = std::move(l.service);
    r.problem = std::move(l.problem);
    r.improvement = std::move(l.improvement);
    r.action = std::move(l.action);
    r.due = l.due;
    r.done_on = l.done_on;
    if (on_or_before(r.done_on, scope.as_of)) {
      r.status = "done";
    } else if (r.due && date::sys_days{*r.due} < date::sys_days{scope.as_of}) {
      r.status = "overdue";
    } else {
      r.status = "open";
    }
    rows.push_back(std::move(r));
  });
  // By period, then service (no service last), keeping the order recorded within a service.
  std::stable_sort(rows.begin(), rows.end(), [](const LearningRow& a, const LearningRow& b) {
    return std::tuple(a.period, a.service ? 0 : 1, a.service.value_or("")) <
           std::tuple(b.period, b.service ? 0 : 1, b.service.value_or(""));
  });
  return rows;
}

std::vector<SatisfactionRow>
compute_satisfaction(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  auto rows = report::rows_per_period<SatisfactionRow>(scope);
  detail::count_surveys(db, buckets.shown_span(), format_date(scope.as_of),
                        [&](const detail::SurveyCount& s) {
                          const auto p = buckets.find_shown(s.sent_day);
                          if (!p) {
                            return;
                          }
                          auto& r = rows[*p];
                          r.sent += s.count;
                          if (!s.returned) {
                            return;
                          }
                          r.returned += s.count;
                          if (s.satisfied) {
                            (*s.satisfied ? r.satisfied : r.dissatisfied) += s.count;
                          }
                          if (s.stars && *s.stars >= 1 && *s.stars <= 5) {
                            r.stars[static_cast<std::size_t>(*s.stars - 1)] += s.count;
                          }
                        });
  return rows;
}

std::vector<DataQualityRow>
compute_data_quality(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                     const ReportScope& scope, int inactive_days)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  return report::data_quality_from(db, calendar, policy, scope, inactive_days,
                                   detail::count_received_by_day(db, buckets.shown_span()),
                                   nullptr);
}

namespace report {

std::vector<DataQualityRow>
data_quality_from(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                  const ReportScope& scope, int inactive_days, const std::vector<DayCounts>& days,
                  const std::vector<ReclassificationRow>* reclassified)
{
  const Buckets buckets(scope);
  auto rows = rows_per_period<DataQualityRow>(scope);
  for (const auto& day : days) {
    if (const auto p = buckets.find_shown(day.day)) {
      rows[*p].received += day.received;
      rows[*p].no_service += day.no_service;
    }
  }

  // Unclassified at the end of each period: received by then, not closed by then, and either
  // unclassified still or classified only after it (the audit trail says when).
  std::vector<std::string> ends;
  for (const auto& p : scope.periods) {
    ends.push_back(format_date(p.to));
  }
  auto count_unclassified = [&](const detail::UnclassifiedCase& c) {
    for (std::size_t p = 0; p < rows.size(); ++p) {
      const std::string_view end = ends[p];
      if (c.received <= end && (!c.closed_on || *c.closed_on > end) &&
          (!c.classified_on || *c.classified_on > end)) {
        ++rows[p].unclassified_at_end;
      }
    }
  };
  detail::each_unclassified_case(db, ends.back(), count_unclassified);
  detail::each_classified_after(db, ends.front(), ends.back(), count_unclassified);

  const int sponsor_days = static_cast<int>(policy.setting("sponsor_update_days", 5));
  detail::each_open_case(db, buckets.shown_span(), [&](const detail::OpenCase& c) {
    const auto p = buckets.find_shown(c.received_day);
    if (!p) {
      return;
    }
    if (calendar.working_days_between(c.last_activity, scope.as_of) >= inactive_days) {
      ++rows[*p].open_inactive;
    }
    // The same rule as the nightly reminder: an open sponsored case is due an update
    // sponsor_update_days working days after the last one (or after receipt).
    if (c.open && c.sponsored && sponsor_days > 0) {
      const Date due = calendar.add_working_days(
          c.sponsor_updated ? *c.sponsor_updated : c.received, sponsor_days);
      if (date::sys_days{due} <= date::sys_days{scope.as_of}) {
        ++rows[*p].sponsor_not_updated;
      }
    }
  });
  if (reclassified != nullptr) {
    for (const auto& r : *reclassified) {
      if (r.from_type == "service-request" && r.to_type == "complaint") {
        rows[r.period].filed_as_service_request += r.count;
      }
    }
    return rows;
  }
  detail::count_filed_as_service_request(db, buckets.shown_span(),
                                         [&](const detail::DayCount& row) {
                                           if (const auto p = buckets.find_shown(row.day)) {
                                             rows[*p].filed_as_service_request += row.count;
                                           }
                                         });
  return rows;
}

std::vector<ReportSection>
ombudsman_sections(const Ombudsman& ombudsman, const ReportScope& scope)
{
  std::vector<ReportSection> out;
  out.push_back(period_section(
      {"ombudsman_summary", "The Ombudsman: cases and decisions",
       "Opened: cases the Ombudsman took up in the period. Decided: decisions made in the "
       "period; upheld % of those."},
      scope,
      {count_column("opened", "opened"), count_column("decided", "decided"),
       count_column("upheld", "upheld"), percent_column("upheld_pct", "upheld %")},
      ombudsman.summary, [](const OmbudsmanSummaryRow& r) {
        return std::array{Value::of(r.opened), Value::of(r.decided), Value::of(r.upheld),
                          Value::of(percentage(r.upheld, r.decided))};
      }));
  out.push_back(period_section(
      {"ombudsman_decisions", "Ombudsman decisions, by service and kind",
       "Decisions made in each period."},
      scope,
      {text_column("service", "service", "(no service)"), text_column("decision", "decision"),
       count_column("count", "count")},
      ombudsman.decisions, [](const OmbudsmanDecisionRow& r) {
        return std::array{Value::of(r.service), Value::of(r.decision), Value::of(r.count)};
      }));
  out.push_back(period_section(
      {"ombudsman_remedies", "Remedies agreed after the Ombudsman's decisions",
       fmt::format("Remedies agreed in each period; done, done late (after the due date) "
                   "and overdue (not done, past due) as of {}. Payments in pounds.",
                   format_date(scope.as_of))},
      scope,
      {text_column("kind", "remedy"), count_column("agreed", "agreed"),
       count_column("done", "done"), count_column("done_late", "done late"),
       count_column("overdue", "overdue"), column(ColumnKind::pounds, "payments", "payments")},
      ombudsman.remedies, [](const RemedyRow& r) {
        return std::array{Value::of(r.kind),    Value::of(r.agreed),
                          Value::of(r.done),    Value::of(r.done_late),
                          Value::of(r.overdue), r.kind == "payment" ? Value::of(r.pence) : Value{}};
      }));
  return out;
}

ReportSection
learning_section(const std::vector<LearningRow>& rows, const ReportScope& scope)
{
  auto date_value = [](const std::optional<Date>& d) {
    return d ? Value::of(format_date(*d)) : Value{};
  };
  return period_section(
      {"learning", "Learning from complaints: problem, improvement, action",
       fmt::format("Learning recorded in each period, by service; status as of {}.",
                   format_date(scope.as_of))},
      scope,
      {text_column("service", "service", "(no service)"), text_column("recorded_on", "recorded"),
       text_column("problem", "problem"), text_column("improvement", "improvement"),
       text_column("action", "action", ""), text_column("due", "due", ""),
       text_column("done_on", "done", ""), text_column("status", "status")},
      rows, [&](const LearningRow& r) {
        return std::array{Value::of(r.service),  Value::of(format_date(r.recorded_on)),
                          Value::of(r.problem),  Value::of(r.improvement),
                          Value::of(r.action),   date_value(r.due),
                          date_value(r.done_on), Value::of(r.status)};
      });
}

ReportSection
satisfaction_section(const std::vector<SatisfactionRow>& rows, const ReportScope& scope)
{
  std::vector<Column> columns{count_column("sent", "sent"),
                              count_column("returned", "returned"),
                              percent_column("returned_pct", "returned %"),
                              count_column("satisfied", "satisfied"),
                              count_column("dissatisfied", "dissatisfied"),
                              percent_column("satisfied_pct", "satisfied %"),
                              count_column("rated", "rated")};
  for (int star = 1; star <= 5; ++star) {
    columns.push_back(count_column(fmt::format("stars_{}", star),
                                   fmt::format("{} star{}", star, star == 1 ? "" : "s")));
  }
  columns.push_back(column(ColumnKind::decimal, "average_stars", "average stars"));
  return period_section(
      {"satisfaction", "Satisfaction surveys",
       fmt::format("Surveys sent in each period and those returned by {}; satisfied % of "
                   "the returned surveys that answered; stars: how many gave each rating.",
                   format_date(scope.as_of))},
      scope, std::move(columns), rows, [](const SatisfactionRow& r) {
        std::int64_t rated = 0;
        std::int64_t star_sum = 0;
        for (std::size_t i = 0; i < r.stars.size(); ++i) {
          rated += r.stars[i];
          star_sum += r.stars[i] * static_cast<std::int64_t>(i + 1);
        }
        std::vector<Value> values{Value::of(r.sent),
                                  Value::of(r.returned),
                                  Value::of(percentage(r.returned, r.sent)),
                                  Value::of(r.satisfied),
                                  Value::of(r.dissatisfied),
                                  Value::of(percentage(r.satisfied, r.satisfied + r.dissatisfied)),
                                  Value::of(rated)};
        for (const auto n : r.stars) {
          values.push_back(Value::of(n));
        }
        values.push_back(Value::of(average(star_sum, rated)));
        return values;
      });
}

ReportSection
data_quality_section(const std::vector<DataQualityRow>& rows, const ReportScope& scope,
                     int inactive_days)
{
  return period_section(
      {"data_quality", "Data quality",
       fmt::format(
           "Unclassified at end: cases received by the end of the period and still unclassified "
           "then. Of the cases received in the period: no service (not counting redirected ones); "
           "open and inactive (not closed, no activity for {} working days as of {}); sponsored "
           "and open with the sponsor not updated as the policy requires. Filed as service "
           "request: reclassified from service request to complaint in the period.",
           inactive_days, format_date(scope.as_of))},
      scope,
      {count_column("received", "received"),
       count_column("unclassified_at_end", "unclassified at end"),
       count_column("no_service", "no service"), count_column("open_inactive", "open, inactive"),
       count_column("sponsor_not_updated", "sponsor not updated"),
       count_column("filed_as_service_request", "filed as service request")},
      rows, [](const DataQualityRow& r) {
        return std::array{Value::of(r.received),
                          Value::of(r.unclassified_at_end),
                          Value::of(r.no_service),
                          Value::of(r.open_inactive),
                          Value::of(r.sponsor_not_updated),
                          Value::of(r.filed_as_service_request)};
      });
}

} // namespace report

} // namespace feedback
