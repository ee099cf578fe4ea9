// SPDX-License-Identifier: MIT
#include "storage/privacy_store.hpp"

#include "storage/backend.hpp"
#include "storage/bulk.hpp"
#include "storage/stored_values.hpp"

#include <feedback/util/error.hpp>

namespace feedback::detail {

std::optional<StoredLegalHold>
legal_hold_in_force(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT id, placed_on, reason FROM legal_hold "
                   "WHERE case_id = ?1 AND released_on IS NULL");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return StoredLegalHold{st.column_int64(0), stored_date(st.column_view(1), "legal_hold.placed_on"),
                         st.column_text(2).value_or("")};
}

std::vector<LegalHoldRecord>
load_legal_holds(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT placed_on, released_on, reason FROM legal_hold WHERE case_id = ?1 "
                   "ORDER BY id");
  st.bind(1, case_id);
  std::vector<LegalHoldRecord> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "legal_hold.placed_on"),
                   stored_optional_date(st, 1, "legal_hold.released_on"),
                   st.column_text(2).value_or("")});
  }
  return out;
}

void
insert_legal_hold(Database& db, std::int64_t case_id, Date on, std::string_view reason)
{
  Statement st(db, "INSERT INTO legal_hold (case_id, placed_on, reason) VALUES (?1, ?2, ?3)");
  st.bind(1, case_id).bind(2, format_date(on)).bind(3, reason).run();
}

void
release_legal_hold(Database& db, std::int64_t hold_id, Date on)
{
  Statement st(db, "UPDATE legal_hold SET released_on = ?2 WHERE id = ?1");
  st.bind(1, hold_id).bind(2, format_date(on)).run();
}

std::optional<Date>
open_remedy_due(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT min(due) FROM remedy WHERE case_id = ?1 AND done_on IS NULL");
  st.bind(1, case_id);
  return st.step() ? stored_optional_date(st, 0, "remedy.due") : std::nullopt;
}

