// SPDX-License-Identifier: MIT
#include "storage/backend.hpp"
#include "storage/session_sql.hpp"

#include <feedback/storage/roles.hpp>
#include <feedback/storage/session.hpp>

namespace feedback {

void
read_session_ahead(Database& db)
{
  if (db.engine() != Engine::postgresql) {
    return;
  }
  detail::read_ahead(db, {{detail::k_stamp_exists_sql, {}},
                          {detail::k_stamp_sql, {}},
                          {detail::k_login_sql, {k_reporting_role, k_officer_role, k_admin_role}},
                          {detail::k_setting_sql, {std::string_view("region")}}});
}

} // namespace feedback
