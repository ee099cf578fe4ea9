// SPDX-License-Identifier: MIT
// feedback-import through the library: CSV quirks, date formats, JSON, bad records in both
// modes, identity, re-import and delta import, on in-memory databases.
#include "test_import_support.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <string>
#include <vector>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;
using feedback::test::message_of;

namespace {

constexpr std::string_view k_mapping = R"({
  "source": "old-crm",
  "format": "csv",
  "identity": "Ref",
  "date_formats": ["%d/%m/%Y", "%Y-%m-%d"],
  "fields": {
    "received": "Received",
    "channel": {"const": "email"},
    "summary": "Summary",
    "type": {
      "column": "Type",
      "map": {
        "Level One": {"type": "complaint", "procedure": "corporate", "stage": 1},
        "Level Two": {"type": "complaint", "procedure": "corporate", "stage": 2},
        "Compliment": "compliment"
      }
    },
    "service": "Service",
    "closed": "Closed",
    "name": "Name"
  }
})";

constexpr std::string_view k_header = "Ref,Received,Type,Service,Summary,Closed,Name\n";

struct Env : test::TestDatabase
{
  test::CollectSink sink;

  Env() : TestDatabase({test::k_highways, test::k_childrens_social_care}) {}

  static ImportOptions options(OnError on_error = OnError::stop)
  {
    return test::import_options("export.csv", on_error);
  }

  ImportResult run(std::string_view input, const ImportOptions& o = options(),
                   std::string_view mapping_text = k_mapping, std::size_t piece = 1 << 20)
  {
    sink = {};
    const auto mapping = parse_mapping(mapping_text, "mapping.json");
    StringSource source(input, piece);
    return import_records(db, mapping, source, o, sink);
  }

  std::int64_t cases() { return number("SELECT count(*) FROM case_record"); }
};

} // namespace

TEST_CASE("import: RFC 4180 CSV, whatever the line endings and buffer boundaries", "[import][db]")
{
  // Quoted fields with commas, quotes written twice, line breaks (LF and CRLF) inside quotes,
  // a byte order mark, an empty line, and a last record without a line break; records ended
  // by CRLF or by LF.
  const std::string eol = GENERATE(std::string("\r\n"), std::string("\n"));
  const bool bom = eol == "\r\n";
  const std::string text =
      std::string(bom ? "\xEF\xBB\xBF" : "") + "Ref,Received,Type,Service,Summary,Closed,Name" +
      eol + "A1,01/02/2024,Level One,HWY,\"Pothole, large\",,\"Smith, J\"" + eol +
      "A2,02/02/2024,Compliment,HWY,\"They said \"\"next week\"\"\",," + eol + eol +
      "A3,03/02/2024,Level One,HWY,\"line one\r\nline two\nline three\",," + eol +
      "A4,2024-02-04,Level One,HWY,no line break at the end,,";
  const auto* input = &text;
  const std::size_t piece = GENERATE(std::size_t{1}, std::size_t{3}, std::size_t{4096});
  Env env;
  const auto r = env.run(*input, Env::options(), k_mapping, piece);
  INFO(env.sink.first());
  CHECK(r.records == 4);
  CHECK(r.added == 4);
  CHECK(r.rejected == 0);
  CHECK(r.written);
  CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'A1'") == "Pothole, large");
  CHECK(env.text("SELECT name FROM person p JOIN case_record c ON c.id = p.case_id "
                 "WHERE source_ref = 'A1'") == "Smith, J");
  CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'A2'") ==
        "They said \"next week\"");
  CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'A3'") ==
        "line one\r\nline two\nline three");
  CHECK(env.text("SELECT received FROM case_record WHERE source_ref = 'A4'") == "2024-02-04");
  CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'A4'") ==
        "no line break at the end");
  // The 'imported' event names the line each record starts on.
  CHECK(env.text("SELECT t.body FROM case_event e JOIN case_record c ON c.id = e.case_id "
                 "JOIN event_text t ON t.id = e.text_id WHERE source_ref = 'A4'") ==
        "from old-crm (export.csv line 8)");
}

