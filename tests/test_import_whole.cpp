// SPDX-License-Identifier: MIT
// feedback-import on exports as councils have them: several rows per case, case histories,
// the Ombudsman's phase, the old system's own words, a source's time zone, fallbacks, optional
// template text, month-only dates, cut-out dates and repeated JSON keys. Expected values are
// worked out by hand (time zone offsets from the 2025 rules: New York EST -5 / EDT -4 from
// 9 March, London GMT / BST +1 from 30 March).
#include "test_import_support.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <string>

using namespace feedback;
using feedback::test::d;

namespace {

struct Env : test::TestDatabase
{
  test::CollectSink sink;

  Env() : TestDatabase({test::k_highways}) {}

  ImportResult run(std::string_view input, std::string_view mapping_text,
                   OnError on_error = OnError::stop)
  {
    sink = {};
    const auto mapping = parse_mapping(mapping_text, "mapping.json");
    StringSource source(input, 7); // small pieces: records across buffer boundaries
    return import_records(db, mapping, source, test::import_options("export", on_error), sink);
  }
};

std::string
refusal(std::string_view text)
{
  try {
    parse_mapping(text, "m.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::optional<Date>
read_in(std::string_view zone, std::string_view text, std::string_view pattern)
{
  const auto m = parse_mapping(
      fmt::format(R"({{"source": "s", "timezone": "{}", "date_formats": ["iso8601"], "fields": {{
      "received": "R", "channel": {{"const": "web"}}, "summary": "S"}}}})",
                  zone),
      "m.json");
  return parse_date_with_format(text, DateFormat{std::string(pattern)}, m.zone);
}

// Rows of one complaint per update: the case id, the update's date, its status, an area.
constexpr std::string_view k_grouped = R"({
  "source": "s", "format": "csv",
  "group_by": {"column": "Id", "facts": "latest", "date": "Updated"},
  "date_formats": ["%d/%m/%Y"],
  "fields": {
    "received": "Received", "channel": {"const": "web"}, "summary": "Summary",
    "type": {"const": "complaint"}, "procedure": {"const": "corporate"},
    "service": {"const": "HWY"},
    "responded": "Responded",
    "areas": {"column": "Area", "map": {"Comms": "communication", "Delay": "speed-of-service"}},
    "event_date": "Updated", "event_text": "Note"
  }
})";

} // namespace

TEST_CASE("import: a time without a zone is in the source's zone, dated in London", "[import]")
{
  // 23:30 EST (-5) on 1 March is 04:30 GMT on 2 March.
  CHECK(read_in("America/New_York", "2025-03-01T23:30:00", "iso8601") == d("2025-03-02"));
  // 18:59 EDT (-4) on 1 July is 22:59 UTC, 23:59 BST: still 1 July; 19:30 is 00:30 BST.
  CHECK(read_in("America/New_York", "2025-07-01T18:59:00", "iso8601") == d("2025-07-01"));
  CHECK(read_in("America/New_York", "01/07/2025 19:30", "%d/%m/%Y %H:%M") == d("2025-07-02"));
  // A time with its own offset keeps it: 23:30-04:00 is 03:30 UTC, 04:30 BST on 2 July.
  CHECK(read_in("Asia/Tokyo", "2025-07-01T23:30:00-04:00", "iso8601") == d("2025-07-02"));
  // Tokyo is +9: 08:59 on 2 July is 23:59 UTC on 1 July, 00:59 BST on 2 July; in January
  // 08:59 +9 is 23:59 GMT on the 1st.
  CHECK(read_in("Asia/Tokyo", "2025-07-02T08:59:00", "iso8601") == d("2025-07-02"));
  CHECK(read_in("Asia/Tokyo", "2025-01-02T08:59:00", "iso8601") == d("2025-01-01"));
  // A date alone is that date, whatever the zone.
  CHECK(read_in("Asia/Tokyo", "2025-01-02", "iso8601") == d("2025-01-02"));
  CHECK(refusal(R"({"source": "s", "timezone": "Mars/Olympus", "fields": {"received": "R",
      "channel": {"const": "web"}, "summary": "S"}})")
            .find("timezone") != std::string::npos);
}

