// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/storage/migrate.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

using namespace feedback;
using feedback::test::error_code_of;
using feedback::test::message_of;
using nlohmann::ordered_json;

namespace {

constexpr const char* k_now = "2026-01-01T09:00:00Z";

// What `policy import` does: parse and validate, then store as a new version.
int
import_text(Database& db, const std::string& text)
{
  return save_policy(db, policy_from_json(text, "policy.json"), "test", k_now);
}

std::int64_t
count_rows(Database& db, const char* table, int version)
{
  Statement st(db, fmt::format("SELECT count(*) FROM {} WHERE version = ?1", table));
  st.bind(1, version);
  REQUIRE(st.step());
  return st.column_int64(0);
}

} // namespace

TEST_CASE("policy: the seeded version 1 holds the documented defaults", "[policy][db]")
{
  auto db = test::migrated_database();
  REQUIRE(latest_policy_version(db) == 1);
  const auto p = load_policy(db);
  CHECK(p.version == 1);
  REQUIRE(p.procedures.size() == 6);
  CHECK(p.procedures.front().code == "corporate");

  const auto* corporate = p.procedure("corporate");
  REQUIRE(corporate != nullptr);
  CHECK(corporate->target_percent == 80);
  CHECK(corporate->escalation_window_days == 20);
  REQUIRE(corporate->stages.size() == 2);
  const auto* c1 = corporate->stage(1);
  REQUIRE(c1 != nullptr);
  CHECK(c1->acknowledge_days == 3);
  CHECK(c1->respond_days == 10);
  CHECK(c1->max_extension_days == 10);
  CHECK_FALSE(c1->next_procedure.has_value());
  CHECK(c1->next_stage == 2);
  const auto* c2 = corporate->stage(2);
  REQUIRE(c2 != nullptr);
  CHECK(c2->respond_days == 20);
  CHECK(c2->next_procedure == "ombudsman");
  CHECK(corporate->stage(3) == nullptr);

  const auto* childrens = p.procedure("childrens-statutory");
  REQUIRE(childrens != nullptr);
  CHECK(childrens->target_percent == 60);
  REQUIRE(childrens->stages.size() == 3);
  CHECK(childrens->stage(2)->respond_days == 25);
  CHECK(childrens->stage(2)->max_extension_days == 40);
  CHECK(childrens->stage(3)->respond_days == 30);

  const auto* adults = p.procedure("adults-statutory");
  REQUIRE(adults != nullptr);
  REQUIRE(adults->stages.size() == 1);
  CHECK(adults->stage(1)->respond_days == 20);
  CHECK_FALSE(adults->stage(1)->max_extension_days.has_value());
  CHECK(adults->stage(1)->next_procedure == "ombudsman");

  const auto* send = p.procedure("send");
  REQUIRE(send != nullptr);
  CHECK(send->stage(1)->next_procedure == "corporate");
  CHECK(send->stage(1)->next_stage == 2);

  REQUIRE(p.procedure("enquiry") != nullptr);
  CHECK(p.procedure("enquiry")->stage(1)->respond_days == 5);
  CHECK(p.procedure("priority-correspondence")->stage(1)->respond_days == 10);
  CHECK(p.procedure("no-such") == nullptr);

  REQUIRE(p.types.size() == 7);
  CHECK(p.types.front().type == "unclassified");
  CHECK(p.type("complaint")->procedure == "corporate");
  CHECK(p.type("enquiry")->procedure == "enquiry");
  CHECK(p.type("compliment")->acknowledge_days == 5);
  CHECK(p.type("nonsense") == nullptr);

  REQUIRE(p.ladder.size() == 4);
  CHECK(p.ladder[0].days_overdue == -2);
  CHECK(p.ladder[0].level == "due-soon");
  CHECK(p.ladder[1].days_overdue == 1);
  CHECK(p.ladder[2].days_overdue == 5);
  CHECK(p.ladder[3].days_overdue == 10);
  CHECK(p.ladder[3].notify == "director");

  REQUIRE(p.rules.size() == 3);
  CHECK(p.rules[0].name == "member-input-is-a-complaint");
  CHECK(p.rules[0].sponsors == std::vector<std::string>{"councillor", "mp"});
  CHECK(p.rules[0].info_request == false);
  CHECK(p.rules[1].info_request == true);
  CHECK(p.rules[1].set_procedure == "priority-correspondence");

  CHECK(p.service_overrides.empty());
  CHECK(p.setting("sponsor_update_days", 0) == 5);
  CHECK(p.setting("retention_years", 0) == 6);
  CHECK(p.setting("due_soon_days", 3) == 3);
}

