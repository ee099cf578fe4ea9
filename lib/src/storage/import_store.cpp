// SPDX-License-Identifier: MIT
#include "storage/import_store.hpp"

namespace feedback::detail {

namespace {

// Rows per multi-row INSERT, as the case writer's.
constexpr int k_batch = 32;

} // namespace

std::vector<ImportKey>
load_import_keys(Database& db, std::string_view source)
{
  Statement st(db, "SELECT ref_key, fingerprint FROM import_record WHERE source = ?1");
  st.bind(1, source);
  std::vector<ImportKey> out;
  while (st.step()) {
    out.push_back({static_cast<std::uint64_t>(st.column_int64(0)),
                   static_cast<std::uint64_t>(st.column_int64(1))});
  }
  return out;
}

// OR FAIL, as the case writer's: no statement journal (storage/case_writer.cpp says why).
ImportRecordWriter::ImportRecordWriter(Database& db)
    : m_insert(db, "INSERT OR FAIL INTO import_record (case_id, source, ref_key, fingerprint)", 4,
               k_batch)
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

} // namespace feedback::detail
