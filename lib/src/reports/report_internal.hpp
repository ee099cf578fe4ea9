// SPDX-License-Identifier: MIT
// Private to the report module: the values of each dimension (the catalogue), the slices of
// days a report's figures are counted in, grouping and tallying rows as they stream past, and
// laying sections out. The queries are the storage layer's (storage/report_queries.hpp).
#pragma once

#include "storage/report_queries.hpp"

#include <feedback/cases/deadlines.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/reports/reports.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace feedback::report {

inline constexpr std::size_t k_before = static_cast<std::size_t>(-1);

using detail::Facet;
using detail::FacetValues;

// ---- the values of each dimension ----

// The values of every dimension and the names people see for them, from one place: the policy
// the caller loaded (its procedures and stages, sub-types, and its vocabulary: channels and
// which are digital, outcomes, areas, tags, each in the policy's order), the program's fixed
// words (types, sponsors, closures) and the configured services (codes, directorates).
class Catalogue
{
public:
  Catalogue(Database& db, const Policy& policy);

  // The key columns `d` fills: {"type"}, {"channel_group"}, {"procedure", "stage"}...
  std::vector<std::string> columns(Dimension d) const;
  // Every value of `d` (a key of columns(d).size() values), in order. Months: those of the
  // periods shown.
  std::vector<GroupKey> values(Dimension d, const ReportScope& scope) const;
  // The known values of key column `column` of `d`, in order, for ranking.
  std::vector<std::string> ordered_values(Dimension d, std::size_t column) const;
  // What people see for `value` of `d`: the policy's name for a channel, outcome, area, tag,
  // procedure or sub-type (the code when it has none), "(none)" for no value, else the value.
  std::string display(Dimension d, const std::optional<std::string>& value) const;
  // The same for a key column (columns()): "stage" (a number) and the others as they are.
  std::string display_column(std::string_view column,
                             const std::optional<std::string>& value) const;

  bool is_digital(std::string_view channel) const noexcept;
  std::span<const std::string_view> digital_channels() const noexcept;
  std::optional<std::string> directorate_of(std::string_view service) const;
  const std::vector<Service>& services() const noexcept { return m_services; }
  const Policy& policy() const noexcept { return m_policy; }

  // Throws Error(usage) for a value of `filter` that is not one, naming the flag and the values
  // there are; otherwise the conditions it stands for, with directorates and channel groups
  // expanded.
  detail::Conditions conditions(const ReportFilter& filter) const;

private:
  const Policy& m_policy;
  std::vector<Service> m_services;
  std::vector<std::string> m_directorates; // sorted, distinct
  std::vector<std::string_view> m_digital; // the policy's digital channels, in its order
};

// `dims` as a report groups by them: procedure and stage together are the stage alone.
std::vector<Dimension> normalise(std::vector<Dimension> dims);

// The key columns of `dims`.
std::vector<std::string> key_columns(const Catalogue& catalogue,
                                     const std::vector<Dimension>& dims);

// ---- slices of the span ----

// The span a report reads, cut at the start of each period (scope.before first) and of each
// calendar month in it: every day falls in one slice, which says its period and month.
class Slices
{
public:
  explicit Slices(const ReportScope& scope);

  // The slice of a stored ISO date; nullopt outside the span. Fast for dates in order.
  std::optional<std::size_t> find(std::string_view iso) const;
  // The period of a slice: an index into scope.periods, or k_before.
  std::size_t bucket(std::size_t slice) const noexcept { return m_bucket[slice]; }
  // The month of a slice: an index into months(); nullopt for scope.before.
  std::optional<std::size_t> month(std::size_t slice) const noexcept;
  // The calendar months of the periods shown, each cut to its period.
  const std::vector<Period>& months() const noexcept { return m_months; }
  std::size_t size() const noexcept { return m_bucket.size(); }

  // The whole span, scope.before included; only the periods shown.
  detail::DaySpan span() const noexcept { return {m_starts.front(), m_to}; }
  detail::DaySpan shown_span() const noexcept { return {m_shown_from, m_to}; }

private:
  std::vector<std::string> m_starts; // of each slice
  std::vector<std::size_t> m_bucket;
  std::vector<std::size_t> m_month; // months().size() for scope.before
  std::vector<Period> m_months;
  std::string m_shown_from;
  std::string m_to;
  mutable std::size_t m_last = 0;
};

