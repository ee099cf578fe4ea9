// SPDX-License-Identifier: MIT
#include "import/import_row.hpp"

#include "import/date_text.hpp"
#include "import/import_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <span>

namespace feedback::import {

namespace {

constexpr std::size_t
idx(ImportField f) noexcept
{
  return static_cast<std::size_t>(f);
}

// Fields whose values are words of the toolkit's vocabulary: compared ignoring ASCII case.
bool
is_word_field(ImportField f) noexcept
{
  switch (f) {
  case ImportField::channel:
  case ImportField::type:
  case ImportField::procedure:
  case ImportField::outcome:
  case ImportField::sponsor:
  case ImportField::preferred_format:
  case ImportField::status:
  case ImportField::closure:
  case ImportField::areas:
  case ImportField::ombudsman_decision:
  case ImportField::remedy_kind:
  case ImportField::event_kind:
    return true;
  default:
    return false;
  }
}

// The dates of a case (not of its events or remedies), each checked against today (but the old
// system's due date, which may be later) and the day received.
constexpr ImportField k_case_dates[] = {
    ImportField::received,           ImportField::stage_started,    ImportField::acknowledged,
    ImportField::responded,          ImportField::closed,           ImportField::due,
    ImportField::ombudsman_received, ImportField::ombudsman_decided};

constexpr ImportField k_event_fields[] = {ImportField::event_date, ImportField::event_kind,
                                          ImportField::event_text, ImportField::event_officer};
constexpr ImportField k_remedy_fields[] = {ImportField::remedy_kind, ImportField::remedy_amount,
                                           ImportField::remedy_due, ImportField::remedy_done};

std::string
day(Date d)
{
  return format_date(d);
}

} // namespace

void
Row::keep(const Row& other)
{
  if (this == &other) {
    return;
  }
  has = other.has;
  dates = other.dates;
  fixed = other.fixed;
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    if (has[i] && !is_date_field(static_cast<ImportField>(i))) {
      own[i].assign(other.text[i]);
      text[i] = own[i];
    } else {
      text[i] = {};
    }
  }
  received_at = other.received_at;
  ref = other.ref;
  areas = other.areas;
  events = other.events;
  remedies = other.remedies;
  status = other.status;
  stage = other.stage;
  info_request = other.info_request;
  last_activity = other.last_activity;
  closed_assumed = other.closed_assumed;
  group_instant = other.group_instant;
  line = other.line;
  problems = other.problems;
}

RowMapper::RowMapper(const Mapping& mapping, Date today) : m_mapping(mapping), m_today(today) {}

