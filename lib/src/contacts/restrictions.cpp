// SPDX-License-Identifier: MIT
// Contact restrictions on a person: recorded, reviewed, ended, and shown on their cases.
#include "cases/case_json.hpp"
#include "storage/member_store.hpp"

#include <feedback/contacts/restrictions.hpp>
#include <feedback/util/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace feedback {

namespace {

bool
blank(std::string_view text)
{
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// `who` normalised as find_person normalises a query, and checked the same way.
PersonQuery
normalised(const PersonQuery& who)
{
  if (who.empty()) {
    throw Error(ExitCode::usage, "say who is restricted: --name, --email, --phone or --postcode");
  }
  PersonQuery out;
  if (who.name) {
    out.name = normalise_name(*who.name);
  }
  if (who.email) {
    out.email = normalise_email(*who.email);
  }
  if (who.phone) {
    out.phone = normalise_phone(*who.phone);
  }
  if (who.postcode) {
    out.postcode = normalise_postcode(*who.postcode);
    if (!is_postcode(*out.postcode)) {
      throw Error(ExitCode::usage,
                  fmt::format("--postcode: not a UK postcode: '{}'", *who.postcode));
    }
  }
  if ((out.name && out.name->empty()) || (out.email && out.email->empty()) ||
      (out.phone && out.phone->empty())) {
    throw Error(ExitCode::usage, "an empty --name, --email or --phone matches no one");
  }
  return out;
}

Restriction
require_in_force(Database& db, std::int64_t id)
{
  auto r = detail::load_restriction(db, id);
  if (!r) {
    throw Error(ExitCode::data_error, fmt::format("no contact restriction #{}", id));
  }
  if (r->ended_on) {
    throw Error(ExitCode::data_error,
                fmt::format("contact restriction #{} ended on {}", id, format_date(*r->ended_on)));
  }
  return *r;
}

void
not_after_today(std::string_view what, Date on, const Actor& actor)
{
  if (date::sys_days{on} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error, fmt::format("{} {} is after today ({})", what,
                                                  format_date(on), format_date(actor.today)));
  }
}

void
review_after(Date review, Date on)
{
  if (date::sys_days{review} <= date::sys_days{on}) {
    throw Error(ExitCode::data_error, fmt::format("--review {} must be after the day decided, {}",
                                                  format_date(review), format_date(on)));
  }
}

std::string
who_text(const PersonQuery& who)
{
  std::string out;
  who.each_given([&out](std::string_view field, const std::string& value) {
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", field, value);
  });
  return out;
}

} // namespace

std::int64_t
add_restriction(Database& db, const RestrictionInput& input, const Actor& actor)
{
  Restriction r;
  r.who = normalised(input.who);
  if (blank(input.reason)) {
    throw Error(ExitCode::data_error, "--reason: say why contact is restricted");
  }
  if (blank(input.restricts)) {
    throw Error(ExitCode::data_error, "--restricts: say what is restricted");
  }
  not_after_today("--on", input.on, actor);
  review_after(input.review_on, input.on);
  r.reason = input.reason;
  r.restricts = input.restricts;
  r.review_on = input.review_on;
  r.made_on = input.on;
  r.made_by = actor.officer;
  Transaction tx(db);
  const auto id = detail::insert_restriction(db, r);
  tx.commit();
  return id;
}

int
erase_restrictions(Database& db, const std::vector<PersonalDetails>& people)
{
  int erased = 0;
  for (const auto& r : detail::load_restrictions(db, true)) {
    if (std::any_of(people.begin(), people.end(),
                    [&](const PersonalDetails& p) { return restriction_applies(r, p); })) {
      detail::delete_restriction(db, r.id);
      ++erased;
    }
  }
  return erased;
}

bool
restriction_applies(const Restriction& r, const PersonalDetails& p)
{
  const auto& w = r.who;
  if (w.empty()) {
    return false;
  }
  if (w.name && (!p.name || normalise_name(*p.name) != *w.name)) {
    return false;
  }
  if (w.email && (!p.email || normalise_email(*p.email) != *w.email)) {
    return false;
  }
  if (w.phone && (!p.phone || normalise_phone(*p.phone) != *w.phone)) {
    return false;
  }
  if (w.postcode && (!p.address || postcode_of_address(*p.address) != *w.postcode)) {
    return false;
  }
  return true;
}