// ---- grouping ----

// The dimensions a report groups by, as facets of its query and as keys of its rows.
class Grouping
{
public:
  // `stage_rows`: the query counts stages (their procedure and stage), not cases.
  Grouping(const Catalogue& catalogue, std::vector<Dimension> dims);

  const std::vector<Dimension>& dims() const noexcept { return m_dims; }
  // The facets to select, in order.
  const std::vector<Facet>& facets() const noexcept { return m_facets; }
  // Reads the facets from a query that selects `facets` (a superset of facets()).
  void read_from(const std::vector<Facet>& facets);
  std::vector<std::string> columns() const;

  // The key of a row with facet values `values` in slice `slice`.
  GroupKey key(const FacetValues& values, const Slices& slices, std::size_t slice) const;
  // Every known key (the product of each dimension's values), in order.
  std::vector<GroupKey> all(const ReportScope& scope) const;

  // A key's place: known values in their order, then others by text, then none.
  using Rank = std::vector<std::tuple<std::size_t, std::string, long>>;
  Rank rank(const GroupKey& key) const;

private:
  const Catalogue& m_catalogue;
  std::vector<Dimension> m_dims;
  std::vector<Facet> m_facets;
  std::vector<std::size_t> m_index;              // per dimension: its first facet in the query
  std::vector<std::vector<std::string>> m_known; // per key column: its known values
  std::vector<bool> m_numeric;                   // per key column
};

