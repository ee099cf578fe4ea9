// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/case_status.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// Who makes a change and when: every change to a case is recorded with these.
struct Actor
{
  std::string officer;
  std::string now; // UTC timestamp, e.g. 2026-11-22T10:15:00Z
  Date today;      // Europe/London; dates given with --on may not be after it
};

// A complainant's personal data, kept apart from the case facts.
struct PersonalDetails
{
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> preferred_format;

  bool empty() const noexcept { return !name && !email && !phone && !address && !preferred_format; }
};

struct NewCase
{
  std::optional<std::string> type; // nullopt: unclassified (triage)
  std::string channel;
  std::optional<std::string> service;
  std::string summary;
  Date received;
  std::string received_at; // as given (date or timestamp)
  std::optional<std::string> procedure;
  std::optional<std::string> sponsor;
  std::optional<std::string> sponsor_name;
  bool info_request = false;
  PersonalDetails person;
  std::optional<std::string> external_ref;
  std::optional<std::string> owner;
  std::optional<std::string> subtype = std::nullopt; // a sub-type of its type in the policy
  std::vector<std::string> tags = {};                // words of the policy's tag vocabulary
  // Start at the procedure's informal resolution (stage 0) instead of stage 1.
  bool informal = false;
};

// Records a new case with its first stage, classified by the policy's rules, and returns its
// reference (e.g. FB-2026-000042). Throws Error(data_error) for unknown or retired words,
// procedure or sub-type, or an unknown service.
std::string create_case(Database& db, const NewCase& input, const Actor& actor);

// Changes to a case. Each validates the transition and throws Error(data_error) saying what is
// allowed when it is not (the case unchanged), Error(data_error) for an unknown reference, and
// records an audit event in the same transaction. A change dated `on` (late data entry lands on
// the day it happened) throws Error(data_error) naming `--on` and the date when it is after
// `actor.today` or before the case was received (or the step it follows); without `on` it is
// dated `actor.today`.
void classify_case(Database& db, std::string_view reference, std::string_view type,
                   const std::optional<std::string>& procedure, const Actor& actor);
// The same with a sub-type of `type` (nullopt: none), whose standard the stage takes.
void classify_case(Database& db, std::string_view reference, std::string_view type,
                   const std::optional<std::string>& procedure,
                   const std::optional<std::string>& subtype, const Actor& actor);
void classify_case(Database& db, std::string_view reference, std::string_view type,
                   const std::optional<std::string>& procedure,
                   const std::optional<std::string>& subtype, Date on, const Actor& actor);
// Adds `tags` (words of the policy's tag vocabulary) to the case; those it has are kept.
void tag_case(Database& db, std::string_view reference, const std::vector<std::string>& tags,
              const Actor& actor);
void tag_case(Database& db, std::string_view reference, const std::vector<std::string>& tags,
              Date on, const Actor& actor);
void redirect_case(Database& db, std::string_view reference, std::string_view organisation,
                   const Actor& actor);
void redirect_case(Database& db, std::string_view reference, std::string_view organisation, Date on,
                   const Actor& actor);
void assign_case(Database& db, std::string_view reference, std::string_view officer,
                 const Actor& actor);
void assign_case(Database& db, std::string_view reference, std::string_view officer, Date on,
                 const Actor& actor);
void add_note(Database& db, std::string_view reference, std::string_view text, const Actor& actor);
void add_note(Database& db, std::string_view reference, std::string_view text, Date on,
              const Actor& actor);
void acknowledge_case(Database& db, std::string_view reference, Date on, const Actor& actor);
void hold_case(Database& db, std::string_view reference, std::string_view reason, Date on,
               const Actor& actor);
void resume_case(Database& db, std::string_view reference, Date on, const Actor& actor);

struct ExtensionRequest
{
  int days = 0;
  std::string reason; // why (the holding letter's reason)
  // The good reason for going beyond the stage's cap, where its policy allows that; required
  // then, refused otherwise.
  std::optional<std::string> beyond_cap_reason;
  std::optional<Date> customer_told_on;  // default: the day it is granted
  std::optional<Date> on = std::nullopt; // the day it is granted (default: today)
};

// Extends the response deadline (docs/rules.md, Extensions). Returns the new response deadline,
// or nullopt while it waits for the acknowledgement it counts from. Throws Error(data_error) when
// the total would pass the stage's cap (beyond it only with a good reason, where the stage
// allows that), Error(usage) for days < 1 or an empty reason.
std::optional<Date> extend_case(Database& db, const WorkingCalendar& calendar,
                                std::string_view reference, const ExtensionRequest& request,
                                const Actor& actor);
// The same within the cap, told the customer today; returns the new deadline.
Date extend_case(Database& db, const WorkingCalendar& calendar, std::string_view reference,
                 int days, std::string_view reason, const Actor& actor);

