// SPDX-License-Identifier: MIT
// Volumes: cases received per period, grouped, with the change on the previous period.
#include "reports/report_internal.hpp"

#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace feedback {

namespace {

using report::Buckets;
using report::k_before;
using report::rank;
using Key = std::vector<std::optional<std::string>>;

std::optional<std::string>
word(std::string_view w)
{
  return std::string(w);
}

bool
is_digital(const std::optional<std::string>& channel)
{
  return vocabulary::contains(vocabulary::k_digital_channels, channel.value_or(""));
}

// The change of period `p` on the one before it (scope.before for the first).
std::optional<Hundredths>
change_on_previous(std::int64_t before, const std::vector<std::int64_t>& counts, std::size_t p)
{
  return change_pct(p == 0 ? before : counts[p - 1], counts[p]);
}

std::string
key_heading(const std::string& key_column)
{
  return key_column == "channel_group" ? "channels" : key_column;
}

// Collects counts by key into the rows of a Volumes, with the rows a reader expects even
// when they are 0, and puts them in order.
class VolumeBuilder
{
public:
  VolumeBuilder(Database& db, const Policy& policy, const ReportScope& scope, VolumeGrouping by)
      : m_periods(scope.periods.size())
  {
    m_out.by = by;
    switch (by) {
    case VolumeGrouping::channel_group:
      m_out.key_columns = {"channel_group"};
      break;
    case VolumeGrouping::stage:
      m_out.key_columns = {"procedure", "stage"};
      break;
    default:
      m_out.key_columns = {std::string(grouping_name(by))};
    }
    switch (by) {
    case VolumeGrouping::type:
      for (const auto t : vocabulary::k_types) {
        row({word(t)});
      }
      row({word("unclassified")});
      break;
    case VolumeGrouping::channel:
      for (const auto c : vocabulary::k_channels) {
        row({word(c)});
      }
      break;
    case VolumeGrouping::channel_group:
      row({word("digital")});
      row({word("non-digital")});
      break;
    case VolumeGrouping::service:
    case VolumeGrouping::directorate:
      for (const auto& s : list_services(db)) {
        row({by == VolumeGrouping::service ? s.code : s.directorate});
      }
      break;
    case VolumeGrouping::procedure:
      for (const auto p : vocabulary::k_procedures) {
        row({word(p)});
      }
      break;
    case VolumeGrouping::stage:
      for (const auto& p : policy.procedures) {
        for (const auto& s : p.stages) {
          row({p.code, std::to_string(s.stage)});
        }
      }
      break;
    }
  }

  // Counts `n` for `key` (as stored: a NULL type is unclassified, a channel is mapped to its
  // group) in `bucket`.
  void add(Key key, std::size_t bucket, std::int64_t n)
  {
    if (m_out.by == VolumeGrouping::type && !key[0]) {
      key[0] = "unclassified";
    } else if (m_out.by == VolumeGrouping::channel_group) {
      key[0] = is_digital(key[0]) ? "digital" : "non-digital";
    }
    auto& r = row(key);
    if (bucket == k_before) {
      r.before += n;
    } else {
      r.counts[bucket] += n;
    }
  }

  Volumes finish() &&
  {
    for (auto& [key, r] : m_rows) {
      m_out.rows.push_back(std::move(r));
    }
    // Vocabulary order where there is one; "none" last.
    const auto by = m_out.by;
    auto order = [by](const VolumeRow& r) {
      const auto& k = r.key[0];
      std::size_t first = 0;
      switch (by) {
      case VolumeGrouping::type:
        first = rank(vocabulary::k_types, k); // "unclassified" after the types
        break;
      case VolumeGrouping::channel:
        first = rank(vocabulary::k_channels, k);
        break;
      case VolumeGrouping::procedure:
      case VolumeGrouping::stage:
        first = rank(vocabulary::k_procedures, k);
        break;
      default:
        first = k ? 0 : 1;
      }
      const int stage = r.key.size() > 1 && r.key[1] ? std::stoi(*r.key[1]) : 0;
      return std::tuple(first, k.value_or(""), stage);
    };
    std::stable_sort(m_out.rows.begin(), m_out.rows.end(),
                     [&](const VolumeRow& a, const VolumeRow& b) { return order(a) < order(b); });
    return std::move(m_out);
  }

private:
  VolumeRow& row(const Key& key)
  {
    auto& r = m_rows[key];
    if (r.key.empty()) {
      r.key = key;
      r.counts.assign(m_periods, 0);
    }
    return r;
  }