std::string
RowMapper::shown(std::string_view value)
{
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    // Count characters, not bytes, so a cut never splits a UTF-8 sequence.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++chars > 60) {
      out += "...";
      break;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

bool
RowMapper::missing(std::string_view value) const
{
  if (value.empty()) {
    return true;
  }
  return std::find(m_mapping.missing.begin(), m_mapping.missing.end(), value) !=
         m_mapping.missing.end();
}

void
RowMapper::problem(Row& row, ImportField f, std::string text)
{
  row.problems.push_back({std::string(field_name(f)), std::move(text)});
  m_failed[idx(f)] = true;
}

void
RowMapper::set(ImportField field, std::string_view value, Row& row)
{
  row.text[idx(field)] = value;
  row.has[idx(field)] = true;
}

void
RowMapper::set_own(ImportField field, std::string_view value, Row& row)
{
  auto& own = row.own[idx(field)];
  own.assign(value);
  row.text[idx(field)] = own;
  row.has[idx(field)] = true;
}

void
RowMapper::apply(const MapTarget& target, Row& row)
{
  for (const auto& [field, value] : target.values) {
    set(field, value, row);
    m_trusted[idx(field)] = true;
  }
}

bool
RowMapper::cell_value(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells,
                      std::string_view& raw, Row& row)
{
  raw = {};
  for (std::size_t k = 0; k <= spec.fallbacks.size(); ++k) {
    const int column = k == 0 ? spec.column : spec.fallbacks[k - 1];
    const auto& cell = cells[static_cast<std::size_t>(column)];
    if (cell.state == Cell::State::container) {
      problem(row, field,
              fmt::format("'{}' holds an object or array, not a value",
                          m_mapping.columns[static_cast<std::size_t>(column)]));
      return false;
    }
    const auto v = cell.state == Cell::State::value ? trim(cell.text) : std::string_view();
    if (k == 0 || !missing(v)) {
      raw = v; // the first column as it is (the received cell is kept as given), else a value
    }
    if (!missing(v)) {
      return true;
    }
  }
  return true;
}

std::optional<Date>
RowMapper::read_date(std::string_view name, const FieldSpec& spec, std::string_view raw, Row& row,
                     std::optional<std::int64_t>* instant)
{
  if (missing(raw)) {
    return std::nullopt;
  }
  std::optional<Date> outside;
  for (const auto& format : spec.formats) {
    const auto written = read_written_time(raw, format.pattern, spec.missing_day);
    if (!written) {
      continue;
    }
    const auto london = london_time(*written, m_mapping.zone, instant != nullptr);
    if (!london.in_range) {
      outside = outside.value_or(london.day); // unless another format reads it inside
      continue;
    }
    if (instant != nullptr) {
      *instant = london.instant;
    }
    return london.day;
  }
  std::string text;
  if (outside) {
    text = fmt::format("'{}': {}", shown(raw), outside_calendar_message(*outside));
  } else if (spec.missing_day == 0 && is_month_only(raw)) {
    text = fmt::format("'{}' is a month without a day: give \"missing_day\" in the mapping to "
                       "read such dates as a day of their month",
                       shown(raw));
  } else {
    std::string formats;
    for (const auto& f : spec.formats) {
      formats += (formats.empty() ? "" : ", ") + f.pattern;
    }
    text = fmt::format("'{}' is not a date written as {}", shown(raw), formats);
  }
  row.problems.push_back({std::string(name), std::move(text)});
  return std::nullopt;
}

void
RowMapper::fill(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells, Row& row)
{
  std::string_view raw;
  switch (spec.kind) {
  case FieldSpec::Kind::constant:
    set(field, spec.constant, row);
    m_trusted[idx(field)] = true;
    row.fixed[idx(field)] = true;
    return;
  case FieldSpec::Kind::column:
    if (!cell_value(field, spec, cells, raw, row)) {
      return;
    }
    break;
  case FieldSpec::Kind::template_text: {
    // A part in [ ] is left out, text and all, when one of its columns has no value.
    auto has_value = [&](const TemplatePart& part) {
      const auto& cell = cells[static_cast<std::size_t>(part.column)];
      return cell.state == Cell::State::value && !missing(trim(cell.text));
    };
    m_joined.clear();
    bool any = false;
    int dropped = -1;
    for (std::size_t p = 0; p < spec.parts.size(); ++p) {
      const auto& part = spec.parts[p];
      if (part.group >= 0 && part.group == dropped) {
        continue;
      }
      if (part.group >= 0 && (p == 0 || spec.parts[p - 1].group != part.group)) {
        // The first part of a group: is every column in it given?
        for (std::size_t q = p; q < spec.parts.size() && spec.parts[q].group == part.group; ++q) {
          if (spec.parts[q].column >= 0 && !has_value(spec.parts[q])) {
            dropped = part.group;
            break;
          }
        }
        if (dropped == part.group) {
          continue;
        }
      }
      if (part.column < 0) {
        m_joined += part.text;
      } else if (has_value(part)) {
        m_joined += trim(cells[static_cast<std::size_t>(part.column)].text);
        any = true;
      }
    }
    // A template none of whose columns has a value is missing, not its literal text alone.
    raw = any ? trim(m_joined) : std::string_view();
    break;
  }
  }

  if (spec.extract && !missing(raw)) {
    std::match_results<std::string_view::const_iterator> found;
    if (!std::regex_search(raw.begin(), raw.end(), found, *spec.extract)) {
      problem(row, field,
              fmt::format("'{}' has no part that the mapping's \"extract\" /{}/ finds", shown(raw),
                          spec.extract_text));
      return;
    }
    std::size_t pick = 0;
    for (std::size_t g = 1; g < found.size(); ++g) {
      if (found[g].matched) {
        pick = g;
        break;
      }
    }
    const auto begin = static_cast<std::size_t>(found[pick].first - raw.begin());
    raw = trim(raw.substr(begin, static_cast<std::size_t>(found[pick].length())));
  }

  if (is_date_field(field)) {
    if (field == ImportField::received) {
      row.received_at.assign(raw);
    }
    const auto before = row.problems.size();
    if (const auto d = read_date(field_name(field), spec, raw, row,
                                 field == ImportField::event_date ? &m_event_instant : nullptr)) {
      row.dates[idx(field)] = *d;
      row.has[idx(field)] = true;
    } else if (row.problems.size() > before) {
      m_failed[idx(field)] = true;
    }
    return;
  }

  if (field == ImportField::areas) {
    if (missing(raw)) {
      return;
    }
    std::string_view rest = raw;
    while (!rest.empty()) {
      const auto cut = rest.find(spec.split);
      auto item = trim(rest.substr(0, cut));
      rest =
          cut == std::string_view::npos ? std::string_view() : rest.substr(cut + spec.split.size());
      if (item.empty()) {
        continue;
      }
      fold_into(item, m_folded);
      std::string_view area = m_folded;
      const MapTarget* t = spec.find(m_folded);
      if (t == nullptr && spec.otherwise) {
        t = &*spec.otherwise;
      }
      if (t != nullptr) {
        if (t->values.empty()) {
          continue; // mapped to null: not an area
        }
        area = t->values.front().second;
      }
      if (auto p = check_word(ImportField::areas, area)) {
        problem(row, field, fmt::format("'{}': {}", shown(item), *p));
        continue;
      }
      if (std::find(row.areas.begin(), row.areas.end(), area) == row.areas.end()) {
        row.areas.emplace_back(area);
      }
    }
    row.has[idx(field)] = !row.areas.empty();
    return;
  }

  if (missing(raw)) {
    if (spec.default_value) {
      set(field, *spec.default_value, row);
      m_trusted[idx(field)] = true;
      row.fixed[idx(field)] = true;
    }
    return;
  }
  if (!spec.map.empty()) {
    fold_into(raw, m_folded);
    if (const auto* t = spec.find(m_folded)) {
      apply(*t, row);
      return;
    }
    if (spec.otherwise) {
      apply(*spec.otherwise, row);
      return;
    }
  }
  // No map entry: the value itself, which a vocabulary field must spell as the toolkit does.
  if (is_word_field(field)) {
    fold_into(raw, m_folded);
    set_own(field, m_folded, row);
  } else if (spec.kind == FieldSpec::Kind::template_text || spec.extract) {
    set_own(field, raw, row); // m_joined is reused by the next template
  } else {
    set(field, raw, row);
  }
}

void
RowMapper::map(const std::vector<Cell>& cells, Row& row, std::uint64_t line, bool finish_case)
{
  row.has.fill(false);
  row.fixed.fill(false);
  row.areas.clear();
  row.events.clear();
  row.remedies.clear();
  row.received_at.clear();
  row.ref.clear();
  row.problems.clear();
  row.stage = 1;
  row.info_request = false;
  row.closed_assumed = false;
  row.group_instant.reset();
  row.line = line;
  m_event_instant.reset();
  m_failed.fill(false);
  m_trusted.fill(false);
  if (m_mapping.identity) {
    const auto& cell = cells[static_cast<std::size_t>(*m_mapping.identity)];
    if (cell.state == Cell::State::value && !missing(trim(cell.text))) {
      row.ref.assign(trim(cell.text));
    }
  }
  const bool event_array = m_mapping.event_array.has_value();
  const bool remedy_array = m_mapping.remedy_array.has_value();
  for (std::size_t f = 0; f < k_import_field_count; ++f) {
    const auto field = static_cast<ImportField>(f);
    if ((event_array && is_event_field(field)) || (remedy_array && is_remedy_field(field))) {
      continue; // one per element of the array (map_element)
    }
    if (const auto& spec = m_mapping.fields[f]) {
      fill(field, *spec, cells, row);
    }
  }
  check(row);
  if (!event_array) {
    add_event(row, "");
  }
  if (!remedy_array) {
    add_remedy(row, "");
  }
  if (m_mapping.group_date) {
    std::string_view raw;
    std::optional<std::int64_t> instant;
    const auto before = row.problems.size();
    if (cell_value(ImportField::received, *m_mapping.group_date, cells, raw, row) &&
        read_date("group_by.date", *m_mapping.group_date, raw, row, &instant)) {
      row.group_instant = instant;
    } else if (row.problems.size() == before) {
      row.problems.push_back({"group_by.date", "missing: the date that says which row of a "
                                               "case is the latest"});
    }
    for (auto i = before; i < row.problems.size(); ++i) {
      row.problems[i].field = "group_by.date";
    }
  }
  if (finish_case) {
    finish(row);
  }
}

void
RowMapper::map_element(const std::vector<Cell>& cells, Row& row, bool events, std::size_t element)
{
  const auto& array = events ? *m_mapping.event_array : *m_mapping.remedy_array;
  const auto where = fmt::format(" (element {} of {})", element, array.path);
  const auto before = row.problems.size();
  for (const auto f : events ? std::span<const ImportField>(k_event_fields)
                             : std::span<const ImportField>(k_remedy_fields)) {
    row.has[idx(f)] = false;
    m_failed[idx(f)] = false;
    m_trusted[idx(f)] = false;
    if (const auto& spec = m_mapping.fields[idx(f)]) {
      fill(f, *spec, cells, row);
    }
    if (row.has[idx(f)] && !m_trusted[idx(f)] && !is_date_field(f)) {
      if (auto p = check_word(f, row.text[idx(f)])) {
        problem(row, f, *p);
        row.has[idx(f)] = false;
      }
    }
  }
  for (auto i = before; i < row.problems.size(); ++i) {
    row.problems[i].problem += where;
  }
  if (events) {
    add_event(row, where);
  } else {
    add_remedy(row, where);
  }
}

void
RowMapper::add_event(Row& row, std::string_view where)
{
  bool any = false;
  for (const auto f : k_event_fields) {
    any = any || row.present(f) || m_failed[idx(f)];
  }
  if (!any) {
    return;
  }
  if (!row.present(ImportField::event_date)) {
    if (!m_failed[idx(ImportField::event_date)]) {
      problem(row, ImportField::event_date,
              fmt::format("missing: an event needs its date{}", where));
    }
  } else if (date::sys_days{row.date(ImportField::event_date)} > date::sys_days{m_today}) {
    problem(row, ImportField::event_date,
            fmt::format("{} is in the future (today is {}){}",
                        day(row.date(ImportField::event_date)), day(m_today), where));
  } else {
    EventItem e;
    e.on = row.date(ImportField::event_date);
    e.instant = m_event_instant.value_or(0);
    e.kind = row.present(ImportField::event_kind) ? row.value(ImportField::event_kind) : "note";
    if (row.present(ImportField::event_text)) {
      e.text = row.value(ImportField::event_text);
    }
    if (row.present(ImportField::event_officer)) {
      e.officer = row.value(ImportField::event_officer);
    }
    row.events.push_back(std::move(e));
  }
  for (const auto f : k_event_fields) {
    row.has[idx(f)] = false;
  }
}

void
RowMapper::add_remedy(Row& row, std::string_view where)
{
  bool any = false;
  for (const auto f : k_remedy_fields) {
    any = any || row.present(f) || m_failed[idx(f)];
  }
  if (!any) {
    return;
  }
  const bool before = row.ok();
  if (!row.present(ImportField::remedy_kind) && !m_failed[idx(ImportField::remedy_kind)]) {
    problem(row, ImportField::remedy_kind, fmt::format("missing: what the remedy is{}", where));
  }
  if (!row.present(ImportField::remedy_due) && !m_failed[idx(ImportField::remedy_due)]) {
    problem(row, ImportField::remedy_due, fmt::format("missing: when it is due{}", where));
  }
  std::optional<std::int64_t> pence;
  if (row.present(ImportField::remedy_amount)) {
    pence = parse_amount(row.value(ImportField::remedy_amount)); // checked: present means valid
  }
  if (row.present(ImportField::remedy_kind)) {
    const auto kind = row.value(ImportField::remedy_kind);
    if (kind == "payment" && !pence && !m_failed[idx(ImportField::remedy_amount)]) {
      problem(row, ImportField::remedy_amount,
              fmt::format("missing: a payment needs its amount{}", where));
    } else if (kind != "payment" && pence) {
      problem(row, ImportField::remedy_amount,
              fmt::format("only a payment has an amount, not {}{}", kind, where));
    }
  }
  if (row.present(ImportField::remedy_done) &&
      date::sys_days{row.date(ImportField::remedy_done)} > date::sys_days{m_today}) {
    problem(row, ImportField::remedy_done,
            fmt::format("{} is in the future (today is {}){}",
                        day(row.date(ImportField::remedy_done)), day(m_today), where));
  }
  if (before && row.ok()) {
    RemedyItem r;
    r.kind = row.value(ImportField::remedy_kind);
    r.pence = pence;
    r.due = row.date(ImportField::remedy_due);
    if (row.present(ImportField::remedy_done)) {
      r.done = row.date(ImportField::remedy_done);
    }
    row.remedies.push_back(std::move(r));
  }
  for (const auto f : k_remedy_fields) {
    row.has[idx(f)] = false;
  }
}

void
RowMapper::check(Row& row)
{
  // Words (from the data or a map) and the other checked values.
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    const auto f = static_cast<ImportField>(i);
    if (!row.has[i] || m_trusted[i] || is_date_field(f) || f == ImportField::areas) {
      continue;
    }
    if (auto p = check_word(f, row.text[i])) {
      problem(row, f, *p);
      row.has[i] = false;
    }
  }
  if (row.present(ImportField::stage)) {
    row.stage = parse_stage(row.value(ImportField::stage)).value_or(1);
  }
  if (row.present(ImportField::info_request)) {
    row.info_request = parse_yes_no(row.value(ImportField::info_request)).value_or(false);
  }

  // Dates: none after today (but the old system's due date), none before the day received.
  const bool received = row.present(ImportField::received);
  const auto received_day = date::sys_days{row.date(ImportField::received)};
  for (const auto f : k_case_dates) {
    if (!row.present(f)) {
      continue;
    }
    const auto on = date::sys_days{row.date(f)};
    if (on > date::sys_days{m_today} && f != ImportField::due) {
      problem(row, f,
              fmt::format("{} is in the future (today is {})", day(row.date(f)), day(m_today)));
    } else if (received && f != ImportField::received && on < received_day) {
      problem(row, f,
              fmt::format("{} is before the day received ({})", day(row.date(f)),
                          day(row.date(ImportField::received))));
    }
  }

  // Status: as given, else what the dates say.
  if (row.present(ImportField::status)) {
    // Checked against the same words above: present means valid.
    row.status = parse_case_status(row.value(ImportField::status)).value_or(CaseStatus::open);
  } else if (row.present(ImportField::closure) || row.present(ImportField::closed)) {
    row.status = CaseStatus::closed;
  } else if (row.present(ImportField::responded)) {
    row.status = CaseStatus::responded;
  } else {
    row.status = CaseStatus::open;
  }
  if (row.present(ImportField::closure) && row.status != CaseStatus::closed) {
    problem(row, ImportField::closure,
            fmt::format("{} is a way of closing, but the status is {}",
                        row.value(ImportField::closure), row.status));
  }
  if (row.status == CaseStatus::closed) {
    if (!row.present(ImportField::closed) && m_mapping.names(ImportField::closed) &&
        !m_failed[idx(ImportField::closed)]) {
      problem(row, ImportField::closed, "missing for a closed case");
    }
  } else {
    // Open311's updated_datetime is the closing date only for closed requests.
    row.has[idx(ImportField::closed)] = false;
  }
  if (row.present(ImportField::sponsor_name) && !row.present(ImportField::sponsor)) {
    problem(row, ImportField::sponsor_name,
            "a sponsor's name needs a sponsor (councillor, mp or chief-executive)");
  }
  // A response also meets the acknowledgement target if none came first (as respond does).
  if (row.present(ImportField::responded) && !row.present(ImportField::acknowledged)) {
    row.dates[idx(ImportField::acknowledged)] = row.date(ImportField::responded);
    row.has[idx(ImportField::acknowledged)] = true;
  }
}

