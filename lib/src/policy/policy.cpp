// SPDX-License-Identifier: MIT
// The policy's model: looking things up in a policy, and its canonical order.
#include "policy/policy_internal.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <span>
#include <tuple>

namespace feedback {

namespace {

// Position of `word` in `words` (words.size() when absent), to keep procedures and types in
// the vocabulary's order whichever order they were stored or written in.
std::size_t
rank(std::span<const std::string_view> words, std::string_view word)
{
  return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
}

} // namespace

namespace {
constexpr std::string_view k_anchor_words[] = {"receipt", "request", "acknowledgement"};
} // namespace

FEEDBACK_ENUM_WORD_FUNCTIONS(Anchor, anchor_name, parse_anchor, k_anchor_words)

const StagePolicy*
ProcedurePolicy::stage(int number) const noexcept
{
  for (const auto& s : stages) {
    if (s.stage == number) {
      return &s;
    }
  }
  return nullptr;
}

const ProcedurePolicy*
Policy::procedure(std::string_view code) const noexcept
{
  for (const auto& p : procedures) {
    if (p.code == code) {
      return &p;
    }
  }
  return nullptr;
}

const ProcedurePolicy&
Policy::require_procedure(std::string_view what, std::string_view code, Retired retired) const
{
  const auto* proc = procedure(code);
  if (proc != nullptr && (!proc->retired || retired == Retired::allowed)) {
    return *proc;
  }
  const auto usable = procedure_codes(Retired::refused);
  throw Error(ExitCode::data_error,
              fmt::format("{}: {} '{}' (expected {}; policy version {})", what,
                          proc == nullptr ? "unknown procedure" : "retired procedure", code,
                          usable.empty() ? std::string("none") : vocabulary::join(usable),
                          version));
}

std::vector<std::string_view>
Policy::procedure_codes(Retired retired) const
{
  std::vector<std::string_view> out;
  for (const auto& p : procedures) {
    if (!p.retired || retired == Retired::allowed) {
      out.push_back(p.code);
    }
  }
  return out;
}

const SubtypePolicy*
TypePolicy::subtype(std::string_view code) const noexcept
{
  for (const auto& s : subtypes) {
    if (s.code == code) {
      return &s;
    }
  }
  return nullptr;
}

const TypePolicy*
Policy::type(std::string_view name) const noexcept
{
  for (const auto& t : types) {
    if (t.type == name) {
      return &t;
    }
  }
  return nullptr;
}

std::optional<int>
Policy::override_respond_days(std::string_view service, std::string_view procedure_code,
                              int stage_number) const noexcept
{
  for (const auto& o : service_overrides) {
    if (o.service == service && o.procedure == procedure_code && o.stage == stage_number) {
      return o.respond_days;
    }
  }
  return std::nullopt;
}

std::int64_t
Policy::setting(std::string_view key, std::int64_t fallback) const
{
  const auto it = settings.find(std::string(key));
  return it == settings.end() ? fallback : it->second;
}

const PolicyPreset*
find_policy_preset(std::string_view name) noexcept
{
  for (const auto& preset : policy_presets()) {
    if (preset.name == name) {
      return &preset;
    }
  }
  return nullptr;
}

namespace detail {

void
normalize_policy(Policy& p)
{
  // The default procedures in their usual order, then a council's own by code.
  std::stable_sort(p.procedures.begin(), p.procedures.end(), [](const auto& a, const auto& b) {
    return std::tuple(rank(vocabulary::k_procedures, a.code), std::string_view(a.code)) <
           std::tuple(rank(vocabulary::k_procedures, b.code), std::string_view(b.code));
  });
  std::stable_sort(p.types.begin(), p.types.end(), [](const auto& a, const auto& b) {
    return rank(k_policy_types, a.type) < rank(k_policy_types, b.type);
  });
  std::stable_sort(p.service_overrides.begin(), p.service_overrides.end(),
                   [](const auto& a, const auto& b) {
                     return std::tie(a.service, a.procedure, a.stage) <
                            std::tie(b.service, b.procedure, b.stage);
                   });
  std::stable_sort(p.ladder.begin(), p.ladder.end(),
                   [](const auto& a, const auto& b) { return a.days_overdue < b.days_overdue; });
}

} // namespace detail

} // namespace feedback
