// SPDX-License-Identifier: MIT
// Cases as text: whole outputs of show (table and JSON) and list, against hand-written text.
// Deadlines are hand-computed on the England and Wales calendar.
#include "test_support.hpp"

#include <feedback/cases/render.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace feedback;
using feedback::test::d;

namespace {

WorkingCalendar
england()
{
  return WorkingCalendar(CalendarSpec{});
}

StageView
stage_view(const WorkingCalendar& calendar, StageView s, Date as_of)
{
  s.deadlines = compute_deadlines(
      calendar, {s.started, s.acknowledge_days, s.respond_days, s.holds, s.extensions}, as_of);
  return s;
}

// A corporate complaint at stage 2: stage 1 answered in time; stage 2 acknowledged, extended
// by 5 working days, held for 2 and now overdue.
CaseView
complaint(const WorkingCalendar& calendar, Date as_of)
{
  CaseView v;
  v.id = 42;
  v.reference = "FB-2026-000042";
  v.type = "complaint";
  v.channel = "email";
  v.service = "HWY";
  v.summary = "Pothole outside number 12 not repaired after three reports";
  v.received = d("2026-10-01");
  v.received_at = "2026-10-01T09:15:00+01:00";
  v.status = CaseStatus::open;
  v.owner = "j.smith";
  v.sponsor = "councillor";
  v.sponsor_name = "Cllr A. Jones";
  v.sponsor_updated = d("2026-11-02");
  v.external_ref = "CRM-7781";
  v.classified_by = "rule 3 (sponsored): councillor -> complaint";
  v.last_activity = d("2026-11-11");

  StageView s1;
  s1.id = 1;
  s1.procedure = "corporate";
  s1.stage = 1;
  s1.policy_version = 1;
  s1.started = d("2026-10-01");
  s1.acknowledge_days = 3;
  s1.respond_days = 10;
  s1.max_extension_days = 10;
  s1.acknowledged = d("2026-10-05");
  s1.responded = d("2026-10-14");
  s1.outcome = "not-upheld";
  s1.areas = {"communication"};
  s1.ended = d("2026-10-20");
  v.stages.push_back(stage_view(calendar, s1, as_of));

  StageView s2;
  s2.id = 2;
  s2.procedure = "corporate";
  s2.stage = 2;
  s2.policy_version = 1;
  s2.started = d("2026-10-20");
  s2.acknowledge_days = 3;
  s2.respond_days = 20;
  s2.max_extension_days = 10;
  s2.acknowledged = d("2026-10-22");
  s2.extensions = {{d("2026-11-02"), 5, "Waiting for the contractor's report"}};
  s2.holds = {{d("2026-11-09"), d("2026-11-11"), "Waiting for photographs from the customer"}};
  v.stages.push_back(stage_view(calendar, s2, as_of));

  v.events = {
      {1, "2026-10-01T08:15:00Z", d("2026-10-01"), "a.officer", "created", std::nullopt,
       std::string("open"), "email"},
      {2, "2026-10-20T10:00:00Z", d("2026-10-20"), "b.officer", "stage-escalated",
       std::string("corporate stage 1"), std::string("corporate stage 2"),
       "The customer says the repair was never done and the reply did not answer her"},
      {3, "2026-11-05T16:30:00Z", d("2026-11-05"), "j.smith", "note", std::nullopt, std::nullopt,
       "Rang the contractor.\nThey will send the report on Monday."},
  };
  v.learning = {{1, d("2026-10-14"), "Reports were not joined up", "One job per location",
                 std::string("Merge duplicate jobs"), std::string("j.smith"), d("2026-12-31"),
                 std::nullopt}};
  v.surveys = {{1, d("2026-10-15"), d("2026-10-19"), false, 2, std::string("Too slow")}};
  v.person = PersonalDetails{std::string("Mrs R. Patel"), std::string("r.patel@example.org"),
                             std::nullopt, std::string("12 High Street, Anytown"), std::nullopt};
  return v;
}

// A new enquiry, nothing done yet: no acknowledgement, respond in 5 working days.
CaseView
enquiry(const WorkingCalendar& calendar, Date as_of)
{
  CaseView v;
  v.id = 7;
  v.reference = "FB-2026-000007";
  v.type = "enquiry";
  v.channel = "phone";
  v.summary = "When is the green bin collected?";
  v.received = d("2026-11-20");
  v.received_at = "2026-11-20";
  v.status = CaseStatus::open;
  v.last_activity = d("2026-11-20");
  StageView s;
  s.id = 7;
  s.procedure = "enquiry";
  s.policy_version = 2;
  s.started = d("2026-11-20");
  s.respond_days = 5;
  v.stages.push_back(stage_view(calendar, s, as_of));
  v.events = {{9, "2026-11-20T12:00:00Z", d("2026-11-20"), "c.officer", "created", std::nullopt,
               std::string("open"), "phone"}};
  return v;
}

} // namespace

