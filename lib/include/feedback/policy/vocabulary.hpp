// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace feedback::vocabulary {

// The exact words used on the command line and in every output.
inline constexpr std::string_view k_types[] = {"complaint",  "compliment", "comment",
                                               "suggestion", "enquiry",    "service-request"};
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
inline constexpr std::string_view k_sponsors[] = {"councillor", "mp", "chief-executive"};
inline constexpr std::string_view k_preferred_formats[] = {
    "email", "letter", "large-print", "braille", "bsl-video", "another-language"};

bool contains(std::span<const std::string_view> words, std::string_view word) noexcept;

// "a, b or c".
std::string join(std::span<const std::string_view> words);

// Throws Error(data_error) "`what`: unknown value 'x' (expected a, b or c)", or "...; did you
// mean 'y'?" when one is near, unless `value` is one of `words`. Returns `value`.
std::string_view require(std::string_view what, std::string_view value,
                         std::span<const std::string_view> words);

} // namespace feedback::vocabulary
