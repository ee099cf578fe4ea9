// SPDX-License-Identifier: MIT
// Rows in each output format: the names the programs read, and Markdown beside the others.
#include <feedback/util/output.hpp>

#include <catch2/catch.hpp>

using namespace feedback;

TEST_CASE("util output: every format has a name that reads back", "[util_output]")
{
  for (const auto name : k_format_names) {
    const auto format = parse_format(name);
    REQUIRE(format);
    CHECK(format_name(*format) == name);
  }
  CHECK(parse_format("markdown") == Format::markdown);
  CHECK_FALSE(parse_format("md"));
  CHECK_FALSE(parse_format("Table"));
}

TEST_CASE("util output: a Markdown table, numbers right-aligned", "[util_output]")
{
  const std::vector<Row> rows = {{"HWY", 12, "roads"}, {"PRK", 3, Cell()}};
  // "cases" holds only numbers, so it is right-aligned; a null cell is empty.
  CHECK(render(Format::markdown, {"service", "cases", "note"}, rows) ==
        "| service | cases | note |\n"
        "| --- | ---: | --- |\n"
        "| HWY | 12 | roads |\n"
        "| PRK | 3 | |\n");
}

TEST_CASE("util output: Markdown cells cannot break the table or start emphasis", "[util_output]")
{
  const std::vector<Row> rows = {{"a|b", "line one\nline two"},
                                 {"*bold* _it_ `code` <b>", "c:\\x"}};
  CHECK(render(Format::markdown, {"x", "y"}, rows) ==
        "| x | y |\n"
        "| --- | --- |\n"
        "| a\\|b | line one line two |\n"
        "| \\*bold\\* \\_it\\_ \\`code\\` \\<b> | c:\\\\x |\n");
  CHECK(markdown_escape("plain text, 12.5%") == "plain text, 12.5%");
}

TEST_CASE("util output: no rows is a heading and its rule in Markdown", "[util_output]")
{
  CHECK(render(Format::markdown, {"date", "reason"}, {}) == "| date | reason |\n"
                                                            "| --- | --- |\n");
}

TEST_CASE("util output: the same rows as table, CSV and JSON", "[util_output]")
{
  const std::vector<Row> rows = {{"2026-12-25", "Christmas Day", 1}};
  const std::vector<std::string> columns = {"date", "name", "n"};
  CHECK(render(Format::table, columns, rows) == "date        name           n\n"
                                                "2026-12-25  Christmas Day  1\n");
  CHECK(render(Format::csv, columns, rows) == "date,name,n\r\n2026-12-25,Christmas Day,1\r\n");
  CHECK(render(Format::json, columns, rows) ==
        "[\n  {\"date\": \"2026-12-25\", \"name\": \"Christmas Day\", \"n\": 1}\n]\n");
}
