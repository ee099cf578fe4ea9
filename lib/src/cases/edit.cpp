// SPDX-License-Identifier: MIT
// Correcting a case's facts and reorganising services. Deadlines are not stored, so a corrected
// fact (the received date, the service's timescales) moves them with no more work here.
#include "cases/case_rules.hpp"
#include "storage/case_store.hpp"
#include "storage/edit_store.hpp"
#include "storage/privacy_store.hpp"

#include <feedback/cases/edit.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/format.h>

namespace feedback {

namespace {

using Text = std::optional<std::string>;
using detail::require_text;

// A value given for a field a case may lack: "" removes it.
Text
given_or_none(const std::string& value)
{
  return value.empty() ? Text() : Text(value);
}

// The timescales the current stage of case `c` would start with under service `service`, from
// the policy it started under.
detail::StageSpec
spec_for_service(const Policy& policy, const detail::CaseState& c, const Text& subtype,
                 const Text& service)
{
  detail::StageSpec spec;
  if (auto problem = detail::make_stage_spec(policy, c.type, c.stage.procedure,
                                             c.stage.stage.value_or(1), service, spec, subtype)) {
    throw Error(ExitCode::data_error, *problem);
  }
  return spec;
}

bool
same_timescales(const detail::StageSpec& a, const detail::StageSpec& b)
{
  return a.acknowledge_days == b.acknowledge_days && a.respond_days == b.respond_days &&
         a.max_extension_days == b.max_extension_days && a.acknowledge_from == b.acknowledge_from &&
         a.respond_from == b.respond_from && a.extension_beyond_cap == b.extension_beyond_cap &&
         a.independent == b.independent;
}

// A running first-stage case whose service changed takes the new service's timescales (a
// service may override its procedure's, in the policy the stage started under); a stage
// responded to, or a later one, keeps what it had.
void
rederive_for_service(Database& db, std::string_view reference, const Text& old_service,
                     const Text& new_service)
{
  const auto c = detail::load_state(db, reference);
  if (c.stage.responded || c.stage.stage.value_or(1) > 1) {
    return;
  }
  const auto policy = load_policy(db, c.stage.policy_version);
  const auto subtype = detail::load_subtype(db, c.id);
  const auto before = spec_for_service(policy, c, subtype, old_service);
  const auto after = spec_for_service(policy, c, subtype, new_service);
  if (!same_timescales(before, after)) {
    detail::update_stage_spec(db, c.stage.id, after);
  }
}

class EditRecorder
{
public:
  EditRecorder(Database& db, const CaseRecord& record, const Actor& actor)
      : m_db(db), m_record(record), m_actor(actor)
  {
  }

  // Records a change of `field` from `from` to `to`, if they differ. Personal data is named,
  // never written into the trail.
  bool change(std::string_view field, const Text& from, const Text& to, bool personal)
  {
    if (from == to) {
      return false;
    }
    const auto detail = personal ? fmt::format("{} (personal data: values not recorded)", field)
                                 : std::string(field);
    detail::record_event(m_db, m_record.id, m_actor, m_actor.today, "edited",
                         personal ? Text() : from, personal ? Text() : to, detail);
    m_changed.push_back(
        {std::string(field), personal ? Text() : from, personal ? Text() : to, personal});
    return true;
  }