TEST_CASE("case render: a complaint at stage 2, overdue, in full", "[case_render]")
{
  const auto calendar = england();
  const auto as_of = d("2026-12-01");
  // Stage 2 started Tue 20 Oct: acknowledge by Fri 23 Oct (3 working days); respond by Tue 17
  // Nov (20), + 5 extension = Tue 24 Nov, + 2 held (Mon 9, Tue 10 Nov) = Thu 26 Nov; on Tue 1
  // Dec that is 3 working days overdue (27 Nov, 30 Nov, 1 Dec). Stage 1 started Thu 1 Oct:
  // acknowledge by Tue 6 Oct, respond by Thu 15 Oct.
  const std::string expected =
      R"(FB-2026-000042  complaint  open  (as of 2026-12-01)
  Summary        Pothole outside number 12 not repaired after three reports
  Received       2026-10-01 (given as 2026-10-01T09:15:00+01:00) by email
  Service        HWY
  Owner          j.smith
  Sponsor        councillor Cllr A. Jones; last updated 2026-11-02
  External ref   CRM-7781
  Flags          sponsored, overdue
  Last activity  2026-11-11
  Classified by  rule 3 (sponsored): councillor -> complaint

Stage: corporate stage 2 (policy v1), started 2026-10-20
  Timescales     acknowledge in 3, respond in 20 working days; extension up to 10
  Acknowledge    due 2026-10-23: acknowledged 2026-10-22
  Respond        3 working days overdue (due Thu 26 Nov)
  Extensions     2026-11-02 +5 working days: Waiting for the contractor's report
  Holds          from 2026-11-09 to 2026-11-11: Waiting for photographs from the customer
  Held for       2 working days

Earlier stages
  corporate stage 1: started 2026-10-01, responded 2026-10-14, not-upheld, ended 2026-10-20

Personal data
  Name           Mrs R. Patel
  Email          r.patel@example.org
  Address        12 High Street, Anytown

Learning
  #1 2026-10-14: Reports were not joined up -> One job per location
     action: Merge duplicate jobs; owner: j.smith; due: 2026-12-31; not done

Surveys
  #1 sent 2026-10-15, returned 2026-10-19, not satisfied, 2 of 5 stars, reason: Too slow

Timeline
  on          officer    event            change                                  detail
  2026-10-01  a.officer  created          - -> open                               email
  2026-10-20  b.officer  stage-escalated  corporate stage 1 -> corporate stage 2  The customer says the
                                                                                  repair was never done
                                                                                  and the reply did not
                                                                                  answer her
  2026-11-05  j.smith    note                                                     Rang the contractor.
                                                                                  They will send the
                                                                                  report on Monday.
)";
  CHECK(render_case(complaint(calendar, as_of), calendar, as_of, Colour::off) == expected);
}

TEST_CASE("case render: colour marks only what is overdue", "[case_render]")
{
  const auto calendar = england();
  const auto as_of = d("2026-12-01");
  const auto text = render_case(complaint(calendar, as_of), calendar, as_of, Colour::on);
  CHECK(text.find("  Flags          sponsored, \x1b[31moverdue\x1b[0m\n") != std::string::npos);
  CHECK(text.find("  Respond        \x1b[31m3 working days overdue (due Thu 26 Nov)\x1b[0m\n") !=
        std::string::npos);
  // Nothing else is coloured: two red spans in all.
  std::size_t spans = 0;
  for (auto at = text.find("\x1b[31m"); at != std::string::npos;
       at = text.find("\x1b[31m", at + 1)) {
    ++spans;
  }
  CHECK(spans == 2);
}