struct ResponseInput
{
  std::optional<std::string> outcome;
  std::vector<std::string> areas;
  Date on;
  // Accepts a response to an independent stage by an officer who responded at an earlier one.
  std::optional<std::string> independence_override;
};

// Records the stage's response by `actor.officer`. Throws Error(data_error) for unknown or
// retired words, and when the stage must be independent (its policy says so) and the officer
// responded at an earlier stage of the case, naming that stage, unless overridden with a reason.
void respond_case(Database& db, std::string_view reference, const ResponseInput& input,
                  const Actor& actor);
void respond_case(Database& db, std::string_view reference,
                  const std::optional<std::string>& outcome, const std::vector<std::string>& areas,
                  Date on, const Actor& actor);
// The same response on each of `references` in one transaction: all are answered, or none
// (the first refusal is thrown, naming its case).
void respond_cases(Database& db, const std::vector<std::string>& references,
                   const ResponseInput& input, const Actor& actor);
// Resolved at the first point of contact: closed as resolved informally. At the informal step
// (stage 0) this is also its response, timed against its own timescale.
void resolve_informally(Database& db, std::string_view reference, Date on, const Actor& actor);
void withdraw_case(Database& db, std::string_view reference, Date on, const Actor& actor);
// The same with the customer's `reason` (nullopt: none given), kept on the event.
void withdraw_case(Database& db, std::string_view reference,
                   const std::optional<std::string>& reason, Date on, const Actor& actor);
void close_case(Database& db, std::string_view reference, Date on, const Actor& actor);
void reopen_case(Database& db, std::string_view reference, std::string_view reason, Date on,
                 const Actor& actor);
void sponsor_update(Database& db, std::string_view reference, Date on, const Actor& actor);

struct LearningInput
{
  std::string problem;
  std::string improvement;
  std::optional<std::string> action;
  std::optional<std::string> owner;
  std::optional<Date> due;
  std::optional<Date> on = std::nullopt; // the day it was recorded (default: today)
};
// Returns the learning entry's id.
std::int64_t add_learning(Database& db, std::string_view reference, const LearningInput& input,
                          const Actor& actor);
void learning_done(Database& db, std::string_view reference, std::int64_t id, Date on,
                   const Actor& actor);

struct SurveyInput
{
  bool sent_only = false; // record that a survey was sent, no response yet
  std::optional<bool> satisfied;
  std::optional<int> stars; // 1..5
  std::optional<std::string> reason;
  Date on;
};
void record_survey(Database& db, std::string_view reference, const SurveyInput& input,
                   const Actor& actor);

// ---- reading cases ----

// A stage as stored: the timescales fixed from the policy in force when it started, and what
// has happened to it since. The storage layer fills it; StageView adds what is derived.
struct StageRecord
{
  std::int64_t id = 0;
  std::optional<std::string> procedure;
  std::optional<int> stage; // 0: the informal resolution before stage 1
  int policy_version = 0;
  Date started;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  std::optional<int> max_extension_days;
  std::optional<Date> acknowledged;
  std::optional<Date> responded;
  std::optional<std::string> outcome;
  std::optional<Date> ended;
  Anchor acknowledge_from = Anchor::request;
  Anchor respond_from = Anchor::request;
  bool extension_beyond_cap = false;
  bool independent = false;
};

// Whether an independent stage's response was by someone not involved before.
enum class Independence
{
  kept,       // no earlier stage was responded to by the same officer
  overridden, // it was, and the officer recorded why that was accepted
  unchecked,  // an earlier stage's responder is not on record (before schema 9)
};
std::string_view independence_name(Independence independence) noexcept;
std::optional<Independence> parse_independence(std::string_view name) noexcept;

// A stage with its holds, extensions, complaint areas and deadlines, and who responded.
struct StageView : StageRecord
{
  std::vector<Hold> holds;
  std::vector<Extension> extensions;
  std::vector<std::string> areas;
  std::optional<std::string> responded_by = std::nullopt;
  std::optional<Independence> independence = std::nullopt;
  std::optional<std::string> independence_override = std::nullopt;
  Deadlines deadlines; // as of the day asked
};

struct EventView
{
  std::int64_t id = 0;
  std::string at;
  Date on;
  std::string officer;
  std::string kind;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::string detail;
};

struct LearningView
{
  std::int64_t id = 0;
  Date recorded_on;
  std::string problem;
  std::string improvement;
  std::optional<std::string> action;
  std::optional<std::string> owner;
  std::optional<Date> due;
  std::optional<Date> done_on;
};

struct SurveyView
{
  std::int64_t id = 0;
  std::optional<Date> sent_on;
  std::optional<Date> returned_on;
  std::optional<bool> satisfied;
  std::optional<int> stars;
  std::optional<std::string> reason;
};

// What every change to a case consults: which case it is, what kind, where it stands, who
// has it. The storage layer fills it; CaseRecord adds the rest of the stored case.
struct CaseBasics
{
  std::int64_t id = 0;
  std::string reference;
  std::optional<std::string> type; // nullopt: unclassified
  CaseStatus status = CaseStatus::open;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::optional<std::string> sponsor;
  bool info_request = false;
  Date received;
  std::optional<Date> closed_on;
};

