// SPDX-License-Identifier: MIT
// Reports computed from a database built with the library, with figures worked out by hand
// (England and Wales calendar), and the promise that no report shows personal data.
#include "test_support.hpp"

#include <feedback/cases/campaigns.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/reports/reports.hpp>

#include <algorithm>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;

namespace {

struct Fixture : test::TestDatabase
{
  Actor actor{"Olivia Officer", "2021-06-30T10:00:00Z", d("2021-06-30")};

  Fixture() : TestDatabase({test::k_highways, test::k_waste}) {}

  Actor on(std::string_view day) const
  {
    Actor a = actor;
    a.today = d(day);
    return a;
  }

  std::string complaint(std::string_view received, std::string service = "HWY",
                        PersonalDetails person = {})
  {
    auto n = test::new_case("complaint", received, "web", std::move(service), "Bins not collected");
    n.person = std::move(person);
    return create_case(db, n, actor);
  }

  ReportScope scope(std::string_view from, std::string_view to, int compare = 0)
  {
    return make_scope(Period{d(from), d(to)}, compare, d("2021-06-30"));
  }
};

const TimelinessRow&
row_for(const std::vector<TimelinessRow>& rows, std::size_t period, std::string_view procedure,
        int stage, Measure measure)
{
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const TimelinessRow& r) {
    return r.period == period && r.procedure == procedure && r.stage == stage &&
           r.measure == measure;
  });
  REQUIRE(it != rows.end());
  return *it;
}

ReportRequest
request(ReportKind kind, ReportScope scope, std::vector<Dimension> by = {})
{
  ReportRequest r;
  r.kind = kind;
  r.scope = std::move(scope);
  r.by = std::move(by);
  return r;
}

} // namespace

TEST_CASE("report: a case received on 31 March and one on 1 April", "[report][db]")
{
  Fixture f;
  f.complaint("2020-03-31");
  f.complaint("2020-04-01");
  f.complaint("2020-04-01");
  const auto policy = load_policy(f.db);
  const auto v =
      compute_volumes(f.db, policy, f.scope("2020-04-01", "2021-03-31", 1), {Dimension::type});
  REQUIRE(v.key_columns == std::vector<std::string>{"type"});
  const auto& complaints = v.rows.front();
  REQUIRE(complaints.key.front() == "complaint");
  CHECK(complaints.before == 0);                               // 2018/19
  CHECK(complaints.counts == std::vector<std::int64_t>{1, 2}); // 2019/20, 2020/21
  CHECK(v.rows.back().key.front() == "unclassified");
  CHECK(v.rows.size() == 7); // every type, even when 0
}

TEST_CASE("report: timeliness works deadlines out from holds, extensions and the calendar",
          "[report][db]")
{
  Fixture f;
  const auto& calendar = f.calendar;
  const auto policy = load_policy(f.db);
  // All received Monday 2020-07-06: respond by 2020-07-20 (10 working days), acknowledge by
  // 2020-07-09 (3).
  const auto extended = f.complaint("2020-07-06");
  extend_case(f.db, calendar, extended, 5, "holding letter", f.on("2020-07-10")); // 2020-07-27
  respond_case(f.db, extended, std::string("upheld"), {}, d("2020-07-24"), f.actor);
  const auto held = f.complaint("2020-07-06");
  hold_case(f.db, held, "waiting for photos", d("2020-07-08"), f.actor);
  resume_case(f.db, held, d("2020-07-13"), f.actor); // 3 working days on hold: 2020-07-23
  respond_case(f.db, held, std::string("upheld"), {}, d("2020-07-23"), f.actor);
  const auto late = f.complaint("2020-07-06");
  respond_case(f.db, late, std::string("not-upheld"), {}, d("2020-07-21"), f.actor); // 1 late
  const auto held_late = f.complaint("2020-07-06");
  hold_case(f.db, held_late, "waiting", d("2020-07-08"), f.actor);
  resume_case(f.db, held_late, d("2020-07-13"), f.actor);
  respond_case(f.db, held_late, std::string("upheld"), {}, d("2020-07-24"), f.actor); // 1 late
  acknowledge_case(f.db, f.complaint("2020-07-06"), d("2020-07-09"), f.actor);        // on the day

  const auto rows = compute_timeliness(f.db, calendar, policy, f.scope("2020-07-01", "2020-07-31"));
  const auto& response = row_for(rows, 0, "corporate", 1, Measure::response);
  CHECK(response.total == 4);
  CHECK(response.in_time == 2);
  CHECK(response.late() == 2);
  CHECK(response.days_late == 2);
  CHECK(response.target_percent == 80);
  // A response with no acknowledgement before it acknowledges too: 11, 10, 8 and 11 working
  // days after 2020-07-09; the fifth was acknowledged on the day.
  const auto& ack = row_for(rows, 0, "corporate", 1, Measure::acknowledgement);
  CHECK(ack.total == 5);
  CHECK(ack.in_time == 1);
  CHECK(ack.days_late == 40);
  CHECK_FALSE(ack.target_percent.has_value());
  // Every stage of the policy has its rows, with figures or not.
  CHECK(row_for(rows, 0, "childrens-statutory", 3, Measure::response).total == 0);

  const auto document = build_report(
      f.db, calendar, policy, request(ReportKind::timeliness, f.scope("2020-07-01", "2020-07-31")));
  const auto csv = render_report(document, ReportFormat::csv);
  CHECK(csv.find("2020-07-01,2020-07-31,corporate,1,response,4,2,50.00,80.00,false,2,1.00\r\n") !=
        std::string::npos);
  CHECK(csv.find("2020-07-01,2020-07-31,corporate,1,acknowledgement,5,1,20.00,,,4,10.00\r\n") !=
        std::string::npos);
}

