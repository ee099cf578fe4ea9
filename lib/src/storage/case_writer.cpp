// SPDX-License-Identifier: MIT
#include "storage/case_writer.hpp"

#include "storage/audit_chain.hpp"

#include <fmt/core.h>

namespace feedback::detail {

namespace {

// The next id of `table` (only a table name from this file is formatted in).
std::string
next_id_sql(std::string_view table)
{
  return fmt::format("SELECT coalesce(max(id), 0) + 1 FROM {}", table);
}

// Rows per multi-row INSERT when batched: beyond about 32 the gain is lost in the noise
// (measured on the importer).
constexpr int k_batch = 32;

void
put_date(BatchInsert& insert, int column, Date day)
{
  char text[10];
  format_date_to(day, text);
  insert.text(column, std::string_view(text, 10));
}

void
put_date(BatchInsert& insert, int column, const std::optional<Date>& day)
{
  if (day) {
    put_date(insert, column, *day);
  } else {
    insert.null(column);
  }
}

void
put_int(BatchInsert& insert, int column, const std::optional<int>& value)
{
  if (value) {
    insert.integer(column, *value);
  } else {
    insert.null(column);
  }
}

} // namespace

// Every INSERT is OR FAIL: a multi-row INSERT that may stop half-way with the default ABORT needs
// a statement journal (the pages it changes copied to a temporary file, to undo the statement
// alone), and for an import that was two thirds of every write: 512 MB of a temporary file for
// 100,000 cases. FAIL keeps the rows before a failure instead; the failure throws, and the
// caller's transaction is rolled back whole, so nothing of a failed statement is ever kept.
// A one-row INSERT behaves the same either way. PostgreSQL has no OR FAIL, and needs none: a
// failed statement fails its whole transaction there.
CaseWriter::CaseWriter(Database& db, WriteMode mode)
    : m_db(db), m_mode(mode),
      m_case(db,
             EngineSql{
                 "INSERT OR FAIL INTO case_record (id, reference, type, channel, service, summary, "
                 "received, "
                 "received_at, status, closure, redirected_to, owner, sponsor, sponsor_name, "
                 "info_request, external_ref, source, source_ref, classified_by, closed_on, "
                 "last_activity, current_stage, subtype)",
                 "INSERT INTO case_record (id, reference, type, channel, service, summary, "
                 "received, "
                 "received_at, status, closure, redirected_to, owner, sponsor, sponsor_name, "
                 "info_request, external_ref, source, source_ref, classified_by, closed_on, "
                 "last_activity, current_stage, subtype)"},
             23, mode == WriteMode::batched ? k_batch : 1),
      m_stage(db,
              EngineSql{
                  "INSERT OR FAIL INTO case_stage (id, case_id, procedure, stage, policy_version, "
                  "started, "
                  "acknowledge_days, respond_days, max_extension_days, acknowledged, responded, "
                  "outcome, ended, acknowledge_from, respond_from, extension_beyond_cap, "
                  "independent)",
                  "INSERT INTO case_stage (id, case_id, procedure, stage, policy_version, started, "
                  "acknowledge_days, respond_days, max_extension_days, acknowledged, responded, "
                  "outcome, ended, acknowledge_from, respond_from, extension_beyond_cap, "
                  "independent)"},
              17, mode == WriteMode::batched ? k_batch : 1),
      m_area(db,
             EngineSql{"INSERT OR FAIL INTO case_area (stage_id, area)",
                       "INSERT INTO case_area (stage_id, area)"},
             2, mode == WriteMode::batched ? k_batch : 1),
      m_person(
          db,
          EngineSql{
              "INSERT OR FAIL INTO person (case_id, name, email, phone, address, preferred_format)",
              "INSERT INTO person (case_id, name, email, phone, address, preferred_format)"},
          6, mode == WriteMode::batched ? k_batch : 1),
      m_text(db,
             EngineSql{"INSERT OR FAIL INTO event_text (id, salt, body, digest)",
                       "INSERT INTO event_text (id, salt, body, digest)"},
             4, mode == WriteMode::batched ? k_batch : 1),
      m_event(
          db,
          EngineSql{"INSERT OR FAIL INTO case_event (id, case_id, at, on_date, officer, kind, "
                    "from_value, "
                    "to_value, text_id, hash)",
                    "INSERT INTO case_event (id, case_id, at, on_date, officer, kind, from_value, "
                    "to_value, text_id, hash)"},
          10, mode == WriteMode::batched ? k_batch : 1)
{
}

std::int64_t
CaseWriter::next_id(std::optional<std::int64_t>& counter, std::string_view table)
{
  if (!counter) {
    Statement st(m_db, next_id_sql(table));
    counter = st.step() ? st.column_int64(0) : 1;
  }
  return (*counter)++;
}

void
CaseWriter::done(BatchInsert& insert)
{
  if (m_mode == WriteMode::immediate) {
    insert.flush();
  }
}

CaseWriter::Written
CaseWriter::write_case(const NewCaseRow& row, const NewStageRow& first_stage,
                       const NewPersonRow& person)
{
  Written out;
  if (!m_next_case && !m_next_stage) {
    // Both asked at once (one round trip on PostgreSQL).
    const auto cases = next_id_sql("case_record");
    const auto stages = next_id_sql("case_stage");
    read_ahead(m_db, {{cases, {}}, {stages, {}}});
  }
  out.case_id = next_id(m_next_case, "case_record");
  out.stage_id = next_id(m_next_stage, "case_stage");
  const auto end = fmt::format_to_n(m_reference, sizeof m_reference, "FB-{:04}-{:06}",
                                    static_cast<int>(row.received.year()), out.case_id);
  out.reference = std::string_view(m_reference, end.size);

  auto& c = m_case;
  c.row();
  c.integer(0, out.case_id);
  c.text(1, out.reference);
  c.text_or_null(2, row.type);
  c.text(3, row.channel);
  c.text_or_null(4, row.service);
  c.text(5, row.summary);
  put_date(c, 6, row.received);
  c.text(7, row.received_at);
  c.text(8, case_status_name(row.status));
  c.text_or_null(9, row.closure ? OptionalText(case_closure_name(*row.closure)) : std::nullopt);
  c.text_or_null(10, row.redirected_to);
  c.text_or_null(11, row.owner);
  c.text_or_null(12, row.sponsor);
  c.text_or_null(13, row.sponsor_name);
  c.integer(14, row.info_request ? 1 : 0);
  c.text_or_null(15, row.external_ref);
  c.text_or_null(16, row.source);
  c.text_or_null(17, row.source_ref);
  c.text_or_null(18, row.classified_by);
  put_date(c, 19, row.closed_on);
  put_date(c, 20, row.last_activity);
  c.integer(21, out.stage_id);
  c.text_or_null(22, row.subtype);
  done(c);

  put_stage(out.stage_id, out.case_id, first_stage);
  if (!person.empty()) {
    add_person(out.case_id, person);
  }
  return out;
}

void
CaseWriter::add_person(std::int64_t case_id, const NewPersonRow& person)
{
  auto& p = m_person;
  p.row();
  p.integer(0, case_id);
  p.text_or_null(1, person.name);
  p.text_or_null(2, person.email);
  p.text_or_null(3, person.phone);
  p.text_or_null(4, person.address);
  p.text_or_null(5, person.preferred_format);
  done(p);
}

void
CaseWriter::put_stage(std::int64_t id, std::int64_t case_id, const NewStageRow& stage)
{
  const StageSpec& spec = *stage.spec;
  auto& s = m_stage;
  s.row();
  s.integer(0, id);
  s.integer(1, case_id);
  s.text_or_null(2, spec.procedure ? OptionalText(*spec.procedure) : std::nullopt);
  put_int(s, 3, spec.stage);
  s.integer(4, spec.policy_version);
  put_date(s, 5, stage.started);
  put_int(s, 6, spec.acknowledge_days);
  put_int(s, 7, spec.respond_days);
  put_int(s, 8, spec.max_extension_days);
  put_date(s, 9, stage.acknowledged);
  put_date(s, 10, stage.responded);
  s.text_or_null(11, stage.outcome);
  put_date(s, 12, stage.ended);
  s.text(13, anchor_name(spec.acknowledge_from));
  s.text(14, anchor_name(spec.respond_from));
  s.integer(15, spec.extension_beyond_cap ? 1 : 0);
  s.integer(16, spec.independent ? 1 : 0);
  done(s);
}

std::int64_t
CaseWriter::add_stage(std::int64_t case_id, const NewStageRow& stage)
{
  const auto id = next_id(m_next_stage, "case_stage");
  put_stage(id, case_id, stage);
  // Written at once in either mode, so that the caller may go on to change it.
  m_stage.flush();
  Statement current(m_db, "UPDATE case_record SET current_stage = ?2 WHERE id = ?1");
  current.bind(1, case_id).bind(2, id).run_unanswered();
  return id;
}

void
CaseWriter::add_area(std::int64_t stage_id, std::string_view area)
{
  m_area.row();
  m_area.integer(0, stage_id);
  m_area.text(1, area);
  done(m_area);
}

std::int64_t
CaseWriter::add_event(const NewEventRow& event)
{
  auto& tail = chain_tail(m_db);
  ChainedEvent chained;
  chained.id = tail.next_event_id;
  chained.case_id = event.case_id;
  chained.at = event.at;
  char on[10];
  format_date_to(event.on, on);
  chained.on_date = std::string_view(on, 10);
  chained.officer = event.officer;
  chained.kind = event.kind;
  chained.from = event.from;
  chained.to = event.to;
  std::string digest;
  if (!event.detail.empty()) {
    add_text_row(m_sha, m_text, tail.next_text_id, event.detail, chained, digest);
    done(m_text);
  }
  auto hash = event_hash(m_sha, tail.last_hash, chained);
  add_event_row(m_event, chained, hash);
  done(m_event);

  // The tail moves only once the rows are taken, so that a failure leaves it as it was.
  ++tail.next_event_id;
  if (chained.text_id) {
    ++tail.next_text_id;
  }
  tail.last_hash = std::move(hash);
  forget_chain_tail_outside_transaction(m_db);
  return chained.id;
}

void
CaseWriter::flush()
{
  for (auto* insert : {&m_case, &m_stage, &m_area, &m_person, &m_text, &m_event}) {
    insert->flush();
  }
}

} // namespace feedback::detail
