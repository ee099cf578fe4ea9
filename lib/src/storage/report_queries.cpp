// SPDX-License-Identifier: MIT
#include "storage/report_queries.hpp"

#include "storage/stored_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <unordered_map>
#include <variant>

namespace feedback::detail {

namespace {

// What the rows of a query are, and so what a facet means: stages (alias `s`, with their case
// `c`) or cases (`c`). Responses may join their areas (`a`).
enum class RowsAre
{
  cases,
  stages,
  stages_with_areas
};

// A query's text, built from fixed pieces and the facets and conditions asked for; every value
// is bound (never spliced), to the numbered parameters after the query's own.
class QueryText
{
public:
  QueryText(RowsAre rows, int own_parameters)
      : m_rows(rows), m_first(own_parameters + 1), m_next(own_parameters + 1)
  {
  }

  // ", e1, e2": the facets' expressions, to follow the query's own columns.
  std::string columns(const std::vector<Facet>& facets)
  {
    if (facets.size() > std::tuple_size_v<FacetValues>) {
      throw Error(ExitCode::software, "a report query groups by at most six values");
    }
    std::string out;
    for (const auto f : facets) {
      out += ", " + facet(f);
    }
    return out;
  }

  // " LEFT JOIN ...": what the facets read besides the rows' own tables (the case's tags: a
  // row for each, so that a case counts once under each of its tags).
  static std::string joins(const std::vector<Facet>& facets)
  {
    const bool tags = std::find(facets.begin(), facets.end(), Facet::tag) != facets.end();
    return tags ? " LEFT JOIN case_tag t ON t.case_id = c.id" : "";
  }

  // The faceted form of a report query: "SELECT <head>, <the facets> FROM <from> <what the
  // facets join> WHERE <where> AND <the conditions> <tail>".
  std::string select(std::string_view head, std::string_view from, std::string_view where,
                     const Selection& selection, std::string_view tail = {})
  {
    std::string sql = fmt::format("SELECT {}", head);
    sql += columns(selection.facets); // before the conditions: the values bind in this order
    sql += fmt::format(" FROM {}", from);
    sql += joins(selection.facets);
    sql += fmt::format(" WHERE {}", where);
    sql += this->where(selection.where);
    if (!tail.empty()) {
      sql += fmt::format(" {}", tail);
    }
    return sql;
  }

  // " AND ...": the conditions.
  std::string where(const Conditions& c)
  {
    std::string out;
    if (c.types) {
      std::vector<std::string> types;
      std::vector<std::string> any;
      for (const auto& t : *c.types) {
        if (t == "undetermined") {
          any.emplace_back("(c.type IS NULL AND c.status <> 'closed')");
        } else if (t == "blank") {
          any.emplace_back("(c.type IS NULL AND c.status = 'closed')");
        } else {
          types.push_back(t);
        }
      }
      if (!types.empty()) {
        any.insert(any.begin(), "c.type IN (" + list(types) + ")");
      }
      out += " AND " + either(any);
    }
    if (c.services) {
      out += " AND " + in_set("c.service", *c.services);
    }
    if (c.channels) {
      out += " AND " + in_set("c.channel", ValueSet{*c.channels, false});
    }
    if (c.sponsors) {
      out += " AND " + in_set("c.sponsor", *c.sponsors);
    }
    if (c.procedures) {
      out += " AND " + in_set(facet(Facet::procedure), *c.procedures);
    }
    if (c.stages) {
      std::vector<std::int64_t> numbers(c.stages->begin(), c.stages->end());
      const auto in = numbers.empty() ? std::string("0") : list(numbers);
      out +=
          m_rows == RowsAre::cases
              ? " AND EXISTS (SELECT 1 FROM case_stage x WHERE x.case_id = c.id AND x.stage IN (" +
                    in + "))"
              : " AND s.stage IN (" + in + ")";
    }
    return out;
  }