TEST_CASE("import: a malformed CSV record is a bad record with its line", "[import][db]")
{
  Env env;
  std::string input(k_header);
  input += "B1,01/02/2024,Level One,HWY,fine,,\n";
  input += "B2,01/02/2024,Level One,HWY,too few fields\n";
  input += "B3,01/02/2024,Level One,HWY,\"closed\"then text,,\n";
  input += "B4,01/02/2024,Level One,HWY,bad byte \xC3\x28 here,,\n";
  input += "B5,01/02/2024,Level One,HWY,a 12\" pipe,,\n";
  input += "B6,01/02/2024,Level One,HWY,\"never closed,,\nB7,01/02/2024,x,y,z,,\n";

  SECTION("stop: nothing is written, every problem is listed")
  {
    const auto r = env.run(input);
    CHECK_FALSE(r.written);
    CHECK(r.records == 6);
    CHECK(r.rejected == 4);
    CHECK(env.cases() == 0);
    REQUIRE(env.sink.problems.size() == 4);
    CHECK(env.sink.problems[0].line == 3);
    CHECK(env.sink.problems[0].problem == "5 fields, but the header has 7");
    CHECK(env.sink.problems[1].line == 4);
    CHECK(env.sink.problems[1].problem.find("text after the closing quote") != std::string::npos);
    CHECK(env.sink.problems[2].line == 5);
    CHECK(env.sink.problems[2].problem.find("UTF-8") != std::string::npos);
    CHECK(env.sink.problems[3].line == 7);
    CHECK(env.sink.problems[3].problem.find("never closed") != std::string::npos);
  }
  SECTION("skip: the good records are imported, the bad ones written unchanged with a reason")
  {
    const auto r = env.run(input, Env::options(OnError::skip));
    CHECK(r.written);
    CHECK(r.added == 2);
    CHECK(r.rejected == 4);
    CHECK(env.cases() == 2);
    // A quote inside an unquoted field is kept as it is.
    CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = 'B5'") == "a 12\" pipe");
    const auto& rej = env.sink.rejects;
    CHECK(rej.rfind("Ref,Received,Type,Service,Summary,Closed,Name,reject_reason\n", 0) == 0);
    CHECK(rej.find("B2,01/02/2024,Level One,HWY,too few fields,\"record: 5 fields, but the "
                   "header has 7\"\n") != std::string::npos);
    CHECK(rej.find("bad byte \xC3\x28 here,,,\"record: not valid UTF-8") != std::string::npos);
  }
}

