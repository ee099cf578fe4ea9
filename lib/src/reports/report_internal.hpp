// SPDX-License-Identifier: MIT
// Private to the report module: sharing days out among periods, grouping figures by period,
// laying sections out, and the stage facts several reports share. The queries are the storage
// layer's (storage/report_queries.hpp).
#pragma once

#include "storage/report_queries.hpp"

#include <feedback/cases/deadlines.hpp>
#include <feedback/reports/reports.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::report {

inline constexpr std::size_t k_before = static_cast<std::size_t>(-1);

using detail::CaseCube;
using detail::DayCounts;

// Finds the period a stored ISO date falls in, by comparing the text (ISO dates sort as text),
// so that scanning many rows parses no dates.
class Buckets
{
public:
  explicit Buckets(const ReportScope& scope);

  // The index in scope.periods, k_before for scope.before, nullopt outside the span.
  std::optional<std::size_t> find(std::string_view iso) const;
  // The index in scope.periods; nullopt for scope.before too.
  std::optional<std::size_t> find_shown(std::string_view iso) const;

  // The whole span, scope.before included.
  detail::DaySpan span() const noexcept { return {m_starts.front(), m_to}; }
  // Only the periods shown.
  detail::DaySpan shown_span() const noexcept { return {m_starts[1], m_to}; }

private:
  std::vector<std::string> m_starts; // scope.before.from, then each period's from
  std::string m_to;
};

// Position of `word` in `words`, words.size() when it is not there.
std::size_t position(std::span<const std::string_view> words, std::string_view word) noexcept;

// Position of `word` in `words`: words.size() when it is not there, one more for none, so that
// sorting by it keeps the vocabulary's order with unknown words and then "none" last.
std::size_t rank(std::span<const std::string_view> words, const std::optional<std::string>& word);

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

// Figures `T` by key for each shown period, listed period by period with every key in each (so
// that the periods line up), the keys in order.
template <typename Key, typename T> class PerPeriod
{
public:
  explicit PerPeriod(std::size_t periods) : m_periods(periods) {}

  // Lists `key` in every period, with T{} until something is added.
  void add_key(const Key& key) { figures(key); }
  T& at(const Key& key, std::size_t period) { return figures(key)[period]; }

  // Calls `fn(period, key, figures)` for each period and, within it, each key.
  template <typename Fn> void each(Fn&& fn) const
  {
    for (std::size_t p = 0; p < m_periods; ++p) {
      for (const auto& [key, by_period] : m_figures) {
        fn(p, key, by_period[p]);
      }
    }
  }

private:
  std::vector<T>& figures(const Key& key)
  {
    auto& v = m_figures[key];
    if (v.empty()) {
      v.resize(m_periods);
    }
    return v;
  }

  std::size_t m_periods;
  std::map<Key, std::vector<T>> m_figures;
};

// A stage acknowledged or responded to within the span, with its deadlines worked out.
struct StageFact
{
  std::int64_t stage_id = 0;
  std::optional<std::string> procedure;
  std::optional<int> stage;
  std::optional<std::string> type; // the case's type now
  std::optional<std::string> service;
  std::optional<std::string> outcome;
  std::optional<std::size_t> acknowledged_in; // bucket (k_before or a period index)
  std::optional<std::size_t> responded_in;
  bool acknowledged_in_time = true;
  bool responded_in_time = true;
  int acknowledged_days_late = 0;
  int responded_days_late = 0;
  bool has_acknowledge_deadline = false;
  bool has_respond_deadline = false;
  std::string responded; // ISO date, "" when not responded
};

// Every stage acknowledged or responded to in the span of `buckets`, in one query (and one
// each for the holds and extensions of those stages).
std::vector<StageFact> load_stage_facts(Database& db, const WorkingCalendar& calendar,
                                        const Buckets& buckets);

// By type, channel, channel group, service or directorate (not procedure or stage).
Volumes volumes_from_cube(Database& db, const Policy& policy, const ReportScope& scope,
                          VolumeGrouping by, const CaseCube& cube);
std::vector<DayCounts> day_counts_from(const CaseCube& cube);

// The calendar months of the shown periods (cut to them), and which one an ISO date is in.
class MonthIndex
{
public:
  explicit MonthIndex(const ReportScope& scope);
  std::optional<std::size_t> find(std::string_view iso) const;
  const std::vector<Period>& months() const noexcept { return m_months; }

private:
  std::vector<Period> m_months;
  std::vector<std::string> m_starts;
  std::string m_to;
};

// The months of the shown periods, each with the sum of `field` over the days in it (the cases
// received, by default).
std::vector<std::pair<Period, std::int64_t>>
monthly_from(const std::vector<DayCounts>& days, const ReportScope& scope,
             std::int64_t DayCounts::*field = &DayCounts::received);

// Timeliness, KPI, outcomes and data quality from figures already loaded (so that the annual
// report reads each table once).
std::vector<TimelinessRow> timeliness_from(const std::vector<StageFact>& facts,
                                           const Policy& policy, const ReportScope& scope);
std::vector<KpiMonth> kpi_from(const std::vector<DayCounts>& days,
                               const std::vector<StageFact>& facts, const ReportScope& scope);
Outcomes outcomes_from(Database& db, const std::vector<StageFact>& facts,
                       const std::vector<DayCounts>& days, const ReportScope& scope);
// `reclassified`: the reclassifications of the periods when already loaded, else nullptr.
std::vector<DataQualityRow> data_quality_from(Database& db, const WorkingCalendar& calendar,
                                              const Policy& policy, const ReportScope& scope,
                                              int inactive_days, const std::vector<DayCounts>& days,
                                              const std::vector<ReclassificationRow>* reclassified);

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

std::string_view measure_name(Measure m) noexcept;

ReportSection volumes_section(const Volumes& volumes, const ReportScope& scope, std::string name);
ReportSection timeliness_section(const std::vector<TimelinessRow>& rows, const ReportScope& scope);
ReportSection kpi_section(const std::vector<KpiMonth>& months);
std::vector<ReportSection> outcome_sections(const Outcomes& outcomes, const ReportScope& scope);
std::vector<ReportSection> ombudsman_sections(const Ombudsman& ombudsman, const ReportScope& scope);
ReportSection learning_section(const std::vector<LearningRow>& rows, const ReportScope& scope);
ReportSection satisfaction_section(const std::vector<SatisfactionRow>& rows,
                                   const ReportScope& scope);
ReportSection data_quality_section(const std::vector<DataQualityRow>& rows,
                                   const ReportScope& scope, int inactive_days);
ReportSection monthly_volumes_section(const std::vector<std::pair<Period, std::int64_t>>& months);

// The annual report's charts, from its figures.
struct AnnualFigures
{
  const ReportScope* scope = nullptr;
  const Volumes* by_channel = nullptr;
  const std::vector<std::pair<Period, std::int64_t>>* monthly = nullptr;
  const std::vector<KpiMonth>* kpi = nullptr;
  const std::vector<TimelinessRow>* timeliness = nullptr;
  const Outcomes* outcomes = nullptr;
};
std::vector<Chart> annual_charts(const AnnualFigures& figures);

// Escapes text for HTML and SVG.
std::string escape_html(std::string_view text);

} // namespace feedback::report