  // Binds the values of columns() and where(), in the order they were written.
  void bind(Statement& st) const
  {
    int index = m_first;
    for (const auto& v : m_values) {
      if (const auto* text = std::get_if<std::string>(&v)) {
        st.bind(index++, *text);
      } else {
        st.bind(index++, std::get<std::int64_t>(v));
      }
    }
  }

private:
  std::string facet(Facet f) const
  {
    const bool stages = m_rows != RowsAre::cases;
    switch (f) {
    case Facet::type:
      return "c.type";
    case Facet::classification:
      return "CASE WHEN c.type IS NOT NULL THEN c.type WHEN c.status = 'closed' THEN 'blank' "
             "ELSE 'undetermined' END";
    case Facet::channel:
      return "c.channel";
    case Facet::service:
      return "c.service";
    case Facet::sponsor:
      return "c.sponsor";
    case Facet::procedure:
      return stages ? "s.procedure"
                    : "(SELECT f.procedure FROM case_stage f WHERE f.case_id = c.id "
                      "ORDER BY f.id LIMIT 1)";
    case Facet::stage_procedure:
      return stages ? "s.procedure"
                    : "(SELECT x.procedure FROM case_stage x WHERE x.id = c.current_stage)";
    case Facet::stage:
      return stages ? "s.stage" : "(SELECT x.stage FROM case_stage x WHERE x.id = c.current_stage)";
    case Facet::outcome:
      return stages ? "coalesce(s.outcome, CASE WHEN s.id = c.current_stage THEN c.closure END)"
                    : "coalesce(c.closure, (SELECT x.outcome FROM case_stage x "
                      "WHERE x.id = c.current_stage))";
    case Facet::subtype:
      return "c.subtype";
    case Facet::tag:
      return "t.tag";
    case Facet::area:
      if (m_rows == RowsAre::stages_with_areas) {
        return "a.area";
      }
      break;
    }
    throw Error(ExitCode::software, "this report query cannot group by area");
  }

  template <typename T> std::string list(const std::vector<T>& values)
  {
    std::string out;
    for (const auto& v : values) {
      out += fmt::format("{}?{}", out.empty() ? "" : ", ", m_next++);
      m_values.emplace_back(v);
    }
    return out;
  }

  std::string in_set(const std::string& column, const ValueSet& set)
  {
    std::vector<std::string> any;
    if (!set.values.empty()) {
      any.push_back(column + " IN (" + list(set.values) + ")");
    }
    if (set.none) {
      any.push_back(column + " IS NULL");
    }
    return either(any);
  }

  static std::string either(const std::vector<std::string>& any)
  {
    if (any.empty()) {
      return "0"; // nothing allowed
    }
    std::string out = "(";
    for (std::size_t i = 0; i < any.size(); ++i) {
      out += (i ? " OR " : "") + any[i];
    }
    return out + ")";
  }

  RowsAre m_rows;
  int m_first;
  int m_next;
  std::vector<std::variant<std::string, std::int64_t>> m_values;
};

// Prepares `sql`, binds the span to ?1 and ?2 and the query's values after them, and calls
// `row(st)` for each row. Streamed: a report's rows are counted while PostgreSQL sends the rest.
template <typename Row>
void
each_row(Database& db, const std::string& sql, DaySpan span, const QueryText& q, Row&& row)
{
  Statement st(db, sql, StatementOptions{.rows = Rows::streamed});
  st.bind(1, span.from).bind(2, span.to);
  q.bind(st);
  while (st.step()) {
    row(st);
  }
}

std::optional<std::string_view>
optional_view(const Statement& st, int column)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return st.column_view(column);
}

// The facets of a row, from column `first` on.
void
read_facets(const Statement& st, int first, const Selection& selection, FacetValues& out)
{
  for (std::size_t i = 0; i < selection.facets.size(); ++i) {
    out[i] = optional_view(st, first + static_cast<int>(i));
  }
}

} // namespace

void
each_received_case(Database& db, DaySpan span, const Selection& selection,
                   const std::function<void(const ReceivedCase&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  // In the order of the case_received index, which serves the range: a report keeps the
  // figures of the groups only, never the rows.
  const auto sql =
      q.select("c.received, c.type, coalesce(c.closure, '') = 'redirected', c.service IS NULL",
               "case_record c", "c.received BETWEEN ?1 AND ?2", selection, "ORDER BY c.received");
  ReceivedCase row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.day = st.column_view(0);
    row.type = optional_view(st, 1);
    row.redirected = st.column_int(2) != 0;
    row.no_service = !row.redirected && st.column_int(3) != 0;
    read_facets(st, 4, selection, row.facets);
    each(row);
  });
}