TEST_CASE("case render: a new enquiry, due in working days", "[case_render]")
{
  const auto calendar = england();
  // Received Fri 20 Nov, respond in 5: Fri 27 Nov. On Sun 22 Nov: 5 working days left.
  const auto as_of = d("2026-11-22");
  const std::string expected = R"(FB-2026-000007  enquiry  open  (as of 2026-11-22)
  Summary        When is the green bin collected?
  Received       2026-11-20 by phone
  Service        none
  Owner          none
  Flags          none
  Last activity  2026-11-20
  Classified by  not yet classified

Stage: enquiry (policy v2), started 2026-11-20
  Timescales     respond in 5 working days; extension as agreed
  Acknowledge    none
  Respond        5 working days left (due Fri 27 Nov)

Personal data
  none recorded

Timeline
  on          officer    event    change     detail
  2026-11-20  c.officer  created  - -> open  phone
)";
  CHECK(render_case(enquiry(calendar, as_of), calendar, as_of, Colour::off) == expected);

  SECTION("due today, then one working day overdue")
  {
    auto text =
        render_case(enquiry(calendar, d("2026-11-27")), calendar, d("2026-11-27"), Colour::off);
    CHECK(text.find("  Respond        due today (Fri 27 Nov)\n") != std::string::npos);
    text = render_case(enquiry(calendar, d("2026-11-30")), calendar, d("2026-11-30"), Colour::off);
    CHECK(text.find("  Respond        1 working day overdue (due Fri 27 Nov)\n") !=
          std::string::npos);
    CHECK(text.find("  Flags          overdue\n") != std::string::npos);
  }

  SECTION("on Sunday, Friday's deadline has passed: overdue, not due today")
  {
    const auto text =
        render_case(enquiry(calendar, d("2026-11-29")), calendar, d("2026-11-29"), Colour::off);
    CHECK(text.find("  Respond        overdue (due Fri 27 Nov)\n") != std::string::npos);
    CHECK(text.find("  Flags          overdue\n") != std::string::npos);
    CHECK(text.find("due today") == std::string::npos);
  }
}

TEST_CASE("case render: the JSON of a case", "[case_render]")
{
  const auto calendar = england();
  const auto as_of = d("2026-11-22");
  const std::string expected = R"({
  "reference": "FB-2026-000007",
  "type": "enquiry",
  "status": "open",
  "procedure": "enquiry",
  "stage": null,
  "service": null,
  "channel": "phone",
  "received": "2026-11-20",
  "received_at": "2026-11-20",
  "acknowledge_due": null,
  "respond_due": "2026-11-27",
  "acknowledged": null,
  "responded": null,
  "outcome": null,
  "areas": [],
  "on_hold": false,
  "closure": null,
  "redirected_to": null,
  "closed_on": null,
  "owner": null,
  "sponsor": null,
  "sponsor_name": null,
  "sponsor_updated": null,
  "info_request": false,
  "summary": "When is the green bin collected?",
  "external_ref": null,
  "source": null,
  "source_ref": null,
  "classified_by": null,
  "last_activity": "2026-11-20",
  "as_of": "2026-11-22",
  "stages": [
    {
      "procedure": "enquiry",
      "stage": null,
      "policy_version": 2,
      "started": "2026-11-20",
      "acknowledge_days": null,
      "respond_days": 5,
      "max_extension_days": null,
      "acknowledge_due": null,
      "respond_due": "2026-11-27",
      "acknowledged": null,
      "responded": null,
      "acknowledge": null,
      "respond": {
        "due": "2026-11-27",
        "met_on": null,
        "met_in_time": null,
        "working_days_overdue": -5
      },
      "outcome": null,
      "areas": [],
      "ended": null,
      "on_hold": false,
      "hold_days": 0,
      "extension_days": 0,
      "holds": [],
      "extensions": []
    }
  ],
  "person": null,
  "learning": [],
  "surveys": [],
  "events": [
    {
      "id": 9,
      "at": "2026-11-20T12:00:00Z",
      "on": "2026-11-20",
      "officer": "c.officer",
      "kind": "created",
      "from": null,
      "to": "open",
      "detail": "phone"
    }
  ]
}
)";
  CHECK(case_to_json(enquiry(calendar, as_of), calendar, as_of) == expected);
}

