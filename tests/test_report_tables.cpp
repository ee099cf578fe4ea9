// SPDX-License-Identifier: MIT
// The tables councils publish without a calculator: shares, ratios, change over several
// periods and two-dimensional tables with their totals, on a small database whose figures are
// worked out by hand here. Zero denominators print "n/a", never a division.
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/reports/reports.hpp>

#include <string>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;

namespace {

std::string
pct(std::optional<Hundredths> h)
{
  return h ? format_hundredths(*h) : "n/a";
}

// June 2020: complaints HWY web x3, WST phone x1; service requests HWY web x4, WST email x2;
// one compliment WST web. Total 11.
// May 2020: complaints HWY web x2. April 2020: complaint HWY web x1.
struct Fixture : test::TestDatabase
{
  Actor actor{"Olivia Officer", "2021-06-30T10:00:00Z", d("2021-06-30")};

  Fixture() : TestDatabase({test::k_highways, test::k_waste})
  {
    add("complaint", "2020-06-02", "web", "HWY", 3);
    add("complaint", "2020-06-03", "phone", "WST", 1);
    add("service-request", "2020-06-04", "web", "HWY", 4);
    add("service-request", "2020-06-05", "email", "WST", 2);
    add("compliment", "2020-06-08", "web", "WST", 1);
    add("complaint", "2020-05-04", "web", "HWY", 2);
    add("complaint", "2020-04-06", "web", "HWY", 1);
  }

  void add(std::string type, std::string_view day, std::string channel, std::string service, int n)
  {
    for (int i = 0; i < n; ++i) {
      create_case(db, test::new_case(type, day, channel, service, "a case"), actor);
    }
  }

  ReportRequest request(ReportKind kind, std::string_view from, std::string_view to,
                        std::vector<Dimension> by = {}, int compare = 0)
  {
    ReportRequest r;
    r.kind = kind;
    r.scope = make_scope(Period{d(from), d(to)}, compare, d("2021-06-30"));
    r.by = std::move(by);
    return r;
  }

