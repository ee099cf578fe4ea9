// SPDX-License-Identifier: MIT
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

namespace {

Service
service_from_row(const Statement& st)
{
  return {st.column_text(0).value_or(""), st.column_text(1).value_or(""),
          st.column_text(2).value_or(""), st.column_text(3)};
}

} // namespace

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
  Statement(db, "INSERT INTO service (code, name, directorate, default_procedure) "
                "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, service.code)
      .bind(2, service.name)
      .bind(3, service.directorate)
      .bind(4, service.default_procedure)
      .run();
  tx.commit();
}

std::vector<Service>
list_services(Database& db)
{
  Statement st(db, "SELECT code, name, directorate, default_procedure FROM service ORDER BY code");
  std::vector<Service> out;
  while (st.step()) {
    out.push_back(service_from_row(st));
  }
  return out;
}

std::optional<Service>
find_service(Database& db, std::string_view code)
{
  Statement st(db,
               "SELECT code, name, directorate, default_procedure FROM service WHERE code = ?1");
  st.bind(1, code);
  if (!st.step()) {
    return std::nullopt;
  }
  return service_from_row(st);
}

} // namespace feedback
