// SPDX-License-Identifier: MIT
// Private to the library: rules that recording a case and taking it up a stage share.
#pragma once

#include "storage/case_writer.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/policy/policy.hpp>

#include <optional>
#include <string>
#include <string_view>

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

// A date given for a change (--on): throws Error(data_error) if it is after today or before
// `earliest` (named by `earliest_what`).
void check_on(Date on, const Actor& actor, Date earliest, std::string_view earliest_what);

} // namespace feedback::detail