TEST_CASE("import: every date format, and dates that are not dates", "[import][db]")
{
  auto date = [](std::string_view text, std::string_view pattern) {
    const auto r = parse_date_with_format(text, DateFormat{std::string(pattern)});
    return r ? format_date(*r) : std::string("none");
  };
  CHECK(date("05/03/2025", "%d/%m/%Y") == "2025-03-05");
  CHECK(date("5/3/2025", "%d/%m/%Y") == "2025-03-05");
  CHECK(date("31/02/2025", "%d/%m/%Y") == "none");
  CHECK(date("05/03/25", "%d/%m/%Y") == "none");
  CHECK(date("2025-03-05", "%Y-%m-%d") == "2025-03-05");
  CHECK(date("2025-03-05x", "%Y-%m-%d") == "none");
  CHECK(date("05/03/2025 14:30", "%d/%m/%Y %H:%M") == "2025-03-05");
  CHECK(date("05/03/2025 24:30", "%d/%m/%Y %H:%M") == "none");
  CHECK(date("05/03/2025", "%d/%m/%Y %H:%M") == "none");
  // US portal dates: month first, 12-hour clock.
  CHECK(date("03/01/2011 02:27:57 PM", "%m/%d/%Y %I:%M:%S %p") == "2011-03-01");
  CHECK(date("12/31/2011 12:00:00 AM", "%m/%d/%Y %I:%M:%S %p") == "2011-12-31");
  CHECK(date("12/31/2011 13:00:00 PM", "%m/%d/%Y %I:%M:%S %p") == "none");
  CHECK(date("5 Mar 2025", "%d %b %Y") == "2025-03-05");
  CHECK(date("5 March 2025", "%d %B %Y") == "2025-03-05");
  // ISO 8601: offsets and Z are converted to Europe/London before the date is taken.
  CHECK(date("2024-06-30T23:30:00Z", "iso8601") == "2024-07-01"); // BST: 00:30 on 1 July
  CHECK(date("2024-01-15T23:30:00Z", "iso8601") == "2024-01-15"); // GMT
  CHECK(date("2012-05-22T19:53:34-04:00", "iso8601") == "2012-05-23");
  CHECK(date("2012-05-22T12:00:00-04:00", "iso8601") == "2012-05-22");
  CHECK(date("2024-06-30", "iso8601") == "2024-06-30");
  CHECK(date("2024-06-30T23:30:00", "iso8601") == "2024-06-30"); // local already
  CHECK(date("2024-06-30 23:30:00+0000", "%Y-%m-%d %H:%M:%S%z") == "2024-07-01");
  CHECK(date("2024-10-27T00:30:00Z", "iso8601") == "2024-10-27"); // the autumn change
  // Spaces in a row in the pattern stand for one or more, as one space does (the date fuzzer
  // found that "%d/%m/%Y  %H:%M" matched nothing at all).
  CHECK(date("05/03/2025  14:30", "%d/%m/%Y  %H:%M") == "2025-03-05");
  CHECK(date("05/03/2025 14:30", "%d/%m/%Y  %H:%M") == "2025-03-05");
  // A pattern ending in a lone % (parse_mapping refuses one) matches nothing.
  CHECK(date("05/03/2025%", "%d/%m/%Y%") == "none");
  // Outside the calendar's range: no date, also where an offset crosses its edge, and never an
  // overflow (2600 was read as 2015-06-13 through nanoseconds since 1970). The record's problem
  // names the range (tests/cli/test_import.sh, the real exports' 01/01/1900).
  CHECK(date("01/01/1900", "%d/%m/%Y") == "none");
  CHECK(date("01/01/2600 10:00:00Z", "%d/%m/%Y %H:%M:%S%z") == "none");
  CHECK(date("31/12/2199 23:30:00-05:00", "%d/%m/%Y %H:%M:%S%z") == "none");
  CHECK(date("31/12/2199 23:30:00+00:00", "%d/%m/%Y %H:%M:%S%z") == "2199-12-31");
  CHECK(date("9999-12-31T23:59:59+23:59", "iso8601") == "none");
  CHECK(date("31/12/2199 12:00:00Z", "%d/%m/%Y %H:%M:%S%z") == "2199-12-31");

  Env env;
  std::string input(k_header);
  input += "D1,null,Level One,HWY,received null,,\n";
  input += "D2,,Level One,HWY,received empty,,\n";
  input += "D3,31/02/2024,Level One,HWY,no such day,,\n";
  input += "D4,01/02/2030,Level One,HWY,in the future,,\n";
  input += "D5,01/02/2024,Level One,HWY,closed before received,01/01/2020,\n";
  input += "D6,01/02/2024,Level One,HWY,fine,05/02/2024,\n";
  input += "D7,01/02/2024,Level One,HWY,a sentinel date,01/01/1900,\n";
  const auto r = env.run(input, Env::options(OnError::skip));
  CHECK(r.added == 1);
  CHECK(r.rejected == 6);
  REQUIRE(env.sink.problems.size() == 6);
  CHECK(env.sink.first() == "2: received: missing (required)");
  CHECK(env.sink.problems[1].problem == "missing (required)");
  CHECK(env.sink.problems[2].problem == "'31/02/2024' is not a date written as %d/%m/%Y, %Y-%m-%d");
  CHECK(env.sink.problems[3].problem == "2030-02-01 is in the future (today is 2026-11-22)");
  CHECK(env.sink.problems[4].field == "closed");
  CHECK(env.sink.problems[4].problem == "2020-01-01 is before the day received (2024-02-01)");
  // A date outside the calendar's range is refused as such, however it is written.
  CHECK(env.sink.problems[5].field == "closed");
  CHECK(env.sink.problems[5].problem ==
        "'01/01/1900': date 1900-01-01 is outside the calendar's range 1971-01-01 to 2199-12-31");
  CHECK(env.text("SELECT status || ' ' || closed_on FROM case_record") == "closed 2024-02-05");
  CHECK(env.text("SELECT ended FROM case_stage") == "2024-02-05");
}

