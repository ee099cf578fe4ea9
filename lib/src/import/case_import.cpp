// SPDX-License-Identifier: MIT
#include "import/case_import.hpp"

#include "import/import_values.hpp"
#include "storage/case_store.hpp"
#include "storage/ombudsman_store.hpp"

#include <feedback/escalation/escalation.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace feedback::import {

namespace {

using detail::OptionalText;
using Text = std::optional<std::string>;

Text
opt_date(const Row& row, ImportField f)
{
  return row.present(f) ? Text(format_date(row.date(f))) : std::nullopt;
}

Text
opt_int(const std::optional<int>& v)
{
  return v ? Text(std::to_string(*v)) : std::nullopt;
}

Text
date_text(const std::optional<Date>& d)
{
  return d ? Text(format_date(*d)) : std::nullopt;
}

OptionalText
view_of(const Row& row, ImportField f)
{
  return row.present(f) ? OptionalText(row.value(f)) : std::nullopt;
}

std::optional<Date>
date_of(const Row& row, ImportField f)
{
  return row.present(f) ? std::optional<Date>(row.date(f)) : std::nullopt;
}

// One field an update changed, for its audit event.
struct Change
{
  std::string field;
  Text from;
  Text to;
  bool personal = false;
};

} // namespace

CaseImporter::CaseImporter(Database& db, const Mapping& mapping, const ImportOptions& options,
                           std::string source, std::string file_base)
    : m_db(db), m_mapping(mapping), m_options(options), m_source(std::move(source)),
      m_file_base(std::move(file_base)), m_writer(db, detail::WriteMode::batched),
      m_import_records(db), m_legacy(db), m_event_keys(db), m_ombudsman(db)
{
}

void
CaseImporter::flush()
{
  m_writer.flush();
  m_import_records.flush();
  m_legacy.flush();
  m_event_keys.flush();
}

detail::LegacyFacts
CaseImporter::legacy_facts(const Row& row)
{
  detail::LegacyFacts f;
  f.outcome_text = row.optional_text(ImportField::outcome_text);
  f.resolution = row.optional_text(ImportField::resolution);
  f.due = opt_date(row, ImportField::due);
  return f;
}

std::uint64_t
CaseImporter::history_key(const EventItem& e, std::uint32_t occurrence) const
{
  // Of what the event is, not of where it was read: the same history in a newer export (or
  // in another order) gives the same keys. The n-th identical event of a case has n in it.
  std::uint64_t h = hash_bytes(e.kind, 0x452821E638D01377ULL);
  h = hash_bytes(e.text, h);
  h = hash_bytes(e.officer, h);
  const std::int64_t when[3] = {day_number(e.on), e.instant, occurrence};
  h = hash_bytes(std::string_view(reinterpret_cast<const char*>(when), sizeof when), h);
  return h == 0 ? 1 : h;
}

void
CaseImporter::history(std::int64_t case_id, const Row& row, bool new_case)
{
  std::vector<std::uint64_t> seen; // base keys of this row's events so far, for occurrences
  for (const auto& e : row.events) {
    const auto base = history_key(e, 0);
    const auto occurrence =
        static_cast<std::uint32_t>(std::count(seen.begin(), seen.end(), base) + 1);
    seen.push_back(base);
    const auto key = history_key(e, occurrence);
    if (!new_case && m_event_keys.has(case_id, key)) {
      continue;
    }
    m_pending.push_back(
        {e.on, e.instant, "legacy-" + e.kind, std::nullopt, e.text, e.officer, key});
  }
}

bool
CaseImporter::add_history(std::int64_t case_id, const EventItem& e)
{
  const auto base = history_key(e, 0);
  const auto [count, inserted] = m_occurrences.insert(
      hash_bytes(std::string_view(reinterpret_cast<const char*>(&case_id), sizeof case_id), base),
      1);
  if (!inserted) {
    ++*count;
  }
  const auto key = history_key(e, static_cast<std::uint32_t>(*count));
  if (m_event_keys.has(case_id, key)) {
    return false;
  }
  m_pending.push_back({e.on, e.instant, "legacy-" + e.kind, std::nullopt, e.text, e.officer, key});
  write_pending(case_id);
  raise_last_activity(case_id, e.on);
  return true;
}

