// SPDX-License-Identifier: MIT
// A case's lifecycle through the library, on an in-memory database.
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

namespace {

struct Fixture : test::TestDatabase
{
  Actor actor{"a.officer", "2026-11-22T10:00:00Z", d("2026-11-22")};

  Fixture() : TestDatabase({test::k_highways, test::k_childrens_social_care}) {}

  std::string create(std::optional<std::string> type, std::string_view received,
                     std::string service = "HWY")
  {
    return create_case(db,
                       test::new_case(std::move(type), received, "email", std::move(service),
                                      "Pothole outside number 12"),
                       actor);
  }

  CaseView view(const std::string& ref, std::string_view as_of = "2026-11-22")
  {
    auto v = find_case(db, calendar, ref, d(as_of));
    REQUIRE(v.has_value());
    return *v;
  }
};

} // namespace

TEST_CASE("cases: a corporate complaint from receipt to closure", "[cases][db]")
{
  Fixture f;
  const auto ref = f.create("complaint", "2026-11-02");
  CHECK(ref == "FB-2026-000001");
  auto v = f.view(ref);
  CHECK(v.status == CaseStatus::open);
  REQUIRE(v.current());
  CHECK(v.current()->procedure == "corporate");
  CHECK(v.current()->stage == 1);
  CHECK(v.current()->deadlines.acknowledge_due == d("2026-11-05"));
  CHECK(v.current()->deadlines.respond_due == d("2026-11-16"));

  acknowledge_case(f.db, ref, d("2026-11-03"), f.actor);
  CHECK(error_code_of([&] { acknowledge_case(f.db, ref, d("2026-11-04"), f.actor); }) ==
        ExitCode::data_error);
  const auto& calendar = f.calendar;
  CHECK(extend_case(f.db, calendar, "fb-2026-000001", 10, "holding letter", f.actor) ==
        d("2026-11-30"));
  // Corporate stage 1 allows at most 10 working days' extension.
  CHECK(error_code_of([&] { extend_case(f.db, calendar, ref, 1, "more", f.actor); }) ==
        ExitCode::data_error);
  respond_case(f.db, ref, std::string("partially-upheld"), {"communication", "speed-of-service"},
               d("2026-11-20"), f.actor);
  close_case(f.db, ref, d("2026-11-20"), f.actor);
  v = f.view(ref);
  CHECK(v.status == CaseStatus::closed);
  CHECK(v.current()->responded == d("2026-11-20"));
  CHECK(v.current()->outcome == "partially-upheld");
  CHECK(v.current()->areas == std::vector<std::string>{"communication", "speed-of-service"});
  CHECK(v.closed_on == d("2026-11-20"));
  std::vector<std::string> kinds;
  for (const auto& e : v.events) {
    kinds.push_back(e.kind);
  }
  // By the day each happened (the extension is dated after the response), then as entered.
  CHECK(kinds == std::vector<std::string>{"created", "classified", "acknowledged", "responded",
                                          "closed", "extended"});
  CHECK(error_code_of([&] {
          respond_case(f.db, ref, std::string("upheld"), {}, d("2026-11-21"), f.actor);
        }) == ExitCode::data_error);
}

// A case's last activity is the day of its latest change. new and respond mark it in the rows they
// write anyway (the case inserted with its receipt, the status changed with the response) rather
// than with an UPDATE of their own; a change dated before the last activity leaves it.
TEST_CASE("cases: the last activity is the day of the latest change and is marked once",
          "[cases][db]")
{
  Fixture f;
  const auto ref = f.create("complaint", "2026-11-02");
  CHECK(f.view(ref).last_activity == d("2026-11-02"));
  acknowledge_case(f.db, ref, d("2026-11-04"), f.actor);
  CHECK(f.view(ref).last_activity == d("2026-11-04"));
  add_note(f.db, ref, "Rang the customer", d("2026-11-12"), f.actor);
  CHECK(f.view(ref).last_activity == d("2026-11-12"));
  respond_case(f.db, ref, std::string("upheld"), {"communication"}, d("2026-11-10"), f.actor);
  auto v = f.view(ref);
  CHECK(v.last_activity == d("2026-11-12")); // the note came later
  CHECK(v.status == CaseStatus::responded);
  // One UPDATE of the stage writes the response and its responder.
  CHECK(v.current()->responded == d("2026-11-10"));
  CHECK(v.current()->outcome == "upheld");
  CHECK(v.current()->responded_by == f.actor.officer);

  const auto later = f.create("complaint", "2026-11-16");
  respond_case(f.db, later, std::string("not-upheld"), {}, d("2026-11-20"), f.actor);
  v = f.view(later);
  CHECK(v.last_activity == d("2026-11-20"));
  CHECK(v.current()->acknowledged == d("2026-11-20")); // the response acknowledged it too
}

