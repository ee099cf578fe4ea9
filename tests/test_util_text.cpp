// SPDX-License-Identifier: MIT
// Text for a terminal: width, one line, wrapping, with hand-checked results.
#include <feedback/util/text.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace feedback;
using Lines = std::vector<std::string>;

TEST_CASE("util text: display width counts code points", "[util_text]")
{
  CHECK(display_width("") == 0);
  CHECK(display_width("pothole") == 7);
  CHECK(display_width("£250") == 4);     // £ is two bytes
  CHECK(display_width("naïve") == 5);    // ï is two bytes
  CHECK(display_width("cut…") == 4);     // … is three bytes
  CHECK(display_width("\x80\x80") == 0); // stray continuation bytes take no column
}

TEST_CASE("util text: one line, cut to a width with an ellipsis", "[util_text]")
{
  CHECK(one_line("line one\nline\ttwo\r", 0) == "line one line two ");
  CHECK(one_line("pothole", 7) == "pothole");
  CHECK(one_line("potholes", 7) == "pothol…");
  CHECK(one_line("potholes", 1) == "…");
  CHECK(one_line("££££££", 5) == "££££…");
  CHECK(one_line("line one\nline two", 12) == "line one li…");
  CHECK(one_line("", 3).empty());
}

TEST_CASE("util text: wrapping at spaces and line breaks", "[util_text]")
{
  CHECK(wrap("", 10) == Lines{""});
  CHECK(wrap("the quick brown fox", 9) == Lines{"the quick", "brown fox"});
  CHECK(wrap("the quick brown fox", 10) == Lines{"the quick", "brown fox"});
  CHECK(wrap("the quick brown fox", 19) == Lines{"the quick brown fox"});
  CHECK(wrap("Rang the contractor.\nThey will send the report on Monday.", 24) ==
        Lines{"Rang the contractor.", "They will send the", "report on Monday."});
  CHECK(wrap("one\n\ntwo", 5) == Lines{"one", "", "two"});
  CHECK(wrap("trailing\n", 10) == Lines{"trailing", ""});
  // Code points, not bytes: "£250 paid" is 9 columns.
  CHECK(wrap("£250 paid in full", 9) == Lines{"£250 paid", "in full"});
}

TEST_CASE("util text: a word longer than a line is split", "[util_text]")
{
  CHECK(wrap("abcdefghij", 4) == Lines{"abcd", "efgh", "ij"});
  CHECK(wrap("abcdefgh", 4) == Lines{"abcd", "efgh"});
  CHECK(wrap("xy abcdefghij z", 4) == Lines{"xy", "abcd", "efgh", "ij z"});
  CHECK(wrap("ééééé", 2) == Lines{"éé", "éé", "é"});
  CHECK(wrap("abc", 0) == Lines{"a", "b", "c"}); // a width of 0 is taken as 1
}