bool
CaseImporter::ombudsman(std::int64_t case_id, const Row& row, bool new_case, std::uint64_t line)
{
  if (!row.present(ImportField::ombudsman_ref)) {
    return false; // an export that no longer says leaves the phase as it was
  }
  bool changed = false;
  const std::string their_ref(row.value(ImportField::ombudsman_ref));
  const Date opened = row.date(ImportField::ombudsman_received);
  const auto from = fmt::format("from {} ({} line {})", m_source, m_file_base, line);
  const auto old = new_case ? std::nullopt : detail::find_ombudsman(m_db, case_id);
  if (!old) {
    // The old system says nothing of how the complaint came to the Ombudsman: the schema's
    // default, after the council's response, as for the cases before schema 9.
    m_ombudsman.insert(case_id, their_ref, opened, "after-response");
    m_pending.push_back({opened,
                         0,
                         "ombudsman",
                         their_ref,
                         "the Ombudsman is looking at the case; " + from,
                         {},
                         0});
    changed = true;
  } else if (old->their_ref != their_ref || old->opened_on != opened) {
    detail::update_ombudsman(m_db, case_id, their_ref, opened);
    for (const auto& [field, was, now] :
         {std::tuple{"ombudsman_ref", old->their_ref, their_ref},
          std::tuple{"ombudsman_received", format_date(old->opened_on), format_date(opened)}}) {
      if (was != now) {
        m_detail = fmt::format("{} {}", field, from);
        event(case_id, m_options.today, "import-updated", was, now, m_detail);
      }
    }
    changed = true;
  }
  if (row.present(ImportField::ombudsman_decision)) {
    const std::string decision(row.value(ImportField::ombudsman_decision));
    const Date decided = row.date(ImportField::ombudsman_decided);
    if (!old || !old->decision) {
      m_ombudsman.set_decision(case_id, decision, decided);
      m_pending.push_back({decided, 0, "ombudsman-decision", decision, from, {}, 0});
      changed = true;
    } else if (*old->decision != decision || old->decided_on != decided) {
      m_ombudsman.set_decision(case_id, decision, decided);
      m_detail = fmt::format("ombudsman_decision {}", from);
      event(case_id, m_options.today, "import-updated", *old->decision, decision, m_detail);
      changed = true;
    }
  }
  if (row.remedies.empty()) {
    return changed;
  }
  // A remedy the case has already is the same kind, amount and due date; it may be done now.
  auto stored = new_case ? std::vector<RemedyView>{} : detail::list_remedies(m_db, case_id);
  const Date agreed = row.date(ImportField::ombudsman_decided);
  for (const auto& r : row.remedies) {
    const auto same = std::find_if(stored.begin(), stored.end(), [&](const RemedyView& s) {
      return s.kind == r.kind && s.amount_pence == r.pence && s.due == r.due;
    });
    std::int64_t id = 0;
    if (same == stored.end()) {
      id = m_ombudsman.insert_remedy(case_id, r.kind, r.pence, r.due, agreed);
      m_pending.push_back(
          {agreed,
           0,
           "remedy",
           r.kind,
           fmt::format("remedy {}{} due {}; {}", id,
                       r.pence ? " of " + format_pounds(*r.pence) : "", format_date(r.due), from),
           {},
           0});
      changed = true;
    } else if (same->done_on) {
      continue; // done already: what the toolkit recorded stands
    } else {
      id = same->id;
    }
    if (r.done) {
      m_ombudsman.set_remedy_done(id, *r.done);
      m_pending.push_back(
          {*r.done, 0, "remedy-done", r.kind, fmt::format("remedy {}; {}", id, from), {}, 0});
      changed = true;
    }
  }
  return changed;
}

void
CaseImporter::raise_last_activity(std::int64_t case_id, Date on)
{
  if (!m_activity) {
    m_activity.emplace(m_db);
  }
  m_activity->raise(case_id, on);
}

void
CaseImporter::write_pending(std::int64_t case_id)
{
  std::stable_sort(m_pending.begin(), m_pending.end(), [](const Pending& a, const Pending& b) {
    if (a.on != b.on) {
      return a.on < b.on;
    }
    return a.instant < b.instant && a.instant != 0 && b.instant != 0;
  });
  for (const auto& p : m_pending) {
    m_writer.add_event(
        {case_id, m_options.now, p.on,
         p.officer.empty() ? std::string_view(m_options.officer) : std::string_view(p.officer),
         p.kind, std::nullopt, p.to ? detail::OptionalText(*p.to) : std::nullopt, p.detail});
    if (p.history != 0) {
      m_event_keys.add(case_id, p.history);
    }
  }
  m_pending.clear();
}

void
CaseImporter::event(std::int64_t case_id, Date on, std::string_view kind, OptionalText from,
                    OptionalText to, std::string_view detail)
{
  m_writer.add_event({case_id, m_options.now, on, m_options.officer, kind, from, to, detail});
}

