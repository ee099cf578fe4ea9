// SPDX-License-Identifier: MIT
// The one table renderer: alignment, padding, fitting to a width, wrapping, row decoration.
#include <feedback/util/table.hpp>

#include <catch2/catch.hpp>

using namespace feedback;
using Align = TextTable::Align;

TEST_CASE("util table: columns padded to their widest cell, two spaces apart", "[util_table]")
{
  TextTable t({"service", "cases", "note"});
  t.add_row({{"HWY"}, {"12", Align::right}, {"roads"}});
  t.add_row({{"Libraries"}, {"3", Align::right}});
  t.add_row({{"PRK"}, {"1,250", Align::right}, {"£ in a cell"}, {"beyond the headings"}});
  // Headings stay left-aligned; numbers go right; the last column is not padded and no line
  // ends in spaces (the second row has no note).
  CHECK(t.render() == "service    cases  note\n"
                      "HWY           12  roads\n"
                      "Libraries      3\n"
                      "PRK        1,250  £ in a cell\n");
}

TEST_CASE("util table: headings only, an indent, an empty last column", "[util_table]")
{
  TextTable t({"a", "bb"});
  CHECK(t.render() == "a  bb\n");
  t.set_indent(2);
  t.add_row({{"long cell"}, {""}});
  CHECK(t.render() == "  a          bb\n"
                      "  long cell\n");
}

TEST_CASE("util table: a cell's width is its code points", "[util_table]")
{
  TextTable t({"x", "y"});
  t.add_row({{"£££"}, {"1"}});
  t.add_row({{"abcd"}, {"2"}});
  CHECK(t.render() == "x     y\n"
                      "£££   1\n"
                      "abcd  2\n");
}

TEST_CASE("util table: fit cuts the shrinkable columns and the last", "[util_table]")
{
  TextTable t({"id", "kind", "what"});
  t.fit(20, 6, TextTable::Overflow::cut, {1}, 5);
  t.add_row({{"1"}, {"service-request"}, {"a pothole in the road"}});
  t.add_row({{"2"}, {"enquiry"}, {"bins\ttoday"}});
  // Natural: id 2, kind 15: 4 + 17 + 6 = 27 > 20. kind gives way down to 8 (4 + 10 + 6 = 20),
  // leaving 20 - 14 = 6 for what: five characters and "…".
  CHECK(t.render() == "id  kind      what\n"
                      "1   service…  a pot…\n"
                      "2   enquiry   bins …\n");
}

TEST_CASE("util table: fit stops shrinking at the floor", "[util_table]")
{
  TextTable t({"id", "kind", "what"});
  t.fit(20, 6, TextTable::Overflow::cut, {1}, 12);
  t.add_row({{"1"}, {"service-request"}, {"a pothole"}});
  // kind stops at 12: the last column still gets its 6, and the line is 24 wide.
  CHECK(t.render() == "id  kind          what\n"
                      "1   service-req…  a pot…\n");
}

TEST_CASE("util table: fit wraps the last column under itself", "[util_table]")
{
  TextTable t({"on", "detail"});
  t.set_indent(2);
  t.fit(20, 8, TextTable::Overflow::wrap);
  t.add_row({{"2026-11-05"}, {"Rang the contractor.\nReport on Monday."}});
  t.add_row({{"2026-11-06"}, {"ok"}});
  // 2 + 12 = 14 used, so the detail gets 8 (its minimum), more than 20 - 14 = 6.
  CHECK(t.render() == "  on          detail\n"
                      "  2026-11-05  Rang the\n"
                      "              contract\n"
                      "              or.\n"
                      "              Report\n"
                      "              on\n"
                      "              Monday.\n"
                      "  2026-11-06  ok\n");
}

TEST_CASE("util table: each line of a row between its before and after", "[util_table]")
{
  TextTable t({"id", "what"});
  t.add_row({{"1"}, {"late  "}}, "<", ">");
  t.add_row({{"2"}, {"fine"}});
  CHECK(t.render() == "id  what\n"
                      "<1   late>\n"
                      "2   fine\n");
}

TEST_CASE("util table: Chinese, Japanese and Korean text aligns", "[util_table]")
{
  TextTable t({"service", "summary", "n"});
  t.add_row({{"住宅"}, {"雨漏り"}, {"2", Align::right}});
  t.add_row({{"HWY"}, {"pothole"}, {"12", Align::right}});
  t.add_row({{"café"}, {"cafe\u0301 sign"}, {"1", Align::right}});
  // 住宅 takes 4 columns of 7; 雨漏り 6 of 9 (the width of "cafe" + a combining accent +
  // " sign").
  CHECK(t.render() == "service  summary    n\n"
                      "住宅     雨漏り      2\n"
                      "HWY      pothole    12\n"
                      "café     cafe\u0301 sign   1\n");
}

TEST_CASE("util table: rows after render_and_keep_widths keep the columns", "[util_table]")
{
  TextTable t({"ref", "summary"});
  t.fit(14, 4, TextTable::Overflow::cut);
  t.add_row({{"A1"}, {"short"}});
  CHECK(t.render_and_keep_widths() == "ref  summary\nA1   short\n");
  // The summary may take the room the table had (14 - 5 = 9 columns), cut with "…".
  t.add_row({{"B22"}, {"a much longer summary"}});
  t.add_row({{"C\x1b"}, {"ok"}});
  CHECK(t.render_more() == "B22  a much l…\nC^[  ok\n");
  CHECK(t.render_more().empty());
}
