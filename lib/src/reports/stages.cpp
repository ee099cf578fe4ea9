// SPDX-License-Identifier: MIT
// The reports made from stage responses: timeliness against the deadlines, the monthly KPI and
// outcomes. Deadlines are not stored, so each stage's are worked out here from its start, its
// timescales, holds and extensions and the calendar (compute_deadlines), as everywhere else.
// The stages stream past once and only their groups are kept.
#include "reports/report_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>
#include <unordered_set>

namespace feedback {

namespace report {

namespace {

constexpr std::string_view k_measures[] = {"response", "acknowledgement"};

std::tuple<std::size_t, std::string, long>
measure_rank(const std::optional<std::string>& m)
{
  return rank_in(k_measures, m);
}

std::vector<Dimension>
timeliness_dims(std::vector<Dimension> by)
{
  by = normalise(by.empty() ? std::vector{Dimension::stage} : std::move(by));
  return by;
}

bool
contains(const std::vector<std::string>& words, std::optional<std::string_view> word)
{
  return word && std::find(words.begin(), words.end(), *word) != words.end();
}

// The procedure's target, when the filter names exactly one procedure.
std::optional<int>
filter_target(const Policy& policy, const ReportFilter& filter)
{
  if (filter.procedures.size() != 1) {
    return std::nullopt;
  }
  if (const auto* p = policy.procedure(filter.procedures.front())) {
    return p->target_percent;
  }
  return std::nullopt;
}

} // namespace

std::vector<std::string>
kpi_types(const ReportFilter& filter)
{
  if (filter.types.empty()) {
    return {"complaint"};
  }
  std::vector<std::string> types;
  for (const auto& t : filter.types) {
    if (t == "unclassified") {
      types.emplace_back("undetermined");
      types.emplace_back("blank");
    } else {
      types.push_back(t);
    }
  }
  return types;
}

StagePass::StagePass(const Catalogue& catalogue, const Slices& slices, const ReportScope& scope,
                     const ReportFilter& filter, std::vector<Dimension> timeliness_by)
    : m_catalogue(catalogue), m_slices(slices), m_scope(scope),
      m_grouping(catalogue, timeliness_dims(std::move(timeliness_by))),
      m_kpi_types(kpi_types(filter)), m_target(filter_target(catalogue.policy(), filter)),
      m_tally(m_grouping.facets().size()), m_kpi(slices.months().size(), {0, 0})
{
}

detail::Selection
StagePass::selection() const
{
  return {m_grouping.facets(), {}};
}

void
StageOutcomes::add(std::size_t slice, std::size_t period, const FacetValues& values,
                   std::optional<std::string_view> outcome)
{
  auto& f = tally.at(slice, values);
  const auto o = outcome.value_or("");
  ++f[o == "upheld" ? 0 : o == "partially-upheld" ? 1 : 2];
  ++responses[period];
}

void
StagePass::count_started_and_outcomes()
{
  m_started.emplace(m_grouping.facets().size());
  m_outcomes.emplace(1, m_scope.periods.size());
}

Volumes
StagePass::started() const
{
  Groups<std::int64_t> groups(m_grouping, m_scope.periods.size());
  groups.add_all(m_scope);
  m_started->each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    groups.at(m_grouping.key(values, m_slices, slice), m_slices.bucket(slice)) += f[0];
  });
  Volumes out;
  out.by = m_grouping.dims();
  out.stages = true;
  out.key_columns = m_grouping.columns();
  for (auto& r : std::move(groups).rows()) {
    out.rows.push_back({std::move(r.key), r.before, std::move(r.periods)});
  }
  return out;
}