void
CaseImporter::insert(const Row& row, const Decision& d, std::string_view ref, std::uint64_t ref_key,
                     std::uint64_t fingerprint, std::uint64_t line)
{
  const Date received = row.date(ImportField::received);
  detail::NewCaseRow c;
  c.type = d.classification.type ? OptionalText(*d.classification.type) : std::nullopt;
  c.channel = row.value(ImportField::channel);
  c.service = view_of(row, ImportField::service);
  c.summary = row.value(ImportField::summary);
  c.received = received;
  c.received_at = row.received_at;
  c.status = row.status;
  if (row.present(ImportField::closure)) {
    // Checked against the same words: present means valid.
    c.closure = parse_case_closure(row.value(ImportField::closure));
  }
  c.redirected_to = view_of(row, ImportField::redirected_to);
  c.owner = view_of(row, ImportField::owner);
  c.sponsor = view_of(row, ImportField::sponsor);
  c.sponsor_name = view_of(row, ImportField::sponsor_name);
  c.info_request = row.info_request;
  c.external_ref = view_of(row, ImportField::external_ref);
  c.source = m_source;
  c.source_ref = ref;
  c.classified_by = d.classified_by;
  c.closed_on = date_of(row, ImportField::closed);
  c.last_activity = row.last_activity;

  detail::NewStageRow s;
  s.spec = &d.spec;
  s.started =
      row.present(ImportField::stage_started) ? row.date(ImportField::stage_started) : received;
  s.acknowledged = date_of(row, ImportField::acknowledged);
  s.responded = date_of(row, ImportField::responded);
  s.outcome = view_of(row, ImportField::outcome);
  s.ended = date_of(row, ImportField::closed);

  const detail::NewPersonRow person{
      view_of(row, ImportField::name), view_of(row, ImportField::email),
      view_of(row, ImportField::phone), view_of(row, ImportField::address),
      view_of(row, ImportField::preferred_format)};
  const auto written = m_writer.write_case(c, s, person);
  for (const auto& area : row.areas) {
    m_writer.add_area(written.stage_id, area);
  }
  m_detail.clear();
  m_detail += "from ";
  m_detail += m_source;
  m_detail += " (";
  m_detail += m_file_base;
  m_detail += " line ";
  m_detail += std::to_string(line);
  m_detail += ")";
  if (row.closed_assumed) {
    m_detail += fmt::format("; closed, but the export has no closing date: taken as {}, the "
                            "latest date it has",
                            format_date(row.date(ImportField::closed)));
  }
  event(written.case_id, received, "imported", std::nullopt, ref, m_detail);
  m_import_records.add(written.case_id, m_source, ref_key, fingerprint);
  if (const auto facts = legacy_facts(row); !facts.empty()) {
    m_legacy.add(written.case_id, facts);
  }
  if (!row.events.empty() || row.present(ImportField::ombudsman_ref)) {
    history(written.case_id, row, true);
    ombudsman(written.case_id, row, true, line);
    write_pending(written.case_id);
  }
}

