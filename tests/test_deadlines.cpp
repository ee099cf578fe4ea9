// SPDX-License-Identifier: MIT
// Deadlines with hand-checked dates (England and Wales unless said otherwise).
#include "test_support.hpp"

#include <feedback/cases/deadlines.hpp>

using namespace feedback;
using feedback::test::calendar;
using feedback::test::d;

namespace {

StageTimes
corporate_stage1(std::string_view started)
{
  StageTimes t;
  t.started = d(started);
  t.acknowledge_days = 3;
  t.respond_days = 10;
  return t;
}

} // namespace

TEST_CASE("deadlines: received on a Saturday", "[deadlines]")
{
  const auto cal = calendar();
  // Sat 21 Nov 2026 counts as Mon 23 Nov: acknowledge by Thu 26, respond by Mon 7 Dec.
  const auto dl = compute_deadlines(cal, corporate_stage1("2026-11-21"), d("2026-11-22"));
  CHECK(dl.acknowledge_due == d("2026-11-26"));
  CHECK(dl.respond_due == d("2026-12-07"));
  CHECK_FALSE(dl.on_hold);
}

TEST_CASE("deadlines: over Easter", "[deadlines]")
{
  const auto cal = calendar();
  // Wed 1 April 2026; Good Friday 3 April and Easter Monday 6 April are not counted.
  const auto dl = compute_deadlines(cal, corporate_stage1("2026-04-01"), d("2026-04-01"));
  CHECK(dl.acknowledge_due == d("2026-04-08"));
  CHECK(dl.respond_due == d("2026-04-17"));
}

TEST_CASE("deadlines: over Christmas with closure days", "[deadlines]")
{
  // Fri 18 Dec 2026: 25 and 28 Dec and 1 Jan are bank holidays.
  CHECK(
      compute_deadlines(calendar(), corporate_stage1("2026-12-18"), d("2026-12-18")).respond_due ==
      d("2027-01-06"));
  // With the council closed 29-31 December, three more days fall out.
  const auto closed = calendar({{d("2026-12-29"), "Christmas closure"},
                                {d("2026-12-30"), "Christmas closure"},
                                {d("2026-12-31"), "Christmas closure"}});
  CHECK(compute_deadlines(closed, corporate_stage1("2026-12-18"), d("2026-12-18")).respond_due ==
        d("2027-01-11"));
}

TEST_CASE("deadlines: a closure added later moves a running deadline", "[deadlines]")
{
  // Received Mon 2 Nov 2026: due Mon 16 Nov; a closure on Tue 10 Nov makes it Tue 17 Nov.
  CHECK(
      compute_deadlines(calendar(), corporate_stage1("2026-11-02"), d("2026-11-03")).respond_due ==
      d("2026-11-16"));
  CHECK(compute_deadlines(calendar({{d("2026-11-10"), "flood"}}), corporate_stage1("2026-11-02"),
                          d("2026-11-03"))
            .respond_due == d("2026-11-17"));
}

TEST_CASE("deadlines: a hold spanning a bank holiday", "[deadlines]")
{
  const auto cal = calendar();
  // Received Mon 27 April 2026: due Tue 12 May (Mon 4 May is the early May bank holiday).
  auto stage = corporate_stage1("2026-04-27");
  CHECK(compute_deadlines(cal, stage, d("2026-04-27")).respond_due == d("2026-05-12"));
  // On hold Thu 30 April, resumed Wed 6 May: 30 Apr, 1 May and 5 May are 3 working days.
  stage.holds.push_back({d("2026-04-30"), d("2026-05-06"), "waiting for photos"});
  const auto dl = compute_deadlines(cal, stage, d("2026-05-06"));
  CHECK(dl.hold_days == 3);
  CHECK(dl.respond_due == d("2026-05-15"));
  CHECK_FALSE(dl.on_hold);
  // The acknowledgement deadline (Thu 30 April) is not moved by the hold.
  CHECK(dl.acknowledge_due == d("2026-04-30"));
}

TEST_CASE("deadlines: a running hold counts up to today", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = corporate_stage1("2026-11-02");
  stage.holds.push_back({d("2026-11-10"), std::nullopt, "clarifying"});
  // Held Tue 10 Nov; on Thu 12 Nov three working days are on hold: due moves 16 -> 19 Nov.
  const auto dl = compute_deadlines(cal, stage, d("2026-11-12"));
  CHECK(dl.on_hold);
  CHECK(dl.hold_days == 3);
  CHECK(dl.respond_due == d("2026-11-19"));
}

