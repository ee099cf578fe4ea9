// SPDX-License-Identifier: MIT
#include "storage/ombudsman_store.hpp"

#include "storage/stored_values.hpp"

namespace feedback::detail {

std::optional<OmbudsmanRecord>
find_ombudsman(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT their_ref, opened_on, decision, decided_on, origin FROM ombudsman_case "
                   "WHERE case_id = ?1");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return OmbudsmanRecord{
      st.column_text(0).value_or(""), stored_date(st.column_view(1), "ombudsman_case.opened_on"),
      st.column_text(2), stored_optional_date(st, 3, "ombudsman_case.decided_on"),
      st.column_text(4).value_or("")};
}

void
insert_ombudsman(Database& db, std::int64_t case_id, std::string_view their_ref, Date on,
                 std::string_view origin)
{
  OmbudsmanWriter(db).insert(case_id, their_ref, on, origin);
}

void
set_ombudsman_decision(Database& db, std::int64_t case_id, std::string_view decision, Date on)
{
  OmbudsmanWriter(db).set_decision(case_id, decision, on);
}

std::int64_t
insert_remedy(Database& db, std::int64_t case_id, std::string_view kind,
              std::optional<std::int64_t> amount_pence, Date due, Date agreed_on)
{
  return OmbudsmanWriter(db).insert_remedy(case_id, kind, amount_pence, due, agreed_on);
}

Statement&
OmbudsmanWriter::prepared(std::unique_ptr<Statement>& slot, std::string_view sql)
{
  if (!slot) {
    slot = std::make_unique<Statement>(m_db, sql);
  }
  return *slot;
}

void
OmbudsmanWriter::insert(std::int64_t case_id, std::string_view their_ref, Date on,
                        std::string_view origin)
{
  auto& ins = prepared(m_insert, "INSERT INTO ombudsman_case (case_id, their_ref, opened_on, "
                                 "origin) VALUES (?1, ?2, ?3, ?4)");
  ins.bind(1, case_id).bind(2, their_ref).bind(3, format_date(on)).bind(4, origin).run();
}

void
OmbudsmanWriter::set_decision(std::int64_t case_id, std::string_view decision, Date on)
{
  auto& up = prepared(
      m_decision, "UPDATE ombudsman_case SET decision = ?2, decided_on = ?3 WHERE case_id = ?1");
  up.bind(1, case_id).bind(2, decision).bind(3, format_date(on)).run();
}

std::int64_t
OmbudsmanWriter::insert_remedy(std::int64_t case_id, std::string_view kind,
                               std::optional<std::int64_t> amount_pence, Date due, Date agreed_on)
{
  auto& ins = prepared(m_remedy, "INSERT INTO remedy (case_id, kind, amount_pence, due, agreed_on) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)");
  ins.bind(1, case_id).bind(2, kind).bind(3, amount_pence).bind(4, format_date(due));
  ins.bind(5, format_date(agreed_on)).run();
  return m_db.last_insert_rowid();
}

void
OmbudsmanWriter::set_remedy_done(std::int64_t remedy_id, Date on)
{
  auto& up = prepared(m_done, "UPDATE remedy SET done_on = ?2 WHERE id = ?1");
  up.bind(1, remedy_id).bind(2, format_date(on)).run();
}

std::optional<RemedyRecord>
find_remedy(Database& db, std::int64_t case_id, std::int64_t remedy_id)
{
  Statement st(db, "SELECT kind, agreed_on, done_on FROM remedy WHERE id = ?1 AND case_id = ?2");
  st.bind(1, remedy_id).bind(2, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return RemedyRecord{st.column_text(0).value_or(""),
                      stored_date(st.column_view(1), "remedy.agreed_on"),
                      stored_optional_date(st, 2, "remedy.done_on")};
}

void
set_remedy_done(Database& db, std::int64_t remedy_id, Date on)
{
  OmbudsmanWriter(db).set_remedy_done(remedy_id, on);
}

void
update_ombudsman(Database& db, std::int64_t case_id, std::string_view their_ref, Date on)
{
  Statement up(db, "UPDATE ombudsman_case SET their_ref = ?2, opened_on = ?3 WHERE case_id = ?1");
  up.bind(1, case_id).bind(2, their_ref).bind(3, format_date(on)).run();
}

std::vector<RemedyView>
list_remedies(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT id, kind, amount_pence, due, agreed_on, done_on FROM remedy "
                   "WHERE case_id = ?1 ORDER BY id");
  st.bind(1, case_id);
  std::vector<RemedyView> out;
  while (st.step()) {
    RemedyView r;
    r.id = st.column_int64(0);
    r.kind = st.column_text(1).value_or("");
    if (!st.column_is_null(2)) {
      r.amount_pence = st.column_int64(2);
    }
    r.due = stored_date(st.column_view(3), "remedy.due");
    r.agreed_on = stored_date(st.column_view(4), "remedy.agreed_on");
    r.done_on = stored_optional_date(st, 5, "remedy.done_on");
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace feedback::detail