std::vector<Restriction>
restrictions_for_person(Database& db, const std::optional<PersonalDetails>& person)
{
  std::vector<Restriction> out;
  if (!person) {
    return out;
  }
  for (auto& r : detail::load_restrictions(db, false)) {
    if (restriction_applies(r, *person)) {
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::vector<Restriction>
list_restrictions(Database& db, bool include_ended)
{
  return detail::load_restrictions(db, include_ended);
}

std::vector<Restriction>
restrictions_due_for_review(Database& db, Date as_of)
{
  std::vector<Restriction> out;
  for (auto& r : detail::load_restrictions(db, false)) {
    if (date::sys_days{r.review_on} <= date::sys_days{as_of}) {
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Restriction& a, const Restriction& b) {
    return date::sys_days{a.review_on} < date::sys_days{b.review_on};
  });
  return out;
}

void
review_restriction(Database& db, std::int64_t id, Date on, Date next, const Actor& actor)
{
  Transaction tx(db);
  require_in_force(db, id);
  not_after_today("--on", on, actor);
  review_after(next, on);
  detail::set_restriction_review(db, id, next);
  tx.commit();
}

void
end_restriction(Database& db, std::int64_t id, Date on, const std::string& reason,
                const Actor& actor)
{
  Transaction tx(db);
  const auto r = require_in_force(db, id);
  if (blank(reason)) {
    throw Error(ExitCode::data_error, "--reason: say why the restriction ends");
  }
  not_after_today("--on", on, actor);
  if (date::sys_days{on} < date::sys_days{r.made_on}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is before the restriction was made, {}",
                                                  format_date(on), format_date(r.made_on)));
  }
  detail::set_restriction_ended(db, id, on, actor.officer, reason);
  tx.commit();
}

std::string
render_restriction_notice(const std::vector<Restriction>& restrictions, Date as_of)
{
  std::string out;
  for (const auto& r : restrictions) {
    const bool overdue = date::sys_days{r.review_on} < date::sys_days{as_of};
    out += fmt::format("CONTACT RESTRICTED (#{}, since {}, review {}{}): {}. Reason: {}\n", r.id,
                       format_date(r.made_on), format_date(r.review_on),
                       overdue ? ", review overdue" : "", r.restricts, r.reason);
  }
  if (!out.empty()) {
    out += '\n';
  }
  return out;
}

std::string
render_restrictions(const std::vector<Restriction>& restrictions, Format format)
{
  std::vector<Row> rows;
  rows.reserve(restrictions.size());
  for (const auto& r : restrictions) {
    rows.push_back({static_cast<long long>(r.id), who_text(r.who), r.restricts, r.reason,
                    format_date(r.review_on), format_date(r.made_on), r.made_by,
                    r.ended_on ? Cell(format_date(*r.ended_on)) : Cell()});
  }
  return render(format,
                {"id", "who", "restricts", "reason", "review_on", "made_on", "made_by", "ended_on"},
                rows);
}

std::string
case_with_restrictions_to_json(const CaseView& view, const WorkingCalendar& calendar, Date as_of,
                               const std::vector<Restriction>& restrictions)
{
  using nlohmann::ordered_json;
  auto restricted = ordered_json::array();
  for (const auto& r : restrictions) {
    // The person is the case's own (its "person"): the identifying values are not repeated.
    restricted.push_back({{"id", r.id},
                          {"made_on", format_date(r.made_on)},
                          {"review_on", format_date(r.review_on)},
                          {"review_overdue", date::sys_days{r.review_on} < date::sys_days{as_of}},
                          {"restricts", r.restricts},
                          {"reason", r.reason}});
  }
  const auto json = detail::case_json(view, calendar, as_of);
  ordered_json out;
  for (const auto& [key, value] : json.items()) {
    out[key] = value;
    if (key == "person") {
      out["contact_restrictions"] = restricted;
    }
  }
  return detail::dump_case_json(out);
}

std::string
render_run_json(std::string_view steps_json, const std::vector<Restriction>& due)
{
  // Both arrays as the row renderer writes them, one row a line.
  auto trimmed = [](std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.remove_suffix(1);
    }
    return text;
  };
  const auto restrictions = render_restrictions(due, Format::json);
  return fmt::format("{{\"steps\": {},\n\"restrictions_due\": {}}}\n", trimmed(steps_json),
                     trimmed(restrictions));
}

} // namespace feedback
