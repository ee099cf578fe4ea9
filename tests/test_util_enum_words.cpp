// SPDX-License-Identifier: MIT
// One array of words read both ways, and the enumerations whose names are kept that way.
#include <feedback/calendar/bank_holidays.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/reports/dimensions.hpp>
#include <feedback/util/enum_words.hpp>

#include <catch2/catch.hpp>

using namespace feedback;

namespace {
enum class Colour
{
  red,
  green,
  blue
};
constexpr std::string_view k_colours[] = {"red", "green", "blue"};
} // namespace

TEST_CASE("enum words: each value's word, and each word's value", "[util]")
{
  CHECK(enum_word(k_colours, Colour::red) == "red");
  CHECK(enum_word(k_colours, Colour::blue) == "blue");
  CHECK(find_enum_word<Colour>(k_colours, "green") == Colour::green);
  CHECK_FALSE(find_enum_word<Colour>(k_colours, "Green"));
  CHECK_FALSE(find_enum_word<Colour>(k_colours, ""));
  // A value past the words (a cast from a number) has no word rather than reading past them.
  CHECK(enum_word(k_colours, static_cast<Colour>(3)).empty());
  static_assert(enum_word(k_colours, Colour::green) == "green");
}

TEST_CASE("enum words: the library's names read back, with the words written by hand", "[util]")
{
  CHECK(region_name(Region::northern_ireland) == "northern-ireland");
  CHECK(parse_region("scotland") == Region::scotland);
  CHECK_FALSE(parse_region("wales"));
  CHECK(independence_name(Independence::overridden) == "overridden");
  CHECK(parse_independence("unchecked") == Independence::unchecked);
  CHECK(anchor_name(Anchor::acknowledgement) == "acknowledgement");
  CHECK(parse_anchor("receipt") == Anchor::receipt);
  CHECK(word_kind_noun(WordKind::area) == "complaint area");
  CHECK(word_kind_key(WordKind::ombudsman_decision) == "ombudsman_decisions");
  CHECK(parse_word_kind_code("ombudsman-decision") == WordKind::ombudsman_decision);
  CHECK(parse_share("column") == ShareOf::column);
  // "none" is the absence of --share, not a word it takes.
  CHECK_FALSE(parse_share("none"));
  CHECK(parse_change_from("first") == ChangeFrom::first);
}
