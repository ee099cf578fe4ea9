// SPDX-License-Identifier: MIT
// The mapping file of feedback-import: what is refused, and that a mapping that does not fit
// the export is refused before any record is read.
#include "test_import_support.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <string>

using namespace feedback;
using feedback::test::d;
using feedback::test::error_code_of;

namespace {

// The message parse_mapping refuses `text` with ("" if it accepts it).
std::string
refusal(std::string_view text)
{
  try {
    parse_mapping(text, "m.json");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::data_error);
    return e.what();
  }
  return "";
}

std::string
with_fields(std::string_view fields)
{
  return fmt::format(
      R"({{"source": "s", "fields": {{"received": {{"column": "R", "formats": ["%d/%m/%Y"]}},
    "channel": {{"const": "web"}}, "summary": "S"{}}}}})",
      fields);
}

} // namespace

TEST_CASE("import: a mapping names case fields, columns, constants, maps and formats", "[import]")
{
  const auto m = parse_mapping(R"({
    "source": "crm",
    "identity": "Ref",
    "date_formats": ["%d/%m/%Y"],
    "missing": ["N/A"],
    "comment": "a note for people",
    "fields": {
      "received": "Received",
      "closed": {"column": "Closed", "formats": ["iso8601", "%Y-%m-%d"]},
      "channel": {"column": "How", "map": {" Web Form ": "web", "Phone": "phone"}, "default": "email"},
      "summary": {"template": "{Type}: {{{Text}}}"},
      "type": {"column": "Type", "map": {"Level One": {"type": "complaint", "procedure": "corporate", "stage": 1},
                                         "Nothing": null}, "otherwise": "enquiry"},
      "sponsor": {"column": "Via", "map": {"Customer": null, "Cllr": "councillor"}},
      "areas": {"column": "Areas", "split": "|", "map": {"Rude staff": "staff-behaviour"}}
    }
  })",
                               "m.json");
  CHECK(m.source == "crm");
  auto columns = m.columns;
  std::sort(columns.begin(), columns.end());
  CHECK(columns == std::vector<std::string>{"Areas", "Closed", "How", "Received", "Ref", "Text",
                                            "Type", "Via"});
  REQUIRE(m.identity);
  CHECK(*m.identity == 0);
  CHECK(m.missing == std::vector<std::string>{"N/A"});
  CHECK(m.names(ImportField::procedure)); // through the map of type
  CHECK(m.names(ImportField::stage));
  CHECK_FALSE(m.names(ImportField::owner));
  const auto* channel = m.spec(ImportField::channel);
  REQUIRE(channel != nullptr);
  REQUIRE(channel->find("web form") != nullptr); // keys are trimmed and compared ignoring case
  CHECK(channel->find("web form")->values.front().second == "web");
  CHECK(channel->find("Web Form") == nullptr); // find() takes the folded value
  CHECK(m.spec(ImportField::closed)->formats.size() == 2);
  CHECK(m.spec(ImportField::received)->formats.front().pattern == "%d/%m/%Y");
  CHECK(m.spec(ImportField::summary)->parts.size() == 4); // {Type}, ": {", {Text}, "}"
}

TEST_CASE("import: a mapping nested past the limit, or repeating a value among many", "[import]")
{
  std::string deep = R"({"source": "s", "comment": )";
  for (int i = 0; i < 100000; ++i) {
    deep += "[";
  }
  std::string path = "comment";
  for (int i = 0; i < 63; ++i) {
    path += "[0]";
  }
  CHECK(refusal(deep) ==
        "m.json: " + path + ": nested deeper than 64 levels (the limit for JSON input)");
  // 100,000 map values and one that repeats one of them once trimmed and folded: the second of
  // the two (in the order of the keys) is named.
  std::string map;
  for (int i = 0; i < 100000; ++i) {
    map += fmt::format(R"("Value {}": "web", )", i);
  }
  CHECK(refusal(fmt::format(R"({{"source": "s", "fields": {{"received": {{"column": "R",
      "formats": ["%d/%m/%Y"]}}, "channel": {{"column": "C", "map": {{{}" value 7 ": "web"}}}},
      "summary": "S"}}}})",
                            map)) ==
        "m.json: fields.channel.map[\"Value 7\"]: repeats a value already mapped (values are "
        "compared trimmed and ignoring ASCII case)");
}

