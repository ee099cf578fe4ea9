// SPDX-License-Identifier: MIT
#include "import/import_values.hpp"

#include <feedback/cases/case_status.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>

#include <cstring>

namespace feedback::import {

namespace {

std::optional<std::string>
word(std::string_view field, std::string_view value, std::span<const std::string_view> words)
{
  if (vocabulary::contains(words, value)) {
    return std::nullopt;
  }
  return fmt::format("unknown value '{}' for {} (expected {})", value, field,
                     vocabulary::join(words));
}

} // namespace

std::optional<std::string>
check_word(ImportField field, std::string_view value)
{
  const auto name = field_name(field);
  switch (field) {
  case ImportField::channel:
    return word(name, value, vocabulary::k_channels);
  case ImportField::type:
    return word(name, value, vocabulary::k_types);
  case ImportField::procedure:
    return word(name, value, vocabulary::k_procedures);
  case ImportField::outcome:
    return word(name, value, vocabulary::k_outcomes);
  case ImportField::areas:
    return word(name, value, vocabulary::k_areas);
  case ImportField::sponsor:
    return word(name, value, vocabulary::k_sponsors);
  case ImportField::preferred_format:
    return word(name, value, vocabulary::k_preferred_formats);
  case ImportField::status:
    return word(name, value, k_case_statuses);
  case ImportField::closure:
    return word(name, value, k_case_closures);
  case ImportField::ombudsman_decision:
    return word(name, value, k_ombudsman_decisions);
  case ImportField::remedy_kind:
    return word(name, value, k_remedy_kinds);
  case ImportField::event_kind:
    return word(name, value, k_history_kinds);
  case ImportField::remedy_amount:
    if (!parse_amount(value)) {
      return fmt::format("remedy_amount must be pounds, e.g. 250.00 or 1,250: '{}'", value);
    }
    return std::nullopt;
  case ImportField::stage:
    if (!parse_stage(value)) {
      return fmt::format("stage must be a whole number from 1: '{}'", value);
    }
    return std::nullopt;
  case ImportField::info_request:
    if (!parse_yes_no(value)) {
      return fmt::format("info_request must be yes or no: '{}'", value);
    }
    return std::nullopt;
  case ImportField::service:
  case ImportField::summary:
  case ImportField::ombudsman_ref:
    if (trim(value).empty()) {
      return fmt::format("{} must not be empty", name);
    }
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

std::optional<std::int64_t>
parse_amount(std::string_view value)
{
  auto v = trim(value);
  if (v.substr(0, 2) == "\xC2\xA3") { // the pound sign, in UTF-8
    v = trim(v.substr(2));
  }
  const auto pence = parse_pounds(v);
  if (!pence || *pence <= 0) {
    return std::nullopt;
  }
  return pence;
}

std::optional<bool>
parse_yes_no(std::string_view value)
{
  const auto v = fold(trim(value));
  if (v == "yes" || v == "y" || v == "true" || v == "1") {
    return true;
  }
  if (v == "no" || v == "n" || v == "false" || v == "0") {
    return false;
  }
  return std::nullopt;
}

std::optional<int>
parse_stage(std::string_view value)
{
  const auto v = trim(value);
  if (v.empty() || v.size() > 3) {
    return std::nullopt;
  }
  int n = 0;
  for (const char c : v) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + (c - '0');
  }
  if (n < 1) {
    return std::nullopt;
  }
  return n;
}

std::uint64_t
hash_bytes(std::string_view s, std::uint64_t h) noexcept
{
  constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  auto mix = [&](std::uint64_t v) {
    h ^= v;
    h *= k_mul;
    h ^= h >> 29;
  };
  while (n >= 8) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    mix(v);
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  if (n > 0) {
    std::memcpy(&tail, p, n);
  }
  mix(tail ^ (static_cast<std::uint64_t>(s.size()) << 56));
  return h;
}

} // namespace feedback::import
