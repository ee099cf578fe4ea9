// SPDX-License-Identifier: MIT
// Private to the library: the queries the reports make (docs/reports.md). Each reads the rows
// of a span of days, grouped where SQL groups them, and hands them to `each` one at a time (the
// counts by day come back whole: a row a day); the reports share the days out among their
// periods and do the arithmetic. Days are ISO dates, which sort as text. A `std::string_view`
// in a row is valid only during the call it is passed to. Reports call these under their
// PersonalDataGuard; no query here reads personal data.
#pragma once

#include <feedback/cases/deadlines.hpp>
#include <feedback/reports/reports.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// The days from `from` to `to`, both included.
struct DaySpan
{
  std::string_view from;
  std::string_view to;
};

// A count on one day.
struct DayCount
{
  std::string_view day;
  std::int64_t count = 0;
};

using EachDayCount = std::function<void(const DayCount&)>;

// ---- cases received ----

// Cases received on one day: all, those without a service (not counting redirected ones),
// those redirected, and complaints.
struct DayCounts
{
  std::string day;
  std::int64_t received = 0;
  std::int64_t no_service = 0;
  std::int64_t redirected = 0;
  std::int64_t complaints = 0;
};

// Cases received in `span` by day, in day order.
std::vector<DayCounts> count_received_by_day(Database& db, DaySpan span);

// Cases received in the span counted by day, type, channel, service and whether redirected:
// one scan of case_record from which the annual report takes every count of cases received.
// Types, channels and services are numbers into the name lists.
struct CaseCube
{
  struct Cell
  {
    std::string day;
    std::uint16_t type = 0;
    std::uint16_t channel = 0;
    std::uint16_t service = 0;
    bool redirected = false;
    std::int64_t count = 0;
  };
  std::vector<std::optional<std::string>> types; // nullopt: unclassified
  std::vector<std::string> channels;
  std::vector<std::optional<std::string>> services;
  std::vector<Cell> cells;
};
CaseCube count_received_cube(Database& db, DaySpan span);

// Cases received on a day with one key: the key by `by`, as stored (one value; by stage the
// procedure and the stage, of the stages started that day).
struct KeyedDayCount
{
  std::string_view day;
  std::vector<std::optional<std::string>> key;
  std::int64_t count = 0;
};
void count_received_by(Database& db, VolumeGrouping by, DaySpan span,
                       const std::function<void(KeyedDayCount&)>& each);

// ---- stages ----

// A stage acknowledged or responded to in the span, with what its deadlines are worked out
// from. `times` holds the holds and extensions of a stage responded to in the span only (they
// move the response deadline alone).
struct AnsweredStage
{
  std::int64_t id = 0;
  std::optional<std::string_view> procedure;
  std::optional<int> stage;
  StageTimes times;
  std::optional<Date> acknowledged;
  std::optional<Date> responded;
  std::string_view acknowledged_day; // "" when not acknowledged
  std::string_view responded_day;    // "" when not responded to
  std::optional<std::string_view> outcome;
  std::optional<std::string_view> type; // the case's type now
  std::optional<std::string_view> service;
};
// Three statements in all, not two per stage.
void each_answered_stage(Database& db, DaySpan span,
                         const std::function<void(const AnsweredStage&)>& each);

// A stage response with an outcome.
struct StageOutcome
{
  std::string_view responded_day;
  std::optional<std::string_view> outcome;
  std::optional<std::string_view> service;
};
void each_stage_outcome(Database& db, DaySpan span,
                        const std::function<void(const StageOutcome&)>& each);

// The areas named by stage responses with an outcome, by response day.
struct AreaCount
{
  std::string_view day;
  std::string_view area;
  std::int64_t count = 0;
};
void count_areas(Database& db, DaySpan span, const std::function<void(const AreaCount&)>& each);

// ---- the audit trail ----

// Changes of type (not of procedure alone), by day.
struct TypeChangeCount
{
  std::string_view day;
  std::string_view from_type;
  std::string_view to_type;
  std::int64_t count = 0;
};
void count_type_changes(Database& db, DaySpan span,
                        const std::function<void(const TypeChangeCount&)>& each);

// Reclassifications from service request to complaint, by day.
void count_filed_as_service_request(Database& db, DaySpan span, const EachDayCount& each);

// ---- data quality ----

// A case that was unclassified for a while: received, closed (if it is) and classified (if
// it is) on those days.
struct UnclassifiedCase
{
  std::string_view received;
  std::optional<std::string_view> closed_on;
  std::optional<std::string_view> classified_on;
};
// Cases unclassified still, received by `until`.
void each_unclassified_case(Database& db, std::string_view until,
                            const std::function<void(const UnclassifiedCase&)>& each);
// Cases classified (first) after `after`, received by `until`.
void each_classified_after(Database& db, std::string_view after, std::string_view until,
                           const std::function<void(const UnclassifiedCase&)>& each);

// A case received in the span and not closed.
struct OpenCase
{
  std::string_view received_day;
  Date received;
  Date last_activity;
  bool open = false; // status open (not responded)
  bool sponsored = false;
  std::optional<Date> sponsor_updated;
};
void each_open_case(Database& db, DaySpan span, const std::function<void(const OpenCase&)>& each);

// ---- the Ombudsman ----

// Cases the Ombudsman took up, by day.
void count_ombudsman_opened(Database& db, DaySpan span, const EachDayCount& each);

// The Ombudsman's decisions by day, decision and the case's service.
struct DecisionCount
{
  std::string_view day;
  std::string_view decision;
  std::optional<std::string> service;
  std::int64_t count = 0;
};
void count_ombudsman_decisions(Database& db, DaySpan span,
                               const std::function<void(const DecisionCount&)>& each);

// A remedy agreed in the span.
struct Remedy
{
  std::string_view agreed_day;
  std::string_view kind;
  Date due;
  std::optional<Date> done_on;
  std::int64_t pence = 0;
};
void each_remedy(Database& db, DaySpan span, const std::function<void(const Remedy&)>& each);

// ---- learning and satisfaction ----

// Learning recorded in the span, in the order recorded; the action's owner is left out.
struct Learning
{
  std::string_view recorded_day;
  Date recorded_on;
  std::optional<std::string> service;
  std::string problem;
  std::string improvement;
  std::optional<std::string> action;
  std::optional<Date> due;
  std::optional<Date> done_on;
};
void each_learning(Database& db, DaySpan span, const std::function<void(Learning&)>& each);

// Surveys sent in the span, grouped by day sent, whether returned by `as_of`, the answer and
// the stars.
struct SurveyCount
{
  std::string_view sent_day;
  bool returned = false;
  std::optional<bool> satisfied;
  std::optional<int> stars;
  std::int64_t count = 0;
};
void count_surveys(Database& db, DaySpan span, std::string_view as_of,
                   const std::function<void(const SurveyCount&)>& each);

} // namespace feedback::detail
