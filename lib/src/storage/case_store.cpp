// SPDX-License-Identifier: MIT
#include "storage/case_store.hpp"

#include "storage/audit_chain.hpp"
#include "storage/backend.hpp"
#include "storage/policy_store.hpp"
#include "storage/stored_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback::detail {

namespace {

// What load_case reads of a case besides its record and stages, each with the case's id (or a
// stage's) as ?1, all sent ahead at once.
constexpr std::string_view k_holds_sql =
    "SELECT held_on, resumed_on, reason FROM case_hold WHERE stage_id = ?1 ORDER BY held_on, id";
// The holds of the current stage of the case whose reference is ?1.
constexpr std::string_view k_current_holds_sql =
    "SELECT held_on, resumed_on, reason FROM case_hold WHERE stage_id = (SELECT current_stage "
    "FROM case_record WHERE reference = ?1) ORDER BY held_on, id";
constexpr std::string_view k_extensions_sql =
    "SELECT granted_on, days, reason, beyond_cap_reason, customer_told_on FROM case_extension "
    "WHERE stage_id = ?1 ORDER BY granted_on, id";
constexpr std::string_view k_areas_sql =
    "SELECT area FROM case_area WHERE stage_id = ?1 ORDER BY area";
// A redacted text reads as "[redacted]"; an event without text as "".
constexpr std::string_view k_events_sql =
    "SELECT e.id, e.at, e.on_date, e.officer, e.kind, e.from_value, e.to_value, CASE WHEN t.id "
    "IS NULL THEN '' ELSE coalesce(t.body, '[redacted]') END FROM case_event e LEFT JOIN "
    "event_text t ON t.id = e.text_id WHERE e.case_id = ?1 ORDER BY e.on_date, e.id";
constexpr std::string_view k_learning_sql =
    "SELECT id, recorded_on, problem, improvement, action, owner, due, done_on FROM learning "
    "WHERE case_id = ?1 ORDER BY id";
constexpr std::string_view k_surveys_sql =
    "SELECT id, sent_on, returned_on, satisfied, stars, reason FROM survey WHERE case_id = ?1 "
    "ORDER BY id";
constexpr std::string_view k_person_sql =
    "SELECT name, email, phone, address, preferred_format FROM person WHERE case_id = ?1";

LearningView
learning_from_row(const Statement& st)
{
  return {st.column_int64(0),
          stored_date(st.column_view(1), "learning.recorded_on"),
          st.column_text(2).value_or(""),
          st.column_text(3).value_or(""),
          st.column_text(4),
          st.column_text(5),
          stored_optional_date(st, 6, "learning.due"),
          stored_optional_date(st, 7, "learning.done_on")};
}

std::optional<std::string>
optional_date_text(const std::optional<Date>& d)
{
  return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
}

} // namespace

std::string
qualified_columns(std::string_view columns, std::string_view alias)
{
  std::string out;
  out.reserve(columns.size() * 2);
  std::size_t start = 0;
  while (start < columns.size()) {
    auto end = columns.find(',', start);
    if (end == std::string_view::npos) {
      end = columns.size();
    }
    auto name = columns.substr(start, end - start);
    name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
    out += out.empty() ? "" : ", ";
    out += alias;
    out += '.';
    out += name;
    start = end + 1;
  }
  return out;
}

std::string
normalise_reference(std::string_view reference)
{
  std::string out(reference);
  for (auto& ch : out) {
    if (ch >= 'a' && ch <= 'z') {
      ch = static_cast<char>(ch - 'a' + 'A');
    }
  }
  return out;
}

void
read_case_basics(const Statement& st, int first, CaseBasics& c)
{
  int i = first;
  c.id = st.column_int64(i++);
  c.reference = st.column_view(i++);
  c.type = st.column_text(i++);
  c.status = stored_status(st.column_view(i++), "case_record.status");
  c.service = st.column_text(i++);
  c.owner = st.column_text(i++);
  c.sponsor = st.column_text(i++);
  c.info_request = st.column_int(i++) != 0;
  c.received = stored_date(st.column_view(i++), "case_record.received");
  c.closed_on = stored_optional_date(st, i++, "case_record.closed_on");
}

