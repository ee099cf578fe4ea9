// SPDX-License-Identifier: MIT
#include "storage/service_store.hpp"

#include "storage/stored_values.hpp"

namespace feedback::detail {

namespace {

Service
service_from_row(const Statement& st)
{
  Service s{st.column_text(0).value_or(""), st.column_text(1).value_or(""),
            st.column_text(2).value_or(""), st.column_text(3)};
  if (const auto retired = st.column_text(4)) {
    s.retired_on = stored_date(*retired, "service.retired_on");
  }
  s.merged_into = st.column_text(5);
  return s;
}

} // namespace

void
insert_service(Database& db, const Service& service)
{
  Statement(db, "INSERT INTO service (code, name, directorate, default_procedure) "
                "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, service.code)
      .bind(2, service.name)
      .bind(3, service.directorate)
      .bind(4, service.default_procedure)
      .run();
}

std::vector<Service>
load_services(Database& db)
{
  Statement st(db, "SELECT code, name, directorate, default_procedure, retired_on, merged_into "
                   "FROM service ORDER BY code");
  std::vector<Service> out;
  while (st.step()) {
    out.push_back(service_from_row(st));
  }
  return out;
}

std::optional<Service>
load_service(Database& db, std::string_view code)
{
  Statement st(db, "SELECT code, name, directorate, default_procedure, retired_on, merged_into "
                   "FROM service WHERE code = ?1");
  st.bind(1, code);
  if (!st.step()) {
    return std::nullopt;
  }
  return service_from_row(st);
}

} // namespace feedback::detail
