// SPDX-License-Identifier: MIT
// The Ombudsman, learning, satisfaction and data-quality reports.
#include "reports/report_internal.hpp"

#include <feedback/escalation/escalation.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace feedback {

namespace {

using report::Buckets;
using report::k_before;

bool
on_or_before(const std::optional<Date>& d, Date limit)
{
  return d && date::sys_days{*d} <= date::sys_days{limit};
}

std::size_t
decision_rank(std::string_view decision)
{
  const auto* it =
      std::find(std::begin(k_ombudsman_decisions), std::end(k_ombudsman_decisions), decision);
  return static_cast<std::size_t>(it - std::begin(k_ombudsman_decisions));
}

} // namespace

Ombudsman
compute_ombudsman(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  const auto periods = scope.periods.size();
  Ombudsman out;
  out.summary.resize(periods);
  for (std::size_t p = 0; p < periods; ++p) {
    out.summary[p].period = p;
  }
  {
    Statement st(db, "SELECT opened_on, count(*) FROM ombudsman_case "
                     "WHERE opened_on BETWEEN ?1 AND ?2 GROUP BY opened_on");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      if (const auto p = buckets.find(st.column_view(0)); p && *p != k_before) {
        out.summary[*p].opened += st.column_int64(1);
      }
    }
  }
  // (no service last, service, decision order) -> counts per period
  std::map<std::tuple<int, std::string, std::size_t>, std::vector<std::int64_t>> decisions;
  std::map<std::tuple<int, std::string, std::size_t>,
           std::pair<std::optional<std::string>, std::string>>
      names;
  {
    Statement st(db, "SELECT o.decided_on, o.decision, c.service, count(*) FROM ombudsman_case o "
                     "JOIN case_record c ON c.id = o.case_id "
                     "WHERE o.decided_on BETWEEN ?1 AND ?2 AND o.decision IS NOT NULL "
                     "GROUP BY o.decided_on, o.decision, c.service");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      const auto p = buckets.find(st.column_view(0));
      if (!p || *p == k_before) {
        continue;
      }
      const std::string decision(st.column_view(1));
      const auto service = st.column_text(2);
      const auto n = st.column_int64(3);
      const auto key = std::tuple(service ? 0 : 1, service.value_or(""), decision_rank(decision));
      auto& counts = decisions[key];
      counts.resize(periods, 0);
      counts[*p] += n;
      names.try_emplace(key, service, decision);
      out.summary[*p].decided += n;
      out.summary[*p].upheld += decision == "upheld" ? n : 0;
    }
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& [key, counts] : decisions) {
      const auto& [service, decision] = names.at(key);
      out.decisions.push_back({p, service, decision, counts[p]});
    }
  }

  std::vector<std::vector<RemedyRow>> remedies(periods);
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto kind : k_remedy_kinds) {
      remedies[p].push_back({p, std::string(kind), 0, 0, 0, 0, 0});
    }
  }
  {
    Statement st(db, "SELECT agreed_on, kind, due, done_on, amount_pence FROM remedy "
                     "WHERE agreed_on BETWEEN ?1 AND ?2");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      const auto p = buckets.find(st.column_view(0));
      if (!p || *p == k_before) {
        continue;
      }
      const std::string kind(st.column_view(1));
      const auto* it = std::find(std::begin(k_remedy_kinds), std::end(k_remedy_kinds), kind);
      if (it == std::end(k_remedy_kinds)) {
        continue;
      }
      auto& r = remedies[*p][static_cast<std::size_t>(it - std::begin(k_remedy_kinds))];
      const Date due = report::stored_date(st.column_view(2), "remedy.due");
      const auto done_on = report::stored_optional_date(st, 3, "remedy.done_on");
      ++r.agreed;
      // Done and overdue as they stood on as_of, which may be a day in the past.
      if (on_or_before(done_on, scope.as_of)) {
        ++r.done;
        r.done_late += date::sys_days{*done_on} > date::sys_days{due} ? 1 : 0;
      } else if (date::sys_days{due} < date::sys_days{scope.as_of}) {
        ++r.overdue;
      }
      r.pence += st.column_is_null(4) ? 0 : st.column_int64(4);
    }
  }
  for (auto& rows : remedies) {
    for (auto& r : rows) {
      out.remedies.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<LearningRow>
compute_learning(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  Statement st(db, "SELECT l.recorded_on, c.service, l.problem, l.improvement, l.action, l.due, "
                   "l.done_on FROM learning l JOIN case_record c ON c.id = l.case_id "
                   "WHERE l.recorded_on BETWEEN ?1 AND ?2 ORDER BY l.recorded_on, l.id");
  st.bind(1, buckets.shown_from()).bind(2, buckets.to());
  std::vector<LearningRow> rows;
  while (st.step()) {
    const auto p = buckets.find(st.column_view(0));
    if (!p || *p == k_before) {
      continue;
    }
    LearningRow r;
    r.period = *p;
    r.recorded_on = report::stored_date(st.column_view(0), "learning.recorded_on");
    r.service = st.column_text(1);
    r.problem = st.column_text(2).value_or("");
    r.improvement = st.column_text(3).value_or("");
    r.action = st.column_text(4);
    r.due = report::stored_optional_date(st, 5, "learning.due");
    r.done_on = report::stored_optional_date(st, 6, "learning.done_on");
    if (on_or_before(r.done_on, scope.as_of)) {
      r.status = "done";
    } else if (r.due && date::sys_days{*r.due} < date::sys_days{scope.as_of}) {
      r.status = "overdue";
    } else {
      r.status = "open";
    }
    rows.push_back(std::move(r));
  }
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
  std::vector<SatisfactionRow> rows(scope.periods.size());
  for (std::size_t p = 0; p < rows.size(); ++p) {
    rows[p].period = p;
  }
  // A survey counts in the period it was sent; its response counts if it came back by as_of.
  Statement st(db, "SELECT sent_on, returned_on IS NOT NULL AND returned_on <= ?3, satisfied, "
                   "stars, count(*) FROM survey WHERE sent_on BETWEEN ?1 AND ?2 "
                   "GROUP BY 1, 2, 3, 4");
  st.bind(1, buckets.shown_from()).bind(2, buckets.to()).bind(3, format_date(scope.as_of));
  while (st.step()) {
    const auto p = buckets.find(st.column_view(0));
    if (!p || *p == k_before) {
      continue;
    }
    auto& r = rows[*p];
    const auto n = st.column_int64(4);
    r.sent += n;
    if (st.column_int(1) == 0) {
      continue;
    }
    r.returned += n;
    if (!st.column_is_null(2)) {
      (st.column_int(2) != 0 ? r.satisfied : r.dissatisfied) += n;
    }
    if (!st.column_is_null(3)) {
      const int stars = st.column_int(3);
      if (stars >= 1 && stars <= 5) {
        r.stars[static_cast<std::size_t>(stars - 1)] += n;
      }
    }
  }
  return rows;
}

std::vector<DataQualityRow>
compute_data_quality(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                     const ReportScope& scope, int inactive_days)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  return report::data_quality_from(db, calendar, policy, scope, inactive_days,
                                   report::load_day_counts(db, buckets.shown_from(), buckets.to()),
                                   nullptr);
}

namespace report {

std::vector<DataQualityRow>
data_quality_from(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                  const ReportScope& scope, int inactive_days, const std::vector<DayCounts>& days,
                  const std::vector<ReclassificationRow>* reclassified)
{
  const Buckets buckets(scope);
  const auto periods = scope.periods.size();
  std::vector<DataQualityRow> rows(periods);
  for (std::size_t p = 0; p < periods; ++p) {
    rows[p].period = p;
  }
  for (const auto& day : days) {
    if (const auto p = buckets.find(day.day); p && *p != k_before) {
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
  auto count_unclassified = [&](std::string_view received, std::optional<std::string_view> closed,
                                std::optional<std::string_view> classified) {
    for (std::size_t p = 0; p < periods; ++p) {
      const std::string_view end = ends[p];
      if (received <= end && (!closed || *closed > end) && (!classified || *classified > end)) {
        ++rows[p].unclassified_at_end;
      }
    }
  };
  {
    Statement st(db, "SELECT received, closed_on FROM case_record "
                     "WHERE type IS NULL AND received <= ?1");
    st.bind(1, ends.back());
    while (st.step()) {
      const auto closed = st.column_text(1);
      count_unclassified(st.column_view(0),
                         closed ? std::optional<std::string_view>(*closed) : std::nullopt,
                         std::nullopt);
    }
  }
  {
    Statement st(db, "SELECT c.received, c.closed_on, min(e.on_date) FROM case_event e "
                     "JOIN case_record c ON c.id = e.case_id "
                     "WHERE e.kind = 'classified' AND e.from_value = 'unclassified' "
                     "AND e.on_date > ?1 AND c.received <= ?2 AND c.type IS NOT NULL "
                     "GROUP BY c.id");
    st.bind(1, ends.front()).bind(2, ends.back());
    while (st.step()) {
      const auto closed = st.column_text(1);
      const auto classified = std::string(st.column_view(2));
      count_unclassified(st.column_view(0),
                         closed ? std::optional<std::string_view>(*closed) : std::nullopt,
                         std::optional<std::string_view>(classified));
    }
  }

  const int sponsor_days = static_cast<int>(policy.setting("sponsor_update_days", 5));
  {
    // "+received": not by the received index, whose range holds every case of the periods,
    // but by case_open, which holds only the cases not closed (a tenth of them or so).
    Statement st(db, "SELECT received, last_activity, status, sponsor, sponsor_updated "
                     "FROM case_record WHERE status <> 'closed' AND +received BETWEEN ?1 AND ?2");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      const auto p = buckets.find(st.column_view(0));
      if (!p || *p == k_before) {
        continue;
      }
      const Date received = report::stored_date(st.column_view(0), "case_record.received");
      const Date last = report::stored_date(st.column_view(1), "case_record.last_activity");
      if (calendar.working_days_between(last, scope.as_of) >= inactive_days) {
        ++rows[*p].open_inactive;
      }
      // The same rule as the nightly reminder: an open sponsored case is due an update
      // sponsor_update_days working days after the last one (or after receipt).
      if (st.column_view(2) == "open" && !st.column_is_null(3) && sponsor_days > 0) {
        const auto updated = report::stored_optional_date(st, 4, "case_record.sponsor_updated");
        const Date due = calendar.add_working_days(updated ? *updated : received, sponsor_days);
        if (date::sys_days{due} <= date::sys_days{scope.as_of}) {
          ++rows[*p].sponsor_not_updated;
        }
      }
    }
  }
  if (reclassified != nullptr) {
    for (const auto& r : *reclassified) {
      if (r.from_type == "service-request" && r.to_type == "complaint") {
        rows[r.period].filed_as_service_request += r.count;
      }
    }
    return rows;
  }
  Statement st(db, "SELECT on_date, count(*) FROM case_event WHERE kind = 'reclassified' "
                   "AND from_value = 'service-request' AND to_value = 'complaint' "
                   "AND on_date BETWEEN ?1 AND ?2 GROUP BY on_date");
  st.bind(1, buckets.shown_from()).bind(2, buckets.to());
  while (st.step()) {
    if (const auto p = buckets.find(st.column_view(0)); p && *p != k_before) {
      rows[*p].filed_as_service_request += st.column_int64(1);
    }
  }
  return rows;
}

std::vector<ReportSection>
ombudsman_sections(const Ombudsman& ombudsman, const ReportScope& scope)
{
  std::vector<ReportSection> out;
  {
    ReportSection s;
    s.name = "ombudsman_summary";
    s.title = "The Ombudsman: cases and decisions";
    s.note = "Opened: cases the Ombudsman took up in the period. Decided: decisions made in the "
             "period; upheld % of those.";
    s.columns = period_columns();
    s.columns.push_back(count_column("opened", "opened"));
    s.columns.push_back(count_column("decided", "decided"));
    s.columns.push_back(count_column("upheld", "upheld"));
    s.columns.push_back(percent_column("upheld_pct", "upheld %"));
    for (const auto& r : ombudsman.summary) {
      auto row = period_values(scope.periods[r.period]);
      row.push_back(Value::of(r.opened));
      row.push_back(Value::of(r.decided));
      row.push_back(Value::of(r.upheld));
      row.push_back(Value::of(percentage(r.upheld, r.decided)));
      s.rows.push_back(std::move(row));
    }
    out.push_back(std::move(s));
  }
  {
    ReportSection s;
    s.name = "ombudsman_decisions";
    s.title = "Ombudsman decisions, by service and kind";
    s.note = "Decisions made in each period.";
    s.columns = period_columns();
    s.columns.push_back(text_column("service", "service", "(no service)"));
    s.columns.push_back(text_column("decision", "decision"));
    s.columns.push_back(count_column("count", "count"));
    for (const auto& r : ombudsman.decisions) {
      auto row = period_values(scope.periods[r.period]);
      row.push_back(Value::of(r.service));
      row.push_back(Value::of(r.decision));
      row.push_back(Value::of(r.count));
      s.rows.push_back(std::move(row));
    }
    out.push_back(std::move(s));
  }
  {
    ReportSection s;
    s.name = "ombudsman_remedies";
    s.title = "Remedies agreed after the Ombudsman's decisions";
    s.note = fmt::format("Remedies agreed in each period; done, done late (after the due date) "
                         "and overdue (not done, past due) as of {}. Payments in pounds.",
                         format_date(scope.as_of));
    s.columns = period_columns();
    s.columns.push_back(text_column("kind", "remedy"));
    s.columns.push_back(count_column("agreed", "agreed"));
    s.columns.push_back(count_column("done", "done"));
    s.columns.push_back(count_column("done_late", "done late"));
    s.columns.push_back(count_column("overdue", "overdue"));
    s.columns.push_back(pounds_column("payments", "payments"));
    for (const auto& r : ombudsman.remedies) {
      auto row = period_values(scope.periods[r.period]);
      row.push_back(Value::of(r.kind));
      row.push_back(Value::of(r.agreed));
      row.push_back(Value::of(r.done));
      row.push_back(Value::of(r.done_late));
      row.push_back(Value::of(r.overdue));
      row.push_back(r.kind == "payment" ? Value::of(r.pence) : Value{});
      s.rows.push_back(std::move(row));
    }
    out.push_back(std::move(s));
  }
  return out;
}

ReportSection
learning_section(const std::vector<LearningRow>& rows, const ReportScope& scope)
{
  ReportSection s;
  s.name = "learning";
  s.title = "Learning from complaints: problem, improvement, action";
  s.note = fmt::format("Learning recorded in each period, by service; status as of {}.",
                       format_date(scope.as_of));
  s.columns = period_columns();
  s.columns.push_back(text_column("service", "service", "(no service)"));
  s.columns.push_back(text_column("recorded_on", "recorded"));
  s.columns.push_back(text_column("problem", "problem"));
  s.columns.push_back(text_column("improvement", "improvement"));
  s.columns.push_back(text_column("action", "action", ""));
  s.columns.push_back(text_column("due", "due", ""));
  s.columns.push_back(text_column("done_on", "done", ""));
  s.columns.push_back(text_column("status", "status"));
  auto date_value = [](const std::optional<Date>& d) {
    return d ? Value::of(format_date(*d)) : Value{};
  };
  for (const auto& r : rows) {
    auto row = period_values(scope.periods[r.period]);
    row.push_back(Value::of(r.service));
    row.push_back(Value::of(format_date(r.recorded_on)));
    row.push_back(Value::of(r.problem));
    row.push_back(Value::of(r.improvement));
    row.push_back(Value::of(r.action));
    row.push_back(date_value(r.due));
    row.push_back(date_value(r.done_on));
    row.push_back(Value::of(r.status));
    s.rows.push_back(std::move(row));
  }
  return s;
}

ReportSection
satisfaction_section(const std::vector<SatisfactionRow>& rows, const ReportScope& scope)
{
  ReportSection s;
  s.name = "satisfaction";
  s.title = "Satisfaction surveys";
  s.note = fmt::format("Surveys sent in each period and those returned by {}; satisfied % of "
                       "the returned surveys that answered; stars: how many gave each rating.",
                       format_date(scope.as_of));
  s.columns = period_columns();
  s.columns.push_back(count_column("sent", "sent"));
  s.columns.push_back(count_column("returned", "returned"));
  s.columns.push_back(percent_column("returned_pct", "returned %"));
  s.columns.push_back(count_column("satisfied", "satisfied"));
  s.columns.push_back(count_column("dissatisfied", "dissatisfied"));
  s.columns.push_back(percent_column("satisfied_pct", "satisfied %"));
  s.columns.push_back(count_column("rated", "rated"));
  for (int star = 1; star <= 5; ++star) {
    s.columns.push_back(count_column(fmt::format("stars_{}", star),
                                     fmt::format("{} star{}", star, star == 1 ? "" : "s")));
  }
  s.columns.push_back(decimal_column("average_stars", "average stars"));
  for (const auto& r : rows) {
    auto row = period_values(scope.periods[r.period]);
    std::int64_t rated = 0;
    std::int64_t star_sum = 0;
    for (std::size_t i = 0; i < r.stars.size(); ++i) {
      rated += r.stars[i];
      star_sum += r.stars[i] * static_cast<std::int64_t>(i + 1);
    }
    row.push_back(Value::of(r.sent));
    row.push_back(Value::of(r.returned));
    row.push_back(Value::of(percentage(r.returned, r.sent)));
    row.push_back(Value::of(r.satisfied));
    row.push_back(Value::of(r.dissatisfied));
    row.push_back(Value::of(percentage(r.satisfied, r.satisfied + r.dissatisfied)));
    row.push_back(Value::of(rated));
    for (const auto n : r.stars) {
      row.push_back(Value::of(n));
    }
    row.push_back(Value::of(average(star_sum, rated)));
    s.rows.push_back(std::move(row));
  }
  return s;
}

ReportSection
data_quality_section(const std::vector<DataQualityRow>& rows, const ReportScope& scope,
                     int inactive_days)
{
  ReportSection s;
  s.name = "data_quality";
  s.title = "Data quality";
  s.note = fmt::format(
      "Unclassified at end: cases received by the end of the period and still unclassified then. "
      "Of the cases received in the period: no service (not counting redirected ones); open and "
      "inactive (not closed, no activity for {} working days as of {}); sponsored and open with "
      "the sponsor not updated as the policy requires. Filed as service request: reclassified "
      "from service request to complaint in the period.",
      inactive_days, format_date(scope.as_of));
  s.columns = period_columns();
  s.columns.push_back(count_column("received", "received"));
  s.columns.push_back(count_column("unclassified_at_end", "unclassified at end"));
  s.columns.push_back(count_column("no_service", "no service"));
  s.columns.push_back(count_column("open_inactive", "open, inactive"));
  s.columns.push_back(count_column("sponsor_not_updated", "sponsor not updated"));
  s.columns.push_back(count_column("filed_as_service_request", "filed as service request"));
  for (const auto& r : rows) {
    auto row = period_values(scope.periods[r.period]);
    row.push_back(Value::of(r.received));
    row.push_back(Value::of(r.unclassified_at_end));
    row.push_back(Value::of(r.no_service));
    row.push_back(Value::of(r.open_inactive));
    row.push_back(Value::of(r.sponsor_not_updated));
    row.push_back(Value::of(r.filed_as_service_request));
    s.rows.push_back(std::move(row));
  }
  return s;
}

} // namespace report

} // namespace feedback
