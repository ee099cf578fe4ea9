// SPDX-License-Identifier: MIT
// Private to the report module: bucketing dates into periods, reading stored dates, the guard
// that keeps personal data out of reach, and the stage facts several reports share.
#pragma once

#include <feedback/cases/deadlines.hpp>
#include <feedback/reports/reports.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::report {

inline constexpr std::size_t k_before = static_cast<std::size_t>(-1);

// Finds the period a stored ISO date falls in, by comparing the text (ISO dates sort as text),
// so that scanning many rows parses no dates.
class Buckets
{
public:
  explicit Buckets(const ReportScope& scope);

  // The index in scope.periods, k_before for scope.before, nullopt outside the span.
  std::optional<std::size_t> find(std::string_view iso) const;

  // The whole span, scope.before included, for a query's `BETWEEN ?1 AND ?2`.
  const std::string& from() const noexcept { return m_starts.front(); }
  const std::string& to() const noexcept { return m_to; }
  // Only the periods shown.
  const std::string& shown_from() const noexcept { return m_starts[1]; }

private:
  std::vector<std::string> m_starts; // scope.before.from, then each period's from
  std::string m_to;
};

// A stored date; throws Error(data_error) naming `where` if it is not one.
Date stored_date(std::string_view text, std::string_view where);
std::optional<Date> stored_optional_date(const Statement& st, int column, std::string_view where);

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

// Cases received by day in a span: all, those without a service (not counting redirected
// ones), those redirected, and complaints.
struct DayCounts
{
  std::string day;
  std::int64_t received = 0;
  std::int64_t no_service = 0;
  std::int64_t redirected = 0;
  std::int64_t complaints = 0;
};
std::vector<DayCounts> load_day_counts(Database& db, std::string_view from, std::string_view to);

// Cases received in the span counted by day, type, channel, service and whether redirected:
// one scan of case_record from which the annual report takes every count of cases received.
// Types, channels and services are numbers into the name lists.
struct CaseCube
{
  struct Cell
  {
    std::string day;
    std::uint16_t type = 0;
    std::uint16_t channel = 0;
    std::uint16_t service = 0;
    bool redirected = false;
    std::int64_t count = 0;
  };
  std::vector<std::optional<std::string>> types; // nullopt: unclassified
  std::vector<std::string> channels;
  std::vector<std::optional<std::string>> services;
  std::vector<Cell> cells;
};
CaseCube load_case_cube(Database& db, const Buckets& buckets);
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

// Cases received per month of the shown periods.
std::vector<std::pair<Period, std::int64_t>> monthly_from(const std::vector<DayCounts>& days,
                                                          const ReportScope& scope);

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

Column text_column(std::string name, std::string heading, std::string none = "(none)");
Column count_column(std::string name, std::string heading);
Column percent_column(std::string name, std::string heading);
Column change_column(std::string name, std::string heading);
Column decimal_column(std::string name, std::string heading);
Column pounds_column(std::string name, std::string heading);
Column boolean_column(std::string name, std::string heading);

// The two columns every section starts with, and their values for `p`.
std::vector<Column> period_columns();
std::vector<Value> period_values(const Period& p);

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
