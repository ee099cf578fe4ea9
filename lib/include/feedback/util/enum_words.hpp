// SPDX-License-Identifier: MIT
// The words of an enumeration whose values run 0, 1, ..., N-1: one array of words in the order
// of the values, read both ways. Each enumeration's names are then one line of data, not a
// switch and a search of their own.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace feedback {

// The word of `value` in `words`, or "" for a value past the array's end.
template <typename Enum, std::size_t N>
constexpr std::string_view
enum_word(const std::string_view (&words)[N], Enum value) noexcept
{
  const auto i = static_cast<std::size_t>(value);
  return i < N ? words[i] : std::string_view();
}

// The value whose word in `words` is `word`, or nullopt.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum>
find_enum_word(const std::string_view (&words)[N], std::string_view word) noexcept
{
  for (std::size_t i = 0; i < N; ++i) {
    if (words[i] == word) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

} // namespace feedback

// Defines the two functions a public header declares for an enumeration's words:
// `std::string_view NAME(Enum) noexcept` and `std::optional<Enum> PARSE(std::string_view)
// noexcept`, both reading the array WORDS. Used at namespace scope in the enumeration's own source
// file.
#define FEEDBACK_ENUM_WORD_FUNCTIONS(Enum, NAME, PARSE, WORDS)                                     \
  std::string_view NAME(Enum value) noexcept { return ::feedback::enum_word(WORDS, value); }       \
  std::optional<Enum> PARSE(std::string_view word) noexcept                                        \
  {                                                                                                \
    return ::feedback::find_enum_word<Enum>(WORDS, word);                                          \
  }