bool
CaseImporter::update(const Row& row, const Decision& d, std::string_view ref,
                     std::uint64_t fingerprint, std::uint64_t line)
{
  const auto found = detail::find_case_by_source(m_db, m_source, ref);
  if (!found) {
    throw Error(ExitCode::data_error,
                fmt::format("import_record lists {} '{}' but no case has that identity: run "
                            "'feedback-admin check'",
                            m_source, ref));
  }
  const auto& old = found->record;
  const auto& old_stage_record = found->stage;
  const auto case_id = old.id;
  const auto stage_id = old_stage_record.id;
  std::vector<Change> changes;
  auto compare = [&](std::string_view field, Text from, Text to, bool personal = false) {
    if (from != to) {
      changes.push_back({std::string(field), std::move(from), to, personal});
    }
    return to;
  };
  auto named = [&](ImportField f) { return m_mapping.names(f); };

  // The stored values as text, as the audit events record them.
  const Text old_closure =
      old.closure ? Text(std::string(case_closure_name(*old.closure))) : std::nullopt;
  const Text old_info_request = std::string(old.info_request ? "1" : "0");

  const bool classify_named =
      named(ImportField::type) || named(ImportField::procedure) || named(ImportField::stage);
  const bool status_named = named(ImportField::status) || named(ImportField::closure) ||
                            named(ImportField::closed) || named(ImportField::responded);
  const bool closed_now = row.status == CaseStatus::closed;

  // The case row: each named field takes the export's value, the others keep theirs.
  detail::ImportedCaseFields f;
  f.type = classify_named ? compare("type", old.type, d.classification.type) : old.type;
  f.channel = compare("channel", old.channel, row.optional_text(ImportField::channel));
  f.service = named(ImportField::service)
                  ? compare("service", old.service, row.optional_text(ImportField::service))
                  : old.service;
  f.summary = compare("summary", old.summary, row.optional_text(ImportField::summary));
  f.received = compare("received", format_date(old.received), opt_date(row, ImportField::received));
  f.received_at = compare("received_at", old.received_at, row.received_at);
  const Text old_status = std::string(case_status_name(old.status));
  f.status = status_named ? compare("status", old_status, std::string(case_status_name(row.status)))
                          : old_status;
  auto keep_or = [&](ImportField field, const Text& stored) {
    return named(field) ? compare(field_name(field), stored, row.optional_text(field)) : stored;
  };
  f.closure = keep_or(ImportField::closure, old_closure);
  f.redirected_to = keep_or(ImportField::redirected_to, old.redirected_to);
  f.owner = keep_or(ImportField::owner, old.owner);
  f.sponsor = keep_or(ImportField::sponsor, old.sponsor);
  f.sponsor_name = keep_or(ImportField::sponsor_name, old.sponsor_name);
  const auto info_request =
      named(ImportField::info_request)
          ? compare("info_request", old_info_request, std::string(row.info_request ? "1" : "0"))
          : old_info_request;
  f.info_request = info_request == Text("1");
  f.external_ref = keep_or(ImportField::external_ref, old.external_ref);
  f.closed_on = status_named
                    ? compare("closed", date_text(old.closed_on),
                              closed_now ? opt_date(row, ImportField::closed) : std::nullopt)
                    : date_text(old.closed_on);
  f.last_activity = std::max(format_date(old.last_activity), format_date(row.last_activity));

  // The stage: a later stage of the same procedure is a new stage (escalated in the old
  // system); any other change of procedure or stage is a reclassification of this one.
  const auto& old_procedure = old_stage_record.procedure;
  // 0: no stage (a type that follows no procedure).
  const int old_stage = old_stage_record.stage.value_or(0);
  const int stage_no = d.spec.stage.value_or(0);
  bool new_stage = false;
  bool respec = false;
  if (classify_named && (old_procedure != d.spec.procedure || old_stage != stage_no)) {
    compare("procedure", old_procedure, d.spec.procedure);
    compare("stage", old_stage ? Text(std::to_string(old_stage)) : std::nullopt,
            opt_int(d.spec.stage));
    new_stage =
        old_procedure && old_procedure == d.spec.procedure && old_stage > 0 && stage_no > old_stage;
    respec = !new_stage;
  }
  const auto old_started = format_date(old_stage_record.started);
  detail::ImportedStageFields sf;
  sf.started = old_started;
  if (new_stage) {
    // The day the old system moved it on, if the export says; else the latest day the record
    // has (not before the stage it ends started).
    sf.started = row.present(ImportField::stage_started)
                     ? format_date(row.date(ImportField::stage_started))
                     : std::max(old_started, format_date(row.last_activity));
  } else if (named(ImportField::stage_started)) {
    sf.started =
        compare("stage_started", old_started,
                row.present(ImportField::stage_started) ? opt_date(row, ImportField::stage_started)
                                                        : opt_date(row, ImportField::received));
  }
  auto stage_value = [&](ImportField field, const Text& stored, bool is_date) {
    const auto from = new_stage ? std::nullopt : stored;
    if (!named(field) && !(field == ImportField::acknowledged && named(ImportField::responded))) {
      return from;
    }
    return compare(field_name(field), from,
                   is_date ? opt_date(row, field) : row.optional_text(field));
  };
  sf.acknowledged =
      stage_value(ImportField::acknowledged, date_text(old_stage_record.acknowledged), true);
  sf.responded = stage_value(ImportField::responded, date_text(old_stage_record.responded), true);
  sf.outcome = stage_value(ImportField::outcome, old_stage_record.outcome, false);
  sf.ended = status_named ? (closed_now ? f.closed_on : std::nullopt)
                          : (new_stage ? std::nullopt : date_text(old_stage_record.ended));

  const auto old_areas = detail::load_stage_areas(m_db, stage_id);
  auto new_areas = row.areas;
  std::sort(new_areas.begin(), new_areas.end());
  bool areas_changed = false;
  if (named(ImportField::areas) && (new_stage || new_areas != old_areas)) {
    auto joined = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) {
        out += (out.empty() ? "" : ", ") + s;
      }
      return out.empty() ? Text() : Text(out);
    };
    compare("areas", new_stage ? std::nullopt : joined(old_areas), joined(new_areas));
    areas_changed = true;
  }

  // Personal data: never restored into a case anonymised since (retention), and never copied
  // into the audit trail, which cannot be anonymised.
  const auto stored_person = detail::load_person(m_db, case_id);
  PersonalDetails person = stored_person ? stored_person->details : PersonalDetails{};
  bool person_changed = false;
  if (!stored_person || !stored_person->anonymised) {
    const std::pair<ImportField, Text*> fields[] = {
        {ImportField::name, &person.name},
        {ImportField::email, &person.email},
        {ImportField::phone, &person.phone},
        {ImportField::address, &person.address},
        {ImportField::preferred_format, &person.preferred_format}};
    for (const auto& [field, value] : fields) {
      if (!named(field)) {
        continue;
      }
      auto to = row.optional_text(field);
      if (to != *value) {
        changes.push_back({std::string(field_name(field)), std::nullopt, std::nullopt, true});
        *value = std::move(to);
        person_changed = true;
      }
    }
  }

  // What the old system said of the case (case_legacy): the fields the mapping names. Free
  // text, so never copied into the audit trail; the due date is.
  bool extra = false;
  if (named(ImportField::outcome_text) || named(ImportField::resolution) ||
      named(ImportField::due)) {
    const auto stored = detail::load_legacy_facts(m_db, case_id);
    auto facts = stored;
    const auto now = legacy_facts(row);
    for (const auto& [field, slot, value] :
         {std::tuple{ImportField::outcome_text, &facts.outcome_text, &now.outcome_text},
          std::tuple{ImportField::resolution, &facts.resolution, &now.resolution}}) {
      if (named(field) && *slot != *value) {
        changes.push_back({std::string(field_name(field)), std::nullopt, std::nullopt, true});
        *slot = *value;
      }
    }
    if (named(ImportField::due)) {
      facts.due = compare("due", stored.due, now.due);
    }
    if (facts != stored) {
      detail::save_legacy_facts(m_db, case_id, facts);
    }
  }

  // History events not written before, and what is new of the Ombudsman's phase.
  history(case_id, row, false);
  extra = extra || !m_pending.empty();
  extra = ombudsman(case_id, row, false, line) || extra;

  detail::set_import_fingerprint(m_db, case_id, fingerprint);
  if (changes.empty()) {
    if (extra) {
      write_pending(case_id);
      raise_last_activity(case_id, row.last_activity);
    }
    return extra;
  }

  const bool reclassified =
      classify_named && (f.type != old.type || old_procedure != d.spec.procedure);
  f.classified_by = reclassified ? Text(d.classified_by) : old.classified_by;
  detail::update_imported_case(m_db, case_id, f);

  std::int64_t current = stage_id;
  if (new_stage) {
    // `sf.started` is a stored date or one formatted here.
    const Date started = *parse_iso_date(*sf.started);
    detail::end_stage_unless_ended(m_db, stage_id, started);
    detail::NewStageRow next;
    next.spec = &d.spec;
    next.started = started;
    current = m_writer.add_stage(case_id, next);
  } else if (respec) {
    detail::update_stage_spec(m_db, stage_id, d.spec);
  }
  detail::update_imported_stage(m_db, current, sf);
  if (areas_changed) {
    detail::delete_stage_areas(m_db, current);
    for (const auto& area : new_areas) {
      m_writer.add_area(current, area);
    }
  }
  if (person_changed) {
    if (stored_person) {
      detail::update_person(m_db, case_id, person);
    } else {
      auto view = [](const Text& t) { return t ? OptionalText(*t) : std::nullopt; };
      m_writer.add_person(case_id, {view(person.name), view(person.email), view(person.phone),
                                    view(person.address), view(person.preferred_format)});
    }
  }
  for (const auto& ch : changes) {
    m_detail = fmt::format("{}{} from {} ({} line {})", ch.field,
                           ch.personal ? " (personal data: values not recorded)" : "", m_source,
                           m_file_base, line);
    event(case_id, m_options.today, "import-updated",
          ch.from ? OptionalText(*ch.from) : std::nullopt,
          ch.to ? OptionalText(*ch.to) : std::nullopt, m_detail);
  }
  write_pending(case_id);
  return true;
}

} // namespace feedback::import
