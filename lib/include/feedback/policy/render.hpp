// SPDX-License-Identifier: MIT
// Policy as text for people (feedback-admin policy show); scripts take policy_to_json.
#pragma once

#include <feedback/policy/policy.hpp>

#include <string>

namespace feedback {

// The whole policy as one aligned table per part: procedures, stages and their timescales in
// working days with where a customer still dissatisfied goes next, types, service overrides,
// the escalation ladder, the classification rules in the order they are tried, and settings.
// A part with nothing in it says "(none)".
std::string render_policy(const Policy& policy);

} // namespace feedback
