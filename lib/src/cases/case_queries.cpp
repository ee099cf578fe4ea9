// SPDX-License-Identifier: MIT
// Reading cases: one case whole (show), many cases as rows (list).
#include "storage/case_store.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>

#include <fmt/core.h>

namespace feedback {

using detail::optional_int;
using detail::stored_date;
using detail::stored_optional_date;

PendingDeadlines
pending_deadlines(const CaseView& view, const StageView& stage)
{
  return pending_deadlines(stage.deadlines, {view.status != "closed" && !stage.ended,
                                             stage.acknowledged, stage.responded});
}

std::optional<CaseView>
find_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, Date as_of)
{
  Statement st(db, "SELECT id, reference, type, channel, service, summary, received, received_at, "
                   "status, closure, redirected_to, owner, sponsor, sponsor_name, info_request, "
                   "sponsor_updated, external_ref, source, source_ref, classified_by, closed_on, "
                   "last_activity FROM case_record WHERE reference = ?1");
  st.bind(1, detail::normalise_reference(reference));
  if (!st.step()) {
    return std::nullopt;
  }
  CaseView v;
  v.id = st.column_int64(0);
  v.reference = st.column_text(1).value_or("");
  v.type = st.column_text(2);
  v.channel = st.column_text(3).value_or("");
  v.service = st.column_text(4);
  v.summary = st.column_text(5).value_or("");
  v.received = stored_date(st.column_view(6), "case_record.received");
  v.received_at = st.column_text(7).value_or("");
  v.status = st.column_text(8).value_or("");
  v.closure = st.column_text(9);
  v.redirected_to = st.column_text(10);
  v.owner = st.column_text(11);
  v.sponsor = st.column_text(12);
  v.sponsor_name = st.column_text(13);
  v.info_request = st.column_int(14) != 0;
  v.sponsor_updated = stored_optional_date(st, 15, "case_record.sponsor_updated");
  v.external_ref = st.column_text(16);
  v.source = st.column_text(17);
  v.source_ref = st.column_text(18);
  v.classified_by = st.column_text(19);
  v.closed_on = stored_optional_date(st, 20, "case_record.closed_on");
  v.last_activity = stored_date(st.column_view(21), "case_record.last_activity");

  Statement stages(db, "SELECT id, procedure, stage, policy_version, started, acknowledge_days, "
                       "respond_days, max_extension_days, acknowledged, responded, outcome, ended "
                       "FROM case_stage WHERE case_id = ?1 ORDER BY id");
  stages.bind(1, v.id);
  Statement areas(db, "SELECT area FROM case_area WHERE stage_id = ?1 ORDER BY area");
  while (stages.step()) {
    StageView s;
    s.id = stages.column_int64(0);
    s.procedure = stages.column_text(1);
    s.stage = optional_int(stages, 2);
    s.policy_version = stages.column_int(3);
    s.started = stored_date(stages.column_view(4), "case_stage.started");
    s.acknowledge_days = optional_int(stages, 5);
    s.respond_days = optional_int(stages, 6);
    s.max_extension_days = optional_int(stages, 7);
    s.acknowledged = stored_optional_date(stages, 8, "case_stage.acknowledged");
    s.responded = stored_optional_date(stages, 9, "case_stage.responded");
    s.outcome = stages.column_text(10);
    s.ended = stored_optional_date(stages, 11, "case_stage.ended");
    s.holds = detail::load_holds(db, s.id);
    s.extensions = detail::load_extensions(db, s.id);
    areas.reset();
    areas.bind(1, s.id);
    while (areas.step()) {
      s.areas.push_back(areas.column_text(0).value_or(""));
    }
    const StageTimes times{s.started, s.acknowledge_days, s.respond_days, s.holds, s.extensions};
    s.deadlines = compute_deadlines(calendar, times, as_of);
    v.stages.push_back(std::move(s));
  }

  Statement events(db, "SELECT id, at, on_date, officer, kind, from_value, to_value, detail "
                       "FROM case_event WHERE case_id = ?1 ORDER BY id");
  events.bind(1, v.id);
  while (events.step()) {
    v.events.push_back({events.column_int64(0), events.column_text(1).value_or(""),
                        stored_date(events.column_view(2), "case_event.on_date"),
                        events.column_text(3).value_or(""), events.column_text(4).value_or(""),
                        events.column_text(5), events.column_text(6),
                        events.column_text(7).value_or("")});
  }

  Statement learning(db, "SELECT id, recorded_on, problem, improvement, action, owner, due, "
                         "done_on FROM learning WHERE case_id = ?1 ORDER BY id");
  learning.bind(1, v.id);
  while (learning.step()) {
    v.learning.push_back(
        {learning.column_int64(0), stored_date(learning.column_view(1), "learning.recorded_on"),
         learning.column_text(2).value_or(""), learning.column_text(3).value_or(""),
         learning.column_text(4), learning.column_text(5),
         stored_optional_date(learning, 6, "learning.due"),
         stored_optional_date(learning, 7, "learning.done_on")});
  }

  Statement surveys(db, "SELECT id, sent_on, returned_on, satisfied, stars, reason FROM survey "
                        "WHERE case_id = ?1 ORDER BY id");
  surveys.bind(1, v.id);
  while (surveys.step()) {
    SurveyView s;
    s.id = surveys.column_int64(0);
    s.sent_on = stored_optional_date(surveys, 1, "survey.sent_on");
    s.returned_on = stored_optional_date(surveys, 2, "survey.returned_on");
    if (!surveys.column_is_null(3)) {
      s.satisfied = surveys.column_int(3) != 0;
    }
    s.stars = optional_int(surveys, 4);
    s.reason = surveys.column_text(5);
    v.surveys.push_back(std::move(s));
  }

  Statement person(db, "SELECT name, email, phone, address, preferred_format FROM person "
                       "WHERE case_id = ?1");
  person.bind(1, v.id);
  if (person.step()) {
    v.person = PersonalDetails{person.column_text(0), person.column_text(1), person.column_text(2),
                               person.column_text(3), person.column_text(4)};
  }
  return v;
}

