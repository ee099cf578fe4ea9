// SPDX-License-Identifier: MIT
// Where a case stands, as types: read from the database once, at the storage boundary, and named
// for output in one place (the tables here).
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace feedback {

enum class CaseStatus
{
  open,      // waiting for its response
  responded, // the current stage has had its response
  closed,
};

// How a closed case ended when not by a stage response.
enum class CaseClosure
{
  withdrawn,
  resolved_informally,
  redirected, // not for this council
};

// The words the database, the command line and every output use, indexed by the enums.
inline constexpr std::string_view k_case_statuses[] = {"open", "responded", "closed"};
inline constexpr std::string_view k_case_closures[] = {"withdrawn", "resolved-informally",
                                                       "redirected"};

constexpr std::string_view
case_status_name(CaseStatus status) noexcept
{
  return k_case_statuses[static_cast<std::size_t>(status)];
}

constexpr std::string_view
case_closure_name(CaseClosure closure) noexcept
{
  return k_case_closures[static_cast<std::size_t>(closure)];
}

// The status or closure named `word`, or nullopt.
std::optional<CaseStatus> parse_case_status(std::string_view word) noexcept;
std::optional<CaseClosure> parse_case_closure(std::string_view word) noexcept;

// nlohmann::json writes them as their words (found by argument-dependent lookup), not numbers.
template <typename Json>
void
to_json(Json& json, CaseStatus status)
{
  json = case_status_name(status);
}

template <typename Json>
void
to_json(Json& json, CaseClosure closure)
{
  json = case_closure_name(closure);
}

} // namespace feedback

template <> struct fmt::formatter<feedback::CaseStatus> : fmt::formatter<std::string_view>
{
  template <typename Context> auto format(feedback::CaseStatus status, Context& ctx) const
  {
    return fmt::formatter<std::string_view>::format(feedback::case_status_name(status), ctx);
  }
};

template <> struct fmt::formatter<feedback::CaseClosure> : fmt::formatter<std::string_view>
{
  template <typename Context> auto format(feedback::CaseClosure closure, Context& ctx) const
  {
    return fmt::formatter<std::string_view>::format(feedback::case_closure_name(closure), ctx);
  }
};