void
each_started_stage(Database& db, DaySpan span, const Selection& selection,
                   const std::function<void(const StartedStage&)>& each)
{
  QueryText q(RowsAre::stages, 2);
  const auto sql = q.select("s.started", "case_stage s JOIN case_record c ON c.id = s.case_id",
                            "s.started BETWEEN ?1 AND ?2 AND s.procedure IS NOT NULL", selection);
  StartedStage row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.day = st.column_view(0);
    read_facets(st, 1, selection, row.facets);
    each(row);
  });
}

void
each_campaign_case(Database& db, std::string_view until, const Conditions& where,
                   const std::function<void(const CampaignCase&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  // Campaigns are few: this reads their cases only, through campaign_case, not every case.
  const auto sql = "SELECT c.received, m.campaign_id FROM campaign_case m "
                   "JOIN case_record c ON c.id = m.case_id WHERE c.received BETWEEN ?1 AND ?2" +
                   q.where(where) + " ORDER BY c.received, c.id";
  CampaignCase row;
  each_row(db, sql, DaySpan{"0000-01-01", until}, q, [&](const Statement& st) {
    row.day = st.column_view(0);
    row.campaign = st.column_int64(1);
    each(row);
  });
}

void
each_answered_stage(Database& db, DaySpan span, const Selection& selection,
                    const std::function<void(const AnsweredStage&)>& each, StagesStarted started)
{
  const QueryText none(RowsAre::stages, 2);
  std::unordered_map<std::int64_t, std::vector<Hold>> holds;
  each_row(db,
           "SELECT h.stage_id, h.held_on, h.resumed_on FROM case_hold h "
           "JOIN case_stage s ON s.id = h.stage_id "
           "WHERE s.responded BETWEEN ?1 AND ?2 ORDER BY h.held_on, h.id",
           span, none, [&](const Statement& st) {
             holds[st.column_int64(0)].push_back(
                 {stored_date(st.column_view(1), "case_hold.held_on"),
                  stored_optional_date(st, 2, "case_hold.resumed_on"),
                  {}});
           });
  std::unordered_map<std::int64_t, std::vector<Extension>> extensions;
  each_row(db,
           "SELECT e.stage_id, e.granted_on, e.days FROM case_extension e "
           "JOIN case_stage s ON s.id = e.stage_id "
           "WHERE s.responded BETWEEN ?1 AND ?2 ORDER BY e.granted_on, e.id",
           span, none, [&](const Statement& st) {
             Extension e;
             e.granted_on = stored_date(st.column_view(1), "case_extension.granted_on");
             e.days = st.column_int(2);
             extensions[st.column_int64(0)].push_back(std::move(e));
           });

  // Few stages are held or extended: a bit per stage id says which to look up, so that the
  // others cost no search of the maps.
  std::vector<bool> held_or_extended;
  auto mark = [&](std::int64_t id) {
    if (id < 0) {
      return;
    }
    const auto i = static_cast<std::size_t>(id);
    if (i >= held_or_extended.size()) {
      held_or_extended.resize(i + 1);
    }
    held_or_extended[i] = true;
  };
  for (const auto& h : holds) {
    mark(h.first);
  }
  for (const auto& e : extensions) {
    mark(e.first);
  }

  QueryText q(RowsAre::stages, 2);
  const auto sql = q.select(
      "s.id, s.procedure, s.stage, s.started, s.acknowledge_days, s.respond_days, "
      "s.acknowledged, s.responded, s.outcome, c.type, c.service, s.acknowledge_from, "
      "s.respond_from, c.received",
      "case_stage s JOIN case_record c ON c.id = s.case_id",
      started == StagesStarted::also ? "(s.responded BETWEEN ?1 AND ?2 OR s.acknowledged BETWEEN "
                                       "?1 AND ?2 OR s.started BETWEEN ?1 AND ?2)"
                                     : "(s.responded BETWEEN ?1 AND ?2 OR s.acknowledged BETWEEN "
                                       "?1 AND ?2)",
      selection);
  AnsweredStage s;
  each_row(db, sql, span, q, [&](const Statement& st) {
    s.id = st.column_int64(0);
    s.procedure = optional_view(st, 1);
    s.stage = optional_int(st, 2);
    s.times.started = stored_date(st.column_view(3), "case_stage.started");
    s.times.acknowledge_days = optional_int(st, 4);
    s.times.respond_days = optional_int(st, 5);
    s.acknowledged = stored_optional_date(st, 6, "case_stage.acknowledged");
    s.responded = stored_optional_date(st, 7, "case_stage.responded");
    s.acknowledged_day = st.column_view(6);
    s.responded_day = st.column_view(7);
    s.outcome = optional_view(st, 8);
    s.type = optional_view(st, 9);
    s.service = optional_view(st, 10);
    s.started_day = st.column_view(3);
    // What the deadlines count from (schema 9): the same rule as everywhere.
    s.times.acknowledge_from = stored_anchor(st.column_view(11), "case_stage");
    s.times.respond_from = stored_anchor(st.column_view(12), "case_stage");
    s.times.received = stored_date(st.column_view(13), "case_record.received");
    s.times.acknowledged = s.acknowledged;
    read_facets(st, 14, selection, s.facets);
    s.times.holds.clear();
    s.times.extensions.clear();
    if (s.id >= 0 && static_cast<std::uint64_t>(s.id) < held_or_extended.size() &&
        held_or_extended[static_cast<std::size_t>(s.id)]) {
      if (const auto h = holds.find(s.id); h != holds.end()) {
        s.times.holds = h->second; // copied: with tags, a stage may come in several rows
      }
      if (const auto e = extensions.find(s.id); e != extensions.end()) {
        s.times.extensions = e->second;
      }
    }
    each(s);
  });
}

void
each_stage_outcome(Database& db, DaySpan span, const Selection& selection,
                   const std::function<void(const StageOutcome&)>& each)
{
  bool areas = false;
  for (const auto f : selection.facets) {
    areas = areas || f == Facet::area;
  }
  QueryText q(areas ? RowsAre::stages_with_areas : RowsAre::stages, 2);
  const auto sql = q.select("s.responded, s.outcome",
                            areas ? "case_stage s JOIN case_record c ON c.id = s.case_id "
                                    "LEFT JOIN case_area a ON a.stage_id = s.id"
                                  : "case_stage s JOIN case_record c ON c.id = s.case_id",
                            "s.responded BETWEEN ?1 AND ?2 AND s.outcome IS NOT NULL", selection);
  StageOutcome row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.responded_day = st.column_view(0);
    row.outcome = optional_view(st, 1);
    read_facets(st, 2, selection, row.facets);
    each(row);
  });
}

