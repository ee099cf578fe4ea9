// SPDX-License-Identifier: MIT
// Real exports (../shared/fixtures/legacy, read where they lie, never copied) and the samples
// in examples/legacy, each imported with its mapping from examples/mappings.
#include "test_import_support.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

using namespace feedback;
using feedback::test::d;
using feedback::test::read_file;
using feedback::test::source_dir;

namespace {

namespace fs = std::filesystem;

struct Env : test::TestDatabase
{
  test::CollectSink sink;

  // Imports `file` as the real program does: streamed from the open file.
  ImportResult run(const fs::path& file, const fs::path& mapping_file, OnError on_error,
                   bool create_services = false)
  {
    sink = {};
    const auto mapping = parse_mapping(read_file(mapping_file), mapping_file.string());
    auto o = test::import_options(file.string(), on_error);
    o.create_services = create_services;
    std::FILE* f = std::fopen(file.c_str(), "rb");
    REQUIRE(f != nullptr);
    StreamSource source(f, file.string());
    ImportResult r;
    try {
      r = import_records(db, mapping, source, o, sink);
    } catch (...) {
      std::fclose(f);
      throw;
    }
    std::fclose(f);
    return r;
  }

  // The values of `columns` (NULL written NULL), joined with '|', of the first row of
  // SELECT columns `rest`.
  std::string pick(std::initializer_list<std::string_view> columns, std::string_view rest)
  {
    std::string sql = "SELECT ";
    for (const auto c : columns) {
      sql += fmt::format("{}coalesce(CAST({} AS TEXT), 'NULL')",
                         sql.size() > 7 ? " || '|' || " : "", c);
    }
    sql += " ";
    sql += rest;
    return text(sql);
  }
};

} // namespace

TEST_CASE("import: an Open311 GeoReport v2 requests.json (Bloomington, 2012)", "[import][db]")
{
  const auto dir = test::shared_fixtures("legacy");
  if (!dir) {
    return;
  }
  Env env;
  const auto file = *dir / "open311_bloomington_requests_2012.json";
  const auto mapping = source_dir() / "examples/mappings/open311_bloomington.json";
  const auto r = env.run(file, mapping, OnError::stop, true);
  INFO((env.sink.problems.empty() ? std::string() : env.sink.problems[0].problem));
  CHECK(r.format == InputFormat::json);
  CHECK(r.records == 21);
  CHECK(r.added == 21);
  CHECK(r.rejected == 0);
  CHECK(r.created_services.size() == 6);
  // 19:53 at -04:00 on 22 May is 00:53 on 23 May in London (BST): the London date is kept,
  // and the time as given.
  CHECK(env.pick({"received", "received_at", "type", "status"},
                 "FROM case_record WHERE source_ref = '4fbc2700b1fe2ca550000001'") ==
        "2012-05-23|2012-05-22T19:53:34-04:00|service-request|open");
  CHECK(env.pick({"type", "service", "s.procedure"},
                 "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE source_ref "
                 "= '4fbcd202b1fe2c1156000001'") == "complaint|BL-POLICE|corporate");
  CHECK(env.text("SELECT type FROM case_record WHERE source_ref = '4fbd40b2b1fe2c4b02000001'") ==
        "suggestion");
  CHECK(env.number("SELECT count(*) FROM case_record WHERE status = 'closed' AND "
                   "closed_on = '2012-05-23'") == 3);
  // An empty description: the summary is the service name alone; a description with \r\n\r\n
  // is kept whole.
  CHECK(env.text("SELECT summary FROM case_record WHERE source_ref = '4fbd14bbb1fe2c5214000000'") ==
        "Yard Waste:");
  Statement crlf(env.db, "SELECT count(*) FROM case_record WHERE summary LIKE '%' || ?1 || "
                         "'Thanks.'");
  crlf.bind(1, "\r\n\r\n");
  REQUIRE(crlf.step());
  CHECK(crlf.column_int64(0) == 1);
  CHECK(env.text("SELECT name FROM service WHERE code = 'BL-HAND'") == "HAND");

  const auto again = env.run(file, mapping, OnError::stop, true);
  CHECK(again.unchanged == 21);
  CHECK(again.added == 0);
  CHECK(check_database(env.db).ok);
}

