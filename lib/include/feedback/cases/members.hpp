// SPDX-License-Identifier: MIT
// Members' view of the cases they sponsor: `list --sponsor NAME|KIND` and the weekly digest
// each councillor or MP is sent (feedback-escalate member-digest).
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/output.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// Narrows `filter` to the cases `sponsor` sponsors: a kind of sponsor (councillor, mp,
// chief-executive) names every case of that kind, any other text a sponsor's name (the same
// name, ignoring ASCII case). Throws Error(usage) for an empty or blank `sponsor`.
void add_sponsor_filter(ListFilter& filter, std::string_view sponsor);

// One sponsored case in a member's digest.
struct MemberCase
{
  CaseRow row;
  std::optional<Date> sponsor_updated; // when the sponsor was last told, if ever
};

// A member (or the chief executive) and the cases they sponsor that are not closed.
struct MemberDigest
{
  std::string kind;                // councillor, mp or chief-executive
  std::optional<std::string> name; // nullopt when the case names no one
  std::vector<MemberCase> cases;   // by date received, then reference
};

// The member as people and file names see them: "Cllr Ann Jones (councillor)", or
// "unnamed councillor" when no name was recorded.
std::string member_label(const MemberDigest& member);

// Every sponsor with a case not closed, each with those cases and their deadlines as of
// `as_of`: named members by name (ignoring ASCII case; the first spelling met is kept), then
// the unnamed of each kind (councillor, mp, chief-executive). A case with a bad stored value is
// left out and added to `skipped`.
std::vector<MemberDigest> member_digest(Database& db, const WorkingCalendar& calendar, Date as_of,
                                        std::vector<SkippedCase>& skipped);

// The columns of a digest for scripts, in order.
const std::vector<std::string>& member_digest_columns();

// A digest. Format::table gives each member a heading ("Cllr Ann Jones (councillor): 2 cases")
// and a table of their cases (reference, service, status, stage, next deadline, due, working
// days overdue, sponsor last updated), a blank line between members; an empty digest is empty
// (cron mails nothing). Other formats are one document of member_digest_columns(), the member's
// rows together.
std::string render_member_digest(const std::vector<MemberDigest>& members, Format format);

} // namespace feedback
