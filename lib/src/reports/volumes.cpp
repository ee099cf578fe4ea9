// SPDX-License-Identifier: MIT
// Volumes: cases received per period, grouped by one or two dimensions, with shares of a total
// and the change on the previous (or the first) period; and ratios of one type to another.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace feedback {

namespace {

using report::Catalogue;
using report::Facet;
using report::FacetValues;
using report::Grouping;
using report::Groups;
using report::k_before;
using report::Slices;

bool
stage_counted(const std::vector<Dimension>& by, const ReportFilter& filter)
{
  return std::find(by.begin(), by.end(), Dimension::stage) != by.end() || !filter.stages.empty();
}

// The change of period `p` on the one before it (scope.before for the first).
std::optional<Hundredths>
change_on_previous(std::int64_t before, const std::vector<std::int64_t>& counts, std::size_t p)
{
  return change_pct(p == 0 ? before : counts[p - 1], counts[p]);
}

std::string
dimension_words(const std::vector<Dimension>& by)
{
  std::vector<std::string> words;
  for (const auto d : by) {
    words.push_back(d == Dimension::channel_group ? std::string("digital and non-digital channels")
                                                  : std::string(dimension_name(d)));
  }
  return fmt::format("{}", fmt::join(words, " and "));
}

// A key of one dimension as a heading, by the policy's names: "Web form", "Corporate complaints
// procedure stage 1".
std::string
key_heading(const report::Catalogue& catalogue, const std::vector<std::string>& columns,
            const GroupKey& key, std::size_t from, std::size_t count)
{
  std::string out;
  for (std::size_t i = from; i < from + count && i < key.size(); ++i) {
    if (!out.empty()) {
      out += " stage ";
    }
    out += catalogue.display_column(i < columns.size() ? columns[i] : std::string(), key[i]);
  }
  return out;
}

} // namespace

namespace report {

ReceivedTally
tally_received(Database& db, const Slices& slices, const detail::Selection& selection)
{
  ReceivedTally tally(selection.facets.size());
  detail::each_received_case(db, slices.span(), selection, [&](const detail::ReceivedCase& c) {
    if (const auto slice = slices.find(c.day)) {
      auto& f = tally.at(*slice, c.facets);
      ++f[0];
      f[1] += c.redirected ? 1 : 0;
      f[2] += c.no_service ? 1 : 0;
    }
  });
  return tally;
}

Volumes
volumes_from(const ReceivedTally& tally, const std::vector<Facet>& facets, Grouping grouping,
             const Slices& slices, const ReportScope& scope)
{
  grouping.read_from(facets);
  Groups<std::int64_t> groups(grouping, scope.periods.size());
  groups.add_all(scope);
  tally.each([&](std::size_t slice, const FacetValues& values, const ReceivedTally::Figures& f) {
    groups.at(grouping.key(values, slices, slice), slices.bucket(slice)) += f[0];
  });
  Volumes out;
  out.by = grouping.dims();
  out.key_columns = grouping.columns();
  for (auto& r : std::move(groups).rows()) {
    out.rows.push_back({std::move(r.key), r.before, std::move(r.periods)});
  }
  return out;
}

std::vector<std::pair<Period, std::int64_t>>
monthly_from(const ReceivedTally& tally, const Slices& slices, std::size_t figure)
{
  std::vector<std::pair<Period, std::int64_t>> months;
  for (const auto& m : slices.months()) {
    months.emplace_back(m, 0);
  }
  tally.each([&](std::size_t slice, const FacetValues&, const ReceivedTally::Figures& f) {
    if (const auto m = slices.month(slice)) {
      months[*m].second += f[figure];
    }
  });
  return months;
}

} // namespace report