TEST_CASE("import: a city 311 portal CSV with US dates and a sentinel date (NYC, 2011)",
          "[import][db]")
{
  const auto dir = test::shared_fixtures("legacy");
  if (!dir) {
    return;
  }
  Env env;
  const auto file = *dir / "nyc311_portal_export_2011.csv";
  const auto mapping = source_dir() / "examples/mappings/nyc311_portal.json";

  SECTION("stop: the one bad record refuses the file")
  {
    const auto r = env.run(file, mapping, OnError::stop, true);
    CHECK_FALSE(r.written);
    CHECK(r.records == 2000);
    CHECK(r.rejected == 1);
    CHECK(env.number("SELECT count(*) FROM case_record") == 0);
    CHECK(env.number("SELECT count(*) FROM service") == 0);
  }
  SECTION("skip: 1,999 cases, and the sentinel row in the reject file")
  {
    const auto r = env.run(file, mapping, OnError::skip, true);
    CHECK(r.written);
    CHECK(r.added == 1999);
    CHECK(r.rejected == 1);
    CHECK(r.created_services.size() == 13);
    REQUIRE(env.sink.problems.size() == 1);
    CHECK(env.sink.problems[0].line == 1604);
    CHECK(env.sink.problems[0].field == "closed");
    CHECK(env.sink.problems[0].problem ==
          "'01/01/1900 12:00:00 AM': date 1900-01-01 is outside the "
          "calendar's range 1971-01-01 to 2199-12-31");
    CHECK(env.sink.rejects.rfind("Unique Key,Created Date,", 0) == 0);
    CHECK(env.sink.rejects.find(",Location,reject_reason\n19944912,03/02/2011 10:40:12 AM,"
                                "01/01/1900 12:00:00 AM,") != std::string::npos);
    // Month first: 03/01/2011 is the first of March.
    CHECK(env.pick({"received", "closed_on", "status", "channel", "service", "summary"},
                   "FROM case_record WHERE source_ref = '19937896'") ==
          "2011-03-01|2011-03-14|closed|phone|DOF|DOF Property - Payment Issue: Misapplied "
          "Payment");
    CHECK(env.number("SELECT count(*) FROM case_record WHERE status = 'open'") == 43);
    CHECK(env.number("SELECT count(*) FROM case_record WHERE received NOT LIKE '2011-%'") == 0);
    CHECK(check_database(env.db).ok);

    const auto again = env.run(file, mapping, OnError::skip, true);
    CHECK(again.unchanged == 1999);
    CHECK(again.rejected == 1);
  }
}

TEST_CASE("import: a UK FOI case list with dd/mm/yyyy dates and few references", "[import][db]")
{
  const auto dir = test::shared_fixtures("legacy");
  if (!dir) {
    return;
  }
  Env env;
  const auto file = *dir / "uk_council_foi_requests_wdtk.csv";
  const auto mapping = source_dir() / "examples/mappings/wdtk_foi_requests.json";
  const auto r = env.run(file, mapping, OnError::stop);
  CHECK(r.added == 5462);
  CHECK(r.rejected == 0);
  // 5,393 rows have no FOIR: they are identified by their fingerprint.
  CHECK(env.number("SELECT count(*) FROM case_record WHERE source_ref LIKE 'fp:%'") == 5393);
  CHECK(env.number("SELECT count(*) FROM case_record WHERE status = 'closed'") == 4013);
  CHECK(env.number("SELECT count(*) FROM case_record WHERE closure = 'withdrawn'") == 42);
  CHECK(env.pick({"received", "type", "s.procedure", "status", "closed_on", "summary"},
                 "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE source_ref "
                 "= '781252'") ==
        "2021-08-25|enquiry|enquiry|closed|2021-08-25|Social care systems suppliers and costs "
        "(Bath and North East Somerset Council)");
  CHECK(env.text("SELECT t.body FROM case_event e JOIN case_record c ON c.id = e.case_id "
                 "JOIN event_text t ON t.id = e.text_id WHERE source_ref = '781252'")
            .find("the export has no closing date") != std::string::npos);
  // Day first: 05/03/2025 is 5 March.
  CHECK(env.number("SELECT count(*) FROM case_record WHERE received = '2025-03-05'") == 1);
  CHECK(env.number("SELECT count(*) FROM case_record WHERE received = '2025-05-03'") == 0);

  const auto again = env.run(file, mapping, OnError::stop);
  CHECK(again.unchanged == 5462);
  CHECK(check_database(env.db).ok);
}

