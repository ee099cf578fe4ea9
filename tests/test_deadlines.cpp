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
