// SPDX-License-Identifier: MIT
// Escalation as text: the answer to a stage request, the nightly run's steps and the overdue
// lists, whole and grouped, against hand-written text.
#include "test_support.hpp"

#include <feedback/escalation/render.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace feedback;
using feedback::test::d;

namespace {

DeadlineRow
deadline(std::string reference, std::optional<std::string> service,
         std::optional<std::string> owner, std::string kind, std::string_view due, int over,
         std::optional<std::string> level)
{
  DeadlineRow r;
  r.reference = std::move(reference);
  r.service = std::move(service);
  r.owner = std::move(owner);
  r.procedure = "corporate";
  r.stage = 1;
  r.deadline = std::move(kind);
  r.due = d(due);
  r.working_days_overdue = over;
  r.level = std::move(level);
  return r;
}

// As overdue_deadlines orders them: by service, owner, due date and reference.
std::vector<DeadlineRow>
overdue_list()
{
  auto sponsored = deadline("FB-2026-000004", std::string("CSC"), std::string("bob"), "respond",
                            "2026-11-16", 5, std::string("head-of-service"));
  sponsored.procedure = "childrens-statutory";
  sponsored.sponsor = "mp";
  auto unclassified = deadline("FB-2026-000009", std::nullopt, std::nullopt, "acknowledge",
                               "2026-11-20", 1, std::string("past-due"));
  unclassified.procedure = std::nullopt;
  unclassified.stage = std::nullopt;
  return {
      sponsored,
      deadline("FB-2026-000001", std::string("HWY"), std::string("alice"), "acknowledge",
               "2026-11-05", 12, std::string("director")),
      deadline("FB-2026-000002", std::string("HWY"), std::string(""), "respond", "2026-11-24", -2,
               std::string("due-soon")),
      unclassified,
  };
}

} // namespace

TEST_CASE("escalation render: a stage request answers with the new stage's deadlines",
          "[escalation_render]")
{
  CaseView view;
  view.reference = "FB-2026-000042";
  StageView stage;
  stage.deadlines.acknowledge_due = d("2026-11-25");
  stage.deadlines.respond_due = d("2026-12-17");
  view.stages.push_back(stage);
  CHECK(render_stage_escalated(view, "corporate stage 2") ==
        "FB-2026-000042: corporate stage 2, acknowledge by 2026-11-25, respond by 2026-12-17");
  view.stages.back().deadlines.acknowledge_due = std::nullopt;
  CHECK(render_stage_escalated(view, "childrens-statutory stage 3") ==
        "FB-2026-000042: childrens-statutory stage 3, respond by 2026-12-17");
}

TEST_CASE("escalation render: the nightly run's steps", "[escalation_render]")
{
  const std::vector<EscalationAction> steps{
      {"FB-2026-000001", std::string("HWY"), std::string("alice"), "acknowledge", "director",
       "director", d("2026-11-05"), d("2026-11-19")},
      {"FB-2026-000009", std::nullopt, std::nullopt, "sponsor-update", "reminder", "owner",
       d("2026-11-13"), d("2026-11-20")},
  };
  CHECK(render_escalation_steps(steps, Format::table) ==
        "reached_on  reference       service  owner  deadline        level     notify    due\n"
        "2026-11-19  FB-2026-000001  HWY      alice  acknowledge     director  director  "
        "2026-11-05\n"
        "2026-11-20  FB-2026-000009                  sponsor-update  reminder  owner     "
        "2026-11-13\n");
  CHECK(render_escalation_steps(steps, Format::csv) ==
        "reached_on,reference,service,owner,deadline,level,notify,due\r\n"
        "2026-11-19,FB-2026-000001,HWY,alice,acknowledge,director,director,2026-11-05\r\n"
        "2026-11-20,FB-2026-000009,,,sponsor-update,reminder,owner,2026-11-13\r\n");
  // Nothing new: no table at all for cron to mail, but parsable CSV and JSON.
  CHECK(render_escalation_steps({}, Format::table).empty());
  CHECK(render_escalation_steps({}, Format::csv) ==
        "reached_on,reference,service,owner,deadline,level,notify,due\r\n");
  CHECK(render_escalation_steps({}, Format::json) == "[]\n");
}

TEST_CASE("escalation render: an overdue list", "[escalation_render]")
{
  const auto rows = overdue_list();
  CHECK(render_overdue(rows, Format::table) ==
        "reference       service  owner  procedure            stage  deadline     due         "
        "working_days_overdue  level            sponsor\n"
        "FB-2026-000004  CSC      bob    childrens-statutory      1  respond      2026-11-16  "
        "                   5  head-of-service  mp\n"
        "FB-2026-000001  HWY      alice  corporate                1  acknowledge  2026-11-05  "
        "                  12  director\n"
        "FB-2026-000002  HWY             corporate                1  respond      2026-11-24  "
        "                  -2  due-soon\n"
        "FB-2026-000009                                              acknowledge  2026-11-20  "
        "                   1  past-due\n");
  CHECK(render_overdue({rows[3]}, Format::json) ==
        "[\n"
        "  {\"reference\": \"FB-2026-000009\", \"service\": null, \"owner\": null, \"procedure\": "
        "null, \"stage\": null, \"deadline\": \"acknowledge\", \"due\": \"2026-11-20\", "
        "\"working_days_overdue\": 1, \"level\": \"past-due\", \"sponsor\": null}\n"
        "]\n");
}

