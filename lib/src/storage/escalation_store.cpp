// SPDX-License-Identifier: MIT
#include "storage/escalation_store.hpp"

#include "storage/stored_values.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace feedback::detail {

namespace {

// Steps per INSERT: 2,000 values, as feedback-admin copy writes (storage/copy.cpp).
constexpr int k_step_batch = 200;

// `text` set to the column's text (nullopt for NULL) in the string it already holds: for
// 100,000 cases read into one OpenCase, no allocation each.
void
assign_text(std::optional<std::string>& text, const Statement& st, int column)
{
  const auto value = st.column_optional_view(column);
  if (!value) {
    text.reset();
  } else if (text) {
    text->assign(*value);
  } else {
    text.emplace(*value);
  }
}

// The columns of load_open_cases' query after the id and reference; throws BadStoredValue.
void
read_open_case(const Statement& st, OpenCase& c)
{
  assign_text(c.service, st, 2);
  assign_text(c.owner, st, 3);
  assign_text(c.sponsor, st, 4);
  c.sponsor_updated = stored_optional_date(st, 5, "case_record.sponsor_updated");
  c.received = stored_date(st.column_view(6), "case_record.received");
  c.status = stored_status(st.column_view(7), "case_record.status");
  c.stage.id = st.column_int64(8);
  assign_text(c.stage.procedure, st, 9);
  c.stage.stage = optional_int(st, 10);
  c.stage.started = stored_date(st.column_view(11), "case_stage.started");
  c.stage.acknowledge_days = optional_int(st, 12);
  c.stage.respond_days = optional_int(st, 13);
  c.stage.acknowledged = stored_optional_date(st, 14, "case_stage.acknowledged");
  c.stage.responded = stored_optional_date(st, 15, "case_stage.responded");
  c.stage.acknowledge_from = stored_anchor(st.column_view(16), "case_stage.acknowledge_from");
  c.stage.respond_from = stored_anchor(st.column_view(17), "case_stage.respond_from");
}

} // namespace

