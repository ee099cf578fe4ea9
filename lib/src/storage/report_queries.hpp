// SPDX-License-Identifier: MIT
// Private to the library: the queries the reports make (docs/reports.md). Each reads the rows
// of a span of days that its conditions select, with the facets the report groups by, and hands
// them to `each` one at a time; the reports keep only the groups (so memory grows with the rows
// a report prints, not with the cases) and do the arithmetic. Days are ISO dates, which sort as
// text. A `std::string_view` in a row is valid only during the call it is passed to. Reports
// call these under their PersonalDataGuard; no query here reads personal data, and no condition
// selects by a person.
#pragma once

#include <feedback/cases/deadlines.hpp>
#include <feedback/storage/database.hpp>

#include <array>
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

// ---- what a query selects and groups by ----

// A stored value a report groups by. Its meaning depends on what the query counts: a stage
// (stage responses, stages started) or a case (cases received, the Ombudsman's cases, surveys).
enum class Facet
{
  type,           // the case's type; NULL when unclassified
  classification, // the case's type, or for one without: 'undetermined' (open), 'blank' (closed)
  channel,
  service,
  sponsor,
  procedure,       // a stage's procedure; a case's first stage's
  stage_procedure, // a stage's procedure; a case's current stage's (with `stage`)
  stage,           // a stage's number; a case's current stage's
  outcome,         // a stage's outcome, or the case's closure for its current stage; a case's
                   // closure, else its current stage's outcome
  area,            // an area a stage response names (each_stage_outcome only)
  subtype,         // the case's sub-type; NULL when it has none
  tag,             // a tag of the case: a row for each of its tags (one, NULL, when it has none)
};

// Values allowed for one stored value; `none` allows NULL too.
struct ValueSet
{
  std::vector<std::string> values;
  bool none = false;
};

// Which cases (and stages) a query counts, with the report's values already expanded to stored
// ones (a directorate to its services, a channel group to its channels). nullopt: any.
struct Conditions
{
  std::optional<std::vector<std::string>> types; // with "undetermined" and "blank" for no type
  std::optional<ValueSet> services;
  std::optional<std::vector<std::string>> channels;
  std::optional<ValueSet> sponsors;
  std::optional<ValueSet> procedures; // as Facet::procedure
  // A stage's number; for a query of cases, a stage the case has reached.
  std::optional<std::vector<int>> stages;
};

// A query's facets (at most six, selected after its own columns) and its conditions.
struct Selection
{
  std::vector<Facet> facets;
  Conditions where;
};

// The values of a row's facets, in the order of Selection::facets; nullopt for NULL.
using FacetValues = std::array<std::optional<std::string_view>, 6>;

// ---- cases received ----

// A case received in the span. Rows come in the order of the day received.
struct ReceivedCase
{
  std::string_view day;
  std::optional<std::string_view> type;
  bool redirected = false;
  bool no_service = false; // no service, and not redirected
  FacetValues facets;
};
void each_received_case(Database& db, DaySpan span, const Selection& selection,
                        const std::function<void(const ReceivedCase&)>& each);

// A stage of a procedure started in the span (types that follow none are not counted).
struct StartedStage
{
  std::string_view day;
  FacetValues facets;
};
void each_started_stage(Database& db, DaySpan span, const Selection& selection,
                        const std::function<void(const StartedStage&)>& each);

// A case of a campaign received on or before `until`, in the order received (docs/reports.md,
// "campaigns"): the campaign's first case is its first row.
struct CampaignCase
{
  std::string_view day;
  std::int64_t campaign = 0;
};
void each_campaign_case(Database& db, std::string_view until, const Conditions& where,
                        const std::function<void(const CampaignCase&)>& each);

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
  std::string_view started_day;
  FacetValues facets;
};
// Which stages each_answered_stage reads: those acknowledged or responded to in the span, and
// also those started in it.
enum class StagesStarted
{
  no,
  also
};
// Three statements in all, not two per stage.
void each_answered_stage(Database& db, DaySpan span, const Selection& selection,
                         const std::function<void(const AnsweredStage&)>& each,
                         StagesStarted started = StagesStarted::no);

