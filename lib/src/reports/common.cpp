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

int
default_inactive_days(const Policy& policy)
{
  return static_cast<int>(policy.setting("inactive_days", 20));
}

namespace report {

Slices::Slices(const ReportScope& scope)
{
  // Each period, cut at the first of each month within it.
  auto add_period = [&](const Period& p, std::size_t bucket) {
    bool first = true;
    for (const auto& m : months_of(p)) {
      m_starts.push_back(format_date(m.from));
      m_bucket.push_back(bucket);
      if (bucket == k_before) {
        m_month.push_back(static_cast<std::size_t>(-1));
      } else {
        m_month.push_back(m_months.size());
        m_months.push_back(m);
      }
      if (first && bucket == 0) {
        m_shown_from = m_starts.back();
      }
      first = false;
    }
  };
  add_period(scope.before, k_before);
  for (std::size_t p = 0; p < scope.periods.size(); ++p) {
    add_period(scope.periods[p], p);
  }
  m_to = format_date(scope.periods.back().to);
}

std::optional<std::size_t>
Slices::find(std::string_view iso) const
{
  if (iso < std::string_view(m_starts.front()) || iso > std::string_view(m_to)) {
    return std::nullopt;
  }
  // Rows often come in day order: try the slice of the last one, and the next, first.
  for (auto i = m_last; i < m_last + 2 && i < m_starts.size(); ++i) {
    if (iso >= std::string_view(m_starts[i]) &&
        (i + 1 == m_starts.size() || iso < std::string_view(m_starts[i + 1]))) {
      m_last = i;
      return i;
    }
  }
  const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), iso,
                                   [](std::string_view d, const std::string& s) { return d < s; });
  m_last = static_cast<std::size_t>(it - m_starts.begin()) - 1;
  return m_last;
}

std::optional<std::size_t>
Slices::month(std::size_t slice) const noexcept
{
  if (m_bucket[slice] == k_before) {
    return std::nullopt;
  }
  return m_month[slice];
}

std::string
section_name(std::string_view report, const std::vector<Dimension>& by)
{
  std::string name(report);
  name += "_by";
  for (const auto d : by) {
    name += "_" + std::string(dimension_name(d));
  }
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::vector<Column>
key_column_list(const std::vector<std::string>& names, std::string none)
{
  std::vector<Column> out;
  for (const auto& k : names) {
    if (k == "stage") {
      out.push_back(column(ColumnKind::integer, "stage", "stage", ""));
    } else {
      out.push_back(text_column(k, k == "channel_group" ? "channels" : k, none));
    }
  }
  return out;
}

void
add_key_values(std::vector<Value>& row, const std::vector<std::string>& names, const GroupKey& key)
{
  for (std::size_t k = 0; k < names.size() && k < key.size(); ++k) {
    if (names[k] == "stage") {
      row.push_back(key[k] ? Value::of(std::int64_t{std::stoi(*key[k])}) : Value{});
    } else {
      row.push_back(Value::of(key[k]));
    }
  }
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

} // namespace report

} // namespace feedback
