// SPDX-License-Identifier: MIT
// The library's private hash containers of 64-bit keys (lib/src/util/flat_hash.hpp).
#include "util/flat_hash.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using feedback::FlatMap64;
using feedback::FlatSet64;

TEST_CASE("FlatMap64 keeps the first value of each key across growth", "[util]")
{
  FlatMap64 map;
  // 100,000 keys: the table starts at 1,024 slots and doubles seven times.
  for (std::uint64_t k = 1; k <= 100'000; ++k) {
    const auto [value, inserted] = map.insert(k * 7919, k);
    REQUIRE(inserted);
    REQUIRE(*value == k);
  }
  for (std::uint64_t k = 1; k <= 100'000; ++k) {
    const auto [value, inserted] = map.insert(k * 7919, 0);
    REQUIRE_FALSE(inserted);
    REQUIRE(*value == k);
  }
  // The value is the caller's to change in place.
  *map.insert(7919, 0).first = 42;
  CHECK(*map.insert(7919, 0).first == 42);
}

TEST_CASE("FlatMap64 and FlatSet64 store key 0 as key 1", "[util]")
{
  FlatMap64 map;
  CHECK(map.insert(0, 5).second);
  const auto [value, inserted] = map.insert(1, 6);
  CHECK_FALSE(inserted);
  CHECK(*value == 5);

  FlatSet64 set;
  CHECK(set.insert(0));
  CHECK_FALSE(set.insert(1));
}

TEST_CASE("FlatSet64 says whether each key is new, across growth", "[util]")
{
  FlatSet64 set;
  for (std::uint64_t k = 1; k <= 50'000; ++k) {
    REQUIRE(set.insert(k << 32));
  }
  for (std::uint64_t k = 1; k <= 50'000; ++k) {
    REQUIRE_FALSE(set.insert(k << 32));
  }
  CHECK(set.insert(3));
}