void
for_each_open_case(Database& db, const std::optional<std::string>& service,
                   const std::optional<std::string>& owner, std::vector<SkippedCase>& skipped,
                   const std::function<void(OpenCase&)>& each)
{
  // Holds and extensions are few beside the cases: one pass over each table, by stage, costs
  // less than probing them for 100,000 open cases. Their order does not matter:
  // compute_deadlines applies them in date order. A bad one marks its stage's case, left out.
  // Kept in vectors sorted by stage (a map's node per stage cost a twentieth of the overdue
  // list's time), with a bit per stage id saying which stages have any: most open cases have
  // none and cost no search. Ids beyond k_bits (not made by this program) are searched for.
  constexpr std::int64_t k_bits = std::int64_t{1} << 26;
  std::vector<bool> has_extras;
  const auto note = [&has_extras](std::int64_t stage_id) {
    if (stage_id >= 0 && stage_id < k_bits) {
      const auto i = static_cast<std::size_t>(stage_id);
      if (i >= has_extras.size()) {
        has_extras.resize(std::max(i + 1, has_extras.size() * 2));
      }
      has_extras[i] = true;
    }
  };
  std::vector<std::pair<std::int64_t, Hold>> stage_holds;
  std::vector<std::pair<std::int64_t, Extension>> stage_extensions;
  std::vector<std::pair<std::int64_t, std::string>> problems; // the first bad value of a stage
  Statement holds(db, "SELECT stage_id, held_on, resumed_on FROM case_hold");
  while (holds.step()) {
    const auto id = holds.column_int64(0);
    note(id);
    try {
      stage_holds.emplace_back(id, Hold{stored_date(holds.column_view(1), "case_hold.held_on"),
                                        stored_optional_date(holds, 2, "case_hold.resumed_on"),
                                        {}});
    } catch (const BadStoredValue& e) {
      problems.emplace_back(id, e.what());
    }
  }
  Statement ext(db, "SELECT stage_id, granted_on, days FROM case_extension");
  while (ext.step()) {
    const auto id = ext.column_int64(0);
    note(id);
    try {
      Extension e;
      e.granted_on = stored_date(ext.column_view(1), "case_extension.granted_on");
      e.days = ext.column_int(2);
      stage_extensions.emplace_back(id, std::move(e));
    } catch (const BadStoredValue& e) {
      problems.emplace_back(id, e.what());
    }
  }
  const auto by_stage = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::stable_sort(stage_holds.begin(), stage_holds.end(), by_stage);
  std::stable_sort(stage_extensions.begin(), stage_extensions.end(), by_stage);
  std::stable_sort(problems.begin(), problems.end(), by_stage);
  // The entries of `stage_id` in `sorted`.
  const auto of_stage = [](const auto& sorted, std::int64_t stage_id) {
    const auto first = std::partition_point(
        sorted.begin(), sorted.end(), [stage_id](const auto& e) { return e.first < stage_id; });
    auto last = first;
    while (last != sorted.end() && last->first == stage_id) {
      ++last;
    }
    return std::pair{first, last};
  };

  // The literal 'closed' (not a parameter) lets the planner use the open-case indexes.
  // PostgreSQL's planner would rather hash-join every one of a million stages than look up the
  // 100,000 open cases' stages by key (1.25 s against 0.54 s, EXPLAIN ANALYZE on the benchmark
  // data): OFFSET 0 keeps the lookup a lookup. ORDER BY c.id makes it read the open cases from
  // the covering index case_open alone (an index-only scan, in the order SQLite reads them)
  // rather than from the table through case_open_received, and look up their stages in id
  // order, near each other: 0.48 s against 0.78 s on the benchmark data.
  std::string sql = "SELECT c.id, c.reference, c.service, c.owner, c.sponsor, c.sponsor_updated, "
                    "c.received, c.status, s.id, s.procedure, s.stage, s.started, "
                    "s.acknowledge_days, s.respond_days, s.acknowledged, s.responded, "
                    "s.acknowledge_from, s.respond_from ";
  sql += db.sql_for(
      EngineSql{"FROM case_record c JOIN case_stage s ON s.id = c.current_stage ",
                "FROM case_record c CROSS JOIN LATERAL "
                "(SELECT * FROM case_stage s WHERE s.id = c.current_stage OFFSET 0) s "});
  sql += "WHERE c.status <> 'closed'";
  if (service) {
    sql += " AND c.service = ?1";
  }
  if (owner) {
    sql += " AND c.owner = ?2";
  }
  sql += db.sql_for(EngineSql{"", " ORDER BY c.id"});
  // Streamed: the deadlines of the first cases are worked out while PostgreSQL finds the rest
  // (on the benchmark data the whole overdue list took 248 ms against 317 ms with the rows
  // sent at the end).
  Statement st(db, sql, StatementOptions{.rows = Rows::streamed});
  if (service) {
    st.bind(1, *service);
  }
  if (owner) {
    st.bind(2, *owner);
  }
  OpenCase c;
  while (st.step()) {
    c.case_id = st.column_int64(0);
    c.reference = st.column_view(1);
    c.holds.clear();
    c.extensions.clear();
    try {
      read_open_case(st, c);
    } catch (const BadStoredValue& e) {
      skipped.push_back({std::move(c.reference), e.what()});
      continue;
    }
    const bool may_have = c.stage.id < 0 || c.stage.id >= k_bits ||
                          (static_cast<std::size_t>(c.stage.id) < has_extras.size() &&
                           has_extras[static_cast<std::size_t>(c.stage.id)]);
    if (may_have) {
      if (const auto [first, last] = of_stage(problems, c.stage.id); first != last) {
        skipped.push_back({std::move(c.reference), first->second});
        continue;
      }
      const auto [h, h_end] = of_stage(stage_holds, c.stage.id);
      for (auto i = h; i != h_end; ++i) {
        c.holds.push_back(i->second);
      }
      const auto [x, x_end] = of_stage(stage_extensions, c.stage.id);
      for (auto i = x; i != x_end; ++i) {
        c.extensions.push_back(i->second);
      }
    }
    each(c);
  }
}

std::vector<OpenCase>
load_open_cases(Database& db, const std::optional<std::string>& service,
                const std::optional<std::string>& owner, std::vector<SkippedCase>& skipped)
{
  std::vector<OpenCase> cases;
  for_each_open_case(db, service, owner, skipped,
                     [&cases](OpenCase& c) { cases.push_back(std::move(c)); });
  return cases;
}

