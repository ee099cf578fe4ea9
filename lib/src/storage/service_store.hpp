// SPDX-License-Identifier: MIT
// Private to the library: the statements behind the service table. Validation is policy/'s.
#pragma once

#include <feedback/policy/services.hpp>
#include <feedback/storage/database.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace feedback::detail {

void insert_service(Database& db, const Service& service);
// Every service, by code.
std::vector<Service> load_services(Database& db);
// The service with `code`, or nullopt.
std::optional<Service> load_service(Database& db, std::string_view code);

} // namespace feedback::detail
