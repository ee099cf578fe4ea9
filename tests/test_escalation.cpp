// SPDX-License-Identifier: MIT
// The overdue ladder, the nightly run, stage escalation and remedies, with hand-checked dates
// (England and Wales).
#include "test_support.hpp"

#include <feedback/escalation/escalation.hpp>

#include <set>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

namespace {

struct Fixture : test::TestDatabase
{
  Actor actor{"a.officer", "2026-11-22T10:00:00Z", d("2026-11-22")};

  Fixture()
      : TestDatabase({test::k_highways, test::k_childrens_social_care, test::k_adult_social_care})
  {
  }

  std::string create(std::string_view received, std::string service = "HWY",
                     std::optional<std::string> sponsor = std::nullopt)
  {
    auto n =
        test::new_case("complaint", received, "phone", std::move(service), "Bins not collected");
    n.sponsor = std::move(sponsor);
    n.owner = "j.patel";
    return create_case(db, n, actor);
  }

  RunResult run(std::string_view as_of, DryRun dry = DryRun::no)
  {
    return run_escalation(db, calendar, d(as_of), dry, actor);
  }

  std::int64_t steps() { return number("SELECT count(*) FROM escalation_step"); }
};

std::set<std::string>
describe(const RunResult& r)
{
  std::set<std::string> out;
  for (const auto& a : r.actions) {
    out.insert(a.deadline + " " + a.level + " " + format_date(a.reached_on));
  }
  return out;
}

} // namespace

TEST_CASE("escalation: the ladder level for working days overdue", "[escalation]")
{
  const std::vector<LadderStep> ladder{{"due-soon", -2, "owner"},
                                       {"past-due", 1, "team-manager"},
                                       {"head-of-service", 5, "head-of-service"},
                                       {"director", 10, "director"}};
  CHECK(ladder_level(ladder, -3) == nullptr);
  CHECK(ladder_level(ladder, -2)->level == "due-soon");
  CHECK(ladder_level(ladder, 0)->level == "due-soon");
  CHECK(ladder_level(ladder, 1)->level == "past-due");
  CHECK(ladder_level(ladder, 9)->level == "head-of-service");
  CHECK(ladder_level(ladder, 10)->level == "director");
}

TEST_CASE("escalation: a response due on the Friday before Easter week", "[escalation][db]")
{
  Fixture f;
  // Received Fri 13 March 2026: acknowledge by Wed 18 March, respond by Fri 27 March.
  f.create("2026-03-13");
  const auto r = f.run("2026-04-07");
  // Response: due-soon two working days before (Wed 25 Mar), past due the day after, Saturday
  // 28 Mar, and +5 working days on Tue 7 April: Good Friday (3rd) and Easter Monday (6th) do
  // not count.
  // Acknowledgement: due-soon Mon 16, past due Thu 19, +5 Wed 25 March, +10 Wed 1 April.
  CHECK(describe(r) ==
        std::set<std::string>{"acknowledge due-soon 2026-03-16", "acknowledge past-due 2026-03-19",
                              "acknowledge head-of-service 2026-03-25",
                              "acknowledge director 2026-04-01", "respond due-soon 2026-03-25",
                              "respond past-due 2026-03-28", "respond head-of-service 2026-04-07"});
  CHECK(f.steps() == 7);
  const auto again = f.run("2026-04-07");
  CHECK(again.actions.empty());
  CHECK(again.already_recorded == 7);
  CHECK(f.steps() == 7);
}

TEST_CASE("escalation: a catch-up run records what nightly runs would have", "[escalation][db]")
{
  Fixture nightly;
  Fixture catch_up;
  nightly.create("2026-03-13");
  catch_up.create("2026-03-13");
  std::set<std::string> every_night;
  for (auto day = date::sys_days{d("2026-03-13")}; day <= date::sys_days{d("2026-04-14")};
       day += date::days{1}) {
    const auto r = nightly.run(format_date(Date{day}));
    const auto got = describe(r);
    every_night.insert(got.begin(), got.end());
  }
  const auto once = catch_up.run("2026-04-14");
  CHECK(describe(once) == every_night);
  CHECK(nightly.steps() == catch_up.steps());
}

