// SPDX-License-Identifier: MIT
#include <feedback/cases/case_status.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/util/enum_words.hpp>

namespace feedback {

namespace {
constexpr std::string_view k_independence_words[] = {"kept", "overridden", "unchecked"};
} // namespace

std::optional<CaseStatus>
parse_case_status(std::string_view word) noexcept
{
  return find_enum_word<CaseStatus>(k_case_statuses, word);
}

std::optional<CaseClosure>
parse_case_closure(std::string_view word) noexcept
{
  return find_enum_word<CaseClosure>(k_case_closures, word);
}

std::string_view
independence_name(Independence independence) noexcept
{
  return enum_word(k_independence_words, independence);
}

std::optional<Independence>
parse_independence(std::string_view name) noexcept
{
  return find_enum_word<Independence>(k_independence_words, name);
}

} // namespace feedback
