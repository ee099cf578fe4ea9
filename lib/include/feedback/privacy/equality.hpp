// SPDX-License-Identifier: MIT
// Equality monitoring: optional, kept apart from the case, reported only in aggregate with small
// numbers suppressed (docs/privacy.md).
#pragma once

#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// A protected characteristic (Equality Act 2010) and the categories a council records for it.
// Every characteristic also takes "prefer-not-to-say".
struct Characteristic
{
  std::string_view name;
  std::vector<std::string_view> categories;
};

inline constexpr std::string_view k_prefer_not_to_say = "prefer-not-to-say";

// The nine characteristics in the order reports show them.
const std::vector<Characteristic>& equality_characteristics();

// Records the case's category for `characteristic` (replacing one recorded before); the trail
// says that monitoring was recorded, never the category. Throws Error(usage) naming the
// characteristics or categories for an unknown one, Error(data_error) for an unknown case.
void record_equality(Database& db, std::string_view reference, std::string_view characteristic,
                     std::string_view category, const Actor& actor);

// Counts below this are shown as "<5".
inline constexpr std::int64_t k_smallest_shown = 5;

// One line of counts after suppression: a cell or the total is nullopt when suppressed.
struct SuppressedLine
{
  std::vector<std::optional<std::int64_t>> cells;
  std::optional<std::int64_t> total;
  bool total_small = false; // the total is suppressed as a small number (shown "<5")
};

// Suppresses `counts` (the cells of one line, which sum to its total): a cell below
// k_smallest_shown is suppressed ("<5"); so is the total when it is below it. A total that
// would reveal a suppressed cell is suppressed too: when exactly one cell is suppressed (the
// total minus the others gives it), or when the suppressed cells add up to 0 or to 4 each
// (every one of them is then known).
SuppressedLine suppress_small_counts(const std::vector<std::int64_t>& counts);

} // namespace feedback
