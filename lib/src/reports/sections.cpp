// SPDX-License-Identifier: MIT
// Laying out the figures of timeliness, the KPI and outcomes as tables.
#include "reports/report_internal.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
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
    // Nothing in it: it has counts, and every one is 0.
    bool counts = false;
    bool zero = true;
    for (std::size_t c = first; c < section.columns.size() && c < row.size(); ++c) {
      cells.push_back(human_value(section.columns[c], row[c]));
      const auto kind = section.columns[c].kind;
      if (kind == ColumnKind::integer && section.columns[c].name != "stage") {
        counts = true;
        zero = zero && row[c].number.value_or(0) == 0;
      }
    }
    h.rows.push_back(std::move(cells));
    h.zero.push_back(counts && zero);
  }
  return h;
}

void
name_policy_words(ReportDocument& document, const Catalogue& catalogue)
{
  const auto& vocabulary = catalogue.policy().vocabulary;
  for (auto& section : document.sections) {
    const bool periods = section.columns.size() >= 2 && section.columns[0].name == "period_from";
    std::optional<HumanTable> h;
    for (std::size_t c = periods ? 2 : 0; c < section.columns.size(); ++c) {
      const auto& column = section.columns[c];
      const bool decision = column.name == "decision";
      if (column.kind != ColumnKind::text ||
          !(decision || column.name == "channel" || column.name == "outcome" ||
            column.name == "area" || column.name == "tag" || column.name == "procedure" ||
            column.name == "sub_type")) {
        continue;
      }
      // The names of the codes in this column, where the policy gives one.
      std::map<std::string, std::string, std::less<>> names;
      for (const auto& row : section.rows) {
        if (const auto& code = row[c].text; code && !names.contains(*code)) {
          auto shown =
              decision ? std::string(vocabulary.display_name(WordKind::ombudsman_decision, *code))
                       : catalogue.display_column(column.name, code);
          if (shown != *code) {
            names.emplace(*code, std::move(shown));
          }
        }
      }
      if (names.empty()) {
        continue;
      }
      // The table for people (its own layout, when it has one: totals, periods side by side):
      // the column with this heading.
      if (!h) {
        h = section.human ? *section.human : human_table(section);
      }
      const auto at = std::find(h->headings.begin(), h->headings.end(), column.heading);
      if (at == h->headings.end()) {
        continue;
      }
      const auto j = static_cast<std::size_t>(at - h->headings.begin());
      for (auto& cells : h->rows) {
        if (j < cells.size()) {
          if (const auto it = names.find(cells[j]); it != names.end()) {
            cells[j] = it->second;
          }
        }
      }
    }
    if (h) {
      section.human = std::move(h);
    }
  }
}

