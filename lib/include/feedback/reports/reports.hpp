// SPDX-License-Identifier: MIT
// The reports councils publish (docs/reports.md), computed from the
// database exactly. Each report is worked out in two steps: compute_* returns its figures
// (whole numbers; percentages and averages in exact hundredths, money in pence) and
// build_report lays them out as a document of tables, which render_report prints as a table,
// CSV, JSON, Markdown or a self-contained HTML page. docs/reports.md lists every column.
//
// Personal data never appears in a report: while a report is computed the connection refuses
// to read the `person` table and the free-text fields that may hold names (PersonalDataGuard),
// so a query that tried would fail instead of leaking.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/reports/report_figures.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/personal_data.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// ---- what a report covers ----

// The periods a report shows, oldest first (the last is the one asked for), the period just
// before the first (so that the first shown has a change on the previous period too) and the
// day taken as "today" for anything still open.
struct ReportScope
{
  std::vector<Period> periods;
  Period before;
  Date as_of;
};

// `period` with `compare` previous periods of the same length before it.
ReportScope make_scope(const Period& period, int compare, Date as_of);

// ---- the figures ----

enum class VolumeGrouping
{
  type,
  channel,
  channel_group,
  service,
  directorate,
  procedure,
  stage
};

// `type`, `channel`, `channel-group`, `service`, `directorate`, `procedure`, `stage`.
std::optional<VolumeGrouping> parse_volume_grouping(std::string_view name) noexcept;
std::string_view grouping_name(VolumeGrouping by) noexcept;

struct VolumeRow
{
  std::vector<std::optional<std::string>> key; // one value per key column; nullopt: none
  std::int64_t before = 0;                     // in scope.before
  std::vector<std::int64_t> counts;            // one per scope.periods
};

// Cases received per period (stages started, by stage), grouped.
struct Volumes
{
  VolumeGrouping by = VolumeGrouping::type;
  std::vector<std::string> key_columns; // e.g. {"type"}; {"procedure", "stage"} by stage
  std::vector<VolumeRow> rows;
};

// Counts by `by` for every period of `scope`. Types, channels and procedures are listed in the
// vocabulary's order, all of them even when 0; services and directorates are those configured,
// then "none" (null) when cases without a service were received.
Volumes compute_volumes(Database& db, const Policy& policy, const ReportScope& scope,
                        VolumeGrouping by);

enum class Measure
{
  response,
  acknowledgement
};

// Stage deadlines met in one period for one procedure stage: the responses (or
// acknowledgements) made in the period, how many by their deadline, and for the late ones
// the working days over the deadline in all.
struct TimelinessRow
{
  std::size_t period = 0;               // index into scope.periods
  std::optional<std::string> procedure; // nullopt: types that follow no procedure
  std::optional<int> stage;
  Measure measure = Measure::response;
  std::int64_t total = 0;
  std::int64_t in_time = 0;
  std::int64_t days_late = 0; // working days over the deadline, summed over the late ones
  // The procedure's target in the latest policy, for responses (the policy sets none for
  // acknowledgements).
  std::optional<int> target_percent;

  std::int64_t late() const noexcept { return total - in_time; }
};

std::vector<TimelinessRow> compute_timeliness(Database& db, const WorkingCalendar& calendar,
                                              const Policy& policy, const ReportScope& scope);

// One month of the monthly KPI: complaints received, and of the complaint stage responses
// made in the month, how many were after their deadline.
struct KpiMonth
{
  Period month; // cut to the period when it starts or ends mid-month
  std::int64_t received = 0;
  std::int64_t responded = 0;
  std::int64_t responded_late = 0;
};

std::vector<KpiMonth> compute_kpi(Database& db, const WorkingCalendar& calendar,
                                  const ReportScope& scope);

struct OutcomeRow
{
  std::size_t period = 0;
  std::optional<std::string> service;
  std::int64_t upheld = 0;
  std::int64_t partially_upheld = 0;
  std::int64_t not_upheld = 0;

  std::int64_t responses() const noexcept { return upheld + partially_upheld + not_upheld; }
};

struct AreaRow
{
  std::size_t period = 0;
  std::string area;
  std::int64_t count = 0;     // stage responses with an outcome that name the area
  std::int64_t responses = 0; // stage responses with an outcome in the period
};

struct ReclassificationRow
{
  std::size_t period = 0;
  std::string from_type;
  std::string to_type;
  std::int64_t count = 0;
};

struct RedirectRow
{
  std::size_t period = 0;
  std::int64_t received = 0;
  std::int64_t redirected = 0; // of those received, redirected to another organisation
};

struct Outcomes
{
  std::vector<OutcomeRow> by_service;
  std::vector<AreaRow> areas;
  std::vector<ReclassificationRow> reclassified;
  std::vector<RedirectRow> redirected;
};

Outcomes compute_outcomes(Database& db, const ReportScope& scope);

struct OmbudsmanSummaryRow
{
  std::size_t period = 0;
  std::int64_t opened = 0;  // cases the Ombudsman took up in the period
  std::int64_t decided = 0; // decisions in the period
  std::int64_t upheld = 0;
};

struct OmbudsmanDecisionRow
{
  std::size_t period = 0;
  std::optional<std::string> service;
  std::string decision;
  std::int64_t count = 0;
};

// Remedies agreed in the period, by kind; done and overdue as of scope.as_of.
struct RemedyRow
{
  std::size_t period = 0;
  std::string kind;
  std::int64_t agreed = 0;
  std::int64_t done = 0;
  std::int64_t done_late = 0;
  std::int64_t overdue = 0; // not done and past due
  std::int64_t pence = 0;   // payments agreed
};

