// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/storage/database.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// A council service that cases are routed to, with its default procedure (e.g. children's
// social care -> childrens-statutory).
struct Service
{
  std::string code;
  std::string name;
  std::string directorate;
  std::optional<std::string> default_procedure;
  // Retired services take no new cases; the cases they had keep naming them (cases/edit.hpp).
  std::optional<Date> retired_on = std::nullopt;
  std::optional<std::string> merged_into = std::nullopt; // where its cases went, if merged
};

// Adds `service`. Throws Error(data_error) if the code exists or the procedure is unknown,
// Error(usage) for an empty code, name or directorate. Takes its own transaction.
void add_service(Database& db, const Service& service);

// Every service, by code, retired ones too.
std::vector<Service> list_services(Database& db);

// The service with `code`, or nullopt.
std::optional<Service> find_service(Database& db, std::string_view code);

// The service with `code`, or Error(data_error) "unknown service 'X' (known: ...)": the one
// message for a service named anywhere (new, list --service, overdue --service).
Service require_service(Database& db, std::string_view code);

} // namespace feedback
