// SPDX-License-Identifier: MIT
// The words a case is described with. Channels, complaint areas, outcomes, the Ombudsman's
// decision kinds and tags are policy data (a code, a display name, retired or not; channels also
// digital or not): a council adds its own and retires old ones (Vocabulary, below). Feedback
// types, sponsors and preferred formats are fixed by the program.
#pragma once

#include <feedback/storage/database.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::vocabulary {

// The exact words used on the command line and in every output.
inline constexpr std::string_view k_types[] = {"complaint",  "compliment", "comment",
                                               "suggestion", "enquiry",    "service-request"};
inline constexpr std::string_view k_sponsors[] = {"councillor", "mp", "chief-executive"};
inline constexpr std::string_view k_preferred_formats[] = {
    "email", "letter", "large-print", "braille", "bsl-video", "another-language"};

// The words of the policy `council-default` (presets/council-default.json), which a database made
// before policy vocabularies (schema 9) holds. Code that checks a word checks it against the
// policy in force (Vocabulary, Policy::require_procedure); these remain for the order in which
// reports list the default words.
inline constexpr std::string_view k_channels[] = {
    "web", "email", "phone", "letter", "face-to-face", "social-media", "webchat", "staff-portal"};
inline constexpr std::string_view k_digital_channels[] = {"web", "email", "social-media", "webchat",
                                                          "staff-portal"};
inline constexpr std::string_view k_procedures[] = {"corporate",        "childrens-statutory",
                                                    "adults-statutory", "send",
                                                    "enquiry",          "priority-correspondence"};
inline constexpr std::string_view k_outcomes[] = {"upheld", "partially-upheld", "not-upheld"};
inline constexpr std::string_view k_areas[] = {
    "accessibility",   "administration",   "communication",      "staff-behaviour",
    "service-failure", "speed-of-service", "quality-of-service", "damage"};

bool contains(std::span<const std::string_view> words, std::string_view word) noexcept;

// "a, b or c".
std::string join(std::span<const std::string_view> words);

// Throws Error(data_error) "`what`: unknown value 'x' (expected a, b or c)", or "...; did you
// mean 'y'?" when one is near, unless `value` is one of `words`. Returns `value`.
std::string_view require(std::string_view what, std::string_view value,
                         std::span<const std::string_view> words);

// True when `code` can name a council-defined word or procedure: 1 to 40 characters, lower-case
// ASCII letters, digits and hyphens, starting with a letter or digit.
bool is_code(std::string_view code) noexcept;

// Whether a response to a case of `type` has an outcome (upheld, partially upheld, not upheld)
// and complaint areas: only a complaint's does. An enquiry is answered and a compliment passed
// on; neither is upheld, and counting them would skew "outcomes of complaint responses".
bool type_has_outcome(std::string_view type) noexcept;

// Why a response to a case of `type` (nullopt: not classified yet) cannot record `word` as its
// outcome or a complaint area, e.g. "'upheld' on an enquiry: only a complaint's response has an
// outcome or complaint areas"; nullopt when it can. The one rule for every way in (respond,
// the importer).
std::optional<std::string> outcome_refused(const std::optional<std::string>& type,
                                           std::string_view word);

} // namespace feedback::vocabulary

namespace feedback {

// The vocabularies a policy defines.
enum class WordKind
{
  channel,
  area,
  outcome,
  ombudsman_decision,
  tag,
};

inline constexpr WordKind k_word_kinds[] = {WordKind::channel, WordKind::area, WordKind::outcome,
                                            WordKind::ombudsman_decision, WordKind::tag};

// "channel", "complaint area", "outcome", "Ombudsman decision", "tag": for messages.
std::string_view word_kind_noun(WordKind kind) noexcept;
// "channels", "areas", "outcomes", "ombudsman_decisions", "tags": the key in a policy document.
std::string_view word_kind_key(WordKind kind) noexcept;
// "channel", "area", "outcome", "ombudsman-decision", "tag": as stored.
std::string_view word_kind_code(WordKind kind) noexcept;
std::optional<WordKind> parse_word_kind_code(std::string_view code) noexcept;

// One word of a vocabulary.
struct Word
{
  std::string code;     // as typed and stored, e.g. "face-to-face"
  std::string name;     // for people and reports, e.g. "Face to face"
  bool digital = false; // channels only: counted as digital in reports
  bool retired = false; // kept for the cases that use it; refused for new ones

  bool operator==(const Word&) const = default;
};

// Whether a retired word is accepted: for new facts it is not, for reading old ones it is.
enum class Retired
{
  refused,
  allowed,
};

// The words of every kind, each kind in the policy's order.
class Vocabulary
{
public:
  const std::vector<Word>& words(WordKind kind) const noexcept;
  std::vector<Word>& words(WordKind kind) noexcept;

  // The word `code` of `kind`, retired or not, or nullptr.
  const Word* find(WordKind kind, std::string_view code) const noexcept;
  // Defined, retired or not.
  bool is_known(WordKind kind, std::string_view code) const noexcept;
  // Defined and not retired: a word a new case, response or decision may use.
  bool is_usable(WordKind kind, std::string_view code) const noexcept;
  // The display name of `code`, or `code` itself when the vocabulary does not define it.
  std::string_view display_name(WordKind kind, std::string_view code) const noexcept;
  // True when `channel` is a channel the policy counts as digital.
  bool is_digital(std::string_view channel) const noexcept;
  // The codes of `kind` in order; retired ones only with Retired::allowed.
  std::vector<std::string_view> codes(WordKind kind, Retired retired) const;

  // The word `value` of `kind`. Throws Error(data_error) naming `what` (e.g. "--channel") and the
  // value: "unknown channel 'fax' (expected web, email or phone)", or, unless `retired` allows
  // it, "channel 'fax' is retired (expected ...)". The expected words are the usable ones.
  const Word& require(WordKind kind, std::string_view what, std::string_view value,
                      Retired retired = Retired::refused) const;

  // The words of the policy `council-default`.
  static Vocabulary council_default();

  bool operator==(const Vocabulary&) const = default;

private:
  std::array<std::vector<Word>, std::size(k_word_kinds)> m_words;
};

// The vocabulary of the policy at `version`, or of the latest: one query, for a command that
// checks words without needing the rest of the policy. Throws Error(data_error) for an unknown
// version.
Vocabulary load_vocabulary(Database& db, std::optional<int> version = std::nullopt);

} // namespace feedback