TEST_CASE("report: the monthly KPI counts complaint responses outside their deadline",
          "[report][db]")
{
  Fixture f;
  const auto& calendar = f.calendar;
  const auto policy = load_policy(f.db);
  for (int i = 0; i < 4; ++i) {
    const auto ref = f.complaint("2020-06-01"); // due 2020-06-15
    respond_case(f.db, ref, std::string("upheld"), {}, d(i == 0 ? "2020-06-16" : "2020-06-15"),
                 f.actor);
  }
  f.complaint("2020-07-01");
  const auto months = compute_kpi(f.db, calendar, f.scope("2020-06-01", "2020-07-31"));
  REQUIRE(months.size() == 2);
  CHECK(months[0].received == 4);
  CHECK(months[0].responded == 4);
  CHECK(months[0].responded_late == 1);
  CHECK(months[1].received == 1);
  CHECK(months[1].responded == 0);
  const auto table =
      render_report(build_report(f.db, calendar, policy,
                                 request(ReportKind::kpi, f.scope("2020-06-01", "2020-07-31"))),
                    ReportFormat::table);
  CHECK(table.find("25% (1/4)") != std::string::npos);
  CHECK(table.find("n/a (0/0)") != std::string::npos);
}

// Both engines: SQLite's authorizer refuses a statement as it is prepared; PostgreSQL's server
// refuses the reporting role, which the guard takes where the database has the roles (made here
// first), when the statement runs (test::check_refused steps each).
TEST_CASE("report: the guard refuses to read personal data", "[report][db]")
{
  Fixture f;
  test::create_roles_on_postgresql(f.db);
  f.complaint("2020-06-01", "HWY",
              PersonalDetails{std::string("Ada Lovelace"), std::nullopt, std::nullopt, std::nullopt,
                              std::nullopt});
  {
    PersonalDataGuard guard(f.db);
    test::check_refused(f.db, "SELECT name FROM person");
    test::check_refused(f.db, "SELECT count(*) FROM person WHERE email = 'x'");
    test::check_refused(f.db, "SELECT summary FROM case_record");
    test::check_refused(f.db, "SELECT * FROM case_record");
    {
      PersonalDataGuard inner(f.db); // guards nest
      test::check_refused(f.db, "SELECT name FROM person");
    }
    test::check_refused(f.db, "SELECT sponsor_name FROM case_record");
    Statement allowed(f.db, "SELECT type, received FROM case_record");
    REQUIRE(allowed.step());
    CHECK(allowed.column_text(0) == "complaint");
    CHECK(allowed.column_text(1) == "2020-06-01");
  }
  Statement after(f.db, "SELECT name FROM person");
  REQUIRE(after.step());
  CHECK(after.column_text(0) == "Ada Lovelace");
}