// Interns the text of one facet, so that a tally keys rows by small numbers; 0 is NULL.
class Interner
{
public:
  std::uint16_t id(std::optional<std::string_view> value);
  std::optional<std::string_view> value(std::uint16_t id) const;

private:
  struct Hash
  {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept
    {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::vector<std::string> m_values{std::string()};
  std::unordered_map<std::string, std::uint16_t, Hash, std::equal_to<>> m_index;
  std::uint16_t m_last = 0;
};

// Figures (M whole numbers) for each slice and combination of up to three facet values, as rows
// stream past: memory grows with the groups, not with the rows.
template <std::size_t M> class Tally
{
public:
  using Figures = std::array<std::int64_t, M>;

  explicit Tally(std::size_t facets) : m_interners(facets) {}

  Figures& at(std::size_t slice, const FacetValues& values)
  {
    std::uint64_t key = slice;
    for (std::size_t i = 0; i < m_interners.size(); ++i) {
      key = key << 16 | m_interners[i].id(values[i]);
    }
    const auto [it, inserted] = m_index.try_emplace(key, m_entries.size());
    if (inserted) {
      m_entries.push_back({key, Figures{}});
    }
    return m_entries[it->second].second;
  }

  // Calls fn(slice, values, figures) for each group.
  template <typename Fn> void each(Fn&& fn) const
  {
    FacetValues values;
    const auto n = m_interners.size();
    for (const auto& [key, figures] : m_entries) {
      auto k = key;
      for (std::size_t i = n; i-- > 0;) {
        values[i] = m_interners[i].value(static_cast<std::uint16_t>(k & 0xffff));
        k >>= 16;
      }
      fn(static_cast<std::size_t>(k), values, figures);
    }
  }

private:
  std::vector<Interner> m_interners;
  std::unordered_map<std::uint64_t, std::size_t> m_index;
  std::vector<std::pair<std::uint64_t, Figures>> m_entries;
};

// Figures `T` by key for scope.before and each shown period, the keys in the grouping's order
// (plus, for a key longer than the grouping's, its last value ranked by `extra`).
template <typename T> class Groups
{
public:
  struct Row
  {
    GroupKey key;
    T before{};
    std::vector<T> periods;
  };
  using Extra =
      std::function<std::tuple<std::size_t, std::string, long>(const std::optional<std::string>&)>;

  Groups(const Grouping& grouping, std::size_t periods, Extra extra = {})
      : m_grouping(grouping), m_periods(periods), m_extra(std::move(extra))
  {
  }

  // Lists every known key, with T{} until something is added.
  void add_all(const ReportScope& scope)
  {
    for (const auto& k : m_grouping.all(scope)) {
      row(k);
    }
  }
  void add_key(const GroupKey& key) { row(key); }
  // The figures of `key` in `bucket` (k_before or a period index).
  T& at(const GroupKey& key, std::size_t bucket)
  {
    auto& r = row(key);
    return bucket == k_before ? r.before : r.periods[bucket];
  }

  // The rows in order.
  std::vector<Row> rows() &&
  {
    std::vector<std::pair<Grouping::Rank, Row>> ranked;
    ranked.reserve(m_rows.size());
    for (auto& [key, r] : m_rows) {
      ranked.emplace_back(rank(key), std::move(r));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Row> out;
    out.reserve(ranked.size());
    for (auto& [rank, r] : ranked) {
      out.push_back(std::move(r));
    }
    return out;
  }

  // For a T with `period` and `key`: the rows period by period (the keys in order within each),
  // each with its period and key set.
  std::vector<T> by_period() &&
  {
    const auto rows = std::move(*this).rows();
    std::vector<T> out;
    out.reserve(rows.size() * m_periods);
    for (std::size_t p = 0; p < m_periods; ++p) {
      for (const auto& g : rows) {
        auto r = g.periods[p];
        r.period = p;
        r.key = g.key;
        out.push_back(std::move(r));
      }
    }
    return out;
  }

private:
  Row& row(const GroupKey& key)
  {
    auto& r = m_rows[key];
    if (r.periods.empty()) {
      r.key = key;
      r.periods.resize(m_periods);
    }
    return r;
  }

  Grouping::Rank rank(const GroupKey& key) const
  {
    const auto width = m_grouping.columns().size();
    auto r = m_grouping.rank(GroupKey(key.begin(), key.begin() + static_cast<long>(width)));
    for (std::size_t i = width; i < key.size() && m_extra; ++i) {
      r.push_back(m_extra(key[i]));
    }
    return r;
  }

  const Grouping& m_grouping;
  std::size_t m_periods;
  Extra m_extra;
  std::map<GroupKey, Row> m_rows;
};

// The rank of `word` among `words`: its position, then words not there by text, then none.
std::tuple<std::size_t, std::string, long> rank_in(std::span<const std::string_view> words,
                                                   const std::optional<std::string>& word);

// Position of `word` in `words`, words.size() when it is not there.
std::size_t position(std::span<const std::string_view> words, std::string_view word) noexcept;

// One `Row` per shown period, its `period` set.
template <typename Row>
std::vector<Row>
rows_per_period(const ReportScope& scope)
{
  std::vector<Row> rows(scope.periods.size());
  for (std::size_t p = 0; p < rows.size(); ++p) {
    rows[p].period = p;
  }
  return rows;
}

// ---- the figures several reports share ----

// Cases received, tallied by slice and facets: the count, those redirected and those without a
// service (not redirected).
using ReceivedTally = Tally<3>;
ReceivedTally tally_received(Database& db, const Slices& slices, const detail::Selection& s);

// Volumes by `grouping` from a tally of cases received whose facets are `facets`.
Volumes volumes_from(const ReceivedTally& tally, const std::vector<Facet>& facets,
                     Grouping grouping, const Slices& slices, const ReportScope& scope);

// The cases received in each month of the periods shown (figure 0 of the tally).
std::vector<std::pair<Period, std::int64_t>>
monthly_from(const ReceivedTally& tally, const Slices& slices, std::size_t figure = 0);

// The types the KPI counts: the filter's, else complaints.
std::vector<std::string> kpi_types(const ReportFilter& filter);

// Stage responses with an outcome in the periods shown, by the facets of a grouping: upheld,
// partially upheld and not upheld; and the responses in each period.
struct StageOutcomes
{
  explicit StageOutcomes(std::size_t facets, std::size_t periods)
      : tally(facets), responses(periods, 0)
  {
  }
  Tally<3> tally;
  std::vector<std::int64_t> responses;

  void add(std::size_t slice, std::size_t period, const FacetValues& values,
           std::optional<std::string_view> outcome);
};

// Timeliness, the KPI's responses, and for the annual report the stages started and the
// outcomes of stage responses by service, from one pass over the stages (so that the annual
// report reads case_stage once).
class StagePass
{
public:
  StagePass(const Catalogue& catalogue, const Slices& slices, const ReportScope& scope,
            const ReportFilter& filter, std::vector<Dimension> timeliness_by);
  // The selection to read the stages with.
  detail::Selection selection() const;
  // Also counts the stages started (by the grouping, which must be by stage) and the outcomes
  // of responses by service; the stages must be read with StagesStarted::also.
  void count_started_and_outcomes();
  void add(const WorkingCalendar& calendar, const detail::AnsweredStage& s);
  std::vector<TimelinessRow> timeliness() const;
  // KPI responses per month: responded and late (received comes from the cases).
  void add_kpi(std::vector<KpiMonth>& months) const;
  // After count_started_and_outcomes().
  Volumes started() const;
  const StageOutcomes& outcomes() const { return *m_outcomes; }

private:
  const Catalogue& m_catalogue;
  const Slices& m_slices;
  const ReportScope& m_scope;
  Grouping m_grouping;
  std::vector<std::string> m_kpi_types;
  std::optional<int> m_target; // when the filter names one procedure
  Tally<6> m_tally;            // response: total, in time, days late; acknowledgement: the same
  std::vector<std::array<std::int64_t, 2>> m_kpi;
  std::optional<Tally<1>> m_started;
  std::optional<StageOutcomes> m_outcomes; // by service
};

// The months of the shown periods with the KPI's cases received (the tally's figure 0 for the
// KPI's types).
std::vector<KpiMonth> kpi_received(const ReceivedTally& tally, const std::vector<Facet>& facets,
                                   const Slices& slices, const std::vector<std::string>& types);
// Adds to `months` the campaigns' cases among those `where` selects, and each campaign once,
// in the month of its first case.
void add_kpi_campaigns(Database& db, const Slices& slices, const detail::Conditions& where,
                       std::vector<KpiMonth>& months);

// The outcomes report. `stage_outcomes` (by service, when `by` is empty) and `received` (with
// `received_facets`) are figures already counted, or nullptr to read them.
Outcomes outcomes_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
                     const Slices& slices, const std::vector<Dimension>& by,
                     const ReportFilter& filter, const StageOutcomes* stage_outcomes,
                     const ReceivedTally* received, const std::vector<Facet>& received_facets);

std::vector<DataQualityRow> data_quality_of(Database& db, const WorkingCalendar& calendar,
                                            const Catalogue& catalogue, const ReportScope& scope,
                                            const Slices& slices, int inactive_days,
                                            const ReportFilter& filter,
                                            const ReceivedTally* received,
                                            const std::vector<ReclassificationRow>* reclassified);

Ombudsman ombudsman_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
                       const Slices& slices, const std::vector<Dimension>& by,
                       const ReportFilter& filter);
std::vector<SatisfactionRow> satisfaction_of(Database& db, const Catalogue& catalogue,
                                             const ReportScope& scope, const Slices& slices,
                                             const std::vector<Dimension>& by,
                                             const ReportFilter& filter);
std::vector<LearningRow> learning_of(Database& db, const Catalogue& catalogue,
                                     const ReportScope& scope, const Slices& slices,
                                     const ReportFilter& filter);

// The code-compliance report's own figures (code_compliance.cpp) and its sections.
CodeCompliance compliance_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
                             const Slices& slices, const ReportFilter& filter);