void
each_compliance_stage(Database& db, DaySpan span, const Selection& selection,
                      const std::function<void(const ComplianceStage&)>& each)
{
  QueryText q(RowsAre::stages, 2);
  const auto sql =
      q.select("s.responded, "
               "(SELECT count(*) FROM case_extension e WHERE e.stage_id = s.id), "
               "(SELECT coalesce(sum(e.days), 0) FROM case_extension e WHERE e.stage_id = s.id), "
               "s.max_extension_days, s.independent, s.independence, "
               "EXISTS (SELECT 1 FROM case_stage n WHERE n.case_id = s.case_id "
               "AND n.procedure = s.procedure AND n.stage > s.stage), "
               "EXISTS (SELECT 1 FROM ombudsman_case o WHERE o.case_id = s.case_id)",
               "case_stage s JOIN case_record c ON c.id = s.case_id",
               "s.responded BETWEEN ?1 AND ?2 AND s.procedure IS NOT NULL", selection);
  ComplianceStage row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.responded_day = st.column_view(0);
    row.extensions = st.column_int64(1);
    row.extension_days = st.column_int64(2);
    row.max_extension_days =
        st.column_is_null(3) ? std::nullopt : std::optional<int>(st.column_int(3));
    row.independent = st.column_int(4) != 0;
    row.independence = optional_view(st, 5);
    row.escalated = st.column_int(6) != 0;
    row.ombudsman = st.column_int(7) != 0;
    read_facets(st, 8, selection, row.facets);
    each(row);
  });
}

void
each_area_named(Database& db, DaySpan span, const Conditions& where,
                const std::function<void(const AreaNamed&)>& each)
{
  QueryText q(RowsAre::stages, 2);
  const auto conditions = q.where(where);
  // The case is read only when a condition needs it: most area rows are of other periods.
  const auto sql = std::string("SELECT s.responded, a.area FROM case_area a "
                               "JOIN case_stage s ON s.id = a.stage_id") +
                   (conditions.empty() ? "" : " JOIN case_record c ON c.id = s.case_id") +
                   " WHERE s.responded BETWEEN ?1 AND ?2 AND s.outcome IS NOT NULL" + conditions;
  each_row(db, sql, span, q, [&](const Statement& st) {
    each(AreaNamed{st.column_view(0), st.column_view(1)});
  });
}