TEST_CASE("import: a mapping refuses date patterns and expressions that cannot work", "[import]")
{
  const auto with = [](std::string_view spec) {
    return fmt::format(R"({{"source": "s", "fields": {{"received": {}, "channel": {{"const":
        "web"}}, "summary": "S"}}}})",
                       spec);
  };
  CHECK(refusal(with(R"({"column": "R", "formats": ["%d/%m/%Y %m"]})"))
            .find("names the month (%m, %b or %B) twice") != std::string::npos);
  CHECK(refusal(with(R"({"column": "R", "formats": ["%B %Y"]})")).find("missing_day") !=
        std::string::npos);
  CHECK(refusal(with(R"({"column": "R", "formats": ["%B %Y"], "missing_day": 1})")).empty());
  CHECK(refusal(with(R"({"column": "R", "formats": ["%d/%m/%Y"], "extract": "(["})"))
            .find("fields.received.extract") != std::string::npos);
}

TEST_CASE("import: fallbacks, optional template text, month-only and cut-out dates", "[import][db]")
{
  constexpr std::string_view mapping = R"m({
    "source": "s", "format": "csv", "identity": "Id", "date_formats": ["%d/%m/%Y"],
    "fields": {
      "received": {"column": "Received", "extract": "([0-9]{2}/[0-9]{2}/[0-9]{4})"},
      "closed": {"column": ["Closed", "Resolved"]},
      "channel": {"const": "web"}, "type": {"const": "service-request"},
      "service": {"const": "HWY"},
      "summary": {"template": "{What}[ ({Where})]"},
      "due": {"column": "Due", "formats": ["%B %Y"], "missing_day": 15},
      "outcome_text": "Outcome"
    }
  })m";
  Env env;
  const auto r = env.run("Id,Received,Closed,Resolved,What,Where,Due,Outcome\n"
                         "A,logged 03/02/2025 by phone,,07/02/2025,Pothole,High St,March 2025,"
                         "Patched\n"
                         "B,04/02/2025,05/02/2025,09/02/2025,Light out,,,\n",
                         mapping);
  INFO(env.sink.first());
  CHECK(r.added == 2);
  CHECK(env.text("SELECT received || ' ' || closed_on || ' ' || summary FROM case_record WHERE "
                 "source_ref = 'A'") == "2025-02-03 2025-02-07 Pothole (High St)");
  CHECK(env.text("SELECT received || ' ' || closed_on || ' ' || summary FROM case_record WHERE "
                 "source_ref = 'B'") == "2025-02-04 2025-02-05 Light out");
  CHECK(env.text("SELECT due || ' ' || outcome_text FROM case_legacy") == "2025-03-15 Patched");
  CHECK(env.number("SELECT count(*) FROM case_legacy") == 1);
}

