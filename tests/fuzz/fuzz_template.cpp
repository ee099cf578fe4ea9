// SPDX-License-Identifier: MIT
// libFuzzer harness: the letter template check (check_template). Any input is either refused
// with a line inside it and a reason, or accepted as a template Mustache parses and renders.
#include "fuzz_support.hpp"

#include <feedback/letters/letters.hpp>

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using feedback::fuzz::require;
  const auto text = feedback::fuzz::as_text(data, size);
  const auto problem = feedback::check_template(text);
  if (problem) {
    const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
    require(problem->line >= 1 && problem->line <= lines, "line {} of a {}-line input",
            problem->line, lines);
    require(!problem->reason.empty(), "a problem without a reason");
    return 0;
  }
  kainjow::mustache::mustache m{std::string(text)};
  require(m.is_valid(), "accepted but Mustache refuses it: {}", m.error_message());
  kainjow::mustache::data values;
  values.set("reference", "FB-2026-000001");
  (void)m.render(values);
  require(m.is_valid(), "accepted but does not render: {}", m.error_message());
  return 0;
}
