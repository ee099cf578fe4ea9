// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace feedback {

enum class BulkQuery
{
  add_days, // lines `DATE,N` answered `DATE,N,RESULT`
  between,  // lines `FROM,TO` answered `FROM,TO,DAYS`
};

// Answers calendar questions a line at a time, for scripts that ask millions of them.
// Appends the answer line (with "\n") to `out` and returns nullopt, or returns the problem
// (without a line number) and appends nothing. A trailing CR is ignored; blank lines are
// skipped.
std::optional<std::string> answer_bulk_line(const WorkingCalendar& calendar, BulkQuery query,
                                            std::string_view line, std::string& out);

} // namespace feedback
