// SPDX-License-Identifier: MIT
// The annual report: every report for a window (a financial year, or any other) beside the
// periods of the same length before it, reading each table once, with a summary for
// councillors generated from the figures and a printed page that leaves out rows with nothing
// in them.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace feedback::report {

namespace {

// What the printed page says, once, when it leaves rows out of a section: "{what} are left
// out." ({periods} is "years" or "periods").
struct PrintNote
{
  std::string_view section;
  std::string_view what;
};

constexpr PrintNote k_print_notes[] = {
    {"volumes_by_type", "Types with no cases in these {periods}"},
    {"volumes_by_channel_group", "Channel groups with no cases in these {periods}"},
    {"volumes_by_channel", "Channels with no cases in these {periods}"},
    {"volumes_by_directorate", "Directorates with no cases in these {periods}"},
    {"volumes_by_service", "Services with no cases in these {periods}"},
    {"volumes_by_stage", "Procedure stages that no case started in these {periods}"},
    {"volumes_monthly", "Months with no cases"},
    {"kpi", "Months with nothing received or answered"},
    {"timeliness", "Procedure stages with no responses or acknowledgements in a {period}"},
    {"outcomes_by_service", "Services with no responses in a {period}"},
    {"outcomes_areas", "Areas that no response named in a {period}"},
    {"outcomes_reclassified", "Changes of type that no case had in a {period}"},
    {"outcomes_redirected", "{Periods} with no cases"},
    {"ombudsman_summary", "{Periods} with no cases taken up or decided by the Ombudsman"},
    {"ombudsman_decisions", "Services with no decision of a kind in a {period}"},
    {"ombudsman_remedies", "Kinds of remedy not agreed in a {period}"},
    {"satisfaction", "{Periods} with no surveys sent"},
    {"data_quality", "{Periods} with no cases"},
};

std::string
plural_count(std::int64_t n, std::string_view one, std::string_view many)
{
  return fmt::format("{} {}", format_count(n), n == 1 ? one : many);
}

// "a 12.50 % increase", "a 3.00 % decrease", "no change", "n/a".
std::string
change_words(std::optional<Hundredths> change)
{
  const auto text = format_change(change);
  return change && change->value != 0 ? "a " + text : text;
}

// The printed table of a section: its rows for people without those with nothing in them (and
// for the KPI, only the months of the window), and the note that says so.
void
print_view(ReportSection& s, const ReportScope& scope, bool years)
{
  const auto h = s.human ? *s.human : human_table(s);
  HumanTable out;
  out.headings = h.headings;
  out.numeric = h.numeric;
  std::size_t left_out = 0;
  const auto& window = scope.periods.back();
  const auto window_from = format_date(window.from);
  for (std::size_t r = 0; r < h.rows.size(); ++r) {
    const bool total = h.is_total(r);
    bool keep = total || r >= h.zero.size() || !h.zero[r];
    if (s.name == "kpi" && r < s.rows.size() && s.rows[r][0].text < window_from) {
      continue; // only the window's months; the note says so
    }
    if (!keep) {
      ++left_out;
      continue;
    }
    out.rows.push_back(h.rows[r]);
    out.total.push_back(total);
  }
  std::string note;
  if (s.name == "kpi") {
    note = fmt::format("Only the months of {} are shown.", period_name(window));
  }
  if (left_out > 0) {
    for (const auto& n : k_print_notes) {
      if (n.section == s.name) {
        auto what = std::string(n.what);
        const auto replace = [&](std::string_view from, std::string_view to) {
          if (const auto at = what.find(from); at != std::string::npos) {
            what.replace(at, from.size(), to);
          }
        };
        replace("{periods}", years ? "years" : "periods");
        replace("{period}", years ? "year" : "period");
        replace("{Periods}", years ? "Years" : "Periods");
        note += (note.empty() ? "" : " ") + what + " are left out.";
      }
    }
  }
  s.print = std::move(out);
  s.print_note = std::move(note);
}

// The summary at the top of the printed report: a sentence for each kind of figure, each with
// its figures.
std::vector<std::string>
summary(const ReportScope& scope, const Volumes& by_type, const Volumes& by_service,
        const std::vector<TimelinessRow>& timeliness, const Ombudsman& ombudsman,
        const std::vector<KpiMonth>& kpi, bool complaints_only)
{
  std::vector<std::string> out;
  const auto last = scope.periods.size() - 1;
  const auto& window = scope.periods[last];
  const auto& previous = last > 0 ? scope.periods[last - 1] : scope.before;
  const auto name = period_name(window);
  const auto previous_name = period_name(previous);
  auto counts = [&](const Volumes& v, std::size_t p, auto&& pick) {
    std::int64_t n = 0;
    for (const auto& r : v.rows) {
      if (pick(r)) {
        n += p == k_before ? r.before : r.counts[p];
      }
    }
    return n;
  };
  const auto prev_index = last > 0 ? last - 1 : k_before;
  const auto all = [](const VolumeRow&) { return true; };
  const auto complaints = [](const VolumeRow& r) { return r.key[0] == "complaint"; };
  const auto total = counts(by_type, last, all);
  const auto total_before = counts(by_type, prev_index, all);
  const auto c = counts(by_type, last, complaints);
  const auto c_before = counts(by_type, prev_index, complaints);
  out.push_back(fmt::format("{} received in {}, {} on {} ({}). Of these, {} complaints ({} on "
                            "{}: {}).",
                            plural_count(total, "case was", "cases were"), name,
                            change_words(change_pct(total_before, total)), previous_name,
                            format_count(total_before), format_count(c),
                            change_words(change_pct(c_before, c)), previous_name,
                            format_count(c_before)));
  // Campaigns (docs/reports.md, "campaigns"): the KPI's months of the window hold them.
  std::int64_t in_campaigns = 0;
  std::int64_t campaigns = 0;
  std::int64_t received = 0;
  std::int64_t counted_once = 0;
  for (const auto& m : kpi) {
    if (m.month.from >= window.from && m.month.to <= window.to) {
      in_campaigns += m.in_campaigns;
      campaigns += m.campaigns;
      received += m.received;
      counted_once += m.counted_once();
    }
  }
  if (complaints_only && in_campaigns > 0) {
    out.push_back(fmt::format("{} of the {} complaints were cases of {} campaigns; counting "
                              "each campaign once, {} complaints.",
                              format_count(in_campaigns), format_count(received),
                              format_count(campaigns), format_count(counted_once)));
  }

  // The three services whose cases moved most, by number.
  struct Move
  {
    std::string service;
    std::int64_t before = 0;
    std::int64_t now = 0;
  };
  std::vector<Move> moves;
  for (const auto& r : by_service.rows) {
    const auto now = r.counts[last];
    const auto before = last > 0 ? r.counts[last - 1] : r.before;
    if (now != before) {
      moves.push_back({r.key[0].value_or("no service"), before, now});
    }
  }
  std::stable_sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) {
    return std::llabs(a.now - a.before) > std::llabs(b.now - b.before);
  });
  if (moves.size() > 3) {
    moves.resize(3);
  }
  if (!moves.empty()) {
    std::vector<std::string> parts;
    for (const auto& m : moves) {
      parts.push_back(
          fmt::format("{} {} {} (from {} to {}, {})", m.service, m.now > m.before ? "up" : "down",
                      format_count(std::llabs(m.now - m.before)), format_count(m.before),
                      format_count(m.now), format_change(change_pct(m.before, m.now))));
    }
    out.push_back(fmt::format("The largest movements by service on {}: {}.", previous_name,
                              fmt::join(parts, "; ")));
  }

  // Stage responses within timescale against each procedure's target.
  std::vector<std::string> stages;
  for (const auto& r : timeliness) {
    if (r.period != last || r.measure != Measure::response || r.total == 0) {
      continue;
    }
    const auto pct = percentage(r.in_time, r.total);
    auto part =
        fmt::format("{}{} {}% of {}", r.procedure.value_or("no procedure"),
                    r.stage ? fmt::format(" stage {}", *r.stage) : "", format_hundredths(*pct),
                    plural_count(r.total, "response", "responses"));
    if (r.target_percent) {
      part += fmt::format(" (target {}%: {})", *r.target_percent,
                          r.in_time * 100 >= *r.target_percent * r.total ? "met" : "not met");
    }
    stages.push_back(std::move(part));
  }
  if (stages.empty()) {
    out.push_back(fmt::format("No stage responses were made in {}.", name));
  } else {
    out.push_back(
        fmt::format("Stage responses within timescale in {}: {}.", name, fmt::join(stages, "; ")));
  }

  // The Ombudsman.
  const auto& sum = ombudsman.summary[last];
  std::int64_t agreed = 0;
  std::int64_t pence = 0;
  std::int64_t overdue = 0;
  for (const auto& r : ombudsman.remedies) {
    if (r.period == last) {
      agreed += r.agreed;
      pence += r.pence;
      overdue += r.overdue;
    }
  }
  auto ombudsman_text =
      sum.decided == 0
          ? fmt::format("The Ombudsman made no decisions in {}", name)
          : fmt::format("The Ombudsman decided {} in {} and upheld {} ({}%)",
                        plural_count(sum.decided, "case", "cases"), name, format_count(sum.upheld),
                        format_hundredths(*percentage(sum.upheld, sum.decided)));
  ombudsman_text +=
      fmt::format("; {} agreed, with {} in payments; {} overdue on {}.",
                  plural_count(agreed, "remedy was", "remedies were"),
                  human_value(column(ColumnKind::pounds, "payments", "payments"), Value::of(pence)),
                  format_count(overdue), format_date(scope.as_of));
  out.push_back(std::move(ombudsman_text));
  return out;
}

} // namespace