// A case as stored: its basics and its other facts, without its stages.
struct CaseRecord : CaseBasics
{
  std::string channel;
  std::string summary;
  std::string received_at;
  std::optional<CaseClosure> closure; // how a closed case ended when not by a response
  std::optional<std::string> redirected_to;
  std::optional<std::string> sponsor_name;
  std::optional<Date> sponsor_updated;
  std::optional<std::string> external_ref;
  std::optional<std::string> source;
  std::optional<std::string> source_ref;
  std::optional<std::string> classified_by;
  Date last_activity;
  std::optional<std::string> subtype = std::nullopt;
};

// A remedy agreed after the Ombudsman's decision.
struct RemedyView
{
  std::int64_t id = 0;
  std::string kind;
  std::optional<std::int64_t> amount_pence;
  Date due;
  Date agreed_on;
  std::optional<Date> done_on;
};

// The Ombudsman's phase of a case: their reference, how the case came to them, their decision
// and the remedies agreed, in the order agreed.
struct OmbudsmanView
{
  std::string their_ref;
  Date opened_on;
  std::string origin; // after-response, premature or not-logged
  std::optional<std::string> decision;
  std::optional<Date> decided_on;
  std::vector<RemedyView> remedies;
};

// A whole case: its record, its stages, its timeline, learning, surveys and personal data.
struct CaseView : CaseRecord
{
  std::vector<StageView> stages; // oldest first; the last is the current stage
  std::vector<EventView> events; // by the day they happened, then in the order recorded
  std::vector<LearningView> learning;
  std::vector<SurveyView> surveys;
  std::optional<PersonalDetails> person;
  std::vector<std::string> tags = {}; // sorted
  std::optional<OmbudsmanView> ombudsman = std::nullopt;

  const StageView* current() const noexcept { return stages.empty() ? nullptr : &stages.back(); }
};

// What `stage` of a case received on `received` derives its deadlines from: its start, its
// timescales and their anchors, its acknowledgement (holds and extensions are the caller's).
StageTimes stage_times(const StageRecord& stage, Date received);

// The deadlines `stage` of `view` still has to meet (cases/deadlines.hpp's rule).
PendingDeadlines pending_deadlines(const CaseView& view, const StageView& stage);

// The case with `reference` (case-insensitive), with deadlines as of `as_of`, or nullopt.
std::optional<CaseView> find_case(Database& db, const WorkingCalendar& calendar,
                                  std::string_view reference, Date as_of);

enum class StatusFilter
{
  any,
  open,
  closed
};

struct ListFilter
{
  StatusFilter status = StatusFilter::any;
  std::optional<std::string> type;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::optional<std::string> procedure;
  std::optional<int> stage;
  bool overdue_only = false;
  std::optional<Date> received_from;
  std::optional<Date> received_to;
  // Sponsored cases only: by any sponsor (`sponsored`), of a kind (councillor, mp,
  // chief-executive) or by a sponsor's name (exact, ignoring ASCII case).
  bool sponsored = false;
  std::optional<std::string> sponsor_kind;
  std::optional<std::string> sponsor_name;
  std::size_t limit = 0; // 0: no limit
};

// One line of a case list.
struct CaseRow
{
  std::string reference;
  std::optional<std::string> type;
  CaseStatus status = CaseStatus::open;
  std::optional<std::string> procedure;
  std::optional<int> stage;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  Date received;
  std::optional<Date> acknowledge_due; // only while not yet acknowledged
  std::optional<Date> respond_due;     // only while not yet responded
  // Working days overdue of the most overdue pending deadline (negative: days left).
  std::optional<int> days_overdue;
  bool on_hold = false;
  bool overdue = false; // a pending deadline has passed and the case is not on hold
  std::optional<std::string> sponsor;
  std::string summary;
};

// A case a listing left out because a value stored for it is bad (written by an older version
// or by hand): its reference and the problem, naming the column and the value. The program
// warns of each; `feedback-admin check` finds them all.
struct SkippedCase
{
  std::string reference;
  std::string problem;
};

// Cases matching `filter`, by date received then reference, with deadlines as of `as_of`. A
// case with a bad stored value is left out and added to `skipped`; the rest are listed.
std::vector<CaseRow> list_cases(Database& db, const WorkingCalendar& calendar,
                                const ListFilter& filter, Date as_of,
                                std::vector<SkippedCase>& skipped);

// The cases list_cases() returns, handed to `each` one at a time as they are read: a list of
// any length costs memory for one row.
void for_each_case(Database& db, const WorkingCalendar& calendar, const ListFilter& filter,
                   Date as_of, std::vector<SkippedCase>& skipped,
                   const std::function<void(const CaseRow&)>& each);

} // namespace feedback
