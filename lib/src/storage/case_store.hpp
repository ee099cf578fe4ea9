// SPDX-License-Identifier: MIT
// Private to the library: reading and writing the rows behind a case.
#pragma once

#include "storage/case_writer.hpp"
#include "storage/stored_values.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/policy/classification.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::detail {

// The timescales stage `stage_no` of `procedure` starts with under `policy` (the service's
// override applied), or, for a type that follows no procedure, the type's; an unclassified
// contact gets the acknowledgement clock only. Fills `spec` and returns nullopt, or returns
// the problem (no such stage).
std::optional<std::string> make_stage_spec(const Policy& policy,
                                           const std::optional<std::string>& type,
                                           const std::optional<std::string>& procedure,
                                           int stage_no, const std::optional<std::string>& service,
                                           StageSpec& spec);

// What a change needs to know of a case: its record and its current stage.
struct CaseState : CaseRecord
{
  StageRecord stage;
};

// The columns of case_record (as `c`) that a CaseRecord holds, in the order read_case_record
// reads them from column `first` on; and those of case_stage (as `s`) for a StageRecord.
inline constexpr std::string_view k_case_record_columns =
    "c.id, c.reference, c.type, c.channel, c.service, c.summary, c.received, c.received_at, "
    "c.status, c.closure, c.redirected_to, c.owner, c.sponsor, c.sponsor_name, c.info_request, "
    "c.sponsor_updated, c.external_ref, c.source, c.source_ref, c.classified_by, c.closed_on, "
    "c.last_activity";
inline constexpr int k_case_record_column_count = 22;
inline constexpr std::string_view k_stage_record_columns =
    "s.id, s.procedure, s.stage, s.policy_version, s.started, s.acknowledge_days, "
    "s.respond_days, s.max_extension_days, s.acknowledged, s.responded, s.outcome, s.ended";
inline constexpr int k_stage_record_column_count = 12;

void read_case_record(const Statement& st, int first, CaseRecord& out);
void read_stage_record(const Statement& st, int first, StageRecord& out);

// References are stored upper case; users may type them in any case.
std::string normalise_reference(std::string_view reference);

// The case with `reference`; throws Error(data_error) if there is none.
CaseState load_state(Database& db, std::string_view reference);

// A date given for a change (--on): throws Error(data_error) if it is after today or before
// `earliest` (named by `earliest_what`).
void check_on(Date on, const Actor& actor, Date earliest, std::string_view earliest_what);

// Appends an audit event and marks the case active on `on`.
void record_event(Database& db, std::int64_t case_id, const Actor& actor, Date on,
                  std::string_view kind, const std::optional<std::string>& from,
                  const std::optional<std::string>& to, std::string_view detail);

// Inserts the case row, its first stage and its personal data; returns id and reference.
std::pair<std::int64_t, std::string> insert_case(Database& db, const NewCase& input,
                                                 const Classification& decided,
                                                 const StageSpec& spec, const Actor& actor);

// Inserts a stage starting on `started` and makes it the case's current stage.
std::int64_t insert_stage(Database& db, std::int64_t case_id, const StageSpec& spec, Date started);

void update_stage_spec(Database& db, std::int64_t stage_id, const StageSpec& spec);
void end_stage(Database& db, std::int64_t stage_id, Date on);

std::vector<Hold> load_holds(Database& db, std::int64_t stage_id);
std::vector<Extension> load_extensions(Database& db, std::int64_t stage_id);
StageTimes load_times(Database& db, const StageRecord& stage);

// Reads the holds and extensions of many stages with two statements prepared once: preparing
// them per row was most of the cost of listing a thousand cases.
class StageTimesReader
{
public:
  explicit StageTimesReader(Database& db);
  StageTimes read(const StageRecord& stage);

private:
  Statement m_holds;
  Statement m_extensions;
};

} // namespace feedback::detail
