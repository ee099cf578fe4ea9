// SPDX-License-Identifier: MIT
// The JSON of a case (show --format json), declared in cases/render.hpp.
#include "cases/case_json.hpp"

#include <feedback/cases/deadlines.hpp>
#include <feedback/cases/render.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace feedback {

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
  if (s.deadlines.respond_waits_for_acknowledgement) {
    // respond_due is null: due this many working days after the acknowledgement, not made yet.
    j["respond_after_acknowledgement_days"] = s.deadlines.respond_after_acknowledgement_days;
  }
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

nlohmann::ordered_json
detail::case_json(const CaseView& v, const WorkingCalendar& calendar, Date as_of)
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
  return j;
}

std::string
case_to_json(const CaseView& v, const WorkingCalendar& calendar, Date as_of)
{
  return detail::dump_case_json(detail::case_json(v, calendar, as_of));
}

} // namespace feedback
