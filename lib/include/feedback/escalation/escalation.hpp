// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// ---- stage escalation and the Ombudsman ----

struct StageRequest
{
  Date on;                                    // the day the customer asked
  std::string reason;                         // why the customer is still dissatisfied
  std::optional<std::string> override_reason; // an officer's reason to accept a late request
};

// Moves a responded case to the next stage of its procedure (corporate 1 -> 2, childrens-
// statutory 1 -> 2 -> 3, send 1 -> corporate 2) with deadlines from the policy in force now.
// A case at informal resolution (stage 0), open or resolved informally, goes to stage 1 the day
// the customer asks, with no window. Throws Error(data_error) if the case has not been responded
// to, is with the Ombudsman awaiting a decision, if the next step is the Ombudsman (saying so),
// or if the request is past the procedure's window without `override_reason` (saying how many
// working days late). Returns e.g. "corporate stage 2".
std::string escalate_stage(Database& db, const WorkingCalendar& calendar,
                           std::string_view reference, const StageRequest& request,
                           const Actor& actor);

// The decision kinds of the policy council-default; the policy in force decides which are
// accepted (Vocabulary, WordKind::ombudsman_decision).
inline constexpr std::string_view k_ombudsman_decisions[] = {
    "incomplete-or-invalid", "referred-back", "closed-after-initial-enquiries",
    "advice-given",          "not-upheld",    "upheld"};
inline constexpr std::string_view k_remedy_kinds[] = {"apology", "payment", "fresh-assessment",
                                                      "service-change"};

// How a case came to the Ombudsman.
enum class OmbudsmanOrigin
{
  after_response, // after the council's final response
  premature,      // before the council's procedure was done (usually referred back)
  not_logged,     // the Ombudsman asked about a complaint the council had never logged
};
// "after-response", "premature", "not-logged".
std::string_view ombudsman_origin_name(OmbudsmanOrigin origin) noexcept;

// Opens the Ombudsman phase of a case and returns how it came: premature when the council's
// procedure is not done (the current stage not responded to, or responded to with a further
// stage the customer could ask for), else after the response. Throws Error(data_error) if it is
// already with the Ombudsman.
OmbudsmanOrigin open_ombudsman(Database& db, std::string_view reference, std::string_view their_ref,
                               Date on, const Actor& actor);

// The Ombudsman asks about a complaint the council never logged: records it as a new case
// (`input`, received on the day the Ombudsman made contact) at the start of its procedure, with
// its Ombudsman phase open (not-logged). Returns its reference.
std::string record_ombudsman_enquiry(Database& db, const NewCase& input, std::string_view their_ref,
                                     const Actor& actor);

// Records the Ombudsman's decision: one of the policy's decision kinds, not retired.
void record_decision(Database& db, std::string_view reference, std::string_view decision, Date on,
                     const Actor& actor);

// Pounds as written ("250", "250.5", "250.00", "1,250.00") to exact integer pence, or nullopt.
std::optional<std::int64_t> parse_pounds(std::string_view text) noexcept;
// "£1,250.00".
std::string format_pounds(std::int64_t pence);

// Records a remedy agreed after the Ombudsman's decision; returns its id. A payment needs
// an amount, other kinds must not have one.
std::int64_t add_remedy(Database& db, std::string_view reference, std::string_view kind,
                        std::optional<std::int64_t> amount_pence, Date due, const Actor& actor);
// The same agreed on `on`: not before the Ombudsman's decision, not after `actor.today`
// (Error(data_error) naming `--on` and the date).
std::int64_t add_remedy(Database& db, std::string_view reference, std::string_view kind,
                        std::optional<std::int64_t> amount_pence, Date due, Date on,
                        const Actor& actor);
void remedy_done(Database& db, std::string_view reference, std::int64_t remedy_id, Date on,
                 const Actor& actor);

// ---- the overdue ladder ----