TEST_CASE("policy: an unknown version is a data error", "[policy][db]")
{
  auto db = test::migrated_database();
  CHECK(error_code_of([&] { load_policy(db, 2); }) == ExitCode::data_error);
  CHECK(message_of([&] { load_policy(db, 7); }).find("no policy version 7") != std::string::npos);
  CHECK(load_policy(db, 1).version == 1);
}

TEST_CASE("policy: export then import makes a new version with the same content", "[policy][db]")
{
  auto db = test::migrated_database();
  const auto v1 = load_policy(db);
  const auto text = policy_to_json(v1);
  CHECK(text == policy_to_json(load_policy(db, 1))); // stable

  auto parsed = policy_from_json(text, "policy.json");
  CHECK(parsed.version == 0);
  parsed.version = v1.version;
  CHECK(parsed == v1);

  CHECK(import_text(db, text) == 2);
  CHECK(latest_policy_version(db) == 2);
  auto v2 = load_policy(db);
  CHECK(v2.version == 2);
  v2.version = 1;
  CHECK(v2 == v1);
  {
    Statement st(db, "SELECT note, created_at FROM policy_version WHERE version = 2");
    REQUIRE(st.step());
    CHECK(st.column_text(0) == "test");
    CHECK(st.column_text(1) == k_now);
  }

  // Overrides and settings a council may add survive the round trip too.
  Transaction tx(db);
  db.exec("INSERT INTO service (code, name, directorate) VALUES ('exec-office', 'Office', 'CX')");
  tx.commit();
  auto edited = load_policy(db);
  edited.service_overrides.push_back({"exec-office", "priority-correspondence", 1, 4});
  edited.settings["due_soon_days"] = 3;
  edited.rules[1].sponsors.clear();
  edited.rules[1].info_request.reset();
  CHECK(save_policy(db, edited, "overrides", k_now) == 3);
  auto v3 = load_policy(db);
  CHECK(v3.override_respond_days("exec-office", "priority-correspondence", 1) == 4);
  CHECK_FALSE(v3.override_respond_days("exec-office", "corporate", 1).has_value());
  auto again = policy_from_json(policy_to_json(v3), "again.json");
  again.version = 3;
  CHECK(again == v3);
}

TEST_CASE("policy: an edited document changes the new version only", "[policy][db]")
{
  auto db = test::migrated_database();
  auto doc = ordered_json::parse(policy_to_json(load_policy(db)));
  doc["procedures"]["corporate"]["stages"][0]["respond_days"] = 15;
  doc["ladder"].push_back({{"level", "chief-executive"}, {"days_overdue", 20}, {"notify", "ceo"}});
  REQUIRE(import_text(db, doc.dump()) == 2);
  CHECK(load_policy(db).procedure("corporate")->stage(1)->respond_days == 15);
  CHECK(load_policy(db, 1).procedure("corporate")->stage(1)->respond_days == 10);
  CHECK(load_policy(db).ladder.back().level == "chief-executive");
}