void
RowMapper::finish(Row& row)
{
  if (m_mapping.events_only) {
    return;
  }
  for (const auto f : {ImportField::received, ImportField::channel, ImportField::summary}) {
    if (!row.present(f) && !m_failed[idx(f)]) {
      problem(row, f, "missing (required)");
    }
  }
  const bool received = row.present(ImportField::received);
  const auto received_day = date::sys_days{row.date(ImportField::received)};

  // The Ombudsman: their reference and the day it reached them; a decision with its date;
  // remedies only after a decision, none due or done before it.
  const bool ombudsman = row.present(ImportField::ombudsman_ref);
  if (ombudsman) {
    if (!row.present(ImportField::ombudsman_received) &&
        !m_failed[idx(ImportField::ombudsman_received)]) {
      problem(row, ImportField::ombudsman_received,
              "missing: the day the complaint reached the Ombudsman");
    }
  } else {
    for (const auto f : {ImportField::ombudsman_received, ImportField::ombudsman_decision,
                         ImportField::ombudsman_decided}) {
      if (row.present(f)) {
        problem(
            row, ImportField::ombudsman_ref,
            fmt::format("missing: {} is given, but not the Ombudsman's reference", field_name(f)));
        break;
      }
    }
  }
  const bool decision = row.present(ImportField::ombudsman_decision);
  const bool decided = row.present(ImportField::ombudsman_decided);
  if (decision && !decided && !m_failed[idx(ImportField::ombudsman_decided)]) {
    problem(row, ImportField::ombudsman_decided, "missing: the day of the Ombudsman's decision");
  } else if (decided && !decision && !m_failed[idx(ImportField::ombudsman_decision)]) {
    problem(row, ImportField::ombudsman_decision,
            "missing: a decision's date is given, but not the decision");
  }
  if (decided && row.present(ImportField::ombudsman_received) &&
      row.date(ImportField::ombudsman_decided) < row.date(ImportField::ombudsman_received)) {
    problem(row, ImportField::ombudsman_decided,
            fmt::format("{} is before the complaint reached the Ombudsman ({})",
                        day(row.date(ImportField::ombudsman_decided)),
                        day(row.date(ImportField::ombudsman_received))));
  }
  if (!row.remedies.empty() && !(decision && decided) &&
      !m_failed[idx(ImportField::ombudsman_decision)]) {
    problem(row, ImportField::remedy_kind,
            "a remedy follows the Ombudsman's decision, and the case has none");
  }
  if (decided) {
    const auto on = row.date(ImportField::ombudsman_decided);
    for (const auto& r : row.remedies) {
      if (r.due < on) {
        problem(row, ImportField::remedy_due,
                fmt::format("{} is before the Ombudsman's decision ({})", day(r.due), day(on)));
      }
      if (r.done && *r.done < on) {
        problem(row, ImportField::remedy_done,
                fmt::format("{} is before the Ombudsman's decision ({})", day(*r.done), day(on)));
      }
    }
  }
  if (received) {
    for (const auto& e : row.events) {
      if (date::sys_days{e.on} < received_day) {
        problem(row, ImportField::event_date,
                fmt::format("{} is before the day received ({})", day(e.on),
                            day(row.date(ImportField::received))));
      }
    }
  }

  // The latest day the case has: of its dates (but those due), events and remedies done.
  auto latest = received_day;
  auto later = [&latest](Date d) {
    if (date::sys_days{d} > latest) {
      latest = date::sys_days{d};
    }
  };
  for (const auto f : k_case_dates) {
    if (row.present(f) && f != ImportField::due) {
      later(row.date(f));
    }
  }
  for (const auto& e : row.events) {
    later(e.on);
  }
  for (const auto& r : row.remedies) {
    if (r.done) {
      later(*r.done);
    }
  }
  row.last_activity = Date{latest};
  // An export with no closing dates at all (the mapping names no `closed`): a closed case is
  // taken as closed on the latest date it has, because a closed case always has a closing date
  // in this toolkit (reopening needs it). The audit event says so.
  row.closed_assumed = false;
  if (row.status == CaseStatus::closed && !row.present(ImportField::closed) &&
      !m_mapping.names(ImportField::closed) && received) {
    row.dates[idx(ImportField::closed)] = row.last_activity;
    row.has[idx(ImportField::closed)] = true;
    row.closed_assumed = true;
  }
}

