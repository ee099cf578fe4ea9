// SPDX-License-Identifier: MIT
// Members' digests, campaigns and contact restrictions (cases/members, cases/campaigns,
// contacts/restrictions).
#include "test_support.hpp"

#include <feedback/cases/campaigns.hpp>
#include <feedback/cases/members.hpp>
#include <feedback/contacts/restrictions.hpp>

using namespace feedback;
using namespace feedback::test;

namespace {

Actor
officer(std::string_view today, std::string name = "olga")
{
  return {std::move(name), std::string(today) + "T10:00:00Z", d(today)};
}

std::string
sponsored(TestDatabase& t, std::string_view received, std::string kind,
          std::optional<std::string> name, std::string summary = "Pothole")
{
  auto n = new_case("complaint", received, "email", "HWY", std::move(summary));
  n.sponsor = std::move(kind);
  n.sponsor_name = std::move(name);
  return create_case(t.db, n, officer(received));
}

} // namespace

TEST_CASE("members: --sponsor names a kind or a member", "[members]")
{
  ListFilter f;
  add_sponsor_filter(f, "mp");
  CHECK(f.sponsored);
  CHECK(f.sponsor_kind == std::optional<std::string>("mp"));
  CHECK_FALSE(f.sponsor_name);
  ListFilter g;
  add_sponsor_filter(g, "Cllr Ann Jones");
  CHECK(g.sponsor_name == std::optional<std::string>("Cllr Ann Jones"));
  CHECK_FALSE(g.sponsor_kind);
  CHECK(error_code_of([] {
          ListFilter h;
          add_sponsor_filter(h, " ");
        }) == ExitCode::usage);
}

TEST_CASE("members: the digest groups each member's open cases", "[members][db]")
{
  TestDatabase t({k_highways});
  // Received Mon 2 Nov 2026: acknowledge by Thu 5 Nov (3 working days).
  const auto a = sponsored(t, "2026-11-02", "councillor", "Cllr Ann Jones");
  const auto b = sponsored(t, "2026-11-02", "mp", "Jo Smith MP");
  const auto c = sponsored(t, "2026-11-03", "councillor", "CLLR ANN JONES");
  const auto e = sponsored(t, "2026-11-02", "councillor", std::nullopt);
  const auto f = sponsored(t, "2026-11-02", "councillor", "Cllr Ann Jones");
  withdraw_case(t.db, f, d("2026-11-04"), officer("2026-11-04"));
  create_case(t.db, new_case("complaint", "2026-11-02", "email", "HWY", "Not sponsored"),
              officer("2026-11-02"));
  std::vector<SkippedCase> skipped;
  const auto digest = member_digest(t.db, t.calendar, d("2026-11-09"), skipped);
  REQUIRE(digest.size() == 3);
  CHECK(member_label(digest[0]) == "Cllr Ann Jones (councillor)");
  REQUIRE(digest[0].cases.size() == 2);
  CHECK(digest[0].cases[0].row.reference == a);
  CHECK(digest[0].cases[1].row.reference == c);
  // Thu 5 Nov to Mon 9 Nov: Fri 6 and Mon 9, two working days overdue.
  CHECK(digest[0].cases[0].row.days_overdue == std::optional<int>(2));
  CHECK(member_label(digest[1]) == "Jo Smith MP (mp)");
  CHECK(digest[1].cases[0].row.reference == b);
  CHECK(member_label(digest[2]) == "unnamed councillor");
  CHECK(digest[2].cases[0].row.reference == e);
  CHECK(skipped.empty());

  const auto csv = render_member_digest({digest[1]}, Format::csv);
  CHECK(csv == "member,kind,reference,service,owner,status,procedure,stage,next_deadline,due,"
               "working_days_overdue,on_hold,sponsor_updated\r\n"
               "Jo Smith MP,mp," +
                   b + ",HWY,,open,corporate,1,acknowledge,2026-11-05,2,no,\r\n");
  CHECK(render_member_digest({}, Format::table).empty());
}

