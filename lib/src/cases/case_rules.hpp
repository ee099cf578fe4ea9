// SPDX-License-Identifier: MIT
// Private to the library: rules that recording a case and taking it up a stage share.
#pragma once

#include "storage/case_writer.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace feedback::detail {

// The timescales stage `stage_no` of `procedure` starts with under `policy` (the service's
// override applied), with what they count from, its extension rule and its independence; stage
// 0 is the procedure's informal resolution. For a type that follows no procedure, the type's
// timescales; an unclassified contact gets the acknowledgement clock only. A sub-type's
// standard replaces the timescales it gives of the type or of a first stage. Fills `spec` and
// returns nullopt, or returns the problem (no such stage, no informal step).
std::optional<std::string> make_stage_spec(const Policy& policy,
                                           const std::optional<std::string>& type,
                                           const std::optional<std::string>& procedure,
                                           int stage_no, const std::optional<std::string>& service,
                                           StageSpec& spec,
                                           const std::optional<std::string>& subtype = {});

// Records a new case in the caller's transaction (create_case's work): checks its words against
// the policy in force, classifies it and writes it with its first stage, tags and events.
// Returns its id and reference.
std::pair<std::int64_t, std::string> record_new_case(Database& db, const NewCase& input,
                                                     const Actor& actor);

// Throws Error(usage) "WHAT must not be empty" for a value that is empty or only blanks.
void require_text(std::string_view what, std::string_view value);

// A date given for a change (--on): throws Error(data_error) if it is after today or before
// `earliest` (named by `earliest_what`).
void check_on(Date on, const Actor& actor, Date earliest, std::string_view earliest_what);

// classify_case's work in the caller's transaction (edit_case changes the type with it), dated
// `on` (checked as check_on does).
void reclassify(Database& db, std::string_view reference, std::string_view type,
                const std::optional<std::string>& procedure,
                const std::optional<std::string>& subtype, Date on, const Actor& actor);

// Throws Error(data_error) naming `what` unless service `code` exists and is not retired
// (cases/edit.cpp): a retired service takes no new cases. Returns the service.
Service require_service_takes_cases(Database& db, std::string_view what, std::string_view code);

} // namespace feedback::detail