TEST_CASE("import: a mapping with a mistake is refused, saying where", "[import]")
{
  CHECK(refusal("not json").find("m.json: (document): not valid JSON") == 0);
  CHECK(refusal(R"({"source": "s", "source": "t", "fields": {}})") ==
        "m.json: source: repeated key");
  CHECK(refusal(R"({"source": "s", "feilds": {}})").find("m.json: feilds: unknown key") == 0);
  CHECK(refusal(R"({"fields": {}})") == "m.json: source: required");
  CHECK(refusal(with_fields(R"(, "colour": "C")"))
            .find("m.json: fields.colour: unknown case "
                  "field (expected one of: received") == 0);
  CHECK(refusal(R"({"source": "s", "fields": {"received": {"column": "R", "formats": "%d/%m/%Y"},
                   "summary": "S"}})") ==
        "m.json: fields.channel: required: map a column, or give a \"const\"");
  CHECK(refusal(with_fields(R"(, "type": {"const": "grumble"})")) ==
        "m.json: fields.type.const: unknown value 'grumble' for type (expected complaint, "
        "compliment, comment, suggestion, enquiry or service-request)");
  CHECK(refusal(with_fields(R"(, "type": {"column": "T", "map": {"A": {"stage": 0}}})"))
            .find("stage must be a whole number from 1") != std::string::npos);
  CHECK(
      refusal(with_fields(
          R"(, "type": {"column": "T", "map": {"A": {"type": "complaint", "stage": 2}}}, "stage": "St")")) ==
      "m.json: fields.type.map[\"a\"]: sets stage, which fields.stage fills already");
  CHECK(refusal(with_fields(
                    R"(, "type": {"column": "T", "map": {"a": "comment", " A": "compliment"}})"))
            .find("repeats a value already mapped") != std::string::npos);
  CHECK(
      refusal(with_fields(R"(, "closed": {"column": "C", "map": {"x": "y"}})")).find("is a date") !=
      std::string::npos);
  CHECK(refusal(with_fields(R"(, "closed": {"column": "C", "formats": ["%d/%q/%Y"]})"))
            .find("unknown directive %q") != std::string::npos);
  CHECK(refusal(with_fields(R"(, "closed": {"column": "C", "formats": ["%d/%m"]})"))
            .find("needs a month (%m, %b or %B) and a four-digit year") != std::string::npos);
  CHECK(refusal(with_fields(R"(, "closed": {"column": "C", "formats": ["%d/%m/%Y %I:%M"]})"))
            .find("%I (12-hour clock) and %p (AM/PM) go together") != std::string::npos);
  CHECK(refusal(R"({"source": "s", "fields": {"received": "R", "channel": {"const": "web"},
                   "summary": "S"}})")
            .find("m.json: fields.received: give \"formats\"") == 0);
  CHECK(refusal(with_fields(R"(, "owner": {"column": "O", "const": "x"})")) ==
        "m.json: fields.owner: give exactly one of \"column\", \"const\" or \"template\"");
  CHECK(refusal(with_fields(R"(, "owner": {"template": "no columns"})")).find("names no column") !=
        std::string::npos);
  CHECK(refusal(with_fields(R"(, "owner": {"column": "O", "split": ","})")) ==
        "m.json: fields.owner.split: only areas are split");
  CHECK(refusal(with_fields(R"(, "owner": {"column": "O", "otherwise": "x"})")) ==
        "m.json: fields.owner.otherwise: only with a \"map\"");
  CHECK(refusal(R"({"source": "s", "delimiter": ";;", "fields": {}})").find("delimiter") !=
        std::string::npos);
  CHECK(refusal(with_fields(R"(, "areas": {"column": "A", "map": {"x": "rudeness"}})"))
            .find("unknown value 'rudeness' for areas") != std::string::npos);
}

TEST_CASE("import: a column the export lacks is refused before any record is read", "[import][db]")
{
  auto db = test::migrated_database();
  const auto mapping = parse_mapping(with_fields(R"(, "owner": "Officer")"), "m.json");
  ImportOptions o;
  o.file_name = "x.csv";
  o.today = d("2026-11-22");
  test::CollectSink sink;

  SECTION("not in the header")
  {
    StringSource source("R,S,Officr\n01/02/2024,x,y\n");
    const auto e = test::error_of([&] { import_records(db, mapping, source, o, sink); });
    CHECK(e.code() == ExitCode::data_error);
    CHECK(std::string(e.what()) ==
          "m.json: unknown column 'Officer': it is not in the header of x.csv (which has: R, "
          "S, Officr)");
  }
  SECTION("twice in the header")
  {
    StringSource source("R,S,Officer,Officer\n01/02/2024,x,y,z\n");
    CHECK(error_code_of([&] { import_records(db, mapping, source, o, sink); }) ==
          ExitCode::data_error);
  }
  SECTION("an empty file")
  {
    StringSource source("");
    CHECK(error_code_of([&] { import_records(db, mapping, source, o, sink); }) ==
          ExitCode::data_error);
  }
  SECTION("a name that tells no format")
  {
    o.file_name = "export.txt";
    StringSource source("R,S,Officer\n");
    CHECK(error_code_of([&] { import_records(db, mapping, source, o, sink); }) == ExitCode::usage);
  }
  CHECK(sink.problems.empty());
  CHECK(sink.progress_calls == 0);
  CHECK(test::number(db, "SELECT count(*) FROM case_record") == 0);
}

TEST_CASE("import: the identity fingerprint is FNV-1a over six fields", "[import]")
{
  // The documented definition (docs/import.md), computed by hand here.
  std::string bytes = "2024-04-10\x1f"
                      "How do I apply for a discount?\x1f"
                      "\x1f"
                      "Mrs P. Kaur\x1f"
                      "\x1f"
                      "\x1f";
  CHECK(identity_fingerprint("2024-04-10", "How do I apply for a discount?", "", "Mrs P. Kaur", "",
                             "") == fmt::format("fp:{:016x}", fnv1a64(bytes)));
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL); // the published FNV-1a test vector
  CHECK(format_from_file_name("X.CSV") == InputFormat::csv);
  CHECK(format_from_file_name("a.ndjson") == InputFormat::json_lines);
  CHECK(format_from_file_name("a.json") == InputFormat::json);
  CHECK_FALSE(format_from_file_name("-"));
}
