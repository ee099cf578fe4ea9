// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>

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
};

// What a stage's deadlines are derived from (docs/rules.md): its start, the timescales fixed when
// it started, its holds and its extensions. The calendar is the other input.
struct StageTimes
{
  Date started;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  std::vector<Hold> holds;
  std::vector<Extension> extensions;
};

struct Deadlines
{
  std::optional<Date> acknowledge_due;
  std::optional<Date> respond_due;
  int extension_days = 0; // granted in all
  int hold_days = 0;      // working days on hold that moved the response deadline
  bool on_hold = false;   // held on `as_of`
};

// The stage's deadlines on `as_of`. Each is the end of a working day counted under the
// calendar's rule. The acknowledgement deadline is fixed at the start. The response deadline
// moves later by each extension, and by each hold that began on or before it (the working
// days from the hold, inclusive, to the resumption, exclusive; a hold still running counts
// up to and including `as_of`). Holds and extensions apply in date order.
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

// True when a pending deadline is past due on `as_of` and the stage is not on hold.
bool is_overdue(const WorkingCalendar& calendar, const PendingDeadlines& pending, Date as_of);

// Working days after `due` up to and including `as_of`: 0 on the due day, positive when
// overdue, negative for working days left.
int working_days_overdue(const WorkingCalendar& calendar, Date due, Date as_of);

} // namespace feedback