  std::vector<EditedField>& changed() noexcept { return m_changed; }

private:
  Database& m_db;
  const CaseRecord& m_record;
  const Actor& m_actor;
  std::vector<EditedField> m_changed;
};

void
edit_received(Database& db, const CaseRecord& rec, const CaseEdit& edit, const Actor& actor,
              EditRecorder& recorder)
{
  const Date received = *edit.received;
  const auto given = edit.received_at.empty() ? format_date(received) : edit.received_at;
  if (date::sys_days{received} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error,
                fmt::format("--received {} is after today ({})", given, format_date(actor.today)));
  }
  if (received == rec.received && given == rec.received_at) {
    return;
  }
  const auto first = detail::first_stage(db, rec.id);
  // The first stage starts on receipt; one that started later (an import's) stays where it is,
  // and the case cannot then be received after it.
  const bool moves_stage = first && first->started == rec.received;
  if (first) {
    if (auto fact = detail::earliest_fact(db, rec.id, first->id);
        fact && date::sys_days{received} > date::sys_days{fact->on}) {
      throw Error(ExitCode::data_error,
                  fmt::format("--received {}: case {} cannot be received after {} on {}", given,
                              rec.reference, fact->what, format_date(fact->on)));
    }
    if (!moves_stage && date::sys_days{received} > date::sys_days{first->started}) {
      throw Error(ExitCode::data_error,
                  fmt::format("--received {}: case {} cannot be received after its first stage "
                              "started on {}",
                              given, rec.reference, format_date(first->started)));
    }
  }
  detail::set_case_received(db, rec.id, received, given);
  if (moves_stage) {
    detail::set_stage_started(db, first->id, received);
  }
  if (received != rec.received) {
    recorder.change("received", format_date(rec.received), format_date(received), false);
  } else {
    recorder.change("received", rec.received_at, given, false);
  }
}

void
edit_person(Database& db, const CaseRecord& rec, const CaseEdit& edit, EditRecorder& recorder)
{
  if (!edit.name && !edit.email && !edit.phone && !edit.address && !edit.preferred_format) {
    return;
  }
  if (edit.preferred_format && !edit.preferred_format->empty()) {
    vocabulary::require("--preferred-format", *edit.preferred_format,
                        vocabulary::k_preferred_formats);
  }
  const auto stored = detail::load_person(db, rec.id);
  const PersonalDetails old = stored ? stored->details : PersonalDetails{};
  PersonalDetails now = old;
  auto take = [](const Text& given, Text& field) {
    if (given) {
      field = given_or_none(*given);
    }
  };
  take(edit.name, now.name);
  take(edit.email, now.email);
  take(edit.phone, now.phone);
  take(edit.address, now.address);
  take(edit.preferred_format, now.preferred_format);
  bool any = recorder.change("name", old.name, now.name, true);
  any = recorder.change("email", old.email, now.email, true) || any;
  any = recorder.change("phone", old.phone, now.phone, true) || any;
  any = recorder.change("address", old.address, now.address, true) || any;
  any =
      recorder.change("preferred format", old.preferred_format, now.preferred_format, true) || any;
  if (!any) {
    return;
  }
  if (stored) {
    detail::update_person(db, rec.id, now);
  } else {
    auto view = [](const Text& t) { return t ? detail::OptionalText(*t) : std::nullopt; };
    detail::CaseWriter writer(db, detail::WriteMode::immediate);
    writer.add_person(rec.id, {view(now.name), view(now.email), view(now.phone), view(now.address),
                               view(now.preferred_format)});
  }
}

void
edit_sponsor(Database& db, const CaseRecord& rec, const CaseEdit& edit, EditRecorder& recorder)
{
  if (!edit.sponsor && !edit.sponsor_name) {
    return;
  }
  Text sponsor = rec.sponsor;
  if (edit.sponsor) {
    sponsor = *edit.sponsor == "none" ? Text() : given_or_none(*edit.sponsor);
    if (sponsor) {
      vocabulary::require("--sponsor", *sponsor, vocabulary::k_sponsors);
    }
  }
  // Without a sponsor there is no sponsor's name.
  Text name = sponsor ? rec.sponsor_name : Text();
  if (edit.sponsor_name) {
    name = given_or_none(*edit.sponsor_name);
  }
  if (name && !sponsor) {
    throw Error(ExitCode::data_error,
                fmt::format("--sponsor-name: case {} has no sponsor (give --sponsor councillor, "
                            "mp or chief-executive)",
                            rec.reference));
  }
  const bool kind = recorder.change("sponsor", rec.sponsor, sponsor, false);
  const bool named = recorder.change("sponsor name", rec.sponsor_name, name, true);
  if (kind || named) {
    detail::set_case_sponsor(db, rec.id, sponsor, name);
  }
}

} // namespace

namespace detail {

Service
require_service_takes_cases(Database& db, std::string_view what, std::string_view code)
{
  auto service = require_service(db, code);
  if (service.retired_on) {
    throw Error(ExitCode::data_error,
                fmt::format("{} {}: the service was retired on {} and takes no new cases{}", what,
                            code, format_date(*service.retired_on),
                            service.merged_into
                                ? fmt::format(" (its cases moved to {})", *service.merged_into)
                                : std::string()));
  }
  return service;
}

} // namespace detail

