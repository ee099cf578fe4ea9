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
  const auto reads = detail::session_reads();
  detail::read_ahead(db, reads);
}

} // namespace feedback