TEST_CASE("deadlines: a hold after the deadline passed moves nothing", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = corporate_stage1("2026-11-02");
  stage.holds.push_back({d("2026-11-18"), d("2026-11-20"), "late"});
  CHECK(compute_deadlines(cal, stage, d("2026-11-20")).respond_due == d("2026-11-16"));
  // A hold beginning on the due day itself: the deadline has not yet passed, so it moves.
  auto same_day = corporate_stage1("2026-11-02");
  same_day.holds.push_back({d("2026-11-16"), d("2026-11-17"), "same day"});
  CHECK(compute_deadlines(cal, same_day, d("2026-11-17")).respond_due == d("2026-11-17"));
}

TEST_CASE("deadlines: extensions move the response deadline", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = corporate_stage1("2026-11-02");
  stage.extensions.push_back({d("2026-11-12"), 10, "holding letter"});
  const auto dl = compute_deadlines(cal, stage, d("2026-11-12"));
  CHECK(dl.respond_due == d("2026-11-30"));
  CHECK(dl.extension_days == 10);
  CHECK(dl.acknowledge_due == d("2026-11-05"));
}

TEST_CASE("deadlines: no response deadline without respond days", "[deadlines]")
{
  StageTimes t;
  t.started = d("2026-11-02");
  t.acknowledge_days = 5; // a compliment: pass it on within 5 working days
  const auto dl = compute_deadlines(calendar(), t, d("2026-11-02"));
  CHECK(dl.acknowledge_due == d("2026-11-09"));
  CHECK_FALSE(dl.respond_due.has_value());
}

TEST_CASE("deadlines: working days overdue", "[deadlines]")
{
  const auto cal = calendar();
  // Due Thu 2 April 2026, before the Easter weekend.
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-01")) == -1);
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-02")) == 0);
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-03")) == 0); // Good Friday
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-06")) == 0); // Easter Monday
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-07")) == 1);
  CHECK(working_days_overdue(cal, d("2026-04-02"), d("2026-04-14")) == 6);
}

