// SPDX-License-Identifier: MIT
// The reports under a council's own policy: its procedures, channels, sub-types and tags are the
// values the reports count by, in its order, with its names for people; a case counts once
// under each of its tags. Counts are worked out by hand here.
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/reports/reports.hpp>

#include <string>

using namespace feedback;
using feedback::test::d;

namespace {

StagePolicy
stage(int number, std::string name)
{
  StagePolicy s;
  s.stage = number;
  s.name = std::move(name);
  s.acknowledge_days = 3;
  s.respond_days = 10;
  s.max_extension_days = 10;
  return s;
}

// Policy 2 adds a procedure `planning` (3 stages), a digital channel `app`, a sub-type
// `missed-bin` of service requests and the tags `fees` and `objection`.
// June 2025, all with service HWY:
//   P1 complaint, planning, app, tags fees + objection
//   P2 complaint, planning, web, tag objection
//   C  complaint, corporate, phone
//   S1 service request, missed-bin, web
//   S2 service request, email
struct Fixture : test::TestDatabase
{
  Actor actor{"Olivia Officer", "2025-06-30T10:00:00Z", d("2025-06-30")};

  Fixture() : TestDatabase({test::k_highways})
  {
    auto policy = load_policy(db);
    ProcedurePolicy planning;
    planning.code = "planning";
    planning.name = "Planning enforcement";
    planning.stages = {stage(1, "Planning review"), stage(2, "Planning appeal"),
                       stage(3, "Planning panel")};
    policy.procedures.push_back(planning);
    for (auto& t : policy.types) {
      if (t.type == "service-request") {
        SubtypePolicy s;
        s.code = "missed-bin";
        s.name = "Missed bin collection";
        s.respond_days = 2;
        t.subtypes.push_back(s);
      }
    }
    policy.vocabulary.words(WordKind::channel).push_back({"app", "Council app", true, false});
    policy.vocabulary.words(WordKind::tag) = {
        {"fees", "Fees and charges", false, false},
        {"objection", "Objection to a decision", false, false}};
    save_policy(db, policy, "planning", "2025-05-01T09:00:00Z");

    add("complaint", "app", "planning", std::nullopt, {"fees", "objection"});
    add("complaint", "web", "planning", std::nullopt, {"objection"});
    add("complaint", "phone", std::nullopt, std::nullopt, {});
    add("service-request", "web", std::nullopt, "missed-bin", {});
    add("service-request", "email", std::nullopt, std::nullopt, {});
  }

  void add(std::string type, std::string channel, std::optional<std::string> procedure,
           std::optional<std::string> subtype, std::vector<std::string> tags)
  {
    auto n = test::new_case(std::move(type), "2025-06-02", std::move(channel), "HWY", "a case");
    n.procedure = std::move(procedure);
    n.subtype = std::move(subtype);
    n.tags = std::move(tags);
    create_case(db, n, actor);
  }

  std::string render(std::vector<Dimension> by, ReportFormat format,
                     ReportKind kind = ReportKind::volumes)
  {
    ReportRequest r;
    r.kind = kind;
    r.scope = make_scope(Period{d("2025-06-01"), d("2025-06-30")}, 0, d("2025-06-30"));
    r.by = std::move(by);
    const auto policy = load_policy(db);
    check_request(db, policy, r);
    return render_report(build_report(db, calendar, policy, r), format);
  }
};

bool
has(const std::string& text, std::string_view what)
{
  INFO("looking for: " << what << "\nin:\n" << text);
  return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("report: a council's own procedure, stages and channel", "[report][db]")
{
  Fixture f;
  auto csv = f.render({Dimension::procedure}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,planning,2,"));  // P1 P2
  CHECK(has(csv, "2025-06-01,2025-06-30,corporate,1,")); // C
  // The policy's order: the default procedures first, planning last.
  CHECK(csv.find(",corporate,") < csv.find(",planning,"));
  const auto table = f.render({Dimension::procedure}, ReportFormat::table);
  CHECK(has(table, "Planning enforcement"));
  CHECK(has(table, "Corporate complaints procedure"));

  // Every stage of the policy is a row, the council's third stage too (none started: 0).
  csv = f.render({Dimension::stage}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,planning,1,2,"));
  CHECK(has(csv, "2025-06-01,2025-06-30,planning,3,0,"));

  // The council's channel, digital by its policy.
  csv = f.render({Dimension::channel}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,app,true,1,"));
  csv = f.render({Dimension::channel_group}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,digital,4,")); // app web web email
  CHECK(has(csv, "2025-06-01,2025-06-30,non-digital,1,"));
  CHECK(has(f.render({Dimension::channel}, ReportFormat::table), "Council app"));
}

TEST_CASE("report: by sub-type, cases without one as (none)", "[report][db]")
{
  Fixture f;
  const auto csv = f.render({Dimension::sub_type}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,missed-bin,1,")); // S1
  CHECK(has(csv, "2025-06-01,2025-06-30,,4,"));           // P1 P2 C S2
  const auto table = f.render({Dimension::sub_type}, ReportFormat::table);
  CHECK(has(table, "Missed bin collection"));
  CHECK(has(table, "(none)"));
  const auto two = f.render({Dimension::type, Dimension::sub_type}, ReportFormat::csv);
  CHECK(has(two, "2025-06-01,2025-06-30,service-request,missed-bin,1,"));
  CHECK(has(two, "2025-06-01,2025-06-30,service-request,,1,")); // S2
}

TEST_CASE("report: by tag, a case once under each of its tags", "[report][db]")
{
  Fixture f;
  const auto csv = f.render({Dimension::tag}, ReportFormat::csv);
  CHECK(has(csv, "2025-06-01,2025-06-30,fees,1,"));      // P1
  CHECK(has(csv, "2025-06-01,2025-06-30,objection,2,")); // P1 P2
  CHECK(has(csv, "2025-06-01,2025-06-30,,3,"));          // C S1 S2
  const auto table = f.render({Dimension::tag}, ReportFormat::table);
  CHECK(has(table, "Objection to a decision"));
  const auto two = f.render({Dimension::tag, Dimension::type}, ReportFormat::csv);
  CHECK(has(two, "2025-06-01,2025-06-30,fees,complaint,1,"));      // P1
  CHECK(has(two, "2025-06-01,2025-06-30,objection,complaint,2,")); // P1 P2
  CHECK(has(two, "2025-06-01,2025-06-30,,service-request,2,"));    // S1 S2
  // Stages started by tag: P1 and P2 each started planning stage 1.
  CHECK(has(f.render({Dimension::tag, Dimension::procedure}, ReportFormat::csv),
            "2025-06-01,2025-06-30,objection,planning,2,"));
}