std::vector<RecordedStep>
load_recorded_steps(Database& db, const std::optional<Date>& closed_after)
{
  // PostgreSQL cannot use the open-case index for an OR across the two tables: it hash-joined
  // all of case_record, a million rows, every night (1.0 s on the benchmark data). As a union of
  // disjoint parts (the open cases' steps but remedies, every remedy step, and in a catch-up the
  // sponsor reminders of cases closed since) the open cases come from case_open alone: 0.43 s.
  std::string sqlite = "SELECT e.case_id, e.stage_id, e.deadline, e.level, e.due, e.remedy_id "
                       "FROM escalation_step e JOIN case_record c ON c.id = e.case_id "
                       "WHERE c.status <> 'closed' OR e.deadline = 'remedy'";
  std::string postgresql = "SELECT e.case_id, e.stage_id, e.deadline, e.level, e.due, e.remedy_id "
                           "FROM escalation_step e JOIN case_record c ON c.id = e.case_id "
                           "WHERE c.status <> 'closed' AND e.deadline <> 'remedy' UNION ALL "
                           "SELECT e.case_id, e.stage_id, e.deadline, e.level, e.due, e.remedy_id "
                           "FROM escalation_step e WHERE e.deadline = 'remedy'";
  if (closed_after) {
    sqlite += " OR (e.deadline = 'sponsor-update' AND c.closed_on > ?1)";
    postgresql += " UNION ALL SELECT e.case_id, e.stage_id, e.deadline, e.level, e.due, "
                  "e.remedy_id FROM escalation_step e JOIN case_record c ON c.id = e.case_id "
                  "WHERE c.status = 'closed' AND e.deadline = 'sponsor-update' "
                  "AND c.closed_on > ?1";
  }
  Statement st(db, EngineSql{sqlite, postgresql});
  if (closed_after) {
    st.bind(1, format_date(*closed_after));
  }
  std::vector<RecordedStep> out;
  while (st.step()) {
    out.push_back({st.column_int64(0), st.column_int64(1), std::string(st.column_view(2)),
                   std::string(st.column_view(3)),
                   stored_date(st.column_view(4), "escalation_step.due"), st.column_int64(5)});
  }
  return out;
}

std::map<std::int64_t, SponsorHistory>
load_sponsor_histories(Database& db, const std::optional<Date>& closed_after)
{
  std::map<std::int64_t, SponsorHistory> out;
  std::set<std::int64_t> bad;
  // The cases read: open ones (the case_open index), or with `closed_after` also those closed
  // after it (a catch-up, rare: a scan).
  const std::string cases =
      closed_after ? "(c.status <> 'closed' OR c.closed_on > ?1)" : "c.status <> 'closed'";
  const auto bind_after = [&](Statement& st) {
    if (closed_after) {
      st.bind(1, format_date(*closed_after));
    }
  };
  {
    Statement st(db, "SELECT c.id, c.received, c.sponsor_updated, s.id, s.started, s.responded, "
                     "s.ended, c.closed_on FROM case_record c JOIN case_stage s "
                     "ON s.case_id = c.id WHERE " +
                         cases + " AND c.sponsor IS NOT NULL ORDER BY c.id, s.id");
    bind_after(st);
    while (st.step()) {
      const auto id = st.column_int64(0);
      try {
        auto& h = out[id];
        h.received = stored_date(st.column_view(1), "case_record.received");
        if (const auto updated = stored_optional_date(st, 2, "case_record.sponsor_updated")) {
          if (h.updates.empty()) {
            h.updates.push_back(*updated);
          }
        }
        SponsorHistory::Span span{st.column_int64(3),
                                  stored_date(st.column_view(4), "case_stage.started"),
                                  stored_optional_date(st, 5, "case_stage.responded")};
        const auto ended = stored_optional_date(st, 6, "case_stage.ended");
        if (ended && (!span.until || date::sys_days{*ended} < date::sys_days{*span.until})) {
          span.until = ended;
        }
        // A closed case's stage waits no longer than the day the case closed.
        const auto closed = stored_optional_date(st, 7, "case_record.closed_on");
        if (closed && (!span.until || date::sys_days{*closed} < date::sys_days{*span.until})) {
          span.until = closed;
        }
        h.waiting.push_back(span);
      } catch (const BadStoredValue&) {
        bad.insert(id);
      }
    }
  }
  {
    // Written as IN so that the sponsored cases lead and their events are found by case: as a
    // join, SQLite scanned every event in the database, every night (2,000,000 rows on the
    // benchmark database: a cost growing with history, not with the open cases). Only a case
    // whose sponsor was ever updated has such events (the update sets sponsor_updated, which
    // nothing clears: cases.cpp, note_sponsor_update): the others' events are not read.
    Statement st(db, "SELECT e.case_id, e.on_date FROM case_event e WHERE e.case_id IN "
                     "(SELECT c.id FROM case_record c WHERE " +
                         cases +
                         " AND c.sponsor IS NOT NULL AND c.sponsor_updated IS NOT NULL) "
                         "AND e.kind = 'sponsor-updated'");
    bind_after(st);
    while (st.step()) {
      const auto id = st.column_int64(0);
      const auto it = out.find(id);
      if (it == out.end()) {
        continue;
      }
      try {
        it->second.updates.push_back(stored_date(st.column_view(1), "case_event.on_date"));
      } catch (const BadStoredValue&) {
        bad.insert(id);
      }
    }
  }
  for (const auto id : bad) {
    out.erase(id);
  }
  for (auto& [id, h] : out) {
    std::sort(h.updates.begin(), h.updates.end(),
              [](Date a, Date b) { return date::sys_days{a} < date::sys_days{b}; });
  }
  return out;
}