TEST_CASE("policy: a version is read from its stored document and check compares it to the rows",
          "[policy][db]")
{
  auto db = test::migrated_database();
  const auto stored = [&](int version) {
    Statement st(db, "SELECT document FROM policy_version WHERE version = ?1");
    st.bind(1, version);
    REQUIRE(st.step());
    return st.column_text(0);
  };
  const auto policy_line = [&] {
    const auto result = check_database(db);
    for (const auto& line : result.lines) {
      if (line.starts_with("policy")) {
        return std::make_pair(result.ok, line);
      }
    }
    return std::make_pair(result.ok, std::string("no policy line"));
  };
  // The migration made version 1's document, and saving makes each new version's, from the rows.
  const auto v1 = stored(1);
  REQUIRE(v1.has_value());
  CHECK(ordered_json::parse(*v1)["procedures"]["corporate"]["stages"][0]["respond_days"] == 10);
  auto doc = ordered_json::parse(*v1);
  doc["procedures"]["corporate"]["stages"][0]["respond_days"] = 15;
  REQUIRE(import_text(db, doc.dump()) == 2);
  CHECK(stored(2) == policy_to_json(load_policy(db, 2)));
  CHECK(count_rows(db, "policy_stage", 2) == count_rows(db, "policy_stage", 1));
  CHECK(policy_line() == std::make_pair(true, std::string("policy documents: ok")));

  // The document is what is read: changed by hand, the policy loaded changes with it...
  doc["procedures"]["corporate"]["stages"][0]["respond_days"] = 12;
  Statement(db, "UPDATE policy_version SET document = ?1 WHERE version = 1")
      .bind(1, doc.dump())
      .run();
  CHECK(load_policy(db, 1).procedure("corporate")->stage(1)->respond_days == 12);
  CHECK(load_policy(db).procedure("corporate")->stage(1)->respond_days == 15);
  // ...and check says it no longer is what the rows make.
  CHECK(policy_line() ==
        std::make_pair(false, std::string("policy version 1: its document differs from its rows")));
  // Without one (rows inserted by hand), the rows are read.
  db.exec("UPDATE policy_version SET document = NULL WHERE version = 1");
  CHECK(load_policy(db, 1).procedure("corporate")->stage(1)->respond_days == 10);
  CHECK(policy_line() ==
        std::make_pair(false, std::string("policy version 1: its document is missing, not made "
                                          "from its rows")));
  // A document that is not a policy is a data error naming the version.
  db.exec("UPDATE policy_version SET document = '{\"procedures\": 7}' WHERE version = 2");
  CHECK(error_code_of([&] { load_policy(db); }) == ExitCode::data_error);
  CHECK(message_of([&] { load_policy(db); }).find("policy version 2") != std::string::npos);
}

