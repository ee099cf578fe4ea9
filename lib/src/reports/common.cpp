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

namespace {

// The index of the last of `starts` on or before `iso`, when `iso` is from the first start to
// `to`: with adjacent periods, the one holding it.
std::optional<std::size_t>
index_of(const std::vector<std::string>& starts, const std::string& to, std::string_view iso)
{
  if (iso < std::string_view(starts.front()) || iso > std::string_view(to)) {
    return std::nullopt;
  }
  const auto it = std::upper_bound(starts.begin(), starts.end(), iso,
                                   [](std::string_view d, const std::string& s) { return d < s; });
  return static_cast<std::size_t>(it - starts.begin()) - 1;
}

} // namespace

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
  const auto index = index_of(m_starts, m_to, iso);
  if (!index) {
    return std::nullopt;
  }
  return *index == 0 ? k_before : *index - 1;
}

std::optional<std::size_t>
Buckets::find_shown(std::string_view iso) const
{
  const auto index = index_of(m_starts, m_to, iso);
  if (!index || *index == 0) {
    return std::nullopt;
  }
  return *index - 1;
}

MonthIndex::MonthIndex(const ReportScope& scope)
{
  for (const auto& p : scope.periods) {
    for (const auto& m : months_of(p)) {
      m_months.push_back(m);
      m_starts.push_back(format_date(m.from));
    }
  }
  m_to = format_date(scope.periods.back().to);
}

std::optional<std::size_t>
MonthIndex::find(std::string_view iso) const
{
  return index_of(m_starts, m_to, iso);
}

std::size_t
position(std::span<const std::string_view> words, std::string_view word) noexcept
{
  return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
}

std::size_t
rank(std::span<const std::string_view> words, const std::optional<std::string>& word)
{
  return word ? position(words, *word) : words.size() + 1;
}

Column
column(ColumnKind kind, std::string name, std::string heading, std::optional<std::string> none)
{
  if (!none) {
    none = kind == ColumnKind::text ? "(none)" : kind == ColumnKind::pounds ? "" : "n/a";
  }
  return Column{std::move(name), std::move(heading), kind, std::move(*none)};
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

std::string
month_name(const Period& month)
{
  return fmt::format("{}-{:02}", static_cast<int>(month.from.year()), unsigned(month.from.month()));
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
