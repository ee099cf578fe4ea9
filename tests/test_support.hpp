// SPDX-License-Identifier: MIT
// Helpers shared by the unit tests.
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/util/error.hpp>

#include <catch2/catch.hpp>

#include <string_view>

namespace feedback::test {

inline Date
d(std::string_view text)
{
  const auto parsed = parse_iso_date(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

// The exit code of the Error that `fn` throws; fails the test if it throws none.
template <typename Fn>
ExitCode
error_code_of(Fn&& fn)
{
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("expected feedback::Error, none thrown");
  return ExitCode::ok;
}

} // namespace feedback::test