std::vector<CaseRow>
list_cases(Database& db, const WorkingCalendar& calendar, const ListFilter& filter, Date as_of)
{
  // Only constant fragments are joined here; every value is bound.
  std::string sql = "SELECT c.reference, c.type, c.status, s.procedure, s.stage, c.service, "
                    "c.owner, c.received, c.sponsor, c.summary, s.id, s.started, "
                    "s.acknowledge_days, s.respond_days, s.acknowledged, s.responded "
                    "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE 1";
  if (filter.status == StatusFilter::open || filter.overdue_only) {
    sql += " AND c.status <> 'closed'";
  } else if (filter.status == StatusFilter::closed) {
    sql += " AND c.status = 'closed'";
  }
  if (filter.type) {
    sql += *filter.type == "unclassified" ? " AND c.type IS NULL AND ?1 IS NOT NULL"
                                          : " AND c.type = ?1";
  }
  if (filter.service) {
    sql += " AND c.service = ?2";
  }
  if (filter.owner) {
    sql += " AND c.owner = ?3";
  }
  if (filter.procedure) {
    sql += " AND s.procedure = ?4";
  }
  if (filter.stage) {
    sql += " AND s.stage = ?5";
  }
  if (filter.received_from) {
    sql += " AND c.received >= ?6";
  }
  if (filter.received_to) {
    sql += " AND c.received <= ?7";
  }
  sql += " ORDER BY c.received, c.id";
  if (filter.limit > 0 && !filter.overdue_only) {
    sql += " LIMIT ?8";
  }
  Statement st(db, sql);
  if (filter.type) {
    st.bind(1, *filter.type);
  }
  if (filter.service) {
    st.bind(2, *filter.service);
  }
  if (filter.owner) {
    st.bind(3, *filter.owner);
  }
  if (filter.procedure) {
    st.bind(4, *filter.procedure);
  }
  if (filter.stage) {
    st.bind(5, *filter.stage);
  }
  if (filter.received_from) {
    st.bind(6, format_date(*filter.received_from));
  }
  if (filter.received_to) {
    st.bind(7, format_date(*filter.received_to));
  }
  if (filter.limit > 0 && !filter.overdue_only) {
    st.bind(8, static_cast<std::int64_t>(filter.limit));
  }

  detail::StageTimesReader times(db);
  std::vector<CaseRow> rows;
  while (st.step()) {
    CaseRow r;
    r.reference = st.column_text(0).value_or("");
    r.type = st.column_text(1);
    r.status = st.column_text(2).value_or("");
    r.procedure = st.column_text(3);
    r.stage = optional_int(st, 4);
    r.service = st.column_text(5);
    r.owner = st.column_text(6);
    r.received = stored_date(st.column_view(7), "case_record.received");
    r.sponsor = st.column_text(8);
    r.summary = st.column_text(9).value_or("");
    if (r.status != "closed") {
      detail::StageState stage;
      stage.id = st.column_int64(10);
      stage.started = stored_date(st.column_view(11), "case_stage.started");
      stage.acknowledge_days = optional_int(st, 12);
      stage.respond_days = optional_int(st, 13);
      const auto acknowledged = stored_optional_date(st, 14, "case_stage.acknowledged");
      const auto responded = stored_optional_date(st, 15, "case_stage.responded");
      const auto pending = pending_deadlines(compute_deadlines(calendar, times.read(stage), as_of),
                                             {true, acknowledged, responded});
      r.on_hold = pending.held;
      r.acknowledge_due = pending.acknowledge;
      r.respond_due = pending.respond;
      r.days_overdue = days_overdue(calendar, pending, as_of);
      r.overdue = is_overdue(calendar, pending, as_of);
    }
    if (filter.overdue_only && !r.overdue) {
      continue;
    }
    rows.push_back(std::move(r));
    if (filter.limit > 0 && rows.size() >= filter.limit) {
      break;
    }
  }
  return rows;
}

} // namespace feedback