Volumes
compute_volumes(Database& db, const Policy& policy, const ReportScope& scope,
                const std::vector<Dimension>& by, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  const Slices slices(scope);
  const Grouping grouping(catalogue, by.empty() ? std::vector{Dimension::type} : by);
  const detail::Selection selection{grouping.facets(), catalogue.conditions(filter)};
  if (!stage_counted(grouping.dims(), filter)) {
    return report::volumes_from(report::tally_received(db, slices, selection), grouping.facets(),
                                grouping, slices, scope);
  }
  // Stages started: a stage 2 starts when the customer asks for it.
  report::Tally<1> tally(selection.facets.size());
  detail::each_started_stage(db, slices.span(), selection, [&](const detail::StartedStage& s) {
    if (const auto slice = slices.find(s.day)) {
      ++tally.at(*slice, s.facets)[0];
    }
  });
  Groups<std::int64_t> groups(grouping, scope.periods.size());
  groups.add_all(scope);
  tally.each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    groups.at(grouping.key(values, slices, slice), slices.bucket(slice)) += f[0];
  });
  Volumes out;
  out.by = grouping.dims();
  out.stages = true;
  out.key_columns = grouping.columns();
  for (auto& r : std::move(groups).rows()) {
    out.rows.push_back({std::move(r.key), r.before, std::move(r.periods)});
  }
  return out;
}

Ratios
compute_ratios(Database& db, const Policy& policy, const ReportScope& scope, std::string_view type,
               std::string_view per, const std::vector<Dimension>& by, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const Catalogue catalogue(db, policy);
  const Slices slices(scope);
  const Grouping grouping(catalogue, by);
  auto where = catalogue.conditions(filter);
  where.types = std::vector<std::string>{std::string(type), std::string(per)};
  auto facets = grouping.facets();
  facets.push_back(Facet::type);
  const auto type_index = facets.size() - 1;
  report::Tally<1> tally(facets.size());
  detail::each_received_case(db, slices.shown_span(), {facets, where},
                             [&](const detail::ReceivedCase& c) {
                               if (const auto slice = slices.find(c.day)) {
                                 ++tally.at(*slice, c.facets)[0];
                               }
                             });
  Groups<std::array<std::int64_t, 2>> groups(grouping, scope.periods.size());
  if (!by.empty()) {
    groups.add_all(scope);
  } else {
    groups.add_key({});
  }
  tally.each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    auto& counts = groups.at(grouping.key(values, slices, slice), slices.bucket(slice));
    const auto t = values[type_index].value_or("");
    counts[0] += t == type ? f[0] : 0;
    counts[1] += t == per ? f[0] : 0;
  });
  Ratios out;
  out.type = std::string(type);
  out.per = std::string(per);
  out.key_columns = grouping.columns();
  const auto rows = std::move(groups).rows();
  for (std::size_t p = 0; p < scope.periods.size(); ++p) {
    for (const auto& r : rows) {
      out.rows.push_back({p, r.key, r.periods[p][0], r.periods[p][1]});
    }
  }
  return out;
}

namespace report {

namespace {

std::string
share_column_name(ShareOf share)
{
  switch (share) {
  case ShareOf::row:
    return "pct_of_row";
  case ShareOf::column:
    return "pct_of_column";
  default:
    return "pct_of_total";
  }
}

// The figures of one period laid out with the first dimension down and the second across:
// counts, with the totals of each row and column and of the whole.
struct CrossTab
{
  std::vector<GroupKey> down;   // keys of the first dimension, in order
  std::vector<GroupKey> across; // keys of the second
  std::vector<std::vector<std::int64_t>> counts;
  std::vector<std::int64_t> row_totals;
  std::vector<std::int64_t> column_totals;
  std::int64_t total = 0;

