// SPDX-License-Identifier: MIT
// Members' view: the cases a councillor, an MP or the chief executive sponsors.
#include "storage/member_store.hpp"

#include <feedback/cases/members.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/table.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

namespace feedback {

namespace {

std::string
ascii_lower(std::string_view text)
{
  std::string out(text);
  for (auto& ch : out) {
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return out;
}

std::size_t
kind_rank(std::string_view kind)
{
  const auto* end = std::end(vocabulary::k_sponsors);
  return static_cast<std::size_t>(std::find(std::begin(vocabulary::k_sponsors), end, kind) -
                                  std::begin(vocabulary::k_sponsors));
}

// The deadline a member would ask about: the acknowledgement while it is pending, else the
// response.
std::pair<std::string_view, std::optional<Date>>
next_deadline(const CaseRow& r)
{
  if (r.acknowledge_due) {
    return {"acknowledge", r.acknowledge_due};
  }
  if (r.respond_due) {
    return {"respond", r.respond_due};
  }
  return {"", std::nullopt};
}

std::string
stage_text(const CaseRow& r)
{
  std::string out = r.procedure.value_or("");
  if (r.procedure && r.stage) {
    out += fmt::format(" {}", *r.stage);
  }
  return out;
}

std::optional<std::string>
date_or_null(const std::optional<Date>& d)
{
  return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
}

} // namespace

void
add_sponsor_filter(ListFilter& filter, std::string_view sponsor)
{
  if (sponsor.find_first_not_of(" \t") == std::string_view::npos) {
    throw Error(ExitCode::usage, "--sponsor: expected a sponsor's name or a kind of sponsor "
                                 "(councillor, mp, chief-executive), not an empty value");
  }
  const auto* end = std::end(vocabulary::k_sponsors);
  if (std::find(std::begin(vocabulary::k_sponsors), end, sponsor) != end) {
    filter.sponsor_kind = std::string(sponsor);
  } else {
    filter.sponsor_name = std::string(sponsor);
  }
  filter.sponsored = true;
}

std::string
member_label(const MemberDigest& member)
{
  return member.name ? fmt::format("{} ({})", *member.name, member.kind)
                     : fmt::format("unnamed {}", member.kind);
}

std::vector<MemberDigest>
member_digest(Database& db, const WorkingCalendar& calendar, Date as_of,
              std::vector<SkippedCase>& skipped)
{
  ListFilter filter;
  filter.status = StatusFilter::open;
  filter.sponsored = true;
  auto rows = list_cases(db, calendar, filter, as_of, skipped);
  const auto sponsors = detail::load_open_case_sponsors(db);
  // Named members first, by name; then the unnamed by kind. The key keeps both orders.
  std::map<std::tuple<bool, std::string, std::size_t>, MemberDigest> members;
  for (auto& r : rows) {
    const auto found = sponsors.find(r.reference);
    if (found == sponsors.end()) {
      continue; // closed or changed since the list was read: not this week's
    }
    const auto& s = found->second;
    const bool unnamed = !s.name || s.name->find_first_not_of(" \t") == std::string::npos;
    auto key =
        std::make_tuple(unnamed, unnamed ? std::string() : ascii_lower(*s.name), kind_rank(s.kind));
    auto& m = members[key];
    if (m.kind.empty()) {
      m.kind = s.kind;
      m.name = unnamed ? std::nullopt : s.name;
    }
    m.cases.push_back({std::move(r), s.updated});
  }
  std::vector<MemberDigest> out;
  out.reserve(members.size());
  for (auto& [key, m] : members) {
    out.push_back(std::move(m));
  }
  return out;
}

const std::vector<std::string>&
member_digest_columns()
{
  static const std::vector<std::string> columns{"member",
                                                "kind",
                                                "reference",
                                                "service",
                                                "owner",
                                                "status",
                                                "procedure",
                                                "stage",
                                                "next_deadline",
                                                "due",
                                                "working_days_overdue",
                                                "on_hold",
                                                "sponsor_updated"};
  return columns;
}

std::string
render_member_digest(const std::vector<MemberDigest>& members, Format format)
{
  if (format == Format::table) {
    std::string out;
    for (const auto& m : members) {
      if (!out.empty()) {
        out += '\n';
      }
      out += fmt::format("{}: {} {}\n", member_label(m), m.cases.size(),
                         m.cases.size() == 1 ? "case" : "cases");
      TextTable table(
          {"reference", "service", "status", "stage", "next", "due", "over", "sponsor updated"});
      for (const auto& c : m.cases) {
        const auto& r = c.row;
        const auto [which, due] = next_deadline(r);
        std::string over = r.on_hold        ? "held"
                           : r.days_overdue ? std::to_string(*r.days_overdue)
                                            : std::string();
        table.add_row({{r.reference},
                       {r.service.value_or("")},
                       {std::string(case_status_name(r.status))},
                       {stage_text(r)},
                       {std::string(which)},
                       {due ? format_date(*due) : std::string()},
                       {std::move(over), TextTable::Align::right},
                       {c.sponsor_updated ? format_date(*c.sponsor_updated) : "never"}});
      }
      out += table.render();
    }
    return out;
  }
  std::vector<Row> rows;
  for (const auto& m : members) {
    for (const auto& c : m.cases) {
      const auto& r = c.row;
      const auto [which, due] = next_deadline(r);
      rows.push_back({m.name ? Cell(*m.name) : Cell(), m.kind, r.reference, Cell(r.service),
                      Cell(r.owner), std::string(case_status_name(r.status)), Cell(r.procedure),
                      r.stage ? Cell(*r.stage) : Cell(), which.empty() ? Cell() : Cell(which),
                      Cell(date_or_null(due)),
                      r.days_overdue && !r.on_hold ? Cell(*r.days_overdue) : Cell(),
                      r.on_hold ? "yes" : "no", Cell(date_or_null(c.sponsor_updated))});
    }
  }
  return render(format, member_digest_columns(), rows);
}

} // namespace feedback
