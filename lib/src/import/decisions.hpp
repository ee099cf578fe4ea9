// SPDX-License-Identifier: MIT
// Private to the importer: what the policy makes of a record's classification.
#pragma once

#include "import/import_row.hpp"
#include "storage/case_writer.hpp"

#include <feedback/policy/classification.hpp>
#include <feedback/policy/policy.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace feedback::import {

// What the policy makes of a combination of type, procedure, stage, sponsor and service.
struct Decision
{
  std::optional<std::string> problem_field; // a record with this combination is bad
  std::string problem;
  Classification classification;
  detail::StageSpec spec;
  std::string classified_by;
};

// Decides each record's classification and first timescales under the policy in force, once per
// combination: most records of an export share a few.
class Decisions
{
public:
  // `policy` and `services` (code -> default procedure) as the database has them now; `source`
  // names the export in classified_by. With `create_services` an unknown service is not a
  // problem (the importer creates it).
  Decisions(Policy policy, std::unordered_map<std::string, std::optional<std::string>> services,
            std::string_view source, bool create_services);

  const Decision& decide(const Row& row);

  bool has_service(const std::string& code) const { return m_services.count(code) != 0; }
  // A service created during the import, with no default procedure.
  void add_service(const std::string& code) { m_services.emplace(code, std::nullopt); }

private:
  Policy m_policy;
  std::unordered_map<std::string, std::optional<std::string>> m_services;
  std::string m_source;
  bool m_create_services;
  std::string m_key;
  std::unordered_map<std::string, Decision> m_decisions;
};

} // namespace feedback::import