TEST_CASE("import: what the policy makes of an imported case", "[import][db]")
{
  Env env;
  std::string input(k_header);
  input += "P1,02/11/2026,Level One,HWY,corporate stage 1,,Ann\n";
  input += "P2,02/11/2026,Level Two,HWY,corporate stage 2,,\n";
  input += "P3,02/11/2026,Compliment,HWY,a compliment,,\n";
  const auto r = env.run(input);
  CHECK(r.added == 3);
  CHECK(env.text("SELECT reference FROM case_record WHERE source_ref = 'P1'") == "FB-2026-000001");
  CHECK(env.text("SELECT procedure || ' ' || stage || ' ' || acknowledge_days || ' ' || "
                 "respond_days || ' ' || max_extension_days || ' ' || started FROM case_stage s "
                 "JOIN case_record c ON c.current_stage = s.id WHERE source_ref = 'P1'") ==
        "corporate 1 3 10 10 2026-11-02");
  CHECK(env.text("SELECT stage || ' ' || respond_days FROM case_stage s JOIN case_record c "
                 "ON c.current_stage = s.id WHERE source_ref = 'P2'") == "2 20");
  CHECK(env.text("SELECT coalesce(procedure, 'none') || ' ' || acknowledge_days FROM case_stage s "
                 "JOIN case_record c ON c.current_stage = s.id WHERE source_ref = 'P3'") ==
        "none 5");
  CHECK(env.text("SELECT status FROM case_record WHERE source_ref = 'P1'") == "open");
  CHECK(env.text("SELECT kind || ' ' || to_value || ' ' || on_date || ' ' || officer FROM "
                 "case_event e JOIN case_record c ON c.id = e.case_id WHERE source_ref = 'P1'") ==
        "imported P1 2026-11-02 importer");
  CHECK(env.number("SELECT count(*) FROM person") == 1);

  SECTION("a complaint without a procedure gets its service's default procedure")
  {
    constexpr std::string_view mapping = R"({"source": "s", "format": "csv", "identity": "Ref",
      "fields": {"received": {"column": "Received", "formats": ["%d/%m/%Y"]},
                 "channel": {"const": "phone"}, "summary": "Summary",
                 "type": {"const": "complaint"}, "service": "Service"}})";
    const auto r2 =
        env.run("Ref,Received,Service,Summary\nQ1,03/11/2026,CSC,child\n", Env::options(), mapping);
    CHECK(r2.added == 1);
    CHECK(env.text("SELECT procedure FROM case_stage s JOIN case_record c ON c.current_stage = "
                   "s.id WHERE source_ref = 'Q1'") == "childrens-statutory");
  }
  SECTION("a stage the procedure does not have, and an unknown service, are bad records")
  {
    constexpr std::string_view mapping = R"({"source": "s", "format": "csv", "identity": "Ref",
      "fields": {"received": {"column": "Received", "formats": ["%d/%m/%Y"]},
                 "channel": {"const": "phone"}, "summary": "Summary",
                 "type": {"const": "complaint"}, "procedure": {"const": "adults-statutory"},
                 "stage": "Stage", "service": "Service"}})";
    const auto r2 = env.run("Ref,Received,Service,Stage,Summary\nQ2,03/11/2026,HWY,2,x\n"
                            "Q3,03/11/2026,NOPE,1,y\n",
                            Env::options(OnError::skip), mapping);
    CHECK(r2.rejected == 2);
    REQUIRE(env.sink.problems.size() == 2);
    CHECK(env.sink.problems[0].problem ==
          "procedure adults-statutory has no stage 2 (policy version 1)");
    CHECK(env.sink.problems[1].field == "service");
    CHECK(env.sink.problems[1].problem.find("unknown service 'NOPE'") != std::string::npos);

    auto o = Env::options();
    o.create_services = true;
    const auto r3 =
        env.run("Ref,Received,Service,Stage,Summary\nQ3,03/11/2026,NOPE,1,y\n", o, mapping);
    CHECK(r3.added == 1);
    CHECK(r3.created_services == std::vector<std::string>{"NOPE"});
    CHECK(env.text("SELECT directorate FROM service WHERE code = 'NOPE'") == "imported from s");
  }
}

