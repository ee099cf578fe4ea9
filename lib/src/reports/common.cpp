// SPDX-License-Identifier: MIT
// What every report shares: its periods, the guard on personal data, columns and values.
#include "reports/report_internal.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>

namespace feedback {

ReportScope
make_scope(const Period& period, int compare, Date as_of)
{
  ReportScope scope;
  scope.periods = periods_ending_with(period, compare);
  scope.before = previous_period(scope.periods.front());
  scope.as_of = as_of;
  return scope;
}

namespace {

struct GroupingName
{
  VolumeGrouping by;
  std::string_view name;
};

constexpr GroupingName k_groupings[] = {
    {VolumeGrouping::type, "type"},
    {VolumeGrouping::channel, "channel"},
    {VolumeGrouping::channel_group, "channel-group"},
    {VolumeGrouping::service, "service"},
    {VolumeGrouping::directorate, "directorate"},
    {VolumeGrouping::procedure, "procedure"},
    {VolumeGrouping::stage, "stage"},
};

} // namespace

std::optional<VolumeGrouping>
parse_volume_grouping(std::string_view name) noexcept
{
  for (const auto& g : k_groupings) {
    if (g.name == name) {
      return g.by;
    }
  }
  return std::nullopt;
}

std::string_view
grouping_name(VolumeGrouping by) noexcept
{
  for (const auto& g : k_groupings) {
    if (g.by == by) {
      return g.name;
    }
  }
  return "type";
}

int
default_inactive_days(const Policy& policy)
{
  return static_cast<int>(policy.setting("inactive_days", 20));
}

namespace report {

Buckets::Buckets(const ReportScope& scope)
{
  m_starts.push_back(format_date(scope.before.from));
  for (const auto& p : scope.periods) {
    m_starts.push_back(format_date(p.from));
  }
  m_to = format_date(scope.periods.back().to);
}

std::optional<std::size_t>
Buckets::find(std::string_view iso) const
{
  if (iso < std::string_view(m_starts.front()) || iso > std::string_view(m_to)) {
    return std::nullopt;
  }
  // The last start on or before `iso`: the periods are adjacent, so it is the one holding it.
  const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), iso,
                                   [](std::string_view d, const std::string& s) { return d < s; });
  const auto index = static_cast<std::size_t>(it - m_starts.begin()) - 1;
  return index == 0 ? k_before : index - 1;
}

Date
stored_date(std::string_view text, std::string_view where)
{
  const auto d = parse_iso_date(text);
  if (!d) {
    throw Error(ExitCode::data_error, fmt::format("bad date in {}: '{}'", where, text));
  }
  return *d;
}

std::optional<Date>
stored_optional_date(const Statement& st, int column, std::string_view where)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return stored_date(st.column_view(column), where);
}

Column
text_column(std::string name, std::string heading, std::string none)
{
  return Column{std::move(name), std::move(heading), ColumnKind::text, std::move(none)};
}

Column
count_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::integer, "n/a"};
}

Column
percent_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::percent, "n/a"};
}

Column
change_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::change, "n/a"};
}

Column
decimal_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::decimal, "n/a"};
}

Column
pounds_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::pounds, ""};
}

Column
boolean_column(std::string name, std::string heading)
{
  return Column{std::move(name), std::move(heading), ColumnKind::boolean, "n/a"};
}

std::vector<Column>
period_columns()
{
  return {text_column("period_from", "from"), text_column("period_to", "to")};
}

std::vector<Value>
period_values(const Period& p)
{
  return {Value::of(format_date(p.from)), Value::of(format_date(p.to))};
}

std::string
human_value(const Column& column, const Value& value)
{
  if (column.kind == ColumnKind::text) {
    return value.text ? *value.text : column.none;
  }
  if (!value.number) {
    return column.none;
  }
  const auto n = *value.number;
  switch (column.kind) {
  case ColumnKind::text:
    break;
  case ColumnKind::integer:
    return format_count(n);
  case ColumnKind::percent:
    return format_hundredths(Hundredths{n}) + "%";
  case ColumnKind::change:
    return format_change(Hundredths{n});
  case ColumnKind::decimal:
    return format_hundredths(Hundredths{n});
  case ColumnKind::pounds: {
    // "£1,250.00": the pounds with separators, then the pence.
    const auto magnitude = n < 0 ? -n : n;
    return fmt::format("{}£{}.{:02}", n < 0 ? "-" : "", format_count(magnitude / 100),
                       magnitude % 100);
  }
  case ColumnKind::boolean:
    return n != 0 ? "yes" : "no";
  }
  return std::to_string(n);
}

std::string_view
measure_name(Measure m) noexcept
{
  return m == Measure::response ? "response" : "acknowledgement";
}

std::string
escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace report

} // namespace feedback
