// SPDX-License-Identifier: MIT
// Shared by the libFuzzer harnesses: a property check that stops the run with a message.
#pragma once

#include <fmt/core.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace feedback::fuzz {

// Stops the run (libFuzzer keeps the input as crash-*) when a property does not hold.
template <typename... Args>
void
require(bool holds, fmt::format_string<Args...> what, Args&&... args)
{
  if (!holds) {
    fmt::print(stderr, "property failed: {}\n", fmt::format(what, std::forward<Args>(args)...));
    std::abort();
  }
}

// The fuzzer's bytes as text.
inline std::string_view
as_text(const std::uint8_t* data, std::size_t size) noexcept
{
  return {reinterpret_cast<const char*>(data), size};
}

} // namespace feedback::fuzz