TEST_CASE("escalation render: an overdue list written as rows come", "[escalation_render]")
{
  // 3,000 rows of CSV (about 180 KB): handed on in pieces before the last row is added, and
  // the same text as render_overdue gives; a table is sized from every row, so written at the
  // end only.
  std::vector<DeadlineRow> rows;
  for (int i = 0; i < 3000; ++i) {
    rows.push_back(deadline(fmt::format("FB-2026-{:06}", i + 1), std::string("HWY"),
                            std::string("alice"), "respond", "2026-11-05", 12,
                            std::string("director")));
  }
  for (const auto format : {Format::csv, Format::table}) {
    std::string text;
    std::size_t pieces = 0;
    OverdueWriter writer(format, [&](std::string_view piece) {
      text += piece;
      ++pieces;
    });
    for (const auto& r : rows) {
      writer.add(r);
    }
    const auto before_finish = pieces;
    writer.finish();
    CHECK(text == render_overdue(rows, format));
    if (format == Format::csv) {
      CHECK(before_finish >= 2);
      CHECK(text.size() > 150000);
    } else {
      CHECK(before_finish == 0);
    }
  }
}

TEST_CASE("escalation render: overdue lists grouped by service or owner", "[escalation_render]")
{
  const auto rows = overdue_list();
  CHECK(parse_overdue_grouping("service") == OverdueGrouping::service);
  CHECK(parse_overdue_grouping("owner") == OverdueGrouping::owner);
  CHECK_FALSE(parse_overdue_grouping("team").has_value());
  CHECK_FALSE(parse_overdue_grouping("").has_value());

  SECTION("by owner: named owners in order of name, then the unassigned (an empty owner too)")
  {
    const auto groups = group_overdue(rows, OverdueGrouping::owner);
    REQUIRE(groups.size() == 3);
    CHECK(overdue_group_name(groups[0]) == "alice");
    CHECK(overdue_group_name(groups[1]) == "bob");
    CHECK(overdue_group_name(groups[2]) == "unassigned");
    CHECK_FALSE(groups[2].key.has_value());
    REQUIRE(groups[2].rows.size() == 2);
    // Within a group, the order given.
    CHECK(groups[2].rows[0].reference == "FB-2026-000002");
    CHECK(groups[2].rows[1].reference == "FB-2026-000009");
    CHECK(render_overdue_groups(groups, OverdueGrouping::owner, Format::csv) ==
          "reference,service,owner,procedure,stage,deadline,due,working_days_overdue,level,"
          "sponsor\r\n"
          "FB-2026-000001,HWY,alice,corporate,1,acknowledge,2026-11-05,12,director,\r\n"
          "FB-2026-000004,CSC,bob,childrens-statutory,1,respond,2026-11-16,5,head-of-service,"
          "mp\r\n"
          "FB-2026-000002,HWY,,corporate,1,respond,2026-11-24,-2,due-soon,\r\n"
          "FB-2026-000009,,,,,acknowledge,2026-11-20,1,past-due,\r\n");
  }

  SECTION("by service, as a table: a heading and a table per group")
  {
    const auto groups = group_overdue(rows, OverdueGrouping::service);
    REQUIRE(groups.size() == 3);
    CHECK(render_overdue_groups(groups, OverdueGrouping::service, Format::table) ==
          "service CSC: 1 deadline\n"
          "reference       service  owner  procedure            stage  deadline  due         "
          "working_days_overdue  level            sponsor\n"
          "FB-2026-000004  CSC      bob    childrens-statutory      1  respond   2026-11-16  "
          "                   5  head-of-service  mp\n"
          "\n"
          "service HWY: 2 deadlines\n"
          "reference       service  owner  procedure  stage  deadline     due         "
          "working_days_overdue  level     sponsor\n"
          "FB-2026-000001  HWY      alice  corporate      1  acknowledge  2026-11-05  "
          "                  12  director\n"
          "FB-2026-000002  HWY             corporate      1  respond      2026-11-24  "
          "                  -2  due-soon\n"
          "\n"
          "service unassigned: 1 deadline\n"
          "reference       service  owner  procedure  stage  deadline     due         "
          "working_days_overdue  level     sponsor\n"
          "FB-2026-000009                                    acknowledge  2026-11-20  "
          "                   1  past-due\n");
  }

  SECTION("none: one group of every row")
  {
    const auto groups = group_overdue(rows, OverdueGrouping::none);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].rows.size() == 4);
  }
}