TEST_CASE("escalation: a catch-up of hundreds of steps records each with its event, in order",
          "[escalation][db]")
{
  // More steps than one multi-row INSERT takes (200), and events than one of theirs (32), with
  // a short last batch of each: every step recorded once, the n-th escalation event the n-th
  // step's, and the audit chain whole.
  Fixture f;
  for (int i = 0; i < 40; ++i) {
    f.create("2026-03-13");
  }
  const auto r = f.run("2026-04-14");
  const auto count = static_cast<std::int64_t>(r.actions.size());
  REQUIRE(count > 256);
  CHECK(count % 40 == 0);
  CHECK(f.steps() == count);
  CHECK(f.number("SELECT count(*) FROM case_event WHERE kind = 'escalation'") == count);
  CHECK(f.number("SELECT count(*) FROM "
                 "(SELECT case_id, deadline, level, reached_on, "
                 "row_number() OVER (ORDER BY id) AS n FROM escalation_step) s "
                 "JOIN (SELECT case_id, from_value, to_value, on_date, "
                 "row_number() OVER (ORDER BY id) AS n FROM case_event "
                 "WHERE kind = 'escalation') e ON e.n = s.n AND e.case_id = s.case_id "
                 "AND e.from_value = s.deadline AND e.to_value = s.level "
                 "AND e.on_date = s.reached_on") == count);
  CHECK(check_database(f.db).ok);
  // Run again: nothing new, everything found recorded.
  const auto again = f.run("2026-04-14");
  CHECK(again.actions.empty());
  CHECK(again.already_recorded == count);
}

TEST_CASE("escalation: dry runs change nothing", "[escalation][db]")
{
  Fixture f;
  f.create("2026-03-13");
  const auto r = f.run("2026-04-07", DryRun::yes);
  CHECK(r.actions.size() == 7);
  CHECK(f.steps() == 0);
}

TEST_CASE("escalation: held cases are not escalated, and extensions restart the ladder",
          "[escalation][db]")
{
  Fixture f;
  const auto held = f.create("2026-11-02");
  const auto extended = f.create("2026-11-02");
  acknowledge_case(f.db, held, d("2026-11-03"), f.actor);
  acknowledge_case(f.db, extended, d("2026-11-03"), f.actor);
  hold_case(f.db, held, "waiting for the customer", d("2026-11-10"), f.actor);
  extend_case(f.db, f.calendar, extended, 10, "holding letter", f.actor);
  // Response originally due Mon 16 Nov; extended to Mon 30 Nov: due-soon from Thu 26 Nov.
  auto r = f.run("2026-11-20");
  CHECK(r.actions.empty());
  r = f.run("2026-11-26");
  REQUIRE(r.actions.size() == 1);
  CHECK(r.actions[0].reference == extended);
  CHECK(r.actions[0].level == "due-soon");
  CHECK(r.actions[0].due == d("2026-11-30"));
  const auto& calendar = f.calendar;
  OverdueFilter filter;
  std::vector<SkippedCase> skipped;
  CHECK(overdue_deadlines(f.db, calendar, filter, d("2026-11-26"), skipped).empty());
  filter.within = 2;
  const auto rows = overdue_deadlines(f.db, calendar, filter, d("2026-11-26"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].working_days_overdue == -2);
}

TEST_CASE("escalation: the overdue list counts working days after the due day", "[escalation][db]")
{
  Fixture f;
  const auto ref = f.create("2026-11-02"); // ack due Thu 5 Nov, respond due Mon 16 Nov
  const auto& calendar = f.calendar;
  OverdueFilter filter;
  std::vector<SkippedCase> skipped;
  auto rows = overdue_deadlines(f.db, calendar, filter, d("2026-11-05"), skipped);
  CHECK(rows.empty()); // due today is not yet overdue
  filter.within = 1;
  rows = overdue_deadlines(f.db, calendar, filter, d("2026-11-05"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].deadline == "acknowledge");
  CHECK(rows[0].working_days_overdue == 0);
  CHECK(rows[0].level == "due-soon");
  filter.within.reset();
  rows = overdue_deadlines(f.db, calendar, filter, d("2026-11-16"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].working_days_overdue == 7); // 6, 9, 10, 11, 12, 13, 16 Nov
  CHECK(rows[0].level == "head-of-service");
  acknowledge_case(f.db, ref, d("2026-11-16"), f.actor);
  CHECK(overdue_deadlines(f.db, calendar, filter, d("2026-11-16"), skipped).empty());
  rows = overdue_deadlines(f.db, calendar, filter, d("2026-11-17"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].deadline == "respond");
  CHECK(rows[0].working_days_overdue == 1);
  CHECK(skipped.empty());
}

