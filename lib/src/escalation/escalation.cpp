// SPDX-License-Identifier: MIT
// The overdue ladder: which deadlines of open cases are late, and the nightly run that records
// each step once on the day it was reached.
#include "storage/case_store.hpp"

#include <feedback/escalation/escalation.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace feedback {

const LadderStep*
ladder_level(const std::vector<LadderStep>& ladder, int days_overdue) noexcept
{
  const LadderStep* reached = nullptr;
  for (const auto& step : ladder) {
    if (days_overdue >= step.days_overdue &&
        (reached == nullptr || step.days_overdue > reached->days_overdue)) {
      reached = &step;
    }
  }
  return reached;
}

namespace {

// An open case's current stage with everything its deadlines depend on, read in bulk: one
// query for the cases and one each for holds and extensions, so a night with 100,000 open
// cases costs three scans of the open-case index, not 300,000 lookups.
struct OpenCase
{
  std::int64_t case_id = 0;
  std::string reference;
  std::optional<std::string> service;
  std::optional<std::string> owner;
  std::optional<std::string> sponsor;
  std::optional<Date> sponsor_updated;
  Date received;
  CaseStatus status = CaseStatus::open;
  StageRecord stage;
  std::vector<Hold> holds;
  std::vector<Extension> extensions;
};

std::vector<OpenCase>
load_open_cases(Database& db, const std::optional<std::string>& service,
                const std::optional<std::string>& owner)
{
  using detail::optional_int;
  using detail::stored_date;
  using detail::stored_optional_date;
  using detail::stored_status;
  std::string sql = "SELECT c.id, c.reference, c.service, c.owner, c.sponsor, c.sponsor_updated, "
                    "c.received, c.status, s.id, s.procedure, s.stage, s.started, "
                    "s.acknowledge_days, s.respond_days, s.acknowledged, s.responded "
                    "FROM case_record c JOIN case_stage s ON s.id = c.current_stage "
                    "WHERE c.status <> 'closed'";
  if (service) {
    sql += " AND c.service = ?1";
  }
  if (owner) {
    sql += " AND c.owner = ?2";
  }
  Statement st(db, sql);
  if (service) {
    st.bind(1, *service);
  }
  if (owner) {
    st.bind(2, *owner);
  }
  std::vector<OpenCase> cases;
  std::unordered_map<std::int64_t, std::size_t> by_stage;
  while (st.step()) {
    OpenCase c;
    c.case_id = st.column_int64(0);
    c.reference = st.column_text(1).value_or("");
    c.service = st.column_text(2);
    c.owner = st.column_text(3);
    c.sponsor = st.column_text(4);
    c.sponsor_updated = stored_optional_date(st, 5, "case_record.sponsor_updated");
    c.received = stored_date(st.column_view(6), "case_record.received");
    c.status = stored_status(st.column_view(7), "case_record.status");
    c.stage.id = st.column_int64(8);
    c.stage.procedure = st.column_text(9);
    c.stage.stage = optional_int(st, 10);
    c.stage.started = stored_date(st.column_view(11), "case_stage.started");
    c.stage.acknowledge_days = optional_int(st, 12);
    c.stage.respond_days = optional_int(st, 13);
    c.stage.acknowledged = stored_optional_date(st, 14, "case_stage.acknowledged");
    c.stage.responded = stored_optional_date(st, 15, "case_stage.responded");
    by_stage.emplace(c.stage.id, cases.size());
    cases.push_back(std::move(c));
  }
  // Holds and extensions are few beside the cases: one pass over each table, kept where the
  // stage is an open case's, costs less than probing them for 100,000 open cases. Their order
  // does not matter: compute_deadlines applies them in date order.
  Statement holds(db, "SELECT stage_id, held_on, resumed_on FROM case_hold");
  while (holds.step()) {
    const auto it = by_stage.find(holds.column_int64(0));
    if (it != by_stage.end()) {
      cases[it->second].holds.push_back({stored_date(holds.column_view(1), "case_hold.held_on"),
                                         stored_optional_date(holds, 2, "case_hold.resumed_on"),
                                         {}});
    }
  }
  Statement ext(db, "SELECT stage_id, granted_on, days FROM case_extension");
  while (ext.step()) {
    const auto it = by_stage.find(ext.column_int64(0));
    if (it != by_stage.end()) {
      cases[it->second].extensions.push_back(
          {stored_date(ext.column_view(1), "case_extension.granted_on"), ext.column_int(2), ""});
    }
  }
  return cases;
}

struct Pending
{
  std::string deadline;
  Date due;
};

// The deadlines of `c` still to be met on `as_of` (the rule of cases/deadlines.hpp); none while
// the case is on hold, as its deadlines are not running.
std::vector<Pending>
pending_deadlines(const WorkingCalendar& calendar, const OpenCase& c, Date as_of)
{
  const StageTimes times{c.stage.started, c.stage.acknowledge_days, c.stage.respond_days, c.holds,
                         c.extensions};
  const auto pending = feedback::pending_deadlines(
      compute_deadlines(calendar, times, as_of),
      {c.status != CaseStatus::closed, c.stage.acknowledged, c.stage.responded});
  std::vector<Pending> out;
  if (pending.held) {
    return out;
  }
  if (pending.acknowledge) {
    out.push_back({"acknowledge", *pending.acknowledge});
  }
  if (pending.respond) {
    out.push_back({"respond", *pending.respond});
  }
  return out;
}

} // namespace

