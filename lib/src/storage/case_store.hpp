// SPDX-License-Identifier: MIT
// Private to the library: the statements behind one case, to read it whole and to record each
// change to it. The rules (what may change, when) are the caller's: cases/ and escalation/.
#pragma once

#include "storage/case_writer.hpp"
#include "storage/stored_values.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/policy/classification.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::detail {

// What a change needs to know of a case: its basics and its current stage.
struct CaseState : CaseBasics
{
  StageRecord stage;
};

// A case's whole record and its current stage.
struct StoredCase
{
  CaseRecord record;
  StageRecord stage;
};

// The columns of case_record that CaseBasics holds, and those CaseRecord adds, in the order
// read_case_basics and read_case_record read them from column `first` on; and those of
// case_stage for a StageRecord. Unqualified: a join qualifies them with qualified_columns. A
// change reads only the basics: each column more is work for every command (SQLite names every
// result column when it prepares).
inline constexpr std::string_view k_case_basics_columns =
    "id, reference, type, status, service, owner, sponsor, info_request, received, closed_on";
inline constexpr int k_case_basics_column_count = 10;
inline constexpr std::string_view k_case_record_columns =
    "id, reference, type, status, service, owner, sponsor, info_request, received, closed_on, "
    "channel, summary, received_at, closure, redirected_to, sponsor_name, sponsor_updated, "
    "external_ref, source, source_ref, classified_by, last_activity, subtype";
inline constexpr int k_case_record_column_count = 23;
inline constexpr std::string_view k_stage_record_columns =
    "id, procedure, stage, policy_version, started, acknowledge_days, respond_days, "
    "max_extension_days, acknowledged, responded, outcome, ended, acknowledge_from, "
    "respond_from, extension_beyond_cap, independent";
inline constexpr int k_stage_record_column_count = 16;
// What a StageView adds, read by show only.
inline constexpr std::string_view k_stage_view_columns =
    "responded_by, independence, independence_override";

// `columns` (a list as above) each qualified with `alias`: "c.id, c.reference, ...".
std::string qualified_columns(std::string_view columns, std::string_view alias);

void read_case_basics(const Statement& st, int first, CaseBasics& out);
void read_case_record(const Statement& st, int first, CaseRecord& out);
void read_stage_record(const Statement& st, int first, StageRecord& out);

// References are stored upper case; users may type them in any case.
std::string normalise_reference(std::string_view reference);

// ---- reading ----

// The case with `reference` and its current stage; throws Error(data_error) if there is none.
// Its read goes with the audit chain's tail (read_change_ahead) unless they were sent ahead.
CaseState load_state(Database& db, std::string_view reference);

// What a change to the case `reference` reads first, sent ahead in its write transaction (one
// round trip on PostgreSQL, nothing on SQLite): load_state's read, as asked the words of the
// policy in force (load_vocabulary()) and the current stage's holds (load_current_holds), and
// the audit chain's tail that its event extends. Call it before the first of them.
struct ChangeReads
{
  bool vocabulary = false;
  bool holds = false;
};
void read_change_ahead(Database& db, std::string_view reference, ChangeReads reads = {});

// The case with `reference` as stored, or nullopt: its record, every stage with its holds,
// extensions and areas, its events, learning, surveys and personal data. Deadlines are left to
// the caller (they depend on the calendar and the day asked).
std::optional<CaseView> load_case(Database& db, std::string_view reference);

// The case imported from `source` with the identity `source_ref` there, with its current stage,
// or nullopt.
std::optional<StoredCase> find_case_by_source(Database& db, std::string_view source,
                                              std::string_view source_ref);

// The stage's complaint areas, sorted.
std::vector<std::string> load_stage_areas(Database& db, std::int64_t stage_id);

// A case's personal data as stored, and whether it has been anonymised.
struct StoredPerson
{
  PersonalDetails details;
  bool anonymised = false;
};
std::optional<StoredPerson> load_person(Database& db, std::int64_t case_id);

std::vector<Hold> load_holds(Database& db, std::int64_t stage_id);
// The holds of the current stage of the case `reference`.
std::vector<Hold> load_current_holds(Database& db, std::string_view reference);
std::vector<Extension> load_extensions(Database& db, std::int64_t stage_id);
// The times of `stage` of a case received on `received`, with its holds and extensions.
StageTimes load_times(Database& db, const StageRecord& stage, Date received);

// Reads the holds and extensions of many stages with two statements prepared once: preparing
// them per row was most of the cost of listing a thousand cases.
class StageTimesReader
{
public:
  explicit StageTimesReader(Database& db);
  // The times of `stage` of a case received on `received`, its holds and extensions in date
  // order.
  StageTimes read(const StageRecord& stage, Date received);
  // The same for the stage with `stage_id`; `times` is reused (its vectors keep their storage).
  void read(std::int64_t stage_id, StageTimes& times);

private:
  Statement m_holds;
  Statement m_extensions;
};

// Who responded to each stage of `case_id` before the stage `before_stage_id`: (stage number,
// officer), oldest first; an officer not on record is nullopt.
std::vector<std::pair<std::optional<int>, std::optional<std::string>>>
earlier_responders(Database& db, std::int64_t case_id, std::int64_t before_stage_id);

