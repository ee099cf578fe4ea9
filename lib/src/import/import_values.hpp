// SPDX-License-Identifier: MIT
// Private to the importer: small text helpers and the words each case field accepts.
#pragma once

#include <feedback/import/import_mapping.hpp>
#include <feedback/util/text.hpp> // valid_utf8

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::import {

// Without leading and trailing ASCII spaces, tabs and line breaks.
inline std::string_view
trim(std::string_view s) noexcept
{
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) {
    ++b;
  }
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) {
    --e;
  }
  return s.substr(b, e - b);
}

// ASCII lower case (map keys and vocabulary words are compared this way).
inline std::string
fold(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Writes fold(`s`) into `out`, reusing its storage.
inline void
fold_into(std::string_view s, std::string& out)
{
  out.assign(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
}

// The kinds of an imported history event (event_kind). Stored as "legacy-KIND", so that the
// old system's events are never taken for this toolkit's own (a "legacy-escalated" is not a
// stage escalation here).
inline constexpr std::string_view k_history_kinds[] = {
    "note",     "contact",    "acknowledged", "update",  "responded", "escalated",
    "referred", "reassigned", "on-hold",      "resumed", "closed",    "reopened"};

// Every word check of the importer is here, in one place: which words each field accepts.
// Why `value` is not a valid final value of `field`, or nullopt. Vocabulary fields need their
// exact word; stage a whole number >= 1; info_request yes or no; remedy_amount pounds; other
// fields anything.
std::optional<std::string> check_word(ImportField field, std::string_view value);

// Pounds as an export writes them ("250", "1,250.00", "£250") in pence, or nullopt.
std::optional<std::int64_t> parse_amount(std::string_view value);

// yes/no in the forms exports use: yes, no, y, n, true, false, 1, 0 (any case).
std::optional<bool> parse_yes_no(std::string_view value);

// A whole number >= 1 (a stage), or nullopt.
std::optional<int> parse_stage(std::string_view value);

// A fast 64-bit hash of `s` continuing from `h` (not FNV: content fingerprints only, which
// are compared with each other and never written down anywhere else).
std::uint64_t hash_bytes(std::string_view s, std::uint64_t h) noexcept;

} // namespace feedback::import