std::vector<RetentionCandidate>
retention_candidates(Database& db, Date cutoff, std::int64_t after_id, std::size_t limit)
{
  // One pass over the cases in id order, a chunk at a time; the holds and remedies of a
  // candidate are found through their indexes.
  Statement st(db, "SELECT c.id, c.reference, c.closed_on, "
                   "(SELECT h.placed_on FROM legal_hold h "
                   " WHERE h.case_id = c.id AND h.released_on IS NULL), "
                   "(SELECT min(r.due) FROM remedy r WHERE r.case_id = c.id AND r.done_on IS NULL) "
                   "FROM case_record c "
                   "WHERE c.id > ?2 AND c.status = 'closed' AND c.closed_on < ?1 "
                   "AND NOT EXISTS (SELECT 1 FROM case_redaction d WHERE d.case_id = c.id) "
                   "ORDER BY c.id LIMIT ?3");
  st.bind(1, format_date(cutoff)).bind(2, after_id).bind(3, static_cast<std::int64_t>(limit));
  std::vector<RetentionCandidate> out;
  while (st.step()) {
    RetentionCandidate c;
    c.case_id = st.column_int64(0);
    c.reference = st.column_view(1);
    c.closed_on = stored_date(st.column_view(2), "case_record.closed_on");
    c.held_since = stored_optional_date(st, 3, "legal_hold.placed_on");
    c.open_remedy_due = stored_optional_date(st, 4, "remedy.due");
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Statements over the cases listed in the temporary table redact_batch: no parameters but the
// day. (Unqualified: both engines look in the connection's temporary tables first, and
// PostgreSQL spells their schema pg_temp, not temp.)
constexpr std::string_view k_in_batch = "(SELECT case_id FROM redact_batch)";

void
exec_over_batch(Database& db, std::string_view head, std::string_view tail = {})
{
  std::string sql(head);
  sql += k_in_batch;
  sql += tail;
  db.exec(sql);
}

} // namespace

void
redact_cases(Database& db, const std::vector<std::int64_t>& cases, RedactionReason why,
             const Actor& actor, std::string_view detail)
{
  if (cases.empty()) {
    return;
  }
  // Freed space is overwritten, so that a redacted text does not linger in the file's free
  // pages (what is still in the write-ahead log goes at the next checkpoint).
  Statement secure(db, EngineSql{"PRAGMA secure_delete = ON", "SELECT 1"});
  secure.step();
  db.exec("CREATE TEMP TABLE IF NOT EXISTS redact_batch "
          "(case_id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL)");
  db.exec("DELETE FROM redact_batch");
  const std::string_view why_text = why == RedactionReason::retention ? "retention" : "erasure";
  {
    CaseWriter writer(db, cases.size() > 1 ? WriteMode::batched : WriteMode::immediate);
    BatchInsert batch(db, "INSERT INTO redact_batch (case_id, event_id)", 2, 32);
    for (const auto id : cases) {
      const auto event = writer.add_event(
          {id, actor.now, actor.today, actor.officer, "redacted", std::nullopt, why_text, detail});
      batch.row();
      batch.integer(0, id);
      batch.integer(1, event);
    }
    writer.flush();
    batch.flush();
  }
  const auto today = format_date(actor.today);
  {
    Statement person(db, std::string("UPDATE person SET name = NULL, email = NULL, phone = NULL, "
                                     "address = NULL, preferred_format = NULL, "
                                     "anonymised_on = coalesce(anonymised_on, ?1) "
                                     "WHERE case_id IN ") +
                             std::string(k_in_batch));
    person.bind(1, today).run();
  }
  exec_over_batch(db,
                  "UPDATE case_record SET summary = '[redacted]', sponsor_name = NULL, "
                  "external_ref = NULL, redirected_to = CASE WHEN redirected_to IS NULL THEN NULL "
                  "ELSE '[redacted]' END WHERE id IN ");
  // The texts of the events before each case's redaction (its own reason stays). The texts
  // are listed first, from the batch outwards (CROSS JOIN fixes that order): as one UPDATE ...
  // FROM, the planner scanned the whole trail for each chunk (121 scans of 2.6 million events
  // for 600,000 cases).
  db.exec("CREATE TEMP TABLE IF NOT EXISTS redact_text "
          "(text_id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL)");
  db.exec("DELETE FROM redact_text");
  db.exec(db.sql_for(EngineSql{"INSERT OR IGNORE INTO redact_text (text_id, event_id) "
                               "SELECT e.text_id, b.event_id FROM redact_batch b "
                               "CROSS JOIN case_event e ON e.case_id = b.case_id "
                               "WHERE e.text_id IS NOT NULL AND e.id < b.event_id",
                               "INSERT INTO redact_text (text_id, event_id) "
                               "SELECT e.text_id, b.event_id FROM redact_batch b "
                               "JOIN case_event e ON e.case_id = b.case_id "
                               "WHERE e.text_id IS NOT NULL AND e.id < b.event_id "
                               "ON CONFLICT DO NOTHING"}));
  db.exec("UPDATE event_text SET body = NULL, salt = NULL, redacted_by = "
          "(SELECT r.event_id FROM redact_text r WHERE r.text_id = event_text.id) "
          "WHERE id IN (SELECT text_id FROM redact_text) AND body IS NOT NULL");
  db.exec("DELETE FROM redact_text");
  exec_over_batch(db,
                  "UPDATE case_hold SET reason = '[redacted]' WHERE stage_id IN "
                  "(SELECT id FROM case_stage WHERE case_id IN ",
                  ")");
  exec_over_batch(db,
                  "UPDATE case_extension SET reason = '[redacted]' WHERE stage_id IN "
                  "(SELECT id FROM case_stage WHERE case_id IN ",
                  ")");
  exec_over_batch(db, "UPDATE survey SET reason = '[redacted]' WHERE reason IS NOT NULL "
                      "AND case_id IN ");
  exec_over_batch(db, "UPDATE legal_hold SET reason = '[redacted]' WHERE case_id IN ");
  // An imported case's old-system words (storage/import_store.cpp).
  exec_over_batch(db, "UPDATE case_legacy SET outcome_text = CASE WHEN outcome_text IS NULL "
                      "THEN NULL ELSE '[redacted]' END, resolution = CASE WHEN resolution IS NULL "
                      "THEN NULL ELSE '[redacted]' END WHERE case_id IN ");
  if (why == RedactionReason::erasure) {
    exec_over_batch(db, "DELETE FROM equality_monitoring WHERE case_id IN ");
  }
  Statement record(db, "INSERT INTO case_redaction (case_id, on_date, why, event_id) "
                       "SELECT case_id, ?1, ?2, event_id FROM redact_batch");
  record.bind(1, today).bind(2, why_text).run();
  db.exec("DELETE FROM redact_batch");
}

std::optional<RedactionReason>
case_redaction(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT why FROM case_redaction WHERE case_id = ?1");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return st.column_view(0) == "erasure" ? RedactionReason::erasure : RedactionReason::retention;
}

void
each_person(Database& db, const std::function<void(const StoredPersonCase&)>& each)
{
  Statement st(db, "SELECT p.case_id, c.reference, c.status, c.received, p.name, p.email, "
                   "p.phone, p.address, p.preferred_format FROM person p "
                   "JOIN case_record c ON c.id = p.case_id "
                   "WHERE p.anonymised_on IS NULL ORDER BY p.case_id");
  StoredPersonCase row;
  while (st.step()) {
    row.case_id = st.column_int64(0);
    row.reference = st.column_view(1);
    row.status = stored_status(st.column_view(2), "case_record.status");
    row.received = stored_date(st.column_view(3), "case_record.received");
    row.person = {st.column_text(4), st.column_text(5), st.column_text(6), st.column_text(7),
                  st.column_text(8)};
    each(row);
  }
}

void
record_privacy_event(Database& db, std::int64_t case_id, const Actor& actor, std::string_view kind,
                     std::optional<std::string_view> to, std::string_view detail)
{
  CaseWriter writer(db, WriteMode::immediate);
  writer.add_event(
      {case_id, actor.now, actor.today, actor.officer, kind, std::nullopt, to, detail});
}

void
set_equality(Database& db, std::int64_t case_id, std::string_view characteristic,
             std::string_view category)
{
  Statement st(db, "INSERT INTO equality_monitoring (case_id, characteristic, category) "
                   "VALUES (?1, ?2, ?3) ON CONFLICT (case_id, characteristic) "
                   "DO UPDATE SET category = excluded.category");
  st.bind(1, case_id).bind(2, characteristic).bind(3, category).run();
}

std::map<std::string, std::string>
load_equality(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT characteristic, category FROM equality_monitoring WHERE case_id = ?1");
  st.bind(1, case_id);
  std::map<std::string, std::string> out;
  while (st.step()) {
    out.emplace(st.column_view(0), st.column_view(1));
  }
  return out;
}

namespace {

// While alive, a PersonalDataGuard of the connection lets statements prepared read `table`:
// for a statement that returns only counts of it.
class PermitAggregate
{
public:
  PermitAggregate(Database& db, std::string_view table)
      : m_connection(DatabaseAccess::connection(db))
  {
    m_connection.aggregate_table = table;
  }
  ~PermitAggregate() { m_connection.aggregate_table = {}; }
  PermitAggregate(const PermitAggregate&) = delete;
  PermitAggregate& operator=(const PermitAggregate&) = delete;

private:
  Connection& m_connection;
};

} // namespace

std::map<std::pair<std::string, std::string>, std::int64_t>
count_equality(Database& db, std::string_view from, std::string_view to)
{
  std::optional<Statement> st;
  {
    PermitAggregate permit(db, "equality_monitoring");
    // On PostgreSQL the count is the server's function (schema/postgresql/0017), which the
    // reporting role may run although it may not read the table.
    st.emplace(db,
               EngineSql{"SELECT m.characteristic, m.category, count(*) "
                         "FROM equality_monitoring m JOIN case_record c ON c.id = m.case_id "
                         "WHERE c.received BETWEEN ?1 AND ?2 "
                         "GROUP BY m.characteristic, m.category",
                         "SELECT characteristic, category, cases FROM equality_counts(?1, ?2)"});
  }
  st->bind(1, from).bind(2, to);
  std::map<std::pair<std::string, std::string>, std::int64_t> out;
  while (st->step()) {
    out[{std::string(st->column_view(0)), std::string(st->column_view(1))}] = st->column_int64(2);
  }
  return out;
}

} // namespace feedback::detail