std::vector<ReportSection> compliance_sections(const CodeCompliance& figures,
                                               const ReportScope& scope,
                                               const Catalogue& catalogue);

// ---- laying out ----

// A column of `kind`. People see `none` for null: by default "(none)" for text, "" for
// pounds, "n/a" for the other figures.
Column column(ColumnKind kind, std::string name, std::string heading,
              std::optional<std::string> none = std::nullopt);

inline Column
text_column(std::string name, std::string heading, std::string none = "(none)")
{
  return column(ColumnKind::text, std::move(name), std::move(heading), std::move(none));
}
inline Column
count_column(std::string name, std::string heading)
{
  return column(ColumnKind::integer, std::move(name), std::move(heading));
}
inline Column
percent_column(std::string name, std::string heading)
{
  return column(ColumnKind::percent, std::move(name), std::move(heading));
}

// The columns of the key columns `names` (a stage is a number), and a key's values.
std::vector<Column> key_column_list(const std::vector<std::string>& names,
                                    std::string none = "(none)");
void add_key_values(std::vector<Value>& row, const std::vector<std::string>& names,
                    const GroupKey& key);

// The two columns every section starts with, and their values for `p`.
std::vector<Column> period_columns();
std::vector<Value> period_values(const Period& p);

// What a section is about.
struct SectionHead
{
  std::string name;
  std::string title;
  std::string note;
};

