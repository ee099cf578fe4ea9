// SPDX-License-Identifier: MIT
#include "import/decisions.hpp"

#include "cases/case_rules.hpp"

#include <fmt/core.h>

namespace feedback::import {

Decisions::Decisions(Policy policy,
                     std::unordered_map<std::string, std::optional<std::string>> services,
                     std::string_view source, bool create_services)
    : m_policy(std::move(policy)), m_services(std::move(services)), m_source(source),
      m_create_services(create_services)
{
}

const Decision&
Decisions::decide(const Row& row)
{
  m_key.clear();
  for (const auto f :
       {ImportField::type, ImportField::procedure, ImportField::sponsor, ImportField::service}) {
    m_key += row.present(f) ? row.value(f) : std::string_view("\x01");
    m_key += '\x1f';
  }
  m_key += std::to_string(row.stage);
  m_key += row.info_request ? 'y' : 'n';
  m_key += row.fixed[static_cast<std::size_t>(ImportField::type)] ? 'c' : 'x';
  m_key += row.fixed[static_cast<std::size_t>(ImportField::procedure)] ? 'c' : 'x';
  if (const auto it = m_decisions.find(m_key); it != m_decisions.end()) {
    return it->second;
  }
  Decision d;
  ClassificationInput ci;
  ci.type = row.optional_text(ImportField::type);
  ci.sponsor = row.optional_text(ImportField::sponsor);
  ci.info_request = row.info_request;
  ci.procedure = row.optional_text(ImportField::procedure);
  ci.service = row.optional_text(ImportField::service);
  if (ci.service) {
    const auto known = m_services.find(*ci.service);
    if (known == m_services.end()) {
      if (!m_create_services) {
        d.problem_field = "service";
        d.problem = fmt::format("unknown service '{}' (add it with 'feedback-admin service "
                                "add', map the value to a known code in the mapping, or "
                                "import with --create-services)",
                                RowMapper::shown(*ci.service));
        return m_decisions.emplace(m_key, std::move(d)).first->second;
      }
    } else {
      ci.service_procedure = known->second;
    }
  }
  // The old system's type is a recorded fact: the rules only pick a procedure for it. A
  // contact it never classified is classified by the rules, as a new one would be.
  ci.officer_decides_type = ci.type.has_value();
  d.classification = classify(m_policy, ci);
  if (auto p = detail::make_stage_spec(m_policy, d.classification.type, d.classification.procedure,
                                       row.stage, ci.service, d.spec)) {
    d.problem_field = "stage";
    d.problem = *p;
  }
  // The rules say "as given by the officer" for a type or procedure decided before them; here it
  // was the export, or the mapping itself (a "const" or "default").
  auto given = [&](std::string_view what, const std::optional<std::string>& value, ImportField f) {
    if (!value) {
      return;
    }
    const auto from = fmt::format("{} {}: as given by the officer", what, *value);
    const auto at = d.classification.explanation.find(from);
    if (at != std::string::npos) {
      d.classification.explanation.replace(at, from.size(),
                                           fmt::format("{} {}: {}", what, *value,
                                                       row.fixed[static_cast<std::size_t>(f)]
                                                           ? "by the import mapping"
                                                           : "as the export gives it"));
    }
  };
  given("type", ci.type, ImportField::type);
  given("procedure", ci.procedure, ImportField::procedure);
  d.classified_by = fmt::format("imported from {}: {}", m_source, d.classification.explanation);
  return m_decisions.emplace(m_key, std::move(d)).first->second;
}

} // namespace feedback::import