  // The denominator of the share of cell (i, j); i == down.size() is the total row, j ==
  // across.size() the total column.
  std::int64_t whole(ShareOf share, std::size_t i, std::size_t j) const
  {
    switch (share) {
    case ShareOf::row:
      return i < down.size() ? row_totals[i] : total;
    case ShareOf::column:
      return j < across.size() ? column_totals[j] : total;
    default:
      return total;
    }
  }
};

} // namespace

ReportSection
volumes_section(const Volumes& volumes, const ReportScope& scope, std::string name,
                const Catalogue& catalogue, VolumeLayout layout)
{
  ReportSection s;
  s.name = std::move(name);
  const bool legacy_stage =
      volumes.stages && volumes.by.size() == 1 && volumes.by.front() == Dimension::stage;
  const bool by_channel =
      std::find(volumes.by.begin(), volumes.by.end(), Dimension::channel) != volumes.by.end();
  const auto words = dimension_words(volumes.by);
  s.title = legacy_stage     ? std::string("Stages started, by procedure and stage")
            : volumes.stages ? fmt::format("Stages started, by {}", words)
                             : fmt::format("Cases received, by {}", words);
  s.note = volumes.stages
               ? "Stages of a procedure that started in each period (a stage 2 starts when "
                 "the customer asks for it). Change: on the period of the same length "
                 "just before."
               : "Cases by the day they were received. Change: on the period of the same "
                 "length just before.";
  if (layout.change_from == ChangeFrom::first && scope.periods.size() > 1) {
    s.note += fmt::format(" Change from the first: on {}.", period_label(scope.periods.front()));
  }
  if (by_channel) {
    s.note += fmt::format(" Digital channels: {}.", vocabulary::join(catalogue.digital_channels()));
  }
  const auto share = layout.share;
  const bool two = volumes.by.size() == 2;
  const std::size_t first_width = two ? catalogue.columns(volumes.by[0]).size() : 0;
  if (share != ShareOf::none) {
    s.note += share == ShareOf::row      ? " Shares: of the row's total."
              : share == ShareOf::column ? " Shares: of the column's total."
                                         : " Shares: of the period's total.";
  }
  s.columns = period_columns();
  for (auto& c : key_column_list(volumes.key_columns)) {
    s.columns.push_back(std::move(c));
  }
  if (by_channel) {
    s.columns.push_back(column(ColumnKind::boolean, "digital", "digital"));
  }
  s.columns.push_back(count_column("count", "count"));
  if (share != ShareOf::none) {
    s.columns.push_back(percent_column(share_column_name(share), "share"));
  }
  s.columns.push_back(column(ColumnKind::change, "change_pct", "change"));
  if (layout.change_from == ChangeFrom::first) {
    s.columns.push_back(column(ColumnKind::change, "change_from_first_pct", "change from first"));
  }
  const auto channel_key = [&](const GroupKey& key) -> std::optional<std::string> {
    std::size_t c = 0;
    for (const auto d : volumes.by) {
      if (d == Dimension::channel) {
        return key[c];
      }
      c += catalogue.columns(d).size();
    }
    return std::nullopt;
  };

  // Each period's cross-tabulation, for shares and the table for people.
  std::vector<CrossTab> tabs(scope.periods.size());
  for (std::size_t p = 0; p < tabs.size(); ++p) {
    auto& t = tabs[p];
    std::map<GroupKey, std::size_t> down;
    std::map<GroupKey, std::size_t> across;
    for (const auto& r : volumes.rows) {
      const GroupKey d(r.key.begin(), r.key.begin() + static_cast<long>(first_width));
      const GroupKey a(r.key.begin() + static_cast<long>(first_width), r.key.end());
      if (down.emplace(d, t.down.size()).second) {
        t.down.push_back(d);
      }
      if (across.emplace(a, t.across.size()).second) {
        t.across.push_back(a);
      }
    }
    t.counts.assign(t.down.size(), std::vector<std::int64_t>(t.across.size(), 0));
    t.row_totals.assign(t.down.size(), 0);
    t.column_totals.assign(t.across.size(), 0);
    for (const auto& r : volumes.rows) {
      const auto i =
          down.at(GroupKey(r.key.begin(), r.key.begin() + static_cast<long>(first_width)));
      const auto j =
          across.at(GroupKey(r.key.begin() + static_cast<long>(first_width), r.key.end()));
      t.counts[i][j] += r.counts[p];
      t.row_totals[i] += r.counts[p];
      t.column_totals[j] += r.counts[p];
      t.total += r.counts[p];
    }
  }
  auto cell_share = [&](std::size_t p, const GroupKey& key, std::int64_t n) {
    const auto& t = tabs[p];
    const GroupKey d(key.begin(), key.begin() + static_cast<long>(first_width));
    const GroupKey a(key.begin() + static_cast<long>(first_width), key.end());
    const auto i =
        static_cast<std::size_t>(std::find(t.down.begin(), t.down.end(), d) - t.down.begin());
    const auto j =
        static_cast<std::size_t>(std::find(t.across.begin(), t.across.end(), a) - t.across.begin());
    return std::pair{n, t.whole(share, i, j)};
  };

  for (std::size_t p = 0; p < scope.periods.size(); ++p) {
    for (const auto& r : volumes.rows) {
      auto row = period_values(scope.periods[p]);
      add_key_values(row, volumes.key_columns, r.key);
      if (by_channel) {
        row.push_back(
            Value::of(std::int64_t{catalogue.is_digital(channel_key(r.key).value_or("")) ? 1 : 0}));
      }
      row.push_back(Value::of(r.counts[p]));
      if (share != ShareOf::none) {
        const auto [n, whole] = cell_share(p, r.key, r.counts[p]);
        row.push_back(Value::of(percentage(n, whole)));
      }
      row.push_back(Value::of(change_on_previous(r.before, r.counts, p)));
      if (layout.change_from == ChangeFrom::first) {
        row.push_back(p == 0 ? Value{} : Value::of(change_pct(r.counts[0], r.counts[p])));
      }
      s.rows.push_back(std::move(row));
    }
  }

  HumanTable h;
  if (two) {
    // For people: the first dimension down, the second across, with totals; one block of rows
    // per period when there are several.
    const bool periods = scope.periods.size() > 1;
    const auto across_width = volumes.key_columns.size() - first_width;
    if (periods) {
      h.headings.emplace_back("period");
      h.numeric.push_back(false);
    }
    for (std::size_t k = 0; k < first_width; ++k) {
      h.headings.push_back(s.columns[2 + k].heading);
      h.numeric.push_back(volumes.key_columns[k] == "stage");
    }
    for (const auto& a : tabs.front().across) {
      h.headings.push_back(key_heading(
          catalogue,
          std::vector<std::string>(volumes.key_columns.begin() + static_cast<long>(first_width),
                                   volumes.key_columns.end()),
          a, 0, across_width));
      h.numeric.push_back(true);
    }
    h.headings.emplace_back("Total");
    h.numeric.push_back(true);
    auto cell = [&](std::int64_t n, std::int64_t whole) {
      return share == ShareOf::none ? format_count(n) : format_share(n, whole);
    };
    for (std::size_t p = 0; p < tabs.size(); ++p) {
      const auto& t = tabs[p];
      for (std::size_t i = 0; i <= t.down.size(); ++i) {
        std::vector<std::string> cells;
        if (periods) {
          cells.push_back(period_label(scope.periods[p]));
        }
        if (i < t.down.size()) {
          for (std::size_t k = 0; k < t.down[i].size(); ++k) {
            cells.push_back(catalogue.display_column(volumes.key_columns[k], t.down[i][k]));
          }
        } else {
          cells.emplace_back("Total");
          while (cells.size() < (periods ? 1 : 0) + first_width) {
            cells.emplace_back();
          }
        }
        for (std::size_t j = 0; j <= t.across.size(); ++j) {
          const auto n = i < t.down.size()
                             ? (j < t.across.size() ? t.counts[i][j] : t.row_totals[i])
                             : (j < t.across.size() ? t.column_totals[j] : t.total);
          cells.push_back(cell(n, t.whole(share, i, j)));
        }
        h.rows.push_back(std::move(cells));
        h.zero.push_back(i < t.down.size() && t.row_totals[i] == 0);
        h.total.push_back(i == t.down.size());
      }
    }
    s.human = std::move(h);
    return s;
  }

  // For people: the periods side by side, each with its change, and a total.
  const bool from_first = layout.change_from == ChangeFrom::first && scope.periods.size() > 1;
  for (const auto& k : volumes.key_columns) {
    h.headings.push_back(k == "channel_group" ? "channels" : k);
    h.numeric.push_back(k == "stage");
  }
  if (by_channel) {
    h.headings.emplace_back("digital");
    h.numeric.push_back(false);
  }
  for (const auto& p : scope.periods) {
    h.headings.push_back(period_label(p));
    h.headings.push_back(from_first ? "change on " + period_label(scope.periods.front())
                                    : std::string("change"));
    h.numeric.push_back(true);
    h.numeric.push_back(true);
  }
  std::vector<std::int64_t> totals(scope.periods.size(), 0);
  std::int64_t total_before = 0;
  for (const auto& r : volumes.rows) {
    total_before += r.before;
    for (std::size_t p = 0; p < totals.size(); ++p) {
      totals[p] += r.counts[p];
    }
  }
  auto add_counts = [&](std::vector<std::string>& cells, std::int64_t before,
                        const std::vector<std::int64_t>& counts) {
    for (std::size_t p = 0; p < counts.size(); ++p) {
      cells.push_back(share == ShareOf::none ? format_count(counts[p])
                                             : format_share(counts[p], totals[p]));
      if (from_first) {
        cells.push_back(p == 0 ? std::string() : format_change(change_pct(counts[0], counts[p])));
      } else {
        cells.push_back(format_change(change_on_previous(before, counts, p)));
      }
    }
  };
  for (const auto& r : volumes.rows) {
    std::vector<std::string> cells;
    for (std::size_t k = 0; k < r.key.size(); ++k) {
      cells.push_back(catalogue.display_column(volumes.key_columns[k], r.key[k]));
    }
    if (by_channel) {
      cells.push_back(catalogue.is_digital(channel_key(r.key).value_or("")) ? "yes" : "no");
    }
    add_counts(cells, r.before, r.counts);
    h.rows.push_back(std::move(cells));
    h.zero.push_back(
        std::all_of(r.counts.begin(), r.counts.end(), [](std::int64_t n) { return n == 0; }));
  }
  std::vector<std::string> total{"Total"};
  while (total.size() < volumes.key_columns.size() + (by_channel ? 1 : 0)) {
    total.emplace_back();
  }
  add_counts(total, total_before, totals);
  h.rows.push_back(std::move(total));
  h.zero.push_back(false);
  h.total_rows = 1;
  s.human = std::move(h);
  return s;
}

ReportSection
ratio_section(const Ratios& ratios, const ReportScope& scope)
{
  auto plural = [](const std::string& type) {
    return type == "enquiry" ? std::string("enquiries") : type + "s";
  };
  const auto per = fmt::format("{} per 1,000 {}", plural(ratios.type), plural(ratios.per));
  auto columns = key_column_list(ratios.key_columns);
  columns.push_back(count_column("count", plural(ratios.type)));
  columns.push_back(count_column("base", plural(ratios.per)));
  columns.push_back(column(ColumnKind::decimal, "per_1000", per));
  auto s = period_section(
      {"ratio", "Complaints and feedback: " + per,
       fmt::format("Cases received in each period: {} for every 1,000 {} (n/a where there were "
                   "none), by the same grouping and filters.",
                   plural(ratios.type), plural(ratios.per))},
      scope, std::move(columns), ratios.rows, [&](const RatioRow& r) {
        std::vector<Value> v;
        add_key_values(v, ratios.key_columns, r.key);
        v.push_back(Value::of(r.count));
        v.push_back(Value::of(r.base));
        v.push_back(Value::of(per_thousand(r.count, r.base)));
        return v;
      });
  s.title = "Cases received: " + per;
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
    h.zero.push_back(n == 0);
  }
  s.human = std::move(h);
  return s;
}

} // namespace report

} // namespace feedback
