// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/policy/policy.hpp>

#include <optional>
#include <string>
#include <vector>

namespace feedback {

struct Hold
{
  Date held_on;
  std::optional<Date> resumed_on; // nullopt: still on hold
  std::string reason;
};

struct Extension
{
  Date granted_on;
  int days = 0;
  std::string reason;
  // Beyond the stage's cap: the good reason for it (the stage allowing it); nullopt within it.
  std::optional<std::string> beyond_cap_reason = std::nullopt;
  std::optional<Date> customer_told_on = std::nullopt; // the day the customer was told
};

// What a stage's deadlines are derived from (docs/rules.md): its start, the timescales fixed when
// it started and what each counts from, its acknowledgement, its holds and its extensions. The
// calendar is the other input.
struct StageTimes
{
  Date started; // the day the customer asked for the stage (for a first stage, receipt)
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  std::vector<Hold> holds;
  std::vector<Extension> extensions;
  Anchor acknowledge_from = Anchor::request; // receipt or request
  Anchor respond_from = Anchor::request;
  std::optional<Date> received = std::nullopt; // the case's day of receipt; nullopt: `started`
  std::optional<Date> acknowledged =
      std::nullopt; // for a response counted from the acknowledgement
};

struct Deadlines
{
  std::optional<Date> acknowledge_due;
  // nullopt: no response timescale, or one counted from an acknowledgement not made yet whose
  // own deadline has not passed (respond_waits_for_acknowledgement).
  std::optional<Date> respond_due;
  // The response is due `respond_after_acknowledgement_days` working days after the
  // acknowledgement, which has not been made and is not late yet.
  bool respond_waits_for_acknowledgement = false;
  int respond_after_acknowledgement_days = 0; // the timescale with extensions and holds so far
  int extension_days = 0;                     // granted in all
  int hold_days = 0;    // working days on hold that moved the response deadline
  bool on_hold = false; // held on `as_of`
};

// The stage's deadlines on `as_of` (docs/rules.md, Deadlines and Anchors). Each is the end of a
// working day counted under the calendar's rule from its anchor: receipt, the stage's start
// (request), or for a response the acknowledgement: the day it was made, or its deadline if that
// was earlier (a late acknowledgement buys no time), or, not made yet, its deadline once that has
// passed on `as_of`; before then the response deadline waits. The acknowledgement deadline is
// fixed at the start. The response deadline moves later by each extension, and by each hold that
// began on or before it (the working days from the hold, inclusive, to the resumption,
// exclusive; a hold still running counts up to and including `as_of`; while the deadline waits
// for the acknowledgement, every hold counts). Holds and extensions apply in date order.
Deadlines compute_deadlines(const WorkingCalendar& calendar, const StageTimes& stage, Date as_of);

// What a stage has done so far, for deciding which of its deadlines are still to be met.
struct StageProgress
{
  bool running = true; // the case is not closed and the stage has not ended
  std::optional<Date> acknowledged;
  std::optional<Date> responded;
};

// The deadlines a stage still has to meet, the one rule that show, list, the overdue list and
// the nightly run share: the acknowledgement until the stage is acknowledged or responded to
// (a response counts as the acknowledgement), the response until it is responded to, neither
// once the stage stops running. A stage on hold keeps its pending deadlines, but they do not
// run: it is never overdue and is not escalated.
struct PendingDeadlines
{
  std::optional<Date> acknowledge;
  std::optional<Date> respond;
  bool held = false;

  bool any() const noexcept { return acknowledge || respond; }
};

PendingDeadlines pending_deadlines(const Deadlines& deadlines, const StageProgress& progress);

// Working days overdue on `as_of` of the most overdue pending deadline (negative: working days
// left), or nullopt when none is pending.
std::optional<int> days_overdue(const WorkingCalendar& calendar, const PendingDeadlines& pending,
                                Date as_of);

// The one rule of "overdue" (DOMAIN.md): a deadline is met on its last day and is overdue from
// the day after, working day or not. Due on Friday 27 November, it is overdue on Saturday 28
// (0 working days overdue until Monday, 1 on Monday 30). show, list, list --overdue and the
// overdue list all decide by it; the ladder's steps count working days (working_days_overdue).
bool deadline_passed(Date due, Date as_of) noexcept;

// True when a pending deadline has passed on `as_of` (deadline_passed) and the stage is not on
// hold.
bool is_overdue(const PendingDeadlines& pending, Date as_of) noexcept;

// Working days after `due` up to and including `as_of`: 0 on the due day, positive when
// overdue, negative for working days left.
int working_days_overdue(const WorkingCalendar& calendar, Date due, Date as_of);

// The count the overdue ladder's steps go by (DOMAIN.md: "past due -> team manager; 5 working
// days past due -> head of service; 10 -> director"): working_days_overdue, except that a
// deadline that has passed (deadline_passed) counts at least 1. So "past due" (the step at 1) is
// reached the calendar day after the deadline, weekend or bank holiday, as the overdue list and
// `show` call it overdue, and the later steps on their working day. Due Friday 27 November 2026:
// 0 on the Friday, 1 on Saturday 28, Sunday 29 and Monday 30, 2 on Tuesday 1 December.
int ladder_days_overdue(const WorkingCalendar& calendar, Date due, Date as_of);

// The first day on which ladder_days_overdue(due, day) reaches `days`: for 1, the day after
// `due`; otherwise the working day `days` working days after `due` (before it when negative).
Date ladder_day_reached(const WorkingCalendar& calendar, Date due, int days);

} // namespace feedback
