// SPDX-License-Identifier: MIT
#include "storage/backend.hpp"

#include <feedback/storage/exclusive_run.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

ExclusiveRun::ExclusiveRun(Database& db) : m_db(db)
{
  if (!detail::DatabaseAccess::connection(db).try_lock_run()) {
    throw Error(ExitCode::temp_failure,
                fmt::format("database {} is busy: another escalation run is under way on it; "
                            "this one stops (run it again once that one has finished)",
                            db.path()));
  }
}

ExclusiveRun::~ExclusiveRun() { detail::DatabaseAccess::connection(m_db).unlock_run(); }

} // namespace feedback