TEST_CASE("report: no report shows personal data, in any format", "[report][db]")
{
  Fixture f;
  const auto& calendar = f.calendar;
  const auto policy = load_policy(f.db);
  NewCase n;
  n.type = "complaint";
  n.channel = "email";
  n.service = "HWY";
  n.summary = "Pothole SUMMARYSECRET";
  n.received = d("2020-06-01");
  n.received_at = "2020-06-01";
  n.sponsor = "councillor";
  n.sponsor_name = "Cllr Babbage";
  n.owner = "Owen Owner";
  n.person = {std::string("Ada Lovelace"), std::string("ada@example.org"),
              std::string("07700 900123"), std::string("1 Secret Street"), std::nullopt};
  const auto ref = create_case(f.db, n, f.actor);
  add_note(f.db, ref, "Ada rang NOTESECRET", f.actor);
  respond_case(f.db, ref, std::string("upheld"), {"communication"}, d("2020-06-10"), f.actor);
  record_survey(f.db, ref, {false, false, 2, std::string("SURVEYSECRET"), d("2020-06-20")},
                f.actor);
  add_learning(f.db, ref,
               {"Letters unclear", "New template", std::string("Rewrite"),
                std::string("Jo Officer"), d("2020-09-30")},
               f.actor);
  const auto other = f.complaint("2020-06-02", "WST");
  redirect_case(f.db, other, "Highways England", f.on("2020-06-03"));

  // Every report, grouped and filtered every way there is, in every format.
  struct Variant
  {
    ReportKind kind;
    std::vector<Dimension> by;
    ReportFilter filter;
  };
  std::vector<Variant> variants;
  for (const auto kind :
       {ReportKind::volumes, ReportKind::timeliness, ReportKind::kpi, ReportKind::outcomes,
        ReportKind::ombudsman, ReportKind::learning, ReportKind::satisfaction,
        ReportKind::data_quality, ReportKind::annual, ReportKind::ratio}) {
    variants.push_back({kind, {}, {}});
  }
  ReportFilter every;
  every.types = {"complaint", "unclassified"};
  every.services = {"HWY", "none"};
  every.directorates = {"Place", "none"};
  every.procedures = {"corporate", "none"};
  every.stages = {1, 2};
  every.channels = {"digital", "phone"};
  every.sponsors = {"councillor", "none"};
  for (const auto kind : {ReportKind::volumes, ReportKind::timeliness, ReportKind::outcomes,
                          ReportKind::ombudsman, ReportKind::satisfaction}) {
    for (const auto d :
         {Dimension::type, Dimension::classification, Dimension::channel, Dimension::channel_group,
          Dimension::service, Dimension::directorate, Dimension::procedure, Dimension::stage,
          Dimension::sponsor, Dimension::outcome, Dimension::month}) {
      variants.push_back(
          {kind, {d, Dimension::sponsor == d ? Dimension::type : Dimension::sponsor}, {}});
    }
    variants.push_back({kind, {Dimension::service}, every});
  }
  variants.push_back({ReportKind::outcomes, {Dimension::area, Dimension::service}, every});
  for (const auto kind :
       {ReportKind::kpi, ReportKind::learning, ReportKind::data_quality, ReportKind::annual}) {
    variants.push_back({kind, {}, every});
  }
  auto ratio = every;
  ratio.types.clear();
  variants.push_back({ReportKind::ratio, {Dimension::service}, ratio});

  for (const auto& v : variants) {
    auto r = request(
        v.kind, f.scope("2020-04-01", "2021-03-31", v.kind == ReportKind::annual ? 2 : 1), v.by);
    r.filter = v.filter;
    if (v.kind == ReportKind::ratio) {
      r.ratio_type = "complaint";
      r.ratio_per = "service-request";
    }
    const auto document = build_report(f.db, calendar, policy, r);
    for (const auto format :
         {ReportFormat::table, ReportFormat::json, ReportFormat::markdown, ReportFormat::html}) {
      const auto text = render_report(document, format);
      for (const auto* secret : {"Ada", "Lovelace", "ada@example.org", "07700", "Secret Street",
                                 "SUMMARYSECRET", "NOTESECRET", "SURVEYSECRET", "Babbage", "Owen",
                                 "Olivia", "Jo Officer", "Highways England"}) {
        INFO(static_cast<int>(v.kind)
             << " " << v.by.size() << " " << static_cast<int>(format) << " " << secret);
        CHECK(text.find(secret) == std::string::npos);
      }
    }
  }
}

