// SPDX-License-Identifier: MIT
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>
#include <feedback/util/text.hpp>

#include <fmt/core.h>

namespace feedback::vocabulary {

bool
contains(std::span<const std::string_view> words, std::string_view word) noexcept
{
  for (const auto w : words) {
    if (w == word) {
      return true;
    }
  }
  return false;
}

std::string
join(std::span<const std::string_view> words)
{
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      out += i + 1 == words.size() ? " or " : ", ";
    }
    out += words[i];
  }
  return out;
}

std::string_view
require(std::string_view what, std::string_view value, std::span<const std::string_view> words)
{
  if (!contains(words, value)) {
    // A word the vocabulary (policy data) does not know is wrong data (README.md, exit codes);
    // the nearest word is named when one is near.
    if (const auto near = closest_word(value, words)) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown value '{}'; did you mean '{}'?", what, value, *near));
    }
    throw Error(ExitCode::data_error,
                fmt::format("{}: unknown value '{}' (expected {})", what, value, join(words)));
  }
  return value;
}

bool
type_has_outcome(std::string_view type) noexcept
{
  return type == "complaint";
}

std::optional<std::string>
outcome_refused(const std::optional<std::string>& type, std::string_view word)
{
  if (type && type_has_outcome(*type)) {
    return std::nullopt;
  }
  std::string what = "an unclassified contact";
  if (type) {
    const bool vowel =
        !type->empty() && std::string_view("aeiou").find((*type)[0]) != std::string_view::npos;
    what = fmt::format("{} {}", vowel ? "an" : "a", *type);
  }
  return fmt::format("'{}' on {}: only a complaint's response has an outcome or complaint areas",
                     word, what);
}

bool
is_code(std::string_view code) noexcept
{
  if (code.empty() || code.size() > 40 || code.front() == '-') {
    return false;
  }
  for (const char ch : code) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) {
      return false;
    }
  }
  return true;
}

} // namespace feedback::vocabulary

namespace feedback {

namespace {

std::size_t
index_of(WordKind kind) noexcept
{
  return static_cast<std::size_t>(kind);
}

} // namespace

namespace {
// In the order of WordKind's values.
constexpr std::string_view k_kind_nouns[] = {"channel", "complaint area", "outcome",
                                             "Ombudsman decision", "tag"};
constexpr std::string_view k_kind_keys[] = {"channels", "areas", "outcomes", "ombudsman_decisions",
                                            "tags"};
constexpr std::string_view k_kind_codes[] = {"channel", "area", "outcome", "ombudsman-decision",
                                             "tag"};
} // namespace

std::string_view
word_kind_noun(WordKind kind) noexcept
{
  return enum_word(k_kind_nouns, kind);
}

std::string_view
word_kind_key(WordKind kind) noexcept
{
  return enum_word(k_kind_keys, kind);
}

FEEDBACK_ENUM_WORD_FUNCTIONS(WordKind, word_kind_code, parse_word_kind_code, k_kind_codes)

const std::vector<Word>&
Vocabulary::words(WordKind kind) const noexcept
{
  return m_words[index_of(kind)];
}

std::vector<Word>&
Vocabulary::words(WordKind kind) noexcept
{
  return m_words[index_of(kind)];
}

const Word*
Vocabulary::find(WordKind kind, std::string_view code) const noexcept
{
  for (const auto& w : words(kind)) {
    if (w.code == code) {
      return &w;
    }
  }
  return nullptr;
}

bool
Vocabulary::is_known(WordKind kind, std::string_view code) const noexcept
{
  return find(kind, code) != nullptr;
}

bool
Vocabulary::is_usable(WordKind kind, std::string_view code) const noexcept
{
  const auto* w = find(kind, code);
  return w != nullptr && !w->retired;
}

std::string_view
Vocabulary::display_name(WordKind kind, std::string_view code) const noexcept
{
  const auto* w = find(kind, code);
  return w != nullptr ? std::string_view(w->name) : code;
}

bool
Vocabulary::is_digital(std::string_view channel) const noexcept
{
  const auto* w = find(WordKind::channel, channel);
  return w != nullptr && w->digital;
}

std::vector<std::string_view>
Vocabulary::codes(WordKind kind, Retired retired) const
{
  std::vector<std::string_view> out;
  for (const auto& w : words(kind)) {
    if (!w.retired || retired == Retired::allowed) {
      out.push_back(w.code);
    }
  }
  return out;
}

const Word&
Vocabulary::require(WordKind kind, std::string_view what, std::string_view value,
                    Retired retired) const
{
  const auto* w = find(kind, value);
  if (w != nullptr && (!w->retired || retired == Retired::allowed)) {
    return *w;
  }
  const auto usable = codes(kind, Retired::refused);
  const auto expected =
      usable.empty() ? std::string("none is defined") : "expected " + vocabulary::join(usable);
  if (w == nullptr) {
    // The nearest word is named when one is near (a typo), as for every word a program takes.
    if (const auto near = closest_word(value, usable)) {
      throw Error(ExitCode::data_error,
                  fmt::format("{}: unknown {} '{}'; did you mean '{}'? ({})", what,
                              word_kind_noun(kind), value, *near, expected));
    }
    throw Error(ExitCode::data_error, fmt::format("{}: unknown {} '{}' ({})", what,
                                                  word_kind_noun(kind), value, expected));
  }
  throw Error(ExitCode::data_error, fmt::format("{}: {} '{}' is retired ({})", what,
                                                word_kind_noun(kind), value, expected));
}

Vocabulary
Vocabulary::council_default()
{
  // The same words, names and order as presets/council-default.json and schema/0009.
  Vocabulary v;
  v.words(WordKind::channel) = {{"web", "Web form", true, false},
                                {"email", "Email", true, false},
                                {"phone", "Phone", false, false},
                                {"letter", "Letter", false, false},
                                {"face-to-face", "Face to face", false, false},
                                {"social-media", "Social media", true, false},
                                {"webchat", "Webchat", true, false},
                                {"staff-portal", "Staff portal", true, false}};
  v.words(WordKind::area) = {{"accessibility", "Accessibility", false, false},
                             {"administration", "Administration", false, false},
                             {"communication", "Communication", false, false},
                             {"staff-behaviour", "Staff behaviour", false, false},
                             {"service-failure", "Service failure", false, false},
                             {"speed-of-service", "Speed of service", false, false},
                             {"quality-of-service", "Quality of service", false, false},
                             {"damage", "Damage", false, false}};
  v.words(WordKind::outcome) = {{"upheld", "Upheld", false, false},
                                {"partially-upheld", "Partially upheld", false, false},
                                {"not-upheld", "Not upheld", false, false}};
  v.words(WordKind::ombudsman_decision) = {
      {"incomplete-or-invalid", "Incomplete or invalid", false, false},
      {"referred-back", "Referred back for local resolution", false, false},
      {"closed-after-initial-enquiries", "Closed after initial enquiries", false, false},
      {"advice-given", "Advice given", false, false},
      {"not-upheld", "Not upheld", false, false},
      {"upheld", "Upheld", false, false}};
  return v;
}

} // namespace feedback