TEST_CASE("import: re-importing changes nothing, a newer export updates and adds", "[import][db]")
{
  Env env;
  std::string first(k_header);
  first += "R1,02/11/2026,Level One,HWY,pothole,,Ann\n";
  first += "R2,03/11/2026,Compliment,HWY,thanks,,\n";
  first += ",04/11/2026,Compliment,HWY,no reference,,Bob\n";
  first += ",04/11/2026,Compliment,HWY,no reference,,Bob\n";
  REQUIRE(env.run(first).added == 4);
  const auto events = env.number("SELECT count(*) FROM case_event");
  CHECK(events == 4);
  // Records without a reference are identified by their fingerprint; identical ones by order.
  const auto fp = identity_fingerprint("2026-11-04", "no reference", "", "Bob", "", "");
  CHECK(fp.size() == 19);
  CHECK(env.number(fmt::format("SELECT count(*) FROM case_record WHERE source_ref IN ('{}', "
                               "'{}-2')",
                               fp, fp)) == 2);

  SECTION("the same file again")
  {
    const auto r = env.run(first);
    CHECK(r.unchanged == 4);
    CHECK(r.added + r.updated + r.rejected == 0);
    CHECK(env.cases() == 4);
    CHECK(env.number("SELECT count(*) FROM case_event") == events);
  }
  SECTION("a newer export: one case moved on, one is new")
  {
    std::string second(k_header);
    second += "R1,02/11/2026,Level Two,HWY,pothole,20/11/2026,Ann Smith\n";
    second += "R2,03/11/2026,Compliment,HWY,thanks,,\n";
    second += ",04/11/2026,Compliment,HWY,no reference,,Bob\n";
    second += ",04/11/2026,Compliment,HWY,no reference,,Bob\n";
    second += "R5,05/11/2026,Level One,HWY,new one,,\n";
    const auto r = env.run(second);
    CHECK(r.updated == 1);
    CHECK(r.added == 1);
    CHECK(r.unchanged == 3);
    CHECK(env.cases() == 5);
    // Stage 2 of the same procedure is a new stage; the first one ended.
    CHECK(env.number("SELECT count(*) FROM case_stage s JOIN case_record c ON c.id = s.case_id "
                     "WHERE source_ref = 'R1'") == 2);
    CHECK(
        env.text("SELECT stage || ' ' || started || ' ' || coalesce(ended, '-') FROM case_stage s "
                 "JOIN case_record c ON c.current_stage = s.id WHERE source_ref = 'R1'") ==
        "2 2026-11-20 2026-11-20");
    CHECK(env.text(
              "SELECT group_concat(stage || ' ' || ended, ',') FROM case_stage s JOIN case_record "
              "c ON c.id = s.case_id WHERE source_ref = 'R1' AND s.id <> c.current_stage") ==
          "1 2026-11-20");
    CHECK(env.text("SELECT status || ' ' || closed_on FROM case_record WHERE source_ref = 'R1'") ==
          "closed 2026-11-20");
    CHECK(env.text("SELECT name FROM person p JOIN case_record c ON c.id = p.case_id "
                   "WHERE source_ref = 'R1'") == "Ann Smith");
    // One audit event per changed field; personal data is not copied into the audit trail.
    CHECK(env.text("SELECT group_concat(body, ' | ') FROM (SELECT t.body FROM case_event e "
                   "JOIN case_record c ON c.id = e.case_id JOIN event_text t ON t.id = e.text_id "
                   "WHERE source_ref = 'R1' "
                   "AND kind = 'import-updated' ORDER BY e.id) AS u") ==
          "status from old-crm (export.csv line 2) | closed from old-crm (export.csv line 2) | "
          "stage from old-crm (export.csv line 2) | name (personal data: values not recorded) "
          "from old-crm (export.csv line 2)");
    CHECK(env.text("SELECT from_value || ' -> ' || to_value FROM case_event e JOIN case_record c "
                   "ON c.id = e.case_id JOIN event_text t ON t.id = e.text_id "
                   "WHERE source_ref = 'R1' AND t.body LIKE 'status%'") == "open -> closed");
    CHECK(env.number("SELECT count(*) FROM case_event e JOIN case_record c ON c.id = e.case_id "
                     "JOIN event_text t ON t.id = e.text_id WHERE t.body LIKE 'name%' "
                     "AND (from_value IS NOT NULL OR to_value IS NOT NULL)") == 0);
    // And that newer export again changes nothing.
    const auto again = env.run(second);
    CHECK(again.unchanged == 5);
    CHECK(again.updated == 0);
  }
  SECTION("a reference twice in one file is a bad record")
  {
    std::string twice(k_header);
    twice += "R7,02/11/2026,Level One,HWY,a,,\n";
    twice += "R7,02/11/2026,Level One,HWY,b,,\n";
    twice += "R1,02/11/2026,Level One,HWY,pothole,,Ann\n";
    twice += "R1,02/11/2026,Level One,HWY,pothole,,Ann\n";
    const auto r = env.run(twice, Env::options(OnError::skip));
    CHECK(r.added == 1);
    CHECK(r.unchanged == 1);
    CHECK(r.rejected == 2);
    CHECK(env.sink.first() == "3: record: the reference 'R7' is on line 2 too: one case cannot "
                              "be two records of one export (name the column in \"group_by\" if "
                              "the export has several rows per case)");
  }
  SECTION("personal data of a case anonymised since is not restored")
  {
    env.db.exec("UPDATE person SET name = NULL, anonymised_on = '2026-11-21'");
    std::string second(k_header);
    second += "R1,02/11/2026,Level One,HWY,pothole,,Ann Again\n";
    env.run(second);
    CHECK(env.text("SELECT coalesce(name, 'NULL') FROM person p JOIN case_record c "
                   "ON c.id = p.case_id WHERE source_ref = 'R1'") == "NULL");
  }
  SECTION("a dry run counts but writes nothing")
  {
    std::string second(k_header);
    second += "R9,05/11/2026,Level One,HWY,new one,,\n";
    auto o = Env::options();
    o.dry_run = true;
    const auto r = env.run(second, o);
    CHECK(r.added == 1);
    CHECK_FALSE(r.written);
    CHECK(env.cases() == 4);
  }
  CHECK(check_database(env.db).ok);
}