TEST_CASE("util text: a multi-megabyte word wraps in time linear in its length", "[util_text]")
{
  // 4 MB without a space, as a pasted note may be: 50,000 lines of 83 and one of 50 more bytes.
  // Measuring the rest of the word again for every line would take minutes.
  const std::string word = std::string(83 * 50'000 + 50, 'x');
  const auto lines = wrap(word, 83);
  REQUIRE(lines.size() == 50'001);
  CHECK(lines.front() == std::string(83, 'x'));
  CHECK(lines[49'999].size() == 83);
  CHECK(lines.back() == std::string(50, 'x'));

  // 2 MB of a two-byte letter: 1,000,000 columns, 10,000 lines of 100 columns (200 bytes).
  std::string accents;
  for (int i = 0; i < 1'000'000; ++i) {
    accents += "é";
  }
  const auto split = wrap("note: " + accents, 100);
  REQUIRE(split.size() == 10'001);
  CHECK(split.front() == "note:");
  CHECK(split[1].size() == 200);
  CHECK(split.back().size() == 200);
  CHECK(one_line(accents, 3) == "éé…");
}

TEST_CASE("util text: wide characters take two columns, combining marks none", "[util_text]")
{
  CHECK(display_width("漢字") == 4);
  CHECK(display_width("한국어") == 6);
  CHECK(display_width("ｆｕｌｌ") == 8); // fullwidth Latin letters
  CHECK(display_width("😀") == 2);
  CHECK(display_width("cafe\u0301") == 4); // e and a combining acute accent
  CHECK(display_width("a\u200Db") == 2);   // a zero width joiner
  CHECK(display_width("Ω—£") == 3);        // Greek, an em dash and £ are narrow
  CHECK(display_width("\xE6\xBC") == 1);   // a cut sequence shows as one replacement character

  CHECK(one_line("漢字漢字", 8) == "漢字漢字");
  CHECK(one_line("漢字漢字", 5) == "漢字…");
  CHECK(one_line("漢字漢字", 4) == "漢…"); // 字 would not leave room for the "…"
  CHECK(one_line("cafe\u0301s!", 5) == "cafe\u0301…");

  CHECK(wrap("漢字漢字漢", 4) == Lines{"漢字", "漢字", "漢"});
  CHECK(wrap("漢字漢", 3) == Lines{"漢", "字", "漢"});
  CHECK(wrap("雨漏り 修理 依頼", 7) == Lines{"雨漏り", "修理", "依頼"});
  CHECK(wrap("e\u0301e\u0301e\u0301", 2) == Lines{"e\u0301e\u0301", "e\u0301"});
  CHECK(wrap("漢", 1) == Lines{"漢"}); // wider than the line: it still goes somewhere, once
}

TEST_CASE("util text: edit distance counts edits and swaps", "[util_text]")
{
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("show", "show") == 0);
  CHECK(edit_distance("shwo", "show") == 1);      // a swap of neighbours
  CHECK(edit_distance("overdu", "overdue") == 1); // an insertion
  CHECK(edit_distance("lisst", "list") == 1);     // a deletion
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("ca", "abc") == 3); // optimal string alignment: a swap is not edited again
}

TEST_CASE("util text: the closest word, for did you mean", "[util_text]")
{
  const std::string_view words[] = {"new",   "show",    "list",    "classify",
                                    "close", "overdue", "calendar"};
  CHECK(closest_word("shwo", words) == "show");
  CHECK(closest_word("overdu", words) == "overdue");
  CHECK(closest_word("clasify", words) == "classify");
  CHECK(closest_word("lst", words) == "list");
  CHECK(closest_word("cal", words) == "calendar"); // the only word starting so
  CHECK(closest_word("c", words) == std::nullopt); // too short to guess from
  CHECK(closest_word("frobnicate", words) == std::nullopt);
  CHECK(closest_word("show", words) == std::nullopt); // never the word itself
  // "clos" is one edit from "close" and starts "close" and "closed": the nearer wins.
  CHECK(closest_word("clos", words) == "close");
  const std::string_view two[] = {"remedy", "remedy-done"};
  CHECK(closest_word("remed", two) == "remedy");
  const std::string_view prefixes[] = {"policy-one", "policy-two"};
  CHECK(closest_word("pol", prefixes) == std::nullopt); // two start so: no guess
}

TEST_CASE("util text: stored text is made safe for a terminal", "[util_text]")
{
  CHECK(terminal_safe("Potholes") == "Potholes");
  CHECK(terminal_safe("道路の穴 £250 café") == "道路の穴 £250 café");
  CHECK(terminal_safe("a\nb") == "a\nb");                 // line breaks kept
  CHECK(terminal_safe("a\r\nb") == "a\nb");               // a Windows line end
  CHECK(terminal_safe("a\tb") == "a b");                  // a tab is a space
  CHECK(terminal_safe("\x1b[2Jgone") == "^[[2Jgone");     // ESC shown, not obeyed
  CHECK(terminal_safe("x\ry") == "x^My");                 // a bare CR cannot overwrite
  CHECK(terminal_safe(std::string("a\0b", 3)) == "a^@b"); // NUL
  CHECK(terminal_safe("bell\x07\x7f") == "bell^G^?");     // BEL and DEL
  CHECK(terminal_safe("csi\xc2\x9b"
                      "31m") == "csi\uFFFD31m"); // C1 CSI (U+009B)
  CHECK(terminal_safe("raw\x9b"
                      "31m") == "raw\uFFFD31m");          // a lone 8-bit CSI byte
  CHECK(terminal_safe("cut\xE6\xBC") == "cut\uFFFD");     // a cut sequence
  CHECK(terminal_safe("\xC0\xAF") == "\uFFFD");           // an overlong slash
  CHECK(terminal_safe("\xc2\xa0nbsp") == "\xc2\xa0nbsp"); // U+00A0 is printable
  CHECK(display_width(terminal_safe("\x1b[31m")) == 6);
}

TEST_CASE("util text: UTF-8 checked, and bad bytes written out for a message", "[util_text]")
{
  CHECK(valid_utf8("plain"));
  CHECK(valid_utf8("Zo\xc3\xab \xe9\x81\x93 \xf0\x9f\x98\x80")); // ë, 道, an emoji
  CHECK_FALSE(valid_utf8("Zo\xeb"));                             // Latin-1 ë
  CHECK_FALSE(valid_utf8("\xc0\xaf"));                           // an overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));                       // a surrogate
  CHECK_FALSE(valid_utf8("\xe9\x81"));                           // cut short
  CHECK(escaped_bytes("Zo\xeb") == "Zo\\xeb");
  CHECK(escaped_bytes("Pot\x9bholes \xe9\x81\x93") == "Pot\\x9bholes \xe9\x81\x93");
  CHECK(escaped_bytes("a\x1b[31m\x7f") == "a\\x1b[31m\\x7f");
  CHECK(escaped_bytes("\xe9\x81") == "\\xe9\\x81");
  CHECK(escaped_bytes(std::string(100, 'x'), 60) == std::string(60, 'x') + "...");
}
