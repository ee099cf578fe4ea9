// SPDX-License-Identifier: MIT
// libFuzzer harness: the policy document parser (policy_from_json). Any input either gives a
// policy that survives export and import unchanged or is refused with Error(data_error).
#include "fuzz_support.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/util/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using feedback::fuzz::require;
  std::optional<feedback::Policy> policy;
  try {
    policy = feedback::policy_from_json(feedback::fuzz::as_text(data, size), "fuzz.json");
  } catch (const feedback::Error& e) {
    require(e.code() == feedback::ExitCode::data_error, "exit code {} for {}",
            static_cast<int>(e.code()), e.what());
    return 0;
  }
  const auto text = feedback::policy_to_json(*policy);
  const auto again = feedback::policy_from_json(text, "exported.json");
  require(again == *policy, "the policy does not survive export and import:\n{}", text);
  require(feedback::policy_to_json(again) == text, "a second export differs");
  return 0;
}