TEST_CASE("case render: the case list for people and for scripts", "[case_render]")
{
  CaseRow overdue;
  overdue.reference = "FB-2026-000042";
  overdue.type = "complaint";
  overdue.status = CaseStatus::open;
  overdue.procedure = "corporate";
  overdue.stage = 2;
  overdue.service = "HWY";
  overdue.owner = "j.smith";
  overdue.received = d("2026-10-01");
  overdue.respond_due = d("2026-11-26");
  overdue.days_overdue = 3;
  overdue.overdue = true;
  overdue.sponsor = "councillor";
  overdue.summary = "Pothole outside number 12 not repaired after three reports, and the "
                    "pavement beside it is broken too";

  CaseRow fresh;
  fresh.reference = "FB-2026-000050";
  fresh.type = "service-request";
  fresh.status = CaseStatus::open;
  fresh.procedure = "priority-correspondence";
  fresh.service = "children-and-families-early-help";
  fresh.received = d("2026-11-20");
  fresh.acknowledge_due = d("2026-11-25");
  fresh.respond_due = d("2026-12-04");
  fresh.days_overdue = -3;
  fresh.summary = "Bus pass";

  CaseRow held = fresh;
  held.reference = "FB-2026-000051";
  held.type = std::nullopt;
  held.procedure = std::nullopt;
  held.service = std::nullopt;
  held.acknowledge_due = std::nullopt;
  held.respond_due = std::nullopt;
  held.days_overdue = std::nullopt;
  held.on_hold = true;
  held.summary = "Line one\nline two";

  CaseRow closed;
  closed.reference = "FB-2026-000003";
  closed.type = "compliment";
  closed.status = CaseStatus::closed;
  closed.procedure = "compliment";
  closed.service = "LIB";
  closed.received = d("2026-01-05");
  closed.summary = "Thanks";

  const std::vector<CaseRow> rows{overdue, fresh, held, closed};

  SECTION("table: type, procedure and service give way before the summary")
  {
    // Natural widths: reference 14, type 15, procedure 23, service 32, due 14, over 4: 114
    // columns with the gaps, and the summary needs 12 more. The widest of type, procedure and
    // service loses a column at a time (the first of equals first): service down to 23, then
    // procedure and service by turns down to 15, then type to 14, leaving 100 - 88 = 12 for the
    // summary: 11 characters and "…".
    const std::string expected =
        "reference       type            procedure        service          due             "
        "over  summary\n"
        "FB-2026-000042  complaint       corporate 2      HWY              2026-11-26         "
        "3  Pothole out…\n"
        "FB-2026-000050  service-reque…  priority-corre…  children-and-f…  2026-11-25 ack    "
        "-3  Bus pass\n"
        "FB-2026-000051  unclassified                                      open            "
        "held  Line one li…\n"
        "FB-2026-000003  compliment      compliment       LIB              closed          "
        "      Thanks\n";
    CHECK(render_case_list(rows, Format::table, Colour::off) == expected);
  }

  SECTION("table: a summary in Japanese is cut by the columns it takes")
  {
    CaseRow japanese = closed;
    japanese.summary = "雨漏りの修理をお願いします。天井から水が落ちてきます";
    // reference 14, type 10, procedure 10, service 7, due 6, over 4: 63 columns with the
    // gaps, 37 left: eighteen characters of two columns and "…" (a nineteenth would leave no
    // room for it).
    CHECK(render_case_list({japanese}, Format::table, Colour::off) ==
          "reference       type        procedure   service  due     over  summary\n"
          "FB-2026-000003  compliment  compliment  LIB      closed        "
          "雨漏りの修理をお願いします。天井から…\n");
  }

  SECTION("table with colour: the overdue row is red, a held one past its date is not")
  {
    CaseRow held_late = overdue;
    held_late.reference = "FB-2026-000043";
    held_late.on_hold = true;
    held_late.overdue = false; // its deadline does not run while it is held
    const auto text = render_case_list({overdue, fresh, held_late}, Format::table, Colour::on);
    CHECK(text.find("\x1b[31mFB-2026-000042  complaint") != std::string::npos);
    CHECK(text.find("\x1b[31mFB-2026-000050") == std::string::npos);
    CHECK(text.find("\x1b[31mFB-2026-000043") == std::string::npos);
    CHECK(text.find("FB-2026-000043  complaint") != std::string::npos);
  }

  SECTION("csv: every column")
  {
    const std::string expected =
        "reference,type,status,procedure,stage,service,owner,received,acknowledge_due,"
        "respond_due,days_overdue,on_hold,sponsor,summary\r\n"
        "FB-2026-000042,complaint,open,corporate,2,HWY,j.smith,2026-10-01,,2026-11-26,3,false,"
        "councillor,\"Pothole outside number 12 not repaired after three reports, and the "
        "pavement beside it is broken too\"\r\n"
        "FB-2026-000050,service-request,open,priority-correspondence,,"
        "children-and-families-early-help,,2026-11-20,2026-11-25,2026-12-04,-3,false,,Bus pass\r\n"
        "FB-2026-000051,unclassified,open,,,,,2026-11-20,,,,true,,\"Line one\nline two\"\r\n"
        "FB-2026-000003,compliment,closed,compliment,,LIB,,2026-01-05,,,,false,,Thanks\r\n";
    CHECK(render_case_list(rows, Format::csv, Colour::on) == expected);
  }

  SECTION("json: nulls, numbers and booleans unquoted")
  {
    const std::string expected =
        "[\n"
        "  {\"reference\": \"FB-2026-000003\", \"type\": \"compliment\", \"status\": \"closed\", "
        "\"procedure\": \"compliment\", \"stage\": null, \"service\": \"LIB\", \"owner\": null, "
        "\"received\": \"2026-01-05\", \"acknowledge_due\": null, \"respond_due\": null, "
        "\"days_overdue\": null, \"on_hold\": false, \"sponsor\": null, \"summary\": "
        "\"Thanks\"}\n"
        "]\n";
    CHECK(render_case_list({closed}, Format::json, Colour::off) == expected);
    CHECK(render_case_list({}, Format::json, Colour::off) == "[]\n");
  }
}
