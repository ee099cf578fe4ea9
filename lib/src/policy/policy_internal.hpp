// SPDX-License-Identifier: MIT
// Private to the library: what the policy's model, its JSON document and its store share (the
// types a policy covers, one canonical order, and the checks every policy passes).
#pragma once

#include <feedback/policy/policy.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <string_view>

namespace feedback::detail {

inline constexpr std::string_view k_ombudsman = "ombudsman";

// Types a policy gives timescales for: the vocabulary's and a contact not yet classified.
inline constexpr std::string_view k_policy_types[] = {"unclassified",   "complaint",  "compliment",
                                                      "comment",        "suggestion", "enquiry",
                                                      "service-request"};

// Fails with Error(data_error) "`source`: `path`: `problem`", the one shape of every message
// about a policy.
class PolicyChecker
{
public:
  explicit PolicyChecker(std::string_view source) : m_source(source) {}

  [[noreturn]] void fail(std::string_view path, std::string_view problem) const
  {
    throw Error(ExitCode::data_error, fmt::format("{}: {}: {}", m_source, path, problem));
  }

private:
  std::string_view m_source;
};

// Procedures and types in vocabulary order, overrides by key, the ladder by days overdue: one
// canonical order, so a policy read back from the database or a document compares equal.
void normalize_policy(Policy& policy);

// Checks what a policy means (policy_check.cpp): known procedures and types, all of them
// defined, stages numbered in order, escalation that leads somewhere, days not negative, a
// ladder and rules that can work, known settings. Throws Error(data_error) naming `source` and
// the path of the first problem (e.g. `procedures.corporate.stages[0].respond_days`).
void validate_policy(const Policy& policy, std::string_view source);

} // namespace feedback::detail
