// SPDX-License-Identifier: MIT
// The reports made from stage responses: timeliness against the deadlines, the monthly KPI and
// outcomes. Deadlines are not stored, so each stage's are worked out here from its start, its
// timescales, holds and extensions and the calendar (compute_deadlines), as everywhere else.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <span>
#include <tuple>
#include <unordered_map>

namespace feedback {

namespace report {

namespace {

std::size_t
rank(std::span<const std::string_view> words, const std::optional<std::string>& word)
{
  if (!word) {
    return words.size() + 1;
  }
  return static_cast<std::size_t>(std::find(words.begin(), words.end(), *word) - words.begin());
}

std::optional<int>
optional_int(const Statement& st, int column)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return st.column_int(column);
}

} // namespace

std::vector<StageFact>
load_stage_facts(Database& db, const WorkingCalendar& calendar, const Buckets& buckets)
{
  // Holds and extensions move only the response deadline, so only those of stages responded
  // to in the span are read: two queries in all, not two per stage.
  std::unordered_map<std::int64_t, std::vector<Hold>> holds;
  {
    Statement st(db, "SELECT h.stage_id, h.held_on, h.resumed_on FROM case_hold h "
                     "JOIN case_stage s ON s.id = h.stage_id "
                     "WHERE s.responded BETWEEN ?1 AND ?2 ORDER BY h.held_on, h.id");
    st.bind(1, buckets.from()).bind(2, buckets.to());
    while (st.step()) {
      holds[st.column_int64(0)].push_back({stored_date(st.column_view(1), "case_hold.held_on"),
                                           stored_optional_date(st, 2, "case_hold.resumed_on"),
                                           {}});
    }
  }
  std::unordered_map<std::int64_t, std::vector<Extension>> extensions;
  {
    Statement st(db, "SELECT e.stage_id, e.granted_on, e.days FROM case_extension e "
                     "JOIN case_stage s ON s.id = e.stage_id "
                     "WHERE s.responded BETWEEN ?1 AND ?2 ORDER BY e.granted_on, e.id");
    st.bind(1, buckets.from()).bind(2, buckets.to());
    while (st.step()) {
      extensions[st.column_int64(0)].push_back(
          {stored_date(st.column_view(1), "case_extension.granted_on"), st.column_int(2), {}});
    }
  }

  Statement st(db, "SELECT s.id, s.procedure, s.stage, s.started, s.acknowledge_days, "
                   "s.respond_days, s.acknowledged, s.responded, s.outcome, c.type, c.service "
                   "FROM case_stage s JOIN case_record c ON c.id = s.case_id "
                   "WHERE s.responded BETWEEN ?1 AND ?2 OR s.acknowledged BETWEEN ?1 AND ?2");
  st.bind(1, buckets.from()).bind(2, buckets.to());
  std::vector<StageFact> facts;
  StageTimes times;
  while (st.step()) {
    StageFact f;
    f.stage_id = st.column_int64(0);
    f.procedure = st.column_text(1);
    f.stage = optional_int(st, 2);
    times.started = stored_date(st.column_view(3), "case_stage.started");
    times.acknowledge_days = optional_int(st, 4);
    times.respond_days = optional_int(st, 5);
    const auto acknowledged = stored_optional_date(st, 6, "case_stage.acknowledged");
    const auto responded = stored_optional_date(st, 7, "case_stage.responded");
    f.outcome = st.column_text(8);
    f.type = st.column_text(9);
    f.service = st.column_text(10);
    if (acknowledged) {
      f.acknowledged_in = buckets.find(st.column_view(6));
    }
    if (responded) {
      f.responded_in = buckets.find(st.column_view(7));
      f.responded = std::string(st.column_view(7));
    }
    const auto h = holds.find(f.stage_id);
    const auto e = extensions.find(f.stage_id);
    times.holds = h != holds.end() ? std::move(h->second) : std::vector<Hold>{};
    times.extensions = e != extensions.end() ? std::move(e->second) : std::vector<Extension>{};
    // A response needs the case off hold, so every hold of a responded stage has ended: the
    // deadlines as of the response are final.
    const Date as_of = responded ? *responded : acknowledged ? *acknowledged : times.started;
    const auto due = compute_deadlines(calendar, times, as_of);
    if (acknowledged && due.acknowledge_due) {
      f.has_acknowledge_deadline = true;
      f.acknowledged_in_time =
          date::sys_days{*acknowledged} <= date::sys_days{*due.acknowledge_due};
      if (!f.acknowledged_in_time) {
        f.acknowledged_days_late =
            working_days_overdue(calendar, *due.acknowledge_due, *acknowledged);
      }
    }
    if (responded && due.respond_due) {
      f.has_respond_deadline = true;
      f.responded_in_time = date::sys_days{*responded} <= date::sys_days{*due.respond_due};
      if (!f.responded_in_time) {
        f.responded_days_late = working_days_overdue(calendar, *due.respond_due, *responded);
      }
    }
    facts.push_back(std::move(f));
  }
  return facts;
}

std::vector<TimelinessRow>
timeliness_from(const std::vector<StageFact>& facts, const Policy& policy, const ReportScope& scope)
{
  struct Entry
  {
    std::optional<std::string> procedure;
    std::optional<int> stage;
    Measure measure;
  };
  // Every stage of the policy has a response row, and an acknowledgement row when it has an
  // acknowledgement timescale; other keys appear when there are figures for them.
  std::map<std::tuple<std::size_t, std::string, int, int>, Entry> keys;
  auto key_of = [](const std::optional<std::string>& procedure, std::optional<int> stage,
                   Measure m) {
    return std::tuple(rank(vocabulary::k_procedures, procedure), procedure.value_or(""),
                      stage.value_or(0), m == Measure::response ? 0 : 1);
  };
  auto add_key = [&](const std::optional<std::string>& procedure, std::optional<int> stage,
                     Measure m) {
    keys.try_emplace(key_of(procedure, stage, m), Entry{procedure, stage, m});
  };
  for (const auto& p : policy.procedures) {
    for (const auto& s : p.stages) {
      add_key(p.code, s.stage, Measure::response);
      if (s.acknowledge_days) {
        add_key(p.code, s.stage, Measure::acknowledgement);
      }
    }
  }
  struct Tally
  {
    std::int64_t total = 0;
    std::int64_t in_time = 0;
    std::int64_t days_late = 0;
  };
  std::map<std::pair<std::tuple<std::size_t, std::string, int, int>, std::size_t>, Tally> tallies;
  for (const auto& f : facts) {
    if (f.has_respond_deadline && f.responded_in && *f.responded_in != k_before) {
      add_key(f.procedure, f.stage, Measure::response);
      auto& t = tallies[{key_of(f.procedure, f.stage, Measure::response), *f.responded_in}];
      ++t.total;
      t.in_time += f.responded_in_time ? 1 : 0;
      t.days_late += f.responded_days_late;
    }
    if (f.has_acknowledge_deadline && f.acknowledged_in && *f.acknowledged_in != k_before) {
      add_key(f.procedure, f.stage, Measure::acknowledgement);
      auto& t =
          tallies[{key_of(f.procedure, f.stage, Measure::acknowledgement), *f.acknowledged_in}];
      ++t.total;
      t.in_time += f.acknowledged_in_time ? 1 : 0;
      t.days_late += f.acknowledged_days_late;
    }
  }
  std::vector<TimelinessRow> rows;
  for (std::size_t p = 0; p < scope.periods.size(); ++p) {
    for (const auto& [key, entry] : keys) {
      TimelinessRow r;
      r.period = p;
      r.procedure = entry.procedure;
      r.stage = entry.stage;
      r.measure = entry.measure;
      if (const auto it = tallies.find({key, p}); it != tallies.end()) {
        r.total = it->second.total;
        r.in_time = it->second.in_time;
        r.days_late = it->second.days_late;
      }
      // The policy's targets are for responses; acknowledgements are shown without one.
      if (entry.procedure && entry.measure == Measure::response) {
        if (const auto* proc = policy.procedure(*entry.procedure)) {
          r.target_percent = proc->target_percent;
        }
      }
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

std::vector<KpiMonth>
kpi_from(const std::vector<DayCounts>& days, const std::vector<StageFact>& facts,
         const ReportScope& scope)
{
  const MonthIndex index(scope);
  std::vector<KpiMonth> months;
  for (const auto& m : index.months()) {
    months.push_back({m, 0, 0, 0});
  }
  for (const auto& d : days) {
    if (const auto i = index.find(d.day)) {
      months[*i].received += d.complaints;
    }
  }
  for (const auto& f : facts) {
    if (f.type != "complaint" || f.responded.empty()) {
      continue;
    }
    if (const auto i = index.find(f.responded)) {
      ++months[*i].responded;
      months[*i].responded_late += f.has_respond_deadline && !f.responded_in_time ? 1 : 0;
    }
  }
  return months;
}

Outcomes
outcomes_from(Database& db, const std::vector<StageFact>& facts, const std::vector<DayCounts>& days,
              const ReportScope& scope)
{
  const Buckets buckets(scope);
  Outcomes out;
  const auto periods = scope.periods.size();

  // Services with responses in any period shown, by code, "no service" last; a row for each in
  // every period, so that the periods line up.
  std::map<std::pair<int, std::string>, std::optional<std::string>> services;
  std::map<std::tuple<int, std::string, std::size_t>, OutcomeRow> tally;
  std::vector<std::int64_t> responses(periods, 0);
  for (const auto& f : facts) {
    if (!f.outcome || !f.responded_in || *f.responded_in == k_before) {
      continue;
    }
    const auto p = *f.responded_in;
    const int none = f.service ? 0 : 1;
    ++responses[p];
    services.try_emplace({none, f.service.value_or("")}, f.service);
    auto& r = tally[{none, f.service.value_or(""), p}];
    if (*f.outcome == "upheld") {
      ++r.upheld;
    } else if (*f.outcome == "partially-upheld") {
      ++r.partially_upheld;
    } else {
      ++r.not_upheld;
    }
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& [key, service] : services) {
      const auto it = tally.find({key.first, key.second, p});
      OutcomeRow r = it != tally.end() ? it->second : OutcomeRow{};
      r.period = p;
      r.service = service;
      out.by_service.push_back(std::move(r));
    }
  }

  std::map<std::pair<std::size_t, std::string>, std::int64_t> areas;
  {
    Statement st(db, "SELECT s.responded, a.area, count(*) FROM case_area a "
                     "JOIN case_stage s ON s.id = a.stage_id "
                     "WHERE s.responded BETWEEN ?1 AND ?2 AND s.outcome IS NOT NULL "
                     "GROUP BY s.responded, a.area");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      if (const auto p = buckets.find(st.column_view(0)); p && *p != k_before) {
        areas[{*p, std::string(st.column_view(1))}] += st.column_int64(2);
      }
    }
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto area : vocabulary::k_areas) {
      const auto it = areas.find({p, std::string(area)});
      out.areas.push_back({p, std::string(area), it != areas.end() ? it->second : 0, responses[p]});
    }
  }

  // A change of type, not of procedure alone (which is recorded as a reclassification too).
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> moves;
  {
    Statement st(db, "SELECT on_date, from_value, to_value, count(*) FROM case_event "
                     "WHERE kind = 'reclassified' AND on_date BETWEEN ?1 AND ?2 "
                     "AND from_value IS NOT to_value GROUP BY on_date, from_value, to_value");
    st.bind(1, buckets.shown_from()).bind(2, buckets.to());
    while (st.step()) {
      if (const auto p = buckets.find(st.column_view(0)); p && *p != k_before) {
        auto& counts = moves[{std::string(st.column_view(1)), std::string(st.column_view(2))}];
        counts.resize(periods, 0);
        counts[*p] += st.column_int64(3);
      }
    }
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& [from_to, counts] : moves) {
      out.reclassified.push_back({p, from_to.first, from_to.second, counts[p]});
    }
  }