void
count_type_changes(Database& db, DaySpan span, const Conditions& where,
                   const std::function<void(const TypeChangeCount&)>& each)
{
  // A change of procedure alone is recorded as a reclassification too, from a type to itself.
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT e.on_date, e.from_value, e.to_value, count(*) FROM case_event e "
                   "JOIN case_record c ON c.id = e.case_id "
                   "WHERE e.kind = 'reclassified' AND e.on_date BETWEEN ?1 AND ?2 "
                   "AND e.from_value IS DISTINCT FROM e.to_value" +
                   q.where(where) + " GROUP BY e.on_date, e.from_value, e.to_value";
  each_row(db, sql, span, q, [&](const Statement& st) {
    each(TypeChangeCount{st.column_view(0), st.column_view(1), st.column_view(2),
                         st.column_int64(3)});
  });
}

void
count_filed_as_service_request(Database& db, DaySpan span, const Conditions& where,
                               const EachDayCount& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT e.on_date, count(*) FROM case_event e "
                   "JOIN case_record c ON c.id = e.case_id WHERE e.kind = 'reclassified' "
                   "AND e.from_value = 'service-request' AND e.to_value = 'complaint' "
                   "AND e.on_date BETWEEN ?1 AND ?2" +
                   q.where(where) + " GROUP BY e.on_date";
  each_row(db, sql, span, q, [&](const Statement& st) {
    each(DayCount{st.column_view(0), st.column_int64(1)});
  });
}

void
each_unclassified_case(Database& db, std::string_view until, const Conditions& where,
                       const std::function<void(const UnclassifiedCase&)>& each)
{
  // ?1 is the first day of nothing (every case received by `until`).
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT c.received, c.closed_on FROM case_record c "
                   "WHERE c.type IS NULL AND c.received BETWEEN ?1 AND ?2" +
                   q.where(where);
  each_row(db, sql, DaySpan{"", until}, q, [&](const Statement& st) {
    each(UnclassifiedCase{st.column_view(0), optional_view(st, 1), std::nullopt});
  });
}

void
each_classified_after(Database& db, std::string_view after, std::string_view until,
                      const Conditions& where,
                      const std::function<void(const UnclassifiedCase&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT c.received, c.closed_on, min(e.on_date) FROM case_event e "
                   "JOIN case_record c ON c.id = e.case_id "
                   "WHERE e.kind = 'classified' AND e.from_value = 'unclassified' "
                   "AND e.on_date > ?1 AND c.received <= ?2 AND c.type IS NOT NULL" +
                   q.where(where) + " GROUP BY c.id";
  each_row(db, sql, DaySpan{after, until}, q, [&](const Statement& st) {
    each(UnclassifiedCase{st.column_view(0), optional_view(st, 1), st.column_view(2)});
  });
}

void
each_open_case(Database& db, DaySpan span, const Conditions& where,
               const std::function<void(const OpenInSpan&)>& each)
{
  // "+received": not by the received index, whose range holds every case of the periods,
  // but by case_open, which holds only the cases not closed (a tenth of them or so).
  // PostgreSQL has no unary + for text, and its planner weighs the two indexes itself.
  QueryText q(RowsAre::cases, 2);
  const auto sql =
      std::string(db.sql_for(EngineSql{
          "SELECT c.received, c.last_activity, c.status, c.sponsor, c.sponsor_updated "
          "FROM case_record c WHERE c.status <> 'closed' AND +c.received BETWEEN ?1 AND ?2",
          "SELECT c.received, c.last_activity, c.status, c.sponsor, c.sponsor_updated "
          "FROM case_record c WHERE c.status <> 'closed' AND c.received BETWEEN ?1 AND ?2"})) +
      q.where(where);
  each_row(db, sql, span, q, [&](const Statement& st) {
    each(OpenInSpan{st.column_view(0), stored_date(st.column_view(0), "case_record.received"),
                    stored_date(st.column_view(1), "case_record.last_activity"),
                    st.column_view(2) == "open", !st.column_is_null(3),
                    stored_optional_date(st, 4, "case_record.sponsor_updated")});
  });
}

void
each_ombudsman_opened(Database& db, DaySpan span, const Selection& selection,
                      const std::function<void(const OmbudsmanOpened&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql =
      q.select("o.opened_on", "ombudsman_case o JOIN case_record c ON c.id = o.case_id",
               "o.opened_on BETWEEN ?1 AND ?2", selection);
  OmbudsmanOpened row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.day = st.column_view(0);
    read_facets(st, 1, selection, row.facets);
    each(row);
  });
}

