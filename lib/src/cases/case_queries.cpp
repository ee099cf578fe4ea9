// SPDX-License-Identifier: MIT
// Reading cases: one case whole (show), many cases as rows (list).
#include "storage/case_store.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/output.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace feedback {

using detail::optional_int;
using detail::stored_date;
using detail::stored_optional_date;

PendingDeadlines
pending_deadlines(const CaseView& view, const StageView& stage)
{
  return pending_deadlines(stage.deadlines, {view.status != CaseStatus::closed && !stage.ended,
                                             stage.acknowledged, stage.responded});
}

std::optional<CaseView>
find_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, Date as_of)
{
  Statement st(db, fmt::format("SELECT {} FROM case_record c WHERE c.reference = ?1",
                               detail::k_case_record_columns));
  st.bind(1, detail::normalise_reference(reference));
  if (!st.step()) {
    return std::nullopt;
  }
  CaseView v;
  detail::read_case_record(st, 0, v);

  Statement stages(db, fmt::format("SELECT {} FROM case_stage s WHERE s.case_id = ?1 ORDER BY s.id",
                                   detail::k_stage_record_columns));
  stages.bind(1, v.id);
  Statement areas(db, "SELECT area FROM case_area WHERE stage_id = ?1 ORDER BY area");
  while (stages.step()) {
    StageView s;
    detail::read_stage_record(stages, 0, s);
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

namespace {

using nlohmann::ordered_json;

ordered_json
json_date(const std::optional<Date>& d)
{
  return d ? ordered_json(format_date(*d)) : ordered_json(nullptr);
}

template <typename T>
ordered_json
json_opt(const std::optional<T>& v)
{
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json
deadline_json(const WorkingCalendar& calendar, const std::optional<Date>& due,
              const std::optional<Date>& met, Date as_of)
{
  if (!due) {
    return nullptr;
  }
  ordered_json d;
  d["due"] = format_date(*due);
  d["met_on"] = json_date(met);
  if (met) {
    d["met_in_time"] = date::sys_days{*met} <= date::sys_days{*due};
    d["working_days_overdue"] = nullptr;
  } else {
    d["met_in_time"] = nullptr;
    d["working_days_overdue"] = working_days_overdue(calendar, *due, as_of);
  }
  return d;
}

ordered_json
stage_json(const WorkingCalendar& calendar, const StageView& s, Date as_of)
{
  ordered_json j;
  j["procedure"] = json_opt(s.procedure);
  j["stage"] = json_opt(s.stage);
  j["policy_version"] = s.policy_version;
  j["started"] = format_date(s.started);
  j["acknowledge_days"] = json_opt(s.acknowledge_days);
  j["respond_days"] = json_opt(s.respond_days);
  j["max_extension_days"] = json_opt(s.max_extension_days);
  j["acknowledge_due"] = json_date(s.deadlines.acknowledge_due);
  j["respond_due"] = json_date(s.deadlines.respond_due);
  j["acknowledged"] = json_date(s.acknowledged);
  j["responded"] = json_date(s.responded);
  j["acknowledge"] = deadline_json(calendar, s.deadlines.acknowledge_due, s.acknowledged, as_of);
  j["respond"] = deadline_json(calendar, s.deadlines.respond_due, s.responded, as_of);
  j["outcome"] = json_opt(s.outcome);
  j["areas"] = s.areas;
  j["ended"] = json_date(s.ended);
  j["on_hold"] = s.deadlines.on_hold;
  j["hold_days"] = s.deadlines.hold_days;
  j["extension_days"] = s.deadlines.extension_days;
  ordered_json holds = ordered_json::array();
  for (const auto& h : s.holds) {
    holds.push_back({{"held_on", format_date(h.held_on)},
                     {"resumed_on", json_date(h.resumed_on)},
                     {"reason", h.reason}});
  }
  j["holds"] = holds;
  ordered_json extensions = ordered_json::array();
  for (const auto& e : s.extensions) {
    extensions.push_back(
        {{"granted_on", format_date(e.granted_on)}, {"days", e.days}, {"reason", e.reason}});
  }
  j["extensions"] = extensions;
  return j;
}

} // namespace

std::string
case_to_json(const CaseView& v, const WorkingCalendar& calendar, Date as_of)
{
  ordered_json j;
  const StageView* cur = v.current();
  j["reference"] = v.reference;
  j["type"] = json_opt(v.type);
  j["status"] = v.status;
  j["procedure"] = cur ? json_opt(cur->procedure) : ordered_json(nullptr);
  j["stage"] = cur ? json_opt(cur->stage) : ordered_json(nullptr);
  j["service"] = json_opt(v.service);
  j["channel"] = v.channel;
  j["received"] = format_date(v.received);
  j["received_at"] = v.received_at;
  j["acknowledge_due"] = cur ? json_date(cur->deadlines.acknowledge_due) : ordered_json(nullptr);
  j["respond_due"] = cur ? json_date(cur->deadlines.respond_due) : ordered_json(nullptr);
  j["acknowledged"] = cur ? json_date(cur->acknowledged) : ordered_json(nullptr);
  j["responded"] = cur ? json_date(cur->responded) : ordered_json(nullptr);
  j["outcome"] = cur ? json_opt(cur->outcome) : ordered_json(nullptr);
  j["areas"] = cur ? ordered_json(cur->areas) : ordered_json::array();
  j["on_hold"] = cur != nullptr && cur->deadlines.on_hold;
  j["closure"] = json_opt(v.closure);
  j["redirected_to"] = json_opt(v.redirected_to);
  j["closed_on"] = json_date(v.closed_on);
  j["owner"] = json_opt(v.owner);
  j["sponsor"] = json_opt(v.sponsor);
  j["sponsor_name"] = json_opt(v.sponsor_name);
  j["sponsor_updated"] = json_date(v.sponsor_updated);
  j["info_request"] = v.info_request;
  j["summary"] = v.summary;
  j["external_ref"] = json_opt(v.external_ref);
  j["source"] = json_opt(v.source);
  j["source_ref"] = json_opt(v.source_ref);
  j["classified_by"] = json_opt(v.classified_by);
  j["last_activity"] = format_date(v.last_activity);
  j["as_of"] = format_date(as_of);
  ordered_json stages = ordered_json::array();
  for (const auto& s : v.stages) {
    stages.push_back(stage_json(calendar, s, as_of));
  }
  j["stages"] = stages;
  if (v.person) {
    j["person"] = {{"name", json_opt(v.person->name)},
                   {"email", json_opt(v.person->email)},
                   {"phone", json_opt(v.person->phone)},
                   {"address", json_opt(v.person->address)},
                   {"preferred_format", json_opt(v.person->preferred_format)}};
  } else {
    j["person"] = nullptr;
  }
  ordered_json learning = ordered_json::array();
  for (const auto& l : v.learning) {
    learning.push_back({{"id", l.id},
                        {"recorded_on", format_date(l.recorded_on)},
                        {"problem", l.problem},
                        {"improvement", l.improvement},
                        {"action", json_opt(l.action)},
                        {"owner", json_opt(l.owner)},
                        {"due", json_date(l.due)},
                        {"done_on", json_date(l.done_on)}});
  }
  j["learning"] = learning;
  ordered_json surveys = ordered_json::array();
  for (const auto& s : v.surveys) {
    surveys.push_back({{"id", s.id},
                       {"sent_on", json_date(s.sent_on)},
                       {"returned_on", json_date(s.returned_on)},
                       {"satisfied", json_opt(s.satisfied)},
                       {"stars", json_opt(s.stars)},
                       {"reason", json_opt(s.reason)}});
  }
  j["surveys"] = surveys;
  ordered_json events = ordered_json::array();
  for (const auto& e : v.events) {
    events.push_back({{"id", e.id},
                      {"at", e.at},
                      {"on", format_date(e.on)},
                      {"officer", e.officer},
                      {"kind", e.kind},
                      {"from", json_opt(e.from)},
                      {"to", json_opt(e.to)},
                      {"detail", e.detail}});
  }
  j["events"] = events;
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
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
    r.status = detail::stored_status(st.column_view(2), "case_record.status");
    r.procedure = st.column_text(3);
    r.stage = optional_int(st, 4);
    r.service = st.column_text(5);
    r.owner = st.column_text(6);
    r.received = stored_date(st.column_view(7), "case_record.received");
    r.sponsor = st.column_text(8);
    r.summary = st.column_text(9).value_or("");
    if (r.status != CaseStatus::closed) {
      StageRecord stage;
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
