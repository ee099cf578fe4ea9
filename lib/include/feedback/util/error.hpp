// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace feedback {

// Process exit codes, with the sysexits numbers (docs/rules.md, Exit codes).
enum class ExitCode : int
{
  ok = 0,
  usage = 64,        // bad flag or argument, unparsable date in an argument
  data_error = 65,   // well-formed but wrong input, foreign or newer database, constraint
  no_input = 66,     // a database file that should exist does not
  unsupported = 69,  // an operation this database's engine does not have (a file backup of
                     // PostgreSQL: the council uses pg_dump there)
  software = 70,     // a bug: SQL error, misuse, any other exception
  cant_create = 73,  // cannot create the database or an output file
  io_error = 74,     // disk full, read-only, I/O error, stdout failed
  temp_failure = 75, // database busy or locked past the timeout: try again later
};

// The one exception type of the toolkit: a message for stderr and the exit code it maps to.
class Error : public std::runtime_error
{
public:
  Error(ExitCode code, const std::string& message);
  ExitCode code() const noexcept { return m_code; }

private:
  ExitCode m_code;
};

// Maps a SQLite result code (primary or extended) to the exit code a program should return.
ExitCode exit_code_for_sqlite(int rc) noexcept;

} // namespace feedback
