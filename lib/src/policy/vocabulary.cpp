// SPDX-License-Identifier: MIT
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/text.hpp>

#include <fmt/core.h>

namespace feedback::vocabulary {

bool
contains(std::span<const std::string_view> words, std::string_view word) noexcept
{
  for (const auto w : words) {
    if (w == word) {
      return true;
    }
  }
  return false;
}

std::string
join(std::span<const std::string_view> words)
{
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      out += i + 1 == words.size() ? " or " : ", ";
    }
    out += words[i];
  }
  return out;
}

std::string_view
require(std::string_view what, std::string_view value, std::span<const std::string_view> words)
{
  if (!contains(words, value)) {
    // A word the vocabulary (policy data) does not know is wrong data (README.md, exit codes);
    // the nearest word is named when one is near.
    if (const auto near = closest_word(value, words)) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown value '{}'; did you mean '{}'?", what, value, *near));
    }
    throw Error(ExitCode::data_error,
                fmt::format("{}: unknown value '{}' (expected {})", what, value, join(words)));
  }
  return value;
}

} // namespace feedback::vocabulary
