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

FEEDBACK_ENUM_WORD_FUNCTIONS(Independence, independence_name, parse_independence,
                             k_independence_words)

} // namespace feedback