TEST_CASE("import: JSON Lines and JSON arrays, nested paths, duplicate keys", "[import][db]")
{
  constexpr std::string_view mapping = R"({
    "source": "o311",
    "identity": "id",
    "date_formats": ["iso8601"],
    "fields": {
      "received": "when.requested",
      "channel": {"const": "web"},
      "summary": {"template": "{kind}: {text}"},
      "status": {"column": "status", "map": {"open": "open", "closed": "closed"}},
      "closed": "when.updated",
      "external_ref": "links.0"
    }
  })";
  const std::string one =
      R"({"id": "a1", "kind": "Weeds", "text": "tall\r\ngrass", "status": "open",)"
      R"( "when": {"requested": "2012-05-22T19:53:34-04:00", "updated": null}, "links": ["x"]})";
  const std::string two =
      R"({"id": 42, "kind": "Graffiti", "text": null, "status": "closed",)"
      R"( "when": {"requested": "2012-05-23T08:00:00-04:00", "updated": "2012-05-24T09:00:00Z"}})";
  Env env;
  auto o = Env::options();

  SECTION("JSON Lines")
  {
    o.file_name = "requests.jsonl";
    const auto r = env.run(one + "\n\n" + two + "\r\n", o, mapping, 5);
    INFO(env.sink.first());
    CHECK(r.format == InputFormat::json_lines);
    CHECK(r.added == 2);
  }
  SECTION("a JSON array, read in pieces")
  {
    o.file_name = "requests.json";
    const auto r = env.run("[\n" + one + ",\n" + two + "\n]\n", o, mapping, 7);
    INFO(env.sink.first());
    CHECK(r.added == 2);
  }
  SECTION("an array under a top-level key")
  {
    const std::string m =
        std::string(mapping).replace(1, 0, R"("records": "service_requests.all", )");
    o.file_name = "requests.json";
    const auto r = env.run(R"({"meta": {"n": [1, {"x": "]"}]}, "service_requests": {"all": [)" +
                               one + "," + two + "]}, \"after\": 1}",
                           o, m);
    INFO(env.sink.first());
    CHECK(r.added == 2);
  }
  if (env.cases() == 2) {
    CHECK(env.text("SELECT received || ' ' || summary || ' ' || external_ref FROM case_record "
                   "WHERE source_ref = 'a1'") == "2012-05-23 Weeds: tall\r\ngrass x");
    CHECK(env.text("SELECT status || ' ' || closed_on || ' ' || summary FROM case_record "
                   "WHERE source_ref = '42'") == "closed 2012-05-24 Graffiti:");
  }

  SECTION("bad records: duplicate keys, bad UTF-8, not an object, not JSON")
  {
    o.file_name = "requests.jsonl";
    const std::string input =
        R"({"id": "d1", "kind": "k", "text": "t", "status": "open", "status": "closed", "when": {"requested": "2012-05-22T10:00:00Z"}})"
        "\n"
        R"({"id": "d2", "kind": "k", "text": "t", "status": "open", "when": {"requested": "2012-05-22T10:00:00Z", "requested": "2012-05-23T10:00:00Z"}})"
        "\n"
        "{\"id\": \"d3\", \"kind\": \"k\", \"text\": \"\xFF\", \"when\": {\"requested\": "
        "\"2012-05-22T10:00:00Z\"}}\n"
        "[1, 2]\n"
        "{\"id\": \"d5\",}\n"
        R"({"id": "d6", "kind": "k", "text": "t", "status": "open", "when": {"requested": "null"}})"
        "\n"
        R"({"id": "d7", "kind": "k", "text": "t", "status": "open", "when": {"requested": "2012-05-22T10:00:00Z"}, "links": [{"a": 1}]})"
        "\n";
    const auto r = env.run(input, o, mapping);
    CHECK(r.rejected == 7);
    REQUIRE(env.sink.problems.size() == 7);
    // A repeated key the mapping reads is named, with the column that reads it.
    CHECK(env.sink.problems[0].field == "status");
    CHECK(env.sink.problems[0].problem ==
          "the key \"status\" appears twice in one object: which value is meant cannot be known "
          "(the mapping's \"duplicate_keys\" can say \"first\" or \"last\")");
    CHECK(env.sink.problems[1].problem.find(
              "\"requested\" appears twice in one object (in when)") != std::string::npos);
    CHECK(env.sink.problems[2].problem.find("UTF-8") != std::string::npos);
    CHECK(env.sink.problems[3].problem == "expected an object, found an array");
    CHECK(env.sink.problems[4].problem.find("not valid JSON") != std::string::npos);
    CHECK(env.sink.problems[5].field == "received");
    CHECK(env.sink.problems[5].problem == "missing (required)");
    CHECK(env.sink.problems[6].field == "external_ref");
    CHECK(env.sink.problems[6].line == 7);
    CHECK(env.cases() == 0);
  }
  SECTION("nesting past the limit is a bad record; a key repeated among 100,000 is found at once")
  {
    // Depth 100,000 in 200 KB once exhausted memory (each level held its whole path).
    o.file_name = "requests.jsonl";
    std::string deep = R"({"id": "n1", "kind": "k", "text": "t", "deep": )";
    for (int i = 0; i < 100000; ++i) {
      deep += i % 2 == 0 ? "[" : "{\"a\": ";
    }
    deep += "\n";
    // 100,000 keys once took seconds (a search per key). The repeat is kept, not refused: it
    // matters only where the mapping reads it (tests/test_import_whole.cpp), and this record
    // fails for what it lacks.
    std::string wide = R"({"id": "w1")";
    for (int i = 0; i < 100000; ++i) {
      wide += fmt::format(R"(, "k{}": {})", i, i);
    }
    wide += R"(, "k99999": 0, "k5": 0})";
    wide += "\n";
    const std::string nested_64 = [] {
      // 64 levels: the record and 63 inside it (when.requested is read from the top).
      std::string text =
          R"({"id": "n64", "kind": "k", "text": "t", "status": "open", "links": ["r"], )"
          R"("when": )"
          R"({"requested": "2012-05-22T10:00:00Z", "updated": null}, "x": )";
      for (int i = 0; i < 62; ++i) {
        text += R"({"y": )";
      }
      return text + "1" + std::string(62, '}') + "}\n";
    }();
    const auto r = env.run(deep + wide + nested_64 + "[]\n", o, mapping);
    REQUIRE(env.sink.problems.size() >= 2);
    CHECK(env.sink.problems[0].line == 1);
    CHECK(env.sink.problems[0].problem.rfind(
              "nested deeper than 64 levels (the limit for JSON input), at deep.0.a.0.a.", 0) == 0);
    CHECK(env.sink.problems[1].line == 2);
    CHECK(env.sink.problems[1].problem == "missing (required)");
    // The record 64 levels deep is read (its problem is another: no links.0 to refuse it).
    for (const auto& p : env.sink.problems) {
      CHECK(p.line != 3);
    }
    CHECK(r.rejected == 3);
  }
  SECTION("a file cut short, and a mapped path no record has, refuse the whole file")
  {
    o.file_name = "requests.json";
    CHECK(error_code_of([&] { env.run("[" + one + ",", o, mapping); }) == ExitCode::data_error);
    const std::string m = std::string(mapping).replace(mapping.find("links.0"), 7, "link.0");
    CHECK(error_code_of([&] { env.run("[" + one + "]", o, m); }) == ExitCode::data_error);
    CHECK(env.cases() == 0);
  }
}

TEST_CASE("import: progress is reported while reading", "[import][db]")
{
  Env env;
  std::string input(k_header);
  for (int i = 0; i < 9000; ++i) {
    input += fmt::format("N{},02/11/2026,Compliment,HWY,thanks {},,\n", i, i);
  }
  const auto r = env.run(input);
  CHECK(r.added == 9000);
  CHECK(env.sink.progress_calls == 3); // at 4096, 8192 and the end
  CHECK(check_database(env.db).ok);
}