TEST_CASE("campaigns: word shingles and their Jaccard index", "[campaigns]")
{
  CHECK(word_shingles("Save Elm Park library!") ==
        std::vector<std::string>{"elm park", "park library", "save elm"});
  CHECK(word_shingles("  Hello ") == std::vector<std::string>{"hello"});
  CHECK(word_shingles("...").empty());
  // {save elm, elm park, park library, library now} and {please save, save elm, elm park,
  // park library}: 3 shared of 5.
  CHECK(jaccard(word_shingles("Save Elm Park library now"),
                word_shingles("Please save Elm Park library")) == Approx(0.6));
  CHECK(jaccard({}, {}) == 0.0);
  // Same words, other order: one shingle ("bin collection") shared of nine. Single words would
  // have scored 4 of 8 = 0.5.
  CHECK(jaccard(word_shingles("Missed bin collection on Oak Road"),
                word_shingles("Bin collection missed on Elm Park")) == Approx(1.0 / 9.0));
}

TEST_CASE("campaigns: groups chain near-identical summaries", "[campaigns]")
{
  const std::vector<std::string> s{
      "Save Elm Park library from closure",        // 0
      "Please save Elm Park library from closure", // 1: 5 of 6 with 0
      "Missed bin collection on Oak Road",         // 2
      "save elm park library",                     // 3: 3 of 5 with 0, 3 of 6 with 1
      "Bin collection missed on Elm Park",         // 4: 1 of 9 with 0
  };
  using Groups = std::vector<std::vector<std::size_t>>;
  CHECK(group_similar(s, 0.5, 2) == Groups{{0, 1, 3}});
  CHECK(group_similar(s, 0.5, 4).empty());
  CHECK(group_similar(s, 0.8, 2) == Groups{{0, 1}});
  CHECK(group_similar(s, 0.9, 2).empty());
}

TEST_CASE("campaigns: detect, create, respond all or none", "[campaigns][db]")
{
  TestDatabase t({k_highways});
  const auto actor = officer("2026-11-10");
  std::vector<std::string> refs;
  for (const auto* text :
       {"Save Elm Park library from closure", "Please save Elm Park library from closure",
        "save elm park library from closure now"}) {
    refs.push_back(create_case(t.db, new_case("complaint", "2026-11-09", "web", "HWY", text),
                               officer("2026-11-09")));
  }
  const auto old = create_case(
      t.db, new_case("complaint", "2026-10-01", "web", "HWY", "Save Elm Park library from closure"),
      officer("2026-10-01"));
  DetectOptions opt;
  auto groups = detect_campaigns(t.db, opt, d("2026-11-10"));
  REQUIRE(groups.size() == 1);
  REQUIRE(groups[0].cases.size() == 3); // the October one is outside the 14 days
  CHECK(groups[0].cases[0].reference == refs[0]);
  opt.within_days = 41; // 1 Oct to 10 Nov
  CHECK(detect_campaigns(t.db, opt, d("2026-11-10"))[0].cases.size() == 4);
  opt.service = "NOPE";
  CHECK(error_code_of([&] { detect_campaigns(t.db, opt, d("2026-11-10")); }) ==
        ExitCode::data_error);

  create_campaign(t.db, "elm-park", std::string("HWY"), {refs[0], refs[1]}, d("2026-11-10"), actor);
  add_to_campaign(t.db, "elm-park", {refs[2]}, d("2026-11-10"), actor);
  CHECK(error_code_of([&] {
          add_to_campaign(t.db, "elm-park", {refs[0]}, d("2026-11-10"), actor);
        }) == ExitCode::data_error);
  CHECK(error_code_of([&] {
          create_campaign(t.db, "elm-park", std::nullopt, {}, d("2026-11-10"), actor);
        }) == ExitCode::data_error);
  // Cases in a campaign are proposed no more.
  opt.service.reset();
  CHECK(detect_campaigns(t.db, opt, d("2026-11-10")).empty());

  // A refusal on one case leaves every case unanswered.
  hold_case(t.db, refs[2], "waiting for the petition", d("2026-11-10"), actor);
  CHECK(error_code_of([&] {
          respond_campaign(t.db, "elm-park",
                           {std::string("not-upheld"), {}, d("2026-11-10"), std::nullopt}, actor);
        }) == ExitCode::data_error);
  CHECK(t.number("SELECT count(*) FROM case_record WHERE status = 'responded'") == 0);
  resume_case(t.db, refs[2], d("2026-11-10"), actor);
  const auto answered = respond_campaign(
      t.db, "elm-park", {std::string("not-upheld"), {}, d("2026-11-10"), std::nullopt}, actor);
  CHECK(answered == refs);
  CHECK(t.number("SELECT count(*) FROM case_record WHERE status = 'responded'") == 3);
  const auto listed = list_campaigns(t.db);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].cases == 3);
  CHECK(listed[0].awaiting == 0);
  (void)old;
}