void
read_case_record(const Statement& st, int first, CaseRecord& c)
{
  read_case_basics(st, first, c);
  int i = first + k_case_basics_column_count;
  c.channel = st.column_view(i++);
  c.summary = st.column_view(i++);
  c.received_at = st.column_view(i++);
  c.closure = stored_optional_closure(st, i++, "case_record.closure");
  c.redirected_to = st.column_text(i++);
  c.sponsor_name = st.column_text(i++);
  c.sponsor_updated = stored_optional_date(st, i++, "case_record.sponsor_updated");
  c.external_ref = st.column_text(i++);
  c.source = st.column_text(i++);
  c.source_ref = st.column_text(i++);
  c.classified_by = st.column_text(i++);
  c.last_activity = stored_date(st.column_view(i++), "case_record.last_activity");
  c.subtype = st.column_text(i++);
}

void
read_stage_record(const Statement& st, int first, StageRecord& s)
{
  int i = first;
  s.id = st.column_int64(i++);
  s.procedure = st.column_text(i++);
  s.stage = optional_int(st, i++);
  s.policy_version = st.column_int(i++);
  s.started = stored_date(st.column_view(i++), "case_stage.started");
  s.acknowledge_days = optional_int(st, i++);
  s.respond_days = optional_int(st, i++);
  s.max_extension_days = optional_int(st, i++);
  s.acknowledged = stored_optional_date(st, i++, "case_stage.acknowledged");
  s.responded = stored_optional_date(st, i++, "case_stage.responded");
  s.outcome = st.column_text(i++);
  s.ended = stored_optional_date(st, i++, "case_stage.ended");
  s.acknowledge_from = stored_anchor(st.column_view(i++), "case_stage.acknowledge_from");
  s.respond_from = stored_anchor(st.column_view(i++), "case_stage.respond_from");
  s.extension_beyond_cap = st.column_int(i++) != 0;
  s.independent = st.column_int(i++) != 0;
}

namespace {

// A case with its current stage, found by `where`: `case_columns` of case_record (as `c`) then
// the stage's (as `s`).
std::string
case_with_stage_sql(std::string_view case_columns, std::string_view where)
{
  return fmt::format("SELECT {}, {} FROM case_record c JOIN case_stage s ON s.id = c.current_stage "
                     "WHERE {}",
                     qualified_columns(case_columns, "c"),
                     qualified_columns(k_stage_record_columns, "s"), where);
}

// load_state's statement, the reference as ?1: made once, as each change runs it (and sends it
// ahead first).
const std::string&
state_sql()
{
  static const std::string sql = case_with_stage_sql(k_case_basics_columns, "c.reference = ?1");
  return sql;
}

} // namespace

void
read_change_ahead(Database& db, std::string_view reference, ChangeReads reads)
{
  const auto normalised = normalise_reference(reference);
  std::vector<AheadStatement> ahead;
  if (reads.vocabulary) {
    ahead.push_back({k_latest_words_sql, {}});
  }
  ahead.push_back({state_sql(), {std::string_view(normalised)}});
  if (reads.holds) {
    ahead.push_back({k_current_holds_sql, {std::string_view(normalised)}});
  }
  for (auto& read : chain_tail_reads(db)) {
    ahead.push_back(std::move(read));
  }
  read_ahead(db, ahead);
}

CaseState
load_state(Database& db, std::string_view reference)
{
  read_change_ahead(db, reference);
  Statement st(db, state_sql());
  st.bind(1, normalise_reference(reference));
  if (!st.step()) {
    throw Error(ExitCode::data_error, fmt::format("unknown case reference: {}", reference));
  }
  CaseState c;
  read_case_basics(st, 0, c);
  read_stage_record(st, k_case_basics_column_count, c.stage);
  return c;
}

std::optional<StoredCase>
find_case_by_source(Database& db, std::string_view source, std::string_view source_ref)
{
  Statement st(db,
               case_with_stage_sql(k_case_record_columns, "c.source = ?1 AND c.source_ref = ?2"));
  st.bind(1, source).bind(2, source_ref);
  if (!st.step()) {
    return std::nullopt;
  }
  StoredCase c;
  read_case_record(st, 0, c.record);
  read_stage_record(st, k_case_record_column_count, c.stage);
  return c;
}

std::vector<std::string>
load_stage_areas(Database& db, std::int64_t stage_id)
{
  Statement st(db, k_areas_sql);
  st.bind(1, stage_id);
  std::vector<std::string> out;
  while (st.step()) {
    out.emplace_back(st.column_view(0));
  }
  return out;
}