TEST_CASE("deadlines: the ladder's count: past due from the day after", "[deadlines]")
{
  const auto cal = calendar();
  // Due Fri 27 November 2026: 2 working days left on Wed 25, 0 on the day, 1 (past due) from
  // Saturday 28 though no working day has passed, 2 on Tuesday 1 December, 5 on Friday 4.
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-11-25")) == -2);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-11-27")) == 0);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-11-28")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-11-29")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-11-30")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-12-01")) == 2);
  CHECK(ladder_days_overdue(cal, d("2026-11-27"), d("2026-12-04")) == 5);
  // The working-day count itself is unchanged: 0 over the weekend.
  CHECK(working_days_overdue(cal, d("2026-11-27"), d("2026-11-29")) == 0);
  // Due Fri 28 August 2026, before the summer bank holiday (Mon 31): past due from Saturday
  // 29 to Tuesday 1 September, 2 on Wednesday 2, 5 on Monday 7 September.
  CHECK(ladder_days_overdue(cal, d("2026-08-28"), d("2026-08-29")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-08-28"), d("2026-08-31")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-08-28"), d("2026-09-01")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-08-28"), d("2026-09-02")) == 2);
  CHECK(ladder_days_overdue(cal, d("2026-08-28"), d("2026-09-07")) == 5);
  // Due Thu 2 April 2026, before Good Friday: past due on the Friday.
  CHECK(ladder_days_overdue(cal, d("2026-04-02"), d("2026-04-03")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-04-02"), d("2026-04-07")) == 1);
  CHECK(ladder_days_overdue(cal, d("2026-04-02"), d("2026-04-08")) == 2);
}

TEST_CASE("deadlines: the day a ladder step is reached", "[deadlines]")
{
  const auto cal = calendar();
  // Due Fri 27 November 2026: due soon (-2) Wed 25, past due (1) Sat 28, 2 on Tue 1 December,
  // head of service (5) Fri 4, director (10) Fri 11.
  CHECK(ladder_day_reached(cal, d("2026-11-27"), -2) == d("2026-11-25"));
  CHECK(ladder_day_reached(cal, d("2026-11-27"), 0) == d("2026-11-27"));
  CHECK(ladder_day_reached(cal, d("2026-11-27"), 1) == d("2026-11-28"));
  CHECK(ladder_day_reached(cal, d("2026-11-27"), 2) == d("2026-12-01"));
  CHECK(ladder_day_reached(cal, d("2026-11-27"), 5) == d("2026-12-04"));
  CHECK(ladder_day_reached(cal, d("2026-11-27"), 10) == d("2026-12-11"));
  // Due Mon 30 November: past due Tuesday 1 December, a working day like any other.
  CHECK(ladder_day_reached(cal, d("2026-11-30"), 1) == d("2026-12-01"));
  // Due Fri 28 August 2026 (bank holiday Mon 31): past due Sat 29, 5 on Mon 7 September.
  CHECK(ladder_day_reached(cal, d("2026-08-28"), 1) == d("2026-08-29"));
  CHECK(ladder_day_reached(cal, d("2026-08-28"), 5) == d("2026-09-07"));
}

TEST_CASE("deadlines: overdue from the day after, working day or not", "[deadlines]")
{
  // Due Friday 27 November 2026: met on Friday, overdue on Saturday, Sunday and Monday.
  CHECK_FALSE(deadline_passed(d("2026-11-27"), d("2026-11-26")));
  CHECK_FALSE(deadline_passed(d("2026-11-27"), d("2026-11-27")));
  CHECK(deadline_passed(d("2026-11-27"), d("2026-11-28")));
  CHECK(deadline_passed(d("2026-11-27"), d("2026-11-29")));
  CHECK(deadline_passed(d("2026-11-27"), d("2026-11-30")));

  PendingDeadlines pending;
  CHECK_FALSE(is_overdue(pending, d("2026-11-28"))); // nothing pending
  pending.respond = d("2026-12-08");
  CHECK_FALSE(is_overdue(pending, d("2026-11-28")));
  pending.acknowledge = d("2026-11-27");
  CHECK_FALSE(is_overdue(pending, d("2026-11-27")));
  CHECK(is_overdue(pending, d("2026-11-28"))); // the acknowledgement, on Saturday
  pending.held = true;
  CHECK_FALSE(is_overdue(pending, d("2026-11-30"))); // on hold: not running
  pending.held = false;
  pending.acknowledge.reset();
  CHECK(is_overdue(pending, d("2026-12-09"))); // the response, the day after it
}

// ---- anchors: what each timescale counts from (docs/rules.md, Anchors) ----

namespace {

// Stage 1 under the LGSCO Code: acknowledged within 5 working days of receipt, responded to
// within 10 working days of the acknowledgement.
StageTimes
code_stage1(std::string_view received)
{
  StageTimes t;
  t.started = d(received);
  t.acknowledge_days = 5;
  t.respond_days = 10;
  t.acknowledge_from = Anchor::receipt;
  t.respond_from = Anchor::acknowledgement;
  return t;
}

} // namespace

TEST_CASE("anchors: a response counted from an acknowledgement made early", "[deadlines]")
{
  const auto cal = calendar();
  // Received Mon 21 Dec 2026. Acknowledge by Wed 30 Dec: 22, 23, 24, (25 and 28 bank
  // holidays), 29, 30.
  auto stage = code_stage1("2026-12-21");
  // Acknowledged Tue 22 Dec: respond 10 working days later, over Christmas and New Year's Day:
  // 23, 24, 29, 30, 31, 4, 5, 6, 7, 8 January -> Fri 8 Jan 2027.
  stage.acknowledged = d("2026-12-22");
  const auto dl = compute_deadlines(cal, stage, d("2026-12-22"));
  CHECK(dl.acknowledge_due == d("2026-12-30"));
  CHECK(dl.respond_due == d("2027-01-08"));
  CHECK_FALSE(dl.respond_waits_for_acknowledgement);
}

TEST_CASE("anchors: a late acknowledgement buys no time", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = code_stage1("2026-12-21");
  // Acknowledged Tue 5 Jan 2027, after its deadline Wed 30 Dec: the response counts from 30 Dec:
  // 31, 4, 5, 6, 7, 8, 11, 12, 13, 14 January -> Thu 14 Jan 2027.
  stage.acknowledged = d("2027-01-05");
  CHECK(compute_deadlines(cal, stage, d("2027-01-05")).respond_due == d("2027-01-14"));
}

TEST_CASE("anchors: a response waits for an acknowledgement not yet due", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = code_stage1("2026-12-21");
  // Not acknowledged on Wed 23 Dec, nor on the acknowledgement's own last day: "after
  // acknowledgement + 10".
  for (const auto* as_of : {"2026-12-23", "2026-12-30"}) {
    const auto dl = compute_deadlines(cal, stage, d(as_of));
    CHECK_FALSE(dl.respond_due.has_value());
    CHECK(dl.respond_waits_for_acknowledgement);
    CHECK(dl.respond_after_acknowledgement_days == 10);
  }
  // Not acknowledged on Thu 31 Dec: the acknowledgement is late, and the response counts from
  // its deadline (30 Dec) -> Thu 14 Jan 2027, as if it had been acknowledged that day.
  const auto late = compute_deadlines(cal, stage, d("2026-12-31"));
  CHECK(late.respond_due == d("2027-01-14"));
  CHECK_FALSE(late.respond_waits_for_acknowledgement);
}

TEST_CASE("anchors: a hold while the response waits for the acknowledgement", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = code_stage1("2026-12-21");
  stage.holds.push_back({d("2026-12-23"), std::nullopt, "waiting for the customer"});
  // Held Wed 23 Dec, still held on Thu 24 Dec: 23 and 24 Dec count, the response waits for
  // the acknowledgement + 12.
  const auto waiting = compute_deadlines(cal, stage, d("2026-12-24"));
  CHECK(waiting.on_hold);
  CHECK(waiting.respond_waits_for_acknowledgement);
  CHECK(waiting.respond_after_acknowledgement_days == 12);
  // Resumed Tue 29 Dec (23 and 24 Dec held), acknowledged Tue 22 Dec: due Fri 8 Jan + 2
  // working days -> Tue 12 Jan 2027. The acknowledgement deadline does not move.
  stage.holds.back().resumed_on = d("2026-12-29");
  stage.acknowledged = d("2026-12-22");
  const auto dl = compute_deadlines(cal, stage, d("2026-12-29"));
  CHECK(dl.hold_days == 2);
  CHECK(dl.respond_due == d("2027-01-12"));
  CHECK(dl.acknowledge_due == d("2026-12-30"));
}

TEST_CASE("anchors: an extension beyond the cap counted from the acknowledgement", "[deadlines]")
{
  const auto cal = calendar();
  auto stage = code_stage1("2026-12-21");
  stage.acknowledged = d("2026-12-22");
  // Due Fri 8 Jan 2027; 15 working days more (beyond the Code's 10, with good reason):
  // 11-15, 18-22, 25-29 January -> Fri 29 Jan 2027.
  stage.extensions.push_back(
      {d("2027-01-06"), 15, "expert report", "the report is not ready", d("2027-01-06")});
  const auto dl = compute_deadlines(cal, stage, d("2027-01-06"));
  CHECK(dl.extension_days == 15);
  CHECK(dl.respond_due == d("2027-01-29"));
}

TEST_CASE("anchors: a stage 2 counted from the escalation request", "[deadlines]")
{
  const auto cal = calendar();
  // Received Mon 5 Oct 2026; the customer asked for stage 2 on Mon 2 Nov. Acknowledge within
  // 5 working days of the request (Mon 9 Nov); acknowledged Wed 4 Nov, respond within 20
  // working days of that: 5, 6, 9-13, 16-20, 23-27 Nov, 30 Nov, 1, 2 Dec -> Wed 2 Dec 2026.
  StageTimes t;
  t.received = d("2026-10-05");
  t.started = d("2026-11-02");
  t.acknowledge_days = 5;
  t.respond_days = 20;
  t.acknowledge_from = Anchor::request;
  t.respond_from = Anchor::acknowledgement;
  t.acknowledged = d("2026-11-04");
  auto dl = compute_deadlines(cal, t, d("2026-11-04"));
  CHECK(dl.acknowledge_due == d("2026-11-09"));
  CHECK(dl.respond_due == d("2026-12-02"));
  // Counted from receipt instead, the acknowledgement would have been due Mon 12 Oct.
  t.acknowledge_from = Anchor::receipt;
  dl = compute_deadlines(cal, t, d("2026-11-04"));
  CHECK(dl.acknowledge_due == d("2026-10-12"));
  // A response counted from receipt: 6-9, 12-16, 19 Oct -> Mon 19 Oct 2026.
  t.respond_days = 10;
  t.respond_from = Anchor::receipt;
  CHECK(compute_deadlines(cal, t, d("2026-11-04")).respond_due == d("2026-10-19"));
}

TEST_CASE("anchors: a council closure between the acknowledgement and the response", "[deadlines]")
{
  // Acknowledged Tue 22 Dec 2026; the council closed 29-31 December: 23, 24, 4-8, 11, 12, 13
  // January -> Wed 13 Jan 2027.
  const auto closed = calendar({{d("2026-12-29"), "Christmas closure"},
                                {d("2026-12-30"), "Christmas closure"},
                                {d("2026-12-31"), "Christmas closure"}});
  auto stage = code_stage1("2026-12-21");
  stage.acknowledged = d("2026-12-22");
  const auto dl = compute_deadlines(closed, stage, d("2026-12-22"));
  // The acknowledgement: 22, 23, 24, 4, 5 January -> Tue 5 Jan 2027.
  CHECK(dl.acknowledge_due == d("2027-01-05"));
  CHECK(dl.respond_due == d("2027-01-13"));
}
