// SPDX-License-Identifier: MIT
// Matching a person across cases: the normalised forms of names, e-mail addresses, phone
// numbers and postcodes, and the search over the personal data.
#include "storage/privacy_store.hpp"

#include <feedback/privacy/privacy.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

namespace {

bool
is_space(char ch) noexcept
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

char
lower(char ch) noexcept
{
  return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
}

char
upper(char ch) noexcept
{
  return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
}

bool
is_digit(char ch) noexcept
{
  return ch >= '0' && ch <= '9';
}

bool
is_letter(char ch) noexcept
{
  return (ch >= 'A' && ch <= 'Z');
}

} // namespace

std::string
normalise_name(std::string_view name)
{
  std::string out;
  bool space = false;
  for (const char ch : name) {
    if (is_space(ch) || ch == '.' || ch == ',') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += lower(ch);
  }
  return out;
}

std::string
normalise_email(std::string_view email)
{
  std::string out;
  for (const char ch : email) {
    if (!is_space(ch)) {
      out += lower(ch);
    }
  }
  return out;
}

std::string
normalise_phone(std::string_view phone)
{
  std::string digits;
  bool plus = false;
  for (const char ch : phone) {
    if (is_digit(ch)) {
      digits += ch;
    } else if (ch == '+' && digits.empty()) {
      plus = true;
    }
  }
  // The UK's country code in its three written forms becomes the trunk prefix 0.
  if (plus && digits.starts_with("44")) {
    return "0" + digits.substr(2);
  }
  if (digits.starts_with("0044")) {
    return "0" + digits.substr(4);
  }
  if (digits.size() == 12 && digits.starts_with("44")) {
    return "0" + digits.substr(2);
  }
  return digits;
}

std::string
normalise_postcode(std::string_view postcode)
{
  std::string out;
  for (const char ch : postcode) {
    if (!is_space(ch)) {
      out += upper(ch);
    }
  }
  return out;
}

bool
is_postcode(std::string_view p) noexcept
{
  // Outward code (A9, A99, AA9, AA99, A9A, AA9A) then inward code (9AA).
  if (p.size() < 5 || p.size() > 7) {
    return false;
  }
  const auto inward = p.substr(p.size() - 3);
  if (!is_digit(inward[0]) || !is_letter(inward[1]) || !is_letter(inward[2])) {
    return false;
  }
  const auto outward = p.substr(0, p.size() - 3);
  if (!is_letter(outward[0])) {
    return false;
  }
  std::size_t i = 1;
  if (i < outward.size() && is_letter(outward[i])) {
    ++i;
  }
  if (i >= outward.size() || !is_digit(outward[i])) {
    return false;
  }
  ++i;
  if (i < outward.size() && (is_digit(outward[i]) || is_letter(outward[i]))) {
    ++i;
  }
  return i == outward.size();
}

std::string
postcode_of_address(std::string_view address)
{
  // The last part of the address (after its last comma or line break), or its last one or two
  // words: "Ashbury, AB1 2CD", "Ashbury AB1 2CD" and "AB12CD" alike.
  auto end = address.size();
  while (end > 0 && (is_space(address[end - 1]) || address[end - 1] == ',')) {
    --end;
  }
  auto start = address.find_last_of(",\n", end == 0 ? 0 : end - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  const auto part = address.substr(start, end - start);
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < part.size()) {
    while (i < part.size() && is_space(part[i])) {
      ++i;
    }
    const auto from = i;
    while (i < part.size() && !is_space(part[i])) {
      ++i;
    }
    if (i > from) {
      words.push_back(part.substr(from, i - from));
    }
  }
  if (words.size() >= 2) {
    const auto two =
        normalise_postcode(std::string(words[words.size() - 2]) + std::string(words.back()));
    if (is_postcode(two)) {
      return two;
    }
  }
  if (!words.empty()) {
    const auto one = normalise_postcode(words.back());
    if (is_postcode(one)) {
      return one;
    }
  }
  return {};
}

std::vector<PersonCase>
find_person(Database& db, const PersonQuery& query)
{
  if (query.empty()) {
    throw Error(ExitCode::usage, "say who to look for: --name, --email, --phone or --postcode");
  }
  const auto name = query.name ? std::optional(normalise_name(*query.name)) : std::nullopt;
  const auto email = query.email ? std::optional(normalise_email(*query.email)) : std::nullopt;
  const auto phone = query.phone ? std::optional(normalise_phone(*query.phone)) : std::nullopt;
  const auto postcode =
      query.postcode ? std::optional(normalise_postcode(*query.postcode)) : std::nullopt;
  if (postcode && !is_postcode(*postcode)) {
    throw Error(ExitCode::usage,
                fmt::format("--postcode: not a UK postcode: '{}'", *query.postcode));
  }
  if ((name && name->empty()) || (email && email->empty()) || (phone && phone->empty())) {
    throw Error(ExitCode::usage, "an empty --name, --email or --phone matches no one");
  }
  std::vector<PersonCase> out;
  detail::each_person(db, [&](const detail::StoredPersonCase& row) {
    const auto& p = row.person;
    if (name && (!p.name || normalise_name(*p.name) != *name)) {
      return;
    }
    if (email && (!p.email || normalise_email(*p.email) != *email)) {
      return;
    }
    if (phone && (!p.phone || normalise_phone(*p.phone) != *phone)) {
      return;
    }
    if (postcode && (!p.address || postcode_of_address(*p.address) != *postcode)) {
      return;
    }
    out.push_back({row.case_id, row.reference, row.status, row.received, p});
  });
  return out;
}

} // namespace feedback
