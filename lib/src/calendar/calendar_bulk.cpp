// SPDX-License-Identifier: MIT
#include <feedback/calendar/calendar_bulk.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <charconv>

namespace feedback {

namespace {

std::string_view
trim(std::string_view s) noexcept
{
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

void
append_int(std::string& out, int value)
{
  char buf[16];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

} // namespace

std::optional<std::string>
answer_bulk_line(const WorkingCalendar& calendar, BulkQuery query, std::string_view line,
                 std::string& out)
{
  line = trim(line);
  if (line.empty()) {
    return std::nullopt;
  }
  const auto comma = line.find(',');
  if (comma == std::string_view::npos) {
    return query == BulkQuery::add_days ? fmt::format("expected DATE,N: '{}'", line)
                                        : fmt::format("expected FROM,TO: '{}'", line);
  }
  const auto first = trim(line.substr(0, comma));
  const auto second = trim(line.substr(comma + 1));
  const auto from = parse_iso_date(first);
  if (!from) {
    return fmt::format("not a date (expected YYYY-MM-DD): '{}'", first);
  }
  try {
    if (query == BulkQuery::add_days) {
      int n = 0;
      const auto res = std::from_chars(second.data(), second.data() + second.size(), n);
      if (res.ec != std::errc{} || res.ptr != second.data() + second.size() || n < 0) {
        return fmt::format("not a whole number of working days (0 or more): '{}'", second);
      }
      const Date result = calendar.add_working_days(*from, n);
      out.append(first);
      out.push_back(',');
      out.append(second);
      out.push_back(',');
      const auto size = out.size();
      out.resize(size + 10);
      format_date_to(result, out.data() + size);
      out.push_back('\n');
    } else {
      const auto to = parse_iso_date(second);
      if (!to) {
        return fmt::format("not a date (expected YYYY-MM-DD): '{}'", second);
      }
      const int days = calendar.working_days_between(*from, *to);
      out.append(first);
      out.push_back(',');
      out.append(second);
      out.push_back(',');
      append_int(out, days);
      out.push_back('\n');
    }
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

} // namespace feedback