  std::vector<RedirectRow> redirected(periods);
  for (std::size_t p = 0; p < periods; ++p) {
    redirected[p].period = p;
  }
  for (const auto& day : days) {
    if (const auto p = buckets.find(day.day); p && *p != k_before) {
      redirected[*p].received += day.received;
      redirected[*p].redirected += day.redirected;
    }
  }
  out.redirected = std::move(redirected);
  return out;
}

} // namespace report

std::vector<TimelinessRow>
compute_timeliness(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                   const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const report::Buckets buckets(scope);
  return report::timeliness_from(report::load_stage_facts(db, calendar, buckets), policy, scope);
}

std::vector<KpiMonth>
compute_kpi(Database& db, const WorkingCalendar& calendar, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  const report::Buckets buckets(scope);
  const auto days = report::load_day_counts(db, buckets.shown_from(), buckets.to());
  return report::kpi_from(days, report::load_stage_facts(db, calendar, buckets), scope);
}

Outcomes
compute_outcomes(Database& db, const ReportScope& scope)
{
  PersonalDataGuard guard(db);
  // Outcomes need no deadlines; a calendar is needed only to load the facts, so a plain
  // query is used instead.
  const report::Buckets buckets(scope);
  std::vector<report::StageFact> facts;
  Statement st(db, "SELECT s.responded, s.outcome, c.service FROM case_stage s "
                   "JOIN case_record c ON c.id = s.case_id "
                   "WHERE s.responded BETWEEN ?1 AND ?2 AND s.outcome IS NOT NULL");
  st.bind(1, buckets.shown_from()).bind(2, buckets.to());
  while (st.step()) {
    report::StageFact f;
    f.responded = std::string(st.column_view(0));
    f.responded_in = buckets.find(f.responded);
    f.outcome = st.column_text(1);
    f.service = st.column_text(2);
    facts.push_back(std::move(f));
  }
  const auto days = report::load_day_counts(db, buckets.shown_from(), buckets.to());
  return report::outcomes_from(db, facts, days, scope);
}

} // namespace feedback
