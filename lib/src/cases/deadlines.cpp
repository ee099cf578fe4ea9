// SPDX-License-Identifier: MIT
#include <feedback/cases/deadlines.hpp>

#include <algorithm>

namespace feedback {

namespace {

bool
before(Date a, Date b) noexcept
{
  return date::sys_days{a} < date::sys_days{b};
}

} // namespace

Deadlines
compute_deadlines(const WorkingCalendar& calendar, const StageTimes& stage, Date as_of)
{
  Deadlines out;
  const Date received = stage.received.value_or(stage.started);
  if (stage.acknowledge_days) {
    const Date from = stage.acknowledge_from == Anchor::receipt ? received : stage.started;
    out.acknowledge_due = calendar.add_working_days(from, *stage.acknowledge_days);
  }
  for (const auto& hold : stage.holds) {
    if (!hold.resumed_on && date::sys_days{hold.held_on} <= date::sys_days{as_of}) {
      out.on_hold = true;
    }
  }
  if (!stage.respond_days) {
    return out;
  }
  // The response's anchor; nullopt while it waits for an acknowledgement not yet due.
  std::optional<Date> from;
  switch (stage.respond_from) {
  case Anchor::receipt:
    from = received;
    break;
  case Anchor::request:
    from = stage.started;
    break;
  case Anchor::acknowledgement:
    if (!out.acknowledge_due) {
      from = stage.started; // a policy check refuses this; a stored stage counts from its start
    } else if (stage.acknowledged) {
      from = before(*stage.acknowledged, *out.acknowledge_due) ? *stage.acknowledged
                                                               : *out.acknowledge_due;
    } else if (before(*out.acknowledge_due, as_of)) {
      from = *out.acknowledge_due;
    }
    break;
  }
  std::optional<Date> due;
  int waiting_days = *stage.respond_days;
  if (from) {
    due = calendar.add_working_days(*from, *stage.respond_days);
  }

  // Apply extensions and holds in the order they happened: whether a hold moves the deadline
  // depends on the deadline at the time it began (docs/rules.md, Holds: only a deadline not yet
  // passed moves).
  struct Change
  {
    Date on;
    int order; // extensions before holds on the same day
    const Extension* extension;
    const Hold* hold;
  };
  std::vector<Change> changes;
  for (const auto& e : stage.extensions) {
    changes.push_back({e.granted_on, 0, &e, nullptr});
  }
  for (const auto& h : stage.holds) {
    changes.push_back({h.held_on, 1, nullptr, &h});
  }
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return date::sys_days{a.on} < date::sys_days{b.on} || (a.on == b.on && a.order < b.order);
  });
  for (const auto& change : changes) {
    if (change.extension != nullptr) {
      if (due) {
        due = calendar.add_working_days(*due, change.extension->days);
      }
      waiting_days += change.extension->days;
      out.extension_days += change.extension->days;
      continue;
    }
    const Hold& hold = *change.hold;
    if (due && date::sys_days{hold.held_on} > date::sys_days{*due}) {
      continue; // the deadline had already passed when the case was put on hold
    }
    // A running hold counts up to and including as_of: the projection if it resumed tomorrow.
    const Date end =
        hold.resumed_on ? *hold.resumed_on : Date{date::sys_days{as_of} + date::days{1}};
    const int days = calendar.working_days_in(hold.held_on, end);
    if (days > 0) {
      if (due) {
        due = calendar.add_working_days(*due, days);
      }
      waiting_days += days;
      out.hold_days += days;
    }
  }
  out.respond_due = due;
  if (!from) {
    out.respond_waits_for_acknowledgement = true;
    out.respond_after_acknowledgement_days = waiting_days;
  }
  return out;
}

PendingDeadlines
pending_deadlines(const Deadlines& deadlines, const StageProgress& progress)
{
  PendingDeadlines out;
  if (!progress.running) {
    return out;
  }
  out.held = deadlines.on_hold;
  if (!progress.responded) {
    out.respond = deadlines.respond_due;
    if (!progress.acknowledged) {
      out.acknowledge = deadlines.acknowledge_due;
    }
  }
  return out;
}

std::optional<int>
days_overdue(const WorkingCalendar& calendar, const PendingDeadlines& pending, Date as_of)
{
  std::optional<int> most;
  for (const auto& due : {pending.acknowledge, pending.respond}) {
    if (due) {
      const int days = working_days_overdue(calendar, *due, as_of);
      most = most ? std::max(*most, days) : days;
    }
  }
  return most;
}

bool
deadline_passed(Date due, Date as_of) noexcept
{
  return date::sys_days{as_of} > date::sys_days{due};
}

bool
is_overdue(const PendingDeadlines& pending, Date as_of) noexcept
{
  const auto passed = [as_of](const std::optional<Date>& due) {
    return due && deadline_passed(*due, as_of);
  };
  return !pending.held && (passed(pending.acknowledge) || passed(pending.respond));
}

int
working_days_overdue(const WorkingCalendar& calendar, Date due, Date as_of)
{
  return calendar.working_day_difference(due, as_of);
}

int
ladder_days_overdue(const WorkingCalendar& calendar, Date due, Date as_of)
{
  const int days = working_days_overdue(calendar, due, as_of);
  return deadline_passed(due, as_of) ? std::max(days, 1) : days;
}

Date
ladder_day_reached(const WorkingCalendar& calendar, Date due, int days)
{
  if (days == 1) {
    return Date{date::sys_days{due} + date::days{1}};
  }
  return calendar.offset_working_days(due, days);
}

} // namespace feedback