void
each_ombudsman_decision(Database& db, DaySpan span, const Selection& selection,
                        const std::function<void(const OmbudsmanDecision&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql = q.select("o.decided_on, o.decision",
                            "ombudsman_case o JOIN case_record c ON c.id = o.case_id",
                            "o.decided_on BETWEEN ?1 AND ?2 AND o.decision IS NOT NULL", selection);
  OmbudsmanDecision row;
  each_row(db, sql, span, q, [&](const Statement& st) {
    row.day = st.column_view(0);
    row.decision = st.column_view(1);
    read_facets(st, 2, selection, row.facets);
    each(row);
  });
}

void
each_remedy(Database& db, DaySpan span, const Conditions& where,
            const std::function<void(const Remedy&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT r.agreed_on, r.kind, r.due, r.done_on, r.amount_pence FROM remedy r "
                   "JOIN case_record c ON c.id = r.case_id WHERE r.agreed_on BETWEEN ?1 AND ?2" +
                   q.where(where);
  each_row(db, sql, span, q, [&](const Statement& st) {
    each(Remedy{st.column_view(0), st.column_view(1), stored_date(st.column_view(2), "remedy.due"),
                stored_optional_date(st, 3, "remedy.done_on"),
                st.column_is_null(4) ? 0 : st.column_int64(4)});
  });
}

void
each_learning(Database& db, DaySpan span, const Conditions& where,
              const std::function<void(Learning&)>& each)
{
  QueryText q(RowsAre::cases, 2);
  const auto sql = "SELECT l.recorded_on, c.service, l.problem, l.improvement, l.action, l.due, "
                   "l.done_on FROM learning l JOIN case_record c ON c.id = l.case_id "
                   "WHERE l.recorded_on BETWEEN ?1 AND ?2" +
                   q.where(where) + " ORDER BY l.recorded_on, l.id";
  each_row(db, sql, span, q, [&](const Statement& st) {
    Learning row{st.column_view(0),
                 stored_date(st.column_view(0), "learning.recorded_on"),
                 st.column_text(1),
                 st.column_text(2).value_or(""),
                 st.column_text(3).value_or(""),
                 st.column_text(4),
                 stored_optional_date(st, 5, "learning.due"),
                 stored_optional_date(st, 6, "learning.done_on")};
    each(row);
  });
}

void
count_surveys(Database& db, DaySpan span, std::string_view as_of, const Selection& selection,
              const std::function<void(const SurveyCount&)>& each)
{
  // A survey counts in the period it was sent; its response counts if it came back by as_of.
  QueryText q(RowsAre::cases, 3);
  std::string group = "GROUP BY 1, 2, 3, 4";
  for (std::size_t i = 0; i < selection.facets.size(); ++i) {
    group += fmt::format(", {}", 6 + i);
  }
  const auto sql = q.select("v.sent_on, v.returned_on IS NOT NULL AND v.returned_on <= ?3, "
                            "v.satisfied, v.stars, count(*)",
                            "survey v JOIN case_record c ON c.id = v.case_id",
                            "v.sent_on BETWEEN ?1 AND ?2", selection, group);
  Statement st(db, sql);
  st.bind(1, span.from).bind(2, span.to).bind(3, as_of);
  q.bind(st);
  while (st.step()) {
    SurveyCount row;
    row.sent_day = st.column_view(0);
    row.returned = st.column_int(1) != 0;
    if (!st.column_is_null(2)) {
      row.satisfied = st.column_int(2) != 0;
    }
    row.stars = optional_int(st, 3);
    row.count = st.column_int64(4);
    read_facets(st, 5, selection, row.facets);
    each(row);
  }
}

} // namespace feedback::detail
