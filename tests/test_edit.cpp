// SPDX-License-Identifier: MIT
// Correcting a case's facts and reorganising services, on an in-memory database. Dates are in
// November 2026, which has no bank holiday in England: Monday 2, 9, 16, 23 and 30.
#include "test_support.hpp"

#include <feedback/cases/edit.hpp>

#include <fmt/format.h>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

namespace {

struct Fixture : test::TestDatabase
{
  Actor actor{"a.officer", "2026-11-22T10:00:00Z", d("2026-11-22")};

  Fixture() : TestDatabase({test::k_highways, test::k_waste}) {}

  std::string create(std::string_view received = "2026-11-02")
  {
    auto input = test::new_case(std::string("complaint"), received, "email", "HWY",
                                "Pothole outside number 12");
    input.person.name = "A. Resident";
    input.person.email = "a.resident@example.org";
    return create_case(db, input, actor);
  }

  CaseView view(const std::string& ref)
  {
    auto v = find_case(db, calendar, ref, d("2026-11-22"));
    REQUIRE(v.has_value());
    return *v;
  }

  // The events of kind `kind` as "from>to|detail".
  std::vector<std::string> events(const std::string& ref, std::string_view kind)
  {
    std::vector<std::string> out;
    for (const auto& e : view(ref).events) {
      if (e.kind == kind) {
        out.push_back(e.from.value_or("-") + ">" + e.to.value_or("-") + "|" + e.detail);
      }
    }
    return out;
  }

  std::int64_t event_count() { return number("SELECT count(*) FROM case_event"); }
};

CaseEdit
received(std::string_view day)
{
  CaseEdit e;
  e.received = d(day);
  e.received_at = std::string(day);
  return e;
}

} // namespace

TEST_CASE("edit: a later received date moves the first stage and its deadlines", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  // Received Monday 2 November: acknowledge by Thursday 5 (3 working days), respond by
  // Monday 16 (10).
  CHECK(f.view(ref).current()->deadlines.acknowledge_due == d("2026-11-05"));
  CHECK(f.view(ref).current()->deadlines.respond_due == d("2026-11-16"));

  const auto changed = edit_case(f.db, ref, received("2026-11-09"), f.actor);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].field == "received");
  CHECK(changed[0].from == "2026-11-02");
  CHECK(changed[0].to == "2026-11-09");
  const auto v = f.view(ref);
  CHECK(v.received == d("2026-11-09"));
  CHECK(v.received_at == "2026-11-09");
  CHECK(v.current()->started == d("2026-11-09"));
  // From Monday 9: Thursday 12 and Monday 23.
  CHECK(v.current()->deadlines.acknowledge_due == d("2026-11-12"));
  CHECK(v.current()->deadlines.respond_due == d("2026-11-23"));
  CHECK(f.events(ref, "edited") == std::vector<std::string>{"2026-11-02>2026-11-09|received"});
  // The event took effect on the day of the edit; the reference keeps its number.
  CHECK(v.events.back().on == d("2026-11-22"));
  CHECK(v.reference == ref);
}

TEST_CASE("edit: a received date after the acknowledgement is refused with the reason",
          "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  acknowledge_case(f.db, ref, d("2026-11-03"), f.actor);
  const auto before = f.event_count();
  const auto message = message_of([&] { edit_case(f.db, ref, received("2026-11-04"), f.actor); });
  CHECK(message == "--received 2026-11-04: case " + ref +
                       " cannot be received after the acknowledgement on 2026-11-03");
  CHECK(error_code_of([&] { edit_case(f.db, ref, received("2026-11-04"), f.actor); }) ==
        ExitCode::data_error);
  // The same day as the acknowledgement, or earlier, is fine.
  edit_case(f.db, ref, received("2026-11-03"), f.actor);
  CHECK(f.view(ref).received == d("2026-11-03"));
  CHECK(f.event_count() == before + 1);
}