// A stage response with an outcome. With Facet::area among the facets, one row for each area
// the response names (one with no area when it names none).
struct StageOutcome
{
  std::string_view responded_day;
  std::optional<std::string_view> outcome;
  FacetValues facets;
};
void each_stage_outcome(Database& db, DaySpan span, const Selection& selection,
                        const std::function<void(const StageOutcome&)>& each);

// A stage of a procedure responded to in the span, with what the Complaint Handling Codes ask
// a council to report of it (reports/code_compliance.cpp): its extensions (working days in all,
// against the stage's cap; the reasons are free text, which reports do not read), whether it must
// be independent and how that was kept, and what happened next (a later stage of the same procedure
// started, the Ombudsman took the case up).
struct ComplianceStage
{
  std::string_view responded_day;
  std::int64_t extensions = 0;     // extensions granted
  std::int64_t extension_days = 0; // working days, all extensions together
  std::optional<int> max_extension_days;
  bool independent = false;
  std::optional<std::string_view> independence; // kept, overridden, unchecked
  bool escalated = false;                       // a later stage of the procedure started
  bool ombudsman = false;                       // the Ombudsman took the case up
  FacetValues facets;
};
void each_compliance_stage(Database& db, DaySpan span, const Selection& selection,
                           const std::function<void(const ComplianceStage&)>& each);

// An area named by a stage response with an outcome, by response day.
struct AreaNamed
{
  std::string_view day;
  std::string_view area;
};
void each_area_named(Database& db, DaySpan span, const Conditions& where,
                     const std::function<void(const AreaNamed&)>& each);

// ---- the audit trail ----

// Changes of type (not of procedure alone), by day.
struct TypeChangeCount
{
  std::string_view day;
  std::string_view from_type;
  std::string_view to_type;
  std::int64_t count = 0;
};
void count_type_changes(Database& db, DaySpan span, const Conditions& where,
                        const std::function<void(const TypeChangeCount&)>& each);

// Reclassifications from service request to complaint, by day.
void count_filed_as_service_request(Database& db, DaySpan span, const Conditions& where,
                                    const EachDayCount& each);

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
void each_unclassified_case(Database& db, std::string_view until, const Conditions& where,
                            const std::function<void(const UnclassifiedCase&)>& each);
// Cases classified (first) after `after`, received by `until`.
void each_classified_after(Database& db, std::string_view after, std::string_view until,
                           const Conditions& where,
                           const std::function<void(const UnclassifiedCase&)>& each);

// A case received in the span and not closed.
struct OpenInSpan
{
  std::string_view received_day;
  Date received;
  Date last_activity;
  bool open = false; // status open (not responded)
  bool sponsored = false;
  std::optional<Date> sponsor_updated;
};
void each_open_case(Database& db, DaySpan span, const Conditions& where,
                    const std::function<void(const OpenInSpan&)>& each);

// ---- the Ombudsman ----

// A case the Ombudsman took up in the span.
struct OmbudsmanOpened
{
  std::string_view day;
  FacetValues facets;
};
void each_ombudsman_opened(Database& db, DaySpan span, const Selection& selection,
                           const std::function<void(const OmbudsmanOpened&)>& each);

// A decision of the Ombudsman made in the span.
struct OmbudsmanDecision
{
  std::string_view day;
  std::string_view decision;
  FacetValues facets;
};
void each_ombudsman_decision(Database& db, DaySpan span, const Selection& selection,
                             const std::function<void(const OmbudsmanDecision&)>& each);

// A remedy agreed in the span.
struct Remedy
{
  std::string_view agreed_day;
  std::string_view kind;
  Date due;
  std::optional<Date> done_on;
  std::int64_t pence = 0;
};
void each_remedy(Database& db, DaySpan span, const Conditions& where,
                 const std::function<void(const Remedy&)>& each);

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
void each_learning(Database& db, DaySpan span, const Conditions& where,
                   const std::function<void(Learning&)>& each);

// Surveys sent in the span, grouped by day sent, whether returned by `as_of`, the answer, the
// stars and the facets.
struct SurveyCount
{
  std::string_view sent_day;
  bool returned = false;
  std::optional<bool> satisfied;
  std::optional<int> stars;
  std::int64_t count = 0;
  FacetValues facets;
};
void count_surveys(Database& db, DaySpan span, std::string_view as_of, const Selection& selection,
                   const std::function<void(const SurveyCount&)>& each);

} // namespace feedback::detail
