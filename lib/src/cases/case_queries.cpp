// SPDX-License-Identifier: MIT
// Reading cases: one case whole (show), many cases as rows (list).
#include "storage/case_list.hpp"
#include "storage/case_store.hpp"
#include "storage/ombudsman_store.hpp"
#include "storage/stored_values.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>

#include <fmt/core.h>

namespace feedback {

StageTimes
stage_times(const StageRecord& stage, Date received)
{
  StageTimes t;
  t.started = stage.started;
  t.acknowledge_days = stage.acknowledge_days;
  t.respond_days = stage.respond_days;
  t.acknowledge_from = stage.acknowledge_from;
  t.respond_from = stage.respond_from;
  t.received = received;
  t.acknowledged = stage.acknowledged;
  return t;
}

PendingDeadlines
pending_deadlines(const CaseView& view, const StageView& stage)
{
  return pending_deadlines(stage.deadlines, {view.status != CaseStatus::closed && !stage.ended,
                                             stage.acknowledged, stage.responded});
}

std::optional<CaseView>
find_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, Date as_of)
{
  std::optional<CaseView> v;
  try {
    v = detail::load_case(db, reference);
  } catch (const detail::BadStoredValue& e) {
    throw Error(ExitCode::data_error, fmt::format("{}: {}", reference, e.what()));
  }
  if (!v) {
    return std::nullopt;
  }
  for (auto& s : v->stages) {
    auto times = stage_times(s, v->received);
    times.holds = s.holds;
    times.extensions = s.extensions;
    s.deadlines = compute_deadlines(calendar, times, as_of);
  }
  try {
    if (auto phase = detail::find_ombudsman(db, v->id)) {
      OmbudsmanView o{std::move(phase->their_ref), phase->opened_on,  std::move(phase->origin),
                      std::move(phase->decision),  phase->decided_on, {}};
      o.remedies = detail::list_remedies(db, v->id);
      v->ombudsman = std::move(o);
    }
  } catch (const detail::BadStoredValue& e) {
    throw Error(ExitCode::data_error, fmt::format("{}: {}", reference, e.what()));
  }
  return v;
}

void
for_each_case(Database& db, const WorkingCalendar& calendar, const ListFilter& filter, Date as_of,
              std::vector<SkippedCase>& skipped, const std::function<void(const CaseRow&)>& each)
{
  detail::CaseListReader reader(db, filter);
  std::size_t rows = 0;
  StageTimes times;
  StageProgress progress;
  std::string problem;
  for (CaseRow r; reader.next(r, times, progress, problem); r = CaseRow()) {
    if (!problem.empty()) {
      skipped.push_back({std::move(r.reference), std::move(problem)});
      continue;
    }
    if (r.status != CaseStatus::closed) {
      const auto pending = pending_deadlines(compute_deadlines(calendar, times, as_of), progress);
      r.on_hold = pending.held;
      r.acknowledge_due = pending.acknowledge;
      r.respond_due = pending.respond;
      r.days_overdue = days_overdue(calendar, pending, as_of);
      r.overdue = is_overdue(pending, as_of);
    }
    if (filter.overdue_only && !r.overdue) {
      continue;
    }
    each(r);
    if (filter.limit > 0 && ++rows >= filter.limit) {
      break;
    }
  }
}

std::vector<CaseRow>
list_cases(Database& db, const WorkingCalendar& calendar, const ListFilter& filter, Date as_of,
           std::vector<SkippedCase>& skipped)
{
  std::vector<CaseRow> rows;
  for_each_case(db, calendar, filter, as_of, skipped,
                [&rows](const CaseRow& r) { rows.push_back(r); });
  return rows;
}

} // namespace feedback