void
delete_stage_areas(Database& db, std::int64_t stage_id)
{
  Statement del(db, "DELETE FROM case_area WHERE stage_id = ?1");
  del.bind(1, stage_id).run_unanswered();
}

std::optional<StoredPerson>
load_person(Database& db, std::int64_t case_id)
{
  Statement p(db, "SELECT name, email, phone, address, preferred_format, anonymised_on "
                  "FROM person WHERE case_id = ?1");
  p.bind(1, case_id);
  if (!p.step()) {
    return std::nullopt;
  }
  return StoredPerson{
      {p.column_text(0), p.column_text(1), p.column_text(2), p.column_text(3), p.column_text(4)},
      !p.column_is_null(5)};
}

void
update_person(Database& db, std::int64_t case_id, const PersonalDetails& person)
{
  Statement up(db, "UPDATE person SET name = ?2, email = ?3, phone = ?4, address = ?5, "
                   "preferred_format = ?6 WHERE case_id = ?1");
  up.bind(1, case_id).bind(2, person.name).bind(3, person.email).bind(4, person.phone);
  up.bind(5, person.address).bind(6, person.preferred_format).run_unanswered();
}

std::optional<CaseView>
load_case(Database& db, std::string_view reference)
{
  // The tags ride along as one more column: a statement of their own would cost show more.
  Statement st(db, fmt::format(fmt::runtime(db.sql_for(EngineSql{
                                   "SELECT {}, (SELECT group_concat(tag, ',') FROM (SELECT tag "
                                   "FROM case_tag WHERE case_id = case_record.id ORDER BY tag)) "
                                   "FROM case_record WHERE reference = ?1",
                                   "SELECT {}, (SELECT string_agg(tag, ',' ORDER BY tag) "
                                   "FROM case_tag WHERE case_id = case_record.id) "
                                   "FROM case_record WHERE reference = ?1"})),
                               k_case_record_columns));
  st.bind(1, normalise_reference(reference));
  if (!st.step()) {
    return std::nullopt;
  }
  CaseView v;
  read_case_record(st, 0, v);
  if (const auto tags = st.column_view(k_case_record_column_count); !tags.empty()) {
    std::size_t start = 0;
    for (;;) {
      const auto comma = tags.find(',', start);
      v.tags.emplace_back(
          tags.substr(start, comma == std::string_view::npos ? comma : comma - start));
      if (comma == std::string_view::npos) {
        break;
      }
      start = comma + 1;
    }
  }

  Statement stages(db, fmt::format("SELECT {}, {} FROM case_stage WHERE case_id = ?1 ORDER BY id",
                                   k_stage_record_columns, k_stage_view_columns));
  stages.bind(1, v.id);
  while (stages.step()) {
    StageView s;
    read_stage_record(stages, 0, s);
    int i = k_stage_record_column_count;
    s.responded_by = stages.column_text(i++);
    if (!stages.column_is_null(i)) {
      s.independence = parse_independence(stages.column_view(i));
    }
    ++i;
    s.independence_override = stages.column_text(i++);
    v.stages.push_back(std::move(s));
  }

  // Everything else the case holds, asked for at once (one round trip on PostgreSQL).
  {
    std::vector<AheadStatement> ahead;
    for (const auto& s : v.stages) {
      ahead.push_back({k_holds_sql, {s.id}});
      ahead.push_back({k_extensions_sql, {s.id}});
      ahead.push_back({k_areas_sql, {s.id}});
    }
    for (const auto sql : {k_events_sql, k_learning_sql, k_surveys_sql, k_person_sql}) {
      ahead.push_back({sql, {v.id}});
    }
    read_ahead(db, ahead);
  }
  Statement areas(db, k_areas_sql);
  for (auto& s : v.stages) {
    s.holds = load_holds(db, s.id);
    s.extensions = load_extensions(db, s.id);
    areas.reset();
    areas.bind(1, s.id);
    while (areas.step()) {
      s.areas.push_back(areas.column_text(0).value_or(""));
    }
  }

  Statement events(db, k_events_sql);
  events.bind(1, v.id);
  while (events.step()) {
    v.events.push_back({events.column_int64(0), events.column_text(1).value_or(""),
                        stored_date(events.column_view(2), "case_event.on_date"),
                        events.column_text(3).value_or(""), events.column_text(4).value_or(""),
                        events.column_text(5), events.column_text(6),
                        events.column_text(7).value_or("")});
  }

  Statement learning(db, k_learning_sql);
  learning.bind(1, v.id);
  while (learning.step()) {
    v.learning.push_back(learning_from_row(learning));
  }

  Statement surveys(db, k_surveys_sql);
  surveys.bind(1, v.id);
  while (surveys.step()) {
    SurveyView s;
    s.id = surveys.column_int64(0);
    s.sent_on = stored_optional_date(surveys, 1, "survey.sent_on");
    s.returned_on = stored_optional_date(surveys, 2, "survey.returned_on");
    if (!surveys.column_is_null(3)) {
      s.satisfied = surveys.column_int(3) != 0;
    }
    s.stars = optional_int(surveys, 4);
    s.reason = surveys.column_text(5);
    v.surveys.push_back(std::move(s));
  }

  Statement person(db, k_person_sql);
  person.bind(1, v.id);
  if (person.step()) {
    v.person = PersonalDetails{person.column_text(0), person.column_text(1), person.column_text(2),
                               person.column_text(3), person.column_text(4)};
  }
  return v;
}

