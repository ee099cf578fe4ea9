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
#include <feedback/reports/dimensions.hpp>
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

// The key of a row: one value per key column (a stage has two: procedure and stage); nullopt
// where a case has none (no service, no sponsor).
using GroupKey = std::vector<std::optional<std::string>>;

struct VolumeRow
{
  GroupKey key;
  std::int64_t before = 0;          // in scope.before
  std::vector<std::int64_t> counts; // one per scope.periods
};

// Cases received per period (stages started, when grouped or filtered by stage), grouped.
struct Volumes
{
  std::vector<Dimension> by;
  bool stages = false;                  // counts stages started rather than cases received
  std::vector<std::string> key_columns; // e.g. {"type"}; {"procedure", "stage"} by stage
  std::vector<VolumeRow> rows;
};

// Counts by `by` (one or two dimensions; not area, tag or sub-type) for every period of
// `scope`, of the cases `filter` selects. Every value of each dimension is listed, even when 0
// (types, channels and procedures in the vocabulary's order; services and directorates those
// configured, by code), then values seen that are not known, then "none" (null) when seen.
// Grouped or filtered by stage, the stages started in each period are counted instead.
// Throws Error(usage) for a dimension or filter value that does not apply (check_request).
Volumes compute_volumes(Database& db, const Policy& policy, const ReportScope& scope,
                        const std::vector<Dimension>& by, const ReportFilter& filter = {});

// Cases of type `type` received for every 1,000 of type `per`, by `by` (none, one or two
// dimensions) and period.
struct RatioRow
{
  std::size_t period = 0;
  GroupKey key;
  std::int64_t count = 0; // cases of `type`
  std::int64_t base = 0;  // cases of `per`
};

struct Ratios
{
  std::string type;
  std::string per;
  std::vector<std::string> key_columns;
  std::vector<RatioRow> rows; // period by period, the keys in order
};

Ratios compute_ratios(Database& db, const Policy& policy, const ReportScope& scope,
                      std::string_view type, std::string_view per, const std::vector<Dimension>& by,
                      const ReportFilter& filter = {});

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
  std::size_t period = 0; // index into scope.periods
  GroupKey key;           // the values of the key columns
  // The procedure and stage, when the rows are by stage (the default); with `by` another
  // dimension, the procedure when it is one or when the filter names one procedure.
  std::optional<std::string> procedure; // nullopt: types that follow no procedure
  std::optional<int> stage;
  Measure measure = Measure::response;
  std::int64_t total = 0;
  std::int64_t in_time = 0;
  std::int64_t days_late = 0; // working days over the deadline, summed over the late ones
  // The procedure's target in the latest policy, for responses (the policy sets none for
  // acknowledgements), when the row is for one procedure.
  std::optional<int> target_percent;

  std::int64_t late() const noexcept { return total - in_time; }
};

// Rows by procedure stage (`by` empty, or {procedure, stage}: every stage of the policy, a
// response row and an acknowledgement row where it has that timescale) or by `by` (one or two
// dimensions: every value, both measures), period by period.
std::vector<TimelinessRow> compute_timeliness(Database& db, const WorkingCalendar& calendar,
                                              const Policy& policy, const ReportScope& scope,
                                              const std::vector<Dimension>& by = {},
                                              const ReportFilter& filter = {});

// The key columns of timeliness rows by `by`.
std::vector<std::string> timeliness_key_columns(const std::vector<Dimension>& by);

// One month of the monthly KPI: complaints received, and of the complaint stage responses
// made in the month, how many were after their deadline. With a filter on types, cases of
// those types instead of complaints. A campaign (docs/reports.md, "campaigns") counts its
// cases in `received` and `in_campaigns`, and itself once, in `campaigns` of the month its
// first case (of those the report counts) was received.
struct KpiMonth
{
  Period month; // cut to the period when it starts or ends mid-month
  std::int64_t received = 0;
  std::int64_t responded = 0;
  std::int64_t responded_late = 0;
  std::int64_t in_campaigns = 0; // of `received`, the cases of a campaign
  std::int64_t campaigns = 0;    // campaigns whose first case was received in the month

  // The complaints received, each campaign counted as one.
  std::int64_t counted_once() const noexcept { return received - in_campaigns + campaigns; }
};

std::vector<KpiMonth> compute_kpi(Database& db, const WorkingCalendar& calendar,
                                  const ReportScope& scope, const ReportFilter& filter = {});

struct OutcomeRow
{
  std::size_t period = 0;
  GroupKey key; // by service unless `by` says otherwise
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
  GroupKey key; // empty unless `by` is given
  std::int64_t received = 0;
  std::int64_t redirected = 0; // of those received, redirected to another organisation
};

struct Outcomes
{
  std::vector<Dimension> by;                 // empty: by service
  std::vector<std::string> key_columns;      // of by_service: {"service"} by default
  std::vector<std::string> redirect_columns; // of redirected: none by default
  std::vector<OutcomeRow> by_service;
  std::vector<AreaRow> areas;
  std::vector<ReclassificationRow> reclassified;
  std::vector<RedirectRow> redirected;
};

// Stage responses with an outcome by service (or by `by`: values seen in any period shown),
// the areas they name, reclassifications and redirections, of the cases `filter` selects (a
// reclassification by the case's type now).
Outcomes compute_outcomes(Database& db, const Policy& policy, const ReportScope& scope,
                          const std::vector<Dimension>& by = {}, const ReportFilter& filter = {});

