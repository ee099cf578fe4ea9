// SPDX-License-Identifier: MIT
#include "storage/case_store.hpp"

#include "storage/stored_values.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback::detail {

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
read_case_record(const Statement& st, int first, CaseRecord& c)
{
  int i = first;
  c.id = st.column_int64(i++);
  c.reference = st.column_view(i++);
  c.type = st.column_text(i++);
  c.channel = st.column_view(i++);
  c.service = st.column_text(i++);
  c.summary = st.column_view(i++);
  c.received = stored_date(st.column_view(i++), "case_record.received");
  c.received_at = st.column_view(i++);
  c.status = stored_status(st.column_view(i++), "case_record.status");
  c.closure = stored_optional_closure(st, i++, "case_record.closure");
  c.redirected_to = st.column_text(i++);
  c.owner = st.column_text(i++);
  c.sponsor = st.column_text(i++);
  c.sponsor_name = st.column_text(i++);
  c.info_request = st.column_int(i++) != 0;
  c.sponsor_updated = stored_optional_date(st, i++, "case_record.sponsor_updated");
  c.external_ref = st.column_text(i++);
  c.source = st.column_text(i++);
  c.source_ref = st.column_text(i++);
  c.classified_by = st.column_text(i++);
  c.closed_on = stored_optional_date(st, i++, "case_record.closed_on");
  c.last_activity = stored_date(st.column_view(i++), "case_record.last_activity");
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
}

CaseState
load_state(Database& db, std::string_view reference)
{
  const auto ref = normalise_reference(reference);
  Statement st(db, fmt::format("SELECT {}, {} FROM case_record c "
                               "JOIN case_stage s ON s.id = c.current_stage WHERE c.reference = ?1",
                               k_case_record_columns, k_stage_record_columns));
  st.bind(1, ref);
  if (!st.step()) {
    throw Error(ExitCode::data_error, fmt::format("unknown case reference: {}", reference));
  }
  CaseState c;
  read_case_record(st, 0, c);
  read_stage_record(st, k_case_record_column_count, c.stage);
  return c;
}

void
check_on(Date on, const Actor& actor, Date earliest, std::string_view earliest_what)
{
  if (date::sys_days{on} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is in the future (today is {})",
                                                  format_date(on), format_date(actor.today)));
  }
  if (date::sys_days{on} < date::sys_days{earliest}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is before {} ({})", format_date(on),
                                                  earliest_what, format_date(earliest)));
  }
}

void
record_event(Database& db, std::int64_t case_id, const Actor& actor, Date on, std::string_view kind,
             const std::optional<std::string>& from, const std::optional<std::string>& to,
             std::string_view detail)
{
  CaseWriter writer(db, WriteMode::immediate);
  writer.add_event({case_id, actor.now, on, actor.officer, kind,
                    from ? OptionalText(*from) : std::nullopt,
                    to ? OptionalText(*to) : std::nullopt, detail});
  Statement touch(db,
                  "UPDATE case_record SET last_activity = max(last_activity, ?2) WHERE id = ?1");
  touch.bind(1, case_id).bind(2, format_date(on)).run();
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
            const StageSpec& spec, const Actor& actor)
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
  NewStageRow stage;
  stage.spec = &spec;
  stage.started = input.received;
  const auto& p = input.person;
  const NewPersonRow person{text(p.name), text(p.email), text(p.phone), text(p.address),
                            text(p.preferred_format)};
  CaseWriter writer(db, WriteMode::immediate);
  const auto written = writer.write_case(row, stage, person);
  (void)actor;
  return {written.case_id, std::string(written.reference)};
}

void
update_stage_spec(Database& db, std::int64_t stage_id, const StageSpec& spec)
{
  Statement up(db, "UPDATE case_stage SET procedure = ?2, stage = ?3, acknowledge_days = ?4, "
                   "respond_days = ?5, max_extension_days = ?6 WHERE id = ?1");
  auto opt = [](const std::optional<int>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
  };
  up.bind(1, stage_id).bind(2, spec.procedure).bind(3, opt(spec.stage));
  up.bind(4, opt(spec.acknowledge_days)).bind(5, opt(spec.respond_days));
  up.bind(6, opt(spec.max_extension_days)).run();
}

void
end_stage(Database& db, std::int64_t stage_id, Date on)
{
  Statement up(db, "UPDATE case_stage SET ended = ?2 WHERE id = ?1");
  up.bind(1, stage_id).bind(2, format_date(on)).run();
}