void
record_event(Database& db, std::int64_t case_id, const Actor& actor, Date on, std::string_view kind,
             const std::optional<std::string>& from, const std::optional<std::string>& to,
             std::string_view detail, Activity activity)
{
  CaseWriter writer(db, WriteMode::immediate);
  writer.add_event({case_id, actor.now, on, actor.officer, kind,
                    from ? OptionalText(*from) : std::nullopt,
                    to ? OptionalText(*to) : std::nullopt, detail});
  if (activity == Activity::already_marked) {
    return;
  }
  Statement touch(
      db, EngineSql{"UPDATE case_record SET last_activity = max(last_activity, ?2) WHERE id = ?1",
                    "UPDATE case_record SET last_activity = greatest(last_activity, ?2) "
                    "WHERE id = ?1"});
  touch.bind(1, case_id).bind(2, format_date(on)).run_unanswered();
}

std::int64_t
insert_stage(Database& db, std::int64_t case_id, const StageSpec& spec, Date started)
{
  CaseWriter writer(db, WriteMode::immediate);
  NewStageRow stage;
  stage.spec = &spec;
  stage.started = started;
  return writer.add_stage(case_id, stage);
}

std::pair<std::int64_t, std::string>
insert_case(Database& db, const NewCase& input, const Classification& decided,
            const StageSpec& spec)
{
  auto text = [](const std::optional<std::string>& v) {
    return v ? OptionalText(*v) : std::nullopt;
  };
  NewCaseRow row;
  row.type = text(decided.type);
  row.channel = input.channel;
  row.service = text(input.service);
  row.summary = input.summary;
  row.received = input.received;
  row.received_at = input.received_at;
  row.owner = text(input.owner);
  row.sponsor = text(input.sponsor);
  row.sponsor_name = text(input.sponsor_name);
  row.info_request = input.info_request;
  row.external_ref = text(input.external_ref);
  row.classified_by = decided.explanation;
  row.last_activity = input.received;
  row.subtype = text(input.subtype);
  NewStageRow stage;
  stage.spec = &spec;
  stage.started = input.received;
  const auto& p = input.person;
  const NewPersonRow person{text(p.name), text(p.email), text(p.phone), text(p.address),
                            text(p.preferred_format)};
  CaseWriter writer(db, WriteMode::immediate);
  const auto written = writer.write_case(row, stage, person);
  return {written.case_id, std::string(written.reference)};
}

void
update_stage_spec(Database& db, std::int64_t stage_id, const StageSpec& spec)
{
  Statement up(db, "UPDATE case_stage SET procedure = ?2, stage = ?3, acknowledge_days = ?4, "
                   "respond_days = ?5, max_extension_days = ?6, acknowledge_from = ?7, "
                   "respond_from = ?8, extension_beyond_cap = ?9, independent = ?10 WHERE id = ?1");
  auto opt = [](const std::optional<int>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
  };
  up.bind(1, stage_id).bind(2, spec.procedure).bind(3, opt(spec.stage));
  up.bind(4, opt(spec.acknowledge_days)).bind(5, opt(spec.respond_days));
  up.bind(6, opt(spec.max_extension_days));
  up.bind(7, anchor_name(spec.acknowledge_from)).bind(8, anchor_name(spec.respond_from));
  up.bind(9, spec.extension_beyond_cap ? 1 : 0).bind(10, spec.independent ? 1 : 0).run_unanswered();
}