void
StagePass::add(const WorkingCalendar& calendar, const detail::AnsweredStage& s)
{
  if (m_started && s.procedure) {
    if (const auto slice = m_slices.find(s.started_day)) {
      ++m_started->at(*slice, s.facets)[0];
    }
  }
  std::optional<std::size_t> responded_in;
  std::optional<std::size_t> acknowledged_in;
  if (s.responded) {
    responded_in = m_slices.find(s.responded_day);
  }
  if (s.acknowledged) {
    acknowledged_in = m_slices.find(s.acknowledged_day);
  }
  // A response needs the case off hold, so every hold of a responded stage has ended: the
  // deadlines as of the response are final.
  const Date as_of = s.responded      ? *s.responded
                     : s.acknowledged ? *s.acknowledged
                                      : s.times.started;
  const auto due = compute_deadlines(calendar, s.times, as_of);
  if (s.acknowledged && due.acknowledge_due && acknowledged_in) {
    const bool in_time = date::sys_days{*s.acknowledged} <= date::sys_days{*due.acknowledge_due};
    auto& f = m_tally.at(*acknowledged_in, s.facets);
    ++f[3];
    f[4] += in_time ? 1 : 0;
    f[5] += in_time ? 0 : working_days_overdue(calendar, *due.acknowledge_due, *s.acknowledged);
  }
  if (!s.responded) {
    return;
  }
  if (m_outcomes && s.outcome && s.type && vocabulary::type_has_outcome(*s.type) && responded_in &&
      m_slices.bucket(*responded_in) != k_before) {
    m_outcomes->add(*responded_in, m_slices.bucket(*responded_in), FacetValues{s.service},
                    s.outcome);
  }
  const bool has_deadline = due.respond_due.has_value();
  const bool in_time =
      !has_deadline || date::sys_days{*s.responded} <= date::sys_days{*due.respond_due};
  if (has_deadline && responded_in) {
    auto& f = m_tally.at(*responded_in, s.facets);
    ++f[0];
    f[1] += in_time ? 1 : 0;
    f[2] += in_time ? 0 : working_days_overdue(calendar, *due.respond_due, *s.responded);
  }
  // The KPI: responses to the KPI's types, by month, and those after their deadline.
  const bool kpi = s.type ? contains(m_kpi_types, s.type)
                          : contains(m_kpi_types, std::string_view("undetermined")) ||
                                contains(m_kpi_types, std::string_view("blank"));
  if (responded_in && kpi) {
    if (const auto m = m_slices.month(*responded_in)) {
      ++m_kpi[*m][0];
      m_kpi[*m][1] += in_time ? 0 : 1;
    }
  }
}