TEST_CASE("cases: reclassifying an enquiry (5 days) as a complaint (10 days)", "[cases][db]")
{
  Fixture f;
  const auto ref = f.create("enquiry", "2026-11-02");
  auto v = f.view(ref);
  CHECK(v.current()->procedure == "enquiry");
  CHECK(v.current()->deadlines.respond_due == d("2026-11-09"));
  CHECK_FALSE(v.current()->deadlines.acknowledge_due.has_value());
  classify_case(f.db, ref, "complaint", std::nullopt, f.actor);
  v = f.view(ref);
  CHECK(v.type == "complaint");
  CHECK(v.current()->procedure == "corporate");
  CHECK(v.current()->deadlines.respond_due == d("2026-11-16"));
  CHECK(v.events.back().kind == "reclassified");
  CHECK(v.events.back().from == "enquiry");
  CHECK(v.events.back().to == "complaint");
  // Changing only the procedure is recorded as that, not as a type change.
  classify_case(f.db, ref, "complaint", std::string("send"), f.actor);
  v = f.view(ref);
  CHECK(v.events.back().kind == "procedure-changed");
  CHECK(v.events.back().from == "corporate");
  CHECK(v.events.back().to == "send");
  CHECK(v.current()->deadlines.respond_due == d("2026-11-30")); // send: 20 working days
}

TEST_CASE("cases: an unclassified contact has no response deadline until classified", "[cases][db]")
{
  Fixture f;
  const auto ref = f.create(std::nullopt, "2026-11-02", "CSC");
  auto v = f.view(ref);
  CHECK_FALSE(v.type.has_value());
  CHECK(v.current()->deadlines.acknowledge_due == d("2026-11-05"));
  CHECK_FALSE(v.current()->deadlines.respond_due.has_value());
  CHECK(error_code_of([&] {
          respond_case(f.db, ref, std::string("upheld"), {}, d("2026-11-10"), f.actor);
        }) == ExitCode::data_error);
  classify_case(f.db, ref, "complaint", std::nullopt, f.actor);
  v = f.view(ref);
  CHECK(v.current()->procedure == "childrens-statutory"); // the service's default
  CHECK(v.current()->deadlines.respond_due == d("2026-11-16"));
  CHECK(v.classified_by->find("service CSC") != std::string::npos);
}

TEST_CASE("cases: holds move the deadline and block a second hold", "[cases][db]")
{
  Fixture f;
  const auto ref = f.create("complaint", "2026-11-02");
  hold_case(f.db, ref, "waiting for the customer", d("2026-11-10"), f.actor);
  CHECK(error_code_of([&] { hold_case(f.db, ref, "again", d("2026-11-11"), f.actor); }) ==
        ExitCode::data_error);
  CHECK(error_code_of([&] {
          respond_case(f.db, ref, std::string("upheld"), {}, d("2026-11-11"), f.actor);
        }) == ExitCode::data_error);
  resume_case(f.db, ref, d("2026-11-13"), f.actor);
  CHECK(error_code_of([&] { resume_case(f.db, ref, d("2026-11-13"), f.actor); }) ==
        ExitCode::data_error);
  // 10, 11, 12 Nov on hold: due 16 Nov moves to 19 Nov.
  CHECK(f.view(ref).current()->deadlines.respond_due == d("2026-11-19"));
}

