// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/policy/policy.hpp>

#include <optional>
#include <string>

namespace feedback {

// What is known of a contact when it is classified.
struct ClassificationInput
{
  std::optional<std::string> type;              // as given by the officer; nullopt: unclassified
  std::optional<std::string> sponsor;           // councillor, mp, chief-executive
  bool info_request = false;                    // demonstrably only a request for information
  std::optional<std::string> procedure;         // as given by the officer (--procedure)
  std::optional<std::string> service;           // the service's code
  std::optional<std::string> service_procedure; // the service's default procedure
  // An officer's explicit (re)classification: the type is final, rules only pick a procedure.
  bool officer_decides_type = false;
};

struct Classification
{
  std::optional<std::string> type;      // nullopt: unclassified (triage)
  std::optional<std::string> procedure; // nullopt: the type follows no procedure
  std::string explanation;              // which rule decided, and why: one line per decision
};

// Applies the policy's classification rules (docs/rules.md, Classification): the first matching
// rule that sets a type decides it; the procedure is the officer's, else the first matching rule's,
// else for a complaint the service's default, else the type's default from the policy.
Classification classify(const Policy& policy, const ClassificationInput& input);

} // namespace feedback