// A section of one row per item of `rows` (each with a `period`, an index into scope.periods):
// the period's columns, then `columns`; the period's values, then the values (a std::array or
// std::vector of Value, moved into the row) that `values(item)` returns.
template <typename Row, typename Values>
ReportSection
period_section(SectionHead head, const ReportScope& scope, std::vector<Column> columns,
               const std::vector<Row>& rows, Values&& values)
{
  ReportSection s;
  s.name = std::move(head.name);
  s.title = std::move(head.title);
  s.note = std::move(head.note);
  s.columns = period_columns();
  s.columns.insert(s.columns.end(), std::make_move_iterator(columns.begin()),
                   std::make_move_iterator(columns.end()));
  for (const auto& r : rows) {
    auto row = period_values(scope.periods[r.period]);
    for (auto& v : values(r)) {
      row.push_back(std::move(v));
    }
    s.rows.push_back(std::move(row));
  }
  return s;
}

// "2020-07": the month a month's period starts in.
std::string month_name(const Period& month);

// For people: a value as its column shows it.
std::string human_value(const Column& column, const Value& value);

// For people: the section's rows as they are, with period_from and period_to shown as one
// "period" column ("2019/20").
HumanTable human_table(const ReportSection& section);

// For people: every section whose rows name policy words (channels, outcomes, areas, tags,
// procedures, sub-types, Ombudsman decisions) gets a table for people showing the policy's names
// for them, where it has one; the data formats keep the codes.
void name_policy_words(ReportDocument& document, const Catalogue& catalogue);

std::string_view measure_name(Measure m) noexcept;

// The section name of a grouping: "volumes_by_type", "volumes_by_service_channel".
std::string section_name(std::string_view report, const std::vector<Dimension>& by);

struct VolumeLayout
{
  ShareOf share = ShareOf::none;
  ChangeFrom change_from = ChangeFrom::previous;
};
ReportSection volumes_section(const Volumes& volumes, const ReportScope& scope, std::string name,
                              const Catalogue& catalogue, VolumeLayout layout = {});
ReportSection ratio_section(const Ratios& ratios, const ReportScope& scope);
ReportSection timeliness_section(const std::vector<TimelinessRow>& rows,
                                 const std::vector<std::string>& key_columns,
                                 const ReportScope& scope);
ReportSection kpi_section(const std::vector<KpiMonth>& months, bool complaints = true);
std::vector<ReportSection> outcome_sections(const Outcomes& outcomes, const ReportScope& scope);
std::vector<ReportSection> ombudsman_sections(const Ombudsman& ombudsman, const ReportScope& scope);
ReportSection learning_section(const std::vector<LearningRow>& rows, const ReportScope& scope);
ReportSection satisfaction_section(const std::vector<SatisfactionRow>& rows,
                                   const std::vector<std::string>& key_columns,
                                   const ReportScope& scope);
ReportSection data_quality_section(const std::vector<DataQualityRow>& rows,
                                   const ReportScope& scope, int inactive_days);
ReportSection monthly_volumes_section(const std::vector<std::pair<Period, std::int64_t>>& months);

// The annual report's charts, from its figures.
struct AnnualFigures
{
  const Catalogue* catalogue = nullptr; // the policy's names and digital channels
  const ReportScope* scope = nullptr;
  const Volumes* by_channel = nullptr;
  const std::vector<std::pair<Period, std::int64_t>>* monthly = nullptr;
  const std::vector<KpiMonth>* kpi = nullptr;
  const std::vector<TimelinessRow>* timeliness = nullptr;
  const Outcomes* outcomes = nullptr;
};
std::vector<Chart> annual_charts(const AnnualFigures& figures);

// " Cases: type complaint; service HWY or WST." for a filter; "" without one.
std::string filter_sentence(const ReportFilter& filter);

// The annual report (annual.cpp).
ReportDocument annual_report(Database& db, const WorkingCalendar& calendar,
                             const Catalogue& catalogue, const ReportRequest& request);

// Escapes text for HTML and SVG (util/text.hpp).
using feedback::escape_html;

} // namespace feedback::report