// The tags of `case_id`, sorted.
std::vector<std::string> load_tags(Database& db, std::int64_t case_id);
// Adds each of `tags` the case does not have yet; returns those added.
std::vector<std::string> add_tags(Database& db, std::int64_t case_id,
                                  const std::vector<std::string>& tags);
std::optional<std::string> load_subtype(Database& db, std::int64_t case_id);
// The sub-type of `case_id` (nullopt: none).
void set_case_subtype(Database& db, std::int64_t case_id,
                      const std::optional<std::string>& subtype);

// The learning entry `id` of case `case_id`, or nullopt.
std::optional<LearningView> find_learning(Database& db, std::int64_t case_id, std::int64_t id);

// The newest survey of `case_id` not yet returned, or nullopt.
std::optional<std::int64_t> pending_survey(Database& db, std::int64_t case_id);

// ---- writing: each in the caller's transaction ----

// Whether record_event marks the case active on the event's day: `already_marked` where the
// caller knows it is (a case just inserted with that day as its last activity), which saves an
// UPDATE of the case (on PostgreSQL a tenth of `new`'s time on the server, measured).
enum class Activity
{
  mark,
  already_marked,
};

// Appends an audit event and marks the case active on `on`.
void record_event(Database& db, std::int64_t case_id, const Actor& actor, Date on,
                  std::string_view kind, const std::optional<std::string>& from,
                  const std::optional<std::string>& to, std::string_view detail,
                  Activity activity = Activity::mark);

// Inserts the case row, its first stage and its personal data; returns id and reference.
std::pair<std::int64_t, std::string> insert_case(Database& db, const NewCase& input,
                                                 const Classification& decided,
                                                 const StageSpec& spec);

// Inserts a stage starting on `started` and makes it the case's current stage.
std::int64_t insert_stage(Database& db, std::int64_t case_id, const StageSpec& spec, Date started);

void update_stage_spec(Database& db, std::int64_t stage_id, const StageSpec& spec);
void end_stage(Database& db, std::int64_t stage_id, Date on);
// Ends the stage on `on` unless it ended already.
void end_stage_unless_ended(Database& db, std::int64_t stage_id, Date on);
// The stage running again: not ended.
void unend_stage(Database& db, std::int64_t stage_id);

void set_case_type(Database& db, std::int64_t case_id, std::string_view type,
                   std::string_view classified_by);
void set_case_owner(Database& db, std::int64_t case_id, std::string_view owner);
// The case's status, and the case marked active on `on` (one UPDATE: record_event's mark is then
// Activity::already_marked).
void set_case_status(Database& db, std::int64_t case_id, CaseStatus status, Date on);
// Closed on `on`, by a response (no closure) or as `closure` says.
void close_case_record(Database& db, std::int64_t case_id, std::optional<CaseClosure> closure,
                       Date on);
// Closed on `on` as not the council's, redirected to `organisation`.
void redirect_case_record(Database& db, std::int64_t case_id, std::string_view organisation,
                          Date on);
// Not closed any more: `status`, no closure, no redirection, no closing date.
void reopen_case_record(Database& db, std::int64_t case_id, CaseStatus status);
// Open again at a new stage: no closure, no closing date (the redirection kept).
void restart_case_record(Database& db, std::int64_t case_id);
// The sponsor was told of progress on `on` (kept if a later day is recorded already).
void note_sponsor_update(Database& db, std::int64_t case_id, Date on);

void set_stage_acknowledged(Database& db, std::int64_t stage_id, Date on);
// The stage's response on `on` with `outcome` (it is also the acknowledgement if none came), who
// responded, and for an independent stage whether independence was kept.
void set_stage_response(Database& db, std::int64_t stage_id, Date on,
                        const std::optional<std::string>& outcome, std::string_view officer,
                        std::optional<Independence> independence,
                        const std::optional<std::string>& override_reason);
// Adds each of `areas` to the stage that it does not have yet.
void add_stage_areas(Database& db, std::int64_t stage_id, const std::vector<std::string>& areas);

void delete_stage_areas(Database& db, std::int64_t stage_id);

// Writes over the case's personal data (the row exists).
void update_person(Database& db, std::int64_t case_id, const PersonalDetails& person);

void add_hold(Database& db, std::int64_t stage_id, Date on, std::string_view reason);
// Ends the stage's running hold on `on`.
void resume_holds(Database& db, std::int64_t stage_id, Date on);
void add_extension(Database& db, std::int64_t stage_id, const Extension& extension);

// Returns the entry's id.
std::int64_t insert_learning(Database& db, std::int64_t case_id, Date recorded_on,
                             const LearningInput& input);
void set_learning_done(Database& db, std::int64_t id, Date on);

// Returns the survey's id.
std::int64_t insert_survey(Database& db, std::int64_t case_id, Date sent_on);
void set_survey_returned(Database& db, std::int64_t survey_id, Date on, bool satisfied,
                         std::optional<int> stars, const std::optional<std::string>& reason);

} // namespace feedback::detail