TEST_CASE("escalation: sponsor reminders and remedies past due", "[escalation][db]")
{
  Fixture f;
  const auto ref = f.create("2026-11-02", "HWY", std::string("councillor"));
  acknowledge_case(f.db, ref, d("2026-11-03"), f.actor);
  respond_case(f.db, ref, std::string("upheld"), {}, d("2026-11-04"), f.actor);
  // Responded, so no deadline and no reminder is pending.
  CHECK(f.run("2026-11-20").actions.empty());

  const auto sponsored = f.create("2026-11-02", "HWY", std::string("mp"));
  acknowledge_case(f.db, sponsored, d("2026-11-03"), f.actor);
  extend_case(f.db, f.calendar, sponsored, 10, "complex", f.actor);
  // No update since receipt on Mon 2 Nov: reminders due Mon 9 and Mon 16 Nov.
  auto r = f.run("2026-11-20");
  CHECK(describe(r) == std::set<std::string>{"sponsor-update reminder 2026-11-09",
                                             "sponsor-update reminder 2026-11-16"});
  sponsor_update(f.db, sponsored, d("2026-11-19"), f.actor);
  CHECK(f.run("2026-11-25").actions.empty()); // next reminder due Thu 26 Nov
  // The next reminder is due Thu 26 Nov, as is the due-soon step of the extended response
  // (due Mon 30 Nov).
  CHECK(describe(f.run("2026-11-26")) ==
        std::set<std::string>{"sponsor-update reminder 2026-11-26", "respond due-soon 2026-11-26"});

  open_ombudsman(f.db, ref, "25 001 234", d("2026-11-10"), f.actor);
  record_decision(f.db, ref, "upheld", d("2026-11-12"), f.actor);
  const auto id =
      add_remedy(f.db, ref, "payment", parse_pounds("250.00"), d("2026-11-13"), f.actor);
  r = f.run("2026-11-13");
  CHECK(r.actions.empty());
  r = f.run("2026-11-14");
  REQUIRE(r.actions.size() == 1);
  CHECK(r.actions[0].deadline == "remedy");
  remedy_done(f.db, ref, id, d("2026-11-22"), f.actor);
  CHECK(f.run("2026-11-27").actions.empty()); // the remedy is done: nothing past due
  CHECK(error_code_of([&] { remedy_done(f.db, ref, id, d("2026-11-22"), f.actor); }) ==
        ExitCode::data_error);
}

TEST_CASE("escalation: sponsor reminders are not recorded again after a stage escalation",
          "[escalation][db]")
{
  Fixture f;
  const auto ref = f.create("2026-11-02", "HWY", std::string("councillor"));
  CHECK(f.run("2026-11-16").actions.size() >= 2); // reminders due 9 and 16 Nov, and the ladder
  acknowledge_case(f.db, ref, d("2026-11-03"), f.actor);
  respond_case(f.db, ref, std::string("not-upheld"), {}, d("2026-11-16"), f.actor);
  escalate_stage(f.db, f.calendar, ref, {d("2026-11-17"), "unhappy", std::nullopt}, f.actor);
  // Stage 2 started Tue 17 Nov: the next reminder is due five working days later, Tue 24 Nov.
  auto reminders = [](const RunResult& r) {
    std::set<std::string> out;
    for (const auto& item : describe(r)) {
      if (item.rfind("sponsor-update", 0) == 0) {
        out.insert(item);
      }
    }
    return out;
  };
  CHECK(reminders(f.run("2026-11-17")).empty());
  CHECK(reminders(f.run("2026-11-23")).empty());
  CHECK(reminders(f.run("2026-11-24")) ==
        std::set<std::string>{"sponsor-update reminder 2026-11-24"});
}