TEST_CASE("policy: invalid documents are refused with their path", "[policy][db]")
{
  struct Bad
  {
    std::string expect; // in the message, after "policy.json: "
    std::function<void(ordered_json&)> edit;
  };
  const std::vector<Bad> cases = {
      // Procedure names are the council's: a renamed procedure is refused only where another
      // part of the policy still names the old one.
      {"procedures.corporat.stages[0].next: unknown procedure 'corporate' (expected ombudsman "
       "or one of",
       [](auto& d) {
         d["procedures"]["corporat"] = d["procedures"]["corporate"];
         d["procedures"].erase("corporate");
       }},
      {"procedures.Corporate: not a procedure code: lower-case letters",
       [](auto& d) { d["procedures"]["Corporate"] = d["procedures"]["send"]; }},
      {"procedures.corporate.stages[0].respond_from: counts from the acknowledgement, but the "
       "stage has no acknowledgement timescale",
       [](auto& d) {
         d["procedures"]["corporate"]["stages"][0]["acknowledge_days"] = nullptr;
         d["procedures"]["corporate"]["stages"][0]["respond_from"] = "acknowledgement";
       }},
      {"procedures.corporate.stages[0].acknowledge_from: an acknowledgement cannot count from "
       "itself",
       [](auto& d) {
         d["procedures"]["corporate"]["stages"][0]["acknowledge_from"] = "acknowledgement";
       }},
      {"procedures.corporate.stages[0].respond_from: unknown anchor 'receit' (expected "
       "receipt, request or acknowledgement)",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["respond_from"] = "receit"; }},
      {"procedures.corporate.stages[0].extension_beyond_cap: needs a cap to go beyond",
       [](auto& d) {
         d["procedures"]["corporate"]["stages"][0]["max_extension_days"] = nullptr;
         d["procedures"]["corporate"]["stages"][0]["extension_beyond_cap"] = true;
       }},
      {"types.complaint.procedure: procedure 'send' is retired",
       [](auto& d) {
         d["procedures"]["send"]["retired"] = true;
         d["types"]["complaint"]["procedure"] = "send";
       }},
      {"procedures.corporate.stages[0].next: leads to corporate stage 2, which is retired",
       [](auto& d) { d["procedures"]["corporate"]["stages"][1]["retired"] = true; }},
      {"procedures.corporate.stages[0].respond_days: must not be negative",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["respond_days"] = -1; }},
      {"procedures.corporate.stages[1]: no respond_days",
       [](auto& d) { d["procedures"]["corporate"]["stages"][1].erase("respond_days"); }},
      {"procedures.corporate.stages[0].respond_dayz: unknown key",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["respond_dayz"] = 3; }},
      {"procedures.corporate.stages[0].respond_days: must be a whole number",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["respond_days"] = 10.5; }},
      {"procedures.corporate.stages[0].respond_days: must be a number",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["respond_days"] = "10"; }},
      {"procedures.corporate.stages[0].acknowledge_days: must not be negative",
       [](auto& d) { d["procedures"]["corporate"]["stages"][0]["acknowledge_days"] = -3; }},
      {"procedures.corporate.stages[1].stage: is 3, expected 2",
       [](auto& d) { d["procedures"]["corporate"]["stages"][1]["stage"] = 3; }},
      {"procedures.corporate.stages: a procedure needs at least one stage",
       [](auto& d) { d["procedures"]["corporate"]["stages"] = ordered_json::array(); }},
      {"procedures.corporate.target_percent: must be from 0 to 100",
       [](auto& d) { d["procedures"]["corporate"]["target_percent"] = 101; }},
      {"vocabularies.channels[1].code: 'web' is listed twice",
       [](auto& d) { d["vocabularies"]["channels"][1]["code"] = "web"; }},
      {"vocabularies.outcomes[0].digital: unknown key (expected code, name or retired)",
       [](auto& d) { d["vocabularies"]["outcomes"][0]["digital"] = true; }},
      {"vocabularies.channels: needs at least one channel that is not retired",
       [](auto& d) {
         for (auto& w : d["vocabularies"]["channels"]) {
           w["retired"] = true;
         }
       }},
      {"types.service-request.subtypes.Missed-bin: not a sub-type code",
       [](auto& d) {
         d["types"]["service-request"]["subtypes"]["Missed-bin"] = {{"name", "Missed bin"},
                                                                    {"acknowledge_days", nullptr},
                                                                    {"respond_days", 2},
                                                                    {"target_percent", 95},
                                                                    {"retired", false}};
       }},
      {"procedures.send.stages[0].next: corporate has no stage 3",
       [](auto& d) { d["procedures"]["send"]["stages"][0]["next"]["stage"] = 3; }},
      {"procedures.corporate.stages[1].next: must be null, \"ombudsman\"",
       [](auto& d) { d["procedures"]["corporate"]["stages"][1]["next"] = "ombudsmen"; }},
      {"procedures.corporate.stages[1].next: escalation from this stage goes round in a loop",
       [](auto& d) {
         d["procedures"]["corporate"]["stages"][1]["next"] = {{"procedure", "send"}, {"stage", 1}};
       }},
      {"types.complaints: unknown type",
       [](auto& d) { d["types"]["complaints"] = d["types"]["complaint"]; }},
      {"types.complaint.procedure: unknown procedure 'corprate'",
       [](auto& d) { d["types"]["complaint"]["procedure"] = "corprate"; }},
      {"types: no service-request", [](auto& d) { d["types"].erase("service-request"); }},
      {"ladder[1].level: level 'due-soon' is listed twice",
       [](auto& d) { d["ladder"][1]["level"] = "due-soon"; }},
      {"ladder[2].days_overdue: 1 is used by another level",
       [](auto& d) { d["ladder"][2]["days_overdue"] = 1; }},
      {"classification_rules[0].sponsors[1]: unknown sponsor 'pm'",
       [](auto& d) { d["classification_rules"][0]["sponsors"][1] = "pm"; }},
      {"classification_rules[0].types[0]: unknown type 'complain'",
       [](auto& d) { d["classification_rules"][0]["types"][0] = "complain"; }},
      {"classification_rules[1].set_type: unknown type 'unclassified'",
       [](auto& d) { d["classification_rules"][1]["set_type"] = "unclassified"; }},
      {"classification_rules[1].set_procedure: unknown procedure 'priority'",
       [](auto& d) { d["classification_rules"][1]["set_procedure"] = "priority"; }},
      {"classification_rules[2]: sets neither a type nor a procedure",
       [](auto& d) { d["classification_rules"][2]["set_type"] = nullptr; }},
      {"classification_rules[2].name: rule 'member-information-request' is listed twice",
       [](auto& d) { d["classification_rules"][2]["name"] = "member-information-request"; }},
      {"settings.sponsor_update_dayz: unknown setting (expected sponsor_update_days",
       [](auto& d) { d["settings"]["sponsor_update_dayz"] = 5; }},
      {"settings.retention_years: must not be negative",
       [](auto& d) { d["settings"]["retention_years"] = -6; }},
      {"settings: no retention_years", [](auto& d) { d["settings"].erase("retention_years"); }},
      {"service_overrides[0].stage: corporate has no stage 3",
       [](auto& d) {
         d["service_overrides"].push_back(
             {{"service", "x"}, {"procedure", "corporate"}, {"stage", 3}, {"respond_days", 5}});
       }},
      {"extra: unknown key (expected procedures, types", [](auto& d) { d["extra"] = 1; }},
      {"(document): no ladder", [](auto& d) { d.erase("ladder"); }},
  };
  // One database for them all: each refusal leaves it as it was.
  auto db = test::migrated_database();
  const auto stored = ordered_json::parse(policy_to_json(load_policy(db)));
  for (const auto& bad : cases) {
    INFO(bad.expect);
    auto doc = stored;
    bad.edit(doc);
    const auto text = doc.dump(2);
    CHECK(error_code_of([&] { import_text(db, text); }) == ExitCode::data_error);
    CHECK_THAT(message_of([&] { import_text(db, text); }),
               Catch::Matchers::StartsWith("policy.json: " + bad.expect));
    CHECK(latest_policy_version(db) == 1);
  }
}