TEST_CASE("report: documents for scripts and for people", "[report][db]")
{
  Fixture f;
  const auto& calendar = f.calendar;
  const auto policy = load_policy(f.db);
  f.complaint("2020-06-01");
  const auto learning = f.complaint("2020-06-02");
  add_learning(
      f.db, learning,
      {"Cost | time <script>", "Better & faster", std::nullopt, std::nullopt, std::nullopt},
      f.on("2020-06-05"));
  const auto scope = f.scope("2020-06-01", "2020-06-30");

  SECTION("JSON: one section is an array of rows, null where a change is n/a")
  {
    const auto json =
        render_report(build_report(f.db, calendar, policy,
                                   request(ReportKind::volumes, scope, {Dimension::channel_group})),
                      ReportFormat::json);
    CHECK(json == "[\n"
                  "  {\"period_from\": \"2020-06-01\", \"period_to\": \"2020-06-30\", "
                  "\"channel_group\": \"digital\", \"count\": 2, \"change_pct\": null},\n"
                  "  {\"period_from\": \"2020-06-01\", \"period_to\": \"2020-06-30\", "
                  "\"channel_group\": \"non-digital\", \"count\": 0, \"change_pct\": null}\n"
                  "]\n");
  }
  SECTION("several sections: JSON is an object, CSV needs a section")
  {
    const auto document =
        build_report(f.db, calendar, policy, request(ReportKind::outcomes, scope));
    CHECK(render_report(document, ReportFormat::json).rfind("{\n  \"outcomes_by_service\": [", 0) ==
          0);
    CHECK(error_code_of([&] { render_report(document, ReportFormat::csv); }) == ExitCode::usage);
    CHECK(error_code_of([&] { select_section(document, "nonsense"); }) == ExitCode::usage);
    const auto one = select_section(document, "outcomes_redirected");
    CHECK(render_report(one, ReportFormat::csv) ==
          "period_from,period_to,received,redirected,redirected_pct\r\n"
          "2020-06-01,2020-06-30,2,0,0.00\r\n");
  }
  SECTION("Markdown and HTML escape what they print")
  {
    const auto document =
        build_report(f.db, calendar, policy, request(ReportKind::learning, scope));
    const auto markdown = render_report(document, ReportFormat::markdown);
    CHECK(markdown.find("Cost \\| time \\<script>") != std::string::npos);
    const auto html = render_report(document, ReportFormat::html);
    CHECK(html.find("Cost | time &lt;script&gt;") != std::string::npos);
    CHECK(html.find("Better &amp; faster") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
  }
  SECTION("the annual page has its charts")
  {
    const auto html = render_report(
        build_report(f.db, calendar, policy,
                     request(ReportKind::annual, f.scope("2020-04-01", "2021-03-31", 2))),
        ReportFormat::html);
    for (const auto* id :
         {"chart-volumes", "chart-channels", "chart-timeliness", "chart-outcomes"}) {
      CHECK(html.find(std::string("<figure class=\"chart\" id=\"") + id + "\"") !=
            std::string::npos);
    }
  }
}

TEST_CASE("report: the monthly KPI counts a campaign's cases and the campaign once", "[report][db]")
{
  // June: complaints 1-3, 1 and 2 start campaign "oak"; July: complaints 4-6, 4 joins "oak"
  // (counted in June), 5 starts "elm", 6 alone.
  Fixture f;
  std::vector<std::string> refs;
  for (const auto* day :
       {"2020-06-01", "2020-06-02", "2020-06-03", "2020-07-01", "2020-07-02", "2020-07-03"}) {
    refs.push_back(f.complaint(day));
  }
  create_campaign(f.db, "oak", std::nullopt, {refs[0], refs[1], refs[3]}, d("2021-06-30"), f.actor);
  create_campaign(f.db, "elm", std::nullopt, {refs[4]}, d("2021-06-30"), f.actor);
  const auto months = compute_kpi(f.db, f.calendar, f.scope("2020-06-01", "2020-07-31"));
  REQUIRE(months.size() == 2);
  CHECK(months[0].received == 3);
  CHECK(months[0].in_campaigns == 2);
  CHECK(months[0].campaigns == 1);
  CHECK(months[0].counted_once() == 2);
  CHECK(months[1].received == 3);
  CHECK(months[1].in_campaigns == 2);
  CHECK(months[1].campaigns == 1);
  CHECK(months[1].counted_once() == 2);
  // July alone: "oak" was counted in June, before the period.
  const auto july = compute_kpi(f.db, f.calendar, f.scope("2020-07-01", "2020-07-31"));
  REQUIRE(july.size() == 1);
  CHECK(july[0].in_campaigns == 2);
  CHECK(july[0].campaigns == 1);
}