std::vector<EditedField>
edit_case(Database& db, std::string_view reference, const CaseEdit& edit, const Actor& actor)
{
  if (edit.summary) {
    require_text("--summary", *edit.summary);
  }
  if (edit.channel) {
    require_text("--channel", *edit.channel);
  }
  if (edit.type) {
    vocabulary::require("--type", *edit.type, vocabulary::k_types);
  }
  Transaction tx(db);
  const auto rec = detail::load_record(db, reference);
  // Redaction (retention or erasure) is final: what it removed is not set again.
  if ((edit.summary || edit.name || edit.email || edit.phone || edit.address ||
       edit.preferred_format || edit.sponsor_name) &&
      detail::case_redaction(db, rec.id)) {
    throw Error(ExitCode::data_error,
                fmt::format("case {}: its personal data was redacted and cannot be set again",
                            rec.reference));
  }
  EditRecorder recorder(db, rec, actor);

  Text new_service = rec.service;
  if (edit.service) {
    new_service = given_or_none(*edit.service);
    if (new_service && new_service != rec.service) {
      detail::require_service_takes_cases(db, "--service", *new_service);
    }
    if (recorder.change("service", rec.service, new_service, false)) {
      detail::set_case_service(db, rec.id, new_service);
    }
  }
  if (edit.received) {
    edit_received(db, rec, edit, actor, recorder);
  }
  if (edit.summary && recorder.change("summary", rec.summary, *edit.summary, true)) {
    detail::set_case_summary(db, rec.id, *edit.summary);
  }
  if (edit.channel && *edit.channel != rec.channel) {
    // A word of the policy in force, as for a new case: a retired channel is not taken.
    load_policy(db).vocabulary.require(WordKind::channel, "--channel", *edit.channel);
    recorder.change("channel", rec.channel, *edit.channel, false);
    detail::set_case_channel(db, rec.id, *edit.channel);
  }
  edit_person(db, rec, edit, recorder);
  edit_sponsor(db, rec, edit, recorder);
  if (edit.type && edit.type != rec.type) {
    // A change of type is a reclassification, with its rules and its own event; it takes the
    // (new) service's timescales for a first stage not yet responded to.
    detail::reclassify(db, reference, *edit.type, std::nullopt, std::nullopt, actor.today, actor);
    recorder.changed().push_back({"type", rec.type, *edit.type, false});
  } else if (new_service != rec.service) {
    rederive_for_service(db, reference, rec.service, new_service);
  }
  if (recorder.changed().empty()) {
    throw Error(ExitCode::data_error,
                fmt::format("case {}: nothing to change (each value given is the case's already)",
                            rec.reference));
  }
  tx.commit();
  return std::move(recorder.changed());
}

// ---- services ----

namespace {

ServiceEvent
service_event(std::string_view code, const Actor& actor, std::string_view kind, Text from, Text to)
{
  return {std::string(code), actor.now,       actor.today,  actor.officer,
          std::string(kind), std::move(from), std::move(to)};
}

} // namespace

void
rename_service(Database& db, std::string_view code, std::string_view name, const Actor& actor)
{
  require_text("--name", name);
  Transaction tx(db);
  const auto s = require_service(db, code);
  if (s.name == name) {
    throw Error(ExitCode::data_error, fmt::format("service {} is named '{}' already", code, name));
  }
  detail::set_service_name(db, code, name);
  detail::insert_service_event(db,
                               service_event(code, actor, "renamed", s.name, std::string(name)));
  tx.commit();
}

void
move_service(Database& db, std::string_view code, std::string_view directorate, const Actor& actor)
{
  require_text("--directorate", directorate);
  Transaction tx(db);
  const auto s = require_service(db, code);
  if (s.directorate == directorate) {
    throw Error(ExitCode::data_error,
                fmt::format("service {} is in {} already", code, directorate));
  }
  detail::set_service_directorate(db, code, directorate);
  detail::insert_service_event(
      db, service_event(code, actor, "moved", s.directorate, std::string(directorate)));
  tx.commit();
}

void
retire_service(Database& db, std::string_view code, const Actor& actor)
{
  Transaction tx(db);
  const auto s = require_service(db, code);
  if (s.retired_on) {
    throw Error(ExitCode::data_error, fmt::format("service {} was retired on {} already", code,
                                                  format_date(*s.retired_on)));
  }
  detail::set_service_retired(db, code, actor.today, std::nullopt);
  detail::insert_service_event(
      db, service_event(code, actor, "retired", std::nullopt, format_date(actor.today)));
  tx.commit();
}

std::int64_t
merge_service(Database& db, std::string_view from, std::string_view into, const Actor& actor)
{
  if (from == into) {
    throw Error(ExitCode::data_error, fmt::format("cannot merge service {} into itself", from));
  }
  Transaction tx(db);
  const auto source = require_service(db, from);
  require_service(db, into);
  if (source.merged_into) {
    throw Error(ExitCode::data_error,
                fmt::format("service {} was merged into {} already", from, *source.merged_into));
  }
  detail::require_service_takes_cases(db, "--into", into);
  const Text from_code(std::string{from});
  const Text into_code(std::string{into});
  const auto ids = detail::cases_of_service(db, from);
  for (const auto id : ids) {
    detail::set_case_service(db, id, into_code);
    detail::record_event(db, id, actor, actor.today, "service-merged", from_code, into_code, "");
  }
  // A service retired before keeps the day it was retired.
  detail::set_service_retired(db, from, source.retired_on.value_or(actor.today), into_code);
  detail::insert_service_event(db, service_event(from, actor, "merged", from_code, into_code));
  detail::insert_service_event(db, service_event(into, actor, "merged", from_code, into_code));
  tx.commit();
  return static_cast<std::int64_t>(ids.size());
}

std::vector<ServiceEvent>
service_history(Database& db, std::string_view code)
{
  require_service(db, code);
  return detail::load_service_events(db, code);
}

} // namespace feedback