std::vector<Hold>
load_holds(Database& db, std::int64_t stage_id)
{
  Statement st(db, "SELECT held_on, resumed_on, reason FROM case_hold WHERE stage_id = ?1 "
                   "ORDER BY held_on, id");
  st.bind(1, stage_id);
  std::vector<Hold> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "case_hold.held_on"),
                   stored_optional_date(st, 1, "case_hold.resumed_on"),
                   st.column_text(2).value_or("")});
  }
  return out;
}

std::vector<Extension>
load_extensions(Database& db, std::int64_t stage_id)
{
  Statement st(db, "SELECT granted_on, days, reason FROM case_extension WHERE stage_id = ?1 "
                   "ORDER BY granted_on, id");
  st.bind(1, stage_id);
  std::vector<Extension> out;
  while (st.step()) {
    out.push_back({stored_date(st.column_view(0), "case_extension.granted_on"), st.column_int(1),
                   st.column_text(2).value_or("")});
  }
  return out;
}

StageTimes
load_times(Database& db, const StageRecord& stage)
{
  StageTimes t;
  t.started = stage.started;
  t.acknowledge_days = stage.acknowledge_days;
  t.respond_days = stage.respond_days;
  t.holds = load_holds(db, stage.id);
  t.extensions = load_extensions(db, stage.id);
  return t;
}

StageTimesReader::StageTimesReader(Database& db)
    : m_holds(db, "SELECT held_on, resumed_on, reason FROM case_hold WHERE stage_id = ?1 "
                  "ORDER BY held_on, id"),
      m_extensions(db, "SELECT granted_on, days, reason FROM case_extension WHERE stage_id = ?1 "
                       "ORDER BY granted_on, id")
{
}

StageTimes
StageTimesReader::read(const StageRecord& stage)
{
  StageTimes t;
  t.started = stage.started;
  t.acknowledge_days = stage.acknowledge_days;
  t.respond_days = stage.respond_days;
  m_holds.reset();
  m_holds.bind(1, stage.id);
  while (m_holds.step()) {
    t.holds.push_back({stored_date(m_holds.column_view(0), "case_hold.held_on"),
                       stored_optional_date(m_holds, 1, "case_hold.resumed_on"),
                       m_holds.column_text(2).value_or("")});
  }
  m_extensions.reset();
  m_extensions.bind(1, stage.id);
  while (m_extensions.step()) {
    t.extensions.push_back({stored_date(m_extensions.column_view(0), "case_extension.granted_on"),
                            m_extensions.column_int(1), m_extensions.column_text(2).value_or("")});
  }
  return t;
}

std::optional<std::string>
make_stage_spec(const Policy& policy, const std::optional<std::string>& type,
                const std::optional<std::string>& procedure, int stage_no,
                const std::optional<std::string>& service, StageSpec& spec)
{
  spec = {};
  spec.policy_version = policy.version;
  if (procedure) {
    const auto* proc = policy.procedure(*procedure);
    const auto* sp = proc != nullptr ? proc->stage(stage_no) : nullptr;
    if (sp == nullptr) {
      return fmt::format("procedure {} has no stage {} (policy version {})", *procedure, stage_no,
                         policy.version);
    }
    spec.procedure = procedure;
    spec.stage = stage_no;
    spec.acknowledge_days = sp->acknowledge_days;
    spec.respond_days = sp->respond_days;
    spec.max_extension_days = sp->max_extension_days;
    if (service) {
      if (const auto days = policy.override_respond_days(*service, *procedure, stage_no)) {
        spec.respond_days = *days;
      }
    }
  } else {
    if (stage_no != 1) {
      return fmt::format("stage {}: a {} follows no procedure, so it has no stages", stage_no,
                         type.value_or("contact not yet classified"));
    }
    if (const auto* tp = policy.type(type.value_or("unclassified"))) {
      spec.acknowledge_days = tp->acknowledge_days;
      spec.respond_days = tp->respond_days;
      spec.max_extension_days = 0;
    }
  }
  if (!type) {
    // Triage: the acknowledgement clock runs, the response clock waits for a type.
    const auto* unclassified = policy.type("unclassified");
    spec.acknowledge_days =
        unclassified != nullptr ? unclassified->acknowledge_days : spec.acknowledge_days;
    spec.respond_days.reset();
  }
  return std::nullopt;
}

} // namespace feedback::detail