void
end_stage(Database& db, std::int64_t stage_id, Date on)
{
  Statement up(db, "UPDATE case_stage SET ended = ?2 WHERE id = ?1");
  up.bind(1, stage_id).bind(2, format_date(on)).run_unanswered();
}

namespace {

std::vector<Hold>
read_holds(Statement& st)
{
  std::vector<Hold> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "case_hold.held_on"),
                   stored_optional_date(st, 1, "case_hold.resumed_on"),
                   st.column_text(2).value_or("")});
  }
  return out;
}

} // namespace

std::vector<Hold>
load_holds(Database& db, std::int64_t stage_id)
{
  Statement st(db, k_holds_sql);
  st.bind(1, stage_id);
  return read_holds(st);
}

std::vector<Hold>
load_current_holds(Database& db, std::string_view reference)
{
  Statement st(db, k_current_holds_sql);
  st.bind(1, normalise_reference(reference));
  return read_holds(st);
}

std::vector<Extension>
load_extensions(Database& db, std::int64_t stage_id)
{
  Statement st(db, k_extensions_sql);
  st.bind(1, stage_id);
  std::vector<Extension> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "case_extension.granted_on"), st.column_int(1),
                   st.column_text(2).value_or(""), st.column_text(3),
                   stored_optional_date(st, 4, "case_extension.customer_told_on")});
  }
  return out;
}

StageTimes
load_times(Database& db, const StageRecord& stage, Date received)
{
  StageTimes t = stage_times(stage, received);
  t.holds = load_holds(db, stage.id);
  t.extensions = load_extensions(db, stage.id);
  return t;
}

// Deadlines need no reasons: they are left out.
StageTimesReader::StageTimesReader(Database& db)
    : m_holds(db, "SELECT held_on, resumed_on FROM case_hold WHERE stage_id = ?1 "
                  "ORDER BY held_on, id"),
      m_extensions(db, "SELECT granted_on, days FROM case_extension WHERE stage_id = ?1 "
                       "ORDER BY granted_on, id")
{
}

StageTimes
StageTimesReader::read(const StageRecord& stage, Date received)
{
  StageTimes t = stage_times(stage, received);
  read(stage.id, t);
  return t;
}

void
StageTimesReader::read(std::int64_t stage_id, StageTimes& t)
{
  t.holds.clear();
  t.extensions.clear();
  m_holds.reset();
  m_holds.bind(1, stage_id);
  while (m_holds.step()) {
    t.holds.push_back({stored_date(m_holds.column_view(0), "case_hold.held_on"),
                       stored_optional_date(m_holds, 1, "case_hold.resumed_on"),
                       {}});
  }
  m_extensions.reset();
  m_extensions.bind(1, stage_id);
  while (m_extensions.step()) {
    Extension e;
    e.granted_on = stored_date(m_extensions.column_view(0), "case_extension.granted_on");
    e.days = m_extensions.column_int(1);
    t.extensions.push_back(std::move(e));
  }
}

void
end_stage_unless_ended(Database& db, std::int64_t stage_id, Date on)
{
  Statement up(db, "UPDATE case_stage SET ended = coalesce(ended, ?2) WHERE id = ?1");
  up.bind(1, stage_id).bind(2, format_date(on)).run_unanswered();
}

void
unend_stage(Database& db, std::int64_t stage_id)
{
  Statement up(db, "UPDATE case_stage SET ended = NULL WHERE id = ?1");
  up.bind(1, stage_id).run_unanswered();
}

void
set_case_type(Database& db, std::int64_t case_id, std::string_view type,
              std::string_view classified_by)
{
  Statement up(db, "UPDATE case_record SET type = ?2, classified_by = ?3 WHERE id = ?1");
  up.bind(1, case_id).bind(2, type).bind(3, classified_by).run_unanswered();
}

void
set_case_owner(Database& db, std::int64_t case_id, std::string_view owner)
{
  Statement up(db, "UPDATE case_record SET owner = ?2 WHERE id = ?1");
  up.bind(1, case_id).bind(2, owner).run_unanswered();
}

void
set_case_status(Database& db, std::int64_t case_id, CaseStatus status, Date on)
{
  Statement up(db, EngineSql{"UPDATE case_record SET status = ?2, "
                             "last_activity = max(last_activity, ?3) WHERE id = ?1",
                             "UPDATE case_record SET status = ?2, "
                             "last_activity = greatest(last_activity, ?3) WHERE id = ?1"});
  up.bind(1, case_id).bind(2, case_status_name(status)).bind(3, format_date(on));
  up.run_unanswered();
}

