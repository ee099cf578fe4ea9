// SPDX-License-Identifier: MIT
// The overdue ladder: which deadlines of open cases are late, and the nightly run that records
// each step once on the day it was reached.
#include "storage/escalation_store.hpp"

#include <feedback/escalation/escalation.hpp>
#include <feedback/storage/exclusive_run.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

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

using detail::OpenCase;

struct Pending
{
  std::string_view deadline; // acknowledge, respond
  Date due;
};

// The deadlines of `c` still to be met on `as_of` (the rule of cases/deadlines.hpp); none while
// the case is on hold, as its deadlines are not running.
std::vector<Pending>
pending_deadlines(const WorkingCalendar& calendar, const OpenCase& c, Date as_of)
{
  auto times = stage_times(c.stage, c.received);
  times.holds = c.holds;
  times.extensions = c.extensions;
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

namespace {

// The few distinct texts of a column (services, owners, procedures, sponsors), each kept once:
// a row of the overdue list holds their numbers, not copies, until the list is sorted.
class TextPool
{
public:
  // The number of `text` (0: none).
  std::uint32_t id(const std::optional<std::string>& text)
  {
    if (!text) {
      return 0;
    }
    if (m_last != 0 && m_texts[m_last] == *text) {
      return m_last; // the cases of one service often come together
    }
    const auto [it, added] = m_ids.try_emplace(*text, static_cast<std::uint32_t>(m_texts.size()));
    if (added) {
      m_texts.push_back(*text);
    }
    m_last = it->second;
    return m_last;
  }

  std::optional<std::string> text(std::uint32_t id) const
  {
    return id == 0 ? std::nullopt : std::optional<std::string>(m_texts[id]);
  }

  // Each number's place in the order of the texts (none sorts as ""), equal texts equal.
  std::vector<std::uint32_t> ranks() const
  {
    std::vector<std::uint32_t> by_text(m_texts.size());
    for (std::uint32_t i = 0; i < by_text.size(); ++i) {
      by_text[i] = i;
    }
    std::sort(by_text.begin(), by_text.end(),
              [this](std::uint32_t a, std::uint32_t b) { return m_texts[a] < m_texts[b]; });
    std::vector<std::uint32_t> rank(m_texts.size());
    std::uint32_t r = 0;
    for (std::size_t i = 0; i < by_text.size(); ++i) {
      if (i > 0 && m_texts[by_text[i]] != m_texts[by_text[i - 1]]) {
        ++r;
      }
      rank[by_text[i]] = r;
    }
    return rank;
  }

private:
  std::vector<std::string> m_texts{std::string()}; // 0: none, sorting as ""
  std::map<std::string, std::uint32_t, std::less<>> m_ids;
  std::uint32_t m_last = 0;
};

// A row of the overdue list before it is sorted: small, so that 60,000 of them are cheap to
// collect and sort; the DeadlineRow is made once, in its place in the order.
struct Found
{
  std::int64_t case_id = 0;
  std::int64_t stage_id = 0;
  std::string reference;
  std::uint32_t service = 0;
  std::uint32_t owner = 0;
  std::uint32_t procedure = 0;
  std::uint32_t sponsor = 0;
  std::optional<int> stage;
  int due = 0; // day_number
  int days = 0;
  bool respond = false;
  const LadderStep* level = nullptr;
};

} // namespace

void
for_each_overdue_deadline(Database& db, const WorkingCalendar& calendar,
                          const OverdueFilter& filter, Date as_of,
                          std::vector<SkippedCase>& skipped,
                          const std::function<void(const DeadlineRow&)>& each)
{
  const auto policy = load_policy(db);
  TextPool services;
  TextPool owners;
  TextPool others; // procedures and sponsors: never sorted by
  std::vector<Found> found;
  // Each case is read, its deadlines worked out and, if listed, kept as a small row: the cases
  // are not held.
  detail::for_each_open_case(db, filter.service, filter.owner, skipped, [&](detail::OpenCase& c) {
    for (const auto& p : pending_deadlines(calendar, c, as_of)) {
      const int days = working_days_overdue(calendar, p.due, as_of);
      if (!(deadline_passed(p.due, as_of) || (filter.within && days >= -*filter.within))) {
        continue;
      }
      Found f;
      f.case_id = c.case_id;
      f.stage_id = c.stage.id;
      f.reference = c.reference;
      f.service = services.id(c.service);
      f.owner = owners.id(c.owner);
      f.procedure = others.id(c.stage.procedure);
      f.sponsor = others.id(c.sponsor);
      f.stage = c.stage.stage;
      f.due = day_number(p.due);
      f.days = days;
      f.respond = p.deadline == "respond";
      f.level = ladder_level(policy.ladder, ladder_days_overdue(calendar, p.due, as_of));
      found.push_back(std::move(f));
    }
  });
  // In order of service, owner, due date, reference and deadline (acknowledge first), the
  // services and owners compared by rank, not as text.
  const auto service_rank = services.ranks();
  const auto owner_rank = owners.ranks();
  struct Key
  {
    std::uint32_t service;
    std::uint32_t owner;
    int due;
    std::uint32_t index;
  };
  std::vector<Key> keys;
  keys.reserve(found.size());
  for (std::uint32_t i = 0; i < found.size(); ++i) {
    const auto& f = found[i];
    keys.push_back({service_rank[f.service], owner_rank[f.owner], f.due, i});
  }
  std::sort(keys.begin(), keys.end(), [&found](const Key& a, const Key& b) {
    if (std::tie(a.service, a.owner, a.due) != std::tie(b.service, b.owner, b.due)) {
      return std::tie(a.service, a.owner, a.due) < std::tie(b.service, b.owner, b.due);
    }
    const auto& fa = found[a.index];
    const auto& fb = found[b.index];
    return std::tie(fa.reference, fa.respond) < std::tie(fb.reference, fb.respond);
  });
  DeadlineRow r;
  for (const auto& k : keys) {
    auto& f = found[k.index];
    r.case_id = f.case_id;
    r.stage_id = f.stage_id;
    r.reference = std::move(f.reference);
    r.service = services.text(f.service);
    r.owner = owners.text(f.owner);
    r.procedure = others.text(f.procedure);
    r.stage = f.stage;
    r.deadline = f.respond ? "respond" : "acknowledge";
    r.due = from_day_number(f.due);
    r.working_days_overdue = f.days;
    if (f.level != nullptr) {
      r.level = f.level->level;
    } else {
      r.level.reset();
    }
    r.sponsor = others.text(f.sponsor);
    each(r);
  }
}

std::vector<DeadlineRow>
overdue_deadlines(Database& db, const WorkingCalendar& calendar, const OverdueFilter& filter,
                  Date as_of, std::vector<SkippedCase>& skipped)
{
  std::vector<DeadlineRow> rows;
  for_each_overdue_deadline(db, calendar, filter, as_of, skipped,
                            [&rows](const DeadlineRow& r) { rows.push_back(r); });
  return rows;
}

namespace {

using StepKey = std::tuple<std::int64_t, std::int64_t, std::string, std::string, int, std::int64_t>;

// A night's run records sponsor reminders due up to this many working days before it, so a
// first run over old cases is not buried in reminders. A catch-up counts it from the first night
// it stands for (the day after the last run), so that it records what each of those nights would.
constexpr int k_reminder_catch_up_days = 30;

} // namespace

std::vector<SponsorReminder>
sponsor_reminders(const WorkingCalendar& calendar, const SponsorHistory& history, int every,
                  Date from, Date as_of)
{
  std::vector<SponsorReminder> out;
  if (every <= 0) {
    return out;
  }
  const auto before = [](Date a, Date b) { return date::sys_days{a} < date::sys_days{b}; };
  for (const auto& span : history.waiting) {
    // The count starts at the latest of the receipt, the stage's start and the last update on
    // or before it.
    Date last = span.from;
    if (before(last, history.received)) {
      last = history.received;
    }
    auto next_update = history.updates.begin();
    while (next_update != history.updates.end() && !before(last, *next_update)) {
      ++next_update;
    }
    for (;;) {
      Date due = calendar.add_working_days(last, every);
      // An update on or before the day the reminder would fall due restarts the count from it.
      bool restarted = false;
      while (next_update != history.updates.end() && !before(due, *next_update)) {
        last = *next_update++;
        restarted = true;
      }
      if (restarted) {
        continue;
      }
      if (before(as_of, due) || (span.until && !before(due, *span.until))) {
        break;
      }
      if (!before(due, from)) {
        out.push_back({due, span.stage_id});
      }
      last = due;
    }
  }
  return out;
}

RunResult
run_escalation(Database& db, const WorkingCalendar& calendar, Date as_of, DryRun dry_run,
               const Actor& actor)
{
  std::optional<ExclusiveRun> exclusive;
  std::optional<Transaction> tx;
  if (dry_run == DryRun::no) {
    exclusive.emplace(db); // two runs never overlap (PostgreSQL: the second exits 75)
    tx.emplace(db);        // IMMEDIATE: the run reads and writes one consistent state
  }
  const auto policy = load_policy(db);
  auto ladder = policy.ladder;
  std::sort(ladder.begin(), ladder.end(), [](const LadderStep& a, const LadderStep& b) {
    return a.days_overdue < b.days_overdue;
  });
  const int reminder_days = static_cast<int>(policy.setting("sponsor_update_days", 5));

  // The first night this run stands for: the day after the last run, when that is earlier.
  Date first_night = as_of;
  if (const auto last_run = detail::latest_run(db)) {
    const Date after{date::sys_days{*last_run} + date::days{1}};
    if (date::sys_days{after} < date::sys_days{as_of}) {
      first_night = after;
    }
  }

  // A case closed after the first night was open on a night this run stands for (a catch-up):
  // its reminders due before it closed are recorded as those nights' runs would have recorded
  // them. On a run the night after the last, none is: those due before today were recorded.
  const auto closed_after = date::sys_days{first_night} < date::sys_days{as_of}
                                ? std::optional<Date>(first_night)
                                : std::nullopt;
  std::set<StepKey> recorded;
  for (auto& step : detail::load_recorded_steps(db, closed_after)) {
    // Sponsor reminders belong to the case, not a stage: keyed with stage 0 so that a stage
    // escalation does not record the same reminders again.
    const auto stage_id = step.deadline == "sponsor-update" ? 0 : step.stage_id;
    recorded.emplace(step.case_id, stage_id, std::move(step.deadline), std::move(step.level),
                     day_number(step.due), step.remedy_id);
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

  const auto open = detail::load_open_cases(db, std::nullopt, std::nullopt, result.skipped);
  const auto histories = reminder_days > 0 ? detail::load_sponsor_histories(db, closed_after)
                                           : std::map<std::int64_t, SponsorHistory>{};
  const Date oldest =
      calendar.offset_working_days(calendar.roll_forward(first_night), -k_reminder_catch_up_days);
  auto remind = [&](const OpenCase& c) {
    // Counted from the case's history, so that a catch-up after missed nights records what
    // those nights would have, also where the sponsor was updated, the stage responded to or
    // the case closed since. No reminder falls due while the case waits, responded, for the
    // customer's next step.
    const auto history = histories.find(c.case_id);
    if (history == histories.end()) {
      return;
    }
    for (const auto& r :
         sponsor_reminders(calendar, history->second, reminder_days, oldest, as_of)) {
      consider(c, r.stage_id, 0, "sponsor-update", "reminder", "owner", r.due, r.due);
    }
  };
  for (const auto& c : open) {
    for (const auto& p : pending_deadlines(calendar, c, as_of)) {
      // The overdue list's level and the steps recorded go by the same count.
      const int days = ladder_days_overdue(calendar, p.due, as_of);
      for (const auto& step : ladder) {
        if (days < step.days_overdue) {
          break;
        }
        consider(c, c.stage.id, 0, p.deadline, step.level, step.notify, p.due,
                 ladder_day_reached(calendar, p.due, step.days_overdue));
      }
    }
    if (c.sponsor && reminder_days > 0) {
      remind(c);
    }
  }
  if (reminder_days > 0 && closed_after) {
    for (const auto& c : detail::load_sponsored_closed_after(db, *closed_after)) {
      remind(c);
    }
  }

  for (const auto& r : detail::remedies_past_due(db, as_of)) {
    OpenCase c;
    c.case_id = r.case_id;
    c.reference = r.reference;
    c.service = r.service;
    c.owner = r.owner;
    consider(c, r.stage_id, r.remedy_id, "remedy", "past-due", "owner", r.due,
             Date{date::sys_days{r.due} + date::days{1}});
  }

  // By the day each was reached, then reference, deadline and due day. A catch-up after a
  // long gap finds hundreds of thousands: the order is sorted as indices on keys worked out once
  // (comparing tuples built per comparison copied two strings each time, and moving the steps
  // themselves moved five strings each; together a fifth of such a run).
  struct Days
  {
    int reached;
    int due;
  };
  std::vector<Days> days;
  days.reserve(steps.size());
  for (const auto& s : steps) {
    days.push_back({day_number(s.action.reached_on), day_number(s.action.due)});
  }
  std::vector<std::size_t> order(steps.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    const auto& a = steps[i].action;
    const auto& b = steps[j].action;
    return std::forward_as_tuple(days[i].reached, a.reference, a.deadline, days[i].due) <
           std::forward_as_tuple(days[j].reached, b.reference, b.deadline, days[j].due);
  });

  if (dry_run == DryRun::no) {
    detail::StepWriter writer(db, as_of, actor);
    std::string detail_text;
    for (const auto i : order) {
      const auto& s = steps[i];
      const auto& a = s.action;
      detail_text = fmt::format("{} deadline {}: {}, notify {}", a.deadline, format_date(a.due),
                                a.level, a.notify);
      writer.write({s.case_id, s.stage_id, s.remedy_id, a.deadline, a.level, a.notify, a.due,
                    a.reached_on, detail_text});
    }
    writer.flush();
    tx->commit();
  }
  result.actions.reserve(steps.size());
  for (const auto i : order) {
    result.actions.push_back(std::move(steps[i].action));
  }
  return result;
}

} // namespace feedback