TEST_CASE("edit: a received date after a hold, or in the future, is refused", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  hold_case(f.db, ref, "waiting for photographs", d("2026-11-06"), f.actor);
  CHECK(message_of([&] { edit_case(f.db, ref, received("2026-11-10"), f.actor); }) ==
        "--received 2026-11-10: case " + ref + " cannot be received after a hold on 2026-11-06");
  CHECK(message_of([&] { edit_case(f.db, ref, received("2026-11-23"), f.actor); }) ==
        "--received 2026-11-23 is after today (2026-11-22)");
  CHECK(f.view(ref).received == d("2026-11-02"));
  CHECK(f.view(ref).current()->started == d("2026-11-02"));
}

TEST_CASE("edit: service, channel and sponsor record old and new values", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  CaseEdit e;
  e.service = "WST";
  e.channel = "phone";
  e.sponsor = "councillor";
  e.sponsor_name = "Cllr Jones";
  const auto changed = edit_case(f.db, ref, e, f.actor);
  REQUIRE(changed.size() == 4);
  CHECK(f.events(ref, "edited") ==
        std::vector<std::string>{"HWY>WST|service", "email>phone|channel", "->councillor|sponsor",
                                 "->-|sponsor name (personal data: values not recorded)"});
  const auto v = f.view(ref);
  CHECK(v.service == "WST");
  CHECK(v.channel == "phone");
  CHECK(v.sponsor == "councillor");
  CHECK(v.sponsor_name == "Cllr Jones");

  // No sponsor: its name goes with it.
  CaseEdit none;
  none.sponsor = "none";
  edit_case(f.db, ref, none, f.actor);
  CHECK_FALSE(f.view(ref).sponsor.has_value());
  CHECK_FALSE(f.view(ref).sponsor_name.has_value());
}

TEST_CASE("edit: personal data changes are recorded without their values", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  CaseEdit e;
  e.name = "A. N. Resident";
  e.email = "";
  e.phone = "01632 960000";
  e.preferred_format = "large-print";
  e.summary = "Pothole outside number 14";
  edit_case(f.db, ref, e, f.actor);
  const auto v = f.view(ref);
  REQUIRE(v.person.has_value());
  CHECK(v.person->name == "A. N. Resident");
  CHECK_FALSE(v.person->email.has_value());
  CHECK(v.person->phone == "01632 960000");
  CHECK(v.person->preferred_format == "large-print");
  CHECK(v.summary == "Pothole outside number 14");
  CHECK(f.events(ref, "edited") ==
        std::vector<std::string>{"->-|summary (personal data: values not recorded)",
                                 "->-|name (personal data: values not recorded)",
                                 "->-|email (personal data: values not recorded)",
                                 "->-|phone (personal data: values not recorded)",
                                 "->-|preferred format (personal data: values not recorded)"});
  // Nowhere in the trail: neither the old values nor the new.
  for (const auto* value : {"Resident", "example.org", "01632", "large-print", "number 1"}) {
    INFO(value);
    CHECK(f.number(fmt::format("SELECT count(*) FROM case_event WHERE from_value LIKE '%{0}%' "
                               "OR to_value LIKE '%{0}%'",
                               value)) == 0);
    CHECK(f.number(fmt::format("SELECT count(*) FROM event_text WHERE body LIKE '%{}%'", value)) ==
          0);
  }
}

TEST_CASE("edit: the type of contact is a reclassification", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  CaseEdit e;
  e.type = "enquiry";
  const auto changed = edit_case(f.db, ref, e, f.actor);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].field == "type");
  CHECK(changed[0].from == "complaint");
  CHECK(changed[0].to == "enquiry");
  const auto v = f.view(ref);
  CHECK(v.type == "enquiry");
  // An enquiry is answered in 5 working days from Monday 2: Monday 9.
  CHECK(v.current()->deadlines.respond_due == d("2026-11-09"));
  CHECK(v.events.back().kind == "reclassified");
}

