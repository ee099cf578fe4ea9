// SPDX-License-Identifier: MIT
// The Ombudsman, learning, satisfaction and data-quality reports.
#include "reports/report_internal.hpp"

#include <feedback/escalation/escalation.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace feedback {

namespace {

using report::Catalogue;
using report::Facet;
using report::FacetValues;
using report::Grouping;
using report::Groups;
using report::k_before;
using report::position;
using report::rank_in;
using report::Slices;

bool
on_or_before(const std::optional<Date>& d, Date limit)
{
  return d && date::sys_days{*d} <= date::sys_days{limit};
}

} // namespace

namespace report {

Ombudsman
ombudsman_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
             const Slices& slices, const std::vector<Dimension>& by, const ReportFilter& filter)
{
  const auto where = catalogue.conditions(filter);
  const auto periods = scope.periods.size();
  Ombudsman out;
  out.by = by;

  // The summary: one row a period, or a row for each group seen.
  const Grouping summary_grouping(catalogue, by);
  out.summary_columns = summary_grouping.columns();
  Groups<OmbudsmanSummaryRow> summary(summary_grouping, periods);
  if (by.empty()) {
    summary.add_key({});
  }
  detail::each_ombudsman_opened(
      db, slices.shown_span(), {summary_grouping.facets(), where},
      [&](const detail::OmbudsmanOpened& row) {
        const auto slice = slices.find(row.day);
        if (slice && slices.bucket(*slice) != k_before) {
          ++summary.at(summary_grouping.key(row.facets, slices, *slice), slices.bucket(*slice))
                .opened;
        }
      });

  // Decisions by service (or `by`) and decision, the decisions in their order.
  const Grouping decision_grouping(catalogue, by.empty() ? std::vector{Dimension::service} : by);
  out.decision_columns = decision_grouping.columns();
  Groups<std::int64_t> decisions(
      decision_grouping, periods,
      [](const std::optional<std::string>& d) { return rank_in(k_ombudsman_decisions, d); });
  auto facets = decision_grouping.facets();
  for (const auto f : summary_grouping.facets()) {
    facets.push_back(f);
  }
  auto decision_reading = decision_grouping;
  decision_reading.read_from(facets);
  auto summary_reading = summary_grouping;
  summary_reading.read_from(facets);
  detail::each_ombudsman_decision(
      db, slices.shown_span(), {facets, where}, [&](const detail::OmbudsmanDecision& row) {
        const auto slice = slices.find(row.day);
        if (!slice || slices.bucket(*slice) == k_before) {
          return;
        }
        const auto p = slices.bucket(*slice);
        auto key = decision_reading.key(row.facets, slices, *slice);
        key.emplace_back(std::string(row.decision));
        ++decisions.at(key, p);
        auto& sum = summary.at(summary_reading.key(row.facets, slices, *slice), p);
        ++sum.decided;
        sum.upheld += row.decision == "upheld" ? 1 : 0;
      });
  out.summary = std::move(summary).by_period();
  const auto decision_rows = std::move(decisions).rows();
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& g : decision_rows) {
      GroupKey key(g.key.begin(), g.key.end() - 1);
      out.decisions.push_back({p, std::move(key), g.key.back().value_or(""), g.periods[p]});
    }
  }

  // Every kind of remedy (by its place in k_remedy_kinds) in every period.
  std::vector<std::vector<RemedyRow>> remedies(periods,
                                               std::vector<RemedyRow>(std::size(k_remedy_kinds)));
  detail::each_remedy(db, slices.shown_span(), where, [&](const detail::Remedy& remedy) {
    const auto slice = slices.find(remedy.agreed_day);
    const auto kind = position(k_remedy_kinds, remedy.kind);
    if (!slice || slices.bucket(*slice) == k_before || kind == std::size(k_remedy_kinds)) {
      return;
    }
    auto& r = remedies[slices.bucket(*slice)][kind];
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
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t k = 0; k < std::size(k_remedy_kinds); ++k) {
      auto r = remedies[p][k];
      r.period = p;
      r.kind = std::string(k_remedy_kinds[k]);
      out.remedies.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<LearningRow>
learning_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
            const Slices& slices, const ReportFilter& filter)
{
  std::vector<LearningRow> rows;
  detail::each_learning(
      db, slices.shown_span(), catalogue.conditions(filter), [&](detail::Learning& l) {
        const auto slice = slices.find(l.recorded_day);
        if (!slice || slices.bucket(*slice) == k_before) {
          return;
        }
        LearningRow r;
        r.period = slices.bucket(*slice);
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
satisfaction_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
                const Slices& slices, const std::vector<Dimension>& by, const ReportFilter& filter)
{
  const Grouping grouping(catalogue, by);
  Groups<SatisfactionRow> groups(grouping, scope.periods.size());
  if (by.empty()) {
    groups.add_key({});
  }
  detail::count_surveys(
      db, slices.shown_span(), format_date(scope.as_of),
      {grouping.facets(), catalogue.conditions(filter)}, [&](const detail::SurveyCount& s) {
        const auto slice = slices.find(s.sent_day);
        if (!slice || slices.bucket(*slice) == k_before) {
          return;
        }
        auto& r = groups.at(grouping.key(s.facets, slices, *slice), slices.bucket(*slice));
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
  return std::move(groups).by_period();
}

std::vector<DataQualityRow>
data_quality_of(Database& db, const WorkingCalendar& calendar, const Catalogue& catalogue,
                const ReportScope& scope, const Slices& slices, int inactive_days,
                const ReportFilter& filter, const ReceivedTally* received,
                const std::vector<ReclassificationRow>* reclassified)
{
  const auto where = catalogue.conditions(filter);
  const auto& policy = catalogue.policy();
  auto rows = rows_per_period<DataQualityRow>(scope);
  std::optional<ReceivedTally> own;
  if (received == nullptr) {
    own = tally_received(db, slices, {{}, where});
    received = &*own;
  }
  received->each([&](std::size_t slice, const FacetValues&, const ReceivedTally::Figures& f) {
    if (const auto p = slices.bucket(slice); p != k_before) {
      rows[p].received += f[0];
      rows[p].no_service += f[2];
    }
  });

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
  // The type a case has now says nothing of what it was at the end of a period: these select
  // by the other filters only.
  auto unclassified_where = where;
  unclassified_where.types.reset();
  detail::each_unclassified_case(db, ends.back(), unclassified_where, count_unclassified);
  detail::each_classified_after(db, ends.front(), ends.back(), unclassified_where,
                                count_unclassified);

  const int sponsor_days = static_cast<int>(policy.setting("sponsor_update_days", 5));
  detail::each_open_case(db, slices.shown_span(), where, [&](const detail::OpenInSpan& c) {
    const auto slice = slices.find(c.received_day);
    if (!slice || slices.bucket(*slice) == k_before) {
      return;
    }
    auto& r = rows[slices.bucket(*slice)];
    if (calendar.working_days_between(c.last_activity, scope.as_of) >= inactive_days) {
      ++r.open_inactive;
    }
    // The same rule as the nightly reminder: an open sponsored case is due an update
    // sponsor_update_days working days after the last one (or after receipt).
    if (c.open && c.sponsored && sponsor_days > 0) {
      const Date due = calendar.add_working_days(
          c.sponsor_updated ? *c.sponsor_updated : c.received, sponsor_days);
      if (date::sys_days{due} <= date::sys_days{scope.as_of}) {
        ++r.sponsor_not_updated;
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
  detail::count_filed_as_service_request(
      db, slices.shown_span(), where, [&](const detail::DayCount& row) {
        const auto slice = slices.find(row.day);
        if (slice && slices.bucket(*slice) != k_before) {
          rows[slices.bucket(*slice)].filed_as_service_request += row.count;
        }
      });
  return rows;
}

} // namespace report

Ombudsman
compute_ombudsman(Database& db, const Policy& policy, const ReportScope& scope,
                  const std::vector<Dimension>& by, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  return report::ombudsman_of(db, catalogue, scope, Slices(scope), by, filter);
}

std::vector<LearningRow>
compute_learning(Database& db, const Policy& policy, const ReportScope& scope,
                 const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  return report::learning_of(db, catalogue, scope, Slices(scope), filter);
}

std::vector<SatisfactionRow>
compute_satisfaction(Database& db, const Policy& policy, const ReportScope& scope,
                     const std::vector<Dimension>& by, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  return report::satisfaction_of(db, catalogue, scope, Slices(scope), by, filter);
}

std::vector<DataQualityRow>
compute_data_quality(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                     const ReportScope& scope, int inactive_days, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  return report::data_quality_of(db, calendar, catalogue, scope, Slices(scope), inactive_days,
                                 filter, nullptr, nullptr);
}

namespace report {

std::vector<ReportSection>
ombudsman_sections(const Ombudsman& ombudsman, const ReportScope& scope)
{
  std::vector<ReportSection> out;
  auto summary_columns = key_column_list(ombudsman.summary_columns);
  for (auto& c : std::vector<Column>{
           count_column("opened", "opened"), count_column("decided", "decided"),
           count_column("upheld", "upheld"), percent_column("upheld_pct", "upheld %")}) {
    summary_columns.push_back(std::move(c));
  }
  out.push_back(period_section(
      {"ombudsman_summary", "The Ombudsman: cases and decisions",
       "Opened: cases the Ombudsman took up in the period. Decided: decisions made in the "
       "period; upheld % of those."},
      scope, std::move(summary_columns), ombudsman.summary, [&](const OmbudsmanSummaryRow& r) {
        std::vector<Value> v;
        add_key_values(v, ombudsman.summary_columns, r.key);
        for (auto& x : std::array{Value::of(r.opened), Value::of(r.decided), Value::of(r.upheld),
                                  Value::of(percentage(r.upheld, r.decided))}) {
          v.push_back(std::move(x));
        }
        return v;
      }));
  const bool by_service = ombudsman.by.empty();
  auto decision_columns = key_column_list(ombudsman.decision_columns);
  if (by_service) {
    decision_columns = {text_column("service", "service", "(no service)")};
  }
  decision_columns.push_back(text_column("decision", "decision"));
  decision_columns.push_back(count_column("count", "count"));
  std::vector<std::string> words;
  for (const auto d : ombudsman.by) {
    words.emplace_back(dimension_name(d));
  }
  out.push_back(period_section(
      {"ombudsman_decisions",
       by_service ? std::string("Ombudsman decisions, by service and kind")
                  : fmt::format("Ombudsman decisions, by {} and kind", fmt::join(words, " and ")),
       "Decisions made in each period."},
      scope, std::move(decision_columns), ombudsman.decisions, [&](const OmbudsmanDecisionRow& r) {
        std::vector<Value> v;
        add_key_values(v, ombudsman.decision_columns, r.key);
        v.push_back(Value::of(r.decision));
        v.push_back(Value::of(r.count));
        return v;
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
satisfaction_section(const std::vector<SatisfactionRow>& rows,
                     const std::vector<std::string>& key_columns, const ReportScope& scope)
{
  auto columns = key_column_list(key_columns);
  for (auto& c : std::vector<Column>{
           count_column("sent", "sent"), count_column("returned", "returned"),
           percent_column("returned_pct", "returned %"), count_column("satisfied", "satisfied"),
           count_column("dissatisfied", "dissatisfied"),
           percent_column("satisfied_pct", "satisfied %"), count_column("rated", "rated")}) {
    columns.push_back(std::move(c));
  }
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
      scope, std::move(columns), rows, [&](const SatisfactionRow& r) {
        std::int64_t rated = 0;
        std::int64_t star_sum = 0;
        for (std::size_t i = 0; i < r.stars.size(); ++i) {
          rated += r.stars[i];
          star_sum += r.stars[i] * static_cast<std::int64_t>(i + 1);
        }
        std::vector<Value> values;
        add_key_values(values, key_columns, r.key);
        for (auto& v :
             std::vector<Value>{Value::of(r.sent), Value::of(r.returned),
                                Value::of(percentage(r.returned, r.sent)), Value::of(r.satisfied),
                                Value::of(r.dissatisfied),
                                Value::of(percentage(r.satisfied, r.satisfied + r.dissatisfied)),
                                Value::of(rated)}) {
          values.push_back(std::move(v));
        }
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