void
close_case_record(Database& db, std::int64_t case_id, std::optional<CaseClosure> closure, Date on)
{
  Statement up(db, "UPDATE case_record SET status = 'closed', closure = ?2, closed_on = ?3 "
                   "WHERE id = ?1");
  up.bind(1, case_id);
  up.bind(2, closure ? OptionalText(case_closure_name(*closure)) : std::nullopt);
  up.bind(3, format_date(on)).run_unanswered();
}

void
redirect_case_record(Database& db, std::int64_t case_id, std::string_view organisation, Date on)
{
  Statement up(db, "UPDATE case_record SET status = 'closed', closure = 'redirected', "
                   "redirected_to = ?2, closed_on = ?3 WHERE id = ?1");
  up.bind(1, case_id).bind(2, organisation).bind(3, format_date(on)).run_unanswered();
}

void
reopen_case_record(Database& db, std::int64_t case_id, CaseStatus status)
{
  Statement up(db, "UPDATE case_record SET status = ?2, closure = NULL, redirected_to = NULL, "
                   "closed_on = NULL WHERE id = ?1");
  up.bind(1, case_id).bind(2, case_status_name(status)).run_unanswered();
}

void
restart_case_record(Database& db, std::int64_t case_id)
{
  Statement up(db, "UPDATE case_record SET status = 'open', closure = NULL, closed_on = NULL "
                   "WHERE id = ?1");
  up.bind(1, case_id).run_unanswered();
}

void
note_sponsor_update(Database& db, std::int64_t case_id, Date on)
{
  Statement up(db, EngineSql{"UPDATE case_record "
                             "SET sponsor_updated = max(coalesce(sponsor_updated, ''), ?2) "
                             "WHERE id = ?1",
                             "UPDATE case_record "
                             "SET sponsor_updated = greatest(coalesce(sponsor_updated, ''), ?2) "
                             "WHERE id = ?1"});
  up.bind(1, case_id).bind(2, format_date(on)).run_unanswered();
}

void
set_stage_acknowledged(Database& db, std::int64_t stage_id, Date on)
{
  Statement up(db, "UPDATE case_stage SET acknowledged = ?2 WHERE id = ?1");
  up.bind(1, stage_id).bind(2, format_date(on)).run_unanswered();
}

void
set_stage_response(Database& db, std::int64_t stage_id, Date on,
                   const std::optional<std::string>& outcome, std::string_view officer,
                   std::optional<Independence> independence,
                   const std::optional<std::string>& override_reason)
{
  Statement up(db, "UPDATE case_stage SET responded = ?2, outcome = ?3, "
                   "acknowledged = coalesce(acknowledged, ?2), responded_by = ?4, "
                   "independence = ?5, independence_override = ?6 WHERE id = ?1");
  up.bind(1, stage_id).bind(2, format_date(on)).bind(3, outcome).bind(4, officer);
  up.bind(5, independence ? std::optional<std::string_view>(independence_name(*independence))
                          : std::nullopt);
  up.bind(6, override_reason).run_unanswered();
}

void
add_stage_areas(Database& db, std::int64_t stage_id, const std::vector<std::string>& areas)
{
  Statement area(db, "INSERT INTO case_area (stage_id, area) VALUES (?1, ?2) "
                     "ON CONFLICT DO NOTHING");
  for (const auto& a : areas) {
    area.reset();
    area.bind(1, stage_id).bind(2, a).run_unanswered();
  }
}

void
add_hold(Database& db, std::int64_t stage_id, Date on, std::string_view reason)
{
  Statement ins(db, "INSERT INTO case_hold (stage_id, held_on, reason) VALUES (?1, ?2, ?3)");
  ins.bind(1, stage_id).bind(2, format_date(on)).bind(3, reason).run_unanswered();
}

void
resume_holds(Database& db, std::int64_t stage_id, Date on)
{
  Statement up(db,
               "UPDATE case_hold SET resumed_on = ?2 WHERE stage_id = ?1 AND resumed_on IS NULL");
  up.bind(1, stage_id).bind(2, format_date(on)).run_unanswered();
}

