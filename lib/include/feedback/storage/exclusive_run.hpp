// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/storage/database.hpp>

namespace feedback {

// While alive, this connection is the only one running the nightly escalation run on its
// database. On PostgreSQL another program's run, on another machine too, makes the constructor
// throw Error(temp_failure) at once (exit 75: the run that overlaps has nothing to add to the
// one under way); on SQLite nothing is taken, the run's write transaction holding the file.
class ExclusiveRun
{
public:
  explicit ExclusiveRun(Database& db);
  ~ExclusiveRun();
  ExclusiveRun(const ExclusiveRun&) = delete;
  ExclusiveRun& operator=(const ExclusiveRun&) = delete;

private:
  Database& m_db;
};

} // namespace feedback
