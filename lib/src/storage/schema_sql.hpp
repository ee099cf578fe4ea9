// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>
#include <vector>

namespace feedback::detail {

struct Migration
{
  std::string_view name;
  std::string_view sql;
};

// The migrations of schema/, in order: element i takes user_version i to i + 1.
const std::vector<Migration>& migrations();
// The same steps in PostgreSQL's dialect (schema/postgresql/), as many and in the same order.
const std::vector<Migration>& postgresql_migrations();

} // namespace feedback::detail