void
RowMapper::merge(const std::vector<const Row*>& rows, Row& out)
{
  std::size_t facts = 0;
  if (m_mapping.group_facts == GroupFacts::latest) {
    for (std::size_t i = 1; i < rows.size(); ++i) {
      if (rows[i]->group_instant.value_or(0) >= rows[facts]->group_instant.value_or(0)) {
        facts = i; // the last of equal ones
      }
    }
  }
  out.keep(*rows[facts]);
  out.line = rows.front()->line;
  out.areas.clear();
  out.events.clear();
  out.remedies.clear();
  std::optional<std::string> outcome;
  for (const auto* each : rows) {
    const auto& row = *each;
    for (const auto& a : row.areas) {
      if (std::find(out.areas.begin(), out.areas.end(), a) == out.areas.end()) {
        out.areas.push_back(a);
      }
    }
    out.events.insert(out.events.end(), row.events.begin(), row.events.end());
    for (const auto& r : row.remedies) {
      // The same remedy on several rows (one row per update of a case) is one remedy, done
      // when any row says so (the latest day given).
      auto same = std::find_if(out.remedies.begin(), out.remedies.end(), [&](const RemedyItem& o) {
        return o.kind == r.kind && o.pence == r.pence && o.due == r.due;
      });
      if (same == out.remedies.end()) {
        out.remedies.push_back(r);
      } else if (r.done && (!same->done || *same->done < *r.done)) {
        same->done = r.done;
      }
    }
    if (row.present(ImportField::outcome)) {
      const auto o = row.value(ImportField::outcome);
      if (!outcome) {
        outcome = std::string(o);
      } else if (*outcome != o) {
        outcome = "partially-upheld"; // findings that differ: some upheld, some not
      }
    }
  }
  if (outcome) {
    set_own(ImportField::outcome, *outcome, out);
  }
  out.has[idx(ImportField::areas)] = !out.areas.empty();
  m_failed.fill(false);
  finish(out);
}

