// SPDX-License-Identifier: MIT
#include "import/import_row.hpp"

#include "import/import_values.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>

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
    return true;
  default:
    return false;
  }
}

constexpr ImportField k_dates[] = {ImportField::received, ImportField::stage_started,
                                   ImportField::acknowledged, ImportField::responded,
                                   ImportField::closed};

} // namespace

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

void
RowMapper::fill(ImportField field, const FieldSpec& spec, const std::vector<Cell>& cells, Row& row)
{
  const auto name = field_name(field);
  std::string_view raw;
  switch (spec.kind) {
  case FieldSpec::Kind::constant:
    set(field, spec.constant, row);
    m_trusted[idx(field)] = true;
    return;
  case FieldSpec::Kind::column: {
    const auto& cell = cells[static_cast<std::size_t>(spec.column)];
    if (cell.state == Cell::State::container) {
      row.problems.push_back(
          {std::string(name),
           fmt::format("'{}' holds an object or array, not a value",
                       m_mapping.columns[static_cast<std::size_t>(spec.column)])});
      m_failed[idx(field)] = true;
      return;
    }
    raw = cell.state == Cell::State::value ? trim(cell.text) : std::string_view();
    break;
  }
  case FieldSpec::Kind::template_text: {
    m_joined.clear();
    bool any = false;
    for (const auto& part : spec.parts) {
      if (part.column < 0) {
        m_joined += part.text;
        continue;
      }
      const auto& cell = cells[static_cast<std::size_t>(part.column)];
      if (cell.state == Cell::State::value) {
        const auto v = trim(cell.text);
        if (!missing(v)) {
          m_joined += v;
          any = true;
        }
      }
    }
    // A template none of whose columns has a value is missing, not its literal text alone.
    raw = any ? trim(m_joined) : std::string_view();
    break;
  }
  }

  if (is_date_field(field)) {
    if (field == ImportField::received) {
      row.received_at.assign(raw);
    }
    if (missing(raw)) {
      return;
    }
    // A date outside the calendar's range (a sentinel 01/01/1900) is this record's problem,
    // named as such, unless another format reads the text as a date inside it.
    std::optional<std::string> outside;
    for (const auto& format : spec.formats) {
      try {
        if (const auto d = parse_date_with_format(raw, format)) {
          row.dates[idx(field)] = *d;
          row.has[idx(field)] = true;
          return;
        }
      } catch (const Error& e) {
        if (e.code() != ExitCode::data_error) {
          throw;
        }
        outside = outside.value_or(e.what());
      }
    }
    if (outside) {
      row.problems.push_back({std::string(name), fmt::format("'{}': {}", shown(raw), *outside)});
      m_failed[idx(field)] = true;
      return;
    }
    std::string formats;
    for (const auto& f : spec.formats) {
      formats += (formats.empty() ? "" : ", ") + f.pattern;
    }
    row.problems.push_back(
        {std::string(name), fmt::format("'{}' is not a date written as {}", shown(raw), formats)});
    m_failed[idx(field)] = true;
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
      if (auto problem = check_word(ImportField::areas, area)) {
        row.problems.push_back({std::string(name), fmt::format("'{}': {}", shown(item), *problem)});
        m_failed[idx(field)] = true;
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
  } else if (spec.kind == FieldSpec::Kind::template_text) {
    set_own(field, raw, row); // m_joined is reused by the next template
  } else {
    set(field, raw, row);
  }
}

void
RowMapper::map(const std::vector<Cell>& cells, Row& row)
{
  row.has.fill(false);
  row.areas.clear();
  row.received_at.clear();
  row.problems.clear();
  row.stage = 1;
  row.info_request = false;
  m_failed.fill(false);
  m_trusted.fill(false);
  for (std::size_t f = 0; f < k_import_field_count; ++f) {
    if (const auto& spec = m_mapping.fields[f]) {
      fill(static_cast<ImportField>(f), *spec, cells, row);
    }
  }
  check(row);
}

void
RowMapper::check(Row& row)
{
  auto problem = [&](ImportField f, std::string text) {
    row.problems.push_back({std::string(field_name(f)), std::move(text)});
    m_failed[idx(f)] = true;
  };
  for (const auto f : {ImportField::received, ImportField::channel, ImportField::summary}) {
    if (!row.present(f) && !m_failed[idx(f)]) {
      problem(f, "missing (required)");
    }
  }
  // Words (from the data or a map) and the other checked values.
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    const auto f = static_cast<ImportField>(i);
    if (!row.has[i] || m_trusted[i] || is_date_field(f) || f == ImportField::areas) {
      continue;
    }
    if (auto p = check_word(f, row.text[i])) {
      problem(f, *p);
      row.has[i] = false;
    }
  }
  if (row.present(ImportField::stage)) {
    row.stage = parse_stage(row.value(ImportField::stage)).value_or(1);
  }
  if (row.present(ImportField::info_request)) {
    row.info_request = parse_yes_no(row.value(ImportField::info_request)).value_or(false);
  }

  // Dates: none after today, none before the day received.
  const bool received = row.present(ImportField::received);
  const auto received_day = date::sys_days{row.date(ImportField::received)};
  for (const auto f : k_dates) {
    if (!row.present(f)) {
      continue;
    }
    const auto day = date::sys_days{row.date(f)};
    if (day > date::sys_days{m_today}) {
      problem(f, fmt::format("{} is in the future (today is {})", format_date(row.date(f)),
                             format_date(m_today)));
    } else if (received && f != ImportField::received && day < received_day) {
      problem(f, fmt::format("{} is before the day received ({})", format_date(row.date(f)),
                             format_date(row.date(ImportField::received))));
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
    problem(ImportField::closure, fmt::format("{} is a way of closing, but the status is {}",
                                              row.value(ImportField::closure), row.status));
  }
  if (row.status == CaseStatus::closed) {
    if (!row.present(ImportField::closed) && m_mapping.names(ImportField::closed) &&
        !m_failed[idx(ImportField::closed)]) {
      problem(ImportField::closed, "missing for a closed case");
    }
  } else {
    // Open311's updated_datetime is the closing date only for closed requests.
    row.has[idx(ImportField::closed)] = false;
  }
  if (row.present(ImportField::sponsor_name) && !row.present(ImportField::sponsor)) {
    problem(ImportField::sponsor_name, "a sponsor's name needs a sponsor (councillor, mp or "
                                       "chief-executive)");
  }
  // A response also meets the acknowledgement target if none came first (as respond does).
  if (row.present(ImportField::responded) && !row.present(ImportField::acknowledged)) {
    row.dates[idx(ImportField::acknowledged)] = row.date(ImportField::responded);
    row.has[idx(ImportField::acknowledged)] = true;
  }
  auto latest = received_day;
  for (const auto f : k_dates) {
    if (row.present(f) && date::sys_days{row.date(f)} > latest) {
      latest = date::sys_days{row.date(f)};
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

std::uint64_t
RowMapper::content_fingerprint(const Row& row)
{
  // Every stored value, each with its field and length, hashed in one pass.
  auto& b = m_scratch;
  b.clear();
  auto put = [&b](std::string_view v) {
    const auto n = static_cast<std::uint32_t>(v.size());
    b.append(reinterpret_cast<const char*>(&n), sizeof n);
    b.append(v);
  };
  for (std::size_t i = 0; i < k_import_field_count; ++i) {
    if (!row.has[i]) {
      continue;
    }
    b += static_cast<char>(i);
    const auto f = static_cast<ImportField>(i);
    if (is_date_field(f)) {
      const auto n = static_cast<std::int32_t>(day_number(row.dates[i]));
      b.append(reinterpret_cast<const char*>(&n), sizeof n);
    } else if (f != ImportField::areas) {
      put(row.text[i]);
    }
  }
  put(row.received_at);
  put(case_status_name(row.status));
  for (const auto& a : row.areas) {
    put(a);
  }
  return hash_bytes(b, 0x243F6A8885A308D3ULL);
}

} // namespace feedback::import
