// SPDX-License-Identifier: MIT
#include <feedback/cases/case_status.hpp>
#include <feedback/cases/cases.hpp>

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

std::string_view
independence_name(Independence independence) noexcept
{
  switch (independence) {
  case Independence::kept:
    return "kept";
  case Independence::overridden:
    return "overridden";
  case Independence::unchecked:
    return "unchecked";
  }
  return "unchecked";
}

std::optional<Independence>
parse_independence(std::string_view name) noexcept
{
  for (const auto i : {Independence::kept, Independence::overridden, Independence::unchecked}) {
    if (independence_name(i) == name) {
      return i;
    }
  }
  return std::nullopt;
}

} // namespace feedback