std::vector<OpenCase>
load_sponsored_closed_after(Database& db, Date after)
{
  Statement st(db, "SELECT id, reference, service, owner, sponsor FROM case_record "
                   "WHERE status = 'closed' AND closed_on > ?1 AND sponsor IS NOT NULL "
                   "ORDER BY id");
  st.bind(1, format_date(after));
  std::vector<OpenCase> out;
  while (st.step()) {
    OpenCase c;
    c.case_id = st.column_int64(0);
    c.reference = st.column_view(1);
    c.service = st.column_text(2);
    c.owner = st.column_text(3);
    c.sponsor = st.column_text(4);
    c.status = CaseStatus::closed;
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<Date>
latest_run(Database& db)
{
  Statement st(db, "SELECT max(run_as_of) FROM escalation_step");
  if (!st.step() || st.column_view(0).empty()) {
    return std::nullopt;
  }
  return stored_date(st.column_view(0), "escalation_step.run_as_of");
}

std::vector<RemedyDue>
remedies_past_due(Database& db, Date as_of)
{
  Statement st(db, "SELECT r.id, r.due, c.id, c.reference, c.service, c.owner, c.current_stage "
                   "FROM remedy r JOIN case_record c ON c.id = r.case_id "
                   "WHERE r.done_on IS NULL AND r.due < ?1");
  st.bind(1, format_date(as_of));
  std::vector<RemedyDue> out;
  while (st.step()) {
    out.push_back({st.column_int64(0), stored_date(st.column_view(1), "remedy.due"),
                   st.column_int64(2), st.column_text(3).value_or(""), st.column_text(4),
                   st.column_text(5), st.column_int64(6)});
  }
  return out;
}

StepWriter::StepWriter(Database& db, Date run_as_of, const Actor& actor)
    : m_step(db,
             EngineSql{"INSERT OR FAIL INTO escalation_step (case_id, stage_id, deadline, level, "
                       "due, reached_on, notify, remedy_id, run_as_of, recorded_at)",
                       "INSERT INTO escalation_step (case_id, stage_id, deadline, level, due, "
                       "reached_on, notify, remedy_id, run_as_of, recorded_at)"},
             10, k_step_batch),
      m_events(db, WriteMode::batched), m_run_day(format_date(run_as_of)), m_actor(actor)
{
}

void
StepWriter::write(const NewStep& s)
{
  char due[10];
  char reached[10];
  format_date_to(s.due, due);
  format_date_to(s.reached_on, reached);
  m_step.row();
  m_step.integer(0, s.case_id);
  m_step.integer(1, s.stage_id);
  m_step.text(2, s.deadline);
  m_step.text(3, s.level);
  m_step.text(4, std::string_view(due, 10));
  m_step.text(5, std::string_view(reached, 10));
  m_step.text(6, s.notify);
  m_step.integer(7, s.remedy_id);
  m_step.text(8, m_run_day);
  m_step.text(9, m_actor.now);
  m_events.add_event({s.case_id, m_actor.now, s.reached_on, m_actor.officer, "escalation",
                      s.deadline, s.level, s.event_detail});
}

void
StepWriter::flush()
{
  m_step.flush();
  m_events.flush();
}

} // namespace feedback::detail
