// SPDX-License-Identifier: MIT
#include "storage/edit_store.hpp"

#include "storage/case_store.hpp"
#include "storage/stored_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/format.h>

namespace feedback::detail {

CaseRecord
load_record(Database& db, std::string_view reference)
{
  Statement st(
      db, fmt::format("SELECT {} FROM case_record WHERE reference = ?1", k_case_record_columns));
  st.bind(1, normalise_reference(reference));
  if (!st.step()) {
    throw Error(ExitCode::data_error, fmt::format("unknown case reference: {}", reference));
  }
  CaseRecord record;
  read_case_record(st, 0, record);
  return record;
}

std::optional<FirstStage>
first_stage(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT id, started FROM case_stage WHERE case_id = ?1 ORDER BY id LIMIT 1");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return FirstStage{st.column_int64(0),
                    stored_date(st.column_text(1).value_or(""), "case_stage.started")};
}

std::optional<DatedFact>
earliest_fact(Database& db, std::int64_t case_id, std::int64_t first_stage_id)
{
  // Each kind of fact with its earliest date; the smallest wins (ties: the first listed).
  Statement st(
      db, "SELECT d, what, n FROM ("
          " SELECT min(s.acknowledged) AS d, 'the acknowledgement' AS what, 1 AS n"
          "  FROM case_stage s WHERE s.case_id = ?1"
          " UNION ALL SELECT min(s.responded), 'the response', 2 FROM case_stage s"
          "  WHERE s.case_id = ?1"
          " UNION ALL SELECT min(s.ended), 'the end of a stage', 3 FROM case_stage s"
          "  WHERE s.case_id = ?1"
          " UNION ALL SELECT min(s.started), 'the start of a later stage', 4 FROM case_stage s"
          "  WHERE s.case_id = ?1 AND s.id <> ?2"
          " UNION ALL SELECT min(h.held_on), 'a hold', 5 FROM case_hold h"
          "  JOIN case_stage s ON s.id = h.stage_id WHERE s.case_id = ?1"
          " UNION ALL SELECT min(e.granted_on), 'an extension', 6 FROM case_extension e"
          "  JOIN case_stage s ON s.id = e.stage_id WHERE s.case_id = ?1"
          " UNION ALL SELECT min(x.reached_on), 'an escalation step', 7 FROM escalation_step x"
          "  WHERE x.case_id = ?1"
          " UNION ALL SELECT min(o.opened_on), 'the Ombudsman''s case', 8 FROM ombudsman_case o"
          "  WHERE o.case_id = ?1"
          " UNION ALL SELECT c.closed_on, 'the closure', 9 FROM case_record c WHERE c.id = ?1"
          ") facts WHERE d IS NOT NULL ORDER BY d, n LIMIT 1");
  st.bind(1, case_id).bind(2, first_stage_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return DatedFact{stored_date(st.column_text(0).value_or(""), "a date of the case"),
                   st.column_text(1).value_or("")};
}

void
set_case_service(Database& db, std::int64_t case_id, const std::optional<std::string>& code)
{
  Statement(db, "UPDATE case_record SET service = ?2 WHERE id = ?1")
      .bind(1, case_id)
      .bind(2, code)
      .run();
}

void
set_case_received(Database& db, std::int64_t case_id, Date received, std::string_view received_at)
{
  Statement(db, "UPDATE case_record SET received = ?2, received_at = ?3 WHERE id = ?1")
      .bind(1, case_id)
      .bind(2, format_date(received))
      .bind(3, received_at)
      .run();
}

void
set_stage_started(Database& db, std::int64_t stage_id, Date started)
{
  Statement(db, "UPDATE case_stage SET started = ?2 WHERE id = ?1")
      .bind(1, stage_id)
      .bind(2, format_date(started))
      .run();
}

void
set_case_summary(Database& db, std::int64_t case_id, std::string_view summary)
{
  Statement(db, "UPDATE case_record SET summary = ?2 WHERE id = ?1")
      .bind(1, case_id)
      .bind(2, summary)
      .run();
}

void
set_case_channel(Database& db, std::int64_t case_id, std::string_view channel)
{
  Statement(db, "UPDATE case_record SET channel = ?2 WHERE id = ?1")
      .bind(1, case_id)
      .bind(2, channel)
      .run();
}

void
set_case_sponsor(Database& db, std::int64_t case_id, const std::optional<std::string>& sponsor,
                 const std::optional<std::string>& sponsor_name)
{
  Statement(db, "UPDATE case_record SET sponsor = ?2, sponsor_name = ?3 WHERE id = ?1")
      .bind(1, case_id)
      .bind(2, sponsor)
      .bind(3, sponsor_name)
      .run();
}

// ---- services ----

void
set_service_name(Database& db, std::string_view code, std::string_view name)
{
  Statement(db, "UPDATE service SET name = ?2 WHERE code = ?1").bind(1, code).bind(2, name).run();
}

void
set_service_directorate(Database& db, std::string_view code, std::string_view directorate)
{
  Statement(db, "UPDATE service SET directorate = ?2 WHERE code = ?1")
      .bind(1, code)
      .bind(2, directorate)
      .run();
}

void
set_service_retired(Database& db, std::string_view code, Date on,
                    const std::optional<std::string>& merged_into)
{
  Statement(db, "UPDATE service SET retired_on = ?2, merged_into = ?3 WHERE code = ?1")
      .bind(1, code)
      .bind(2, format_date(on))
      .bind(3, merged_into)
      .run();
}

void
insert_service_event(Database& db, const ServiceEvent& event)
{
  Statement(db, "INSERT INTO service_event (service, at, on_date, officer, kind, from_value, "
                "to_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, event.service)
      .bind(2, event.at)
      .bind(3, format_date(event.on))
      .bind(4, event.officer)
      .bind(5, event.kind)
      .bind(6, event.from)
      .bind(7, event.to)
      .run();
}

std::vector<ServiceEvent>
load_service_events(Database& db, std::string_view code)
{
  Statement st(db, "SELECT service, at, on_date, officer, kind, from_value, to_value "
                   "FROM service_event WHERE service = ?1 ORDER BY id");
  st.bind(1, code);
  std::vector<ServiceEvent> out;
  while (st.step()) {
    out.push_back({st.column_text(0).value_or(""), st.column_text(1).value_or(""),
                   stored_date(st.column_text(2).value_or(""), "service_event.on_date"),
                   st.column_text(3).value_or(""), st.column_text(4).value_or(""),
                   st.column_text(5), st.column_text(6)});
  }
  return out;
}

std::vector<std::int64_t>
cases_of_service(Database& db, std::string_view code)
{
  Statement st(db, "SELECT id FROM case_record WHERE service = ?1 ORDER BY id");
  st.bind(1, code);
  std::vector<std::int64_t> out;
  while (st.step()) {
    out.push_back(st.column_int64(0));
  }
  return out;
}

} // namespace feedback::detail
