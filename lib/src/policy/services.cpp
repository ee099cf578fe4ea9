// SPDX-License-Identifier: MIT
#include "storage/service_store.hpp"

#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

void
add_service(Database& db, const Service& service)
{
  if (service.code.empty()) {
    throw Error(ExitCode::usage, "service code must not be empty");
  }
  if (service.name.empty()) {
    throw Error(ExitCode::usage, fmt::format("service {}: name must not be empty", service.code));
  }
  if (service.directorate.empty()) {
    throw Error(ExitCode::usage,
                fmt::format("service {}: directorate must not be empty", service.code));
  }
  if (service.default_procedure &&
      !vocabulary::contains(vocabulary::k_procedures, *service.default_procedure)) {
    throw Error(ExitCode::data_error,
                fmt::format("service {}: unknown procedure '{}' (expected {})", service.code,
                            *service.default_procedure,
                            vocabulary::join(vocabulary::k_procedures)));
  }
  Transaction tx(db);
  // Checked inside the transaction so the message is exact; the primary key still guards.
  if (find_service(db, service.code)) {
    throw Error(ExitCode::data_error, fmt::format("service {} already exists", service.code));
  }
  detail::insert_service(db, service);
  tx.commit();
}

std::vector<Service>
list_services(Database& db)
{
  return detail::load_services(db);
}

std::optional<Service>
find_service(Database& db, std::string_view code)
{
  return detail::load_service(db, code);
}

Service
require_service(Database& db, std::string_view code)
{
  if (auto found = find_service(db, code)) {
    return std::move(*found);
  }
  std::string known;
  for (const auto& s : list_services(db)) {
    known += (known.empty() ? "" : ", ") + s.code;
  }
  throw Error(ExitCode::data_error,
              fmt::format("unknown service '{}' (known: {}; add one with 'feedback-admin "
                          "service add')",
                          code, known.empty() ? "none yet" : known));
}

} // namespace feedback