TEST_CASE("cases: a stage keeps the policy in force when it started", "[cases][db]")
{
  Fixture f;
  const auto before = f.create("complaint", "2026-11-02");
  auto policy = load_policy(f.db);
  for (auto& p : policy.procedures) {
    if (p.code == "corporate") {
      p.stages[0].respond_days = 15;
    }
  }
  CHECK(save_policy(f.db, policy, "longer stage 1", "2026-11-03T09:00:00Z") == 2);
  const auto after = f.create("complaint", "2026-11-02");
  CHECK(f.view(before).current()->deadlines.respond_due == d("2026-11-16"));
  CHECK(f.view(before).current()->policy_version == 1);
  CHECK(f.view(after).current()->deadlines.respond_due == d("2026-11-23"));
  CHECK(f.view(after).current()->policy_version == 2);
}

TEST_CASE("cases: sponsored contacts, redirection, withdrawal and reopening", "[cases][db]")
{
  Fixture f;
  NewCase n;
  n.channel = "letter";
  n.service = "HWY";
  n.summary = "Councillor writes about street lighting";
  n.received = d("2026-11-02");
  n.received_at = "2026-11-02";
  n.sponsor = "councillor";
  n.sponsor_name = "Cllr Jane Smith";
  n.person.name = "Ada Lovelace";
  const auto ref = create_case(f.db, n, f.actor);
  auto v = f.view(ref);
  CHECK(v.type == "complaint");
  CHECK(v.person->name == "Ada Lovelace");
  sponsor_update(f.db, ref, d("2026-11-06"), f.actor);
  CHECK(f.view(ref).sponsor_updated == d("2026-11-06"));

  const auto other = f.create("complaint", "2026-11-02");
  CHECK(error_code_of([&] { sponsor_update(f.db, other, d("2026-11-06"), f.actor); }) ==
        ExitCode::data_error);
  redirect_case(f.db, other, "National Highways", f.actor);
  v = f.view(other);
  CHECK(v.status == CaseStatus::closed);
  CHECK(v.closure == CaseClosure::redirected);
  CHECK(v.redirected_to == "National Highways");
  reopen_case(f.db, other, "it is ours after all", d("2026-11-22"), f.actor);
  CHECK(f.view(other).status == CaseStatus::open);

  withdraw_case(f.db, ref, d("2026-11-20"), f.actor);
  CHECK(f.view(ref).closure == CaseClosure::withdrawn);
  CHECK(error_code_of([&] { withdraw_case(f.db, ref, d("2026-11-20"), f.actor); }) ==
        ExitCode::data_error);
}

TEST_CASE("cases: bad input changes nothing", "[cases][db]")
{
  Fixture f;
  CHECK(error_code_of([&] { f.create("grumble", "2026-11-02"); }) == ExitCode::data_error);
  CHECK(error_code_of([&] { f.create("complaint", "2026-11-02", "NOPE"); }) ==
        ExitCode::data_error);
  CHECK(error_code_of([&] { f.create("complaint", "2026-11-23"); }) == ExitCode::data_error);
  const auto ref = f.create("complaint", "2026-11-02");
  CHECK(ref == "FB-2026-000001");
  CHECK(error_code_of([&] {
          acknowledge_case(f.db, "FB-1999-000009", d("2026-11-03"), f.actor);
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] { acknowledge_case(f.db, ref, d("2026-10-30"), f.actor); }) ==
        ExitCode::data_error);
  CHECK(error_code_of([&] {
          respond_case(f.db, ref, std::string("great"), {}, d("2026-11-03"), f.actor);
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] {
          respond_case(f.db, ref, std::nullopt, {}, d("2026-11-03"), f.actor);
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] { close_case(f.db, ref, d("2026-11-03"), f.actor); }) ==
        ExitCode::data_error);
  const auto v = f.view(ref);
  CHECK(v.events.size() == 2);
  CHECK(v.status == CaseStatus::open);
  CHECK_FALSE(v.current()->acknowledged.has_value());
}