TEST_CASE("policy: malformed or repeated JSON is refused", "[policy][db]")
{
  auto db = test::migrated_database();
  const auto good = policy_to_json(load_policy(db));

  CHECK(error_code_of([&] { import_text(db, good.substr(0, good.size() / 2)); }) ==
        ExitCode::data_error);
  CHECK_THAT(message_of([&] { import_text(db, "{\"procedures\": "); }),
             Catch::Matchers::Contains("malformed JSON"));
  CHECK_THAT(message_of([&] { import_text(db, "[]"); }),
             Catch::Matchers::StartsWith("policy.json: (document): must be an object"));

  // A key written twice would otherwise keep only one of the two values, silently.
  auto twice = good;
  const std::string key = "\"respond_days\": 10,";
  const auto at = twice.find(key);
  REQUIRE(at != std::string::npos);
  twice.insert(at, "\"respond_days\": 12, ");
  CHECK_THAT(message_of([&] { import_text(db, twice); }),
             Catch::Matchers::StartsWith(
                 "policy.json: procedures.corporate.stages[0].respond_days: repeated key"));
  CHECK(latest_policy_version(db) == 1);

  // Nesting past the limit every JSON input has is refused where it goes too deep.
  std::string deep = R"({"settings": {"x": )";
  for (int i = 0; i < 100000; ++i) {
    deep += "{\"y\": ";
  }
  std::string path = "settings.x";
  for (int i = 0; i < 62; ++i) {
    path += ".y";
  }
  CHECK(message_of([&] { import_text(db, deep); }) ==
        "policy.json: " + path + ": nested deeper than 64 levels (the limit for JSON input)");
  CHECK(latest_policy_version(db) == 1);
}

