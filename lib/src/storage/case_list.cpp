// SPDX-License-Identifier: MIT
#include "storage/case_list.hpp"

#include "storage/stored_values.hpp"

#include <string>

namespace feedback::detail {

namespace {

Statement
list_statement(Database& db, const ListFilter& filter)
{
  // Only constant fragments are joined here; every value is bound.
  std::string sql = "SELECT c.reference, c.type, c.status, s.procedure, s.stage, c.service, "
                    "c.owner, c.received, c.sponsor, c.summary, s.id, s.started, "
                    "s.acknowledge_days, s.respond_days, s.acknowledged, s.responded, "
                    "s.acknowledge_from, s.respond_from, "
                    // Whether an open case's stage has holds or extensions to read: most have
                    // none, and a probe inside this statement costs less than two statements'.
                    "CASE WHEN c.status <> 'closed' THEN "
                    "EXISTS (SELECT 1 FROM case_hold h WHERE h.stage_id = s.id) OR "
                    "EXISTS (SELECT 1 FROM case_extension e WHERE e.stage_id = s.id) END "
                    "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE TRUE";
  // The literal 'closed' (not a parameter) lets the planner use the open-case indexes.
  if (filter.status == StatusFilter::open || filter.overdue_only) {
    sql += " AND c.status <> 'closed'";
  } else if (filter.status == StatusFilter::closed) {
    sql += " AND c.status = 'closed'";
  }
  if (filter.type) {
    sql += *filter.type == "unclassified" ? " AND c.type IS NULL AND ?1 IS NOT NULL"
                                          : " AND c.type = ?1";
  }
  if (filter.service) {
    sql += " AND c.service = ?2";
  }
  if (filter.owner) {
    sql += " AND c.owner = ?3";
  }
  if (filter.procedure) {
    sql += " AND s.procedure = ?4";
  }
  if (filter.stage) {
    sql += " AND s.stage = ?5";
  }
  if (filter.received_from) {
    sql += " AND c.received >= ?6";
  }
  if (filter.received_to) {
    sql += " AND c.received <= ?7";
  }
  if (filter.sponsored) {
    sql += " AND c.sponsor IS NOT NULL";
  }
  if (filter.sponsor_kind) {
    sql += " AND c.sponsor = ?8";
  }
  if (filter.sponsor_name) {
    sql += " AND lower(c.sponsor_name) = lower(?9)";
  }
  // No LIMIT: the caller stops reading at its limit (the order is the index's, so nothing more
  // is read), and a case skipped for a bad stored value must not count towards it.
  sql += " ORDER BY c.received, c.id";
  Statement st(db, sql);
  if (filter.type) {
    st.bind(1, *filter.type);
  }
  if (filter.service) {
    st.bind(2, *filter.service);
  }
  if (filter.owner) {
    st.bind(3, *filter.owner);
  }
  if (filter.procedure) {
    st.bind(4, *filter.procedure);
  }
  if (filter.stage) {
    st.bind(5, *filter.stage);
  }
  if (filter.received_from) {
    st.bind(6, format_date(*filter.received_from));
  }
  if (filter.received_to) {
    st.bind(7, format_date(*filter.received_to));
  }
  if (filter.sponsor_kind) {
    st.bind(8, *filter.sponsor_kind);
  }
  if (filter.sponsor_name) {
    st.bind(9, *filter.sponsor_name);
  }
  return st;
}

} // namespace

CaseListReader::CaseListReader(Database& db, const ListFilter& filter)
    : m_cases(list_statement(db, filter)), m_times(db)
{
}

bool
CaseListReader::next(CaseRow& r, StageTimes& times, StageProgress& progress, std::string& problem)
{
  auto& st = m_cases;
  if (!st.step()) {
    return false;
  }
  r.reference = st.column_view(0);
  problem.clear();
  try {
    read_row(r, times, progress);
  } catch (const BadStoredValue& e) {
    problem = e.what();
  }
  return true;
}

void
CaseListReader::read_row(CaseRow& r, StageTimes& times, StageProgress& progress)
{
  auto& st = m_cases;
  r.type = st.column_text(1);
  r.status = stored_status(st.column_view(2), "case_record.status");
  r.procedure = st.column_text(3);
  r.stage = optional_int(st, 4);
  r.service = st.column_text(5);
  r.owner = st.column_text(6);
  r.received = stored_date(st.column_view(7), "case_record.received");
  r.sponsor = st.column_text(8);
  r.summary = st.column_view(9);
  if (r.status != CaseStatus::closed) {
    times.started = stored_date(st.column_view(11), "case_stage.started");
    times.acknowledge_days = optional_int(st, 12);
    times.respond_days = optional_int(st, 13);
    times.acknowledge_from = stored_anchor(st.column_view(16), "case_stage.acknowledge_from");
    times.respond_from = stored_anchor(st.column_view(17), "case_stage.respond_from");
    times.received = r.received;
    if (st.column_int(18) != 0) {
      m_times.read(st.column_int64(10), times);
    } else {
      times.holds.clear();
      times.extensions.clear();
    }
    progress.running = true;
    progress.acknowledged = stored_optional_date(st, 14, "case_stage.acknowledged");
    progress.responded = stored_optional_date(st, 15, "case_stage.responded");
    times.acknowledged = progress.acknowledged;
  }
}

} // namespace feedback::detail