TEST_CASE("cases: audit events cannot be changed or deleted", "[cases][db]")
{
  Fixture f;
  f.create("complaint", "2026-11-02");
  CHECK(error_code_of([&] { f.db.exec("UPDATE case_event SET officer = 'someone else'"); }) ==
        ExitCode::data_error);
  CHECK(error_code_of([&] { f.db.exec("DELETE FROM case_event"); }) == ExitCode::data_error);
  CHECK(f.number("SELECT count(*) FROM case_event") == 2);
}

TEST_CASE("cases: listing open cases with deadlines", "[cases][db]")
{
  Fixture f;
  const auto a = f.create("complaint", "2026-11-02");
  const auto b = f.create("compliment", "2026-11-03");
  const auto c = f.create("complaint", "2026-11-20", "CSC");
  withdraw_case(f.db, c, d("2026-11-20"), f.actor);
  const auto& calendar = f.calendar;
  ListFilter filter;
  filter.status = StatusFilter::open;
  std::vector<SkippedCase> skipped;
  auto rows = list_cases(f.db, calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].reference == a);
  CHECK(rows[0].respond_due == d("2026-11-16"));
  // Acknowledgement due 5 Nov and never met: 11 working days overdue by Sunday 22 Nov.
  CHECK(rows[0].days_overdue == 11);
  CHECK(rows[1].reference == b);
  filter.overdue_only = true;
  filter.service = "HWY";
  rows = list_cases(f.db, calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 2); // the compliment's 5-day acknowledgement is overdue too
  filter.type = "complaint";
  rows = list_cases(f.db, calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 1);
  filter = ListFilter{};
  filter.status = StatusFilter::closed;
  rows = list_cases(f.db, calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].reference == c);
  CHECK(skipped.empty());
}

TEST_CASE("cases: a status and a closure are named once, for the database and every output",
          "[cases]")
{
  for (const auto status : {CaseStatus::open, CaseStatus::responded, CaseStatus::closed}) {
    CHECK(parse_case_status(case_status_name(status)) == status);
  }
  CHECK(case_status_name(CaseStatus::responded) == "responded");
  CHECK(case_closure_name(CaseClosure::resolved_informally) == "resolved-informally");
  CHECK(parse_case_closure("redirected") == CaseClosure::redirected);
  CHECK_FALSE(parse_case_status("Open"));
  CHECK_FALSE(parse_case_closure("resolved_informally"));
  CHECK(fmt::format("{} ({})", CaseStatus::closed, CaseClosure::withdrawn) == "closed (withdrawn)");
}

// SQLite only: a bad date stored past the CHECKs with SQLite's ignore_check_constraints.
TEST_CASE("cases: a case with a bad stored date is skipped by the list, refused by show",
          "[cases][db][sqlite-only]")
{
  Fixture f;
  const auto a = f.create("complaint", "2026-11-02");
  const auto b = f.create("complaint", "2026-11-03");
  const auto c = f.create("complaint", "2026-11-04");
  // As an older version or a hand with sqlite3 might have left it.
  f.db.exec("PRAGMA ignore_check_constraints = 1");
  f.db.exec("UPDATE case_record SET received = '0202-11-20' WHERE reference = 'FB-2026-000002'");
  f.db.exec("PRAGMA ignore_check_constraints = 0");
  ListFilter filter;
  std::vector<SkippedCase> skipped;
  auto rows = list_cases(f.db, f.calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].reference == a);
  CHECK(rows[1].reference == c);
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].reference == b);
  CHECK(skipped[0].problem == "bad date in case_record.received: '0202-11-20' (not a date from "
                              "1971-01-01 to 2199-12-31)");
  // The bad case sorts first; the limit counts the cases listed, not the one skipped.
  filter.limit = 1;
  skipped.clear();
  rows = list_cases(f.db, f.calendar, filter, d("2026-11-22"), skipped);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].reference == a);
  CHECK(skipped.size() == 1);
  const auto e = test::error_of([&] { (void)find_case(f.db, f.calendar, b, d("2026-11-22")); });
  CHECK(e.code() == ExitCode::data_error);
  CHECK(std::string(e.what()) ==
        "FB-2026-000002: bad date in case_record.received: '0202-11-20' (not a date from "
        "1971-01-01 to 2199-12-31)");
  CHECK(find_case(f.db, f.calendar, a, d("2026-11-22")).has_value());
}