// The ladder step `days_overdue` reaches (the highest whose threshold it meets), or nullptr.
const LadderStep* ladder_level(const std::vector<LadderStep>& ladder, int days_overdue) noexcept;

// One pending deadline of an open case, as the overdue list and the nightly run see it.
struct DeadlineRow
{
  std::int64_t case_id = 0;
  std::int64_t stage_id = 0;
  std::string reference;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::optional<std::string> procedure;
  std::optional<int> stage;
  std::string deadline; // acknowledge, respond
  Date due;
  int working_days_overdue = 0; // 0 on the due day, negative: working days left
  std::optional<std::string> level;
  std::optional<std::string> sponsor;
};

struct OverdueFilter
{
  std::optional<int> within; // also list deadlines due in the next N working days
  std::optional<std::string> service;
  std::optional<std::string> owner;
};

// Every pending acknowledgement and response deadline of open cases that has passed on `as_of`
// (deadline_passed: from the day after it, working day or not) and, with `within`, those due
// within that many working days, in order of service, owner, due date and reference. Cases on hold
// are left out: their deadline is not running. A case with a bad stored value is left out and added
// to `skipped`.
std::vector<DeadlineRow> overdue_deadlines(Database& db, const WorkingCalendar& calendar,
                                           const OverdueFilter& filter, Date as_of,
                                           std::vector<SkippedCase>& skipped);

// The same rows handed to `each` one at a time, in that order, so that a caller writing them as
// they come holds no list (the whole council's: 60,000 rows). The row is reused between calls:
// copy what is kept. `skipped` is complete before the first call.
void for_each_overdue_deadline(Database& db, const WorkingCalendar& calendar,
                               const OverdueFilter& filter, Date as_of,
                               std::vector<SkippedCase>& skipped,
                               const std::function<void(const DeadlineRow&)>& each);

// One step the nightly run recorded (or, in a dry run, would record).
struct EscalationAction
{
  std::string reference;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::string deadline; // acknowledge, respond, sponsor-update, remedy
  std::string level;
  std::string notify;
  Date due;
  Date reached_on;
};

struct RunResult
{
  std::vector<EscalationAction> actions; // new steps, by reached_on then reference
  std::int64_t already_recorded = 0;     // steps reached that earlier runs had recorded
  std::vector<SkippedCase> skipped;      // open cases left out for a bad stored value
};

enum class DryRun
{
  no,
  yes
};

// What a sponsored case's reminders are counted from: its receipt, the days its sponsor was told
// of progress, and the spans in which a stage waited for its response ([from, until): from the
// stage's start to its response or end), oldest first.
struct SponsorHistory
{
  Date received;
  std::vector<Date> updates;
  struct Span
  {
    std::int64_t stage_id = 0;
    Date from;
    std::optional<Date> until;
  };
  std::vector<Span> waiting;
};

struct SponsorReminder
{
  Date due;
  std::int64_t stage_id = 0; // the stage waiting then
};

// The sponsor-update reminders a run every night up to `as_of` records for `history`, oldest
// first: on night d a reminder falls due when a stage is waiting for its response and d is
// `every` working days, or a multiple, after the latest of the receipt, the stage's start and
// the last update on or before d. Only reminders due on or after `from` are listed.
std::vector<SponsorReminder> sponsor_reminders(const WorkingCalendar& calendar,
                                               const SponsorHistory& history, int every, Date from,
                                               Date as_of);

// The nightly run for `as_of`: records every ladder step reached by `as_of` (acknowledgement
// and response separately), sponsor-update reminders and remedies past due, each once, with
// the day it was reached, so a missed night is caught up and a second run changes nothing: a
// catch-up after missed nights records the same steps, with the same dates, as the nightly runs
// would have (sponsor reminders counted from each case's history, not only its state today).
RunResult run_escalation(Database& db, const WorkingCalendar& calendar, Date as_of, DryRun dry_run,
                         const Actor& actor);

} // namespace feedback