ReportDocument
annual_report(Database& db, const WorkingCalendar& calendar, const Catalogue& catalogue,
              const ReportRequest& request)
{
  const auto& scope = request.scope;
  const auto& filter = request.filter;
  const auto& policy = catalogue.policy();
  ReportDocument doc;
  const auto& window = scope.periods.back();
  doc.title = fmt::format("Complaints and feedback: annual report {}", period_name(window));
  std::vector<std::string> earlier;
  for (std::size_t i = 0; i + 1 < scope.periods.size(); ++i) {
    earlier.push_back(period_name(scope.periods[i]));
  }
  doc.subtitle = earlier.empty() ? fmt::format("{}. Figures as of {}.{}", period_name(window),
                                               format_date(scope.as_of), filter_sentence(filter))
                                 : fmt::format("{}, with {} beside it. Figures as of {}.{}",
                                               period_name(window), fmt::join(earlier, " and "),
                                               format_date(scope.as_of), filter_sentence(filter));

  // Each table is read once: the cases received (for every count of them), the stages
  // answered (for timeliness and the KPI), and the rest; only the groups are kept.
  const Slices slices(scope);
  const auto where = catalogue.conditions(filter);
  const std::vector<Facet> facets{Facet::type, Facet::channel, Facet::service};
  const auto received = tally_received(db, slices, {facets, where});
  auto volumes = [&](Dimension d) {
    return volumes_from(received, facets, Grouping(catalogue, {d}), slices, scope);
  };
  const auto by_type = volumes(Dimension::type);
  const auto by_group = volumes(Dimension::channel_group);
  const auto by_channel = volumes(Dimension::channel);
  const auto by_directorate = volumes(Dimension::directorate);
  const auto by_service = volumes(Dimension::service);
  const auto monthly = monthly_from(received, slices);
  // The stages: answered (timeliness, the KPI, outcomes) and started (volumes by stage).
  StagePass pass(catalogue, slices, scope, filter, {});
  pass.count_started_and_outcomes();
  auto stage_selection = pass.selection();
  stage_selection.where = where;
  detail::each_answered_stage(
      db, slices.span(), stage_selection,
      [&](const detail::AnsweredStage& s) { pass.add(calendar, s); }, detail::StagesStarted::also);
  const auto by_stage = pass.started();
  const auto timeliness = pass.timeliness();
  auto kpi = kpi_received(received, facets, slices, kpi_types(filter));
  auto kpi_where = where;
  if (!kpi_where.types) {
    kpi_where.types = std::vector<std::string>{"complaint"};
  }
  add_kpi_campaigns(db, slices, kpi_where, kpi);
  pass.add_kpi(kpi);
  const auto outcomes =
      outcomes_of(db, catalogue, scope, slices, {}, filter, &pass.outcomes(), &received, facets);
  const auto ombudsman = ombudsman_of(db, catalogue, scope, slices, {}, filter);
  const auto satisfaction = satisfaction_of(db, catalogue, scope, slices, {}, filter);
  const auto learning = learning_of(db, catalogue, scope, slices, filter);
  const int inactive = request.inactive_days.value_or(default_inactive_days(policy));
  const auto quality = data_quality_of(db, calendar, catalogue, scope, slices, inactive, filter,
                                       &received, &outcomes.reclassified);

  doc.sections.push_back(volumes_section(by_type, scope, "volumes_by_type", catalogue));
  doc.sections.push_back(volumes_section(by_group, scope, "volumes_by_channel_group", catalogue));
  doc.sections.push_back(volumes_section(by_channel, scope, "volumes_by_channel", catalogue));
  doc.sections.push_back(
      volumes_section(by_directorate, scope, "volumes_by_directorate", catalogue));
  doc.sections.push_back(volumes_section(by_service, scope, "volumes_by_service", catalogue));
  doc.sections.push_back(volumes_section(by_stage, scope, "volumes_by_stage", catalogue));
  doc.sections.push_back(monthly_volumes_section(monthly));
  doc.sections.push_back(kpi_section(kpi, filter.types.empty()));
  doc.sections.push_back(timeliness_section(timeliness, timeliness_key_columns({}), scope));
  for (auto& s : outcome_sections(outcomes, scope)) {
    doc.sections.push_back(std::move(s));
  }
  for (auto& s : ombudsman_sections(ombudsman, scope)) {
    doc.sections.push_back(std::move(s));
  }
  doc.sections.push_back(satisfaction_section(satisfaction, {}, scope));
  doc.sections.push_back(learning_section(learning, scope));
  doc.sections.push_back(data_quality_section(quality, scope, inactive));

  // For the printed page: the summary, and tables without rows of zeros.
  const bool years = std::all_of(scope.periods.begin(), scope.periods.end(),
                                 [](const Period& p) { return whole_months(p) == 12; });
  doc.summary =
      summary(scope, by_type, by_service, timeliness, ombudsman, kpi, filter.types.empty());
  name_policy_words(doc, catalogue);
  for (auto& s : doc.sections) {
    print_view(s, scope, years);
  }

  AnnualFigures figures;
  figures.catalogue = &catalogue;
  figures.scope = &scope;
  figures.by_channel = &by_channel;
  figures.monthly = &monthly;
  figures.kpi = &kpi;
  figures.timeliness = &timeliness;
  figures.outcomes = &outcomes;
  doc.charts = annual_charts(figures);
  return doc;
}

} // namespace feedback::report
