// SPDX-License-Identifier: MIT
#include "storage/import_store.hpp"

namespace feedback::detail {

namespace {

// Rows per multi-row INSERT, as the case writer's.
constexpr int k_batch = 32;

using OptionalView = std::optional<std::string_view>;

} // namespace

std::vector<ImportKey>
load_import_keys(Database& db, std::string_view source)
{
  Statement st(db, "SELECT ref_key, fingerprint, case_id FROM import_record WHERE source = ?1");
  st.bind(1, source);
  std::vector<ImportKey> out;
  while (st.step()) {
    out.push_back({static_cast<std::uint64_t>(st.column_int64(0)),
                   static_cast<std::uint64_t>(st.column_int64(1)), st.column_int64(2)});
  }
  return out;
}

// OR FAIL, as the case writer's: no statement journal (storage/case_writer.cpp says why).
ImportRecordWriter::ImportRecordWriter(Database& db)
    : m_insert(
          db,
          EngineSql{"INSERT OR FAIL INTO import_record (case_id, source, ref_key, fingerprint)",
                    "INSERT INTO import_record (case_id, source, ref_key, fingerprint)"},
          4, k_batch)
{
}

void
ImportRecordWriter::add(std::int64_t case_id, std::string_view source, std::uint64_t ref_key,
                        std::uint64_t fingerprint)
{
  // The hashes are stored as the signed 64-bit integers SQLite has.
  m_insert.row();
  m_insert.integer(0, case_id);
  m_insert.text(1, source);
  m_insert.integer(2, static_cast<std::int64_t>(ref_key));
  m_insert.integer(3, static_cast<std::int64_t>(fingerprint));
}

void
ImportRecordWriter::flush()
{
  m_insert.flush();
}

void
set_import_fingerprint(Database& db, std::int64_t case_id, std::uint64_t fingerprint)
{
  Statement st(db, "UPDATE import_record SET fingerprint = ?2 WHERE case_id = ?1");
  st.bind(1, case_id).bind(2, static_cast<std::int64_t>(fingerprint)).run();
}

void
update_imported_case(Database& db, std::int64_t case_id, const ImportedCaseFields& f)
{
  Statement up(db, "UPDATE case_record SET type = ?2, channel = ?3, service = ?4, "
                   "summary = ?5, received = ?6, received_at = ?7, status = ?8, closure = ?9, "
                   "redirected_to = ?10, owner = ?11, sponsor = ?12, sponsor_name = ?13, "
                   "info_request = ?14, external_ref = ?15, closed_on = ?16, "
                   "last_activity = ?17, classified_by = ?18 WHERE id = ?1");
  up.bind(1, case_id).bind(2, f.type).bind(3, f.channel).bind(4, f.service).bind(5, f.summary);
  up.bind(6, f.received).bind(7, f.received_at).bind(8, f.status).bind(9, f.closure);
  up.bind(10, f.redirected_to).bind(11, f.owner).bind(12, f.sponsor).bind(13, f.sponsor_name);
  up.bind(14, f.info_request ? 1 : 0).bind(15, f.external_ref).bind(16, f.closed_on);
  up.bind(17, f.last_activity).bind(18, f.classified_by);
  up.run();
}

void
update_imported_stage(Database& db, std::int64_t stage_id, const ImportedStageFields& f)
{
  Statement su(db, "UPDATE case_stage SET started = ?2, acknowledged = ?3, responded = ?4, "
                   "outcome = ?5, ended = ?6 WHERE id = ?1");
  su.bind(1, stage_id).bind(2, f.started).bind(3, f.acknowledged).bind(4, f.responded);
  su.bind(5, f.outcome).bind(6, f.ended).run();
}

LegacyFactsWriter::LegacyFactsWriter(Database& db)
    : m_insert(db,
               EngineSql{"INSERT OR FAIL INTO case_legacy (case_id, outcome_text, resolution, due)",
                         "INSERT INTO case_legacy (case_id, outcome_text, resolution, due)"},
               4, k_batch)
{
}

void
LegacyFactsWriter::add(std::int64_t case_id, const LegacyFacts& f)
{
  m_insert.row();
  m_insert.integer(0, case_id);
  m_insert.text_or_null(1, f.outcome_text ? OptionalView(*f.outcome_text) : std::nullopt);
  m_insert.text_or_null(2, f.resolution ? OptionalView(*f.resolution) : std::nullopt);
  m_insert.text_or_null(3, f.due ? OptionalView(*f.due) : std::nullopt);
}

void
LegacyFactsWriter::flush()
{
  m_insert.flush();
}

LegacyFacts
load_legacy_facts(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT outcome_text, resolution, due FROM case_legacy WHERE case_id = ?1");
  st.bind(1, case_id);
  LegacyFacts f;
  if (st.step()) {
    f.outcome_text = st.column_text(0);
    f.resolution = st.column_text(1);
    f.due = st.column_text(2);
  }
  return f;
}

void
save_legacy_facts(Database& db, std::int64_t case_id, const LegacyFacts& f)
{
  if (f.empty()) {
    Statement del(db, "DELETE FROM case_legacy WHERE case_id = ?1");
    del.bind(1, case_id).run();
    return;
  }
  Statement up(db, "INSERT INTO case_legacy (case_id, outcome_text, resolution, due) "
                   "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_id) DO UPDATE SET "
                   "outcome_text = excluded.outcome_text, resolution = excluded.resolution, "
                   "due = excluded.due");
  up.bind(1, case_id).bind(2, f.outcome_text).bind(3, f.resolution).bind(4, f.due).run();
}

ImportEventKeys::ImportEventKeys(Database& db)
    : m_has(db, "SELECT 1 FROM import_event WHERE case_id = ?1 AND event_key = ?2",
            {TextBinding::copy, OnReset::keep_bindings, Lifetime::long_lived}),
      m_insert(db,
               EngineSql{"INSERT OR FAIL INTO import_event (case_id, event_key)",
                         "INSERT INTO import_event (case_id, event_key)"},
               2, k_batch)
{
}

bool
ImportEventKeys::has(std::int64_t case_id, std::uint64_t key)
{
  m_has.bind(1, case_id).bind(2, static_cast<std::int64_t>(key));
  const bool found = m_has.step();
  m_has.reset();
  return found;
}

void
ImportEventKeys::add(std::int64_t case_id, std::uint64_t key)
{
  m_insert.row();
  m_insert.integer(0, case_id);
  m_insert.integer(1, static_cast<std::int64_t>(key));
}

void
ImportEventKeys::flush()
{
  m_insert.flush();
}

void
raise_last_activity(Database& db, std::int64_t case_id, Date on)
{
  LastActivity(db).raise(case_id, on);
}

LastActivity::LastActivity(Database& db)
    : m_touch(db, EngineSql{
                      "UPDATE case_record SET last_activity = max(last_activity, ?2) WHERE id = ?1",
                      "UPDATE case_record SET last_activity = greatest(last_activity, ?2) "
                      "WHERE id = ?1"})
{
}

void
LastActivity::raise(std::int64_t case_id, Date on)
{
  m_touch.bind(1, case_id).bind(2, format_date(on)).run();
}

} // namespace feedback::detail