  std::string render(const ReportRequest& r, ReportFormat format)
  {
    const auto policy = load_policy(db);
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

TEST_CASE("report: per 1,000 and shares as councils print them", "[report]")
{
  CHECK(pct(per_thousand(12, 4800)) == "2.50"); // 12 / 4800 x 1000
  CHECK(pct(per_thousand(1, 3)) == "333.33");   // 333.333...
  CHECK(pct(per_thousand(2, 3)) == "666.67");   // 666.666...
  CHECK(pct(per_thousand(3, 4)) == "750.00");
  CHECK(pct(per_thousand(0, 4)) == "0.00");
  CHECK_FALSE(per_thousand(5, 0).has_value());      // n/a, never a division
  CHECK(format_share(2846, 4743) == "60% (2,846)"); // 60.005...
  CHECK(format_share(1, 8) == "13% (1)");           // 12.5: halves away from zero
  CHECK(format_share(1, 3) == "33% (1)");
  CHECK(format_share(0, 0) == "n/a (0)");
  CHECK(format_share(7, 7) == "100% (7)");
}

TEST_CASE("report: shares of the total, the row and the column", "[report][db]")
{
  Fixture f;
  SECTION("one dimension: each type's share of the month's 11 cases")
  {
    auto r = f.request(ReportKind::volumes, "2020-06-01", "2020-06-30", {Dimension::type});
    r.share = ShareOf::total;
    const auto csv = f.render(r, ReportFormat::csv);
    // 4 / 11 = 36.3636; 6 / 11 = 54.5454; 1 / 11 = 9.0909.
    CHECK(has(csv, "2020-06-01,2020-06-30,complaint,4,36.36,"));
    CHECK(has(csv, "2020-06-01,2020-06-30,service-request,6,54.55,"));
    CHECK(has(csv, "2020-06-01,2020-06-30,compliment,1,9.09,"));
    CHECK(has(csv, "2020-06-01,2020-06-30,enquiry,0,0.00,"));
    const auto table = f.render(r, ReportFormat::table);
    CHECK(has(table, "36% (4)"));
    CHECK(has(table, "55% (6)"));
    CHECK(has(table, "100% (11)")); // the total row
  }
  SECTION("two dimensions: type down, channel group across, with totals")
  {
    auto r = f.request(ReportKind::volumes, "2020-06-01", "2020-06-30",
                       {Dimension::type, Dimension::channel_group});
    // complaint: digital 3, non-digital 1 (row 4); service-request: digital 6 (web 4, email 2);
    // compliment: digital 1. Columns: digital 10, non-digital 1; whole 11.
    r.share = ShareOf::row;
    auto csv = f.render(r, ReportFormat::csv);
    CHECK(has(csv, "complaint,digital,3,75.00,"));     // 3 / 4
    CHECK(has(csv, "complaint,non-digital,1,25.00,")); // 1 / 4
    CHECK(has(csv, "comment,digital,0,,"));            // a row of nothing: no share of it
    auto table = f.render(r, ReportFormat::table);
    CHECK(has(table, "75% (3)"));
    CHECK(has(table, "25% (1)"));
    CHECK(has(table, "n/a (0)")); // a type with no cases: no share of nothing

    r.share = ShareOf::column;
    csv = f.render(r, ReportFormat::csv);
    CHECK(has(csv, "complaint,digital,3,30.00,"));       // 3 / 10
    CHECK(has(csv, "complaint,non-digital,1,100.00,"));  // 1 / 1
    CHECK(has(csv, "service-request,digital,6,60.00,")); // 6 / 10
    table = f.render(r, ReportFormat::table);
    CHECK(has(table, "100% (10)")); // the digital column's total, of itself
    CHECK(has(table, "36% (4)"));   // the complaints' row total, of the whole: 4 / 11 = 36.4

    r.share = ShareOf::none;
    table = f.render(r, ReportFormat::table);
    // The total row: digital 10, non-digital 1, 11 in all.
    CHECK(has(table, "Total"));
    CHECK(has(table, "11"));
  }
  SECTION("a share of the row needs two dimensions")
  {
    auto r = f.request(ReportKind::volumes, "2020-06-01", "2020-06-30", {Dimension::type});
    r.share = ShareOf::row;
    CHECK(error_code_of([&] { f.render(r, ReportFormat::csv); }) == ExitCode::usage);
  }
}

TEST_CASE("report: change on the previous period and on the first shown", "[report][db]")
{
  Fixture f;
  // Complaints: April 1, May 2, June 4.
  auto r = f.request(ReportKind::volumes, "2020-06-01", "2020-06-30", {Dimension::type}, 2);
  r.filter.types = {"complaint"};
  r.change_from = ChangeFrom::first;
  const auto csv = f.render(r, ReportFormat::csv);
  // change_pct on the previous month, then change_from_first_pct on April.
  // April: no change from March's 0 (n/a), and it is the first period shown.
  CHECK(has(csv, "2020-04-01,2020-04-30,complaint,1,,\r\n"));
  CHECK(has(csv, "2020-05-01,2020-05-31,complaint,2,100.00,100.00\r\n"));
  CHECK(has(csv, "2020-06-01,2020-06-30,complaint,4,100.00,300.00\r\n"));
  const auto table = f.render(r, ReportFormat::table);
  CHECK(has(table, "300.00 % increase"));
  CHECK(has(table, "change on 2020-04"));
}

TEST_CASE("report: one type per 1,000 of another, by service", "[report][db]")
{
  Fixture f;
  auto r = f.request(ReportKind::ratio, "2020-06-01", "2020-06-30", {Dimension::service});
  r.ratio_type = "complaint";
  r.ratio_per = "service-request";
  const auto csv = f.render(r, ReportFormat::csv);
  // HWY: 3 complaints, 4 service requests: 750.00. WST: 1 and 2: 500.00.
  CHECK(has(csv, "HWY,3,4,750.00\r\n"));
  CHECK(has(csv, "WST,1,2,500.00\r\n"));

  // May: HWY 2 complaints and no service requests: n/a (empty in CSV), never a division.
  r.scope = make_scope(Period{d("2020-05-01"), d("2020-05-31")}, 0, d("2021-06-30"));
  const auto may = f.render(r, ReportFormat::csv);
  CHECK(has(may, "HWY,2,0,\r\n"));
  CHECK(has(f.render(r, ReportFormat::table), "n/a"));

  SECTION("the whole council: 4 complaints to 6 service requests")
  {
    auto whole = f.request(ReportKind::ratio, "2020-06-01", "2020-06-30");
    whole.ratio_type = "complaint";
    whole.ratio_per = "service-request";
    CHECK(has(f.render(whole, ReportFormat::csv), "2020-06-01,2020-06-30,4,6,666.67\r\n"));
  }
  SECTION("a type that is not one is refused")
  {
    auto bad = r;
    bad.ratio_per = "service-requests";
    CHECK(error_code_of([&] { f.render(bad, ReportFormat::csv); }) == ExitCode::usage);
  }
}

TEST_CASE("report: filters select cases, never people", "[report][db]")
{
  Fixture f;
  auto r = f.request(ReportKind::volumes, "2020-06-01", "2020-06-30", {Dimension::service});
  r.filter.channels = {"digital"};
  r.filter.types = {"complaint", "service-request"};
  const auto csv = f.render(r, ReportFormat::csv);
  // Digital complaints and service requests: HWY web 3 + 4 = 7; WST email 2.
  CHECK(has(csv, "2020-06-01,2020-06-30,HWY,7,"));
  CHECK(has(csv, "2020-06-01,2020-06-30,WST,2,"));
  auto bad = r;
  bad.filter.services = {"NOPE"};
  CHECK(error_code_of([&] { f.render(bad, ReportFormat::csv); }) == ExitCode::usage);
}

TEST_CASE("report: the printed annual report starts with a summary and leaves out empty rows",
          "[report][db]")
{
  Fixture f;
  // 2020/21 holds the 14 cases of April to June 2020, 7 complaints; the two years before none.
  auto r = f.request(ReportKind::annual, "2020-04-01", "2021-03-31", {}, 2);
  const auto policy = load_policy(f.db);
  const auto doc = build_report(f.db, f.calendar, policy, r);
  REQUIRE(doc.summary.size() >= 3);
  CHECK(has(doc.summary[0], "14 cases were received in 2020/21"));
  CHECK(has(doc.summary[0], "7 complaints"));
  const auto html = render_report(doc, ReportFormat::html);
  CHECK(has(html, "<h2>Summary</h2>"));
  CHECK(has(html, "<li>14 cases were received in 2020/21"));
  CHECK(has(html, "@media print"));
  CHECK(has(html, "break-before: page"));
  // Comments, suggestions and enquiries had no cases: the printed table leaves them out, once.
  CHECK(has(html, "Types with no cases in these years are left out."));
  const auto types_at = html.find("id=\"volumes_by_type\"");
  const auto types_end = html.find("</section>", types_at);
  REQUIRE(types_at != std::string::npos);
  const auto types = html.substr(types_at, types_end - types_at);
  CHECK(has(types, "<td>complaint</td>"));
  CHECK_FALSE(has(types, "<td>suggestion</td>"));
  // The data keep every row.
  CHECK(has(render_report(doc, ReportFormat::json), "\"type\": \"suggestion\""));
  // The KPI shows only the window's months.
  CHECK(has(html, "Only the months of 2020/21 are shown."));
}

TEST_CASE("report: the annual report for a December to November year", "[report][db]")
{
  Fixture f;
  auto r = f.request(ReportKind::annual, "2019-12-01", "2020-11-30", {}, 2);
  const auto html = f.render(r, ReportFormat::html);
  CHECK(has(html, "<title>Complaints and feedback: annual report December 2019 to November "
                  "2020</title>"));
  CHECK(has(html, "December 2018 to November 2019"));
  CHECK(has(html, "December 2017 to November 2018"));
  CHECK(has(html, "14 cases were received in December 2019 to November 2020"));
}