std::vector<DeadlineRow>
overdue_deadlines(Database& db, const WorkingCalendar& calendar, const OverdueFilter& filter,
                  Date as_of)
{
  const auto policy = load_policy(db);
  std::vector<DeadlineRow> rows;
  for (const auto& c : load_open_cases(db, filter.service, filter.owner)) {
    for (const auto& p : pending_deadlines(calendar, c, as_of)) {
      const int days = working_days_overdue(calendar, p.due, as_of);
      if (!(days > 0 || (filter.within && days >= -*filter.within))) {
        continue;
      }
      DeadlineRow r;
      r.case_id = c.case_id;
      r.stage_id = c.stage.id;
      r.reference = c.reference;
      r.service = c.service;
      r.owner = c.owner;
      r.procedure = c.stage.procedure;
      r.stage = c.stage.stage;
      r.deadline = p.deadline;
      r.due = p.due;
      r.working_days_overdue = days;
      if (const auto* step = ladder_level(policy.ladder, days)) {
        r.level = step->level;
      }
      r.sponsor = c.sponsor;
      rows.push_back(std::move(r));
    }
  }
  // Sort an index, not the rows: moving the rows themselves was half the time of a 60,000-row
  // list.
  struct Key
  {
    std::string_view service; // "" sorts first, as nullopt did
    std::string_view owner;
    int due;
    std::string_view reference;
    bool respond;
    std::uint32_t index;
  };
  std::vector<Key> keys;
  keys.reserve(rows.size());
  for (std::uint32_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    keys.push_back({r.service ? std::string_view(*r.service) : std::string_view(),
                    r.owner ? std::string_view(*r.owner) : std::string_view(), day_number(r.due),
                    r.reference, r.deadline == "respond", i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(a.service, a.owner, a.due, a.reference, a.respond) <
           std::tie(b.service, b.owner, b.due, b.reference, b.respond);
  });
  std::vector<DeadlineRow> sorted;
  sorted.reserve(rows.size());
  for (const auto& k : keys) {
    sorted.push_back(std::move(rows[k.index]));
  }
  return sorted;
}

namespace {

using StepKey = std::tuple<std::int64_t, std::int64_t, std::string, std::string, int, std::int64_t>;

// Sponsor reminders older than this many working days before the run are not recorded
// afresh: a month of missed nights is caught up without burying an old case in reminders.
constexpr int k_reminder_catch_up_days = 30;

} // namespace

RunResult
run_escalation(Database& db, const WorkingCalendar& calendar, Date as_of, DryRun dry_run,
               const Actor& actor)
{
  std::optional<Transaction> tx;
  if (dry_run == DryRun::no) {
    tx.emplace(db); // IMMEDIATE: the run reads and writes one consistent state
  }
  const auto policy = load_policy(db);
  auto ladder = policy.ladder;
  std::sort(ladder.begin(), ladder.end(), [](const LadderStep& a, const LadderStep& b) {
    return a.days_overdue < b.days_overdue;
  });
  const int reminder_days = static_cast<int>(policy.setting("sponsor_update_days", 5));

  std::set<StepKey> recorded;
  {
    Statement st(db, "SELECT e.case_id, e.stage_id, e.deadline, e.level, e.due, e.remedy_id "
                     "FROM escalation_step e JOIN case_record c ON c.id = e.case_id "
                     "WHERE c.status <> 'closed' OR e.deadline = 'remedy'");
    while (st.step()) {
      const std::string deadline(st.column_view(2));
      // Sponsor reminders belong to the case, not a stage: keyed with stage 0 so that a
      // stage escalation does not record the same reminders again.
      recorded.emplace(st.column_int64(0), deadline == "sponsor-update" ? 0 : st.column_int64(1),
                       deadline, std::string(st.column_view(3)),
                       day_number(detail::stored_date(st.column_view(4), "escalation_step.due")),
                       st.column_int64(5));
    }
  }

  RunResult result;
  struct NewStep
  {
    std::int64_t case_id;
    std::int64_t stage_id;
    std::int64_t remedy_id;
    EscalationAction action;
  };
  std::vector<NewStep> steps;
  auto consider = [&](const OpenCase& c, std::int64_t stage_id, std::int64_t remedy_id,
                      std::string_view deadline, std::string_view level, std::string_view notify,
                      Date due, Date reached_on) {
    const StepKey key{c.case_id,
                      deadline == "sponsor-update" ? 0 : stage_id,
                      std::string(deadline),
                      std::string(level),
                      day_number(due),
                      remedy_id};
    if (recorded.count(key) != 0) {
      ++result.already_recorded;
      return;
    }
    recorded.insert(key);
    steps.push_back({c.case_id,
                     stage_id,
                     remedy_id,
                     {c.reference, c.service, c.owner, std::string(deadline), std::string(level),
                      std::string(notify), due, reached_on}});
  };

  const auto open = load_open_cases(db, std::nullopt, std::nullopt);
  for (const auto& c : open) {
    for (const auto& p : pending_deadlines(calendar, c, as_of)) {
      const int days = working_days_overdue(calendar, p.due, as_of);
      for (const auto& step : ladder) {
        if (days < step.days_overdue) {
          break;
        }
        consider(c, c.stage.id, 0, p.deadline, step.level, step.notify, p.due,
                 calendar.offset_working_days(p.due, step.days_overdue));
      }
    }
    if (c.sponsor && c.status == CaseStatus::open && reminder_days > 0) {
      // Count from the last update, or from the start of the current stage if later: no
      // reminder falls due while the case waited, responded, for the customer's next step.
      Date last = c.sponsor_updated ? *c.sponsor_updated : c.received;
      if (date::sys_days{c.stage.started} > date::sys_days{last}) {
        last = c.stage.started;
      }
      const Date oldest =
          calendar.offset_working_days(calendar.roll_forward(as_of), -k_reminder_catch_up_days);
      for (int k = 1;; ++k) {
        const Date due = calendar.add_working_days(last, k * reminder_days);
        if (date::sys_days{due} > date::sys_days{as_of}) {
          break;
        }
        if (date::sys_days{due} >= date::sys_days{oldest}) {
          consider(c, c.stage.id, 0, "sponsor-update", "reminder", "owner", due, due);
        }
      }
    }
  }

  {
    Statement st(db, "SELECT r.id, r.due, c.id, c.reference, c.service, c.owner, c.current_stage "
                     "FROM remedy r JOIN case_record c ON c.id = r.case_id "
                     "WHERE r.done_on IS NULL AND r.due < ?1");
    st.bind(1, format_date(as_of));
    while (st.step()) {
      OpenCase c;
      c.case_id = st.column_int64(2);
      c.reference = st.column_text(3).value_or("");
      c.service = st.column_text(4);
      c.owner = st.column_text(5);
      const Date due = detail::stored_date(st.column_view(1), "remedy.due");
      consider(c, st.column_int64(6), st.column_int64(0), "remedy", "past-due", "owner", due,
               Date{date::sys_days{due} + date::days{1}});
    }
  }

  std::sort(steps.begin(), steps.end(), [](const NewStep& a, const NewStep& b) {
    return std::tuple(day_number(a.action.reached_on), a.action.reference, a.action.deadline,
                      day_number(a.action.due)) < std::tuple(day_number(b.action.reached_on),
                                                             b.action.reference, b.action.deadline,
                                                             day_number(b.action.due));
  });

  if (dry_run == DryRun::no) {
    Statement ins(db, "INSERT INTO escalation_step (case_id, stage_id, deadline, level, due, "
                      "reached_on, notify, remedy_id, run_as_of, recorded_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    // Escalation is not activity by an officer: last_activity is left alone.
    Statement event(db, "INSERT INTO case_event (case_id, at, on_date, officer, kind, from_value, "
                        "to_value, detail) VALUES (?1, ?2, ?3, ?4, 'escalation', ?5, ?6, ?7)");
    const auto run_day = format_date(as_of);
    for (const auto& s : steps) {
      const auto& a = s.action;
      ins.reset();
      ins.bind(1, s.case_id).bind(2, s.stage_id).bind(3, a.deadline).bind(4, a.level);
      ins.bind(5, format_date(a.due)).bind(6, format_date(a.reached_on)).bind(7, a.notify);
      ins.bind(8, s.remedy_id).bind(9, run_day).bind(10, actor.now).run();
      event.reset();
      event.bind(1, s.case_id).bind(2, actor.now).bind(3, format_date(a.reached_on));
      event.bind(4, actor.officer).bind(5, a.deadline).bind(6, a.level);
      event.bind(7, fmt::format("{} deadline {}: {}, notify {}", a.deadline, format_date(a.due),
                                a.level, a.notify));
      event.run();
    }
    tx->commit();
  }
  for (auto& s : steps) {
    result.actions.push_back(std::move(s.action));
  }
  return result;
}

} // namespace feedback