std::vector<TimelinessRow>
StagePass::timeliness() const
{
  // Rows keyed by the grouping, then the measure (responses before acknowledgements).
  Groups<std::array<std::int64_t, 3>> groups(m_grouping, m_scope.periods.size(), measure_rank);
  const auto& dims = m_grouping.dims();
  const bool by_stage = dims.size() == 1 && dims.front() == Dimension::stage;
  if (by_stage) {
    // Every stage of the policy has a response row, and an acknowledgement row when it has an
    // acknowledgement timescale; other keys appear when there are figures for them.
    for (const auto& p : m_catalogue.policy().procedures) {
      for (const auto& s : p.stages) {
        groups.add_key({p.code, std::to_string(s.stage), std::string(k_measures[0])});
        if (s.acknowledge_days) {
          groups.add_key({p.code, std::to_string(s.stage), std::string(k_measures[1])});
        }
      }
    }
  } else {
    for (auto key : m_grouping.all(m_scope)) {
      for (const auto m : k_measures) {
        auto k = key;
        k.emplace_back(std::string(m));
        groups.add_key(k);
      }
    }
  }
  m_tally.each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    const auto bucket = m_slices.bucket(slice);
    if (bucket == k_before) {
      return;
    }
    const auto key = m_grouping.key(values, m_slices, slice);
    for (std::size_t m = 0; m < 2; ++m) {
      if (f[m * 3] == 0) {
        continue;
      }
      auto k = key;
      k.emplace_back(std::string(k_measures[m]));
      auto& t = groups.at(k, bucket);
      for (std::size_t i = 0; i < 3; ++i) {
        t[i] += f[m * 3 + i];
      }
    }
  });
  const auto columns = m_grouping.columns();
  const auto procedure_column =
      std::find(columns.begin(), columns.end(), "procedure") - columns.begin();
  const auto stage_column = std::find(columns.begin(), columns.end(), "stage") - columns.begin();
  const auto rows = std::move(groups).rows();
  std::vector<TimelinessRow> out;
  for (std::size_t p = 0; p < m_scope.periods.size(); ++p) {
    for (const auto& g : rows) {
      TimelinessRow r;
      r.period = p;
      r.key.assign(g.key.begin(), g.key.end() - 1);
      r.measure = *g.key.back() == k_measures[0] ? Measure::response : Measure::acknowledgement;
      if (procedure_column < static_cast<long>(r.key.size())) {
        r.procedure = r.key[static_cast<std::size_t>(procedure_column)];
      }
      if (stage_column < static_cast<long>(r.key.size()) &&
          r.key[static_cast<std::size_t>(stage_column)]) {
        r.stage = std::stoi(*r.key[static_cast<std::size_t>(stage_column)]);
      }
      r.total = g.periods[p][0];
      r.in_time = g.periods[p][1];
      r.days_late = g.periods[p][2];
      // The policy's targets are for responses; acknowledgements are shown without one.
      if (r.measure == Measure::response) {
        if (r.procedure) {
          if (const auto* proc = m_catalogue.policy().procedure(*r.procedure)) {
            r.target_percent = proc->target_percent;
          }
        } else if (procedure_column == static_cast<long>(r.key.size())) {
          r.target_percent = m_target;
        }
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

void
StagePass::add_kpi(std::vector<KpiMonth>& months) const
{
  for (std::size_t m = 0; m < months.size() && m < m_kpi.size(); ++m) {
    months[m].responded = m_kpi[m][0];
    months[m].responded_late = m_kpi[m][1];
  }
}

void
add_kpi_campaigns(Database& db, const Slices& slices, const detail::Conditions& where,
                  std::vector<KpiMonth>& months)
{
  std::unordered_set<std::int64_t> seen;
  detail::each_campaign_case(db, slices.span().to, where, [&](const detail::CampaignCase& c) {
    // Rows come in the order received: a campaign's first row is its first case, which may
    // be before the span (the campaign was counted then).
    const bool first = seen.insert(c.campaign).second;
    const auto slice = slices.find(c.day);
    const auto m = slice ? slices.month(*slice) : std::nullopt;
    if (!m || *m >= months.size()) {
      return;
    }
    ++months[*m].in_campaigns;
    months[*m].campaigns += first ? 1 : 0;
  });
}

std::vector<KpiMonth>
kpi_received(const ReceivedTally& tally, const std::vector<Facet>& facets, const Slices& slices,
             const std::vector<std::string>& types)
{
  std::vector<KpiMonth> months;
  for (const auto& m : slices.months()) {
    months.push_back({m, 0, 0, 0});
  }
  const auto type = static_cast<std::size_t>(std::find(facets.begin(), facets.end(), Facet::type) -
                                             facets.begin());
  tally.each([&](std::size_t slice, const FacetValues& values, const ReceivedTally::Figures& f) {
    const auto m = slices.month(slice);
    if (!m) {
      return;
    }
    // Without a type the case is undetermined (open) or blank (closed); the tally's figures
    // do not say which, so the KPI of those counts them under either word.
    const bool counted = type < facets.size() && values[type]
                             ? contains(types, values[type])
                             : contains(types, std::string_view("undetermined")) ||
                                   contains(types, std::string_view("blank"));
    if (counted) {
      months[*m].received += f[0];
    }
  });
  return months;
}

Outcomes
outcomes_of(Database& db, const Catalogue& catalogue, const ReportScope& scope,
            const Slices& slices, const std::vector<Dimension>& by, const ReportFilter& filter,
            const StageOutcomes* stage_outcomes, const ReceivedTally* received,
            const std::vector<Facet>& received_facets)
{
  const auto where = catalogue.conditions(filter);
  // Outcomes and areas count only where the type has them (vocabulary::type_has_outcome): an
  // enquiry's response given one by an earlier release, or a complaint reclassified since, is
  // not among "outcomes of complaint responses".
  auto outcome_where = where;
  {
    std::vector<std::string> types;
    for (const auto t : vocabulary::k_types) {
      const bool asked = !where.types || std::find(where.types->begin(), where.types->end(), t) !=
                                             where.types->end();
      if (asked && vocabulary::type_has_outcome(t)) {
        types.emplace_back(t);
      }
    }
    outcome_where.types = std::move(types);
  }
  const auto periods = scope.periods.size();
  Outcomes out;
  out.by = by;

  // Stage responses with an outcome, by service (or `by`): the groups seen in a shown period.
  const Grouping grouping(catalogue, by.empty() ? std::vector{Dimension::service} : by);
  out.key_columns = grouping.columns();
  // A response names several areas, a case may have several tags: then a response comes in
  // several rows, and the responses themselves are counted apart.
  const auto& dims = grouping.dims();
  const bool areas_in_key = std::find(dims.begin(), dims.end(), Dimension::area) != dims.end() ||
                            std::find(dims.begin(), dims.end(), Dimension::tag) != dims.end();
  std::optional<StageOutcomes> own_outcomes;
  if (stage_outcomes == nullptr || !by.empty()) {
    own_outcomes.emplace(grouping.facets().size(), periods);
    detail::each_stage_outcome(db, slices.shown_span(), {grouping.facets(), outcome_where},
                               [&](const detail::StageOutcome& row) {
                                 const auto slice = slices.find(row.responded_day);
                                 if (slice && slices.bucket(*slice) != k_before) {
                                   own_outcomes->add(*slice, slices.bucket(*slice), row.facets,
                                                     row.outcome);
                                 }
                               });
    stage_outcomes = &*own_outcomes;
  }
  const auto& tally = stage_outcomes->tally;
  auto responses = stage_outcomes->responses;
  if (areas_in_key) {
    std::fill(responses.begin(), responses.end(), 0);
    // A response names several areas: count the responses themselves once.
    detail::each_stage_outcome(db, slices.shown_span(), {{}, outcome_where},
                               [&](const detail::StageOutcome& row) {
                                 const auto slice = slices.find(row.responded_day);
                                 if (slice && slices.bucket(*slice) != k_before) {
                                   ++responses[slices.bucket(*slice)];
                                 }
                               });
  }
  Groups<OutcomeRow> groups(grouping, periods);
  tally.each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    auto& r = groups.at(grouping.key(values, slices, slice), slices.bucket(slice));
    r.upheld += f[0];
    r.partially_upheld += f[1];
    r.not_upheld += f[2];
  });
  out.by_service = std::move(groups).by_period();

  // Every area of the policy's vocabulary in every period.
  const auto known_areas = catalogue.ordered_values(Dimension::area, 0);
  std::vector<std::vector<std::int64_t>> areas(periods,
                                               std::vector<std::int64_t>(known_areas.size()));
  detail::each_area_named(
      db, slices.shown_span(), outcome_where, [&](const detail::AreaNamed& row) {
        const auto a = static_cast<std::size_t>(
            std::find(known_areas.begin(), known_areas.end(), row.area) - known_areas.begin());
        const auto slice = slices.find(row.day);
        if (slice && slices.bucket(*slice) != k_before && a < known_areas.size()) {
          ++areas[slices.bucket(*slice)][a];
        }
      });
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t a = 0; a < known_areas.size(); ++a) {
      out.areas.push_back({p, known_areas[a], areas[p][a], responses[p]});
    }
  }

  // Reclassifications: every change seen, in every period.
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> moves;
  detail::count_type_changes(
      db, slices.shown_span(), where, [&](const detail::TypeChangeCount& row) {
        const auto slice = slices.find(row.day);
        if (!slice || slices.bucket(*slice) == k_before) {
          return;
        }
        auto& v = moves[{std::string(row.from_type), std::string(row.to_type)}];
        v.resize(periods);
        v[slices.bucket(*slice)] += row.count;
      });
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& [from_to, counts] : moves) {
      out.reclassified.push_back({p, from_to.first, from_to.second, counts[p]});
    }
  }

  // Redirected, of the cases received: one row a period, or by `by` without the areas (which
  // belong to responses, not to cases).
  std::vector<Dimension> redirect_by;
  std::copy_if(by.begin(), by.end(), std::back_inserter(redirect_by),
               [](Dimension d) { return d != Dimension::area; });
  const Grouping redirect_grouping(catalogue, redirect_by);
  out.redirect_columns = redirect_grouping.columns();
  std::optional<ReceivedTally> own;
  std::vector<Facet> facets = received_facets;
  if (received == nullptr || !redirect_by.empty()) {
    facets = redirect_grouping.facets();
    own = tally_received(db, slices, {facets, where});
    received = &*own;
  }
  auto reading = redirect_grouping;
  reading.read_from(facets);
  Groups<RedirectRow> redirected(reading, periods);
  if (redirect_by.empty()) {
    redirected.add_key({});
  }
  received->each([&](std::size_t slice, const FacetValues& values, const auto& f) {
    if (slices.bucket(slice) == k_before) {
      return;
    }
    auto& r = redirected.at(reading.key(values, slices, slice), slices.bucket(slice));
    r.received += f[0];
    r.redirected += f[1];
  });
  const auto redirect_rows = std::move(redirected).rows();
  for (std::size_t p = 0; p < periods; ++p) {
    for (const auto& g : redirect_rows) {
      auto r = g.periods[p];
      r.period = p;
      r.key = g.key;
      out.redirected.push_back(std::move(r));
    }
  }
  return out;
}

} // namespace report