TEST_CASE("restrictions: matched on every field given, normalised", "[restrictions]")
{
  Restriction r;
  r.who.email = "pat@example.org";
  PersonalDetails p;
  p.email = " Pat@Example.ORG";
  CHECK(restriction_applies(r, p));
  p.email = "other@example.org";
  CHECK_FALSE(restriction_applies(r, p));
  r.who.name = "pat persistent";
  r.who.email.reset();
  r.who.postcode = "AB12CD";
  p.name = "P.  Persistent";
  p.address = "1 Elm Row, Ashbury, AB1 2CD";
  CHECK_FALSE(restriction_applies(r, p)); // "p persistent" is not "pat persistent"
  p.name = "Pat Persistent";
  CHECK(restriction_applies(r, p));
  p.address.reset();
  CHECK_FALSE(restriction_applies(r, p)); // no address: the postcode cannot match
}

TEST_CASE("restrictions: added, due for review, reviewed and ended", "[restrictions][db]")
{
  TestDatabase t({k_highways});
  const auto actor = officer("2026-11-09", "carol");
  RestrictionInput in;
  in.who.email = "PAT@example.org";
  in.reason = "42 calls in a week";
  in.restricts = "phone contact";
  in.review_on = d("2026-11-20");
  in.on = d("2026-11-09");
  const auto id = add_restriction(t.db, in, actor);
  CHECK(id == 1);
  CHECK(t.text("SELECT email FROM contact_restriction") == "pat@example.org");
  CHECK(restrictions_due_for_review(t.db, d("2026-11-19")).empty());
  CHECK(restrictions_due_for_review(t.db, d("2026-11-20")).size() == 1);
  CHECK(render_restriction_notice(list_restrictions(t.db, false), d("2026-11-23")) ==
        "CONTACT RESTRICTED (#1, since 2026-11-09, review 2026-11-20, review overdue): phone "
        "contact. Reason: 42 calls in a week\n\n");
  // The machine output carries the same (show --format json, the nightly run's JSON).
  CHECK(render_run_json("[]\n", restrictions_due_for_review(t.db, d("2026-11-20"))) ==
        "{\"steps\": [],\n\"restrictions_due\": [\n  {\"id\": 1, \"who\": \"email: "
        "pat@example.org\", \"restricts\": \"phone contact\", \"reason\": \"42 calls in a "
        "week\", \"review_on\": \"2026-11-20\", \"made_on\": \"2026-11-09\", \"made_by\": "
        "\"carol\", \"ended_on\": null}\n]}\n");

  auto bad = in;
  bad.review_on = d("2026-11-09");
  CHECK(error_code_of([&] { add_restriction(t.db, bad, actor); }) == ExitCode::data_error);
  bad = in;
  bad.who = {};
  CHECK(error_code_of([&] { add_restriction(t.db, bad, actor); }) == ExitCode::usage);
  bad = in;
  bad.on = d("2026-11-10"); // after today
  CHECK(error_code_of([&] { add_restriction(t.db, bad, actor); }) == ExitCode::data_error);
  CHECK(t.number("SELECT count(*) FROM contact_restriction") == 1);

  review_restriction(t.db, id, d("2026-11-09"), d("2027-02-09"), actor);
  CHECK(restrictions_due_for_review(t.db, d("2026-11-20")).empty());
  end_restriction(t.db, id, d("2026-11-09"), "behaviour improved", actor);
  CHECK(list_restrictions(t.db, false).empty());
  CHECK(list_restrictions(t.db, true).size() == 1);
  CHECK(error_of([&] { end_restriction(t.db, id, d("2026-11-09"), "again", actor); }).what() ==
        std::string("contact restriction #1 ended on 2026-11-09"));
}