TEST_CASE("policy: saving is all or nothing", "[policy][db]")
{
  auto db = test::migrated_database();
  auto p = load_policy(db);
  p.service_overrides.push_back({"no-such-service", "corporate", 1, 5});
  CHECK(error_code_of([&] { save_policy(db, p, "bad", k_now); }) == ExitCode::data_error);
  CHECK_THAT(message_of([&] { save_policy(db, p, "bad", k_now); }),
             Catch::Matchers::Contains("unknown service 'no-such-service'"));
  CHECK(latest_policy_version(db) == 1);
  CHECK(count_rows(db, "policy_procedure", 2) == 0);

  // A struct built in code is validated like a document.
  auto q = load_policy(db);
  q.procedures[0].stages[0].respond_days = -1;
  CHECK(error_code_of([&] { save_policy(db, q, "bad", k_now); }) == ExitCode::data_error);
  CHECK(latest_policy_version(db) == 1);

  // A good save writes every table under the new version.
  CHECK(save_policy(db, load_policy(db), "copy", k_now) == 2);
  CHECK(count_rows(db, "policy_procedure", 2) == 6);
  CHECK(count_rows(db, "policy_stage", 2) == 9);
  CHECK(count_rows(db, "policy_type", 2) == 7);
  CHECK(count_rows(db, "policy_ladder", 2) == 4);
  CHECK(count_rows(db, "policy_rule", 2) == 3);
  CHECK(count_rows(db, "policy_setting", 2) == 2);
}

TEST_CASE("policy: services are added, listed and found", "[policy][db]")
{
  auto db = test::migrated_database();
  CHECK(list_services(db).empty());
  add_service(db, {"waste", "Waste and recycling", "Environment", "corporate"});
  add_service(db, {"childrens-social-care", "Children's social care", "Children's services",
                   "childrens-statutory"});
  add_service(db, {"libraries", "Libraries", "Communities", std::nullopt});

  const auto all = list_services(db);
  REQUIRE(all.size() == 3);
  CHECK(all[0].code == "childrens-social-care");
  CHECK(all[1].code == "libraries");
  CHECK_FALSE(all[1].default_procedure.has_value());
  CHECK(all[2].code == "waste");
  CHECK(all[2].directorate == "Environment");

  const auto found = find_service(db, "waste");
  REQUIRE(found.has_value());
  CHECK(found->name == "Waste and recycling");
  CHECK(found->default_procedure == "corporate");
  CHECK_FALSE(find_service(db, "parking").has_value());

  CHECK(error_code_of([&] {
          add_service(db, {"waste", "Again", "Env", std::nullopt});
        }) == ExitCode::data_error);
  CHECK(message_of([&] {
          add_service(db, {"waste", "Again", "Env", std::nullopt});
        }) == "service waste already exists");
  CHECK(error_code_of([&] {
          add_service(db, {"parking", "Parking", "Env", "corprate"});
        }) == ExitCode::data_error);
  CHECK_THAT(message_of([&] {
               add_service(db, {"parking", "Parking", "Env", "corprate"});
             }),
             Catch::Matchers::Contains("corporate, childrens-statutory"));
  CHECK(error_code_of([&] {
          add_service(db, {"", "Parking", "Env", std::nullopt});
        }) == ExitCode::usage);
  CHECK(error_code_of([&] {
          add_service(db, {"parking", "", "Env", std::nullopt});
        }) == ExitCode::usage);
  CHECK(error_code_of([&] {
          add_service(db, {"parking", "Parking", "", std::nullopt});
        }) == ExitCode::usage);
  CHECK(list_services(db).size() == 3);
}

TEST_CASE("policy: only a complaint's response has an outcome or complaint areas", "[policy]")
{
  using vocabulary::outcome_refused;
  CHECK(vocabulary::type_has_outcome("complaint"));
  CHECK_FALSE(vocabulary::type_has_outcome("enquiry"));
  CHECK_FALSE(outcome_refused(std::string("complaint"), "upheld"));
  CHECK(outcome_refused(std::string("enquiry"), "upheld") ==
        "'upheld' on an enquiry: only a complaint's response has an outcome or complaint areas");
  CHECK(outcome_refused(std::string("service-request"), "damage") ==
        "'damage' on a service-request: only a complaint's response has an outcome or "
        "complaint areas");
  CHECK(outcome_refused(std::nullopt, "not-upheld") ==
        "'not-upheld' on an unclassified contact: only a complaint's response has an outcome or "
        "complaint areas");
}