  std::size_t m_periods;
  Volumes m_out;
  std::map<Key, VolumeRow> m_rows;
};

} // namespace

Volumes
compute_volumes(Database& db, const Policy& policy, const ReportScope& scope, VolumeGrouping by)
{
  PersonalDataGuard guard(db);
  const Buckets buckets(scope);
  VolumeBuilder builder(db, policy, scope, by);
  detail::count_received_by(db, by, buckets.span(), [&](detail::KeyedDayCount& row) {
    if (const auto bucket = buckets.find(row.day)) {
      builder.add(std::move(row.key), *bucket, row.count);
    }
  });
  return std::move(builder).finish();
}

namespace report {

Volumes
volumes_from_cube(Database& db, const Policy& policy, const ReportScope& scope, VolumeGrouping by,
                  const CaseCube& cube)
{
  const Buckets buckets(scope);
  VolumeBuilder builder(db, policy, scope, by);
  std::map<std::string, std::string> directorates;
  for (const auto& s : list_services(db)) {
    directorates[s.code] = s.directorate;
  }
  for (const auto& c : cube.cells) {
    const auto bucket = buckets.find(c.day);
    if (!bucket) {
      continue;
    }
    std::optional<std::string> key;
    switch (by) {
    case VolumeGrouping::type:
      key = cube.types[c.type];
      break;
    case VolumeGrouping::channel:
    case VolumeGrouping::channel_group:
      key = cube.channels[c.channel];
      break;
    case VolumeGrouping::service:
      key = cube.services[c.service];
      break;
    case VolumeGrouping::directorate:
      if (const auto& s = cube.services[c.service]) {
        if (const auto it = directorates.find(*s); it != directorates.end()) {
          key = it->second;
        }
      }
      break;
    case VolumeGrouping::procedure:
    case VolumeGrouping::stage:
      throw Error(ExitCode::software, "volumes by procedure or stage need their own query");
    }
    builder.add({key}, *bucket, c.count);
  }
  return std::move(builder).finish();
}

std::vector<DayCounts>
day_counts_from(const CaseCube& cube)
{
  std::map<std::string, DayCounts> days;
  for (const auto& c : cube.cells) {
    auto& d = days[c.day];
    d.received += c.count;
    d.no_service += !cube.services[c.service] && !c.redirected ? c.count : 0;
    d.redirected += c.redirected ? c.count : 0;
    d.complaints += cube.types[c.type] == "complaint" ? c.count : 0;
  }
  std::vector<DayCounts> out;
  for (auto& [day, d] : days) {
    d.day = day;
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<std::pair<Period, std::int64_t>>
monthly_from(const std::vector<DayCounts>& days, const ReportScope& scope,
             std::int64_t DayCounts::*field)
{
  const MonthIndex index(scope);
  std::vector<std::pair<Period, std::int64_t>> months;
  for (const auto& m : index.months()) {
    months.emplace_back(m, 0);
  }
  for (const auto& d : days) {
    if (const auto i = index.find(d.day)) {
      months[*i].second += d.*field;
    }
  }
  return months;
}

ReportSection
volumes_section(const Volumes& volumes, const ReportScope& scope, std::string name)
{
  ReportSection s;
  s.name = std::move(name);
  const bool by_stage = volumes.by == VolumeGrouping::stage;
  const bool by_channel = volumes.by == VolumeGrouping::channel;
  s.title = by_stage ? "Stages started, by procedure and stage"
                     : fmt::format("Cases received, by {}",
                                   volumes.by == VolumeGrouping::channel_group
                                       ? std::string("digital and non-digital channels")
                                       : std::string(grouping_name(volumes.by)));
  s.note = by_stage ? "Stages of a procedure that started in each period (a stage 2 starts when "
                      "the customer asks for it). Change: on the period of the same length "
                      "just before."
                    : "Cases by the day they were received. Change: on the period of the same "
                      "length just before.";
  if (by_channel) {
    s.note +=
        fmt::format(" Digital channels: {}.", vocabulary::join(vocabulary::k_digital_channels));
  }
  s.columns = period_columns();
  for (const auto& k : volumes.key_columns) {
    if (k == "stage") {
      s.columns.push_back(count_column("stage", "stage"));
    } else {
      s.columns.push_back(text_column(k, key_heading(k)));
    }
  }
  if (by_channel) {
    s.columns.push_back(column(ColumnKind::boolean, "digital", "digital"));
  }
  s.columns.push_back(count_column("count", "count"));
  s.columns.push_back(column(ColumnKind::change, "change_pct", "change"));

  for (std::size_t p = 0; p < scope.periods.size(); ++p) {
    for (const auto& r : volumes.rows) {
      auto row = period_values(scope.periods[p]);
      for (std::size_t k = 0; k < r.key.size(); ++k) {
        if (volumes.key_columns[k] == "stage") {
          row.push_back(r.key[k] ? Value::of(std::int64_t{std::stoi(*r.key[k])}) : Value{});
        } else {
          row.push_back(Value::of(r.key[k]));
        }
      }
      if (by_channel) {
        row.push_back(Value::of(std::int64_t{is_digital(r.key[0]) ? 1 : 0}));
      }
      row.push_back(Value::of(r.counts[p]));
      row.push_back(Value::of(change_on_previous(r.before, r.counts, p)));
      s.rows.push_back(std::move(row));
    }
  }

  // For people: the periods side by side, each with its change, and a total.
  HumanTable h;
  for (const auto& k : volumes.key_columns) {
    h.headings.push_back(key_heading(k));
    h.numeric.push_back(k == "stage");
  }
  if (by_channel) {
    h.headings.push_back("digital");
    h.numeric.push_back(false);
  }
  for (const auto& p : scope.periods) {
    h.headings.push_back(period_label(p));
    h.headings.push_back("change");
    h.numeric.push_back(true);
    h.numeric.push_back(true);
  }
  auto add_counts = [&](std::vector<std::string>& cells, std::int64_t before,
                        const std::vector<std::int64_t>& counts) {
    for (std::size_t p = 0; p < counts.size(); ++p) {
      cells.push_back(format_count(counts[p]));
      cells.push_back(format_change(change_on_previous(before, counts, p)));
    }
  };
  std::int64_t total_before = 0;
  std::vector<std::int64_t> totals(scope.periods.size(), 0);
  for (const auto& r : volumes.rows) {
    std::vector<std::string> cells;
    for (const auto& k : r.key) {
      cells.push_back(k.value_or("(none)"));
    }
    if (by_channel) {
      cells.push_back(is_digital(r.key[0]) ? "yes" : "no");
    }
    add_counts(cells, r.before, r.counts);
    total_before += r.before;
    for (std::size_t p = 0; p < totals.size(); ++p) {
      totals[p] += r.counts[p];
    }
    h.rows.push_back(std::move(cells));
  }
  std::vector<std::string> total{"Total"};
  while (total.size() < volumes.key_columns.size() + (by_channel ? 1 : 0)) {
    total.emplace_back();
  }
  add_counts(total, total_before, totals);
  h.rows.push_back(std::move(total));
  h.total_rows = 1;
  s.human = std::move(h);
  return s;
}

ReportSection
monthly_volumes_section(const std::vector<std::pair<Period, std::int64_t>>& months)
{
  ReportSection s;
  s.name = "volumes_monthly";
  s.title = "Cases received, by month";
  s.note = "All cases, by the day they were received.";
  s.columns = period_columns();
  s.columns.push_back(text_column("month", "month"));
  s.columns.push_back(count_column("count", "count"));
  HumanTable h;
  h.headings = {"month", "cases received"};
  h.numeric = {false, true};
  for (const auto& [m, n] : months) {
    const auto month = month_name(m);
    auto row = period_values(m);
    row.push_back(Value::of(month));
    row.push_back(Value::of(n));
    s.rows.push_back(std::move(row));
    h.rows.push_back({month, format_count(n)});
  }
  s.human = std::move(h);
  return s;
}

} // namespace report

} // namespace feedback