TEST_CASE("cases: changes dated with --on land on the day they happened", "[cases][db]")
{
  Fixture f; // today is Sun 22 Nov 2026
  const auto ref = f.create(std::nullopt, "2026-11-02");
  auto kinds_on = [&](const std::string& kind) {
    std::vector<Date> out;
    for (const auto& e : f.view(ref).events) {
      if (e.kind == kind) {
        out.push_back(e.on);
      }
    }
    return out;
  };
  classify_case(f.db, ref, "complaint", std::nullopt, std::nullopt, d("2026-11-03"), f.actor);
  CHECK(kinds_on("classified") == std::vector<Date>{d("2026-11-02"), d("2026-11-03")});
  assign_case(f.db, ref, "j.smith", d("2026-11-04"), f.actor);
  CHECK(kinds_on("assigned") == std::vector<Date>{d("2026-11-04")});
  add_note(f.db, ref, "called back", d("2026-11-04"), f.actor);
  CHECK(kinds_on("note") == std::vector<Date>{d("2026-11-04")});
  acknowledge_case(f.db, ref, d("2026-11-05"), f.actor);
  ExtensionRequest request;
  request.days = 5;
  request.reason = "a contractor's report";
  request.on = d("2026-11-06");
  // Corporate stage 1: ten working days after Mon 2 Nov is Mon 16 Nov; five more, Mon 23 Nov.
  CHECK(extend_case(f.db, f.calendar, ref, request, f.actor) == d("2026-11-23"));
  const auto v = f.view(ref);
  REQUIRE(v.current()->extensions.size() == 1);
  CHECK(v.current()->extensions[0].granted_on == d("2026-11-06"));
  CHECK(v.current()->extensions[0].customer_told_on == d("2026-11-06"));
  LearningInput learning{"slow", "faster", std::nullopt, std::nullopt, std::nullopt};
  learning.on = d("2026-11-09");
  add_learning(f.db, ref, learning, f.actor);
  CHECK(f.view(ref).learning.at(0).recorded_on == d("2026-11-09"));

  const auto events = f.view(ref).events.size();
  SECTION("not after today, not before receipt: the option and the date named")
  {
    CHECK(message_of([&] { assign_case(f.db, ref, "k.jones", d("2026-11-23"), f.actor); }) ==
          "--on 2026-11-23 is in the future (today is 2026-11-22)");
    CHECK(message_of([&] { add_note(f.db, ref, "early", d("2026-11-01"), f.actor); }) ==
          "--on 2026-11-01 is before the case was received (2026-11-02)");
    CHECK(error_code_of([&] {
            classify_case(f.db, ref, "enquiry", std::nullopt, std::nullopt, d("2026-11-01"),
                          f.actor);
          }) == ExitCode::data_error);
    request.on = d("2026-11-23");
    CHECK(error_code_of([&] { extend_case(f.db, f.calendar, ref, request, f.actor); }) ==
          ExitCode::data_error);
    learning.on = d("2026-10-30");
    CHECK(error_code_of([&] { add_learning(f.db, ref, learning, f.actor); }) ==
          ExitCode::data_error);
    CHECK(error_code_of([&] { redirect_case(f.db, ref, "County", d("2026-11-01"), f.actor); }) ==
          ExitCode::data_error);
    CHECK(f.view(ref).events.size() == events);
  }
  SECTION("redirect and withdraw, dated and with a reason")
  {
    const auto other = f.create("complaint", "2026-11-02");
    redirect_case(f.db, other, "County council", d("2026-11-05"), f.actor);
    CHECK(f.view(other).closed_on == d("2026-11-05"));
    withdraw_case(f.db, ref, std::string("moved away"), d("2026-11-10"), f.actor);
    const auto w = f.view(ref);
    CHECK(w.closed_on == d("2026-11-10"));
    CHECK(w.events.back().detail == "withdrawn by the customer: moved away");
    CHECK(w.events.back().on == d("2026-11-10"));
  }
}
