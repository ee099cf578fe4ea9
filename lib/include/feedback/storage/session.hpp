// SPDX-License-Identifier: MIT
// What every command reads first, asked for at once.
#pragma once

#include <feedback/storage/database.hpp>

namespace feedback {

// Sends ahead what a command reads once its database is open, in this order: whether the
// schema is up to date (migrate), the login the audit trail records (officer_login) and the
// calendar's region (load_calendar). On PostgreSQL that is one round trip instead of four; on
// SQLite nothing. Only a matter of speed: each still reads what it needs, and what is not read
// next is dropped.
void read_session_ahead(Database& db);

} // namespace feedback