ReportSection
timeliness_section(const std::vector<TimelinessRow>& rows,
                   const std::vector<std::string>& key_columns, const ReportScope& scope)
{
  std::vector<Column> columns;
  for (const auto& k : key_columns) {
    if (k == "procedure") {
      columns.push_back(text_column("procedure", "procedure", "(no procedure)"));
    } else if (k == "stage") {
      columns.push_back(column(ColumnKind::integer, "stage", "stage", ""));
    } else {
      columns.push_back(text_column(k, k == "channel_group" ? "channels" : k));
    }
  }
  for (auto& c : std::vector<Column>{
           text_column("measure", "measure"), count_column("total", "total"),
           count_column("in_time", "in time"), percent_column("in_time_pct", "in time %"),
           percent_column("target_pct", "target"),
           column(ColumnKind::boolean, "met_target", "target met"), count_column("late", "late"),
           column(ColumnKind::decimal, "avg_days_late", "average days late")}) {
    columns.push_back(std::move(c));
  }
  auto s = period_section(
      {"timeliness", "Timeliness: responses and acknowledgements within timescale",
       "Stage responses (acknowledgements) made in each period, and how many by their "
       "deadline: the one worked out from the stage's start, its timescales, holds, "
       "extensions and the working-day calendar. Target: the procedure's in the current "
       "policy (for responses; the policy sets none for acknowledgements); met when in time "
       "/ total reaches it. Days late: working days after the "
       "deadline, averaged over the late ones."},
      scope, std::move(columns), rows, [&](const TimelinessRow& r) {
        std::vector<Value> key;
        add_key_values(key, key_columns, r.key);
        auto figures = std::array{
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
        for (auto& v : figures) {
          key.push_back(std::move(v));
        }
        return key;
      });
  return s;
}

ReportSection
kpi_section(const std::vector<KpiMonth>& months, bool complaints)
{
  ReportSection s;
  s.name = "kpi";
  s.title = "Monthly KPI: complaints received and responses outside their deadline";
  s.note = "Received: complaints received in the month; in campaigns: of those, the cases of "
           "a campaign, and in how many campaigns (each counted once, in the month of its first "
           "case); counted once: the complaints received, each campaign as one. Responded: "
           "complaint stage responses made in the month; late: of those, how many after their "
           "deadline.";
  s.columns = period_columns();
  s.columns.push_back(text_column("month", "month"));
  s.columns.push_back(count_column("received", "received"));
  s.columns.push_back(count_column("responded", "responded"));
  s.columns.push_back(count_column("responded_late", "responded late"));
  s.columns.push_back(percent_column("late_pct", "late %"));
  s.columns.push_back(count_column("in_campaigns", "in campaigns"));
  s.columns.push_back(count_column("campaigns", "campaigns"));
  s.columns.push_back(count_column("counted_once", "counted once"));
  HumanTable h;
  h.headings = {"month",        complaints ? "complaints received" : "received",
                "in campaigns", "counted once",
                "responses",    "outside deadline"};
  h.numeric = {false, true, true, true, true, true};
  for (const auto& m : months) {
    const auto month = month_name(m.month);
    auto row = period_values(m.month);
    row.push_back(Value::of(month));
    row.push_back(Value::of(m.received));
    row.push_back(Value::of(m.responded));
    row.push_back(Value::of(m.responded_late));
    row.push_back(Value::of(percentage(m.responded_late, m.responded)));
    row.push_back(Value::of(m.in_campaigns));
    row.push_back(Value::of(m.campaigns));
    row.push_back(Value::of(m.counted_once()));
    s.rows.push_back(std::move(row));
    // As committee reports print it (docs/reports.md, kpi): "25% (15/61)", the percentage to
    // the nearest whole one.
    const auto late =
        m.responded == 0
            ? std::string("n/a (0/0)")
            : fmt::format("{}% ({}/{})", divide_rounded(m.responded_late * 100, m.responded),
                          m.responded_late, m.responded);
    // "4 in 1": four cases in one campaign; "2 (earlier)": cases of campaigns counted in an
    // earlier month.
    const auto in_campaigns =
        m.in_campaigns == 0 ? std::string("0")
        : m.campaigns == 0
            ? fmt::format("{} (earlier)", format_count(m.in_campaigns))
            : fmt::format("{} in {}", format_count(m.in_campaigns), format_count(m.campaigns));
    h.rows.push_back({month, format_count(m.received), in_campaigns, format_count(m.counted_once()),
                      format_count(m.responded), late});
    h.zero.push_back(m.received == 0 && m.responded == 0);
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
  const bool default_key = outcomes.by.empty();
  auto columns = key_column_list(outcomes.key_columns, "(none)");
  if (default_key) {
    columns = {text_column("service", "service", "(no service)")};
  }
  for (auto& c :
       std::vector<Column>{count_column("responses", "responses"), count_column("upheld", "upheld"),
                           percent_column("upheld_pct", "upheld %"),
                           count_column("partially_upheld", "partially upheld"),
                           percent_column("partially_upheld_pct", "partially upheld %"),
                           count_column("not_upheld", "not upheld"),
                           percent_column("not_upheld_pct", "not upheld %")}) {
    columns.push_back(std::move(c));
  }
  std::vector<std::string> words;
  for (const auto d : outcomes.by) {
    words.emplace_back(dimension_name(d));
  }
  auto by_service = period_section(
      {default_key ? std::string("outcomes_by_service") : section_name("outcomes", outcomes.by),
       default_key
           ? std::string("Outcomes of complaint responses, by service")
           : fmt::format("Outcomes of complaint responses, by {}", fmt::join(words, " and ")),
       "Stage responses with an outcome made in each period."},
      scope, std::move(columns), outcomes.by_service, [&](const OutcomeRow& r) {
        std::vector<Value> v;
        add_key_values(v, outcomes.key_columns, r.key);
        for (auto& x : values(r)) {
          v.push_back(std::move(x));
        }
        return v;
      });
  if (std::find(outcomes.by.begin(), outcomes.by.end(), Dimension::area) != outcomes.by.end()) {
    by_service.note += " A response that names several areas counts under each.";
  }
  const auto key_width = outcomes.key_columns.size();
  // For people: the rows, then a total of all services for each period.
  std::vector<OutcomeRow> totals(scope.periods.size());
  for (const auto& r : outcomes.by_service) {
    totals[r.period].upheld += r.upheld;
    totals[r.period].partially_upheld += r.partially_upheld;
    totals[r.period].not_upheld += r.not_upheld;
  }
  auto h = human_table(by_service);
  for (std::size_t p = 0; p < totals.size(); ++p) {
    std::vector<std::string> cells{period_label(scope.periods[p]),
                                   default_key ? "All services" : "All"};
    while (cells.size() < key_width + 1) {
      cells.emplace_back();
    }
    const auto v = values(totals[p]);
    for (std::size_t i = 0; i < v.size(); ++i) {
      cells.push_back(human_value(by_service.columns[2 + key_width + i], v[i]));
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
  auto redirect_columns = key_column_list(outcomes.redirect_columns);
  for (auto& c : std::vector<Column>{count_column("received", "received"),
                                     count_column("redirected", "redirected"),
                                     percent_column("redirected_pct", "redirected %")}) {
    redirect_columns.push_back(std::move(c));
  }
  out.push_back(period_section(
      {"outcomes_redirected", "Redirected: could not be looked at by this authority",
       "Of the cases received in each period, those redirected to another organisation."},
      scope, std::move(redirect_columns), outcomes.redirected, [&](const RedirectRow& r) {
        std::vector<Value> v;
        add_key_values(v, outcomes.redirect_columns, r.key);
        v.push_back(Value::of(r.received));
        v.push_back(Value::of(r.redirected));
        v.push_back(Value::of(percentage(r.redirected, r.received)));
        return v;
      }));
  return out;
}

} // namespace feedback::report
