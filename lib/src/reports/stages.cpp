// SPDX-License-Identifier: MIT
// The reports made from stage responses: timeliness against the deadlines, the monthly KPI and
// outcomes. Deadlines are not stored, so each stage's are worked out here from its start, its
// timescales, holds and extensions and the calendar (compute_deadlines), as everywhere else.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <tuple>

namespace feedback {

namespace report {

namespace {

// Text the row holds only for now, kept.
void
keep_text(const std::optional<std::string_view>& text, std::optional<std::string>& to)
{
  if (text) {
    to.emplace(*text);
  }
}

} // namespace

std::vector<StageFact>
load_stage_facts(Database& db, const WorkingCalendar& calendar, const Buckets& buckets)
{
  std::vector<StageFact> facts;
  detail::each_answered_stage(db, buckets.span(), [&](const detail::AnsweredStage& s) {
    StageFact f;
    f.stage_id = s.id;
    keep_text(s.procedure, f.procedure);
    f.stage = s.stage;
    keep_text(s.outcome, f.outcome);
    keep_text(s.type, f.type);
    keep_text(s.service, f.service);
    if (s.acknowledged) {
      f.acknowledged_in = buckets.find(s.acknowledged_day);
    }
    if (s.responded) {
      f.responded_in = buckets.find(s.responded_day);
      f.responded = std::string(s.responded_day);
    }
    // A response needs the case off hold, so every hold of a responded stage has ended: the
    // deadlines as of the response are final.
    const Date as_of = s.responded      ? *s.responded
                       : s.acknowledged ? *s.acknowledged
                                        : s.times.started;
    const auto due = compute_deadlines(calendar, s.times, as_of);
    if (s.acknowledged && due.acknowledge_due) {
      f.has_acknowledge_deadline = true;
      f.acknowledged_in_time =
          date::sys_days{*s.acknowledged} <= date::sys_days{*due.acknowledge_due};
      if (!f.acknowledged_in_time) {
        f.acknowledged_days_late =
            working_days_overdue(calendar, *due.acknowledge_due, *s.acknowledged);
      }
    }
    if (s.responded && due.respond_due) {
      f.has_respond_deadline = true;
      f.responded_in_time = date::sys_days{*s.responded} <= date::sys_days{*due.respond_due};
      if (!f.responded_in_time) {
        f.responded_days_late = working_days_overdue(calendar, *due.respond_due, *s.responded);
      }
    }
    facts.push_back(std::move(f));
  });
  return facts;
}

std::vector<TimelinessRow>
timeliness_from(const std::vector<StageFact>& facts, const Policy& policy, const ReportScope& scope)
{
  // A row: what it shows, and its place (procedures in vocabulary order, then by stage,
  // responses before acknowledgements).
  struct RowKey
  {
    std::size_t rank = 0;
    std::optional<std::string> procedure;
    std::optional<int> stage;
    Measure measure = Measure::response;

    auto order() const
    {
      return std::tuple(rank, procedure ? std::string_view(*procedure) : std::string_view(),
                        stage.value_or(0), measure);
    }
    bool operator<(const RowKey& other) const { return order() < other.order(); }
  };
  struct Tally
  {
    std::int64_t total = 0;
    std::int64_t in_time = 0;
    std::int64_t days_late = 0;
  };
  // Every stage of the policy has a response row, and an acknowledgement row when it has an
  // acknowledgement timescale; other keys appear when there are figures for them.
  PerPeriod<RowKey, Tally> tallies(scope.periods.size());
  auto key_of = [](const std::optional<std::string>& procedure, std::optional<int> stage,
                   Measure m) {
    return RowKey{rank(vocabulary::k_procedures, procedure), procedure, stage, m};
  };
  auto add_key = [&](const std::optional<std::string>& procedure, std::optional<int> stage,
                     Measure m) { tallies.add_key(key_of(procedure, stage, m)); };
  for (const auto& p : policy.procedures) {
    for (const auto& s : p.stages) {
      add_key(p.code, s.stage, Measure::response);
      if (s.acknowledge_days) {
        add_key(p.code, s.stage, Measure::acknowledgement);
      }
    }
  }
  auto add = [&](const StageFact& f, Measure m, std::optional<std::size_t> in, bool in_time,
                 int days_late) {
    if (!in || *in == k_before) {
      return;
    }
    auto& t = tallies.at(key_of(f.procedure, f.stage, m), *in);
    ++t.total;
    t.in_time += in_time ? 1 : 0;
    t.days_late += days_late;
  };
  for (const auto& f : facts) {
    if (f.has_respond_deadline) {
      add(f, Measure::response, f.responded_in, f.responded_in_time, f.responded_days_late);
    }
    if (f.has_acknowledge_deadline) {
      add(f, Measure::acknowledgement, f.acknowledged_in, f.acknowledged_in_time,
          f.acknowledged_days_late);
    }
  }
  std::vector<TimelinessRow> rows;
  tallies.each([&](std::size_t p, const RowKey& entry, const Tally& t) {
    TimelinessRow r;
    r.period = p;
    r.procedure = entry.procedure;
    r.stage = entry.stage;
    r.measure = entry.measure;
    r.total = t.total;
    r.in_time = t.in_time;
    r.days_late = t.days_late;
    // The policy's targets are for responses; acknowledgements are shown without one.
    if (entry.procedure && entry.measure == Measure::response) {
      if (const auto* proc = policy.procedure(*entry.procedure)) {
        r.target_percent = proc->target_percent;
      }
    }
    rows.push_back(std::move(r));
  });
  return rows;
}

std::vector<KpiMonth>
kpi_from(const std::vector<DayCounts>& days, const std::vector<StageFact>& facts,
         const ReportScope& scope)
{
  std::vector<KpiMonth> months;
  for (const auto& [m, complaints] : monthly_from(days, scope, &DayCounts::complaints)) {
    months.push_back({m, complaints, 0, 0});
  }
  const MonthIndex index(scope);
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
  PerPeriod<std::pair<int, std::string>, OutcomeRow> by_service(periods);
  std::vector<std::int64_t> responses(periods, 0);
  for (const auto& f : facts) {
    if (!f.outcome || !f.responded_in || *f.responded_in == k_before) {
      continue;
    }
    const auto p = *f.responded_in;
    ++responses[p];
    auto& r = by_service.at({f.service ? 0 : 1, f.service.value_or("")}, p);
    if (*f.outcome == "upheld") {
      ++r.upheld;
    } else if (*f.outcome == "partially-upheld") {
      ++r.partially_upheld;
    } else {
      ++r.not_upheld;
    }
  }
  by_service.each([&](std::size_t p, const std::pair<int, std::string>& key, OutcomeRow r) {
    r.period = p;
    r.service = key.first == 0 ? std::optional<std::string>(key.second) : std::nullopt;
    out.by_service.push_back(std::move(r));
  });

  // Every area of the vocabulary (by its place there) in every period.
  PerPeriod<std::size_t, std::int64_t> areas(periods);
  for (std::size_t a = 0; a < std::size(vocabulary::k_areas); ++a) {
    areas.add_key(a);
  }
  detail::count_areas(db, buckets.shown_span(), [&](const detail::AreaCount& row) {
    const auto a = position(vocabulary::k_areas, row.area);
    if (const auto p = buckets.find_shown(row.day); p && a < std::size(vocabulary::k_areas)) {
      areas.at(a, *p) += row.count;
    }
  });
  areas.each([&](std::size_t p, std::size_t a, std::int64_t n) {
    out.areas.push_back({p, std::string(vocabulary::k_areas[a]), n, responses[p]});
  });

  PerPeriod<std::pair<std::string, std::string>, std::int64_t> moves(periods);
  detail::count_type_changes(db, buckets.shown_span(), [&](const detail::TypeChangeCount& row) {
    if (const auto p = buckets.find_shown(row.day)) {
      moves.at({std::string(row.from_type), std::string(row.to_type)}, *p) += row.count;
    }
  });
  moves.each(
      [&](std::size_t p, const std::pair<std::string, std::string>& from_to, std::int64_t n) {
        out.reclassified.push_back({p, from_to.first, from_to.second, n});
      });

  out.redirected = rows_per_period<RedirectRow>(scope);
  for (const auto& day : days) {
    if (const auto p = buckets.find_shown(day.day)) {
      out.redirected[*p].received += day.received;
      out.redirected[*p].redirected += day.redirected;
    }
  }
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
  const auto days = detail::count_received_by_day(db, buckets.shown_span());
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
  detail::each_stage_outcome(db, buckets.shown_span(), [&](const detail::StageOutcome& row) {
    report::StageFact f;
    f.responded = std::string(row.responded_day);
    f.responded_in = buckets.find(f.responded);
    report::keep_text(row.outcome, f.outcome);
    report::keep_text(row.service, f.service);
    facts.push_back(std::move(f));
  });
  const auto days = detail::count_received_by_day(db, buckets.shown_span());
  return report::outcomes_from(db, facts, days, scope);
}

} // namespace feedback