TEST_CASE("edit: refusals leave the case unchanged", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  const auto before = f.event_count();
  CaseEdit same;
  same.service = "HWY";
  same.channel = "email";
  CHECK(message_of([&] { edit_case(f.db, ref, same, f.actor); }) ==
        "case " + ref + ": nothing to change (each value given is the case's already)");
  CaseEdit unknown;
  unknown.channel = "phone"; // would change, but the service below is refused
  unknown.service = "NOPE";
  CHECK(message_of([&] { edit_case(f.db, ref, unknown, f.actor); }) ==
        "unknown service 'NOPE' (known: HWY, WST; add one with 'feedback-admin service add')");
  CHECK(f.view(ref).channel == "email");
  CaseEdit name_only;
  name_only.sponsor_name = "Cllr Jones";
  CHECK(error_code_of([&] { edit_case(f.db, ref, name_only, f.actor); }) == ExitCode::data_error);
  CaseEdit empty_summary;
  empty_summary.summary = " ";
  CHECK(error_code_of([&] { edit_case(f.db, ref, empty_summary, f.actor); }) == ExitCode::usage);
  CHECK(error_code_of([&] { edit_case(f.db, "FB-2026-999999", same, f.actor); }) ==
        ExitCode::data_error);
  CHECK(f.event_count() == before);
}

TEST_CASE("services: rename, move and their history", "[edit][db]")
{
  Fixture f;
  rename_service(f.db, "WST", "Waste and recycling", f.actor);
  move_service(f.db, "WST", "Place", f.actor);
  const auto s = find_service(f.db, "WST");
  REQUIRE(s.has_value());
  CHECK(s->name == "Waste and recycling");
  CHECK(s->directorate == "Place");
  const auto history = service_history(f.db, "WST");
  REQUIRE(history.size() == 2);
  CHECK(history[0].kind == "renamed");
  CHECK(history[0].from == "Waste");
  CHECK(history[0].to == "Waste and recycling");
  CHECK(history[1].kind == "moved");
  CHECK(history[1].from == "Environment");
  CHECK(history[1].to == "Place");
  CHECK(history[1].on == d("2026-11-22"));
  CHECK(history[1].officer == "a.officer");
  CHECK(message_of([&] { move_service(f.db, "WST", "Place", f.actor); }) ==
        "service WST is in Place already");
  CHECK(error_code_of([&] { rename_service(f.db, "NOPE", "x", f.actor); }) == ExitCode::data_error);
}

TEST_CASE("services: a retired service takes no new cases and keeps its own", "[edit][db]")
{
  Fixture f;
  const auto ref = f.create();
  retire_service(f.db, "HWY", f.actor);
  CHECK(find_service(f.db, "HWY")->retired_on == d("2026-11-22"));
  CHECK(f.view(ref).service == "HWY");
  CHECK(message_of([&] { f.create(); }) ==
        "--service HWY: the service was retired on 2026-11-22 and takes no new cases");
  CaseEdit e;
  e.service = "HWY";
  const auto other = create_case(
      f.db, test::new_case(std::string("complaint"), "2026-11-02", "email", "WST", "Bin"), f.actor);
  CHECK(error_code_of([&] { edit_case(f.db, other, e, f.actor); }) == ExitCode::data_error);
  CHECK(error_code_of([&] { retire_service(f.db, "HWY", f.actor); }) == ExitCode::data_error);
  // Its cases still change.
  acknowledge_case(f.db, ref, d("2026-11-03"), f.actor);
}

TEST_CASE("services: a merge moves every case, audited, and retires the service", "[edit][db]")
{
  Fixture f;
  const auto a = f.create();
  const auto b = f.create("2026-11-03");
  const auto c = create_case(
      f.db, test::new_case(std::string("complaint"), "2026-11-02", "email", "WST", "Bin"), f.actor);
  CHECK(merge_service(f.db, "HWY", "WST", f.actor) == 2);
  CHECK(f.view(a).service == "WST");
  CHECK(f.view(b).service == "WST");
  CHECK(f.events(a, "service-merged") == std::vector<std::string>{"HWY>WST|"});
  CHECK(f.events(c, "service-merged").empty());
  const auto hwy = find_service(f.db, "HWY");
  CHECK(hwy->retired_on == d("2026-11-22"));
  CHECK(hwy->merged_into == "WST");
  CHECK(f.number("SELECT count(*) FROM service_event WHERE kind = 'merged'") == 2);
  CHECK(message_of([&] { merge_service(f.db, "WST", "HWY", f.actor); }) ==
        "--into HWY: the service was retired on 2026-11-22 and takes no new cases (its cases "
        "moved to WST)");
  CHECK(message_of([&] { merge_service(f.db, "WST", "WST", f.actor); }) ==
        "cannot merge service WST into itself");
}
