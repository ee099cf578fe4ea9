// SPDX-License-Identifier: MIT
#include <feedback/policy/classification.hpp>

#include <fmt/core.h>

#include <algorithm>

namespace feedback {

namespace {

bool
listed(const std::vector<std::string>& list, std::string_view value)
{
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool
matches(const ClassificationRule& rule, const ClassificationInput& input)
{
  if (!rule.sponsors.empty() && (!input.sponsor || !listed(rule.sponsors, *input.sponsor))) {
    return false;
  }
  if (rule.info_request && *rule.info_request != input.info_request) {
    return false;
  }
  if (!rule.types.empty() && !listed(rule.types, input.type.value_or("unclassified"))) {
    return false;
  }
  return true;
}

} // namespace

Classification
classify(const Policy& policy, const ClassificationInput& input)
{
  Classification result;
  result.type = input.type;
  std::vector<std::string> why;
  const ClassificationRule* type_rule = nullptr;
  const ClassificationRule* procedure_rule = nullptr;
  for (const auto& rule : policy.rules) {
    if (!matches(rule, input)) {
      continue;
    }
    if (rule.set_type && type_rule == nullptr && !input.officer_decides_type) {
      type_rule = &rule;
    }
    if (rule.set_procedure && procedure_rule == nullptr) {
      procedure_rule = &rule;
    }
  }
  if (type_rule != nullptr) {
    result.type = type_rule->set_type;
    why.push_back(
        fmt::format("type {}: rule {}: {}", *result.type, type_rule->name, type_rule->reason));
  } else if (input.type) {
    why.push_back(fmt::format("type {}: as given by the officer", *input.type));
  } else {
    why.push_back("type: unclassified until an officer classifies it");
  }

  if (input.procedure) {
    result.procedure = input.procedure;
    why.push_back(fmt::format("procedure {}: as given by the officer", *input.procedure));
  } else if (procedure_rule != nullptr) {
    result.procedure = procedure_rule->set_procedure;
    why.push_back(fmt::format("procedure {}: rule {}: {}", *result.procedure, procedure_rule->name,
                              procedure_rule->reason));
  } else if (result.type == "complaint" && input.service_procedure) {
    result.procedure = input.service_procedure;
    why.push_back(fmt::format("procedure {}: the default procedure of service {}",
                              *result.procedure, input.service.value_or("?")));
  } else if (const auto* tp = policy.type(result.type.value_or("unclassified"));
             tp != nullptr && tp->procedure) {
    result.procedure = tp->procedure;
    why.push_back(fmt::format("procedure {}: the policy's procedure for {}", *result.procedure,
                              result.type.value_or("unclassified")));
  } else {
    why.push_back(fmt::format("procedure: none ({} follows no procedure)",
                              result.type.value_or("an unclassified contact")));
  }
  for (std::size_t i = 0; i < why.size(); ++i) {
    result.explanation += (i ? "; " : "") + why[i];
  }
  return result;
}

} // namespace feedback
