// SPDX-License-Identifier: MIT
// Contact restrictions: a council may restrict contact with an unreasonably persistent
// complainant under its own policy. A restriction names the person (as `person find` matches
// them), the reason, what is restricted and when it is next reviewed; it shows on each of the
// person's cases, and the nightly run lists those due for review.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/privacy/privacy.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/output.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

struct RestrictionInput
{
  PersonQuery who;       // each given field must match (normalised as find_person does)
  std::string reason;    // why, under the council's policy
  std::string restricts; // what is restricted, e.g. "phone contact; one named officer only"
  Date review_on;        // when it is next reviewed
  Date on;               // the day it was decided (not after today)
};

struct Restriction
{
  std::int64_t id = 0;
  PersonQuery who; // normalised
  std::string reason;
  std::string restricts;
  Date review_on;
  Date made_on;
  std::string made_by;
  std::optional<Date> ended_on;
  std::optional<std::string> ended_by;
  std::optional<std::string> end_reason;
};

// Records a restriction and returns its id. Throws Error(usage) for no identifying field, an
// empty one or a postcode that is not one (as find_person), Error(data_error) for a blank
// reason or `restricts`, a decision day after today or a review day not after it.
std::int64_t add_restriction(Database& db, const RestrictionInput& input, const Actor& actor);

// Whether `person` (a case's personal data) is the person `r` names: every field it gives
// matches, normalised.
bool restriction_applies(const Restriction& r, const PersonalDetails& person);

// For an erasure (privacy/privacy.cpp): deletes every restriction, in force or ended, that
// applies to one of `people` (the restriction names them, so it is their personal data);
// returns how many. Inside the caller's transaction.
int erase_restrictions(Database& db, const std::vector<PersonalDetails>& people);

// The restrictions in force (not ended) that apply to `person`, by id; none for nullopt.
std::vector<Restriction> restrictions_for_person(Database& db,
                                                 const std::optional<PersonalDetails>& person);

// Every restriction by id; with `include_ended` false, only those in force.
std::vector<Restriction> list_restrictions(Database& db, bool include_ended);

// The restrictions in force whose review day is on or before `as_of`, by review day then id.
std::vector<Restriction> restrictions_due_for_review(Database& db, Date as_of);

// Records a review of restriction `id` on `on` that keeps it, to be reviewed again on `next`
// (after `on`). Throws Error(data_error) for an unknown or ended restriction or a bad day.
void review_restriction(Database& db, std::int64_t id, Date on, Date next, const Actor& actor);

// Ends restriction `id` on `on`, saying why. Throws Error(data_error) for an unknown or ended
// restriction, a blank reason or a day after today.
void end_restriction(Database& db, std::int64_t id, Date on, const std::string& reason,
                     const Actor& actor);

// The lines `show` puts above a case whose person is restricted: "CONTACT RESTRICTED (#1,
// review 2027-05-01): phone contact only via the complaints team. Reason: ...", one per
// restriction, "review overdue" once its day has passed `as_of`; empty for none.
std::string render_restriction_notice(const std::vector<Restriction>& restrictions, Date as_of);

// Restrictions as rows for the officers who keep them: id, who (the identifying values as
// matched, "name: a resident; email: a@example.org"), restricts, reason, review_on, made_on,
// made_by, ended_on.
std::string render_restrictions(const std::vector<Restriction>& restrictions, Format format);

// `show --format json`: the case's JSON (case_to_json) with "contact_restrictions" after
// "person": the restrictions in force on the case's person (`restrictions`, as
// restrictions_for_person gives them), each with id, made_on, review_on, review_overdue (its
// day passed before `as_of`), restricts and reason, as `show` prints them above the case; []
// for none.
std::string case_with_restrictions_to_json(const CaseView& view, const WorkingCalendar& calendar,
                                           Date as_of,
                                           const std::vector<Restriction>& restrictions);

// The nightly run's JSON (`feedback-escalate run --format json`): an object holding "steps",
// `steps_json` (the steps as render_escalation_steps writes them in JSON), and
// "restrictions_due", the restrictions due for review (`due`) as render_restrictions writes
// them.
std::string render_run_json(std::string_view steps_json, const std::vector<Restriction>& due);

} // namespace feedback