std::vector<std::string>
timeliness_key_columns(const std::vector<Dimension>& by)
{
  std::vector<std::string> out;
  for (const auto d : report::timeliness_dims(by)) {
    switch (d) {
    case Dimension::stage:
      out.emplace_back("procedure");
      out.emplace_back("stage");
      break;
    case Dimension::channel_group:
      out.emplace_back("channel_group");
      break;
    case Dimension::sub_type:
      out.emplace_back("sub_type");
      break;
    default:
      out.emplace_back(dimension_name(d));
    }
  }
  return out;
}

std::vector<TimelinessRow>
compute_timeliness(Database& db, const WorkingCalendar& calendar, const Policy& policy,
                   const ReportScope& scope, const std::vector<Dimension>& by,
                   const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const report::Catalogue catalogue(db, policy);
  const report::Slices slices(scope);
  report::StagePass pass(catalogue, slices, scope, filter, by);
  auto selection = pass.selection();
  selection.where = catalogue.conditions(filter);
  detail::each_answered_stage(db, slices.span(), selection,
                              [&](const detail::AnsweredStage& s) { pass.add(calendar, s); });
  return pass.timeliness();
}

std::vector<KpiMonth>
compute_kpi(Database& db, const WorkingCalendar& calendar, const ReportScope& scope,
            const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const auto policy = load_policy(db);
  const report::Catalogue catalogue(db, policy);
  const report::Slices slices(scope);
  auto where = catalogue.conditions(filter);
  if (!where.types) {
    where.types = std::vector<std::string>{"complaint"};
  }
  const std::vector<report::Facet> facets{report::Facet::type};
  const auto received = report::tally_received(db, slices, {facets, where});
  auto months = report::kpi_received(received, facets, slices, report::kpi_types(filter));
  report::add_kpi_campaigns(db, slices, where, months);
  report::StagePass pass(catalogue, slices, scope, filter, {});
  auto selection = pass.selection();
  selection.where = where;
  detail::each_answered_stage(db, slices.shown_span(), selection,
                              [&](const detail::AnsweredStage& s) { pass.add(calendar, s); });
  pass.add_kpi(months);
  return months;
}

Outcomes
compute_outcomes(Database& db, const Policy& policy, const ReportScope& scope,
                 const std::vector<Dimension>& by, const ReportFilter& filter)
{
  PersonalDataGuard guard(db);
  const report::Catalogue catalogue(db, policy);
  const report::Slices slices(scope);
  return report::outcomes_of(db, catalogue, scope, slices, by, filter, nullptr, nullptr, {});
}

} // namespace feedback