TEST_CASE("escalation: stages follow the procedure, within the window", "[escalation][db]")
{
  Fixture f;
  const auto& calendar = f.calendar;
  const auto ref = f.create("2026-10-01");
  StageRequest req{d("2026-10-20"), "still unhappy", std::nullopt};
  CHECK(error_code_of([&] { escalate_stage(f.db, calendar, ref, req, f.actor); }) ==
        ExitCode::data_error); // not yet responded
  respond_case(f.db, ref, std::string("not-upheld"), {}, d("2026-10-09"), f.actor);
  CHECK(escalate_stage(f.db, calendar, ref, req, f.actor) == "corporate stage 2");
  auto v = *find_case(f.db, calendar, ref, d("2026-10-20"));
  CHECK(v.status == CaseStatus::open);
  CHECK(v.stages.size() == 2);
  // Stage 2 from Tue 20 Oct 2026: acknowledge in 3, respond in 20 working days.
  CHECK(v.current()->deadlines.acknowledge_due == d("2026-10-23"));
  CHECK(v.current()->deadlines.respond_due == d("2026-11-17"));
  // Stage 2 is an independent review: another officer responds.
  Actor reviewer = f.actor;
  reviewer.officer = "b.reviewer";
  respond_case(f.db, ref, std::string("not-upheld"), {}, d("2026-11-10"), reviewer);
  CHECK_THAT(
      message_of([&] {
        escalate_stage(f.db, calendar, ref, {d("2026-11-12"), "still", std::nullopt}, f.actor);
      }),
      Catch::Matchers::Contains("Ombudsman"));

  // Childrens-statutory 1 -> 2 -> 3; a late request needs an override.
  const auto csc = f.create("2026-06-01", "CSC");
  respond_case(f.db, csc, std::string("upheld"), {}, d("2026-06-10"), f.actor);
  // 20 working days after Wed 10 June is Wed 8 July; Thu 9 July is one day late.
  CHECK_THAT(
      message_of([&] {
        escalate_stage(f.db, calendar, csc, {d("2026-07-09"), "unhappy", std::nullopt}, f.actor);
      }),
      Catch::Matchers::Contains("1 working day late"));
  CHECK(escalate_stage(f.db, calendar, csc, {d("2026-07-09"), "unhappy", std::string("was ill")},
                       f.actor) == "childrens-statutory stage 2");
  respond_case(f.db, csc, std::string("upheld"), {}, d("2026-08-10"), f.actor);
  CHECK(escalate_stage(f.db, calendar, csc, {d("2026-08-12"), "panel", std::nullopt}, f.actor) ==
        "childrens-statutory stage 3");

  const auto asc = f.create("2026-06-01", "ASC");
  respond_case(f.db, asc, std::string("upheld"), {}, d("2026-06-10"), f.actor);
  CHECK(error_code_of([&] {
          escalate_stage(f.db, calendar, asc, {d("2026-06-11"), "x", std::nullopt}, f.actor);
        }) == ExitCode::data_error);
}

TEST_CASE("escalation: money is exact pence", "[escalation]")
{
  CHECK(parse_pounds("250.00") == 25000);
  CHECK(parse_pounds("250") == 25000);
  CHECK(parse_pounds("250.5") == 25050);
  CHECK(parse_pounds("1,250.99") == 125099);
  CHECK(parse_pounds("0.10") == 10);
  CHECK_FALSE(parse_pounds("12.345").has_value());
  CHECK_FALSE(parse_pounds("-5").has_value());
  CHECK_FALSE(parse_pounds("abc").has_value());
  CHECK_FALSE(parse_pounds("").has_value());
  CHECK_FALSE(parse_pounds("5.").has_value());
  CHECK(parse_pounds("12,345,678.00") == 1234567800);
  CHECK_FALSE(parse_pounds("1,25").has_value()); // a decimal comma, perhaps: refused
  CHECK_FALSE(parse_pounds(",5").has_value());
  CHECK_FALSE(parse_pounds("1,,2").has_value());
  CHECK_FALSE(parse_pounds("1234,567").has_value());
  CHECK_FALSE(parse_pounds("£5").has_value());
  CHECK(format_pounds(125099) == "£1,250.99");
  CHECK(format_pounds(5) == "£0.05");
}

// SQLite only: a bad date stored past the CHECKs with SQLite's ignore_check_constraints.
TEST_CASE("escalation: a case with a bad stored date is skipped, the rest go on",
          "[escalation][db][sqlite-only]")
{
  Fixture f;
  const auto good = f.create("2026-11-02"); // ack due Thu 5 Nov, respond due Mon 16 Nov
  const auto bad = f.create("2026-11-02");
  f.db.exec("PRAGMA ignore_check_constraints = 1");
  f.db.exec("INSERT INTO case_hold (stage_id, held_on, reason) SELECT current_stage, "
            "'2026-13-01', 'hand edit' FROM case_record WHERE reference = 'FB-2026-000002'");
  f.db.exec("PRAGMA ignore_check_constraints = 0");
  const std::string problem =
      "bad date in case_hold.held_on: '2026-13-01' (not a date from 1971-01-01 to 2199-12-31)";
  OverdueFilter filter;
  std::vector<SkippedCase> skipped;
  const auto rows = overdue_deadlines(f.db, f.calendar, filter, d("2026-11-16"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].reference == good);
  CHECK(rows[0].working_days_overdue == 7);
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].reference == bad);
  CHECK(skipped[0].problem == problem);
  const auto r = f.run("2026-11-16");
  CHECK_FALSE(r.actions.empty());
  for (const auto& a : r.actions) {
    CHECK(a.reference == good);
  }
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0].reference == bad);
  CHECK(r.skipped[0].problem == problem);
}

