// SPDX-License-Identifier: MIT
// Private to the library: the statements behind correcting a case and reorganising services
// (cases/edit.cpp holds the rules).
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/cases/edit.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// The case with `reference` as stored (without its stages); throws Error(data_error) naming the
// reference if there is none.
CaseRecord load_record(Database& db, std::string_view reference);

// The first stage of a case: its id and start.
struct FirstStage
{
  std::int64_t id = 0;
  Date started;
};
std::optional<FirstStage> first_stage(Database& db, std::int64_t case_id);

// Something that happened on a case, which its receipt cannot follow.
struct DatedFact
{
  Date on;
  std::string what; // "the acknowledgement of stage 1", "a hold", ...
};

// The earliest dated fact of `case_id` that its receipt must not follow: an acknowledgement,
// a response or the end of a stage, the start of any stage but the first (`first_stage_id`), a
// hold, an extension, an escalation step, the Ombudsman's case, its closure; nullopt if none.
std::optional<DatedFact> earliest_fact(Database& db, std::int64_t case_id,
                                       std::int64_t first_stage_id);

// Each writes one column (or two) of a case, in the caller's transaction.
void set_case_service(Database& db, std::int64_t case_id, const std::optional<std::string>& code);
void set_case_received(Database& db, std::int64_t case_id, Date received,
                       std::string_view received_at);
void set_stage_started(Database& db, std::int64_t stage_id, Date started);
void set_case_summary(Database& db, std::int64_t case_id, std::string_view summary);
void set_case_channel(Database& db, std::int64_t case_id, std::string_view channel);
void set_case_sponsor(Database& db, std::int64_t case_id, const std::optional<std::string>& sponsor,
                      const std::optional<std::string>& sponsor_name);

// ---- services ----

void set_service_name(Database& db, std::string_view code, std::string_view name);
void set_service_directorate(Database& db, std::string_view code, std::string_view directorate);
void set_service_retired(Database& db, std::string_view code, Date on,
                         const std::optional<std::string>& merged_into);
void insert_service_event(Database& db, const ServiceEvent& event);
std::vector<ServiceEvent> load_service_events(Database& db, std::string_view code);
// The ids of the cases of service `code`, in id order.
std::vector<std::int64_t> cases_of_service(Database& db, std::string_view code);

} // namespace feedback::detail