TEST_CASE("import: the CRM export and the officer's spreadsheet in examples/", "[import][db]")
{
  Env env;
  for (const auto& [code, procedure] :
       std::vector<std::pair<std::string, std::optional<std::string>>>{
           {"WST", std::nullopt},
           {"HWY", std::nullopt},
           {"HSG", std::nullopt},
           {"REV", std::nullopt},
           {"PRK", std::nullopt},
           {"PLN", std::nullopt},
           {"ENV", std::nullopt},
           {"LIB", std::nullopt},
           {"STC", std::nullopt},
           {"CUS", std::nullopt},
           {"ASC", std::string("adults-statutory")},
           {"SEN", std::string("send")},
           {"CSC", std::string("childrens-statutory")}}) {
    add_service(env.db, {code, code, "Test", procedure});
  }
  const auto crm = env.run(source_dir() / "examples/legacy/crm_complaints_export.csv",
                           source_dir() / "examples/mappings/crm_complaints.json", OnError::stop);
  INFO((env.sink.problems.empty() ? std::string() : env.sink.problems[0].problem));
  CHECK(crm.added == 12);
  CHECK(env.pick({"status", "sponsor", "sponsor_name", "s.stage", "s.outcome", "s.acknowledged",
                  "s.responded",
                  "(SELECT group_concat(area, ',') FROM case_area a WHERE a.stage_id = s.id)"},
                 "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE source_ref "
                 "= 'CMP-2024-00118'") ==
        "responded|councillor|Cllr A. Patel|2|partially-upheld|2024-01-11|2024-02-06|"
        "speed-of-service");
  CHECK(env.pick({"status", "closure", "closed_on"},
                 "FROM case_record WHERE source_ref = 'CMP-2024-00126'") ==
        "closed|withdrawn|2024-01-24");
  CHECK(env.pick({"p.address", "p.preferred_format"},
                 "FROM person p JOIN case_record c ON c.id = p.case_id WHERE source_ref = "
                 "'CMP-2024-00141'") == "\"The Old Forge\", Park View, Sampleford SF2 8PQ|letter");
  CHECK(env.text("SELECT sponsor FROM case_record WHERE source_ref = 'CMP-2024-00117'") == "NULL");
  CHECK(env.text("SELECT status FROM case_record WHERE source_ref = 'CMP-2024-00131'") == "open");

  const auto sheet =
      env.run(source_dir() / "examples/legacy/officer_spreadsheet.csv",
              source_dir() / "examples/mappings/officer_spreadsheet.json", OnError::stop);
  CHECK(sheet.added == 10);
  CHECK(env.number("SELECT count(*) FROM case_record WHERE source = 'complaints-log' AND "
                   "source_ref LIKE 'fp:%'") == 3);
  CHECK(env.number("SELECT count(*) FROM case_record WHERE source = 'complaints-log' AND "
                   "source_ref LIKE 'fp:%-2'") == 1);
  CHECK(env.pick({"received", "sponsor_name", "channel"},
                 "FROM case_record WHERE source_ref = 'C24/002'") ==
        "2024-04-04|Cllr S. Hughes|phone");
  CHECK(env.pick({"s.procedure", "s.stage", "s.outcome", "c.status"},
                 "FROM case_record c JOIN case_stage s ON s.id = c.current_stage WHERE source_ref "
                 "= 'C24/003'") == "corporate|2|partially-upheld|responded");
  CHECK(env.text("SELECT channel FROM case_record WHERE source_ref = 'C24/008'") == "email");
  CHECK(env.run(source_dir() / "examples/legacy/officer_spreadsheet.csv",
                source_dir() / "examples/mappings/officer_spreadsheet.json", OnError::stop)
            .unchanged == 10);
  CHECK(check_database(env.db).ok);
}
