// SPDX-License-Identifier: MIT
#include "storage/case_store.hpp"
#include "storage/privacy_store.hpp"

#include <feedback/privacy/equality.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>

namespace feedback {

const std::vector<Characteristic>&
equality_characteristics()
{
  // The categories follow the broad groups of the 2021 census questions that councils' own
  // monitoring forms use.
  static const std::vector<Characteristic> k_all{
      {"age", {"under-18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-plus"}},
      {"disability", {"yes", "no"}},
      {"gender-reassignment", {"yes", "no"}},
      {"marriage-civil-partnership", {"married-or-civil-partnership", "not"}},
      {"pregnancy-maternity", {"yes", "no"}},
      {"race", {"asian", "black", "mixed", "white", "other"}},
      {"religion-belief",
       {"none", "buddhist", "christian", "hindu", "jewish", "muslim", "sikh", "other"}},
      {"sex", {"female", "male"}},
      {"sexual-orientation", {"heterosexual", "gay-or-lesbian", "bisexual", "other"}},
  };
  return k_all;
}

namespace {

const Characteristic&
require_characteristic(std::string_view name)
{
  const auto& all = equality_characteristics();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const Characteristic& c) { return c.name == name; });
  if (it == all.end()) {
    std::string names;
    for (const auto& c : all) {
      names += fmt::format("{}{}", names.empty() ? "" : ", ", c.name);
    }
    throw Error(ExitCode::usage,
                fmt::format("unknown characteristic '{}' (expected one of: {})", name, names));
  }
  return *it;
}

} // namespace

void
record_equality(Database& db, std::string_view reference, std::string_view characteristic,
                std::string_view category, const Actor& actor)
{
  const auto& c = require_characteristic(characteristic);
  if (category != k_prefer_not_to_say &&
      std::find(c.categories.begin(), c.categories.end(), category) == c.categories.end()) {
    std::string names;
    for (const auto n : c.categories) {
      names += fmt::format("{}, ", n);
    }
    throw Error(ExitCode::usage, fmt::format("unknown category '{}' of {} (expected one of: {}{})",
                                             category, c.name, names, k_prefer_not_to_say));
  }
  Transaction tx(db);
  const auto state = detail::load_state(db, reference);
  detail::set_equality(db, state.id, c.name, category);
  // The trail says that monitoring was recorded, never what: the category is special category
  // data, and the trail's rows cannot be redacted.
  detail::record_privacy_event(db, state.id, actor, "equality-monitoring", c.name, "");
  tx.commit();
}

SuppressedLine
suppress_small_counts(const std::vector<std::int64_t>& counts)
{
  SuppressedLine line;
  std::int64_t total = 0;
  std::int64_t hidden = 0;
  std::int64_t hidden_sum = 0;
  for (const auto n : counts) {
    total += n;
    if (n < k_smallest_shown) {
      line.cells.emplace_back(std::nullopt);
      ++hidden;
      hidden_sum += n;
    } else {
      line.cells.emplace_back(n);
    }
  }
  if (total < k_smallest_shown) {
    line.total_small = true;
    return line;
  }
  // Knowing the total, the suppressed cells add up to hidden_sum: that gives one cell away
  // when it is alone, and all of them when each must be 0 or each must be 4.
  const bool reveals =
      hidden == 1 ||
      (hidden > 1 && (hidden_sum == 0 || hidden_sum == hidden * (k_smallest_shown - 1)));
  if (!reveals) {
    line.total = total;
  }
  return line;
}

} // namespace feedback
