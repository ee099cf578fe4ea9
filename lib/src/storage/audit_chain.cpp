// SPDX-License-Identifier: MIT
#include "storage/audit_chain.hpp"

#include "storage/bulk.hpp"
#include "storage/schema_sql.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <charconv>
#include <vector>

namespace feedback::detail {

namespace {

void
put_field(Sha256& sha, std::optional<std::string_view> value)
{
  if (!value) {
    sha.update("-\n");
    return;
  }
  char length[24];
  const auto end = std::to_chars(length, length + sizeof length, value->size()).ptr;
  sha.update(std::string_view(length, static_cast<std::size_t>(end - length)));
  sha.update(":");
  sha.update(*value);
  sha.update("\n");
}

void
put_number(Sha256& sha, std::optional<std::int64_t> value)
{
  if (!value) {
    put_field(sha, std::nullopt);
    return;
  }
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, *value).ptr;
  put_field(sha, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

// The triggers that keep the trail append-only: `feedback-admin check` finds each with the
// text its migration gave it.
constexpr std::string_view k_trail_triggers[] = {
    "case_event_no_update", "case_event_no_delete",  "case_event_no_replace",
    "event_text_no_delete", "event_text_no_replace", "event_text_redact_only",
};

// The text of trigger `name` as the newest migration that creates it wrote it (SQLite keeps
// the statement's text, without its final semicolon, in sqlite_schema).
std::string
expected_trigger_sql(std::string_view name)
{
  const auto head = fmt::format("CREATE TRIGGER {} ", name);
  const auto& all = migrations();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const auto start = it->sql.find(head);
    if (start == std::string_view::npos) {
      continue;
    }
    const auto end = it->sql.find("END;", start);
    if (end != std::string_view::npos) {
      return std::string(it->sql.substr(start, end + 3 - start));
    }
  }
  return {};
}

std::string
describe(std::int64_t id, std::string_view reference, std::string_view kind, std::string_view at)
{
  return fmt::format("event {} (case {}, {}, recorded {})", id,
                     reference.empty() ? "unknown" : reference, kind, at);
}

// An event's hashed fields, from the first eight columns of a statement that selects id,
// case_id, at, on_date, officer, kind, from_value and to_value in that order.
ChainedEvent
read_event(const Statement& st)
{
  ChainedEvent e;
  e.id = st.column_int64(0);
  e.case_id = st.column_int64(1);
  e.at = st.column_view(2);
  e.on_date = st.column_view(3);
  e.officer = st.column_view(4);
  e.kind = st.column_view(5);
  if (!st.column_is_null(6)) {
    e.from = st.column_view(6);
  }
  if (!st.column_is_null(7)) {
    e.to = st.column_view(7);
  }
  return e;
}

} // namespace

std::string
event_hash(Sha256& sha, std::string_view previous, const ChainedEvent& e)
{
  sha.update("feedback-event-v1\n");
  put_field(sha, previous);
  put_number(sha, e.id);
  put_number(sha, e.case_id);
  put_field(sha, e.at);
  put_field(sha, e.on_date);
  put_field(sha, e.officer);
  put_field(sha, e.kind);
  put_field(sha, e.from);
  put_field(sha, e.to);
  put_number(sha, e.text_id);
  put_field(sha, e.text_digest);
  return sha.finish();
}

std::string
text_digest(Sha256& sha, std::string_view salt, std::string_view body)
{
  return sha.update("feedback-text-v1\n").update(salt).update("\n").update(body).finish();
}

namespace {

// Appending must be serialised with every other writer so that the chain stays one line.
// SQLite's write transactions (BEGIN IMMEDIATE) already are; on PostgreSQL the transaction takes
// a lock of its own before it reads the tail. The lock and the two reads go out at once, and run
// in that order.
const EngineSql k_chain_lock_sql{"SELECT 1", "SELECT pg_advisory_xact_lock(1178878539)"};
constexpr std::string_view k_last_sql = "SELECT id, hash FROM case_event ORDER BY id DESC LIMIT 1";
constexpr std::string_view k_texts_sql = "SELECT coalesce(max(id), 0) + 1 FROM event_text";

// The lock and the two reads, `kept` (AheadStatement) as asked.
std::vector<AheadStatement>
tail_reads(Database& db, bool kept)
{
  return {
      {db.sql_for(k_chain_lock_sql), {}, kept}, {k_last_sql, {}, kept}, {k_texts_sql, {}, kept}};
}

} // namespace

std::vector<AheadStatement>
chain_tail_reads(Database& db)
{
  const auto& connection = DatabaseAccess::connection(db);
  if (connection.chain_tail || !connection.in_transaction) {
    return {};
  }
  return tail_reads(db, true);
}

Connection::ChainTail&
chain_tail(Database& db)
{
  auto& connection = DatabaseAccess::connection(db);
  if (connection.chain_tail) {
    return *connection.chain_tail;
  }
  // Outside a transaction too (a write on its own), though not kept there.
  read_ahead(db, tail_reads(db, connection.in_transaction));
  Statement lock(db, k_chain_lock_sql);
  lock.step();
  Connection::ChainTail tail;
  Statement last(db, k_last_sql);
  if (last.step()) {
    tail.next_event_id = last.column_int64(0) + 1;
    tail.last_hash = last.column_view(1);
  } else {
    tail.last_hash = k_chain_start;
  }
  Statement texts(db, k_texts_sql);
  tail.next_text_id = texts.step() ? texts.column_int64(0) : 1;
  connection.chain_tail = std::move(tail);
  return *connection.chain_tail;
}

void
forget_chain_tail_outside_transaction(Database& db) noexcept
{
  auto& connection = DatabaseAccess::connection(db);
  if (!connection.in_transaction) {
    connection.chain_tail.reset();
  }
}

void
add_text_row(Sha256& sha, BatchInsert& texts, std::int64_t text_id, std::string_view body,
             ChainedEvent& e, std::string& digest)
{
  const auto salt = random_hex(16);
  digest = text_digest(sha, salt, body);
  e.text_id = text_id;
  e.text_digest = digest;
  texts.row();
  texts.integer(0, text_id);
  texts.text(1, salt);
  texts.text(2, body);
  texts.text(3, digest);
}

void
add_event_row(BatchInsert& events, const ChainedEvent& e, std::string_view hash)
{
  events.row();
  events.integer(0, e.id);
  events.integer(1, e.case_id);
  events.text(2, e.at);
  events.text(3, e.on_date);
  events.text(4, e.officer);
  events.text(5, e.kind);
  events.text_or_null(6, e.from);
  events.text_or_null(7, e.to);
  events.integer_or_null(8, e.text_id);
  events.text(9, hash);
}

void
carry_audit_trail(Database& db)
{
  {
    Statement exists(db,
                     EngineSql{"SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                               "AND name = 'case_event_v6'",
                               "SELECT 1 FROM pg_catalog.pg_tables "
                               "WHERE schemaname = 'feedback' AND tablename = 'case_event_v6'"});
    if (!exists.step()) {
      return;
    }
  }
  constexpr int k_batch = 32;
  BatchInsert texts(db, "INSERT INTO event_text (id, salt, body, digest)", 4, k_batch);
  BatchInsert events(db,
                     "INSERT INTO case_event (id, case_id, at, on_date, officer, kind, "
                     "from_value, to_value, text_id, hash)",
                     10, k_batch);
  Sha256 sha;
  std::string previous(k_chain_start);
  Statement old(db, "SELECT id, case_id, at, on_date, officer, kind, from_value, to_value, detail "
                    "FROM case_event_v6 ORDER BY id");
  while (old.step()) {
    auto e = read_event(old);
    const auto detail = old.column_view(8);
    std::string digest;
    if (!detail.empty()) {
      // A text keeps its event's id: each event has at most one.
      add_text_row(sha, texts, e.id, detail, e, digest);
    }
    previous = event_hash(sha, previous, e);
    add_event_row(events, e, previous);
  }
  texts.flush();
  events.flush();
  db.exec("DROP TABLE case_event_v6");
}

void
check_audit_trail(Database& db, CheckResult& result)
{
  // The triggers first: without them nothing stops a rewrite.
  int missing = 0;
  const bool postgresql = db.engine() == Engine::postgresql;
  for (const auto name : k_trail_triggers) {
    if (postgresql && name.ends_with("_no_replace")) {
      continue; // PostgreSQL has no INSERT OR REPLACE (schema/postgresql/0006_personal_data.sql)
    }
    // PostgreSQL keeps no trigger's text as written: there it must exist and be enabled.
    Statement st(db, EngineSql{"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                               "SELECT '' FROM pg_catalog.pg_trigger t "
                               "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
                               "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE n.nspname = 'feedback' AND t.tgname = ?1 "
                               "AND t.tgenabled <> 'D'"});
    st.bind(1, name);
    if (!st.step()) {
      ++missing;
      result.lines.push_back(fmt::format("audit trigger {}: missing", name));
    } else if (!postgresql && st.column_view(0) != expected_trigger_sql(name)) {
      ++missing;
      result.lines.push_back(fmt::format("audit trigger {}: changed", name));
    }
  }
  if (missing == 0) {
    result.lines.push_back("audit triggers: ok");
  } else {
    result.ok = false;
  }

  // Then every event in order, with its text and, for a redacted text, its redaction.
  Statement st(db, "SELECT e.id, e.case_id, e.at, e.on_date, e.officer, e.kind, e.from_value, "
                   "e.to_value, e.text_id, e.hash, c.reference, t.id, t.salt, t.body, t.digest, "
                   "t.redacted_by, r.case_id, r.kind "
                   "FROM case_event e LEFT JOIN case_record c ON c.id = e.case_id "
                   "LEFT JOIN event_text t ON t.id = e.text_id "
                   "LEFT JOIN case_event r ON r.id = t.redacted_by ORDER BY e.id");
  Sha256 sha;
  std::string previous(k_chain_start);
  std::int64_t previous_id = 0;
  std::int64_t count = 0;
  std::int64_t broken = 0;
  std::string first_problem;
  auto problem = [&](std::string text) {
    if (broken++ == 0) {
      first_problem = std::move(text);
    }
  };
  while (st.step()) {
    ++count;
    auto e = read_event(st);
    const auto stored = st.column_view(9);
    const auto reference = st.column_view(10);
    if (!st.column_is_null(8)) {
      e.text_id = st.column_int64(8);
      if (st.column_is_null(11)) {
        problem(fmt::format("{}: its text {} is missing", describe(e.id, reference, e.kind, e.at),
                            *e.text_id));
      } else {
        e.text_digest = st.column_view(14);
        if (!st.column_is_null(13)) {
          if (text_digest(sha, st.column_view(12), st.column_view(13)) != *e.text_digest) {
            problem(fmt::format("{}: its text was changed after it was recorded",
                                describe(e.id, reference, e.kind, e.at)));
          }
        } else if (st.column_is_null(16) || st.column_int64(16) != e.case_id ||
                   st.column_view(17) != "redacted" || st.column_int64(15) <= e.id) {
          problem(fmt::format("{}: its text was removed without a redaction of the case",
                              describe(e.id, reference, e.kind, e.at)));
        }
      }
    }
    const auto expected = event_hash(sha, previous, e);
    if (expected != stored) {
      problem(fmt::format(
          "{}: its hash does not match its content and the event before it ({}): the event was "
          "changed, or an event before it removed or inserted",
          describe(e.id, reference, e.kind, e.at),
          e.id == previous_id + 1 ? fmt::format("event {}", previous_id)
                                  : fmt::format("event {}; events {} to {} are missing",
                                                previous_id, previous_id + 1, e.id - 1)));
    }
    // Go on from the stored hash, so that each later break is found on its own.
    previous = stored;
    previous_id = e.id;
  }
  if (broken == 0) {
    result.lines.push_back(fmt::format("audit chain: {} events, head {} ok", count, previous));
  } else {
    result.ok = false;
    result.lines.push_back(fmt::format("audit chain: first broken link at {}", first_problem));
    result.lines.push_back(fmt::format("audit chain: {} broken link{} in {} events", broken,
                                       broken == 1 ? "" : "s", count));
  }
}

} // namespace feedback::detail