struct OmbudsmanSummaryRow
{
  std::size_t period = 0;
  GroupKey key;             // empty unless `by` is given
  std::int64_t opened = 0;  // cases the Ombudsman took up in the period
  std::int64_t decided = 0; // decisions in the period
  std::int64_t upheld = 0;
};

struct OmbudsmanDecisionRow
{
  std::size_t period = 0;
  GroupKey key; // by service unless `by` says otherwise
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
  std::vector<Dimension> by;
  std::vector<std::string> summary_columns;  // none by default
  std::vector<std::string> decision_columns; // {"service"} by default
  std::vector<OmbudsmanSummaryRow> summary;
  std::vector<OmbudsmanDecisionRow> decisions;
  std::vector<RemedyRow> remedies;
};

// The Ombudsman's cases of the cases `filter` selects: the summary one row a period (or by
// `by`, the values seen), decisions by service (or by `by`) and decision, remedies by kind.
Ombudsman compute_ombudsman(Database& db, const Policy& policy, const ReportScope& scope,
                            const std::vector<Dimension>& by = {}, const ReportFilter& filter = {});

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

std::vector<LearningRow> compute_learning(Database& db, const Policy& policy,
                                          const ReportScope& scope,
                                          const ReportFilter& filter = {});

// Surveys sent in the period and what came back by scope.as_of.
struct SatisfactionRow
{
  std::size_t period = 0;
  GroupKey key; // empty unless `by` is given
  std::int64_t sent = 0;
  std::int64_t returned = 0;
  std::int64_t satisfied = 0;
  std::int64_t dissatisfied = 0;
  std::array<std::int64_t, 5> stars{}; // stars[0]: one star
};

// One row a period, or by `by` (the values seen in any period shown).
std::vector<SatisfactionRow> compute_satisfaction(Database& db, const Policy& policy,
                                                  const ReportScope& scope,
                                                  const std::vector<Dimension>& by = {},
                                                  const ReportFilter& filter = {});

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
                                                 int inactive_days,
                                                 const ReportFilter& filter = {});

// The inactivity threshold when none is given: the policy's inactive_days, else 20.
int default_inactive_days(const Policy& policy);

// ---- against the Complaint Handling Codes ----

// Stage responses made in one period for one key (a procedure stage, or a service), with
// what the Codes ask a council to report of them (docs/reports.md, "code-compliance").
struct ComplianceRow
{
  std::size_t period = 0;
  GroupKey key;
  std::int64_t responses = 0;
  std::int64_t extended = 0; // with an extension of the response deadline
  // Extended for longer than the stage's cap in all, which the Codes allow only with a good
  // reason (and the toolkit records only with one: cases/cases.cpp).
  std::int64_t beyond_cap = 0;
  std::int64_t independent = 0; // responses to stages that must be independent
  std::int64_t independence_kept = 0;
  std::int64_t independence_overridden = 0;
  std::int64_t independence_unchecked = 0;
  std::int64_t escalated = 0; // cases that went on to a later stage of the procedure
  std::int64_t ombudsman = 0; // cases the Ombudsman took up
};

// Learning recorded in one period for one service: how many entries, and of them, done,
// overdue and open as of scope.as_of.
struct LearningSummaryRow
{
  std::size_t period = 0;
  std::optional<std::string> service;
  std::int64_t recorded = 0;
  std::int64_t done = 0;
  std::int64_t overdue = 0;
  std::int64_t open = 0;
};

struct CodeCompliance
{
  std::vector<ComplianceRow> by_stage;   // every stage of the policy, period by period
  std::vector<ComplianceRow> by_service; // every configured service (and none when seen)
  std::vector<LearningSummaryRow> learning;
};

// The figures of stage responses made in each period of `scope`, of the cases `filter`
// selects, by procedure stage and by service, and the learning recorded.
CodeCompliance compute_code_compliance(Database& db, const Policy& policy, const ReportScope& scope,
                                       const ReportFilter& filter = {});

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
  std::vector<bool> total;    // per row, when totals are not only the last rows
  std::vector<bool> zero;     // per row, when known: nothing in it (the printed page leaves it out)

  bool is_total(std::size_t row) const noexcept
  {
    return row < total.size() ? total[row] : row + total_rows >= rows.size();
  }
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
  // The printed document's table (the annual report's HTML), when it shows less: rows with
  // nothing in them left out, said once in `print_note`.
  std::optional<HumanTable> print;
  std::string print_note;
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
  // For the printed document (HTML): a few sentences generated from the figures, first.
  std::vector<std::string> summary;
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
  ratio,
  code_compliance,
};

struct ReportRequest
{
  ReportKind kind = ReportKind::volumes;
  ReportScope scope;
  std::vector<Dimension> by;        // empty: the report's own grouping (volumes: type)
  std::optional<int> inactive_days; // data-quality; nullopt: the policy's
  ReportFilter filter;
  ShareOf share = ShareOf::none;                 // volumes
  ChangeFrom change_from = ChangeFrom::previous; // volumes
  std::string ratio_type;                        // ratio: cases of this type...
  std::string ratio_per;                         // ...per 1,000 of this one
};

// Throws Error(usage) naming the flag and value when `request` asks for what its report does
// not do: a dimension it cannot group by, two dimensions where it takes one, the same one
// twice, a filter value that is not one (an unknown service, type, channel...), a share or a
// change from the first period outside volumes. `db` and `policy` give the services,
// directorates and procedures there are.
void check_request(Database& db, const Policy& policy, const ReportRequest& request);

// Computes the report and lays it out (check_request first). Throws Error as the queries do.
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
