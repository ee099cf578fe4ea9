// SPDX-License-Identifier: MIT
// Laying out the figures of timeliness, the KPI and outcomes as tables.
#include "reports/report_internal.hpp"

#include <fmt/core.h>

#include <array>
namespace feedback::report {

namespace {

std::optional<Period>
row_period(const std::vector<Value>& row)
{
  if (row.size() < 2 || !row[0].text || !row[1].text) {
    return std::nullopt;
  }
  const auto from = parse_iso_date(*row[0].text);
  const auto to = parse_iso_date(*row[1].text);
  if (!from || !to) {
    return std::nullopt;
  }
  return Period{*from, *to};
}

} // namespace

HumanTable
human_table(const ReportSection& section)
{
  HumanTable h;
  const bool periods = section.columns.size() >= 2 && section.columns[0].name == "period_from" &&
                       section.columns[1].name == "period_to";
  const std::size_t first = periods ? 2 : 0;
  if (periods) {
    h.headings.push_back("period");
    h.numeric.push_back(false);
  }
  for (std::size_t c = first; c < section.columns.size(); ++c) {
    h.headings.push_back(section.columns[c].heading);
    h.numeric.push_back(section.columns[c].kind != ColumnKind::text);
  }
  for (const auto& row : section.rows) {
    std::vector<std::string> cells;
    if (periods) {
      const auto p = row_period(row);
      cells.push_back(p ? period_label(*p) : std::string());
    }
    for (std::size_t c = first; c < section.columns.size() && c < row.size(); ++c) {
      cells.push_back(human_value(section.columns[c], row[c]));
    }
    h.rows.push_back(std::move(cells));
  }
  return h;
}

ReportSection
timeliness_section(const std::vector<TimelinessRow>& rows, const ReportScope& scope)
{
  return period_section(
      {"timeliness", "Timeliness: responses and acknowledgements within timescale",
       "Stage responses (acknowledgements) made in each period, and how many by their "
       "deadline: the one worked out from the stage's start, its timescales, holds, "
       "extensions and the working-day calendar. Target: the procedure's in the current "
       "policy (for responses; the policy sets none for acknowledgements); met when in time "
       "/ total reaches it. Days late: working days after the "
       "deadline, averaged over the late ones."},
      scope,
      {text_column("procedure", "procedure", "(no procedure)"),
       column(ColumnKind::integer, "stage", "stage", ""), text_column("measure", "measure"),
       count_column("total", "total"), count_column("in_time", "in time"),
       percent_column("in_time_pct", "in time %"), percent_column("target_pct", "target"),
       column(ColumnKind::boolean, "met_target", "target met"), count_column("late", "late"),
       column(ColumnKind::decimal, "avg_days_late", "average days late")},
      rows, [](const TimelinessRow& r) {
        return std::array{
            Value::of(r.procedure), r.stage ? Value::of(std::int64_t{*r.stage}) : Value{},
            Value::of(std::string(measure_name(r.measure))), Value::of(r.total),
            Value::of(r.in_time), Value::of(percentage(r.in_time, r.total)),
            r.target_percent ? Value::of(Hundredths{std::int64_t{*r.target_percent} * 100})
                             : Value{},
            // Met or not is decided exactly (in_time / total >= target / 100), not on the
            // rounded %.
            r.target_percent && r.total > 0
                ? Value::of(std::int64_t{r.in_time * 100 >= *r.target_percent * r.total})
                : Value{},
            Value::of(r.late()), Value::of(average(r.days_late, r.late()))};
      });
}

ReportSection
kpi_section(const std::vector<KpiMonth>& months)
{
  ReportSection s;
  s.name = "kpi";
  s.title = "Monthly KPI: complaints received and responses outside their deadline";
  s.note = "Received: complaints received in the month. Responded: complaint stage responses "
           "made in the month; late: of those, how many after their deadline.";
  s.columns = period_columns();
  s.columns.push_back(text_column("month", "month"));
  s.columns.push_back(count_column("received", "received"));
  s.columns.push_back(count_column("responded", "responded"));
  s.columns.push_back(count_column("responded_late", "responded late"));
  s.columns.push_back(percent_column("late_pct", "late %"));
  HumanTable h;
  h.headings = {"month", "complaints received", "responses", "outside deadline"};
  h.numeric = {false, true, true, true};
  for (const auto& m : months) {
    const auto month = month_name(m.month);
    auto row = period_values(m.month);
    row.push_back(Value::of(month));
    row.push_back(Value::of(m.received));
    row.push_back(Value::of(m.responded));
    row.push_back(Value::of(m.responded_late));
    row.push_back(Value::of(percentage(m.responded_late, m.responded)));
    s.rows.push_back(std::move(row));
    // As committee reports print it (docs/reports.md, kpi): "25% (15/61)", the percentage to
    // the nearest whole one.
    const auto late =
        m.responded == 0
            ? std::string("n/a (0/0)")
            : fmt::format("{}% ({}/{})", divide_rounded(m.responded_late * 100, m.responded),
                          m.responded_late, m.responded);
    h.rows.push_back({month, format_count(m.received), format_count(m.responded), late});
  }
  s.human = std::move(h);
  return s;
}

std::vector<ReportSection>
outcome_sections(const Outcomes& outcomes, const ReportScope& scope)
{
  std::vector<ReportSection> out;
  auto values = [](const OutcomeRow& r) {
    const auto n = r.responses();
    return std::vector<Value>{Value::of(n),
                              Value::of(r.upheld),
                              Value::of(percentage(r.upheld, n)),
                              Value::of(r.partially_upheld),
                              Value::of(percentage(r.partially_upheld, n)),
                              Value::of(r.not_upheld),
                              Value::of(percentage(r.not_upheld, n))};
  };
  auto by_service = period_section(
      {"outcomes_by_service", "Outcomes of complaint responses, by service",
       "Stage responses with an outcome made in each period."},
      scope,
      {text_column("service", "service", "(no service)"), count_column("responses", "responses"),
       count_column("upheld", "upheld"), percent_column("upheld_pct", "upheld %"),
       count_column("partially_upheld", "partially upheld"),
       percent_column("partially_upheld_pct", "partially upheld %"),
       count_column("not_upheld", "not upheld"), percent_column("not_upheld_pct", "not upheld %")},
      outcomes.by_service, [&](const OutcomeRow& r) {
        auto v = values(r);
        v.insert(v.begin(), Value::of(r.service));
        return v;
      });
  // For people: the rows, then a total of all services for each period.
  std::vector<OutcomeRow> totals(scope.periods.size());
  for (const auto& r : outcomes.by_service) {
    totals[r.period].upheld += r.upheld;
    totals[r.period].partially_upheld += r.partially_upheld;
    totals[r.period].not_upheld += r.not_upheld;
  }
  auto h = human_table(by_service);
  for (std::size_t p = 0; p < totals.size(); ++p) {
    std::vector<std::string> cells{period_label(scope.periods[p]), "All services"};
    const auto v = values(totals[p]);
    for (std::size_t i = 0; i < v.size(); ++i) {
      cells.push_back(human_value(by_service.columns[3 + i], v[i]));
    }
    h.rows.push_back(std::move(cells));
  }
  h.total_rows = totals.size();
  by_service.human = std::move(h);
  out.push_back(std::move(by_service));

  out.push_back(
      period_section({"outcomes_areas", "Complaint areas",
                      "The areas named in stage responses with an outcome; % of those responses (a "
                      "response may name several areas)."},
                     scope,
                     {text_column("area", "area"), count_column("count", "responses naming it"),
                      percent_column("pct", "% of responses")},
                     outcomes.areas, [](const AreaRow& r) {
                       return std::array{Value::of(r.area), Value::of(r.count),
                                         Value::of(percentage(r.count, r.responses))};
                     }));
  out.push_back(period_section(
      {"outcomes_reclassified", "Reclassifications",
       "Cases whose type was changed in each period (e.g. a complaint that was really a "
       "service request)."},
      scope,
      {text_column("from_type", "from"), text_column("to_type", "to"),
       count_column("count", "count")},
      outcomes.reclassified, [](const ReclassificationRow& r) {
        return std::array{Value::of(r.from_type), Value::of(r.to_type), Value::of(r.count)};
      }));
  out.push_back(period_section(
      {"outcomes_redirected", "Redirected: could not be looked at by this authority",
       "Of the cases received in each period, those redirected to another organisation."},
      scope,
      {count_column("received", "received"), count_column("redirected", "redirected"),
       percent_column("redirected_pct", "redirected %")},
      outcomes.redirected, [](const RedirectRow& r) {
        return std::array{Value::of(r.received), Value::of(r.redirected),
                          Value::of(percentage(r.redirected, r.received))};
      }));
  return out;
}

} // namespace feedback::report