void
add_extension(Database& db, std::int64_t stage_id, const Extension& e)
{
  Statement ins(db, "INSERT INTO case_extension (stage_id, granted_on, days, reason, "
                    "beyond_cap_reason, customer_told_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  ins.bind(1, stage_id).bind(2, format_date(e.granted_on)).bind(3, e.days).bind(4, e.reason);
  ins.bind(5, e.beyond_cap_reason).bind(6, optional_date_text(e.customer_told_on)).run_unanswered();
}

std::vector<std::pair<std::optional<int>, std::optional<std::string>>>
earlier_responders(Database& db, std::int64_t case_id, std::int64_t before_stage_id)
{
  Statement st(db, "SELECT stage, responded_by FROM case_stage WHERE case_id = ?1 AND id < ?2 "
                   "AND responded IS NOT NULL ORDER BY id");
  st.bind(1, case_id).bind(2, before_stage_id);
  std::vector<std::pair<std::optional<int>, std::optional<std::string>>> out;
  while (st.step()) {
    out.emplace_back(optional_int(st, 0), st.column_text(1));
  }
  return out;
}

std::vector<std::string>
load_tags(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT tag FROM case_tag WHERE case_id = ?1 ORDER BY tag");
  st.bind(1, case_id);
  std::vector<std::string> out;
  while (st.step()) {
    out.emplace_back(st.column_view(0));
  }
  return out;
}

std::vector<std::string>
add_tags(Database& db, std::int64_t case_id, const std::vector<std::string>& tags)
{
  Statement ins(db, "INSERT INTO case_tag (case_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  std::vector<std::string> added;
  for (const auto& t : tags) {
    ins.reset();
    if (ins.bind(1, case_id).bind(2, t).run() > 0) {
      added.push_back(t);
    }
  }
  return added;
}

std::optional<std::string>
load_subtype(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT subtype FROM case_record WHERE id = ?1");
  st.bind(1, case_id);
  return st.step() ? st.column_text(0) : std::nullopt;
}

void
set_case_subtype(Database& db, std::int64_t case_id, const std::optional<std::string>& subtype)
{
  Statement up(db, "UPDATE case_record SET subtype = ?2 WHERE id = ?1");
  up.bind(1, case_id).bind(2, subtype).run_unanswered();
}

std::optional<LearningView>
find_learning(Database& db, std::int64_t case_id, std::int64_t id)
{
  Statement st(db, "SELECT id, recorded_on, problem, improvement, action, owner, due, done_on "
                   "FROM learning WHERE id = ?1 AND case_id = ?2");
  st.bind(1, id).bind(2, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return learning_from_row(st);
}

std::int64_t
insert_learning(Database& db, std::int64_t case_id, Date recorded_on, const LearningInput& input)
{
  Statement ins(db, "INSERT INTO learning (case_id, recorded_on, problem, improvement, action, "
                    "owner, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins.bind(1, case_id).bind(2, format_date(recorded_on)).bind(3, input.problem);
  ins.bind(4, input.improvement).bind(5, input.action).bind(6, input.owner);
  ins.bind(7, optional_date_text(input.due));
  ins.run();
  return db.last_insert_rowid();
}

void
set_learning_done(Database& db, std::int64_t id, Date on)
{
  Statement up(db, "UPDATE learning SET done_on = ?2 WHERE id = ?1");
  up.bind(1, id).bind(2, format_date(on)).run_unanswered();
}

std::optional<std::int64_t>
pending_survey(Database& db, std::int64_t case_id)
{
  Statement st(db, "SELECT id FROM survey WHERE case_id = ?1 AND returned_on IS NULL "
                   "ORDER BY id DESC LIMIT 1");
  st.bind(1, case_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return st.column_int64(0);
}

std::int64_t
insert_survey(Database& db, std::int64_t case_id, Date sent_on)
{
  Statement ins(db, "INSERT INTO survey (case_id, sent_on) VALUES (?1, ?2)");
  ins.bind(1, case_id).bind(2, format_date(sent_on)).run();
  return db.last_insert_rowid();
}

void
set_survey_returned(Database& db, std::int64_t survey_id, Date on, bool satisfied,
                    std::optional<int> stars, const std::optional<std::string>& reason)
{
  Statement up(db, "UPDATE survey SET returned_on = ?2, satisfied = ?3, stars = ?4, reason = ?5 "
                   "WHERE id = ?1");
  up.bind(1, survey_id).bind(2, format_date(on)).bind(3, satisfied ? 1 : 0);
  up.bind(4, stars).bind(5, reason).run_unanswered();
}

} // namespace feedback::detail
