// SPDX-License-Identifier: MIT
// Private to the library: the statements behind the overdue list and the nightly escalation
// run. The ladder and its rules are escalation/'s.
#pragma once

#include "storage/case_writer.hpp"

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/case_status.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// A case not closed, with its current stage and everything its deadlines depend on.
struct OpenCase
{
  std::int64_t case_id = 0;
  std::string reference;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::optional<std::string> sponsor;
  std::optional<Date> sponsor_updated;
  Date received;
  CaseStatus status = CaseStatus::open;
  // Of the current stage: id, procedure, stage, started, timescales, acknowledged, responded.
  StageRecord stage;
  std::vector<Hold> holds;           // their reasons left out
  std::vector<Extension> extensions; // their reasons left out
};

// Every case not closed (of `service` and `owner` when given), read in bulk: one query for the
// cases and one each for holds and extensions, so a night with 100,000 open cases costs three
// scans, not 300,000 lookups. A case with a bad stored value (its own, its current stage's, a
// hold's or an extension's) is left out and added to `skipped`.
std::vector<OpenCase> load_open_cases(Database& db, const std::optional<std::string>& service,
                                      const std::optional<std::string>& owner,
                                      std::vector<SkippedCase>& skipped);

// The cases load_open_cases() returns, handed to `each` one at a time as they are read (the
// holds and extensions, few beside the cases, are read first): memory for one case, not for
// 100,000. `each` may move from the case it is given.
void for_each_open_case(Database& db, const std::optional<std::string>& service,
                        const std::optional<std::string>& owner, std::vector<SkippedCase>& skipped,
                        const std::function<void(OpenCase&)>& each);

// A ladder step, sponsor reminder or remedy reminder recorded by an earlier run.
struct RecordedStep
{
  std::int64_t case_id = 0;
  std::int64_t stage_id = 0;
  std::string deadline;
  std::string level;
  Date due;
  std::int64_t remedy_id = 0;
};

// The sponsor histories of the sponsored cases not closed, and with `closed_after` those closed
// after that day too, by case id (escalation.hpp); a closed case's stages wait until the day it
// closed at the latest. A case whose stored dates are bad is left out (load_open_cases reports
// it). Without `closed_after` it reads the open cases only (an index serves them).
std::map<std::int64_t, SponsorHistory>
load_sponsor_histories(Database& db, const std::optional<Date>& closed_after = std::nullopt);

// The sponsored cases closed after `after` (a catch-up's missed nights saw them open), with
// their id, reference, service, owner and sponsor only.
std::vector<OpenCase> load_sponsored_closed_after(Database& db, Date after);

// The day of the latest run that recorded a step, or nullopt.
std::optional<Date> latest_run(Database& db);

// The steps recorded for cases not closed, every remedy step, and with `closed_after` the
// sponsor reminders of cases closed after that day.
std::vector<RecordedStep>
load_recorded_steps(Database& db, const std::optional<Date>& closed_after = std::nullopt);

// A remedy not done by its due date.
struct RemedyDue
{
  std::int64_t remedy_id = 0;
  Date due;
  std::int64_t case_id = 0;
  std::string reference;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::int64_t stage_id = 0; // the case's current stage
};

// Remedies not done and due before `as_of`.
std::vector<RemedyDue> remedies_past_due(Database& db, Date as_of);

// A step to record, with its audit event.
struct NewStep
{
  std::int64_t case_id = 0;
  std::int64_t stage_id = 0;
  std::int64_t remedy_id = 0;
  std::string_view deadline;
  std::string_view level;
  std::string_view notify;
  Date due;
  Date reached_on;
  std::string_view event_detail;
};

// Records the steps of one run (as of `run_as_of`, at `actor.now`) with their audit events,
// many rows per INSERT (BatchInsert, CaseWriter's batched mode): a catch-up records hundreds of
// thousands, and on PostgreSQL a statement each was three round trips a step. Every event has
// a text, whose batch is written first, so the foreign keys hold at each statement (SQLite
// checks them there). flush() writes what is still waiting, before the run's transaction
// commits. An escalation is not an officer's activity: last_activity is left alone.
class StepWriter
{
public:
  StepWriter(Database& db, Date run_as_of, const Actor& actor);
  void write(const NewStep& step);
  void flush();

private:
  BatchInsert m_step;
  CaseWriter m_events;
  std::string m_run_day;
  const Actor& m_actor;
};

} // namespace feedback::detail
