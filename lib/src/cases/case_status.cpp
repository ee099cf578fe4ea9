// SPDX-License-Identifier: MIT
#include <feedback/cases/case_status.hpp>

namespace feedback {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum>
find_word(const std::string_view (&words)[N], std::string_view word) noexcept
{
  for (std::size_t i = 0; i < N; ++i) {
    if (words[i] == word) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<CaseStatus>
parse_case_status(std::string_view word) noexcept
{
  return find_word<CaseStatus>(k_case_statuses, word);
}

std::optional<CaseClosure>
parse_case_closure(std::string_view word) noexcept
{
  return find_word<CaseClosure>(k_case_closures, word);
}

} // namespace feedback
