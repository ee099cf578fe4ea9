// SPDX-License-Identifier: MIT
#include <feedback/util/error.hpp>

#include <sqlite3.h>

namespace feedback {

Error::Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code)
{
}

ExitCode
exit_code_for_sqlite(int rc) noexcept
{
  switch (rc & 0xff) {
  case SQLITE_OK:
  case SQLITE_ROW:
  case SQLITE_DONE:
    return ExitCode::ok;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return ExitCode::temp_failure;
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_READONLY:
    return ExitCode::io_error;
  case SQLITE_CANTOPEN:
    return ExitCode::cant_create;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
  case SQLITE_CONSTRAINT:
  case SQLITE_MISMATCH:
    return ExitCode::data_error;
  default:
    return ExitCode::software;
  }
}

} // namespace feedback