TEST_CASE("escalation: sponsor reminders counted from the case's history", "[escalation]")
{
  const auto calendar = test::calendar();
  SponsorHistory h;
  h.received = d("2026-11-02");
  SECTION("every five working days from receipt; an update restarts the count")
  {
    // Stage 1 waits from Mon 2 Nov until its response on Wed 25 Nov; stage 2 from Thu 26 Nov.
    h.updates = {d("2026-11-18")};
    h.waiting = {{1, d("2026-11-02"), d("2026-11-25")}, {2, d("2026-11-26"), std::nullopt}};
    const auto r = sponsor_reminders(calendar, h, 5, d("2026-08-01"), d("2026-12-10"));
    // 9 and 16 Nov; the update on Wed 18 Nov moves the next to Wed 25 Nov, the day of the
    // response: none. Stage 2 from Thu 26 Nov: Thu 3 Dec and Thu 10 Dec.
    REQUIRE(r.size() == 4);
    CHECK(r[0].due == d("2026-11-09"));
    CHECK(r[0].stage_id == 1);
    CHECK(r[1].due == d("2026-11-16"));
    CHECK(r[2].due == d("2026-12-03"));
    CHECK(r[2].stage_id == 2);
    CHECK(r[3].due == d("2026-12-10"));
    // Only those due on or after `from`.
    const auto later = sponsor_reminders(calendar, h, 5, d("2026-11-10"), d("2026-12-09"));
    REQUIRE(later.size() == 2);
    CHECK(later[0].due == d("2026-11-16"));
    CHECK(later[1].due == d("2026-12-03"));
  }
  SECTION("an update on the day a reminder falls due meets it")
  {
    h.updates = {d("2026-11-09")};
    h.waiting = {{1, d("2026-11-02"), std::nullopt}};
    const auto r = sponsor_reminders(calendar, h, 5, d("2026-08-01"), d("2026-11-16"));
    REQUIRE(r.size() == 1);
    CHECK(r[0].due == d("2026-11-16"));
  }
  SECTION("over a bank holiday: Mon 31 Aug 2026")
  {
    h.received = d("2026-08-17");
    h.waiting = {{1, d("2026-08-17"), std::nullopt}};
    const auto r = sponsor_reminders(calendar, h, 5, d("2026-08-01"), d("2026-09-01"));
    REQUIRE(r.size() == 2);
    CHECK(r[0].due == d("2026-08-24"));
    CHECK(r[1].due == d("2026-09-01"));
  }
}

TEST_CASE("escalation: a catch-up records the reminders of nights before an update",
          "[escalation][db]")
{
  Fixture f;
  const auto ref = f.create("2026-11-02", "HWY", std::string("councillor"));
  f.run("2026-11-03");
  // The runs of 4 to 20 Nov were missed; the sponsor was told on Thu 19 Nov.
  sponsor_update(f.db, ref, d("2026-11-19"), f.actor);
  std::set<std::string> reminders;
  for (const auto& item : describe(f.run("2026-11-20"))) {
    if (item.rfind("sponsor-update", 0) == 0) {
      reminders.insert(item);
    }
  }
  // The nights of 9 and 16 Nov would have reminded the owner; the next is due Thu 26 Nov.
  CHECK(reminders == std::set<std::string>{"sponsor-update reminder 2026-11-09",
                                           "sponsor-update reminder 2026-11-16"});
}

TEST_CASE("escalation: a catch-up records the reminders of a case closed in the missed nights",
          "[escalation][db]")
{
  Fixture f;
  const auto ref = f.create("2026-11-02", "HWY", std::string("councillor"));
  const auto other = f.create("2026-10-01", "HWY", std::string("councillor"));
  f.run("2026-11-03");
  // The runs of 4 to 26 Nov were missed; the case was withdrawn on Mon 23 Nov and the other one
  // on Tue 3 Nov, before the first missed night (the run of 3 Nov saw it open).
  Actor later = f.actor;
  later.today = d("2026-11-26");
  withdraw_case(f.db, other, d("2026-11-03"), later);
  withdraw_case(f.db, ref, d("2026-11-23"), later);
  std::set<std::string> reminders;
  for (const auto& a : f.run("2026-11-26").actions) {
    CHECK(a.reference == ref);
    reminders.insert(format_date(a.due));
  }
  // The nights of 9 and 16 Nov would have reminded the owner; 23 Nov, the day it closed, not.
  CHECK(reminders == std::set<std::string>{"2026-11-09", "2026-11-16"});
  // The next night's run records nothing more.
  CHECK(f.run("2026-11-27").actions.empty());
}