std::uint64_t
RowMapper::content_fingerprint(const Row& row)
{
  // Every stored value, each with its field and length, hashed in one pass. What a mapping
  // does not name adds nothing, so that an older mapping's cases keep their fingerprints.
  auto& b = m_scratch;
  b.clear();
  auto put = [&b](std::string_view v) {
    const auto n = static_cast<std::uint32_t>(v.size());
    b.append(reinterpret_cast<const char*>(&n), sizeof n);
    b.append(v);
  };
  auto put_day = [&b](Date d) {
    const auto n = static_cast<std::int32_t>(day_number(d));
    b.append(reinterpret_cast<const char*>(&n), sizeof n);
  };
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    if (!row.has[i]) {
      continue;
    }
    b += static_cast<char>(i);
    const auto f = static_cast<ImportField>(i);
    if (is_date_field(f)) {
      put_day(row.dates[i]);
    } else if (f != ImportField::areas) {
      put(row.text[i]);
    }
  }
  put(row.received_at);
  put(case_status_name(row.status));
  for (const auto& a : row.areas) {
    put(a);
  }
  for (const auto& e : row.events) {
    b += 'E';
    put_day(e.on);
    b.append(reinterpret_cast<const char*>(&e.instant), sizeof e.instant);
    put(e.kind);
    put(e.text);
    put(e.officer);
  }
  for (const auto& r : row.remedies) {
    b += 'R';
    put(r.kind);
    const std::int64_t pence = r.pence.value_or(-1);
    b.append(reinterpret_cast<const char*>(&pence), sizeof pence);
    put_day(r.due);
    put_day(r.done.value_or(Date{}));
  }
  return hash_bytes(b, 0x243F6A8885A308D3ULL);
}

} // namespace feedback::import