struct Ombudsman
{
  std::vector<OmbudsmanSummaryRow> summary;
  std::vector<OmbudsmanDecisionRow> decisions;
  std::vector<RemedyRow> remedies;
};

Ombudsman compute_ombudsman(Database& db, const ReportScope& scope);

// One learning entry recorded in the period: problem -> improvement -> action. The officer
// named as the action's owner is left out: reports name no one.
struct LearningRow
{
  std::size_t period = 0;
  std::optional<std::string> service;
  Date recorded_on;
  std::string problem;
  std::string improvement;
  std::optional<std::string> action;
  std::optional<Date> due;
  std::optional<Date> done_on;
  std::string status; // done, overdue or open, as of scope.as_of
};

std::vector<LearningRow> compute_learning(Database& db, const ReportScope& scope);

// Surveys sent in the period and what came back by scope.as_of.
struct SatisfactionRow
{
  std::size_t period = 0;
  std::int64_t sent = 0;
  std::int64_t returned = 0;
  std::int64_t satisfied = 0;
  std::int64_t dissatisfied = 0;
  std::array<std::int64_t, 5> stars{}; // stars[0]: one star
};

std::vector<SatisfactionRow> compute_satisfaction(Database& db, const ReportScope& scope);

struct DataQualityRow
{
  std::size_t period = 0;
  std::int64_t received = 0;
  // Received by the end of the period and still unclassified then (from the audit trail).
  std::int64_t unclassified_at_end = 0;
  // Of the cases received in the period, not redirected, with no service.
  std::int64_t no_service = 0;
  // Of the cases received in the period, not closed on scope.as_of and with no activity for
  // `inactive_days` working days.
  std::int64_t open_inactive = 0;
  // Of the cases received in the period, sponsored, open on scope.as_of, and with the sponsor
  // not updated for the policy's sponsor_update_days working days.
  std::int64_t sponsor_not_updated = 0;
  // Reclassified in the period from service request to complaint.
  std::int64_t filed_as_service_request = 0;
};

std::vector<DataQualityRow> compute_data_quality(Database& db, const WorkingCalendar& calendar,
                                                 const Policy& policy, const ReportScope& scope,
                                                 int inactive_days);

// The inactivity threshold when none is given: the policy's inactive_days, else 20.
int default_inactive_days(const Policy& policy);

// ---- documents ----

// How a column's values are written. Data formats (CSV, JSON) write the value plainly;
// the formats for people (table, Markdown, HTML) dress it up.
enum class ColumnKind
{
  text,    // text (also ISO dates); JSON string
  integer, // a count; JSON number; "1,234" for people
  percent, // hundredths; 17.28 in data; "17.28%" for people
  change,  // hundredths; 17.28 in data; "17.28 % increase" for people
  decimal, // hundredths (an average); 2.50
  pounds,  // pence; 250.00 in data; "£250.00" for people
  boolean, // 0 or 1; true/false in data; yes/no for people
};

struct Column
{
  std::string name;    // the CSV header and JSON key
  std::string heading; // for people
  ColumnKind kind = ColumnKind::text;
  std::string none = "n/a"; // what people see for null
};

// One value of a row: text for text columns, a number otherwise, or neither (null).
struct Value
{
  std::optional<std::string> text;
  std::optional<std::int64_t> number;

  static Value null() { return {}; }
  static Value of(std::string s) { return {std::move(s), std::nullopt}; }
  static Value of(const std::optional<std::string>& s) { return {s, std::nullopt}; }
  static Value of(std::int64_t n) { return {std::nullopt, n}; }
  static Value of(std::optional<Hundredths> h)
  {
    return h ? Value{std::nullopt, h->value} : Value{};
  }
};

// A table for people, when it is laid out differently from the data (e.g. periods side by
// side). Cells are final text; `number` cells are aligned right.
struct HumanTable
{
  std::vector<std::string> headings;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column
  std::size_t total_rows = 0; // the last rows are totals (bold in HTML)
};

// One table of a report. `columns` and `rows` are the data every format shows; the first two
// columns of every section are period_from and period_to, which people see as one "period".
struct ReportSection
{
  std::string name;  // JSON key and --section name, e.g. "outcomes_areas"
  std::string title; // heading for people
  std::string note;  // what is counted, for people
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
  std::optional<HumanTable> human; // a layout for people instead of the rows as they are
};

// An SVG chart for the HTML page, shown before section `before`.
struct Chart
{
  std::string id;
  std::string before;
  std::string svg;
};

struct ReportDocument
{
  std::string title;
  std::string subtitle;
  std::vector<ReportSection> sections;
  std::vector<Chart> charts;
};

enum class ReportKind
{
  volumes,
  timeliness,
  kpi,
  outcomes,
  ombudsman,
  learning,
  satisfaction,
  data_quality,
  annual,
};

struct ReportRequest
{
  ReportKind kind = ReportKind::volumes;
  ReportScope scope;
  VolumeGrouping by = VolumeGrouping::type; // volumes
  std::optional<int> inactive_days;         // data-quality; nullopt: the policy's
};

// Computes the report and lays it out. Throws Error as the queries do.
ReportDocument build_report(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                            const ReportRequest& request);

enum class ReportFormat
{
  table,
  csv,
  json,
  markdown,
  html
};

// `table`, `csv`, `json`, `markdown` or `html`.
std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

// The document with only the section `name`. Throws Error(usage) naming the sections there are.
ReportDocument select_section(const ReportDocument& document, std::string_view name);

// The document in `format`. JSON is an array of row objects for a one-section document, else
// an object with one array per section; CSV holds one section only, and throws Error(usage)
// for more, naming them. HTML is one self-contained page with the charts.
std::string render_report(const ReportDocument& document, ReportFormat format);

} // namespace feedback