TEST_CASE("import: several rows, one case, facts from the latest row", "[import][db]")
{
  Env env;
  const std::string input = "Id,Received,Updated,Summary,Responded,Area,Note\n"
                            "C1,01/03/2025,01/03/2025,first words,,Comms,logged\n"
                            "C1,01/03/2025,10/03/2025,final words,10/03/2025,Delay,answered\n"
                            "C1,01/03/2025,05/03/2025,middle words,,Comms,chased\n"
                            "C2,02/03/2025,02/03/2025,alone,,,\n";
  const auto r = env.run(input, k_grouped);
  INFO(env.sink.first());
  CHECK(r.records == 4);
  CHECK(r.cases == 2);
  CHECK(r.added == 2);
  CHECK(env.text("SELECT summary || ' ' || status FROM case_record WHERE source_ref = 'C1'") ==
        "final words responded");
  // Each row adds its area (once each) and its event; events in date order.
  CHECK(env.text("SELECT group_concat(area, ' ') FROM (SELECT area FROM case_area a JOIN "
                 "case_stage s ON s.id = a.stage_id JOIN case_record c ON c.id = s.case_id WHERE "
                 "source_ref = 'C1' ORDER BY area) AS a") == "communication speed-of-service");
  CHECK(
      env.text("SELECT group_concat(on_date || ' ' || detail, ', ') FROM (SELECT e.*, (SELECT body "
               "FROM event_text t WHERE t.id = e.text_id) AS detail FROM "
               "case_event e JOIN case_record c ON c.id = e.case_id WHERE source_ref = 'C1' "
               "AND kind = 'legacy-note' ORDER BY e.id) AS n") ==
      "2025-03-01 logged, 2025-03-05 chased, 2025-03-10 answered");
  // The same export again: nothing new; with one more update: one event more.
  CHECK(env.run(input, k_grouped).unchanged == 2);
  const auto r2 = env.run(input + "C2,02/03/2025,04/03/2025,alone,,,called back\n", k_grouped);
  CHECK(r2.updated == 1);
  CHECK(r2.unchanged == 1);
  CHECK(env.number("SELECT count(*) FROM case_event WHERE kind = 'legacy-note'") == 5);
}

TEST_CASE("import: the same event twice in a history is two events, imported once", "[import][db]")
{
  Env env;
  const std::string input = "Id,Received,Updated,Summary,Responded,Area,Note\n"
                            "D1,01/03/2025,02/03/2025,s,,,called\n"
                            "D1,01/03/2025,02/03/2025,s,,,called\n";
  CHECK(env.run(input, k_grouped).added == 1);
  CHECK(env.number("SELECT count(*) FROM case_event WHERE kind = 'legacy-note'") == 2);
  CHECK(env.run(input, k_grouped).unchanged == 1);
  CHECK(env.number("SELECT count(*) FROM case_event WHERE kind = 'legacy-note'") == 2);
}

TEST_CASE("import: repeated JSON keys, by what the mapping says", "[import][db]")
{
  const auto mapping = [](std::string_view dup) {
    return fmt::format(R"({{"source": "s", "format": "jsonl", "identity": "id",
      "duplicate_keys": "{}", "date_formats": ["%Y-%m-%d"],
      "fields": {{"received": "when", "channel": {{"const": "web"}}, "summary": "what",
        "service": {{"const": "HWY"}}}}}})",
                       dup);
  };
  const std::string input = R"({"id":"J1","when":"2025-03-01","what":"one","what":"two"})"
                            "\n"
                            R"({"id":"J2","when":"2025-03-02","what":"x","other":1,"other":2})"
                            "\n";
  SECTION("first and last")
  {
    Env env;
    CHECK(env.run(input, mapping("first")).added == 2);
    CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'J1'") == "one");
    Env env2;
    CHECK(env2.run(input, mapping("last")).added == 2);
    CHECK(env2.text("SELECT summary FROM case_record WHERE source_ref = 'J1'") == "two");
  }
  SECTION("reject: only a key the mapping reads, named, beside the record's other problems")
  {
    Env env;
    const auto r = env.run(input + R"({"id":"J3","when":"someday","what":"a","what":"b"})"
                                   "\n",
                           mapping("reject"), OnError::skip);
    CHECK(r.added == 1); // J2: "other" is not read
    CHECK(r.rejected == 2);
    REQUIRE(env.sink.problems.size() == 3);
    CHECK(env.sink.problems[0].line == 1);
    CHECK(env.sink.problems[0].field == "what"); // the key, as the mapping reads it
    CHECK(env.sink.problems[0].problem.find("the key \"what\" appears twice") != std::string::npos);
    CHECK(env.sink.problems[1].line == 3);
    CHECK(env.sink.problems[2].line == 3);
    CHECK(env.sink.problems[1].field != env.sink.problems[2].field);
    // The reject file: one record per line.
    CHECK(std::count(env.sink.rejects.begin(), env.sink.rejects.end(), '\n') == 2);
  }
}
